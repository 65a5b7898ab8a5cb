//! Delete requests cut off by a reload or a closed tab: their outcome is unknown, and they
//! are never sent again automatically.

use leptos::prelude::*;

use super::say;
use crate::hooks::use_local_time;
use crate::store::Store;

#[component]
pub fn InterruptedSubmissions() -> impl IntoView {
    let store = expect_context::<Store>();
    let words = store.words();
    move || {
        let interrupted = store.interrupted().get();
        (!interrupted.is_empty()).then(|| {
            view! {
                <div class="notice warning interrupted-submissions" role="alert">
                    <p>
                        <strong>{say(words, |w| w.interrupted_title)}</strong>
                        {say(words, |w| w.interrupted_text)}
                    </p>
                    <ul>
                        {interrupted
                            .into_iter()
                            .map(|pending| {
                                view! {
                                    <li>
                                        {(words.get().interrupted_item)(
                                            &use_local_time(pending.started_at_ms as f64, store.locale().get()).local,
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
                        {say(words, |w| w.dismiss)}
                    </button>
                </div>
            }
        })
    }
}
