//! The shared import pipeline: read a file strictly as the declared format (or refuse it
//! whole, writing nothing), then let a practice turn rows into records inside one
//! transaction, collecting row errors in the contract's report shape.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::labelled_enum;

pub mod dates;
pub mod encoding;
pub mod history;
pub mod json;
pub mod mapping;
pub mod saved;
pub mod table;
pub mod values;
pub use history::{list_imports, undo_import, ImportId, ImportRun, UndoReport};
pub use table::Table;

/// How an import reads what its file leaves open, and who watches it run.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The zone naive timestamps are read in.
    pub tz: chrono_tz::Tz,
    /// Decides day/month order when no column can.
    pub date_order: Option<dates::DateOrder>,
    pub progress: ProgressHook,
    /// The field each column feeds (by position; None: not read), for formats whose columns
    /// the user maps; None: the mapping the header suggests.
    pub mapping: Option<Vec<Option<String>>>,
    /// The name of what the file fills, for formats that fill one named collection (a
    /// framework); None: the file's name.
    pub name: Option<String>,
    /// What the file's own values mean, where the user said (the mapping step).
    pub values: ValueMap,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions { tz: chrono_tz::UTC, date_order: None, progress: ProgressHook::default(), mapping: None, name: None, values: ValueMap::default() }
    }
}

/// What a file's own values mean in Steward's terms, per field, as the user said in the
/// mapping step (a state "Ouvert" is `new`, a priority "Bloquant" is 1): read before the
/// importer's own reading of the value. Values compare without case or surrounding spaces.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ValueMap(#[ts(type = "Record<string, Record<string, string>>")] pub std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>);

impl ValueMap {
    /// The same map with its file values as they are compared (trimmed, lower-case).
    pub fn normalised(&self) -> ValueMap {
        ValueMap(
            self.0
                .iter()
                .filter(|(_, m)| !m.is_empty())
                .map(|(f, m)| (f.clone(), m.iter().map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_string())).collect()))
                .collect(),
        )
    }

    /// What the user said `value` of `field` means, in a [`normalised`](Self::normalised) map.
    pub fn get(&self, field: &str, value: &str) -> Option<&str> {
        self.0.get(field)?.get(&value.trim().to_lowercase()).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.values().all(|m| m.is_empty())
    }
}

/// How much of the first line is read to find its delimiter.
const HEADER_SNIFF_BYTES: usize = 64 * 1024;

/// The delimiter of a CSV file from its header line: Excel's `sep=;` line when there is
/// one (skipped: the second value), else the most frequent of `,` `;` and tab outside
/// quotes (`,` on a tie: a one-column file reads as before).
fn delimiter_of(line: &[u8]) -> (u8, usize) {
    if let [b's', b'e', b'p', b'=', d, rest @ ..] = line {
        if rest.first().is_none_or(|c| *c == b'\r' || *c == b'\n') && [b',', b';', b'\t', b'|'].contains(d) {
            return (*d, line.len());
        }
    }
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in line {
        match c {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).fold(0, |b, i| if counts[i] > counts[b] { i } else { b });
    ([b',', b';', b'\t'][best], 0)
}

/// Longest line accepted; a longer one means the file is not what it claims to be.
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// The report lists this many row errors at most.
pub const MAX_REPORTED_ERRORS: usize = 100;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportReport {
    pub format: String,
    pub rows_read: u64,
    pub created: u64,
    pub updated: u64,
    pub rejected: u64,
    /// Rows that changed nothing: already in the workspace (an earlier import of the same
    /// rows) or saying what the record already says.
    pub unchanged: u64,
    pub errors: Vec<RowError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RowError {
    pub row: u64,
    pub column: Option<String>,
    pub message: String,
}

/// Runs one row's writes in a savepoint and counts what it did: a row rejected with a
/// validation error leaves no partial writes and is listed; any other error ends the import.
pub(crate) fn row_in_savepoint(tx: &crate::workspace::Tx<'_>, report: &mut ImportReport, row: u64, f: impl FnOnce() -> Result<Outcome>) -> Result<()> {
    tx.execute_batch("SAVEPOINT import_row")?;
    match f() {
        Ok(outcome) => {
            tx.execute_batch("RELEASE import_row")?;
            report.count(outcome);
            Ok(())
        }
        Err(CoreError::Validation { field, reason, .. }) => {
            tx.execute_batch("ROLLBACK TO import_row; RELEASE import_row")?;
            report.reject(row, field.as_deref(), reason);
            Ok(())
        }
        Err(other) => Err(other),
    }
}

/// One mapped import's frame: the import history's run, each row in its savepoint, and the
/// one audit entry saying what the file did (`action`, about the run), with whatever
/// `after` adds once the rows are in (it runs before the run is closed).
pub(crate) struct RowImport<'t> {
    pub kind: &'static str,
    pub format: &'static str,
    pub action: &'static str,
    pub file: String,
    pub table: &'t Table,
}

pub(crate) fn import_rows(
    ws: &crate::workspace::Workspace,
    spec: RowImport<'_>,
    mut row: impl FnMut(&crate::workspace::Tx<'_>, history::ImportId, &csv::StringRecord) -> Result<Outcome>,
    after: impl FnOnce(&crate::workspace::Tx<'_>, history::ImportId) -> Result<serde_json::Value>,
) -> Result<ImportReport> {
    let mut report = ImportReport::new(spec.format);
    ws.write(|tx| {
        let run = history::begin(tx, spec.kind, spec.format, &spec.file, &spec.table.sha256)?;
        spec.table.each(|n, rec| {
            report.rows_read += 1;
            row_in_savepoint(tx, &mut report, n, || row(tx, run, rec))
        })?;
        let extra = after(tx, run)?;
        let records = history::finish(tx, run, &report)?;
        let mut detail = serde_json::json!({
            "file": spec.file, "format": spec.format, "sha256": spec.table.sha256, "rows_read": report.rows_read, "created": report.created,
            "updated": report.updated, "unchanged": report.unchanged, "rejected": report.rejected, "records": records,
        });
        if let (Some(d), serde_json::Value::Object(more)) = (detail.as_object_mut(), extra) {
            d.extend(more);
        }
        tx.audit(crate::workspace::Action::did(spec.action), crate::record::RecordRef::new(crate::record::RecordKind::Import, run.0), detail)
    })?;
    Ok(report)
}

/// What one row did to the record it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

impl ImportReport {
    pub fn new(format: &str) -> Self {
        ImportReport { format: format.into(), ..Default::default() }
    }

    /// Counts a row by what it did.
    pub fn count(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Created => self.created += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
        }
    }

    pub fn reject(&mut self, row: u64, column: Option<&str>, message: impl Into<String>) {
        self.rejected += 1;
        if self.errors.len() < MAX_REPORTED_ERRORS {
            self.errors.push(RowError { row, column: column.map(str::to_string), message: message.into() });
        }
    }
}

/// A file an import reads whole (a workbook, a JSON document, an SBOM, a scan), its
/// absence or being a folder said in words.
pub(crate) fn read_whole(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => file_error(path, "the file does not exist"),
        std::io::ErrorKind::IsADirectory => file_error(path, "this is a folder, not a file"),
        _ => CoreError::io_at("read", path, e),
    })
}

/// A whole-file problem: the import writes nothing.
pub fn file_error(path: &Path, reason: impl Into<String>) -> CoreError {
    CoreError::Validation { field: Some("file".into()), row: None, reason: format!("{}: {}", path.display(), reason.into()) }
}

/// The header row, lower-cased and trimmed, for finding columns by name.
pub struct Headers(Vec<String>);

impl Headers {
    /// Every header, lower-cased and trimmed, in file order.
    pub fn names(&self) -> &[String] {
        &self.0
    }

    /// The index of the first header among `names` (aliases), if present.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.0.iter().position(|h| h == n))
    }

    /// Like [`column`](Self::column) but the file is refused when the column is missing.
    pub fn require(&self, path: &Path, names: &[&str]) -> Result<usize> {
        self.column(names).ok_or_else(|| {
            let found = if self.0.len() == 1 {
                " (only one column was found: is the file comma-separated?)".to_string()
            } else {
                String::new()
            };
            file_error(path, format!("the required column \"{}\" is missing{found}", names[0]))
        })
    }
}

/// A column an importer reads: the Steward field it feeds and the header names it answers to
/// (the first is the one Steward writes). A format declares its columns once; its importer
/// finds them through the same declaration the window's mapping preview shows.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub field: &'static str,
    pub names: &'static [&'static str],
    pub required: bool,
}

impl Column {
    pub const fn required(field: &'static str, names: &'static [&'static str]) -> Column {
        Column { field, names, required: true }
    }

    pub const fn optional(field: &'static str, names: &'static [&'static str]) -> Column {
        Column { field, names, required: false }
    }

    /// Where this column is in `h`, if it is there.
    pub fn find(&self, h: &Headers) -> Option<usize> {
        h.column(self.names)
    }
}

/// The columns of `spec` that `h` has, as (index, field); a file without a required one is
/// refused, saying which.
pub fn columns_used(h: &Headers, path: &Path, spec: &[Column]) -> Result<Vec<(usize, &'static str)>> {
    let mut used = Vec::new();
    for c in spec {
        let at = if c.required { Some(h.require(path, c.names)?) } else { c.find(h) };
        if let Some(i) = at.filter(|i| !used.iter().any(|(u, _)| u == i)) {
            used.push((i, c.field));
        }
    }
    Ok(used)
}

labelled_enum!(
    ImportPhase {
        Checking = "checking": "Checking the file",
        Importing = "importing": "Importing rows",
        Indexing = "indexing": "Building indexes and the search index",
    }
);

/// How far a running import is: `done` of `total` (bytes while checking, rows while
/// importing; indexing has no measure and reports 0 of 0).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportProgress {
    pub phase: ImportPhase,
    pub done: u64,
    pub total: u64,
}

/// Told how an import goes; answering `false` cancels it (the transaction rolls back).
#[derive(Clone, Default)]
pub struct ProgressHook(Option<Arc<dyn Fn(&ImportProgress) -> bool + Send + Sync>>);

impl ProgressHook {
    pub fn new(f: impl Fn(&ImportProgress) -> bool + Send + Sync + 'static) -> Self {
        ProgressHook(Some(Arc::new(f)))
    }

    pub fn tell(&self, phase: ImportPhase, done: u64, total: u64) -> Result<()> {
        match &self.0 {
            Some(f) if !f(&ImportProgress { phase, done, total }) => Err(CoreError::Cancelled),
            _ => Ok(()),
        }
    }
}

impl std::fmt::Debug for ProgressHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "ProgressHook(set)" } else { "ProgressHook(none)" })
    }
}

/// Rows between two progress reports.
const REPORT_EVERY: u64 = 2_000;

/// Feeds everything read through SHA-256, so the file is hashed in the same pass.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// A CSV source that can be read more than once: a file, or text in memory. Large imports
/// stream it twice (check, then import) instead of holding it in memory.
pub struct CsvSource<'a> {
    label: &'a Path,
    text: Option<&'a [u8]>,
    progress: ProgressHook,
}

/// Reads through, refusing a line longer than [`MAX_LINE_BYTES`] as soon as it is that long:
/// the CSV reader would otherwise hold an endless line (`/dev/zero`) in memory whole.
struct LineLimit<R> {
    inner: R,
    since_newline: usize,
}

/// The error a too-long line ends the read with (recognised by `record_error`).
#[derive(Debug)]
struct TooLong;

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a line is longer than {MAX_LINE_BYTES} bytes")
    }
}

impl std::error::Error for TooLong {}

impl<R> LineLimit<R> {
    fn new(inner: R) -> Self {
        LineLimit { inner, since_newline: 0 }
    }
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let chunk = &buf[..n];
        // Only the line running through the chunk's ends can grow past the limit, unless the
        // chunk itself is longer than the limit (then every line in it is measured).
        let too_long = match (chunk.iter().position(|&b| b == b'\n'), chunk.iter().rposition(|&b| b == b'\n')) {
            (Some(first), Some(last)) => {
                let inside = n > MAX_LINE_BYTES && chunk[first..=last].split(|&b| b == b'\n').any(|l| l.len() > MAX_LINE_BYTES);
                let before = self.since_newline + first > MAX_LINE_BYTES;
                self.since_newline = n - last - 1;
                inside || before
            }
            _ => {
                self.since_newline += n;
                false
            }
        };
        if too_long || self.since_newline > MAX_LINE_BYTES {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, TooLong));
        }
        Ok(n)
    }
}

/// What a full check of a source found.
pub struct Checked<S> {
    pub headers: Headers,
    pub state: S,
    pub sha256: String,
    pub rows: u64,
}

impl<'a> CsvSource<'a> {
    pub fn file(path: &'a Path) -> Self {
        CsvSource { label: path, text: None, progress: ProgressHook::default() }
    }

    pub fn text(label: &'a Path, text: &'a [u8]) -> Self {
        CsvSource { label, text: Some(text), progress: ProgressHook::default() }
    }

    pub fn with_progress(mut self, progress: ProgressHook) -> Self {
        self.progress = progress;
        self
    }

    fn size(&self) -> u64 {
        match self.text {
            Some(t) => t.len() as u64,
            None => std::fs::metadata(self.label).map(|m| m.len()).unwrap_or(0),
        }
    }

    pub fn label(&self) -> &Path {
        self.label
    }

    fn open(&self) -> Result<Box<dyn Read + 'a>> {
        match self.text {
            Some(t) => Ok(Box::new(LineLimit::new(t))),
            None => {
                let f = std::fs::File::open(self.label).map_err(|e| match e.kind() {
                    std::io::ErrorKind::NotFound => file_error(self.label, "the file does not exist"),
                    _ => CoreError::io_at("read", self.label, e),
                })?;
                if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
                    return Err(file_error(self.label, "this is a folder, not a file"));
                }
                Ok(Box::new(LineLimit::new(std::io::BufReader::with_capacity(1 << 20, f))))
            }
        }
    }

    fn reader<R: Read>(&self, inner: R) -> Result<csv::Reader<std::io::Chain<std::io::Cursor<Vec<u8>>, encoding::Utf8Text<R>>>> {
        // Whatever the file's encoding, the CSV reader reads UTF-8.
        let (mut inner, _) = encoding::Utf8Text::new(inner).map_err(|e| CoreError::io_at("read", self.label, e))?;
        // The header line (up to a limit) is read ahead to find the delimiter.
        let mut head: Vec<u8> = Vec::with_capacity(4096);
        let mut byte = [0u8; 1];
        while head.len() < HEADER_SNIFF_BYTES && head.last() != Some(&b'\n') {
            match inner.read(&mut byte).map_err(|e| CoreError::io_at("read", self.label, e))? {
                0 => break,
                _ => head.push(byte[0]),
            }
        }
        // Skip a UTF-8 byte-order mark (Excel and Jira write one).
        if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
            head.drain(..3);
        }
        let (delimiter, skip) = delimiter_of(&head);
        head.drain(..skip);
        Ok(csv::ReaderBuilder::new().has_headers(true).flexible(false).delimiter(delimiter).from_reader(std::io::Cursor::new(head).chain(inner)))
    }

    fn record_error(&self, e: csv::Error) -> CoreError {
        let line = e.position().map(|p| p.line()).unwrap_or(0);
        match e.kind() {
            csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                file_error(self.label, format!("line {line} has {len} fields where the header has {expected_len}"))
            }
            csv::ErrorKind::Utf8 { .. } => file_error(self.label, format!("line {line} is not valid UTF-8 text")),
            csv::ErrorKind::Io(io) if io.get_ref().is_some_and(|inner| inner.is::<TooLong>()) => {
                // The reader knows no position inside a record it could not finish reading.
                let near = e.position().map(|p| format!(" (near line {})", p.line().max(1))).unwrap_or_default();
                file_error(self.label, format!("a line is longer than {MAX_LINE_BYTES} bytes{near}: this is not a CSV export"))
            }
            csv::ErrorKind::Io(_) => CoreError::io("Could not read the file", std::io::Error::other(e.to_string())),
            _ => file_error(self.label, format!("line {line} cannot be read ({e})")),
        }
    }

    fn headers<R: Read>(&self, reader: &mut csv::Reader<R>) -> Result<Headers> {
        let h = reader.headers().map_err(|e| self.record_error(e))?;
        if h.iter().all(|c| c.trim().is_empty()) {
            return Err(file_error(self.label, "the file is empty"));
        }
        Ok(Headers(h.iter().map(|c| c.trim().to_lowercase()).collect()))
    }

    /// Reads the whole source once (as UTF-8 text, whatever `encoding` found): every line no longer than
    /// [`MAX_LINE_BYTES`], with as many fields as the header. `init` sees the header and
    /// builds a state that `row` updates for every data row (e.g. date-order detection).
    pub fn check<S>(&self, init: impl FnOnce(&Headers) -> Result<S>, mut row: impl FnMut(&mut S, &csv::StringRecord)) -> Result<Checked<S>> {
        let mut reader = self.reader(Hashing { inner: self.open()?, hasher: Sha256::new() })?;
        let headers = self.headers(&mut reader)?;
        let mut state = init(&headers)?;
        let mut rec = csv::StringRecord::new();
        let mut rows = 0;
        let size = self.size();
        loop {
            match reader.read_record(&mut rec) {
                Ok(false) => break,
                Ok(true) => {
                    if rec.as_slice().len() > MAX_LINE_BYTES {
                        let line = rec.position().map(|p| p.line()).unwrap_or(0);
                        return Err(file_error(self.label, format!("line {line} is longer than {MAX_LINE_BYTES} bytes")));
                    }
                    rows += 1;
                    row(&mut state, &rec);
                    if rows % REPORT_EVERY == 0 {
                        self.progress.tell(ImportPhase::Checking, rec.position().map(|p| p.byte()).unwrap_or(0), size)?;
                    }
                }
                Err(e) => return Err(self.record_error(e)),
            }
        }
        let mut rest = reader.into_inner();
        // Hash anything the CSV reader did not need (trailing bytes).
        std::io::copy(&mut rest, &mut std::io::sink()).map_err(|e| CoreError::io_at("read", self.label, e))?;
        self.progress.tell(ImportPhase::Checking, size, size)?;
        if rows == 0 {
            // A header and nothing under it: no rows to import, not an import of nothing.
            return Err(file_error(self.label, "the file has its header row but no rows under it"));
        }
        let (_, text) = rest.into_inner();
        let sha256 = text.into_inner().hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
        Ok(Checked { headers, state, sha256, rows })
    }

    /// Reads the data rows again, in order (call after a successful [`check`](Self::check),
    /// which counted `total` rows).
    pub fn each(&self, total: u64, mut f: impl FnMut(u64, &csv::StringRecord) -> Result<()>) -> Result<()> {
        let mut reader = self.reader(self.open()?)?;
        self.headers(&mut reader)?;
        let mut rec = csv::StringRecord::new();
        let mut row = 0;
        self.progress.tell(ImportPhase::Importing, 0, total)?;
        while reader.read_record(&mut rec).map_err(|e| self.record_error(e))? {
            row += 1;
            f(row, &rec)?;
            if row % REPORT_EVERY == 0 {
                self.progress.tell(ImportPhase::Importing, row, total)?;
            }
        }
        self.progress.tell(ImportPhase::Importing, row, total)
    }

    /// The header and the first `n` data rows, for a preview (reads no further).
    pub fn head(&self, n: usize) -> Result<(Headers, Vec<Vec<String>>)> {
        let mut reader = self.reader(self.open()?)?;
        let headers = self.headers(&mut reader)?;
        let mut rows = Vec::new();
        let mut rec = csv::StringRecord::new();
        while rows.len() < n && reader.read_record(&mut rec).map_err(|e| self.record_error(e))? {
            rows.push(rec.iter().map(|c| c.chars().take(200).collect()).collect());
        }
        Ok((headers, rows))
    }
}

pub use crate::cells::unescaped;

/// The field at `idx` of a record, or "" when the column is absent or blank: as written, but
/// for trailing whitespace and the `'` that kept it from running as a formula. Leading
/// whitespace stays: what a value may start with is the rule of its kind (`validate`), and
/// codes and names are read by parsers that trim.
pub fn field<'r>(rec: &'r csv::StringRecord, idx: Option<usize>) -> &'r str {
    unescaped(idx.and_then(|i| rec.get(i)).unwrap_or("").trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_read_from_the_header_line() {
        assert_eq!(delimiter_of(b"a,b,c\n"), (b',', 0));
        assert_eq!(delimiter_of(b"\"Series\";\"Time\";\"Value\"\r\n"), (b';', 0));
        assert_eq!(delimiter_of(b"Titre;Date d'ouverture;Statut,\"x;y\"\n"), (b';', 0));
        assert_eq!(delimiter_of(b"\"a,b;c\";d\n"), (b';', 0), "quoted delimiters do not count");
        assert_eq!(delimiter_of(b"id\ttitle\n"), (b'\t', 0));
        assert_eq!(delimiter_of(b"title\n"), (b',', 0));
        assert_eq!(delimiter_of(b"sep=;\r\n"), (b';', 7), "Excel's separator line is skipped");
        let text = "sep=;\nSeries;Time;Value\ndb-01 disk;2026-12-01;10,5\n";
        let mut r = CsvSource::text(Path::new("x.csv"), text.as_bytes()).reader(std::io::Cursor::new(text.as_bytes())).unwrap();
        assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), ["Series", "Time", "Value"]);
        assert_eq!(r.records().next().unwrap().unwrap().iter().collect::<Vec<_>>(), ["db-01 disk", "2026-12-01", "10,5"]);
    }

    /// An endless line (`/dev/zero`, a gigabyte without a newline) is refused once it is
    /// longer than the limit, never held whole; lines up to the limit read as usual.
    #[test]
    fn an_endless_line_is_refused_while_it_is_read() {
        let endless = std::io::repeat(b'x').take(64 * MAX_LINE_BYTES as u64);
        let mut read = 0usize;
        let mut limited = LineLimit::new(endless);
        let mut buf = vec![0u8; 8192];
        let e = loop {
            match limited.read(&mut buf) {
                Ok(0) => panic!("read to the end"),
                Ok(n) => read += n,
                Err(e) => break e,
            }
        };
        assert!(e.get_ref().is_some_and(|i| i.is::<TooLong>()));
        assert!(read <= MAX_LINE_BYTES + buf.len(), "stopped after {read} bytes");

        let label = Path::new("long.csv");
        let mut text = b"a,b\n".to_vec();
        text.extend(std::iter::repeat_n(b'y', MAX_LINE_BYTES + 10));
        text.extend(b",1\n");
        let e = CsvSource::text(label, &text).check(|_| Ok(()), |_, _| ()).err().unwrap();
        assert!(e.to_string().contains("longer than"), "{e}");
        // A header with nothing under it is "no rows", not an import of nothing.
        let e = CsvSource::text(label, b"a,b\n").check(|_| Ok(()), |_, _| ()).err().unwrap();
        assert!(e.to_string().contains("no rows"), "{e}");
        let ok = b"a,b\nshort,1\nalso,2\n";
        assert_eq!(CsvSource::text(label, ok).check(|_| Ok(()), |_, _| ()).unwrap().rows, 2);
    }
}
