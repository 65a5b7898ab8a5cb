//! Wire types of the Workspace App image-server API, read leniently.
//!
//! The SDK marks every response field optional, so every field here has a default and
//! string fields also accept numbers or `null` (shown as text, never dropped). Ids stay
//! strings end to end: they are above 2^53 and a JavaScript number would corrupt them.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// A page of a list response: `{count, items}`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(bound = "T: Deserialize<'de>")]
pub struct Page<T> {
    /// Total number of matches, not the size of this page.
    #[serde(default, deserialize_with = "lenient_count")]
    pub count: Option<u64>,
    /// Required: a 200 body without `items` (e.g. a proxy's own JSON) is not an empty list.
    #[serde(deserialize_with = "lenient_items")]
    pub items: Vec<T>,
}

/// `GET /v1/{project_id}/image-servers` response body.
pub type ImageServerPage = Page<ImageServer>;

/// One image instance ("image server").
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ImageServer {
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient_string")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient_string")]
    pub description: String,
    #[serde(default, deserialize_with = "lenient_status")]
    pub status: ServerStatus,
    #[serde(default, deserialize_with = "lenient_or_default")]
    pub image_ref: ImageRef,
    #[serde(default, deserialize_with = "lenient_items")]
    pub authorize_accounts: Vec<ImageAccountInfo>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub create_time: String,
}

impl ImageServer {
    /// The authorised user, as `domain\account` when a domain is given.
    pub fn authorized_user(&self) -> String {
        self.authorize_accounts
            .first()
            .map(|account| match account.domain.as_str() {
                "" => account.account.clone(),
                domain => format!("{domain}\\{}", account.account),
            })
            .unwrap_or_default()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ImageRef {
    #[serde(default, deserialize_with = "lenient_string")]
    pub image_type: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ImageAccountInfo {
    #[serde(default, deserialize_with = "lenient_string")]
    pub account: String,
    #[serde(default, deserialize_with = "lenient_string")]
    pub domain: String,
}

/// `ImageServerStatus`, plus the two ways the API says "not set" and anything new.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ServerStatus {
    Creating,
    Active,
    Building,
    Built,
    Error,
    Deleting,
    /// The literal string `"null"`, JSON `null`, or an absent field.
    #[default]
    Unset,
    /// A value this console does not know yet, kept verbatim.
    Other(String),
}

impl ServerStatus {
    /// Every known status, in the order the status filter lists them.
    pub const KNOWN: [ServerStatus; 7] = [
        ServerStatus::Active,
        ServerStatus::Built,
        ServerStatus::Error,
        ServerStatus::Creating,
        ServerStatus::Building,
        ServerStatus::Deleting,
        ServerStatus::Unset,
    ];

    pub fn parse(raw: &str) -> Self {
        match raw {
            "CREATING" => Self::Creating,
            "ACTIVE" => Self::Active,
            "BUILDING" => Self::Building,
            "BUILT" => Self::Built,
            "ERROR" => Self::Error,
            "DELETING" => Self::Deleting,
            "null" | "" => Self::Unset,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The value as the API sends it (`"null"` for unset).
    pub fn raw(&self) -> &str {
        match self {
            Self::Creating => "CREATING",
            Self::Active => "ACTIVE",
            Self::Building => "BUILDING",
            Self::Built => "BUILT",
            Self::Error => "ERROR",
            Self::Deleting => "DELETING",
            Self::Unset => "null",
            Self::Other(raw) => raw,
        }
    }

    /// Words for people.
    pub fn label(&self) -> &str {
        match self {
            Self::Creating => "Creating",
            Self::Active => "Active",
            Self::Building => "Building image",
            Self::Built => "Image built",
            Self::Error => "Error",
            Self::Deleting => "Deleting",
            Self::Unset => "Not set",
            Self::Other(raw) => raw,
        }
    }
}

/// `PATCH .../image-servers/actions/batch-delete` request body.
/// `recursive` is always serialised: the spec requires it even though the SDK omits it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BatchDeleteRequest<'a> {
    pub items: &'a [String],
    pub recursive: bool,
}

/// `PATCH .../batch-delete` response body.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct BatchDeleteResponse {
    #[serde(deserialize_with = "required_id")]
    pub job_id: String,
}

/// `GET .../image-server-jobs?job_type=…` response body: the project's jobs, newest first.
pub type ImageJobPage = Page<ImageJobSummary>;

/// One job in that list (ImageJobInfo: a job without its sub-jobs).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ImageJobSummary {
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: String,
}

/// `GET .../image-server-jobs/{job_id}` response body (ImageJobResp).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ImageJob {
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: String,
    /// Required: without it a job would look "waiting" for ever.
    #[serde(deserialize_with = "lenient_job_status")]
    pub status: JobStatus,
    #[serde(default, deserialize_with = "lenient_count")]
    pub sub_jobs_total: Option<u64>,
    #[serde(default, deserialize_with = "lenient_items")]
    pub sub_jobs: Vec<SubJob>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub end_time: String,
}

impl ImageJob {
    /// Sub-jobs that reached an end state, for "k of n" progress.
    pub fn finished_sub_jobs(&self) -> usize {
        self.sub_jobs
            .iter()
            .filter(|sub| sub.status.is_final())
            .count()
    }

    /// The number of sub-jobs: the declared total, or the listed ones when it is missing.
    pub fn total_sub_jobs(&self) -> usize {
        self.sub_jobs_total
            .map(|total| total as usize)
            .unwrap_or(self.sub_jobs.len())
    }
}

/// One instance's part of a job (ImageJobDetailInfo).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct SubJob {
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient_sub_job_status")]
    pub status: SubJobStatus,
    #[serde(default, deserialize_with = "lenient_or_default")]
    pub job_resource_info: JobResourceInfo,
    #[serde(default, deserialize_with = "lenient_or_default")]
    pub job_execute_info: JobExecuteInfo,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct JobResourceInfo {
    #[serde(default, deserialize_with = "lenient_string")]
    pub resource_id: String,
    #[serde(default, deserialize_with = "lenient_string")]
    pub resource_name: String,
}

/// Why a sub-job failed. The API names the text `error_message` here (not `error_msg`);
/// `error_msg` is accepted too in case a gateway rewrites it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct JobExecuteInfo {
    #[serde(default, deserialize_with = "lenient_string")]
    pub error_code: String,
    #[serde(default, alias = "error_msg", deserialize_with = "lenient_string")]
    pub error_message: String,
}

/// Top-level job status (ImageJobStatus), plus anything new, kept verbatim.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum JobStatus {
    #[default]
    Waiting,
    Running,
    Success,
    Failed,
    Other(String),
}

impl JobStatus {
    pub fn parse(raw: &str) -> Self {
        match raw {
            "WAITING" => Self::Waiting,
            "RUNNING" => Self::Running,
            "SUCCESS" => Self::Success,
            "FAILED" => Self::Failed,
            other => Self::Other(other.to_owned()),
        }
    }

    pub fn raw(&self) -> &str {
        match self {
            Self::Waiting => "WAITING",
            Self::Running => "RUNNING",
            Self::Success => "SUCCESS",
            Self::Failed => "FAILED",
            Self::Other(raw) => raw,
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Self::Waiting => "Waiting to start",
            Self::Running => "Running",
            Self::Success => "Succeeded",
            Self::Failed => "Failed",
            Self::Other(raw) => raw,
        }
    }

    /// SUCCESS and FAILED end a job; anything else (unknown values included) is still pending.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Success | Self::Failed)
    }
}

/// Sub-job status (ImageJobDetailStatus: seven values), plus anything new.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SubJobStatus {
    #[default]
    Waiting,
    Running,
    Success,
    Failed,
    Abnormal,
    Rollback,
    Aborting,
    Other(String),
}

impl SubJobStatus {
    pub fn parse(raw: &str) -> Self {
        match raw {
            "WAITING" => Self::Waiting,
            "RUNNING" => Self::Running,
            "SUCCESS" => Self::Success,
            "FAILED" => Self::Failed,
            "ABNORMAL" => Self::Abnormal,
            "ROLLBACK" => Self::Rollback,
            "ABORTING" => Self::Aborting,
            other => Self::Other(other.to_owned()),
        }
    }

    pub fn raw(&self) -> &str {
        match self {
            Self::Waiting => "WAITING",
            Self::Running => "RUNNING",
            Self::Success => "SUCCESS",
            Self::Failed => "FAILED",
            Self::Abnormal => "ABNORMAL",
            Self::Rollback => "ROLLBACK",
            Self::Aborting => "ABORTING",
            Self::Other(raw) => raw,
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Self::Waiting => "Waiting",
            Self::Running => "Deleting",
            Self::Success => "Deleted",
            Self::Failed => "Failed",
            Self::Abnormal => "Abnormal",
            Self::Rollback => "Rolling back",
            Self::Aborting => "Aborting",
            Self::Other(raw) => raw,
        }
    }

    pub fn is_final(&self) -> bool {
        matches!(self, Self::Success | Self::Failed | Self::Abnormal)
    }

    pub fn is_failure(&self) -> bool {
        matches!(self, Self::Failed | Self::Abnormal)
    }
}

/// A string field that also takes numbers, booleans and `null` (as text or empty); an array
/// or object becomes its JSON text. Read straight from the input, without building a
/// `serde_json::Value` for every field of 10,000 items.
fn lenient_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(LenientString)
}

struct LenientString;

impl<'de> Visitor<'de> for LenientString {
    type Value = String;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<String, E> {
        Ok(text.to_owned())
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<String, E> {
        Ok(text)
    }

    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<String, E> {
        Ok(flag.to_string())
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<String, E> {
        Ok(number.to_string())
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<String, E> {
        Ok(number.to_string())
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<String, E> {
        Ok(serde_json::Number::from_f64(number).map_or_else(String::new, |n| n.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<String, A::Error> {
        serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))
            .map(|value| value.to_string())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
        serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map))
            .map(|value| value.to_string())
    }
}

/// `job_id` must be a non-empty string or number: without it nothing can be followed.
fn required_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let id = lenient_string(deserializer)?;
    if id.trim().is_empty() {
        return Err(serde::de::Error::custom("job_id is empty"));
    }
    Ok(id)
}

fn lenient_status<'de, D: Deserializer<'de>>(deserializer: D) -> Result<ServerStatus, D::Error> {
    lenient_string(deserializer).map(|raw| ServerStatus::parse(&raw))
}

fn lenient_job_status<'de, D: Deserializer<'de>>(deserializer: D) -> Result<JobStatus, D::Error> {
    lenient_string(deserializer).map(|raw| JobStatus::parse(&raw))
}

fn lenient_sub_job_status<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<SubJobStatus, D::Error> {
    lenient_string(deserializer).map(|raw| SubJobStatus::parse(&raw))
}

fn lenient_count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    Ok(serde_json::Value::deserialize(deserializer)?.as_u64())
}

/// A nested object of the wrong shape becomes its default instead of failing the page.
fn lenient_or_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    ObjectOrSkip::deserialize(deserializer).map(|ObjectOrSkip(object)| object.unwrap_or_default())
}

/// A list whose entries that are not objects are skipped rather than failing the whole list.
/// Each object is read straight into `T` (whose fields are all lenient), without an
/// intermediate `serde_json::Value`.
fn lenient_items<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_any(LenientItems(PhantomData))
}

struct LenientItems<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for LenientItems<T> {
    type Value = Vec<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(ObjectOrSkip(item)) = seq.next_element()? {
            items.extend(item);
        }
        Ok(items)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Vec::new())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }
}

/// One list entry: an object read as `T`, anything else skipped.
struct ObjectOrSkip<T>(Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ObjectOrSkip<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entry<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for Entry<T> {
            type Value = ObjectOrSkip<T>;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("any JSON value")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|item| ObjectOrSkip(Some(item)))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(ObjectOrSkip(None))
            }

            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(ObjectOrSkip(None))
            }

            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(ObjectOrSkip(None))
            }

            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(ObjectOrSkip(None))
            }

            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(ObjectOrSkip(None))
            }

            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(ObjectOrSkip(None))
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(ObjectOrSkip(None))
            }
        }

        deserializer.deserialize_any(Entry(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_reference_list_example_keeping_ids_as_strings() {
        let page: ImageServerPage = serde_json::from_str(
            r#"{"count": 1, "items": [{
                "id": "627989489700044800", "name": "test_instance_2", "description": "",
                "image_ref": {"id": "da02", "image_type": "gold", "spce_code": "90a6", "product_id": ""},
                "status": "ACTIVE",
                "authorize_accounts": [{"account": "user001", "account_type": "USER"}],
                "create_time": "2023-10-28T04:58:34.058Z"}]}"#,
        )
        .unwrap();
        assert_eq!(page.count, Some(1));
        let server = &page.items[0];
        assert_eq!(server.id, "627989489700044800");
        assert_eq!(server.status, ServerStatus::Active);
        assert_eq!(server.image_ref.image_type, "gold");
        assert_eq!(server.authorized_user(), "user001");
    }

    #[test]
    fn missing_and_null_statuses_are_unset_and_unknown_ones_are_kept() {
        let page: ImageServerPage = serde_json::from_str(
            r#"{"items": [{"id": "1"}, {"id": "2", "status": "null"}, {"id": "3", "status": null},
                          {"id": "4", "status": "MIGRATING"}]}"#,
        )
        .unwrap();
        let statuses: Vec<_> = page.items.iter().map(|s| s.status.clone()).collect();
        assert_eq!(
            statuses,
            [
                ServerStatus::Unset,
                ServerStatus::Unset,
                ServerStatus::Unset,
                ServerStatus::Other("MIGRATING".into())
            ]
        );
        assert_eq!(page.count, None);
    }

    #[test]
    fn wrongly_typed_fields_do_not_lose_the_item() {
        let page: ImageServerPage = serde_json::from_str(
            r#"{"count": 2, "items": [{"id": 697612196993040384, "name": 7, "image_ref": "x",
                "authorize_accounts": {}}, "not an object"]}"#,
        )
        .unwrap();
        assert_eq!(page.items.len(), 1);
        assert_eq!(page.items[0].id, "697612196993040384");
        assert_eq!(page.items[0].name, "7");
    }

    #[test]
    fn batch_delete_body_always_carries_recursive() {
        let ids = vec!["627989489700044800".to_owned()];
        let body = serde_json::to_string(&BatchDeleteRequest {
            items: &ids,
            recursive: false,
        })
        .unwrap();
        assert_eq!(
            body,
            r#"{"items":["627989489700044800"],"recursive":false}"#
        );
    }

    #[test]
    fn a_job_id_is_required() {
        assert!(serde_json::from_str::<BatchDeleteResponse>("{}").is_err());
        assert!(serde_json::from_str::<BatchDeleteResponse>(r#"{"job_id": ""}"#).is_err());
        let ok: BatchDeleteResponse =
            serde_json::from_str(r#"{"job_id": "84d5dd05-2977-4e37-8409-cf0b027f6a5b"}"#).unwrap();
        assert_eq!(ok.job_id, "84d5dd05-2977-4e37-8409-cf0b027f6a5b");
    }

    #[test]
    fn reads_a_failed_job_with_error_message_verbatim() {
        let job: ImageJob = serde_json::from_str(
            r#"{"id": "702364883651395584", "job_type": "DELETE_SERVER", "status": "FAILED",
                "sub_jobs_total": 2, "sub_jobs": [
                 {"id": "a", "status": "SUCCESS",
                  "job_resource_info": {"resource_id": "627989489700044800", "resource_name": "test_instance_2"},
                  "job_execute_info": {"error_code": "", "error_message": ""}},
                 {"id": "b", "status": "FAILED",
                  "job_resource_info": {"resource_id": "697612196993040384", "resource_name": "test_instance_1"},
                  "job_execute_info": {"error_code": "WKS.00129901", "error_message": "<b>changed</b>"}}]}"#,
        )
        .unwrap();
        assert!(job.status.is_terminal());
        assert_eq!(job.total_sub_jobs(), 2);
        assert_eq!(job.finished_sub_jobs(), 2);
        let failed = &job.sub_jobs[1];
        assert!(failed.status.is_failure());
        assert_eq!(failed.job_execute_info.error_code, "WKS.00129901");
        assert_eq!(failed.job_execute_info.error_message, "<b>changed</b>");
    }

    #[test]
    fn a_body_without_items_or_status_is_not_a_list_or_a_job() {
        for body in [
            "{}",
            r#"{"count": 3}"#,
            r#"{"error_code": "X", "error_msg": "y"}"#,
        ] {
            assert!(
                serde_json::from_str::<ImageServerPage>(body).is_err(),
                "{body}"
            );
        }
        assert!(serde_json::from_str::<ImageJob>(r#"{"id": "j", "sub_jobs": []}"#).is_err());
        let empty: ImageServerPage = serde_json::from_str(r#"{"items": null}"#).unwrap();
        assert!(empty.items.is_empty());
    }

    #[test]
    fn pending_and_unknown_job_statuses_are_not_terminal() {
        for raw in ["WAITING", "RUNNING", "ABNORMAL", ""] {
            assert!(!JobStatus::parse(raw).is_terminal(), "{raw}");
        }
    }
}
