//! English.

use super::Messages;
use crate::rules::config::{
    ConfigProblem, JsonType, NotJson, ProjectIdProblem, UrlProblem, MAX_REQUEST_TIMEOUT_MS,
};
use crate::rules::locale::{Locale, Plural};
use crate::rules::outcomes::OutcomeSummary;
use crate::rules::page_span::PageSpan;
use crate::rules::precheck::{Associated, StaleReason};
use crate::rules::selection::Ineligible;
use crate::wire::{ImageType, JobStatus, JobType, ServerStatus, SubJobStatus};

/// "1 instance", "2 instances".
fn instances(count: usize) -> String {
    match Locale::En.plural(count) {
        Plural::One => format!("{count} instance"),
        Plural::Other => format!("{count} instances"),
    }
}

fn kept_or_deleted(recursive: bool) -> &'static str {
    if recursive {
        "deleted too"
    } else {
        "kept"
    }
}

fn config_problem(problem: &ConfigProblem) -> String {
    match problem {
        ConfigProblem::Unreachable(detail) => format!("config.json could not be loaded: {detail}"),
        ConfigProblem::Status(status) => {
            format!("config.json could not be loaded: HTTP {status} from config.json")
        }
        ConfigProblem::NotJson(why) => {
            let why = match why {
                NotJson::Empty => "the file is empty".to_owned(),
                NotJson::Html => {
                    "it looks like HTML (is config.json missing on the server?)".to_owned()
                }
                NotJson::Syntax(message) => message.clone(),
                NotJson::Found(found) => format!("found {}", json_type(*found)),
            };
            format!("config.json is not a JSON object: {why}")
        }
        ConfigProblem::WrongType { key, found } => {
            format!(
                "config.json: \"{key}\" must be a string, found {}",
                json_type(*found)
            )
        }
        ConfigProblem::Missing(key) => format!("\"{key}\" is not set"),
        ConfigProblem::Timeout(found) => format!(
            "config.json: \"request_timeout_ms\" must be a whole number of milliseconds from 1 \
             to {MAX_REQUEST_TIMEOUT_MS}, found {found}"
        ),
        ConfigProblem::ApiBase(why) => format!("API base URL: {}", url_problem(why)),
        ConfigProblem::ProjectId(ProjectIdProblem::Empty) => "Project ID: it is empty".to_owned(),
        ConfigProblem::ProjectId(ProjectIdProblem::NotHex { id, chars }) => format!(
            "Project ID: \"{id}\" is not 32 hexadecimal characters (found {chars} characters)"
        ),
    }
}

fn json_type(found: JsonType) -> &'static str {
    match found {
        JsonType::Null => "null",
        JsonType::Boolean => "a boolean",
        JsonType::Number => "a number",
        JsonType::String => "a string",
        JsonType::Array => "an array",
        JsonType::Object => "an object",
    }
}

fn url_problem(problem: &UrlProblem) -> String {
    match problem {
        UrlProblem::Empty => "it is empty".to_owned(),
        UrlProblem::WhiteSpace(raw) => format!("\"{raw}\" contains white space"),
        UrlProblem::NotPlain(raw) => {
            format!("\"{raw}\" must be a plain path or URL, without ?, # or \\")
        }
        UrlProblem::PageNotHttp(url) => format!("the page URL {url} is not http(s)"),
        UrlProblem::NotHttp(url) => format!("\"{url}\" is not an http(s) URL"),
        UrlProblem::Scheme { url, scheme } => {
            format!("\"{url}\" must use http or https, not {scheme}")
        }
        UrlProblem::Credentials(url) => format!("\"{url}\" must not contain credentials"),
        UrlProblem::Port(url) => format!("\"{url}\" has an invalid port"),
        UrlProblem::NoHost(url) => format!("\"{url}\" has no host"),
        UrlProblem::OtherOrigin { found, page } => format!(
            "{found} is another origin than this page ({page}); the API must be reached through \
             a same-origin proxy because the cloud API allows no cross-origin requests"
        ),
    }
}

fn outcome_heading(summary: &OutcomeSummary, deletes: bool) -> String {
    let done = if deletes { "deleted" } else { "succeeded" };
    let mut heading = format!(
        "Outcome: {} {done}, {} failed",
        summary.deleted, summary.failed
    );
    if summary.other > 0 {
        heading.push_str(&format!(", {} other", summary.other));
    }
    if !summary.not_found.is_empty() {
        heading.push_str(&format!(", {} not found", summary.not_found.len()));
    }
    heading
}

fn job_kind(job_type: &JobType) -> &'static str {
    match job_type {
        JobType::CreateServer => "Create job",
        JobType::CreateServerImage => "Image build job",
        _ => "Delete job",
    }
}

fn stale_reason(reason: &StaleReason) -> String {
    match reason {
        StaleReason::Gone => "it no longer exists (deleted elsewhere?)".to_owned(),
        StaleReason::Busy(status) => {
            let why = match status {
                ServerStatus::Deleting => "it is already being deleted",
                _ => "the service refuses a delete request that includes it",
            };
            format!("it is now {} ({}): {why}", status.label(), status.raw())
        }
        StaleReason::AssociatedChanged(changed) => {
            let names: Vec<&str> = changed
                .iter()
                .map(|resource| match resource {
                    Associated::ServerGroup => "server group",
                    Associated::Server => "server",
                    Associated::AppGroup => "application group",
                })
                .collect();
            format!(
                "its associated {} changed since you selected it; deleting associated resources \
                 would fail",
                names.join(", ")
            )
        }
    }
}

/// "21–40 of 57", "21–40" without a total, "none of 57" past the end.
fn jobs_page(span: &PageSpan, page: u64, per_page: u64) -> String {
    let range = if span.first == 0 {
        "none".to_owned()
    } else {
        format!("{}–{}", span.first, span.last)
    };
    let range = match span.total {
        Some(total) => format!("{range} of {total}"),
        None => range,
    };
    format!("Jobs {range} · page {page} · {per_page} per page")
}

fn neutral_sub_job_status(status: &SubJobStatus) -> Option<&'static str> {
    Some(match status {
        SubJobStatus::Waiting => "Waiting",
        SubJobStatus::Running => "Running",
        SubJobStatus::Success => "Succeeded",
        SubJobStatus::Failed => "Failed",
        SubJobStatus::Abnormal => "Abnormal",
        SubJobStatus::Rollback => "Rolled back",
        SubJobStatus::Aborting => "Aborting",
        SubJobStatus::Other(_) => return None,
    })
}

fn ineligible(reason: Ineligible) -> &'static str {
    match reason {
        Ineligible::NoId => "Cannot delete: the API gave this instance no ID",
        Ineligible::Creating => "Cannot delete while the instance is being created",
        Ineligible::Building => "Cannot delete while an image is being built from it",
        Ineligible::Deleting => "Already being deleted",
    }
}

pub const EN: Messages = Messages {
    page_title: "Image instances · image-console",
    app_title: "Image instances",
    project: |id| format!("Project {id}"),
    signed_in_as: |user| format!("Signed in as {user}"),
    settings_button: "Settings",
    language_label: "Language",
    loading_configuration: "Loading configuration…",
    dismiss: "Dismiss",
    internal_error: |details| {
        format!(
            "Internal error: the console stopped working. Reload the page; jobs already started \
             are kept. Details: {details}"
        )
    },
    cancel: "Cancel",

    config_invalid_title: "The console is not configured correctly",
    config_fix_hint: "Fix config.json beside index.html (see the README), or set the values for this browser below.",
    inline_settings_label: "Settings for this browser",
    config_problem,

    settings_title: "Settings",
    settings_help: "Values saved here apply to this browser and override config.json. Leave a field empty to use config.json.",
    api_base_label: "API base URL (same origin as this page)",
    project_id_label: "Project ID (32 hexadecimal characters)",
    token_label: "IAM token (optional; kept in memory only, sent as X-Auth-Token)",
    save_settings: "Save settings",
    settings_not_saved: |problem| format!("Settings could not be saved in this browser: {problem}"),

    storage_pending_failed: |problem| {
        format!(
            "This browser could not note the delete request before sending it ({problem}). Do \
             not reload until its job ID is shown."
        )
    },
    storage_job_failed: |problem| {
        format!(
            "The job could not be saved in this browser ({problem}). Keep the job ID shown \
             below: it will be lost if you reload."
        )
    },
    no_storage: "this browser offers no local storage",
    storage_refused: |detail| format!("the browser refused to store it: {detail}"),
    interrupted_title: "A delete request got no answer",
    interrupted_text: ": the page was reloaded or closed while it was being sent, so it may or may not have been carried out. It was not sent again. Check these instances in the list (Deleting, or gone, means it went through) before deleting them again.",
    interrupted_item: |sent, count, recursive| {
        format!(
            "Sent {sent} · {} · associated resources {}: ",
            instances(count),
            kept_or_deleted(recursive)
        )
    },

    jobs_label: "Delete jobs",
    job_kind,
    job_card_label: |kind, job_id| format!("{kind} {job_id}"),
    job_finished: |kind| format!("{kind} finished"),
    job_in_progress: |kind| format!("{kind} in progress"),
    job_id: "Job ID",
    copy_job_id: "Copy job ID",
    copied: "Copied",
    job_meta: |count, recursive, submitted| {
        format!(
            "{} · associated resources {} · submitted {submitted}",
            instances(count),
            kept_or_deleted(recursive)
        )
    },
    status_prefix: "Status: ",
    not_checked_yet: "Not checked yet",
    check_now: "Check now",
    job_progress: |done, total| match Locale::En.plural(total) {
        Plural::One => format!("{done} of {total} instance processed"),
        Plural::Other => format!("{done} of {total} instances processed"),
    },
    next_check_at: "Next check at ",
    checking: "Checking…",
    retrying_at: "Retrying at ",
    paused_hidden: "Paused while this tab is hidden; it checks again when you come back.",
    gave_up: |minutes| {
        format!(
            "Stopped checking after {minutes} minutes: the job is still running. Use Check now \
             to look again."
        )
    },
    poll_error_title: "Could not check the job (retrying)",
    outcome_heading,
    not_found_outcome: "not deleted: the service did not find it",
    unknown_status: "Unknown status",
    export_receipt: "Export receipt",
    export_all_receipts: "Export all receipts",
    recent_jobs: |count| format!("Recent jobs ({count})"),
    history_submitted: "Submitted",
    history_instances: "Instances",
    history_associated: "Associated resources",
    history_final_status: "Final status",
    history_actions: "Actions",
    history_deleted: "deleted",
    history_kept: "kept",
    history_in_progress: "in progress",
    show: "Show",

    find_instances: "Find instances",
    search: "Search",
    search_placeholder: "Name or ID",
    status: "Status",
    all_statuses: "All statuses",
    refresh: "Refresh",
    updated: "Updated ",
    loading_instances: "Loading image instances…",
    loading_progress: |loaded, total| format!("Loading image instances: {loaded} of {total}"),
    list_shortfall: |listed, counted| {
        format!(
            "The service counted {counted} image instances when the list began loading, but {listed} \
             came in: the list changed while it loaded, so some may be missing. Refresh to read it again."
        )
    },
    load_failed_title: "Could not load the instances",

    error_code: "Error code",
    error_message: "Message",
    error_body: "Response body starts",
    error_details: "Details",
    authorization_message: "Encoded authorization message (IAM can decode it)",
    request_id: "Request ID",
    retry_after: "Server asks to retry after",
    seconds: |secs| format!("{secs} s"),
    network_error: "Network error: the request got no answer",
    timed_out: |limit_ms| match limit_ms % 1_000 {
        0 => format!("Timed out: the request got no answer within {} s", limit_ms / 1_000),
        _ => format!("Timed out: the request got no answer within {limit_ms} ms"),
    },
    http_unreadable: |status| format!("HTTP {status}: the response could not be read"),
    http_not_api_error: |status| {
        format!("HTTP {status}: the response is not an API error (is a proxy in the way?)")
    },
    request_failed: "Request failed",

    selection_label: "Selection and actions",
    selected_count: |count, cap| format!("{count} of {cap} selected"),
    hidden_by_filter: |hidden| format!(" ({hidden} not shown by the current search or filter)"),
    at_cap: |cap| {
        format!("You have selected the maximum: at most {cap} instances can be deleted per request.")
    },
    bulk_stopped: |added, cap, left| {
        let others = match Locale::En.plural(left) {
            Plural::One => format!("{left} other matching instance was"),
            Plural::Other => format!("{left} other matching instances were"),
        };
        format!("Selected {added} more; stopped at the limit of {cap} per request. {others} not selected.")
    },
    clear_selection: "Clear selection",
    delete_button: |count| match count {
        0 => "Delete".to_owned(),
        count => format!("Delete {}…", instances(count)),
    },
    submitting: "Sending the delete request… It is sent once; its job ID appears here as soon as the API answers.",
    submit_outcome_unknown: "The delete request got no usable answer: it may or may not have been carried out. It was not sent again; the list is being refreshed and its job looked for among the project's delete jobs, so check the instances' status before trying again",
    submit_refused: "The delete request failed; nothing was deleted by this console and your selection is kept",
    recursive_flag: "Also delete associated resources (server group, servers, application group)",
    recursive_title: "Delete associated resources too?",
    recursive_text: "The associated server groups, servers and application groups of each selected image instance will be deleted as well. ",
    recursive_text_strong: "Their applications become unavailable to users.",
    recursive_text_end: " The images already built are kept.",
    recursive_confirm: "Confirm: delete associated resources",
    delete_title: |count| match Locale::En.plural(count) {
        Plural::One => format!("Delete {count} image instance?"),
        Plural::Other => format!("Delete {count} image instances?"),
    },
    delete_summary_recursive: "Associated resources WILL be deleted too: server groups, servers and application groups. Their applications become unavailable.",
    delete_summary_kept: "Associated resources are kept: only the image instance records are deleted.",
    confirm_prompt: |word| format!("To confirm, type \"{word}\""),
    delete_confirm_button: |count| format!("Delete {}", instances(count)),

    check_in_progress: "Checking that the selected instances can still be deleted… Nothing is sent until the check is done.",
    check_failed_title: "Could not check the instances again, so nothing was sent",
    check_again: "Check again",
    nothing_sent: "Nothing was sent.",
    stale_intro: " These instances changed since you selected them:",
    none_left: "None of the selected instances can be deleted now.",
    continue_without: "Continue without them…",
    continue_question: |left| format!("Delete only the other {}, in one request?", instances(left)),
    continue_confirm: |left| format!("Yes, delete the other {left}"),
    stale_reason,

    views_label: "Views",
    view_instances: "Image instances",
    view_job_centre: "Job centre",
    job_centre_hint: "The project's image jobs as the service lists them, newest first, whoever started them.",
    loading_jobs: "Loading jobs…",
    load_jobs_failed: "Could not load the jobs",
    retry: "Retry",
    job_type_label: "Job type",
    all_job_types: "All types (newest first)",
    refresh_jobs: "Refresh jobs",
    no_jobs_on_page: "No jobs match on this page.",
    column_job_type: "Type",
    column_sub_jobs: "Sub-jobs",
    column_began: "Began",
    column_ended: "Ended",
    not_given: "Not given",
    open: "Open",
    open_job: |job_id| format!("Open job {job_id}"),
    job_pages_label: "Job pages",
    previous: "Previous",
    next: "Next",
    jobs_page,
    announce_jobs_loaded: |count| match Locale::En.plural(count) {
        Plural::One => format!("Loaded {count} job."),
        Plural::Other => format!("Loaded {count} jobs."),
    },
    announce_jobs_failed: |error| format!("Could not load the jobs: {error}"),
    announce_check_failed: |error| format!("Nothing was sent: {error}"),
    announce_stale: |count| format!("Nothing was sent: {count} of the selected instances changed."),

    table_caption: "Image instances. Column headers with buttons sort the table.",
    column_name: "Name",
    column_id: "ID",
    column_status: "Status",
    column_image_type: "Image type",
    column_user: "Authorized user",
    column_created: "Created (UTC)",
    no_instances: "There are no image instances in this project.",
    no_match: "No instances match the search and status filter. ",
    clear_filters: "Clear filters",
    select_all: |cap| format!("Select all shown instances (at most {cap})"),
    select_row: |name| format!("Select {name}"),
    limit_reached: |cap| format!("Limit reached: at most {cap} instances per request"),
    ineligible,

    announce_accepted: |count, job_id| {
        format!("Delete request accepted for {}. Job ID {job_id}.", instances(count))
    },
    announce_submit_failed: |error| format!("The delete request failed: {error}"),
    announce_lost_answer_found: |job_id| {
        format!("The answer to the delete request was lost, but its job was found: job ID {job_id}.")
    },
    announce_interrupted_found: |job_id| {
        format!("A delete request cut off by a reload did go through: job ID {job_id}.")
    },
    announce_job_ended: |job_id, status| format!("Job {job_id} ended: {status}."),
    announce_loaded: |count| match Locale::En.plural(count) {
        Plural::One => format!("Loaded {count} image instance."),
        Plural::Other => format!("Loaded {count} image instances."),
    },
    announce_load_failed: |error| format!("Could not load the instances: {error}"),

    server_status_words: ServerStatus::english,
    job_status_words: JobStatus::english,
    sub_job_status_words: SubJobStatus::english,
    neutral_sub_job_status_words: neutral_sub_job_status,
    job_type_words: JobType::english,
    image_type_words: ImageType::english,
};
