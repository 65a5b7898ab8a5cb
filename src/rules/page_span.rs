//! Where one page of a paged list sits in the whole (jobs 21 to 40 of 57), and whether there
//! is a page before and after it.

use super::job_centre::{JOBS_PER_PAGE, MAX_PAGE};

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
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn spans_say_what_is_shown_and_whether_there_is_more() {
        let second = PageSpan::of(2, 20, Some(57));
        assert_eq!(
            (second.first, second.last, second.total),
            (21, 40, Some(57))
        );
        assert!(second.has_previous && second.has_next);
        let last = PageSpan::of(3, 17, Some(57));
        assert_eq!((last.first, last.last), (41, 57));
        assert!(!last.has_next);
        let only = PageSpan::of(1, 3, Some(3));
        assert_eq!((only.first, only.last), (1, 3));
        assert!(!only.has_previous && !only.has_next);
        assert_eq!(PageSpan::of(1, 0, Some(0)).first, 0);
        let past = PageSpan::of(9, 0, Some(57));
        assert_eq!((past.first, past.total), (0, Some(57)));
        assert!(past.has_previous && !past.has_next);
        // Without a total: a full page may have more, a short one has not.
        assert!(PageSpan::of(2, 20, None).has_next);
        assert!(!PageSpan::of(2, 19, None).has_next);
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
    }
}
