//! Wire types of the Workspace App image-server API, read leniently (see `lenient`); its
//! enumerations are tables in `enums`.
//!
//! The SDK marks every response field optional, so every field here has a default and
//! string fields also accept numbers or `null` (shown as text, never dropped). Ids stay
//! strings end to end: they are above 2^53 and a JavaScript number would corrupt them.

mod enums;
mod lenient;
#[cfg(test)]
pub(crate) mod test_support;

use serde::{Deserialize, Serialize};

pub use enums::{ImageType, JobStatus, JobType, ServerStatus, SubJobStatus};
use lenient::{
    lenient_count, lenient_items, lenient_job_status, lenient_job_type, lenient_or_default,
    lenient_status, lenient_string, lenient_sub_job_status, present_items, required_id,
};

/// A page of a list response: `{count, items}`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(bound = "T: Deserialize<'de>", try_from = "ListBody<T>")]
pub struct Page<T> {
    /// Total number of matches, not the size of this page.
    pub count: Option<u64>,
    pub items: Vec<T>,
}

/// A list body as sent. `items` may be left out only where `count` says there are none (the
/// SDK marks every field optional); any other 200 body without it (a proxy's own JSON, an
/// error) is not an empty list.
#[derive(Deserialize)]
#[serde(bound = "T: Deserialize<'de>")]
struct ListBody<T> {
    #[serde(default, deserialize_with = "lenient_count")]
    count: Option<u64>,
    #[serde(default, deserialize_with = "present_items")]
    items: Option<Vec<T>>,
}

impl<T> TryFrom<ListBody<T>> for Page<T> {
    type Error = &'static str;

    fn try_from(body: ListBody<T>) -> Result<Self, Self::Error> {
        match (body.items, body.count) {
            (Some(items), count) => Ok(Self { count, items }),
            (None, Some(0)) => Ok(Self {
                count: Some(0),
                items: Vec::new(),
            }),
            (None, _) => Err("a list body without items"),
        }
    }
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
    /// The associated resources a recursive delete removes too: the APS server group, the
    /// APS server and the application group (empty while the instance is being created).
    #[serde(default, deserialize_with = "lenient_string")]
    pub server_group_id: String,
    #[serde(default, deserialize_with = "lenient_string")]
    pub server_id: String,
    #[serde(default, deserialize_with = "lenient_string")]
    pub app_group_id: String,
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

/// `GET .../image-server-jobs?job_type=…` response body: the project's jobs, in the service's
/// order (the API names none).
pub type ImageJobPage = Page<ImageJobSummary>;

/// One job in that list (ImageJobInfo: a job without its sub-jobs).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ImageJobSummary {
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: String,
    /// Absent: `Other("")`, shown as not given.
    #[serde(default, deserialize_with = "lenient_job_type")]
    pub job_type: JobType,
    /// Absent: `Other("")`, never taken for "waiting".
    #[serde(
        default = "unstated_job_status",
        deserialize_with = "lenient_job_status"
    )]
    pub status: JobStatus,
    #[serde(default, deserialize_with = "lenient_count")]
    pub sub_jobs_total: Option<u64>,
    /// When the service created the job (a date-time string).
    #[serde(default, deserialize_with = "lenient_string")]
    pub begin_time: String,
    #[serde(default, deserialize_with = "lenient_string")]
    pub end_time: String,
}

fn unstated_job_status() -> JobStatus {
    JobStatus::Other(String::new())
}

/// `GET .../image-server-jobs/{job_id}` response body (ImageJobResp).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ImageJob {
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: String,
    /// Absent: `Other("")`.
    #[serde(default, deserialize_with = "lenient_job_type")]
    pub job_type: JobType,
    /// Required: without it a job would look "waiting" for ever.
    #[serde(deserialize_with = "lenient_job_status")]
    pub status: JobStatus,
    #[serde(default, deserialize_with = "lenient_count")]
    pub sub_jobs_total: Option<u64>,
    #[serde(default, deserialize_with = "lenient_items")]
    pub sub_jobs: Vec<SubJob>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub begin_time: String,
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

/// `whoami.json` beside `index.html`: the user the deployment authenticated, when it knows.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct WhoAmI {
    #[serde(default, deserialize_with = "lenient_string")]
    pub user: String,
}

impl WhoAmI {
    /// The user name, or `None` for a body that is not `{"user": "<name>"}` with a name.
    pub fn parse(body: &str) -> Option<String> {
        // An object only: serde would also read a struct from an array.
        if !body.trim_start().starts_with('{') {
            return None;
        }
        let whoami: WhoAmI = serde_json::from_str(body).ok()?;
        let user = whoami.user.trim();
        (!user.is_empty()).then(|| user.to_owned())
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
        // None at all, said by the count: an empty list.
        let none: ImageServerPage = serde_json::from_str(r#"{"count": 0}"#).unwrap();
        assert_eq!((none.count, none.items.len()), (Some(0), 0));
    }

    #[test]
    fn whoami_names_the_user_or_nobody() {
        assert_eq!(
            WhoAmI::parse(r#"{"user": "alice"}"#).as_deref(),
            Some("alice")
        );
        for body in ["{}", r#"{"user": ""}"#, "<html>", "", r#"["alice"]"#] {
            assert_eq!(WhoAmI::parse(body), None, "{body}");
        }
    }
}
