//! Incident imports: ServiceNow list and event-log exports, Jira Service Management
//! exports, and Steward's own CSV. Every format becomes the same `Parsed` rows; one
//! transaction then folds them into incidents, their history and their source events.
//!
//! Idempotent: each source row is an event keyed by a hash of its content, so a row seen
//! before adds nothing. Reference values (caller, group, assignee, service, CI) are matched
//! by name ignoring case, or created.
//!
//! `columns.rs` finds where each field sits in a file of each source; `parse.rs` turns one
//! row into a `Parsed` row (and decides the file's day/month order); `fold.rs` folds an
//! incident's rows into it, its history and its recognised events.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::import::dates::DateScan;
use crate::import::history;
use crate::import::{CsvSource, ImportOptions, ImportPhase, ImportReport};
use crate::references::References;
use crate::labelled_enum;
use crate::record::{RecordKind, RecordRef};
use crate::workspace::{Action, Subject, Tx, Workspace};
use columns::Columns;
use fold::{BulkMode, Folding, INSERT_INCIDENT};
use parse::{date_order, parse_row, Parsed};

pub use columns::{columns_suggested, columns_used, required_fields, COLUMN_FIELDS};
pub use values::values_seen;

mod columns;
mod fold;
mod parse;
mod values;

labelled_enum!(
    IncidentSource {
        ServiceNow = "servicenow": "ServiceNow",
        Jira = "jira": "Jira Service Management",
        StewardCsv = "steward-csv": "Steward CSV",
        Glpi = "glpi": "GLPI",
    }
);

/// The contract's import report plus the events stored and the reference records created.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct IncidentImportReport {
    #[serde(flatten)]
    pub report: ImportReport,
    pub events: u64,
    /// How many callers, groups, assignees, services and CIs were created, by kind.
    #[ts(type = "Record<string, number>")]
    pub references_created: BTreeMap<String, u64>,
}

/// Imports incidents from the file at `path` as `source`, in one transaction.
pub fn import_incidents(ws: &Workspace, source: IncidentSource, path: &Path, opts: &ImportOptions) -> Result<IncidentImportReport> {
    import_from(ws, source, &CsvSource::file(path).with_progress(opts.progress.clone()), opts)
}

/// The same import from CSV text in memory (`label` names it in messages and the audit trail).
pub fn import_incidents_text(ws: &Workspace, source: IncidentSource, label: &str, text: &str, opts: &ImportOptions) -> Result<IncidentImportReport> {
    import_from(ws, source, &CsvSource::text(Path::new(label), text.as_bytes()).with_progress(opts.progress.clone()), opts)
}

/// Two passes over the source: the first checks the whole file (format, UTF-8, line sizes,
/// required columns, day/month order) and writes nothing; the second folds consecutive rows
/// of one incident into it, inside a single transaction. Memory stays flat in file size.
fn import_from(ws: &Workspace, source: IncidentSource, src: &CsvSource<'_>, opts: &ImportOptions) -> Result<IncidentImportReport> {
    let path = src.label();
    let values = opts.values.normalised();
    values::check_values(&values)?;
    let checked = src.check(
        |h| {
            let cols = match &opts.mapping {
                Some(m) => Columns::mapped(h, source, m)?,
                None => Columns::for_source(h, path, source)?,
            };
            let scans: Vec<(&'static str, usize, DateScan)> = cols.date_columns().into_iter().map(|(n, i)| (n, i, DateScan::default())).collect();
            Ok((cols, scans))
        },
        |(_, scans), rec| {
            for (_, i, scan) in scans.iter_mut() {
                scan.feed(rec.get(*i).unwrap_or(""));
            }
        },
    )?;
    let (cols, scans) = checked.state;
    let order = date_order(path, &scans, opts.date_order)?;

    let mut report = IncidentImportReport { report: ImportReport::new(source.as_str()), ..Default::default() };
    // Every imported record remembers where it came from: file, its SHA-256, and the row.
    let origin = format!("{} sha256:{}", path.display(), checked.sha256);
    let bulk = checked.rows >= BULK_ROWS;
    let write = |f: &mut dyn FnMut(&Tx<'_>) -> Result<()>| if bulk { ws.write_resolved(|tx| f(tx)) } else { ws.write(|tx| f(tx)) };
    write(&mut |tx| {
        let run = history::begin(tx, "incidents", source.as_str(), &path.display().to_string(), &checked.sha256)?;
        let was_empty: bool = tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM incidents)", [], |r| r.get(0))?;
        let bulk = bulk.then(|| BulkMode::enter(tx)).transpose()?;
        let mut f = Folding {
            tx,
            run,
            origin: &origin,
            refs: References::default(),
            created_here: Default::default(),
            was_empty,
            counts: bulk.as_ref().map(|_| HashMap::new()),
            touched: Vec::new(),
            report: &mut report,
            insert: tx.prepare(INSERT_INCIDENT)?,
            created: tx.prepare(super::INSERT_CREATED)?,
        };
        let mut group: Vec<Parsed> = Vec::new();
        src.each(checked.rows, |row, rec| {
            f.report.report.rows_read += 1;
            match parse_row(rec, row, &cols, source, order, opts.tz, &values) {
                Ok(p) => {
                    let same = match (group.first().and_then(|g| g.number.as_deref()), p.number.as_deref()) {
                        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                        _ => false,
                    };
                    if !same && !group.is_empty() {
                        f.fold(std::mem::take(&mut group))?;
                    }
                    group.push(p);
                }
                Err(e) => f.report.report.reject(row, Some(e.column), e.message),
            }
            Ok(())
        })?;
        if !group.is_empty() {
            f.fold(group)?;
        }
        opts.progress.tell(ImportPhase::Indexing, 0, 0)?;
        let Folding { refs, counts, touched, .. } = f;
        match bulk {
            Some(b) => {
                b.leave(tx, counts.unwrap_or_default())?;
                tx.changed_every(RecordKind::Incident);
            }
            None => {
                for id in touched {
                    tx.changed(RecordRef { kind: RecordKind::Incident, id: id.0 });
                }
            }
        }
        history::finish(tx, run, &report.report)?;
        report.references_created = refs.created().clone();
        tx.audit(Action::did("incidents.imported"), Subject::Every(RecordKind::Incident), serde_json::json!({
            "file": path.display().to_string(), "sha256": checked.sha256, "format": source.as_str(), "import": run.0,
            "rows_read": report.report.rows_read, "created": report.report.created, "updated": report.report.updated,
            "unchanged": report.report.unchanged, "rejected": report.report.rejected, "events": report.events,
            "references_created": report.references_created,
        }))
    })?;
    Ok(report)
}

/// From this many rows on, an import builds the incident indexes and the search index once
/// at the end instead of row by row (what makes a million rows take seconds, not minutes).
pub(super) const BULK_ROWS: u64 = 20_000;
