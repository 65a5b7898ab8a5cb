//! The simulated image service as a plain state machine: instances, delete jobs and the rules
//! of the real API, with no HTTP and no clock of its own. Every operation takes `now`, so job
//! progress is a pure function of time and the unit tests below control it exactly.
//!
//! Jobs need no background task: each operation first *settles* the sub-jobs whose finish time
//! has passed (removing deleted instances, restoring failed ones), then answers.

use std::collections::HashSet;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

/// Most ids a batch-delete may name (`StringSet.maxItems`).
pub const MAX_BATCH_ITEMS: usize = 20;
/// Longest id a batch-delete may name (`StringSet.items.maxLength`).
pub const MAX_ID_LEN: usize = 128;
/// Largest page (`limit` maximum).
pub const MAX_LIMIT: u32 = 100;
/// Page size when `limit` is absent.
pub const DEFAULT_LIMIT: u32 = 10;
/// Share of a job's duration spent in `WAITING` before it starts `RUNNING`, in percent.
const WAITING_PERCENT: i64 = 15;
/// The code a sub-job reports when the associated resources cannot be deleted (the code the
/// job APIs' own examples use).
pub const RESOURCES_CHANGED_CODE: &str = "WKS.00129901";
const RESOURCES_CHANGED_MESSAGE: &str = "Failed to delete the associated resources: the APS \
     server group or application group changed after the image instance was created.";

/// A point in time, in milliseconds since the Unix epoch (UTC). Serializes like the API does:
/// `2024-05-07T07:54:21.009Z`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The instant `millis` milliseconds after the Unix epoch.
    #[cfg(test)]
    pub const fn from_unix_millis(millis: i64) -> Self {
        Self(millis)
    }

    /// The current wall-clock time.
    pub fn now() -> Self {
        let since_epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Self(i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX))
    }

    /// Milliseconds since the Unix epoch.
    pub const fn unix_millis(self) -> i64 {
        self.0
    }

    /// This instant shifted by `millis` (negative goes back).
    pub const fn plus_millis(self, millis: i64) -> Self {
        Self(self.0 + millis)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(86_400_000);
        let millis_of_day = self.0.rem_euclid(86_400_000);
        let (year, month, day) = civil_from_days(days);
        let seconds = millis_of_day / 1000;
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60,
            millis_of_day % 1000
        )
    }
}

impl Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `ImageServerStatus`. The real enum contains the lowercase string `"null"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InstanceStatus {
    /// Being created; cannot be deleted.
    Creating,
    /// Running normally.
    Active,
    /// An image is being built from it; cannot be deleted.
    Building,
    /// The image build has finished.
    Built,
    /// In an error state.
    Error,
    /// Being deleted.
    Deleting,
    /// The literal string `"null"` ("not set").
    #[serde(rename = "null")]
    Null,
}

impl InstanceStatus {
    /// The wire name, as in error messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Creating => "CREATING",
            Self::Active => "ACTIVE",
            Self::Building => "BUILDING",
            Self::Built => "BUILT",
            Self::Error => "ERROR",
            Self::Deleting => "DELETING",
            Self::Null => "null",
        }
    }

    /// The API refuses to delete instances that are being created or imaged.
    fn blocks_delete(self) -> bool {
        matches!(self, Self::Creating | Self::Building)
    }
}

/// `ImageRef.image_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageType {
    /// Marketplace image (needs `spce_code` and `product_id`).
    Gold,
    /// Public image.
    Public,
    /// Private image.
    Private,
    /// Image shared from another account.
    Shared,
    /// Anything else.
    Other,
}

/// `ImageRef`: the image the instance was created from.
#[derive(Clone, Debug, Serialize)]
pub struct ImageRef {
    /// Source image id.
    pub id: String,
    /// Source image type.
    pub image_type: ImageType,
    /// Marketplace spec code. The real field name is misspelled `spce_code`.
    pub spce_code: String,
    /// Marketplace product id.
    pub product_id: String,
}

/// `ImageAccountInfo`: the single user an instance is authorised for.
#[derive(Clone, Debug, Serialize)]
pub struct AuthorizedAccount {
    /// User name.
    pub account: String,
    /// Always `USER` for image instances.
    pub account_type: &'static str,
    /// The user's domain, when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
}

/// One image instance, serialized exactly as an `ImageServer`.
#[derive(Clone, Debug, Serialize)]
pub struct Instance {
    /// Numeric id above 2^53, kept as a string.
    pub id: String,
    /// Instance name (free text here: seeds include markup, emoji and very long names).
    pub name: String,
    /// Description, often empty.
    pub description: String,
    /// Source image.
    pub image_ref: ImageRef,
    /// APS server group id.
    pub server_group_id: String,
    /// Application group id; empty while creating.
    pub app_group_id: String,
    /// APS server id (`wksapp-…`); empty while creating.
    pub server_id: String,
    /// ECS id; empty while creating.
    pub instance_id: String,
    /// Id of the built image; empty until one is built.
    pub image_id: String,
    /// Status; `None` serializes as an absent field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<InstanceStatus>,
    /// Exactly one authorised user.
    pub authorize_accounts: Vec<AuthorizedAccount>,
    /// Creation time.
    pub create_time: Timestamp,
    /// Last update time.
    pub update_time: Timestamp,
    /// Enterprise project id (`"0"` = default).
    pub enterprise_project_id: String,
    /// The associated APS/app-group resources changed since creation, so a recursive delete
    /// of this instance fails inside the job.
    #[serde(skip)]
    pub associated_resources_changed: bool,
}

/// A rejected request, in model terms; `error.rs` maps each to an HTTP status and code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelError {
    /// A query parameter or body field breaks a rule; the text says which.
    InvalidParameter(String),
    /// A batch-delete names an instance in a state that forbids deletion.
    NotDeletable {
        /// The first offending instance.
        id: String,
        /// Its status.
        status: InstanceStatus,
        /// How many other named instances are also blocked.
        others: usize,
    },
    /// No instance with this id.
    InstanceNotFound(String),
    /// No job with this id.
    JobNotFound(String),
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidParameter(detail) => write!(f, "The parameter is invalid. {detail}"),
            Self::NotDeletable { id, status, others } => {
                write!(
                    f,
                    "The parameter is invalid. Image instance {id} is {} and cannot be deleted",
                    status.as_str()
                )?;
                match others {
                    0 => f.write_str("."),
                    n => write!(
                        f,
                        " ({n} more of the requested instances are CREATING or BUILDING)."
                    ),
                }
            }
            Self::InstanceNotFound(id) => {
                write!(f, "The image instance {} does not exist.", clipped(id))
            }
            Self::JobNotFound(id) => write!(f, "The job {} does not exist.", clipped(id)),
        }
    }
}

/// An id from a URL path, shortened so error messages stay within the 255 characters the
/// error schema allows.
fn clipped(id: &str) -> String {
    const MAX_CHARS: usize = 64;
    match id.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &id[..cut]),
        None => id.to_owned(),
    }
}

fn invalid(detail: impl Into<String>) -> ModelError {
    ModelError::InvalidParameter(detail.into())
}

/// A page of results with the total number of matches.
#[derive(Debug, Serialize)]
pub struct Page<T> {
    /// Total matches, not the page size.
    pub count: usize,
    /// At most `limit` items from `offset`.
    pub items: Vec<T>,
}

/// `offset`/`limit` paging, validated like the real API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// Items to skip.
    pub offset: usize,
    /// Page size, 1–100.
    pub limit: usize,
}

impl Paging {
    fn from_params(params: &[(String, String)]) -> Result<Self, ModelError> {
        let offset = match param(params, "offset") {
            None => 0,
            Some(raw) => raw
                .parse::<u32>()
                .ok()
                .filter(|&n| i32::try_from(n).is_ok())
                .ok_or_else(|| {
                    invalid(format!("offset must be an integer from 0 to {}.", i32::MAX))
                })?,
        };
        let limit = match param(params, "limit") {
            None => DEFAULT_LIMIT,
            Some(raw) => raw
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| {
                    invalid(format!("limit must be an integer from 1 to {MAX_LIMIT}."))
                })?,
        };
        Ok(Self {
            offset: offset as usize,
            limit: limit as usize,
        })
    }

    fn page<T: Clone>(self, matches: &[&T]) -> Page<T> {
        Page {
            count: matches.len(),
            items: matches
                .iter()
                .skip(self.offset)
                .take(self.limit)
                .map(|&item| item.clone())
                .collect(),
        }
    }
}

/// The last value of a query parameter, as most HTTP frameworks read repeated keys.
fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .rev()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

fn bounded_param<'a>(
    params: &'a [(String, String)],
    name: &str,
    max_len: usize,
) -> Result<Option<&'a str>, ModelError> {
    match param(params, name) {
        Some(value) if value.chars().count() > max_len => Err(invalid(format!(
            "{name} must be at most {max_len} characters long."
        ))),
        value => Ok(value),
    }
}

/// Query of `GET /v1/{project_id}/image-servers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListInstancesQuery {
    paging: Paging,
    name_contains: Option<String>,
    id: Option<String>,
    enterprise_project_id: Option<String>,
}

impl ListInstancesQuery {
    /// Validates raw query parameters; unknown parameters are ignored like the real API does.
    pub fn from_params(params: &[(String, String)]) -> Result<Self, ModelError> {
        let paging = Paging::from_params(params)?;
        let name_contains = bounded_param(params, "server_name", 1024)?;
        let id = bounded_param(params, "server_id", MAX_ID_LEN)?;
        let enterprise_project_id = bounded_param(params, "enterprise_project_id", 128)?;
        Ok(Self {
            paging,
            // An empty filter is the same as no filter.
            name_contains: name_contains.filter(|s| !s.is_empty()).map(str::to_owned),
            id: id.filter(|s| !s.is_empty()).map(str::to_owned),
            // Empty and "0" both mean the default enterprise project.
            enterprise_project_id: enterprise_project_id
                .map(|eps| if eps.is_empty() { "0" } else { eps }.to_owned()),
        })
    }

    fn matches(&self, instance: &Instance) -> bool {
        self.name_contains
            .as_ref()
            .is_none_or(|part| instance.name.contains(part.as_str()))
            && self.id.as_ref().is_none_or(|id| &instance.id == id)
            && self
                .enterprise_project_id
                .as_ref()
                .is_none_or(|eps| &instance.enterprise_project_id == eps)
    }
}

/// Body of `PATCH …/image-servers/actions/batch-delete`, validated field by field so that
/// each broken rule gets its own message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchDeleteRequest {
    ids: Vec<String>,
    recursive: bool,
}

impl BatchDeleteRequest {
    /// A request for these ids (used by tests; HTTP bodies go through [`Self::from_json`]).
    #[cfg(test)]
    fn new(ids: &[&str], recursive: bool) -> Self {
        Self {
            ids: ids.iter().map(|id| (*id).to_owned()).collect(),
            recursive,
        }
    }

    /// Parses and validates a raw JSON body. Unknown extra keys are allowed.
    pub fn from_json(body: &[u8]) -> Result<Self, ModelError> {
        let value: Value = serde_json::from_slice(body).map_err(|e| {
            invalid(format!(
                "The request body is not valid JSON (line {}, column {}).",
                e.line(),
                e.column()
            ))
        })?;
        let object = value
            .as_object()
            .ok_or_else(|| invalid("The request body must be a JSON object."))?;
        let items = object
            .get("items")
            .ok_or_else(|| invalid("items is required."))?
            .as_array()
            .ok_or_else(|| invalid("items must be an array of image instance ids."))?;
        if items.is_empty() || items.len() > MAX_BATCH_ITEMS {
            return Err(invalid(format!(
                "items must contain 1 to {MAX_BATCH_ITEMS} ids, not {}.",
                items.len()
            )));
        }
        let mut ids = Vec::with_capacity(items.len());
        let mut seen = HashSet::new();
        for (index, item) in items.iter().enumerate() {
            let id = item
                .as_str()
                .ok_or_else(|| invalid(format!("items[{index}] must be a string.")))?;
            if id.is_empty() || id.chars().count() > MAX_ID_LEN {
                return Err(invalid(format!(
                    "items[{index}] must be 1 to {MAX_ID_LEN} characters long."
                )));
            }
            if !seen.insert(id) {
                return Err(invalid(format!(
                    "items must be unique; {id} appears more than once."
                )));
            }
            ids.push(id.to_owned());
        }
        let recursive = object
            .get("recursive")
            .ok_or_else(|| invalid("recursive is required (true or false)."))?
            .as_bool()
            .ok_or_else(|| invalid("recursive must be a boolean."))?;
        Ok(Self { ids, recursive })
    }
}

/// `ImageJobType`. The simulator only creates delete jobs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobType {
    /// Create an image instance.
    CreateServer,
    /// Build an image from an instance.
    CreateServerImage,
    /// Delete image instances.
    DeleteServer,
}

impl JobType {
    fn parse(raw: &str) -> Option<Self> {
        match raw {
            "CREATE_SERVER" => Some(Self::CreateServer),
            "CREATE_SERVER_IMAGE" => Some(Self::CreateServerImage),
            "DELETE_SERVER" => Some(Self::DeleteServer),
            _ => None,
        }
    }
}

/// `ImageJobStatus` (sub-jobs use the same four of their seven values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobStatus {
    /// Queued.
    Waiting,
    /// In progress.
    Running,
    /// Finished; every sub-job succeeded.
    Success,
    /// Finished; at least one sub-job failed.
    Failed,
}

impl JobStatus {
    fn parse(raw: &str) -> Option<Self> {
        match raw {
            "WAITING" => Some(Self::Waiting),
            "RUNNING" => Some(Self::Running),
            "SUCCESS" => Some(Self::Success),
            "FAILED" => Some(Self::Failed),
            _ => None,
        }
    }
}

/// Query of `GET /v1/{project_id}/image-server-jobs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListJobsQuery {
    paging: Paging,
    job_type: Option<JobType>,
    status: Option<JobStatus>,
}

impl ListJobsQuery {
    /// Validates raw query parameters: `job_type` is required (the spec's pattern allows an
    /// empty value, read here as "any type"), `status` optional.
    pub fn from_params(params: &[(String, String)]) -> Result<Self, ModelError> {
        let paging = Paging::from_params(params)?;
        let job_type = match param(params, "job_type") {
            None => return Err(invalid("job_type is required.")),
            Some("") => None,
            Some(raw) => Some(JobType::parse(raw).ok_or_else(|| {
                invalid("job_type must be CREATE_SERVER, CREATE_SERVER_IMAGE or DELETE_SERVER.")
            })?),
        };
        let status =
            match param(params, "status") {
                None | Some("") => None,
                Some(raw) => Some(JobStatus::parse(raw).ok_or_else(|| {
                    invalid("status must be WAITING, RUNNING, SUCCESS or FAILED.")
                })?),
            };
        Ok(Self {
            paging,
            job_type,
            status,
        })
    }
}

/// How one instance's deletion ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Deleted,
    ResourcesChanged,
}

#[derive(Debug, Clone)]
struct SubJob {
    id: String,
    instance_id: String,
    instance_name: String,
    /// Restored when the deletion fails.
    status_before: Option<InstanceStatus>,
    outcome: Outcome,
    finish_at: Timestamp,
    settled: bool,
}

#[derive(Debug, Clone)]
struct Job {
    id: String,
    begin: Timestamp,
    running_from: Timestamp,
    end: Timestamp,
    sub_jobs: Vec<SubJob>,
}

impl Job {
    fn status_at(&self, now: Timestamp) -> JobStatus {
        if now < self.running_from {
            JobStatus::Waiting
        } else if now < self.end {
            JobStatus::Running
        } else if self
            .sub_jobs
            .iter()
            .any(|sub| sub.outcome == Outcome::ResourcesChanged)
        {
            JobStatus::Failed
        } else {
            JobStatus::Success
        }
    }

    fn summary(&self, now: Timestamp) -> JobSummary {
        let status = self.status_at(now);
        JobSummary {
            id: self.id.clone(),
            job_type: JobType::DeleteServer,
            status,
            begin_time: self.begin,
            end_time: matches!(status, JobStatus::Success | JobStatus::Failed).then_some(self.end),
            sub_jobs_total: self.sub_jobs.len(),
        }
    }

    fn detail(&self, project_id: &str, now: Timestamp) -> JobDetail {
        let sub_jobs = self
            .sub_jobs
            .iter()
            .map(|sub| {
                let status = if now < self.running_from {
                    JobStatus::Waiting
                } else if now < sub.finish_at {
                    JobStatus::Running
                } else if sub.outcome == Outcome::Deleted {
                    JobStatus::Success
                } else {
                    JobStatus::Failed
                };
                let (error_code, error_message) = if status == JobStatus::Failed {
                    (RESOURCES_CHANGED_CODE, RESOURCES_CHANGED_MESSAGE)
                } else {
                    ("", "")
                };
                SubJobView {
                    id: sub.id.clone(),
                    job_id: self.id.clone(),
                    project_id: project_id.to_owned(),
                    job_type: JobType::DeleteServer,
                    status,
                    begin_time: self.begin,
                    end_time: matches!(status, JobStatus::Success | JobStatus::Failed)
                        .then_some(sub.finish_at),
                    job_resource_info: ResourceInfo {
                        resource_id: sub.instance_id.clone(),
                        resource_name: sub.instance_name.clone(),
                    },
                    job_execute_info: ExecuteInfo {
                        error_code: error_code.to_owned(),
                        error_message: error_message.to_owned(),
                    },
                }
            })
            .collect();
        JobDetail {
            summary: self.summary(now),
            sub_jobs,
        }
    }
}

/// `ImageJobInfo`: a job without its sub-jobs, as listed.
#[derive(Debug, Clone, Serialize)]
pub struct JobSummary {
    /// Job id (UUID-like, opaque).
    pub id: String,
    /// Always `DELETE_SERVER` here.
    pub job_type: JobType,
    /// Status at the time of the read.
    pub status: JobStatus,
    /// Creation time.
    pub begin_time: Timestamp,
    /// Present only once the job has ended (the schema's `date-time` format forbids `""`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<Timestamp>,
    /// Number of sub-jobs.
    pub sub_jobs_total: usize,
}

/// `ImageJobResp`: a job with one sub-job per deleted instance.
#[derive(Debug, Clone, Serialize)]
pub struct JobDetail {
    /// The top-level fields.
    #[serde(flatten)]
    pub summary: JobSummary,
    /// One per instance the job deletes.
    pub sub_jobs: Vec<SubJobView>,
}

/// `ImageJobDetailInfo`.
#[derive(Debug, Clone, Serialize)]
pub struct SubJobView {
    /// Sub-job id (numeric string).
    pub id: String,
    /// Parent job id.
    pub job_id: String,
    /// Project the job belongs to.
    pub project_id: String,
    /// Same as the parent's.
    pub job_type: JobType,
    /// Status at the time of the read.
    pub status: JobStatus,
    /// Creation time (the parent's).
    pub begin_time: Timestamp,
    /// Present only once the sub-job has ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<Timestamp>,
    /// The instance this sub-job deletes.
    pub job_resource_info: ResourceInfo,
    /// Empty strings unless the sub-job failed.
    pub job_execute_info: ExecuteInfo,
}

/// `ImageJobResourceInfo`.
#[derive(Debug, Clone, Serialize)]
pub struct ResourceInfo {
    /// Image instance id.
    pub resource_id: String,
    /// Image instance name.
    pub resource_name: String,
}

/// `ImageJobExecuteInfo`. Note `error_message`, not `error_msg`.
#[derive(Debug, Clone, Serialize)]
pub struct ExecuteInfo {
    /// Failure code or `""`.
    pub error_code: String,
    /// Failure reason or `""`.
    pub error_message: String,
}

/// The whole simulated service for one project.
#[derive(Debug)]
pub struct Simulator {
    project_id: String,
    job_duration_ms: i64,
    /// Newest first: the order lists are served in.
    instances: Vec<Instance>,
    /// Oldest first.
    jobs: Vec<Job>,
    rng: fastrand::Rng,
    next_sub_job_id: u64,
}

impl Simulator {
    /// A service holding `instances` (any order) whose delete jobs take `job_duration_ms`.
    /// `seed` makes job ids reproducible.
    pub fn new(
        project_id: &str,
        job_duration_ms: u64,
        mut instances: Vec<Instance>,
        seed: u64,
    ) -> Self {
        instances.sort_by(|a, b| {
            b.create_time
                .cmp(&a.create_time)
                .then_with(|| b.id.cmp(&a.id))
        });
        Self {
            project_id: project_id.to_owned(),
            job_duration_ms: i64::try_from(job_duration_ms).unwrap_or(i64::MAX / 4),
            instances,
            jobs: Vec::new(),
            rng: fastrand::Rng::with_seed(seed ^ 0x6a6f_6273),
            next_sub_job_id: 702_364_884_037_271_552,
        }
    }

    /// The instances matching `query`, newest first, paged.
    pub fn list_instances(&mut self, query: &ListInstancesQuery, now: Timestamp) -> Page<Instance> {
        self.settle(now);
        let matches: Vec<&Instance> = self.instances.iter().filter(|i| query.matches(i)).collect();
        query.paging.page(&matches)
    }

    /// One instance by id.
    pub fn show_instance(&mut self, id: &str, now: Timestamp) -> Result<Instance, ModelError> {
        self.settle(now);
        self.instances
            .iter()
            .find(|i| i.id == id)
            .cloned()
            .ok_or_else(|| ModelError::InstanceNotFound(id.to_owned()))
    }

    /// Starts a delete job and returns its id.
    ///
    /// All-or-nothing: if any named instance is CREATING or BUILDING, nothing changes. Unknown
    /// ids are ignored, and so are instances already DELETING, so each instance belongs to at
    /// most one unfinished job however many overlapping requests arrive. Targets go to DELETING
    /// at once; a target whose associated resources changed fails when `recursive` is set.
    pub fn batch_delete(
        &mut self,
        request: &BatchDeleteRequest,
        now: Timestamp,
    ) -> Result<String, ModelError> {
        self.settle(now);
        // Keep the order of the request so sub-jobs follow it.
        let mut target_indexes: Vec<usize> = Vec::new();
        for id in &request.ids {
            if let Some(index) = self.instances.iter().position(|i| &i.id == id) {
                target_indexes.push(index);
            }
        }
        let blocked: Vec<(&str, InstanceStatus)> = target_indexes
            .iter()
            .map(|&index| &self.instances[index])
            .filter_map(|i| {
                i.status
                    .filter(|s| s.blocks_delete())
                    .map(|s| (i.id.as_str(), s))
            })
            .collect();
        if let Some(&(id, status)) = blocked.first() {
            return Err(ModelError::NotDeletable {
                id: id.to_owned(),
                status,
                others: blocked.len() - 1,
            });
        }
        target_indexes
            .retain(|&index| self.instances[index].status != Some(InstanceStatus::Deleting));

        let job_id = self.next_job_id();
        let running_from = now.plus_millis(self.job_duration_ms * WAITING_PERCENT / 100);
        let end = now.plus_millis(self.job_duration_ms);
        let running_span = end.unix_millis() - running_from.unix_millis();
        let total = i64::try_from(target_indexes.len()).unwrap_or(i64::MAX);
        let mut sub_jobs = Vec::with_capacity(target_indexes.len());
        for (position, &index) in (1..).zip(&target_indexes) {
            let instance = &mut self.instances[index];
            let outcome = if request.recursive && instance.associated_resources_changed {
                Outcome::ResourcesChanged
            } else {
                Outcome::Deleted
            };
            // Sub-jobs finish one after another across the running span; the last at `end`.
            let finish_at = running_from.plus_millis(running_span * position / total);
            sub_jobs.push(SubJob {
                id: self.next_sub_job_id.to_string(),
                instance_id: instance.id.clone(),
                instance_name: instance.name.clone(),
                status_before: instance.status,
                outcome,
                finish_at,
                settled: false,
            });
            self.next_sub_job_id += 1;
            instance.status = Some(InstanceStatus::Deleting);
            instance.update_time = now;
        }
        self.jobs.push(Job {
            id: job_id.clone(),
            begin: now,
            running_from,
            end,
            sub_jobs,
        });
        Ok(job_id)
    }

    /// A job with its sub-jobs, as of `now`.
    pub fn job(&mut self, id: &str, now: Timestamp) -> Result<JobDetail, ModelError> {
        self.settle(now);
        self.jobs
            .iter()
            .find(|job| job.id == id)
            .map(|job| job.detail(&self.project_id, now))
            .ok_or_else(|| ModelError::JobNotFound(id.to_owned()))
    }

    /// Jobs matching `query`, newest first, paged.
    pub fn list_jobs(&mut self, query: &ListJobsQuery, now: Timestamp) -> Page<JobSummary> {
        self.settle(now);
        let summaries: Vec<JobSummary> = self
            .jobs
            .iter()
            .rev()
            .map(|job| job.summary(now))
            .filter(|s| query.job_type.is_none_or(|t| t == s.job_type))
            .filter(|s| query.status.is_none_or(|status| status == s.status))
            .collect();
        query.paging.page(&summaries.iter().collect::<Vec<_>>())
    }

    /// Number of instances that currently exist.
    pub fn instance_count(&self) -> usize {
        self.instances.len()
    }

    /// Applies the effects of every sub-job that has finished by `now`.
    fn settle(&mut self, now: Timestamp) {
        let mut deleted: HashSet<String> = HashSet::new();
        for job in &mut self.jobs {
            for sub in job
                .sub_jobs
                .iter_mut()
                .filter(|s| !s.settled && s.finish_at <= now)
            {
                sub.settled = true;
                match sub.outcome {
                    Outcome::Deleted => {
                        deleted.insert(sub.instance_id.clone());
                    }
                    Outcome::ResourcesChanged => {
                        if let Some(instance) =
                            self.instances.iter_mut().find(|i| i.id == sub.instance_id)
                        {
                            instance.status = sub.status_before;
                            instance.update_time = sub.finish_at;
                        }
                    }
                }
            }
        }
        if !deleted.is_empty() {
            self.instances.retain(|i| !deleted.contains(&i.id));
        }
    }

    /// A random UUID (version 4 layout), reproducible from the seed.
    fn next_job_id(&mut self) -> String {
        let bits = self.rng.u128(..);
        uuid_text((bits & !(0xf << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62))
    }
}

/// 128 bits in the 8-4-4-4-12 hex form of a UUID.
pub fn uuid_text(bits: u128) -> String {
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Timestamp = Timestamp::from_unix_millis(1_715_068_461_009);
    const DURATION: u64 = 10_000;

    fn instance(id: &str, status: Option<InstanceStatus>, changed: bool) -> Instance {
        Instance {
            id: id.to_owned(),
            name: format!("name-{id}"),
            description: String::new(),
            image_ref: ImageRef {
                id: "img".into(),
                image_type: ImageType::Private,
                spce_code: String::new(),
                product_id: String::new(),
            },
            server_group_id: "sg".into(),
            app_group_id: "ag".into(),
            server_id: "wksapp-1".into(),
            instance_id: "ecs".into(),
            image_id: String::new(),
            status,
            authorize_accounts: vec![AuthorizedAccount {
                account: "u".into(),
                account_type: "USER",
                domain: None,
            }],
            create_time: T0.plus_millis(id.parse::<i64>().unwrap()),
            update_time: T0,
            enterprise_project_id: "0".into(),
            associated_resources_changed: changed,
        }
    }

    fn simulator() -> Simulator {
        let instances = vec![
            instance("1", Some(InstanceStatus::Active), false),
            instance("2", Some(InstanceStatus::Creating), false),
            instance("3", Some(InstanceStatus::Building), false),
            instance("4", Some(InstanceStatus::Built), true),
            instance("5", None, false),
            instance("6", Some(InstanceStatus::Error), false),
        ];
        Simulator::new("p", DURATION, instances, 7)
    }

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn all() -> ListInstancesQuery {
        ListInstancesQuery::from_params(&params(&[("limit", "100")])).unwrap()
    }

    fn ids(page: &Page<Instance>) -> Vec<&str> {
        page.items.iter().map(|i| i.id.as_str()).collect()
    }

    #[test]
    fn timestamps_format_as_utc_with_milliseconds() {
        assert_eq!(T0.to_string(), "2024-05-07T07:54:21.009Z");
        assert_eq!(
            Timestamp::from_unix_millis(1_698_469_114_058).to_string(),
            "2023-10-28T04:58:34.058Z"
        );
        assert_eq!(
            Timestamp::from_unix_millis(0).to_string(),
            "1970-01-01T00:00:00.000Z"
        );
        assert_eq!(
            Timestamp::from_unix_millis(951_782_400_000).to_string(),
            "2000-02-29T00:00:00.000Z"
        );
        assert_eq!(
            Timestamp::from_unix_millis(-1).to_string(),
            "1969-12-31T23:59:59.999Z"
        );
    }

    #[test]
    fn lists_newest_first_with_total_count() {
        let mut sim = simulator();
        let query =
            ListInstancesQuery::from_params(&params(&[("offset", "1"), ("limit", "2")])).unwrap();
        let page = sim.list_instances(&query, T0);
        assert_eq!(page.count, 6);
        assert_eq!(ids(&page), ["5", "4"]);
    }

    #[test]
    fn filters_by_name_substring_and_exact_id() {
        let mut sim = simulator();
        let by_name = ListInstancesQuery::from_params(&params(&[("server_name", "me-3")])).unwrap();
        assert_eq!(ids(&sim.list_instances(&by_name, T0)), ["3"]);
        let by_id = ListInstancesQuery::from_params(&params(&[("server_id", "4")])).unwrap();
        assert_eq!(ids(&sim.list_instances(&by_id, T0)), ["4"]);
        let unknown = ListInstancesQuery::from_params(&params(&[("server_id", "44")])).unwrap();
        assert_eq!(sim.list_instances(&unknown, T0).count, 0);
        let other_eps =
            ListInstancesQuery::from_params(&params(&[("enterprise_project_id", "x")])).unwrap();
        assert_eq!(sim.list_instances(&other_eps, T0).count, 0);
        let default_eps =
            ListInstancesQuery::from_params(&params(&[("enterprise_project_id", "")])).unwrap();
        assert_eq!(sim.list_instances(&default_eps, T0).count, 6);
    }

    #[test]
    fn rejects_out_of_range_paging() {
        for (key, value) in [
            ("limit", "0"),
            ("limit", "101"),
            ("limit", "ten"),
            ("limit", "1.5"),
            ("offset", "-1"),
            ("offset", "2147483648"),
        ] {
            let error = ListInstancesQuery::from_params(&params(&[(key, value)])).unwrap_err();
            assert!(
                error
                    .to_string()
                    .starts_with(&format!("The parameter is invalid. {key}")),
                "{key}={value}: {error}"
            );
        }
        assert!(ListInstancesQuery::from_params(&params(&[
            ("limit", "100"),
            ("offset", "2147483647")
        ]))
        .is_ok());
    }

    #[test]
    fn batch_delete_body_rules_have_specific_messages() {
        let cases: [(&str, &str); 11] = [
            ("{", "not valid JSON"),
            ("[]", "must be a JSON object"),
            (r#"{"recursive":false}"#, "items is required"),
            (
                r#"{"items":"1","recursive":false}"#,
                "items must be an array",
            ),
            (r#"{"items":[],"recursive":false}"#, "1 to 20 ids, not 0"),
            (
                r#"{"items":[1],"recursive":false}"#,
                "items[0] must be a string",
            ),
            (
                r#"{"items":[""],"recursive":false}"#,
                "items[0] must be 1 to 128",
            ),
            (
                r#"{"items":["a","a"],"recursive":false}"#,
                "a appears more than once",
            ),
            (r#"{"items":["a"]}"#, "recursive is required"),
            (
                r#"{"items":["a"],"recursive":"true"}"#,
                "recursive must be a boolean",
            ),
            (
                r#"{"items":["a"],"recursive":null}"#,
                "recursive must be a boolean",
            ),
        ];
        for (body, expected) in cases {
            let error = BatchDeleteRequest::from_json(body.as_bytes())
                .unwrap_err()
                .to_string();
            assert!(error.contains(expected), "{body}: {error}");
        }
        let too_many: Vec<String> = (0..21).map(|n| n.to_string()).collect();
        let body = serde_json::json!({"items": too_many, "recursive": true}).to_string();
        assert!(BatchDeleteRequest::from_json(body.as_bytes())
            .unwrap_err()
            .to_string()
            .contains("not 21"));
        let long = "x".repeat(129);
        let body = serde_json::json!({"items": [long], "recursive": true}).to_string();
        assert!(BatchDeleteRequest::from_json(body.as_bytes()).is_err());
        let ok =
            BatchDeleteRequest::from_json(br#"{"items":["a","b"],"recursive":true,"extra":1}"#)
                .unwrap();
        assert_eq!(ok, BatchDeleteRequest::new(&["a", "b"], true));
    }

    #[test]
    fn refuses_creating_or_building_targets_and_changes_nothing() {
        let mut sim = simulator();
        let error = sim
            .batch_delete(&BatchDeleteRequest::new(&["1", "2", "3"], false), T0)
            .unwrap_err();
        assert_eq!(
            error,
            ModelError::NotDeletable {
                id: "2".into(),
                status: InstanceStatus::Creating,
                others: 1
            }
        );
        assert!(error.to_string().contains("Image instance 2 is CREATING"));
        assert_eq!(
            sim.show_instance("1", T0).unwrap().status,
            Some(InstanceStatus::Active)
        );
        assert!(sim.jobs.is_empty());
    }

    #[test]
    fn job_moves_from_waiting_to_running_to_success_and_instances_disappear() {
        let mut sim = simulator();
        let job_id = sim
            .batch_delete(&BatchDeleteRequest::new(&["1", "nope", "5"], false), T0)
            .unwrap();
        assert_eq!(
            sim.show_instance("1", T0).unwrap().status,
            Some(InstanceStatus::Deleting)
        );
        assert_eq!(
            sim.show_instance("5", T0).unwrap().status,
            Some(InstanceStatus::Deleting)
        );

        let waiting = sim.job(&job_id, T0.plus_millis(1_499)).unwrap();
        assert_eq!(waiting.summary.status, JobStatus::Waiting);
        assert_eq!(waiting.summary.sub_jobs_total, 2);
        assert!(waiting.summary.end_time.is_none());
        assert!(waiting
            .sub_jobs
            .iter()
            .all(|s| s.status == JobStatus::Waiting));

        // The first sub-job finishes halfway through the running span.
        let running = sim.job(&job_id, T0.plus_millis(5_750)).unwrap();
        assert_eq!(running.summary.status, JobStatus::Running);
        assert_eq!(running.sub_jobs[0].status, JobStatus::Success);
        assert_eq!(running.sub_jobs[1].status, JobStatus::Running);
        assert_eq!(sim.list_instances(&all(), T0.plus_millis(5_750)).count, 5);

        let done = sim.job(&job_id, T0.plus_millis(10_000)).unwrap();
        assert_eq!(done.summary.status, JobStatus::Success);
        assert_eq!(done.summary.end_time, Some(T0.plus_millis(10_000)));
        assert_eq!(done.sub_jobs[1].job_resource_info.resource_id, "5");
        assert_eq!(done.sub_jobs[1].job_execute_info.error_code, "");
        assert_eq!(
            ids(&sim.list_instances(&all(), T0.plus_millis(10_000))),
            ["6", "4", "3", "2"]
        );
    }

    #[test]
    fn recursive_delete_of_changed_resources_fails_and_restores_status() {
        let mut sim = simulator();
        let job_id = sim
            .batch_delete(&BatchDeleteRequest::new(&["4", "6"], true), T0)
            .unwrap();
        let done = sim.job(&job_id, T0.plus_millis(20_000)).unwrap();
        assert_eq!(done.summary.status, JobStatus::Failed);
        let failed = &done.sub_jobs[0];
        assert_eq!(failed.status, JobStatus::Failed);
        assert_eq!(failed.job_execute_info.error_code, RESOURCES_CHANGED_CODE);
        assert!(!failed.job_execute_info.error_message.is_empty());
        assert_eq!(done.sub_jobs[1].status, JobStatus::Success);
        let restored = sim.show_instance("4", T0.plus_millis(20_000)).unwrap();
        assert_eq!(restored.status, Some(InstanceStatus::Built));
        assert!(sim.show_instance("6", T0.plus_millis(20_000)).is_err());
    }

    #[test]
    fn non_recursive_delete_of_changed_resources_succeeds() {
        let mut sim = simulator();
        let job_id = sim
            .batch_delete(&BatchDeleteRequest::new(&["4"], false), T0)
            .unwrap();
        assert_eq!(
            sim.job(&job_id, T0.plus_millis(DURATION as i64))
                .unwrap()
                .summary
                .status,
            JobStatus::Success
        );
        assert!(sim
            .show_instance("4", T0.plus_millis(DURATION as i64))
            .is_err());
    }

    #[test]
    fn instance_with_absent_status_can_be_deleted_and_restored_as_absent() {
        let mut sim = simulator();
        sim.instances
            .iter_mut()
            .find(|i| i.id == "5")
            .unwrap()
            .associated_resources_changed = true;
        let job_id = sim
            .batch_delete(&BatchDeleteRequest::new(&["5"], true), T0)
            .unwrap();
        sim.job(&job_id, T0.plus_millis(DURATION as i64)).unwrap();
        assert_eq!(
            sim.show_instance("5", T0.plus_millis(DURATION as i64))
                .unwrap()
                .status,
            None
        );
    }

    #[test]
    fn overlapping_deletes_put_each_instance_in_one_job() {
        let mut sim = simulator();
        let first = sim
            .batch_delete(&BatchDeleteRequest::new(&["1", "6"], false), T0)
            .unwrap();
        let second = sim
            .batch_delete(&BatchDeleteRequest::new(&["6", "5"], false), T0)
            .unwrap();
        assert_ne!(first, second);
        assert_eq!(sim.job(&first, T0).unwrap().summary.sub_jobs_total, 2);
        let second = sim.job(&second, T0).unwrap();
        assert_eq!(second.sub_jobs.len(), 1);
        assert_eq!(second.sub_jobs[0].job_resource_info.resource_id, "5");
    }

    #[test]
    fn job_without_existing_targets_succeeds_empty() {
        let mut sim = simulator();
        let job_id = sim
            .batch_delete(&BatchDeleteRequest::new(&["404"], false), T0)
            .unwrap();
        let done = sim.job(&job_id, T0.plus_millis(DURATION as i64)).unwrap();
        assert_eq!(done.summary.status, JobStatus::Success);
        assert!(done.sub_jobs.is_empty());
        assert_eq!(sim.instance_count(), 6);
    }

    #[test]
    fn job_ids_are_uuid_like_and_reproducible() {
        let id = simulator()
            .batch_delete(&BatchDeleteRequest::new(&["1"], false), T0)
            .unwrap();
        let again = simulator()
            .batch_delete(&BatchDeleteRequest::new(&["1"], false), T0)
            .unwrap();
        assert_eq!(id, again);
        let groups: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert_eq!(&id[14..15], "4");
        assert!(id.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    }

    #[test]
    fn unknown_ids_are_not_found() {
        let mut sim = simulator();
        assert_eq!(
            sim.show_instance("9", T0).unwrap_err(),
            ModelError::InstanceNotFound("9".into())
        );
        assert_eq!(
            sim.job("j", T0).unwrap_err(),
            ModelError::JobNotFound("j".into())
        );
    }

    #[test]
    fn lists_jobs_newest_first_filtered_by_status() {
        let mut sim = simulator();
        let old = sim
            .batch_delete(&BatchDeleteRequest::new(&["1"], false), T0)
            .unwrap();
        let new = sim
            .batch_delete(
                &BatchDeleteRequest::new(&["6"], false),
                T0.plus_millis(DURATION as i64),
            )
            .unwrap();
        let now = T0.plus_millis(DURATION as i64);
        let all = ListJobsQuery::from_params(&params(&[("job_type", "DELETE_SERVER")])).unwrap();
        let page = sim.list_jobs(&all, now);
        assert_eq!(
            page.items.iter().map(|j| j.id.as_str()).collect::<Vec<_>>(),
            [new.as_str(), old.as_str()]
        );
        let done = ListJobsQuery::from_params(&params(&[
            ("job_type", "DELETE_SERVER"),
            ("status", "SUCCESS"),
        ]))
        .unwrap();
        assert_eq!(sim.list_jobs(&done, now).count, 1);
        let creates =
            ListJobsQuery::from_params(&params(&[("job_type", "CREATE_SERVER")])).unwrap();
        assert_eq!(sim.list_jobs(&creates, now).count, 0);
        assert!(ListJobsQuery::from_params(&[])
            .unwrap_err()
            .to_string()
            .contains("job_type is required"));
        assert!(ListJobsQuery::from_params(&params(&[("job_type", "X")])).is_err());
        assert!(
            ListJobsQuery::from_params(&params(&[("job_type", ""), ("status", "DONE")])).is_err()
        );
    }

    #[test]
    fn instances_serialize_like_image_servers() {
        let mut absent = instance("5", None, false);
        absent.authorize_accounts[0].domain = Some("corp".into());
        let json = serde_json::to_value(&absent).unwrap();
        assert!(json.get("status").is_none());
        assert!(json.get("associated_resources_changed").is_none());
        assert_eq!(json["image_ref"]["image_type"], "private");
        assert_eq!(json["authorize_accounts"][0]["domain"], "corp");
        let null = serde_json::to_value(instance("1", Some(InstanceStatus::Null), false)).unwrap();
        assert_eq!(null["status"], "null");
        assert_eq!(null["create_time"], "2024-05-07T07:54:21.010Z");
    }
}
