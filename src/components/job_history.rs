//! The recent-jobs history.

use leptos::prelude::*;

use super::export_buttons::ExportButtons;
use crate::hooks::use_local_time;
use crate::store::Store;
use crate::wire::JobStatus;

#[component]
pub fn JobHistoryList() -> impl IntoView {
    let store = expect_context::<Store>();
    let jobs = store.jobs();
    let words = store.messages();
    let locale = store.locale().get_untracked();
    view! {
        <details class="history">
            <summary>{move || (words.recent_jobs)(jobs.with(|jobs| jobs.records().len()))}</summary>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{words.job_id}</th>
                        <th scope="col">{words.history_submitted}</th>
                        <th scope="col">{words.history_instances}</th>
                        <th scope="col">{words.history_associated}</th>
                        <th scope="col">{words.history_final_status}</th>
                        <th scope="col"><span class="visually-hidden">{words.history_actions}</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || jobs.get().records().to_vec()
                        key=|record| (record.job_id.clone(), record.final_status.clone())
                        children=move |record| {
                            let job_id = record.job_id.clone();
                            view! {
                                <tr>
                                    <td><code>{record.job_id.clone()}</code></td>
                                    <td>{use_local_time(record.submitted_at_ms as f64, locale).local}</td>
                                    <td>{record.instance_ids.len()}</td>
                                    <td>{if record.recursive { words.history_deleted } else { words.history_kept }}</td>
                                    <td>{record
                                        .final_status
                                        .as_deref()
                                        .map_or(words.history_in_progress.to_owned(), |raw| {
                                            words.job_status(&JobStatus::parse(raw)).to_owned()
                                        })}</td>
                                    <td>
                                        <button type="button" class="secondary small" on:click=move |_| store.show_job(&job_id)>
                                            {words.show}
                                        </button>
                                    </td>
                                </tr>
                            }
                        }
                    />
                </tbody>
            </table>
            <p class="actions">
                <ExportButtons job_id=None />
            </p>
        </details>
    }
}
