//! The job centre: the project's jobs as the list-jobs API gives them (newest first), one job
//! type at a time (the API requires `job_type`), optionally one status, a page at a time.
//! Its query, the request it makes, the paging arithmetic and its part of the URL.

use crate::wire::{JobStatus, JobType};

/// Jobs per page of the job centre.
pub const JOBS_PER_PAGE: u64 = 20;
/// The API's largest `offset` (a 32-bit signed integer); no page starts beyond it.
const MAX_OFFSET: u64 = i32::MAX as u64;
/// The last page whose offset the API accepts.
pub const MAX_PAGE: u64 = MAX_OFFSET / JOBS_PER_PAGE + 1;

/// What the job centre shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CentreQuery {
    pub job_type: JobType,
    /// `None`: every status.
    pub status: Option<JobStatus>,
    /// 1-based.
    pub page: u64,
}

impl Default for CentreQuery {
    fn default() -> Self {
        Self {
            job_type: JobType::DeleteServer,
            status: None,
            page: 1,
        }
    }
}

impl CentreQuery {
    /// The list-jobs request for this page (relative to the project's URL).
    pub fn list_path(&self) -> String {
        job_list_path(
            &self.job_type,
            self.status.as_ref(),
            (self.page - 1) * JOBS_PER_PAGE,
            JOBS_PER_PAGE,
        )
    }

    /// Another type: back to the first page.
    pub fn with_type(&self, job_type: JobType) -> Self {
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
            job_type: job_type
                .and_then(|raw| JobType::KNOWN.iter().find(|known| known.raw() == raw))
                .cloned()
                .unwrap_or(defaults.job_type),
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
            pairs.push(format!("job_type={}", self.job_type.raw()));
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

/// Where one loaded page sits in the whole list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageSpan {
    /// 1-based position of the first job shown; 0 when the page is empty.
    pub first: u64,
    pub last: u64,
    /// The total the API reported, if it did.
    pub total: Option<u64>,
    pub has_previous: bool,
    pub has_next: bool,
}

impl PageSpan {
    /// `shown` jobs arrived for `page`, of `total` if the API said how many there are.
    pub fn of(page: u64, shown: usize, total: Option<u64>) -> Self {
        let offset = (page.max(1) - 1) * JOBS_PER_PAGE;
        let shown = shown as u64;
        let after = offset + shown;
        Self {
            first: if shown == 0 { 0 } else { offset + 1 },
            last: after,
            total,
            has_previous: page > 1,
            has_next: page < MAX_PAGE
                && match total {
                    Some(total) => after < total,
                    // Without a total, a full page may have a next one.
                    None => shown == JOBS_PER_PAGE,
                },
        }
    }

    /// "21–40 of 57", "21–40" without a total, "none of 57" past the end.
    pub fn describe(&self) -> String {
        let range = if self.first == 0 {
            "none".to_owned()
        } else {
            format!("{}–{}", self.first, self.last)
        };
        match self.total {
            Some(total) => format!("{range} of {total}"),
            None => range,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_request_names_the_type_the_page_and_the_status() {
        let query = CentreQuery::default();
        assert_eq!(
            query.list_path(),
            "image-server-jobs?job_type=DELETE_SERVER&offset=0&limit=20"
        );
        let query = CentreQuery {
            job_type: JobType::CreateServerImage,
            status: Some(JobStatus::Failed),
            page: 3,
        };
        assert_eq!(
            query.list_path(),
            "image-server-jobs?job_type=CREATE_SERVER_IMAGE&offset=40&limit=20&status=FAILED"
        );
    }

    #[test]
    fn changing_a_filter_starts_at_the_first_page() {
        let query = CentreQuery::default().with_page(4);
        assert_eq!(query.with_type(JobType::CreateServer).page, 1);
        assert_eq!(query.with_status(Some(JobStatus::Running)).page, 1);
        assert_eq!(query.with_page(0).page, 1);
        assert_eq!(query.with_page(u64::MAX).page, MAX_PAGE);
    }

    #[test]
    fn spans_say_what_is_shown_and_whether_there_is_more() {
        let second = PageSpan::of(2, 20, Some(57));
        assert_eq!(second.describe(), "21–40 of 57");
        assert!(second.has_previous && second.has_next);
        let last = PageSpan::of(3, 17, Some(57));
        assert_eq!(last.describe(), "41–57 of 57");
        assert!(!last.has_next);
        let only = PageSpan::of(1, 3, Some(3));
        assert_eq!(only.describe(), "1–3 of 3");
        assert!(!only.has_previous && !only.has_next);
        assert_eq!(PageSpan::of(1, 0, Some(0)).describe(), "none of 0");
        let past = PageSpan::of(9, 0, Some(57));
        assert_eq!(past.describe(), "none of 57");
        assert!(past.has_previous && !past.has_next);
        // Without a total: a full page may have more, a short one has not.
        assert_eq!(PageSpan::of(2, 20, None).describe(), "21–40");
        assert!(PageSpan::of(2, 20, None).has_next);
        assert!(!PageSpan::of(2, 19, None).has_next);
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
                job_type: JobType::CreateServer,
                status: Some(JobStatus::Failed),
                page: 2
            }
        );
        assert_eq!(CentreQuery::default().url_pairs(), vec!["view=jobs"]);
    }

    fn any_query() -> impl Strategy<Value = CentreQuery> {
        (
            proptest::sample::select(JobType::KNOWN.to_vec()),
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
        fn a_span_never_claims_more_than_there_is(
            page in 1..=MAX_PAGE, shown in 0usize..=20, total in proptest::option::of(0u64..5000),
        ) {
            let span = PageSpan::of(page, shown, total);
            prop_assert!(span.first <= span.last);
            if let Some(total) = total {
                if span.has_next {
                    prop_assert!(span.last < total);
                }
            }
            prop_assert_eq!(span.has_previous, page > 1);
        }

        #[test]
        fn the_offset_stays_within_what_the_api_accepts(query in any_query()) {
            let path = query.list_path();
            let offset: u64 = path
                .split("offset=")
                .nth(1)
                .and_then(|rest| rest.split('&').next())
                .and_then(|offset| offset.parse().ok())
                .expect("an offset");
            prop_assert!(offset <= MAX_OFFSET);
        }
    }
}
