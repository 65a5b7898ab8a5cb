//! The job centre: the project's jobs in the order the list-jobs API gives them, one job
//! type or all of them, optionally one status, a page at a time. Its query, the requests it
//! makes, the page it shows and its part of the URL (where a page sits: `page_span`).
//!
//! The API lists one type per request (`job_type` is required), so "all types" reads, for
//! page `p`, the first `p × 20` jobs of each type and merges them by begin time. With each
//! type listed newest first (as the simulator does; the API documents no order) those are
//! exactly the jobs that page holds in the merged list, whatever the mix of types; with
//! another order, the merge is of the jobs each type lists first. (The search for a lost
//! delete answer's job does not rely on the order: `Client::find_delete_job`.)

use super::time::parse_utc_ms;
use crate::wire::{ImageJobPage, ImageJobSummary, JobStatus, JobType};

/// Jobs per page of the job centre.
pub const JOBS_PER_PAGE: u64 = 20;
/// The API's largest `offset` (a 32-bit signed integer); no page starts beyond it.
const MAX_OFFSET: u64 = i32::MAX as u64;
/// The last page whose offset the API accepts.
pub const MAX_PAGE: u64 = MAX_OFFSET / JOBS_PER_PAGE + 1;
/// The API's largest page.
const API_LIMIT: u64 = 100;
/// The URL's `job_type` for all types.
pub const ALL_TYPES: &str = "ALL";

/// What the job centre shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CentreQuery {
    /// `None`: every type, merged newest first.
    pub job_type: Option<JobType>,
    /// `None`: every status.
    pub status: Option<JobStatus>,
    /// 1-based.
    pub page: u64,
}

impl Default for CentreQuery {
    fn default() -> Self {
        Self {
            job_type: Some(JobType::DeleteServer),
            status: None,
            page: 1,
        }
    }
}

impl CentreQuery {
    /// The list-jobs requests for this page (relative to the project's URL), per job type:
    /// one for a single type; for all types, each type's newest `page × 20` jobs.
    pub fn requests(&self) -> Vec<Vec<String>> {
        let offset = (self.page - 1) * JOBS_PER_PAGE;
        match &self.job_type {
            Some(job_type) => vec![vec![job_list_path(
                job_type,
                self.status.as_ref(),
                offset,
                JOBS_PER_PAGE,
            )]],
            None => JobType::KNOWN
                .iter()
                .map(|job_type| {
                    (0..offset + JOBS_PER_PAGE)
                        .step_by(API_LIMIT as usize)
                        .map(|start| {
                            let limit = API_LIMIT.min(offset + JOBS_PER_PAGE - start);
                            job_list_path(job_type, self.status.as_ref(), start, limit)
                        })
                        .collect()
                })
                .collect(),
        }
    }

    /// This page from the answers to [`CentreQuery::requests`], in the same order. For all
    /// types: every type's jobs merged newest first (a job without a readable begin time
    /// after those with one), this page's slice, and the sum of the types' totals (unknown
    /// if any type's is).
    pub fn page_of(&self, answers: Vec<Vec<ImageJobPage>>) -> ImageJobPage {
        if self.job_type.is_some() {
            return answers.into_iter().flatten().next().unwrap_or_default();
        }
        let mut count = Some(0);
        let mut jobs: Vec<ImageJobSummary> = Vec::new();
        for pages in answers {
            count = match (count, pages.first().and_then(|page| page.count)) {
                (Some(sum), Some(total)) => Some(sum + total),
                _ => None,
            };
            jobs.extend(pages.into_iter().flat_map(|page| page.items));
        }
        // Stable: equal times keep the type order.
        jobs.sort_by_key(|job| std::cmp::Reverse(parse_utc_ms(&job.begin_time)));
        let offset = ((self.page - 1) * JOBS_PER_PAGE) as usize;
        ImageJobPage {
            count,
            items: jobs
                .into_iter()
                .skip(offset)
                .take(JOBS_PER_PAGE as usize)
                .collect(),
        }
    }

    /// Another type: back to the first page.
    pub fn with_type(&self, job_type: Option<JobType>) -> Self {
        Self {
            job_type,
            page: 1,
            ..self.clone()
        }
    }

    /// Another status filter: back to the first page.
    pub fn with_status(&self, status: Option<JobStatus>) -> Self {
        Self {
            status,
            page: 1,
            ..self.clone()
        }
    }

    /// Another page, kept within 1..=MAX_PAGE.
    pub fn with_page(&self, page: u64) -> Self {
        Self {
            page: page.clamp(1, MAX_PAGE),
            ..self.clone()
        }
    }

    /// From the URL's `job_type`, `job_status` and `page`; anything invalid is the default.
    pub fn from_url(job_type: Option<&str>, status: Option<&str>, page: Option<&str>) -> Self {
        let defaults = Self::default();
        Self {
            job_type: match job_type {
                Some(ALL_TYPES) => None,
                raw => raw
                    .and_then(|raw| JobType::KNOWN.iter().find(|known| known.raw() == raw))
                    .cloned()
                    .or(defaults.job_type),
            },
            status: status.and_then(|raw| {
                JobStatus::KNOWN
                    .iter()
                    .find(|known| known.raw() == raw)
                    .cloned()
            }),
            page: page
                .and_then(|raw| raw.parse::<u64>().ok())
                .filter(|page| (1..=MAX_PAGE).contains(page))
                .unwrap_or(defaults.page),
        }
    }

    /// The URL's `key=value` pairs for this query, defaults left out (values are URL-safe).
    pub fn url_pairs(&self) -> Vec<String> {
        let defaults = Self::default();
        let mut pairs = vec!["view=jobs".to_owned()];
        if self.job_type != defaults.job_type {
            let raw = self.job_type.as_ref().map_or(ALL_TYPES, JobType::raw);
            pairs.push(format!("job_type={raw}"));
        }
        if let Some(status) = &self.status {
            pairs.push(format!("job_status={}", status.raw()));
        }
        if self.page != defaults.page {
            pairs.push(format!("page={}", self.page));
        }
        pairs
    }
}

/// `image-server-jobs?job_type=…&offset=…&limit=…[&status=…]`.
pub fn job_list_path(
    job_type: &JobType,
    status: Option<&JobStatus>,
    offset: u64,
    limit: u64,
) -> String {
    let mut path = format!(
        "image-server-jobs?job_type={}&offset={offset}&limit={limit}",
        job_type.raw()
    );
    if let Some(status) = status {
        path.push_str(&format!("&status={}", status.raw()));
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_request_names_the_type_the_page_and_the_status() {
        assert_eq!(
            CentreQuery::default().requests(),
            [["image-server-jobs?job_type=DELETE_SERVER&offset=0&limit=20"]]
        );
        let query = CentreQuery {
            job_type: Some(JobType::CreateServerImage),
            status: Some(JobStatus::Failed),
            page: 3,
        };
        assert_eq!(
            query.requests(),
            [["image-server-jobs?job_type=CREATE_SERVER_IMAGE&offset=40&limit=20&status=FAILED"]]
        );
    }

    #[test]
    fn all_types_read_each_types_newest_jobs_up_to_the_end_of_the_page() {
        let query = CentreQuery {
            job_type: None,
            status: Some(JobStatus::Success),
            page: 6,
        };
        let requests = query.requests();
        assert_eq!(requests.len(), JobType::KNOWN.len());
        assert_eq!(
            requests[0],
            [
                "image-server-jobs?job_type=DELETE_SERVER&offset=0&limit=100&status=SUCCESS",
                "image-server-jobs?job_type=DELETE_SERVER&offset=100&limit=20&status=SUCCESS",
            ]
        );
        assert!(requests[2][0].contains("job_type=CREATE_SERVER_IMAGE&offset=0&limit=100"));
    }

    fn summary(id: &str, begin_time: &str) -> ImageJobSummary {
        ImageJobSummary {
            id: id.into(),
            begin_time: begin_time.into(),
            ..ImageJobSummary::default()
        }
    }

    #[test]
    fn all_types_are_merged_newest_first_and_counted_together() {
        let deletes = ImageJobPage {
            count: Some(2),
            items: vec![
                summary("d2", "2026-11-30T10:00:00.5Z"),
                summary("d1", "2026-11-28T10:00:00Z"),
            ],
        };
        let creates = ImageJobPage {
            count: Some(1),
            items: vec![summary("c1", "2026-11-29T10:00:00.25Z")],
        };
        let builds = ImageJobPage {
            count: Some(1),
            items: vec![summary("b?", "not a time")],
        };
        let all = CentreQuery {
            job_type: None,
            ..CentreQuery::default()
        };
        let page = all.page_of(vec![vec![deletes.clone()], vec![creates], vec![builds]]);
        let ids: Vec<&str> = page.items.iter().map(|job| job.id.as_str()).collect();
        assert_eq!(ids, ["d2", "c1", "d1", "b?"]);
        assert_eq!(page.count, Some(4));
        // A type without a total makes the sum unknown; one type is passed through.
        let unknown = ImageJobPage {
            count: None,
            items: vec![],
        };
        assert_eq!(
            all.page_of(vec![vec![deletes.clone()], vec![unknown]])
                .count,
            None
        );
        assert_eq!(
            CentreQuery::default().page_of(vec![vec![deletes.clone()]]),
            deletes
        );
    }

    #[test]
    fn changing_a_filter_starts_at_the_first_page() {
        let query = CentreQuery::default().with_page(4);
        assert_eq!(query.with_type(Some(JobType::CreateServer)).page, 1);
        assert_eq!(query.with_status(Some(JobStatus::Running)).page, 1);
        assert_eq!(query.with_page(0).page, 1);
        assert_eq!(query.with_page(u64::MAX).page, MAX_PAGE);
    }

    #[test]
    fn invalid_url_values_fall_back_to_the_defaults() {
        assert_eq!(
            CentreQuery::from_url(Some("DELETE_IMAGE"), Some("ABNORMAL"), Some("0")),
            CentreQuery::default()
        );
        assert_eq!(
            CentreQuery::from_url(None, Some("success"), Some("-2")),
            CentreQuery::default()
        );
        assert_eq!(
            CentreQuery::from_url(None, None, Some("99999999999")).page,
            1
        );
        assert_eq!(
            CentreQuery::from_url(Some("CREATE_SERVER"), Some("FAILED"), Some("2")),
            CentreQuery {
                job_type: Some(JobType::CreateServer),
                status: Some(JobStatus::Failed),
                page: 2
            }
        );
        assert_eq!(CentreQuery::default().url_pairs(), vec!["view=jobs"]);
        assert_eq!(
            CentreQuery::from_url(Some("ALL"), None, None).job_type,
            None
        );
        assert_eq!(
            CentreQuery::default().with_type(None).url_pairs(),
            ["view=jobs", "job_type=ALL"]
        );
    }

    fn any_query() -> impl Strategy<Value = CentreQuery> {
        (
            proptest::option::of(proptest::sample::select(JobType::KNOWN.to_vec())),
            proptest::option::of(proptest::sample::select(JobStatus::KNOWN.to_vec())),
            1..=MAX_PAGE,
        )
            .prop_map(|(job_type, status, page)| CentreQuery {
                job_type,
                status,
                page,
            })
    }

    proptest! {
        #[test]
        fn every_request_stays_within_what_the_api_accepts(
            query in any_query().prop_map(|query| query.with_page(query.page % 40 + 1)),
        ) {
            for path in query.requests().concat() {
                let value = |key: &str| -> u64 {
                    path.split(&format!("{key}="))
                        .nth(1)
                        .and_then(|rest| rest.split('&').next())
                        .and_then(|value| value.parse().ok())
                        .expect("a number")
                };
                prop_assert!(value("offset") <= MAX_OFFSET);
                prop_assert!((1..=API_LIMIT).contains(&value("limit")));
            }
        }

        #[test]
        fn all_types_hold_each_page_of_the_merged_list(
            times in proptest::collection::vec(proptest::collection::vec(0u32..1000, 0..60), 3),
            page in 1u64..5,
        ) {
            // Each type's jobs newest first, as the API lists them.
            let lists: Vec<Vec<ImageJobSummary>> = times
                .iter()
                .enumerate()
                .map(|(kind, times)| {
                    let mut times = times.clone();
                    times.sort_unstable_by(|a, b| b.cmp(a));
                    times
                        .iter()
                        .enumerate()
                        .map(|(n, t)| summary(&format!("{kind}-{n}"), &crate::rules::time::format_utc_ms(i64::from(*t) * 1000)))
                        .collect()
                })
                .collect();
            let query = CentreQuery { job_type: None, status: None, page };
            // The API's answers to the requests: each type's newest jobs, with its total.
            let answers = query
                .requests()
                .iter()
                .zip(&lists)
                .map(|(paths, jobs)| {
                    paths.iter().enumerate().map(|(chunk, _)| ImageJobPage {
                        count: Some(jobs.len() as u64),
                        items: jobs.iter().skip(chunk * 100).take(100).take((page * JOBS_PER_PAGE) as usize).cloned().collect(),
                    }).collect()
                })
                .collect();
            let shown = query.page_of(answers);
            let mut everything: Vec<ImageJobSummary> = lists.concat();
            everything.sort_by_key(|job| std::cmp::Reverse(parse_utc_ms(&job.begin_time)));
            let expected: Vec<i64> = everything
                .iter()
                .skip(((page - 1) * JOBS_PER_PAGE) as usize)
                .take(JOBS_PER_PAGE as usize)
                .map(|job| parse_utc_ms(&job.begin_time).unwrap())
                .collect();
            let got: Vec<i64> = shown.items.iter().map(|job| parse_utc_ms(&job.begin_time).unwrap()).collect();
            prop_assert_eq!(got, expected);
            prop_assert_eq!(shown.count, Some(everything.len() as u64));
        }
    }
}
