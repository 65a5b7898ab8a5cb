//! Delete requests cut off by a reload or a closed tab: their outcome is unknown, and they
//! are never sent again automatically.

use leptos::prelude::*;

use crate::hooks::use_local_time;
use crate::store::Store;

#[component]
pub fn InterruptedSubmissions() -> impl IntoView {
    let store = expect_context::<Store>();
    move || {
        let interrupted = store.interrupted().get();
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
                                            use_local_time(pending.started_at_ms as f64).local,
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
