//! Delete requests cut off by a reload or a closed tab: their outcome is unknown, and they
//! are never sent again automatically.

use leptos::prelude::*;

use crate::hooks::use_local_time;
use crate::store::Store;

#[component]
pub fn InterruptedSubmissions() -> impl IntoView {
    let store = expect_context::<Store>();
    let words = store.messages();
    let locale = store.locale().get_untracked();
    move || {
        let interrupted = store.interrupted().get();
        (!interrupted.is_empty()).then(|| {
            view! {
                <div class="notice warning interrupted-submissions" role="alert">
                    <p>
                        <strong>{words.interrupted_title}</strong>
                        {words.interrupted_text}
                    </p>
                    <ul>
                        {interrupted
                            .into_iter()
                            .map(|pending| {
                                view! {
                                    <li>
                                        {(words.interrupted_item)(
                                            &use_local_time(pending.started_at_ms as f64, locale).local,
                                            pending.instance_ids.len(),
                                            pending.recursive,
                                        )}
                                        <code class="pending-ids">{pending.instance_ids.join(", ")}</code>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <button type="button" on:click=move |_| store.dismiss_interrupted()>
                        {words.dismiss}
                    </button>
                </div>
            }
        })
    }
}
