//! A file read whole as one table: a CSV (checked strictly, as every import reads it), the
//! first sheet of a workbook (XLSX, XLS, ODS through calamine) or the list of records a JSON
//! export holds (`json.rs`). Every import that does not stream reads its file through here,
//! so each of them takes a workbook or a JSON list as it takes a CSV.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use sha2::{Digest, Sha256};

use super::{file_error, CsvSource, Headers, ImportPhase, ProgressHook, REPORT_EVERY};
use crate::error::Result;

pub struct Table {
    pub headers: Headers,
    pub rows: Vec<csv::StringRecord>,
    pub sha256: String,
    progress: ProgressHook,
}

/// Whether a file is read whole whatever the import (a workbook or JSON, by its name).
pub fn is_whole(path: &Path) -> bool {
    is_workbook(path) || super::json::is_json(path)
}

/// Whether a file is a workbook (by its name: a CSV may hold anything).
pub fn is_workbook(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    matches!(ext.as_deref(), Some("xlsx" | "xlsm" | "xls" | "ods"))
}

impl Table {
    pub fn read(path: &Path) -> Result<Self> {
        Self::read_with(path, &ProgressHook::default())
    }

    /// As [`read`](Self::read), telling `progress` how far the check is (it may cancel); the
    /// rows walked with [`each`](Self::each) tell it how far the import is.
    pub fn read_with(path: &Path, progress: &ProgressHook) -> Result<Self> {
        if is_workbook(path) || super::json::is_json(path) {
            let (headers, rows, sha256) = if is_workbook(path) { first_sheet(path)? } else { super::json::read(path)? };
            progress.tell(ImportPhase::Checking, 1, 1)?;
            if rows.is_empty() {
                return Err(file_error(path, "the first sheet has its header row but no rows under it"));
            }
            return Ok(Table { headers, rows, sha256, progress: progress.clone() });
        }
        let checked = CsvSource::file(path).with_progress(progress.clone()).check(|_| Ok(Vec::new()), |rows, r| rows.push(r.clone()))?;
        Ok(Table { headers: checked.headers, rows: checked.state, sha256: checked.sha256, progress: progress.clone() })
    }

    /// As [`read_with`](Self::read_with), the file's columns renamed as the user mapped them
    /// (`opts.mapping[i]`: the name column i is read by, None: not read), for formats that
    /// read fixed column names: a client's "Nom complet" is read as `name`.
    pub fn read_as(path: &Path, opts: &super::ImportOptions) -> Result<Self> {
        let mut t = Self::read_with(path, &opts.progress)?;
        if let Some(mapping) = &opts.mapping {
            t.headers = Headers(mapping.iter().map(|m| m.clone().unwrap_or_default()).collect());
        }
        Ok(t)
    }

    /// The header and the first `n` rows, each cell cut to 200 characters, for a preview.
    pub fn head(path: &Path, n: usize) -> Result<(Headers, Vec<Vec<String>>)> {
        if !is_workbook(path) && !super::json::is_json(path) {
            return CsvSource::file(path).head(n);
        }
        let (headers, rows, _) = if is_workbook(path) { first_sheet(path)? } else { super::json::read(path)? };
        Ok((headers, rows.iter().take(n).map(|r| r.iter().map(|c| c.chars().take(200).collect()).collect()).collect()))
    }

    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.headers.column(names)
    }

    pub fn require(&self, path: &Path, names: &[&str]) -> Result<usize> {
        self.headers.require(path, names)
    }

    /// Walks the rows in order (numbered from 1), telling the progress hook how far the
    /// import is; a cancel stops the walk with `Cancelled` (the caller's transaction then
    /// writes nothing).
    pub fn each(&self, mut f: impl FnMut(u64, &csv::StringRecord) -> Result<()>) -> Result<()> {
        let total = self.rows.len() as u64;
        self.progress.tell(ImportPhase::Importing, 0, total)?;
        for (i, rec) in self.rows.iter().enumerate() {
            let row = i as u64 + 1;
            f(row, rec)?;
            if row % REPORT_EVERY == 0 {
                self.progress.tell(ImportPhase::Importing, row, total)?;
            }
        }
        self.progress.tell(ImportPhase::Importing, total, total)
    }
}

/// An Excel serial date (days since 1899-12-30) as YYYY-MM-DD.
fn serial_date(v: f64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    (base + chrono::Duration::days(v.floor() as i64)).format("%Y-%m-%d").to_string()
}

/// A cell as the text a CSV export of it would hold (whole numbers without ".0", dates as
/// dates).
fn cell(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::DateTime(t) => serial_date(t.as_f64()),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        other => other.to_string(),
    }
}

/// The first sheet: its header (lower-cased and trimmed, as a CSV header is read), the rows
/// that hold anything, and the file's SHA-256.
fn first_sheet(path: &Path) -> Result<(Headers, Vec<csv::StringRecord>, String)> {
    let bytes = super::read_whole(path)?;
    let sha256 = format!("{:x}", Sha256::digest(&bytes));
    let mut book = open_workbook_auto(path).map_err(|e| file_error(path, format!("it is not a workbook Steward can read ({e})")))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| file_error(path, "the workbook has no sheet"))?
        .map_err(|e| file_error(path, format!("the first sheet cannot be read ({e})")))?;
    let mut rows = range.rows().map(|r| r.iter().map(cell).collect::<Vec<String>>());
    let header = rows.next().ok_or_else(|| file_error(path, "the first sheet is empty"))?;
    if header.iter().all(|c| c.trim().is_empty()) {
        return Err(file_error(path, "the first sheet's first row is empty"));
    }
    let width = header.len();
    let rows = rows
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
        .map(|mut r| {
            r.resize(width, String::new());
            csv::StringRecord::from(r)
        })
        .collect();
    Ok((Headers(header.iter().map(|c| c.trim().to_lowercase()).collect()), rows, sha256))
}
