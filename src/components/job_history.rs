//! The recent-jobs history.

use leptos::prelude::*;

use super::export_buttons::ExportButtons;
use crate::hooks::use_local_time;
use crate::store::Store;

#[component]
pub fn JobHistoryList() -> impl IntoView {
    let store = expect_context::<Store>();
    let jobs = store.jobs();
    view! {
        <details class="history">
            <summary>{move || format!("Recent jobs ({})", jobs.with(|jobs| jobs.records().len()))}</summary>
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Job ID"</th>
                        <th scope="col">"Submitted"</th>
                        <th scope="col">"Instances"</th>
                        <th scope="col">"Associated resources"</th>
                        <th scope="col">"Final status"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
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
                                    <td>{use_local_time(record.submitted_at_ms as f64).local}</td>
                                    <td>{record.instance_ids.len()}</td>
                                    <td>{if record.recursive { "deleted" } else { "kept" }}</td>
                                    <td>{record.final_status.clone().unwrap_or_else(|| "in progress".into())}</td>
                                    <td>
                                        <button type="button" class="secondary small" on:click=move |_| store.show_job(&job_id)>
                                            "Show"
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
