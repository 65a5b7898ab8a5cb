//! Downloads a file the store prepared (a deletion receipt).
//!
//! ```ignore
//! let download = use_download();
//! view! { <button on:click=move |_| download(store.receipt(None, ReceiptFormat::Csv))>"Export"</button> }
//! ```
//! Nothing is left behind: the object URL is revoked once the download has started.

use crate::browser::download::download;
use crate::rules::receipts::ReceiptFile;

pub fn use_download() -> impl Fn(ReceiptFile) + Copy + 'static {
    |file: ReceiptFile| {
        download(&file.file_name, file.mime_type, &file.text);
    }
}
