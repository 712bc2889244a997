//! The register in and out: steward-csv (the contract's: `id,title,...`; export then import
//! round-trips exactly), XLSX and JSON exports. Ratings are likelihood and impact numbers on
//! the workspace's matrix; owners are people, matched by name or created.

use std::path::Path;


use super::matrix::RiskMatrix;
use super::{create_in, id_of, update_in, Rating, Risk, RiskInput, RiskStatus, Treatment};
use crate::workspace::Action;
use crate::error::{CoreError, Result};
use crate::export::{write_table, ExportFormat, ExportReport};
use crate::import::history;
use crate::import::{field, row_in_savepoint, ImportReport, Outcome, Table};
use crate::references::References;
use crate::list::ListRequest;
use crate::record::{RecordKind, RecordRef};
use crate::workspace::{Tx, Workspace};

/// The columns of steward-csv for risks, in order.
pub const COLUMNS: &[&str] = &[
    "id", "title", "description", "category", "owner", "status", "treatment",
    "inherent_likelihood", "inherent_impact", "current_likelihood", "current_impact", "target_likelihood", "target_impact",
    "causes", "consequences", "accepted_by", "acceptance_reason", "accepted_until", "last_review",
];

fn cells(r: &Risk) -> Vec<String> {
    let o = |s: &Option<String>| s.clone().unwrap_or_default();
    let l = |x: Option<Rating>| x.map(|r| r.likelihood.to_string()).unwrap_or_default();
    let i = |x: Option<Rating>| x.map(|r| r.impact.to_string()).unwrap_or_default();
    vec![
        r.key.clone(), r.title.clone(), r.description.clone(), r.category.clone(), o(&r.owner), r.status.as_str().into(),
        r.treatment.map(|t| t.as_str().to_string()).unwrap_or_default(),
        l(r.inherent), i(r.inherent), l(r.current), i(r.current), l(r.target), i(r.target),
        r.causes.clone(), r.consequences.clone(), o(&r.accepted_by), r.acceptance_reason.clone(), o(&r.accepted_until), o(&r.last_review),
    ]
}

/// Writes the register (or the filtered list) to `out`, by key.
pub fn export_risks(ws: &Workspace, format: ExportFormat, out: &Path, filter: &ListRequest) -> Result<ExportReport> {
    write_table(ws, format, out, "Risks", COLUMNS, cells, |f| crate::list::each(filter, "key", |req| super::list_risks(ws, req), f))
}

/// Reads one row into a risk's input; `get` gives a field's text by its steward-csv name
/// ("" when absent). Ratings are numbers or the matrix's labels ("Likely", "3 - Possible");
/// treatments also in the words other registers use (reduce, tolerate, share, terminate).
/// A bad value names its column.
pub(crate) fn input_from(tx: &Tx<'_>, refs: &mut References, m: &RiskMatrix, get: &dyn Fn(&str) -> String) -> Result<RiskInput> {
    let step = |name: &str, scale: &[super::matrix::ScaleStep]| -> Result<Option<i64>> {
        let v = get(name);
        let v = v.trim();
        if v.is_empty() {
            return Ok(None);
        }
        let lead: String = v.chars().take_while(|c| c.is_ascii_digit()).collect();
        if let Ok(n) = lead.parse::<i64>() {
            if lead.len() == v.len() || v[lead.len()..].trim_start().starts_with(['-', '.', ' ', '(']) {
                return Ok(Some(n));
            }
        }
        match scale.iter().position(|s| s.label.eq_ignore_ascii_case(v)) {
            Some(i) => Ok(Some(i as i64 + 1)),
            None => Err(CoreError::validation(name, format!("\"{v}\" is neither a number nor a step of the matrix ({}).", scale.iter().map(|s| s.label.as_str()).collect::<Vec<_>>().join(", ")))),
        }
    };
    let pair = |which: &str| -> Result<Option<Rating>> {
        let (l, i) = (format!("{which}_likelihood"), format!("{which}_impact"));
        match (step(&l, &m.likelihood)?, step(&i, &m.impact)?) {
            (Some(likelihood), Some(impact)) => Ok(Some(Rating { likelihood, impact })),
            (None, None) => Ok(None),
            _ => Err(CoreError::validation(&l, format!("Give both {l} and {i}, or neither."))),
        }
    };
    let opt = |name: &str| Some(get(name).trim().to_string()).filter(|v| !v.is_empty());
    let status = match get("status").trim().to_lowercase().replace(' ', "_").as_str() {
        "" => None,
        s => Some(RiskStatus::parse(s).or_else(|| RiskStatus::ALL.iter().copied().find(|x| x.label().eq_ignore_ascii_case(get("status").trim()))).ok_or_else(|| {
            CoreError::validation("status", format!("\"{}\" is not a status ({}).", get("status"), RiskStatus::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")))
        })?),
    };
    let treatment = match get("treatment").trim().to_lowercase().as_str() {
        "" => None,
        "reduce" | "treat" | "mitigation" => Some(Treatment::Mitigate),
        "tolerate" | "retain" | "acceptance" => Some(Treatment::Accept),
        "share" | "insure" => Some(Treatment::Transfer),
        "terminate" | "eliminate" | "avoidance" => Some(Treatment::Avoid),
        t => Some(Treatment::parse(t).ok_or_else(|| CoreError::validation("treatment", format!("\"{}\" is not a treatment (mitigate, accept, transfer, avoid).", get("treatment"))))?),
    };
    Ok(RiskInput {
        title: get("title"),
        description: get("description"),
        category: get("category"),
        owner_id: refs.resolve_named(tx, RecordKind::Person, "owner", &get("owner"))?,
        causes: get("causes"),
        consequences: get("consequences"),
        inherent: pair("inherent")?,
        current: pair("current")?,
        target: pair("target")?,
        treatment,
        status,
        accepted_by: opt("accepted_by"),
        acceptance_reason: get("acceptance_reason"),
        accepted_until: opt("accepted_until"),
        last_review: opt("last_review"),
    })
}

/// Creates or updates a risk per row, each in its own savepoint: a blank id creates a risk
/// with a new key, a known id updates it, an unknown id creates it under that id. Bad rows
/// are listed; the rest commit, with one audit entry and one import history row for the
/// file (undone as a whole).
pub(crate) fn import_rows(ws: &Workspace, format: &str, file: &Path, table: &Table, column: &dyn Fn(&str) -> Option<usize>) -> Result<ImportReport> {
    let mut report = ImportReport::new(format);
    let name = file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let sha256 = &table.sha256;
    ws.write(|tx| {
        let run = history::begin(tx, "risks", format, &name, sha256)?;
        let mut refs = References::default();
        let m = super::matrix::get_matrix_in(tx)?;
        table.each(|row, rec| {
            report.rows_read += 1;
            let get = |name: &str| field(rec, column(name)).to_string();
            row_in_savepoint(tx, &mut report, row, || {
                let input = input_from(tx, &mut refs, &m, &get)?;
                match id_of(tx, &get("id"))? {
                    Some(id) => history::changing(tx, run, RecordRef { kind: RecordKind::Risk, id: id.0 }, || {
                        let changed = update_in(tx, id, &input)?;
                        Ok((changed, if changed { Outcome::Updated } else { Outcome::Unchanged }))
                    }),
                    None => create_in(tx, Some(&get("id")), &input).map(|_| Outcome::Created),
                }
            })
        })?;
        let records = history::finish(tx, run, &report)?;
        tx.audit(Action::did("risks.imported"), RecordRef::new(RecordKind::Import, run.0), serde_json::json!({
            "file": name, "sha256": sha256, "format": format, "import": run.0,
            "rows_read": report.rows_read, "created": report.created, "updated": report.updated, "unchanged": report.unchanged,
            "rejected": report.rejected, "records": records,
        }))?;
        super::snapshot_today(tx)?;
        Ok(())
    })?;
    Ok(report)
}

/// Imports steward-csv risks (the contract's format, `id,title,...`).
pub fn import_risks(ws: &Workspace, path: &Path, opts: &crate::import::ImportOptions) -> Result<ImportReport> {
    let t = Table::read_as(path, opts)?;
    t.require(path, &["id"])?;
    t.require(path, &["title"])?;
    import_rows(ws, "steward-csv", path, &t, &|name| t.column(&[name]))
}
