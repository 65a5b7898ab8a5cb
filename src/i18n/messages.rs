//! Every word the console writes, as one struct: each language is a `const` of it, so a
//! key missing from a language does not compile. Text with numbers or names is a `fn`.

use crate::rules::config::ConfigProblem;
use crate::rules::outcomes::OutcomeSummary;
use crate::rules::page_span::PageSpan;
use crate::rules::precheck::StaleReason;
use crate::rules::selection::Ineligible;
use crate::wire::{ImageType, JobStatus, JobType, ServerStatus, SubJobStatus};

/// One language's words. Field names say where the text is used.
pub struct Messages {
    // The page and its header.
    pub page_title: &'static str,
    pub app_title: &'static str,
    pub project: fn(&str) -> String,
    pub signed_in_as: fn(&str) -> String,
    pub settings_button: &'static str,
    pub language_label: &'static str,
    pub loading_configuration: &'static str,
    pub dismiss: &'static str,
    /// The banner when the console panics: (details).
    pub internal_error: fn(&str) -> String,
    pub cancel: &'static str,

    // A configuration that cannot be used.
    pub config_invalid_title: &'static str,
    pub config_fix_hint: &'static str,
    pub inline_settings_label: &'static str,
    pub config_problem: fn(&ConfigProblem) -> String,

    // The settings form.
    pub settings_title: &'static str,
    pub settings_help: &'static str,
    pub api_base_label: &'static str,
    pub project_id_label: &'static str,
    pub token_label: &'static str,
    pub save_settings: &'static str,
    pub settings_not_saved: fn(&str) -> String,

    // Storage problems and delete requests cut off by a reload.
    pub storage_pending_failed: fn(&str) -> String,
    pub storage_job_failed: fn(&str) -> String,
    pub no_storage: &'static str,
    /// (the browser's words)
    pub storage_refused: fn(&str) -> String,
    pub interrupted_title: &'static str,
    /// Follows the title on the same line (it starts with its own punctuation).
    pub interrupted_text: &'static str,
    /// (time sent, instances, associated resources deleted too)
    pub interrupted_item: fn(&str, usize, bool) -> String,

    // Job cards and the history.
    pub jobs_label: &'static str,
    /// A card's kind of job, by its type; a job of no known type is a delete job (the
    /// console starts only those).
    pub job_kind: fn(&JobType) -> &'static str,
    /// (kind of job, job id)
    pub job_card_label: fn(&str, &str) -> String,
    /// (kind of job)
    pub job_finished: fn(&str) -> String,
    pub job_in_progress: fn(&str) -> String,
    pub job_id: &'static str,
    pub copy_job_id: &'static str,
    pub copied: &'static str,
    /// (instances, associated resources deleted too, time submitted)
    pub job_meta: fn(usize, bool, &str) -> String,
    pub status_prefix: &'static str,
    pub not_checked_yet: &'static str,
    pub check_now: &'static str,
    /// (processed, total)
    pub job_progress: fn(usize, usize) -> String,
    pub next_check_at: &'static str,
    pub checking: &'static str,
    pub retrying_at: &'static str,
    pub paused_hidden: &'static str,
    /// (minutes)
    pub gave_up: fn(u32) -> String,
    pub poll_error_title: &'static str,
    /// (the counts, whether the job deletes: other jobs say "succeeded", not "deleted")
    pub outcome_heading: fn(&OutcomeSummary, bool) -> String,
    pub not_found_outcome: &'static str,
    pub unknown_status: &'static str,
    pub export_receipt: &'static str,
    pub export_all_receipts: &'static str,
    pub recent_jobs: fn(usize) -> String,
    pub history_submitted: &'static str,
    pub history_instances: &'static str,
    pub history_associated: &'static str,
    pub history_final_status: &'static str,
    pub history_actions: &'static str,
    pub history_deleted: &'static str,
    pub history_kept: &'static str,
    pub history_in_progress: &'static str,
    pub show: &'static str,

    // Search, filter, refresh and loading.
    pub find_instances: &'static str,
    pub search: &'static str,
    pub search_placeholder: &'static str,
    pub status: &'static str,
    pub all_statuses: &'static str,
    pub refresh: &'static str,
    /// Before the time of the last refresh.
    pub updated: &'static str,
    pub loading_instances: &'static str,
    /// (loaded, total)
    pub loading_progress: fn(usize, u64) -> String,
    /// (listed, counted)
    pub list_shortfall: fn(usize, u64) -> String,
    pub load_failed_title: &'static str,

    // An API error.
    pub error_code: &'static str,
    pub error_message: &'static str,
    pub error_body: &'static str,
    pub error_details: &'static str,
    pub authorization_message: &'static str,
    pub request_id: &'static str,
    pub retry_after: &'static str,
    pub seconds: fn(u32) -> String,
    pub network_error: &'static str,
    /// (the time limit, ms)
    pub timed_out: fn(u32) -> String,
    pub http_unreadable: fn(u16) -> String,
    pub http_not_api_error: fn(u16) -> String,
    pub request_failed: &'static str,

    // The selection bar, its warning and the delete confirmation.
    pub selection_label: &'static str,
    /// (selected, cap)
    pub selected_count: fn(usize, usize) -> String,
    pub hidden_by_filter: fn(usize) -> String,
    pub at_cap: fn(usize) -> String,
    /// (added, cap, left unselected)
    pub bulk_stopped: fn(usize, usize, usize) -> String,
    pub clear_selection: &'static str,
    pub delete_button: fn(usize) -> String,
    pub submitting: &'static str,
    pub submit_outcome_unknown: &'static str,
    pub submit_refused: &'static str,
    pub recursive_flag: &'static str,
    pub recursive_title: &'static str,
    pub recursive_text: &'static str,
    pub recursive_text_strong: &'static str,
    pub recursive_text_end: &'static str,
    pub recursive_confirm: &'static str,
    pub delete_title: fn(usize) -> String,
    pub delete_summary_recursive: &'static str,
    pub delete_summary_kept: &'static str,
    pub confirm_prompt: fn(&str) -> String,
    pub delete_confirm_button: fn(usize) -> String,

    // The check made after the confirmation, before sending.
    pub check_in_progress: &'static str,
    pub check_failed_title: &'static str,
    pub check_again: &'static str,
    pub nothing_sent: &'static str,
    /// Follows `nothing_sent` on the same line.
    pub stale_intro: &'static str,
    pub none_left: &'static str,
    pub continue_without: &'static str,
    /// (instances left to send)
    pub continue_question: fn(usize) -> String,
    pub continue_confirm: fn(usize) -> String,
    pub stale_reason: fn(&StaleReason) -> String,

    // The view switch and the job centre.
    pub views_label: &'static str,
    pub view_instances: &'static str,
    pub view_job_centre: &'static str,
    pub job_centre_hint: &'static str,
    pub loading_jobs: &'static str,
    pub load_jobs_failed: &'static str,
    pub retry: &'static str,
    pub job_type_label: &'static str,
    pub all_job_types: &'static str,
    pub refresh_jobs: &'static str,
    pub no_jobs_on_page: &'static str,
    pub column_job_type: &'static str,
    pub column_sub_jobs: &'static str,
    pub column_began: &'static str,
    pub column_ended: &'static str,
    /// A value the API left out.
    pub not_given: &'static str,
    pub open: &'static str,
    pub open_job: fn(&str) -> String,
    pub job_pages_label: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    /// (where the page sits, page number, jobs per page)
    pub jobs_page: fn(&PageSpan, u64, u64) -> String,
    pub announce_jobs_loaded: fn(usize) -> String,
    /// (the error)
    pub announce_check_failed: fn(&str) -> String,
    /// (instances that changed)
    pub announce_stale: fn(usize) -> String,
    pub announce_jobs_failed: fn(&str) -> String,

    // The table.
    pub table_caption: &'static str,
    pub column_name: &'static str,
    pub column_id: &'static str,
    pub column_status: &'static str,
    pub column_image_type: &'static str,
    pub column_user: &'static str,
    pub column_created: &'static str,
    pub no_instances: &'static str,
    pub no_match: &'static str,
    pub clear_filters: &'static str,
    pub select_all: fn(usize) -> String,
    pub select_row: fn(&str) -> String,
    pub limit_reached: fn(usize) -> String,
    pub ineligible: fn(Ineligible) -> &'static str,

    // The live region.
    /// (instances, job id)
    pub announce_accepted: fn(usize, &str) -> String,
    pub announce_submit_failed: fn(&str) -> String,
    pub announce_lost_answer_found: fn(&str) -> String,
    pub announce_interrupted_found: fn(&str) -> String,
    /// (job id, status in words)
    pub announce_job_ended: fn(&str, &str) -> String,
    pub announce_loaded: fn(usize) -> String,
    pub announce_load_failed: fn(&str) -> String,

    // The API's values in words: `None` for a value the console does not know (a match on
    // every known variant, so a new one does not compile until it has words).
    pub server_status_words: fn(&ServerStatus) -> Option<&'static str>,
    pub job_status_words: fn(&JobStatus) -> Option<&'static str>,
    pub sub_job_status_words: fn(&SubJobStatus) -> Option<&'static str>,
    /// A sub-job's status in a job that does not delete (create, build).
    pub neutral_sub_job_status_words: fn(&SubJobStatus) -> Option<&'static str>,
    pub job_type_words: fn(&JobType) -> Option<&'static str>,
    pub image_type_words: fn(&ImageType) -> Option<&'static str>,
}

impl Messages {
    /// An instance's status in words; an unknown value as the API sent it.
    pub fn server_status<'a>(&self, status: &'a ServerStatus) -> &'a str {
        (self.server_status_words)(status).unwrap_or(status.raw())
    }

    /// A job's status in words; an unknown value as the API sent it.
    pub fn job_status<'a>(&self, status: &'a JobStatus) -> &'a str {
        (self.job_status_words)(status).unwrap_or(status.raw())
    }

    /// A sub-job's status in words; an unknown one says so instead of passing for one the
    /// console knows (the raw value is shown beside it).
    pub fn sub_job_status(&self, status: &SubJobStatus) -> &'static str {
        (self.sub_job_status_words)(status).unwrap_or(self.unknown_status)
    }

    /// What a sub-job's status did to its instance in a delete job; only what the status is
    /// in any other job.
    pub fn sub_job_outcome(&self, status: &SubJobStatus, deletes: bool) -> &'static str {
        let words = if deletes {
            self.sub_job_status_words
        } else {
            self.neutral_sub_job_status_words
        };
        words(status).unwrap_or(self.unknown_status)
    }

    /// A job type in words; an unknown value as the API sent it.
    pub fn job_type<'a>(&self, job_type: &'a JobType) -> &'a str {
        (self.job_type_words)(job_type).unwrap_or(job_type.raw())
    }

    /// An image type in words; an unknown value as the API sent it.
    pub fn image_type<'a>(&self, image_type: &'a ImageType) -> &'a str {
        (self.image_type_words)(image_type).unwrap_or(image_type.raw())
    }
}
