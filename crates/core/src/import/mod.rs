//! The shared import pipeline: read a file strictly as the declared format (or refuse it
//! whole, writing nothing), then let a practice turn rows into records inside one
//! transaction, collecting row errors in the contract's report shape.

use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{CoreError, Result};

/// Longest line accepted; a longer one means the file is not what it claims to be.
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// The report lists this many row errors at most.
pub const MAX_REPORTED_ERRORS: usize = 100;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportReport {
    pub format: String,
    #[ts(type = "number")]
    pub rows_read: u64,
    #[ts(type = "number")]
    pub created: u64,
    #[ts(type = "number")]
    pub updated: u64,
    #[ts(type = "number")]
    pub rejected: u64,
    pub errors: Vec<RowError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RowError {
    #[ts(type = "number")]
    pub row: u64,
    pub column: Option<String>,
    pub message: String,
}

impl ImportReport {
    pub fn new(format: &str) -> Self {
        ImportReport { format: format.into(), ..Default::default() }
    }

    pub fn reject(&mut self, row: u64, column: Option<&str>, message: impl Into<String>) {
        self.rejected += 1;
        if self.errors.len() < MAX_REPORTED_ERRORS {
            self.errors.push(RowError { row, column: column.map(str::to_string), message: message.into() });
        }
    }
}

/// A CSV file read whole and checked: UTF-8, a header, consistent field counts.
pub struct CsvTable {
    headers: Vec<String>,
    pub rows: Vec<csv::StringRecord>,
    pub sha256: String,
}

fn file_error(path: &Path, reason: impl Into<String>) -> CoreError {
    CoreError::Validation { field: Some("file".into()), row: None, reason: format!("{}: {}", path.display(), reason.into()) }
}

impl CsvTable {
    pub fn read(path: &Path) -> Result<Self> {
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => file_error(path, "the file does not exist"),
                _ => CoreError::io_at("read", path, e),
            })?;
        Self::parse(path, &bytes)
    }

    /// Checks and splits CSV text already in memory; `path` names it in messages.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Self> {
        let sha256 = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
                return Err(file_error(path, format!("line {line} is not valid UTF-8 text")));
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(file_error(path, "the file is empty"));
        }
        if let Some((i, _)) = text.split('\n').enumerate().find(|(_, l)| l.len() > MAX_LINE_BYTES) {
            return Err(file_error(path, format!("line {} is longer than {} bytes", i + 1, MAX_LINE_BYTES)));
        }
        let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(text.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| file_error(path, format!("the header row cannot be read ({e})")))?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        let mut rows = Vec::new();
        for (i, rec) in reader.records().enumerate() {
            let rec = rec.map_err(|e| match e.kind() {
                csv::ErrorKind::UnequalLengths { expected_len, len, .. } => file_error(
                    path,
                    format!("data row {} has {len} fields where the header has {expected_len}", i + 1),
                ),
                _ => file_error(path, format!("data row {} cannot be read ({e})", i + 1)),
            })?;
            rows.push(rec);
        }
        Ok(CsvTable { headers, rows, sha256 })
    }

    /// The index of the first header among `names` (aliases), if present.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.headers.iter().position(|h| h == n))
    }

    /// Like [`column`](Self::column) but the file is refused when the column is missing.
    pub fn require(&self, path: &Path, names: &[&str]) -> Result<usize> {
        self.column(names).ok_or_else(|| {
            let found = if self.headers.len() == 1 {
                " (only one column was found: is the file comma-separated?)".to_string()
            } else {
                String::new()
            };
            file_error(path, format!("the required column \"{}\" is missing{found}", names[0]))
        })
    }
}

/// The field at `idx` of a record, or "" when the column is absent.
pub fn field<'r>(rec: &'r csv::StringRecord, idx: Option<usize>) -> &'r str {
    idx.and_then(|i| rec.get(i)).unwrap_or("").trim()
}
