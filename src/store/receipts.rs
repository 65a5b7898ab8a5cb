//! Deletion receipts of the finished jobs this browser remembers.

use leptos::prelude::*;

use super::Store;
use crate::rules::receipts::{receipt_rows, ReceiptFile, ReceiptFormat};

impl Store {
    /// The receipt of one finished job, or of every finished job in the history (`None`).
    pub fn receipt(&self, job_id: Option<&str>, format: ReceiptFormat) -> ReceiptFile {
        self.jobs().with_untracked(|jobs| match job_id {
            Some(job_id) => {
                let records: Vec<_> = jobs.find(job_id).cloned().into_iter().collect();
                format.file(job_id, &receipt_rows(&records))
            }
            None => format.file("all", &receipt_rows(jobs.records())),
        })
    }
}
