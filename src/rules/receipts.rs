//! Deletion receipts: what an administrator hands over after a cleanup, one row per
//! instance of each finished delete job, as JSON or CSV (RFC 4180 quoting, and cells that a
//! spreadsheet would run as a formula neutralised with a leading `'`).

use serde::Serialize;

use super::jobs::JobRecord;
use super::time::format_utc_ms;

/// The outcome of a submitted instance no sub-job covers (the service did not find it).
pub const NOT_FOUND: &str = "NOT_FOUND";

/// One instance of one job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReceiptRow {
    pub project_id: String,
    pub job_id: String,
    pub request_id: String,
    pub submitted_at: String,
    pub recursive: bool,
    pub user: String,
    pub instance_id: String,
    pub name: String,
    pub status_when_submitted: String,
    pub outcome: String,
    pub error_code: String,
    pub error_message: String,
}

const COLUMNS: [&str; 12] = [
    "project_id",
    "job_id",
    "request_id",
    "submitted_at",
    "recursive",
    "user",
    "instance_id",
    "name",
    "status_when_submitted",
    "outcome",
    "error_code",
    "error_message",
];

/// The rows of the finished jobs among `records`, in their order, one per submitted
/// instance (and per sub-job for an instance the job reported that was not submitted).
pub fn receipt_rows(records: &[JobRecord]) -> Vec<ReceiptRow> {
    let mut rows = Vec::new();
    for record in records.iter().filter(|record| record.is_finished()) {
        let row = |instance_id: &str| {
            let submitted = record.instances.iter().find(|i| i.id == instance_id);
            let outcome = record.outcomes.iter().find(|o| o.id == instance_id);
            ReceiptRow {
                project_id: record.project_id.clone(),
                job_id: record.job_id.clone(),
                request_id: record.request_id.clone().unwrap_or_default(),
                submitted_at: format_utc_ms(record.submitted_at_ms as i64),
                recursive: record.recursive,
                user: record.user.clone().unwrap_or_default(),
                instance_id: instance_id.to_owned(),
                name: submitted.map(|i| i.name.clone()).unwrap_or_default(),
                status_when_submitted: submitted.map(|i| i.status.clone()).unwrap_or_default(),
                outcome: outcome.map_or(NOT_FOUND.to_owned(), |o| o.status.clone()),
                error_code: outcome.map(|o| o.error_code.clone()).unwrap_or_default(),
                error_message: outcome.map(|o| o.error_message.clone()).unwrap_or_default(),
            }
        };
        rows.extend(record.instance_ids.iter().map(|id| row(id)));
        rows.extend(
            record
                .outcomes
                .iter()
                .filter(|outcome| !record.instance_ids.contains(&outcome.id))
                .map(|outcome| row(&outcome.id)),
        );
    }
    rows
}

/// The two export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReceiptFormat {
    Json,
    Csv,
}

/// A receipt ready to download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptFile {
    pub file_name: String,
    pub mime_type: &'static str,
    pub text: String,
}

impl ReceiptFormat {
    /// The file for `rows`, named `deletion-receipt-<what>.<json|csv>`.
    pub fn file(self, what: &str, rows: &[ReceiptRow]) -> ReceiptFile {
        let (extension, mime_type, text) = match self {
            Self::Json => ("json", "application/json", receipts_json(rows)),
            Self::Csv => ("csv", "text/csv;charset=utf-8", receipts_csv(rows)),
        };
        let what: String = what
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        ReceiptFile {
            file_name: format!("deletion-receipt-{what}.{extension}"),
            mime_type,
            text,
        }
    }
}

/// The rows as a JSON array of objects.
pub fn receipts_json(rows: &[ReceiptRow]) -> String {
    serde_json::to_string_pretty(rows).expect("receipt rows serialise")
}

/// The rows as CSV with a header line, CRLF line ends.
pub fn receipts_csv(rows: &[ReceiptRow]) -> String {
    let mut csv = COLUMNS.join(",");
    csv.push_str("\r\n");
    for row in rows {
        let cells: [&str; 12] = [
            &row.project_id,
            &row.job_id,
            &row.request_id,
            &row.submitted_at,
            if row.recursive { "true" } else { "false" },
            &row.user,
            &row.instance_id,
            &row.name,
            &row.status_when_submitted,
            &row.outcome,
            &row.error_code,
            &row.error_message,
        ];
        let line: Vec<String> = cells.iter().map(|cell| csv_cell(cell)).collect();
        csv.push_str(&line.join(","));
        csv.push_str("\r\n");
    }
    csv
}

/// One CSV cell: a leading `=`, `+`, `-`, `@`, tab or carriage return (what spreadsheets run
/// as a formula) gets a `'` before it; a cell with a comma, quote or line break is quoted
/// with its quotes doubled.
pub fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::jobs::{InstanceOutcome, SubmittedInstance};
    use proptest::prelude::*;

    /// A strict RFC 4180 reader, to check the writer.
    fn parse_csv(text: &str) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let (mut row, mut cell) = (Vec::new(), String::new());
        let mut chars = text.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => cell.push(c),
                (false, '"') if cell.is_empty() => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut cell)),
                (false, '\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                    row.push(std::mem::take(&mut cell));
                    rows.push(std::mem::take(&mut row));
                }
                (false, c) => cell.push(c),
            }
        }
        rows
    }

    fn finished_record() -> JobRecord {
        JobRecord {
            job_id: "job-1".into(),
            submitted_at_ms: 1_700_000_000_000,
            instance_ids: vec!["1".into(), "2".into(), "gone".into()],
            recursive: true,
            final_status: Some("FAILED".into()),
            project_id: "0f1e".into(),
            request_id: Some("req-9".into()),
            user: Some("alice".into()),
            instances: vec![
                SubmittedInstance {
                    id: "1".into(),
                    name: "=HYPERLINK(\"x\")".into(),
                    status: "ACTIVE".into(),
                },
                SubmittedInstance {
                    id: "2".into(),
                    name: "数据, \"box\"\n2".into(),
                    status: "ERROR".into(),
                },
            ],
            outcomes: vec![
                InstanceOutcome {
                    id: "1".into(),
                    status: "SUCCESS".into(),
                    ..InstanceOutcome::default()
                },
                InstanceOutcome {
                    id: "2".into(),
                    status: "FAILED".into(),
                    error_code: "WKS.001".into(),
                    error_message: "-changed".into(),
                },
            ],
        }
    }

    #[test]
    fn a_finished_job_gives_one_row_per_instance_with_its_outcome() {
        let unfinished = JobRecord {
            job_id: "running".into(),
            instance_ids: vec!["9".into()],
            ..JobRecord::default()
        };
        let rows = receipt_rows(&[finished_record(), unfinished]);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].submitted_at, "2023-11-14T22:13:20.000Z");
        assert_eq!(
            (rows[0].request_id.as_str(), rows[0].user.as_str()),
            ("req-9", "alice")
        );
        assert_eq!(rows[1].error_code, "WKS.001");
        assert_eq!(rows[1].status_when_submitted, "ERROR");
        assert_eq!(
            (rows[2].instance_id.as_str(), rows[2].outcome.as_str()),
            ("gone", NOT_FOUND)
        );
        let json: serde_json::Value = serde_json::from_str(&receipts_json(&rows)).unwrap();
        assert_eq!(json[1]["name"], "数据, \"box\"\n2");
        assert_eq!(json[0]["recursive"], true);
    }

    #[test]
    fn csv_quotes_and_neutralises_formulas() {
        let rows = receipt_rows(&[finished_record()]);
        let parsed = parse_csv(&receipts_csv(&rows));
        assert_eq!(parsed[0], COLUMNS);
        assert_eq!(parsed[1][7], "'=HYPERLINK(\"x\")");
        assert_eq!(parsed[2][7], "数据, \"box\"\n2");
        assert_eq!(parsed[2][11], "'-changed");
        assert_eq!(parsed.len(), 4);
        for cell in ["+1", "-1", "@x", "=1", "\tx"] {
            assert!(
                csv_cell(cell).trim_start_matches('"').starts_with('\''),
                "{cell}"
            );
        }
        assert_eq!(csv_cell("plain"), "plain");
    }

    #[test]
    fn files_are_named_safely_by_format() {
        let file = ReceiptFormat::Csv.file("job/../1", &[]);
        assert_eq!(file.file_name, "deletion-receipt-job____1.csv");
        assert_eq!(parse_csv(&file.text), [COLUMNS]);
        assert_eq!(ReceiptFormat::Json.file("all", &[]).text, "[]");
    }

    proptest! {
        #[test]
        fn any_cell_reads_back_as_written_or_neutralised(cells in proptest::collection::vec(".{0,12}|[=+@,\"\\n\\r-].{0,6}", 1..6)) {
            let line: Vec<String> = cells.iter().map(|cell| csv_cell(cell)).collect();
            let parsed = parse_csv(&format!("{}\r\n", line.join(",")));
            prop_assert_eq!(parsed.len(), 1);
            for (read, written) in parsed[0].iter().zip(&cells) {
                if written.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                    prop_assert_eq!(read, &format!("'{written}"));
                } else {
                    prop_assert_eq!(read, written);
                }
            }
        }
    }
}
