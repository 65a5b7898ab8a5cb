//! Side effects owned by the view that uses them, one per file (leptos-use style): each
//! starts with the view and is cleaned up with it. Hooks use the store and the browser
//! glue; views use hooks instead of either's effects.

mod use_after_paint;
mod use_clipboard;
mod use_document_language;
mod use_download;
mod use_focus_on_show;
mod use_focus_trap;
mod use_instance_rows;
mod use_job_poller;
mod use_local_time;
mod use_modal;
mod use_page_visibility;
mod use_reason_tip;
mod use_reveal;
mod use_storage_sync;
mod use_url_view;

pub use use_after_paint::use_after_paint;
pub use use_clipboard::use_clipboard;
pub use use_document_language::use_document_language;
pub use use_download::use_download;
pub use use_focus_on_show::use_focus_on_show;
pub use use_focus_trap::use_focus_trap;
pub use use_instance_rows::{use_instance_rows, RowText};
pub use use_job_poller::{use_job_poller, JobPoll, PollState};
pub use use_local_time::{use_local_time, LocalTime};
pub use use_modal::use_modal;
pub use use_page_visibility::use_page_visibility;
pub use use_reason_tip::{use_reason_tip, ReasonTip, ReasonTips};
pub use use_reveal::use_reveal;
pub use use_storage_sync::use_storage_sync;
pub use use_url_view::use_url_view;
