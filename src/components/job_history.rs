//! The recent-jobs history.

use leptos::prelude::*;

use super::export_buttons::ExportButtons;
use super::say;
use crate::hooks::use_local_time;
use crate::store::Store;
use crate::wire::JobStatus;

#[component]
pub fn JobHistoryList() -> impl IntoView {
    let store = expect_context::<Store>();
    let jobs = store.jobs();
    let words = store.words();
    view! {
        <details class="history">
            <summary>{move || (words.get().recent_jobs)(jobs.with(|jobs| jobs.records().len()))}</summary>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{say(words, |w| w.job_id)}</th>
                        <th scope="col">{say(words, |w| w.history_submitted)}</th>
                        <th scope="col">{say(words, |w| w.history_instances)}</th>
                        <th scope="col">{say(words, |w| w.history_associated)}</th>
                        <th scope="col">{say(words, |w| w.history_final_status)}</th>
                        <th scope="col"><span class="visually-hidden">{say(words, |w| w.history_actions)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || jobs.get().records().to_vec()
                        key=|record| (record.job_id.clone(), record.final_status.clone())
                        children=move |record| {
                            let job_id = record.job_id.clone();
                            let final_status = record.final_status.as_deref().map(JobStatus::parse);
                            let raw_status = record.final_status.clone();
                            view! {
                                <tr>
                                    <td><code>{record.job_id.clone()}</code></td>
                                    <td>{move || use_local_time(record.submitted_at_ms as f64, store.locale().get()).local}</td>
                                    <td>{record.instance_ids.len()}</td>
                                    <td>{move || if record.recursive { words.get().history_deleted } else { words.get().history_kept }}</td>
                                    <td>{move || match final_status.as_ref() {
                                        Some(status) => words.get().job_status(status).to_owned(),
                                        None => words.get().history_in_progress.to_owned(),
                                    }}
                                    {raw_status.map(|raw| view! { " " <code class="raw-status">{raw}</code> })}</td>
                                    <td>
                                        <button type="button" class="secondary small" on:click=move |_| store.show_job(&job_id)>
                                            {say(words, |w| w.show)}
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
