//! "Export receipt" as JSON or CSV: one finished job's, or the whole history's.

use leptos::prelude::*;

use crate::hooks::use_download;
use crate::rules::receipts::ReceiptFormat;
use crate::store::Store;

#[component]
pub fn ExportButtons(job_id: Option<String>) -> impl IntoView {
    let store = expect_context::<Store>();
    let download = use_download();
    let words = store.words();
    let one_job = job_id.is_some();
    let what = move || {
        if one_job {
            words.get().export_receipt
        } else {
            words.get().export_all_receipts
        }
    };
    let button = move |format: ReceiptFormat, label: &'static str| {
        let job_id = job_id.clone();
        view! {
            <button
                type="button"
                class="secondary small"
                data-export=label
                on:click=move |_| download(store.receipt(job_id.as_deref(), format))
            >
                {move || format!("{} ({label})", what())}
            </button>
        }
    };
    view! {
        {button(ReceiptFormat::Json, "JSON")}
        " "
        {button(ReceiptFormat::Csv, "CSV")}
    }
}
