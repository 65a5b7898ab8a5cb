//! Views: they read the store's signals and call its actions, nothing more.

mod dialog;
mod error_notice;
mod jobs;
mod selection_bar;
mod settings;
mod table;
mod toolbar;

use leptos::prelude::*;

use crate::api::client::{fetch_config_file, Client};
use crate::persist;
use crate::platform;
use crate::state::config::{ConfigProblem, RawConfig};
use crate::store::{LoadState, Store};

pub use error_notice::ErrorNotice;
pub use jobs::JobPanel;
pub use selection_bar::SelectionBar;
pub use settings::{Settings, SettingsForm};
pub use table::InstanceTable;
pub use toolbar::Toolbar;

/// The whole page: loads the configuration, then shows the console.
#[component]
pub fn App() -> impl IntoView {
    let store = Store::new();
    provide_context(store);

    let file_config = LocalResource::new(fetch_config_file);
    let settings = RwSignal::new(persist::load_settings());
    let token = RwSignal::new(None::<String>);
    let settings_open = RwSignal::new(false);

    // The configuration in force: config.json overridden by saved settings.
    let resolved = Memo::new(move |_| -> Option<Result<Client, Vec<ConfigProblem>>> {
        let (file, file_problem) = match file_config.get()? {
            Ok(raw) => (raw, None),
            Err(problem) => (RawConfig::default(), Some(problem)),
        };
        let merged = file.overridden_by(&settings.get());
        Some(
            merged
                .validate(&platform::page_url())
                .map(|config| Client::new(config, token.get()))
                .map_err(|mut problems| {
                    // The file's own problem explains a missing key better than "not set".
                    if let Some(file_problem) = file_problem {
                        problems.retain(|problem| !matches!(problem, ConfigProblem::Missing(_)));
                        problems.insert(0, file_problem);
                    }
                    problems
                }),
        )
    });
    Effect::new(move |_| match resolved.get() {
        Some(Ok(client)) if store.client.get_untracked().as_ref() != Some(&client) => {
            store.client.set(Some(client));
            store.refresh();
            store.recover_interrupted();
        }
        Some(Err(_)) => {
            store.client.set(None);
            store.load.set(LoadState::Idle);
        }
        _ => {}
    });

    window_event_listener(leptos::ev::storage, move |event| {
        if event.key().as_deref() == Some(persist::JOBS_KEY) {
            store.reload_jobs();
        }
    });

    view! {
        <header class="masthead">
            <h1>"Image instances"</h1>
            <p class="project">
                {move || {
                    store
                        .client
                        .get()
                        .map(|client| format!("Project {}", client.project_id()))
                        .unwrap_or_default()
                }}
            </p>
            <button type="button" class="secondary" on:click=move |_| settings_open.set(true)>
                "Settings"
            </button>
        </header>
        <div class="visually-hidden" role="status" aria-live="polite">
            {move || store.announcement.get()}
        </div>
        <Settings open=settings_open settings token />
        <main>
            <Show when=move || resolved.with(Option::is_none)>
                <p class="loading">"Loading configuration…"</p>
            </Show>
            {move || match resolved.get() {
                Some(Err(problems)) => {
                    Some(view! { <ConfigProblems problems settings token /> })
                }
                _ => None,
            }}
            // Mounted once while the configuration is valid, so job pollers are not restarted
            // by a settings change that keeps it valid.
            <Show when=move || matches!(resolved.get(), Some(Ok(_)))>
                <Console />
            </Show>
        </main>
    }
}

/// What is wrong with the configuration, and the form to fix it for this browser.
#[component]
fn ConfigProblems(
    problems: Vec<ConfigProblem>,
    settings: RwSignal<RawConfig>,
    token: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <section class="notice error" role="alert" aria-labelledby="config-problems-title">
            <h2 id="config-problems-title">"The console is not configured correctly"</h2>
            <ul>
                {problems
                    .into_iter()
                    .map(|problem| view! { <li>{problem.to_string()}</li> })
                    .collect_view()}
            </ul>
            <p>
                "Fix config.json beside index.html (see the README), or set the values for this browser below."
            </p>
        </section>
        <section class="inline-settings" aria-label="Settings for this browser">
            <SettingsForm settings token shown=true id_prefix="inline-settings" on_saved=|_| () />
        </section>
    }
}

/// The configured console: toolbar, selection bar, job panel and table.
#[component]
fn Console() -> impl IntoView {
    let store = expect_context::<Store>();
    view! {
        {move || {
            store
                .storage_warning
                .get()
                .map(|warning| {
                    view! {
                        <div class="notice warning" role="alert">
                            <p>{warning}</p>
                            <button type="button" on:click=move |_| store.storage_warning.set(None)>
                                "Dismiss"
                            </button>
                        </div>
                    }
                })
        }}
        <InterruptedSubmissions />
        <JobPanel />
        <Toolbar />
        <SelectionBar />
        <InstanceTable />
    }
}

/// Delete requests cut off by a reload or a closed tab: their outcome is unknown, and they
/// are never sent again automatically.
#[component]
fn InterruptedSubmissions() -> impl IntoView {
    let store = expect_context::<Store>();
    move || {
        let interrupted = store.interrupted.get();
        (!interrupted.is_empty()).then(|| {
            view! {
                <div class="notice warning interrupted-submissions" role="alert">
                    <p>
                        <strong>"A delete request got no answer"</strong>
                        ": the page was reloaded or closed while it was being sent, so it may or may not have been carried out. It was not sent again. Check these instances in the list (Deleting, or gone, means it went through) before deleting them again."
                    </p>
                    <ul>
                        {interrupted
                            .into_iter()
                            .map(|pending| {
                                view! {
                                    <li>
                                        {format!(
                                            "Sent {} · {} instance{} · associated resources {}: ",
                                            platform::local_time(pending.started_at_ms as f64),
                                            pending.instance_ids.len(),
                                            if pending.instance_ids.len() == 1 { "" } else { "s" },
                                            if pending.recursive { "deleted too" } else { "kept" },
                                        )}
                                        <code class="pending-ids">{pending.instance_ids.join(", ")}</code>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <button type="button" on:click=move |_| store.dismiss_interrupted()>
                        "Dismiss"
                    </button>
                </div>
            }
        })
    }
}

/// Installs a panic hook that shows the panic on the page as text, then mounts the app.
pub fn mount() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_panic(&info.to_string());
    }));
    mount_to_body(App);
}

/// Adds a visible banner for an internal error, built with text nodes only.
fn show_panic(text: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let (Ok(banner), Some(body)) = (document.create_element("div"), document.body()) else {
        return;
    };
    banner.set_class_name("notice error panic");
    banner.set_attribute("role", "alert").ok();
    banner.set_text_content(Some(&format!(
        "Internal error: the console stopped working. Reload the page; jobs already \
         started are kept. Details: {text}"
    )));
    body.prepend_with_node_1(&banner).ok();
}
