//! Views: they read the store's signals and call its actions, nothing more. Side effects
//! come from [`crate::hooks`].

mod app;
mod config_problems;
mod console;
mod delete_check;
mod delete_dialog;
mod dialog;
mod error_notice;
mod export_buttons;
mod interrupted;
mod job_card;
mod job_centre;
mod job_centre_filters;
mod job_centre_pager;
mod job_centre_table;
mod job_history;
mod job_id_line;
mod job_outcome;
mod job_panel;
mod language_switch;
mod load_status;
mod masthead;
mod moment;
mod recursive_warning;
mod select_all;
mod selection_bar;
mod settings;
mod settings_form;
mod stale_notice;
mod table;
mod table_row;
mod toolbar;
mod view_switch;

use leptos::prelude::*;

use crate::i18n::Messages;

pub use app::App;
pub use error_notice::ErrorNotice;
pub use job_panel::JobPanel;
pub use masthead::Masthead;
pub use selection_bar::SelectionBar;
pub use settings::Settings;
pub use settings_form::SettingsForm;
pub use table::InstanceTable;
pub use toolbar::Toolbar;

/// A fixed text in the language shown, following it as it changes: `say(words, |w| w.refresh)`.
/// Every such text is the same closure type, so each adds no view code of its own.
fn say(
    words: Signal<&'static Messages>,
    pick: fn(&'static Messages) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || pick(words.get())
}
