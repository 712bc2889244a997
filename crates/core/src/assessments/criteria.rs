//! The criteria pack: capability criteria per practice and level (2-5), each optionally tied
//! to one of the four dimensions, in the user's own words (ITIL's text is licensed: Steward
//! ships none). Typed in, edited, or imported from CSV or a workbook (the contract's
//! `import criteria` columns, or the user's own mapped in the import dialog). A criterion is
//! known by its practice, level and text (case and spacing ignored): importing a pack again
//! changes nothing.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{practices, Dimension};
use crate::error::{CoreError, Result};
use crate::import::mapping::{self, Synonyms};
use crate::import::{history, row_in_savepoint, Headers, ImportReport, Outcome, ProgressHook, Table};
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Tx, Workspace};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct CriterionId(pub i64);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Criterion {
    pub id: CriterionId,
    pub practice: String,
    pub level: u8,
    pub text: String,
    pub dimension: Option<Dimension>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct CriterionInput {
    pub practice: String,
    pub level: u8,
    pub text: String,
    #[serde(default)]
    pub dimension: Option<Dimension>,
}

/// The fields of a criteria file, with the words other tools' headers use for them.
pub const SYNONYMS: Synonyms = &[
    ("practice", &["practice", "practicename", "itilpractice", "process", "area"]),
    ("level", &["level", "capabilitylevel", "maturitylevel", "targetlevel", "cl"]),
    ("criterion", &["criterion", "criteria", "capability", "requirement", "question", "statement", "text", "description"]),
    ("dimension", &["dimension", "fourdimensions", "itildimension"]),
];

/// The import report's name for a criteria file.
pub const FORMAT: &str = "criteria-csv";

/// Whether a header reads like a criteria pack: a practice, a level and a criterion.
pub fn looks_like_pack(headers: &Headers) -> bool {
    let fields = mapping::suggested(SYNONYMS, headers);
    ["practice", "level", "criterion"].iter().all(|f| fields.contains(&Some(f)))
}

/// The mapping the header suggests, column by column.
pub fn suggested(headers: &Headers) -> Vec<Option<&'static str>> {
    mapping::suggested(SYNONYMS, headers)
}

/// A criterion's identity within its practice and level: its words, case and spacing ignored.
pub(crate) fn key(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

struct Checked {
    practice: &'static str,
    level: u8,
    text: String,
    dimension: Option<Dimension>,
}

fn check(input: &CriterionInput) -> Result<Checked> {
    if !(2..=5).contains(&input.level) {
        return Err(CoreError::validation("level", format!("Criteria are for levels 2 to 5 (level 1 needs none); {} is not one.", input.level)));
    }
    Ok(Checked { practice: practices::named("practice", &input.practice)?, level: input.level, text: validate::name("criterion", &input.text, 2000)?, dimension: input.dimension })
}

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Criterion> {
    Ok(Criterion { id: CriterionId(r.get(0)?), practice: r.get(1)?, level: r.get(2)?, text: r.get(3)?, dimension: r.get(4)? })
}

/// The pack, by practice (catalogue order), level and the order criteria came in.
pub fn list_criteria(ws: &Workspace) -> Result<Vec<Criterion>> {
    let mut rows: Vec<Criterion> = ws.conn().prepare("SELECT id, practice, level, text, dimension FROM criteria ORDER BY level, position, id")?.query_map([], map)?.collect::<rusqlite::Result<_>>()?;
    rows.sort_by_key(|c| practices::rank(&c.practice));
    Ok(rows)
}

fn fetch(conn: &Connection, id: CriterionId) -> Result<Criterion> {
    conn.query_row("SELECT id, practice, level, text, dimension FROM criteria WHERE id = ?1", [id.0], map)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Criterion", id: id.0.to_string() })
}

fn same_known(tx: &Tx<'_>, c: &Checked) -> Result<Option<CriterionId>> {
    Ok(tx
        .prepare_cached("SELECT id FROM criteria WHERE practice = ?1 AND level = ?2 AND key = ?3")?
        .query_row(params![c.practice, c.level, key(&c.text)], |r| r.get(0))
        .optional()?
        .map(CriterionId))
}

fn insert(tx: &Tx<'_>, c: &Checked) -> Result<CriterionId> {
    tx.execute(
        "INSERT INTO criteria (practice, level, text, key, dimension, position, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(max(position), 0) + 1 FROM criteria), ?6, ?6)",
        params![c.practice, c.level, c.text, key(&c.text), c.dimension, tx.at()],
    )?;
    let id = CriterionId(tx.last_insert_rowid());
    tx.audit(Action::created("criterion.created"), RecordRef::new(RecordKind::Criterion, id.0), serde_json::json!({"practice": c.practice, "level": c.level, "text": c.text}))?;
    Ok(id)
}

/// Whether the stored criterion differs from `c`; writes it when it does.
fn update(tx: &Tx<'_>, id: CriterionId, c: &Checked) -> Result<bool> {
    let before = fetch(tx, id)?;
    if (before.practice.as_str(), before.level, before.text.as_str(), before.dimension) == (c.practice, c.level, c.text.as_str(), c.dimension) {
        return Ok(false);
    }
    tx.execute(
        "UPDATE criteria SET practice = ?2, level = ?3, text = ?4, key = ?5, dimension = ?6, updated_at = ?7 WHERE id = ?1",
        params![id.0, c.practice, c.level, c.text, key(&c.text), c.dimension, tx.at()],
    )?;
    let after = fetch(tx, id)?;
    tx.audit(Action::did("criterion.updated"), RecordRef::new(RecordKind::Criterion, id.0), validate::diff(&serde_json::to_value(&before).unwrap_or_default(), &serde_json::to_value(&after).unwrap_or_default()))?;
    Ok(true)
}

fn duplicate(c: &Checked) -> CoreError {
    CoreError::validation("criterion", format!("{} already has this criterion at level {}.", c.practice, c.level))
}

pub fn add_criterion(ws: &Workspace, input: &CriterionInput) -> Result<Criterion> {
    ws.write(|tx| {
        let c = check(input)?;
        if same_known(tx, &c)?.is_some() {
            return Err(duplicate(&c));
        }
        let id = insert(tx, &c)?;
        fetch(tx, id)
    })
}

/// Edits a criterion of the pack: assessments still open see the new words; done ones keep
/// the words they were answered against.
pub fn update_criterion(ws: &Workspace, id: CriterionId, input: &CriterionInput) -> Result<Criterion> {
    ws.write(|tx| {
        let c = check(input)?;
        if same_known(tx, &c)?.is_some_and(|other| other != id) {
            return Err(duplicate(&c));
        }
        update(tx, id, &c)?;
        fetch(tx, id)
    })
}

/// Removes a criterion from the pack, with the answers open assessments gave it; done
/// assessments keep theirs.
pub fn delete_criterion(ws: &Workspace, id: CriterionId) -> Result<()> {
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        let answers = tx.execute("DELETE FROM assessment_answers WHERE criterion_id = ?1", [id.0])?;
        // Evidence of open assessments goes with the answers; done ones keep theirs.
        tx.execute("DELETE FROM answer_evidence WHERE criterion_id = ?1 AND assessment_id IN (SELECT id FROM assessments WHERE status <> 'done')", [id.0])?;
        tx.execute("DELETE FROM criteria WHERE id = ?1", [id.0])?;
        tx.audit(Action::did("criterion.deleted"), RecordRef::new(RecordKind::Criterion, id.0), serde_json::json!({"practice": before.practice, "level": before.level, "text": before.text, "answers_removed": answers}))
    })
}

/// Imports a pack: `mapping[i]` names the field column i feeds (no mapping: the header's
/// suggestion, which for the contract's columns is exact). Rows naming no known practice, a
/// level outside 2-5, an empty criterion, an unknown dimension or a criterion twice are
/// rejected and listed; the rest commit, with one history row (undone as a whole).
pub fn import_criteria(ws: &Workspace, path: &Path, mapping: Option<&[Option<String>]>, progress: &ProgressHook) -> Result<ImportReport> {
    let t = Table::read_with(path, progress)?;
    let mapping = mapping::resolve(
        SYNONYMS,
        &t.headers,
        mapping,
        &[("practice", "Choose the column that names each criterion's practice."), ("level", "Choose the column that holds each criterion's level (2-5)."), ("criterion", "Choose the column that holds each criterion's text.")],
    )?;
    let column = |name: &str| mapping.iter().position(|m| m.as_deref() == Some(name));
    let [practice, level, text, dimension] = ["practice", "level", "criterion", "dimension"].map(column);
    let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let mut report = ImportReport::new(FORMAT);
    ws.write(|tx| {
        let run = history::begin(tx, "criteria", FORMAT, &file, &t.sha256)?;
        let mut seen: std::collections::HashMap<(&'static str, u8, String), u64> = std::collections::HashMap::new();
        t.each(|row, rec| {
            report.rows_read += 1;
            let get = |i: Option<usize>| crate::import::field(rec, i);
            row_in_savepoint(tx, &mut report, row, || {
                let lv = get(level).trim();
                let lv: u8 = lv.parse().ok().filter(|l| (2..=5).contains(l)).ok_or_else(|| CoreError::validation("level", format!("\"{lv}\" is not a level from 2 to 5.")))?;
                let dim = match get(dimension).trim() {
                    "" => None,
                    d => Some(Dimension::read(d).ok_or_else(|| CoreError::validation("dimension", format!("\"{d}\" is not one of the four dimensions (organizations and people, information and technology, partners and suppliers, value streams and processes).")))?),
                };
                let c = check(&CriterionInput { practice: get(practice).to_string(), level: lv, text: get(text).to_string(), dimension: dim })?;
                if let Some(first) = seen.insert((c.practice, c.level, key(&c.text)), row) {
                    return Err(CoreError::validation("criterion", format!("The same criterion is on row {first}.")));
                }
                match same_known(tx, &c)? {
                    Some(id) => history::changing(tx, run, RecordRef::new(RecordKind::Criterion, id.0), || {
                        let changed = update(tx, id, &c)?;
                        Ok((changed, if changed { Outcome::Updated } else { Outcome::Unchanged }))
                    }),
                    None => insert(tx, &c).map(|_| Outcome::Created),
                }
            })
        })?;
        let records = history::finish(tx, run, &report)?;
        tx.audit(Action::did("criteria.imported"), RecordRef::new(RecordKind::Import, run.0), serde_json::json!({
            "file": file, "sha256": t.sha256, "rows_read": report.rows_read, "created": report.created, "updated": report.updated,
            "unchanged": report.unchanged, "rejected": report.rejected, "records": records,
        }))
    })?;
    Ok(report)
}
