//! A view of the console as a URL query string, so a link or a reload opens the same view:
//! `?q=<search>&status=<raw status>&sort=<column>&dir=asc|desc&job=<job id>&lang=<language>`,
//! and with the job centre open `view=jobs&job_type=<type>&job_status=<status>&page=<n>`
//! (`lang` is kept as given when valid: see [`super::locale`]). Defaults are left out; a value
//! that is not valid falls back to the default, never to an error.

use super::job_centre::CentreQuery;
use super::locale::Locale;
use super::view::{SortKey, ViewQuery};
use crate::wire::ServerStatus;

/// What a URL says to show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UrlView {
    pub query: ViewQuery,
    /// The job centre, when it is the view shown instead of the instances.
    pub centre: Option<CentreQuery>,
    /// The job whose card is open.
    pub job: Option<String>,
    /// The language the link asks for.
    pub lang: Option<Locale>,
}

const SORT_NAMES: &[(SortKey, &str)] = &[
    (SortKey::Name, "name"),
    (SortKey::Id, "id"),
    (SortKey::Status, "status"),
    (SortKey::ImageType, "image_type"),
    (SortKey::User, "user"),
    (SortKey::Created, "created"),
];

/// Reads `location.search` (with or without its `?`).
pub fn parse_url_view(search: &str) -> UrlView {
    let mut view = UrlView::default();
    let mut direction = None;
    let (mut jobs_view, mut job_type, mut job_status, mut page) = (false, None, None, None);
    for pair in search.trim_start_matches('?').split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode(value);
        match percent_decode(key).as_str() {
            "q" => view.query.search = value,
            "status" => {
                view.query.status = ServerStatus::KNOWN
                    .iter()
                    .find(|status| status.raw() == value)
                    .cloned()
            }
            "sort" => {
                if let Some((key, _)) = SORT_NAMES.iter().find(|(_, name)| *name == value) {
                    view.query.sort = *key;
                }
            }
            "dir" => direction = Some(value),
            "view" => jobs_view = value == "jobs",
            "job_type" => job_type = Some(value),
            "job_status" => job_status = Some(value),
            "page" => page = Some(value),
            "job" if !value.trim().is_empty() => view.job = Some(value),
            "lang" => view.lang = Locale::from_tag(&value),
            _ => {}
        }
    }
    view.query.descending = match direction.as_deref() {
        Some("asc") => false,
        Some("desc") => true,
        // Without a valid direction, the one a click on that column would start with.
        _ => view.query.sort == ViewQuery::default().sort,
    };
    view.centre = jobs_view.then(|| {
        CentreQuery::from_url(job_type.as_deref(), job_status.as_deref(), page.as_deref())
    });
    view
}

/// The query string for a view, `?…` or empty for the default view.
pub fn format_url_view(view: &UrlView) -> String {
    let defaults = ViewQuery::default();
    let mut pairs = Vec::new();
    if !view.query.search.is_empty() {
        pairs.push(format!("q={}", percent_encode(&view.query.search)));
    }
    if let Some(status) = &view.query.status {
        pairs.push(format!("status={}", percent_encode(status.raw())));
    }
    if view.query.sort != defaults.sort || view.query.descending != defaults.descending {
        let name = SORT_NAMES
            .iter()
            .find(|(key, _)| *key == view.query.sort)
            .map_or("created", |(_, name)| name);
        pairs.push(format!("sort={name}"));
        pairs.push(format!(
            "dir={}",
            if view.query.descending { "desc" } else { "asc" }
        ));
    }
    if let Some(centre) = &view.centre {
        pairs.extend(centre.url_pairs());
    }
    if let Some(job) = &view.job {
        pairs.push(format!("job={}", percent_encode(job)));
    }
    if let Some(lang) = view.lang {
        pairs.push(format!("lang={}", lang.tag()));
    }
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// Whether going from `from` to `to` is only more typing in a search already begun: such a
/// change replaces the history entry instead of adding one per key (the first key adds one,
/// so Back returns to the view before the search).
pub fn only_search_changed(from: &UrlView, to: &UrlView) -> bool {
    !from.query.search.is_empty()
        && from.job == to.job
        && from.centre == to.centre
        && from.lang == to.lang
        && from.query.status == to.query.status
        && from.query.sort == to.query.sort
        && from.query.descending == to.query.descending
}

/// Percent-encodes everything but RFC 3986's unreserved characters (UTF-8 bytes).
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// Decodes `%XX` and `+` (a space, as forms send it); a broken escape is kept as text.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = |offset: usize| {
            bytes
                .get(at + offset)
                .and_then(|byte| (*byte as char).to_digit(16))
        };
        match (bytes[at], hex(1), hex(2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                at += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                at += 1;
            }
            (byte, _, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_default_view_is_an_empty_query_string() {
        assert_eq!(format_url_view(&UrlView::default()), "");
        assert_eq!(parse_url_view(""), UrlView::default());
        assert_eq!(parse_url_view("?"), UrlView::default());
    }

    #[test]
    fn reads_every_part() {
        let view = parse_url_view(
            "?q=build+box%20%E6%95%B0&status=BUILDING&sort=name&dir=desc&job=84d5-x&lang=zh-cn",
        );
        assert_eq!(view.query.search, "build box 数");
        assert_eq!(view.query.status, Some(ServerStatus::Building));
        assert_eq!(view.query.sort, SortKey::Name);
        assert!(view.query.descending);
        assert_eq!(view.job.as_deref(), Some("84d5-x"));
        assert_eq!(view.lang, Some(Locale::ZhCn));
        assert!(format_url_view(&view).ends_with("&lang=zh-CN"));
    }

    #[test]
    fn invalid_values_fall_back_to_the_defaults() {
        let view =
            parse_url_view("?status=MIGRATING&sort=colour&dir=sideways&job=&q=%zz&x=1&lang=fr");
        assert_eq!(view.lang, None);
        assert_eq!(view.query.status, None);
        assert_eq!(view.query.sort, SortKey::Created);
        assert!(view.query.descending);
        assert_eq!(view.job, None);
        assert_eq!(view.query.search, "%zz");
        // A column without a direction starts ascending, as a click on it would.
        assert!(!parse_url_view("?sort=id").query.descending);
    }

    #[test]
    fn typing_replaces_and_anything_else_adds_a_history_entry() {
        let typed = parse_url_view("?q=ab");
        assert!(!only_search_changed(
            &parse_url_view(""),
            &parse_url_view("?q=a")
        ));
        assert!(only_search_changed(&parse_url_view("?q=a"), &typed));
        assert!(!only_search_changed(
            &typed,
            &parse_url_view("?q=ab&status=ERROR")
        ));
        assert!(!only_search_changed(&typed, &parse_url_view("?q=ab&job=j")));
        assert!(!only_search_changed(
            &typed,
            &parse_url_view("?q=ab&sort=name")
        ));
        assert!(!only_search_changed(
            &typed,
            &parse_url_view("?q=ab&view=jobs")
        ));
    }

    #[test]
    fn the_job_centre_and_its_open_job_are_read_and_written() {
        let view =
            parse_url_view("?view=jobs&job_type=CREATE_SERVER&job_status=FAILED&page=3&job=j1");
        let centre = view.centre.clone().expect("the job centre is open");
        assert_eq!(centre.job_type, Some(crate::wire::JobType::CreateServer));
        assert_eq!(centre.status, Some(crate::wire::JobStatus::Failed));
        assert_eq!(centre.page, 3);
        assert_eq!(view.job.as_deref(), Some("j1"));
        assert_eq!(
            format_url_view(&view),
            "?view=jobs&job_type=CREATE_SERVER&job_status=FAILED&page=3&job=j1"
        );
        // Its keys without `view=jobs` do not open it; invalid values are the defaults.
        assert_eq!(
            parse_url_view("?job_type=CREATE_SERVER&page=2").centre,
            None
        );
        assert_eq!(
            parse_url_view("?view=jobs&job_type=x&job_status=ABNORMAL&page=0").centre,
            Some(CentreQuery::default())
        );
        assert_eq!(parse_url_view("?view=list").centre, None);
    }

    fn any_view() -> impl Strategy<Value = UrlView> {
        (
            ".{0,20}",
            proptest::option::of(proptest::sample::select(ServerStatus::KNOWN.to_vec())),
            proptest::sample::select(SORT_NAMES.iter().map(|(key, _)| *key).collect::<Vec<_>>()),
            any::<bool>(),
            proptest::option::of(".{1,20}".prop_filter("a job id", |id| !id.trim().is_empty())),
            proptest::option::of((
                proptest::option::of(proptest::sample::select(
                    crate::wire::JobType::KNOWN.to_vec(),
                )),
                proptest::option::of(proptest::sample::select(
                    crate::wire::JobStatus::KNOWN.to_vec(),
                )),
                1..=super::super::job_centre::MAX_PAGE,
            )),
            proptest::option::of(proptest::sample::select(Locale::ALL.to_vec())),
        )
            .prop_map(
                |(search, status, sort, descending, job, centre, lang)| UrlView {
                    query: ViewQuery {
                        search,
                        status,
                        sort,
                        descending,
                    },
                    centre: centre.map(|(job_type, status, page)| CentreQuery {
                        job_type,
                        status,
                        page,
                    }),
                    job,
                    lang,
                },
            )
    }

    proptest! {
        #[test]
        fn every_view_survives_a_round_trip_through_its_url(view in any_view()) {
            prop_assert_eq!(parse_url_view(&format_url_view(&view)), view);
        }

        #[test]
        fn any_query_string_gives_a_view(text in ".{0,60}") {
            let view = parse_url_view(&text);
            prop_assert_eq!(parse_url_view(&format_url_view(&view)), view);
        }
    }
}
