//! Files the console offers for download (receipts): the Blob behind each object URL and the
//! `download` name of the link clicked, kept by the page in `window.__downloads`.

use serde_json::json;

use super::{Console, UI_TIMEOUT};
use crate::support::page::{js, wait_js};

/// One file the page handed to the browser to save.
#[derive(Debug)]
pub struct Download {
    pub file_name: String,
    pub text: String,
}

impl Console {
    /// From now on, keeps every download the page starts (in order).
    pub async fn record_downloads(&self) {
        js(
            self,
            "window.__downloads = [];
             const texts = new Map();
             const create = URL.createObjectURL;
             URL.createObjectURL = blob => {
                 const url = create(blob);
                 texts.set(url, blob.text());
                 return url;
             };
             const click = HTMLAnchorElement.prototype.click;
             HTMLAnchorElement.prototype.click = function () {
                 const entry = {file_name: this.download, text: null};
                 window.__downloads.push(entry);
                 const text = texts.get(this.href);
                 if (text) text.then(t => { entry.text = t; });
                 return click.call(this);
             };
             return true;",
            vec![],
        )
        .await;
    }

    /// Waits for the `n`th download (1-based) since [`Console::record_downloads`].
    pub async fn download(&self, n: usize) -> Download {
        let entry = wait_js(
            self,
            &format!("download {n}"),
            "const d = window.__downloads[arguments[0] - 1];
             return d && d.text !== null && d;",
            vec![json!(n)],
            UI_TIMEOUT,
        )
        .await;
        Download {
            file_name: entry["file_name"].as_str().expect("a file name").to_owned(),
            text: entry["text"].as_str().expect("the file's text").to_owned(),
        }
    }
}
