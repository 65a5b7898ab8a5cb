//! The list queries (`GET …/image-servers`, `GET …/image-server-jobs`): paging and filters,
//! validated like the real API.

use serde::Serialize;

use super::batch_delete::MAX_ID_LEN;
use super::error::{invalid, ModelError};
use super::instance::Instance;
use super::jobs::{JobStatus, JobType};

/// Largest page (`limit` maximum).
pub const MAX_LIMIT: u32 = 100;
/// Page size when `limit` is absent.
pub const DEFAULT_LIMIT: u32 = 10;

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

    pub(super) fn page<T: Clone>(self, matches: &[&T]) -> Page<T> {
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
    pub(super) paging: Paging,
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

    pub(super) fn matches(&self, instance: &Instance) -> bool {
        self.name_contains
            .as_ref()
            .is_none_or(|part| instance.name.contains(part.as_str()))
            && self.id.as_ref().is_none_or(|id| instance.has_id(id))
            && self
                .enterprise_project_id
                .as_ref()
                .is_none_or(|eps| &instance.enterprise_project_id == eps)
    }
}

/// Query of `GET /v1/{project_id}/image-server-jobs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListJobsQuery {
    pub(super) paging: Paging,
    pub(super) job_type: Option<JobType>,
    pub(super) status: Option<JobStatus>,
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
#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::model::fixtures::params;

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
    fn job_queries_need_a_known_type_and_status() {
        assert!(ListJobsQuery::from_params(&[])
            .unwrap_err()
            .to_string()
            .contains("job_type is required"));
        assert!(ListJobsQuery::from_params(&params(&[("job_type", "X")])).is_err());
        assert!(
            ListJobsQuery::from_params(&params(&[("job_type", ""), ("status", "DONE")])).is_err()
        );
    }
}
