//! Framework catalogues (NIST CSF 2.0 built in; ISO/IEC 27001 Annex A, CIS Controls or a
//! client's own imported from CSV `id,title,description,parent`), controls mapped to their
//! requirements (many to many), coverage per function and category, and the statement of
//! applicability.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::controls::{ControlId, Implementation};
use crate::error::{CoreError, Result};
use crate::export::{write_table, ExportFormat, ExportReport};
use crate::import::history::{self, ImportId};
use crate::import::{field, Column, CsvSource, ImportReport, Table};
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Tx, Workspace};

/// NIST CSF 2.0 as shipped (public domain; see assets/nist-csf-2.0-SOURCE.txt).
static NIST_CSF: &[u8] = include_bytes!("../../assets/nist-csf-2.0.csv");
pub const NIST_CSF_NAME: &str = "NIST CSF 2.0";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct FrameworkId(pub i64);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Framework {
    pub id: FrameworkId,
    pub name: String,
    pub source: String,
    /// Requirements a control meets (a catalogue's leaves, not its functions or
    /// categories): as many as the statement of applicability has lines.
    pub requirements: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Requirement {
    pub id: i64,
    #[serde(rename = "ref")]
    #[ts(rename = "ref")]
    pub reference: String,
    pub title: String,
    pub description: String,
    pub parent: Option<String>,
    /// 0 for a top-level entry (a CSF function), deeper below.
    pub depth: u32,
    pub applicable: bool,
    pub justification: String,
    /// Keys of the controls that meet it.
    pub controls: Vec<String>,
}

/// One catalogue row before it is stored: (ref, title, description, parent ref).
type Row = (String, String, String, Option<String>);

/// The columns of a catalogue CSV, as the import registry and the mapping preview show them.
pub const COLUMNS: &[Column] = &[
    Column::required("id", &["id", "ref", "control_id"]),
    Column::required("title", &["title", "name"]),
    Column::optional("description", &["description", "text"]),
    Column::optional("parent", &["parent", "parent_id"]),
];

/// Checks a catalogue as a whole: every ref once, every parent in the catalogue.
fn check_catalogue(rows: &[Row]) -> Result<()> {
    let mut refs = std::collections::HashSet::new();
    for (r, ..) in rows {
        if !refs.insert(r.as_str()) {
            return Err(CoreError::validation("id", format!("{r} appears twice in the catalogue.")));
        }
    }
    for (r, _, _, parent) in rows {
        if let Some(p) = parent.as_deref().filter(|p| !refs.contains(p)) {
            return Err(CoreError::validation("parent", format!("{r} names the parent {p}, which is not in the catalogue.")));
        }
    }
    Ok(())
}

/// What storing a catalogue did to its requirements.
#[derive(Default)]
struct Stored {
    created: u64,
    updated: u64,
    unchanged: u64,
}

/// Stores a checked catalogue under `name`: a new framework, or the one of that name brought
/// up to date (new requirements added, changed titles, descriptions, parents and order
/// written, requirements the file no longer has kept: controls may meet them). Inside an
/// import every requirement created and every one changed is kept in its history.
fn store(tx: &Tx<'_>, name: &str, source: &str, rows: &[Row], run: Option<ImportId>) -> Result<(FrameworkId, Stored)> {
    check_catalogue(rows)?;
    let existing: Option<i64> = tx.query_row("SELECT id FROM frameworks WHERE name = ?1", [name], |r| r.get(0)).optional()?;
    let fid = match existing {
        Some(fid) => fid,
        None => {
            tx.execute("INSERT INTO frameworks (name, source, created_at) VALUES (?1, ?2, ?3)", params![name, source, tx.at()])?;
            let fid = tx.last_insert_rowid();
            tx.audit(Action::created("framework.created"), RecordRef::new(RecordKind::Framework, fid), serde_json::json!({"name": name, "source": source, "requirements": rows.len()}))?;
            fid
        }
    };
    let known: HashMap<String, i64> = {
        let mut stmt = tx.prepare("SELECT ref, id FROM requirements WHERE framework_id = ?1")?;
        let known = stmt.query_map([fid], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        known
    };
    let mut ids = known.clone();
    let mut stored = Stored::default();
    let mut changed = std::collections::HashSet::new();
    for (pos, (r, title, description, _)) in rows.iter().enumerate() {
        match known.get(r) {
            None => {
                tx.execute(
                    "INSERT INTO requirements (framework_id, ref, title, description, position) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![fid, r, title, description, pos as i64],
                )?;
                let id = tx.last_insert_rowid();
                if let Some(run) = run {
                    history::created(tx, run, RecordRef { kind: RecordKind::Requirement, id })?;
                }
                ids.insert(r.clone(), id);
                stored.created += 1;
            }
            Some(&id) => {
                let update = || -> Result<bool> {
                    let n = tx.execute(
                        "UPDATE requirements SET title = ?1, description = ?2, position = ?3 WHERE id = ?4 AND (title, description, position) IS NOT (?1, ?2, ?3)",
                        params![title, description, pos as i64, id],
                    )?;
                    Ok(n > 0)
                };
                let was_changed = kept(tx, run, id, update)?;
                if was_changed {
                    changed.insert(id);
                }
            }
        }
    }
    for (r, _, _, parent) in rows {
        let id = ids[r];
        let parent_id = parent.as_ref().map(|p| ids[p]);
        let set = || -> Result<bool> {
            Ok(tx.execute("UPDATE requirements SET parent_id = ?1 WHERE id = ?2 AND parent_id IS NOT ?1", params![parent_id, id])? > 0)
        };
        let moved = if known.contains_key(r) { kept(tx, run, id, set)? } else { set()? };
        if moved && known.contains_key(r) {
            changed.insert(id);
        }
    }
    stored.updated = changed.len() as u64;
    stored.unchanged = rows.iter().filter(|(r, ..)| known.get(r).is_some_and(|id| !changed.contains(id))).count() as u64;
    Ok((FrameworkId(fid), stored))
}

/// Runs `change` on a known requirement, inside an import keeping its row as it was first.
fn kept(tx: &Tx<'_>, run: Option<ImportId>, id: i64, change: impl FnOnce() -> Result<bool>) -> Result<bool> {
    match run {
        Some(run) => history::changing(tx, run, RecordRef { kind: RecordKind::Requirement, id }, || change().map(|c| (c, c))),
        None => change(),
    }
}

/// Adds NIST CSF 2.0 (functions, categories, subcategories) to the workspace.
pub fn add_nist_csf(ws: &Workspace) -> Result<FrameworkId> {
    let label = Path::new("nist-csf-2.0.csv");
    let checked = CsvSource::text(label, NIST_CSF).check(|_| Ok(Vec::new()), |rows, r| rows.push(r.clone()))?;
    let h = &checked.headers;
    let col = |n: &str| h.column(&[n]);
    let mut rows: Vec<Row> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for rec in &checked.state {
        let (f, fname, c, cname, s, text) =
            (field(rec, col("function_id")), field(rec, col("function")), field(rec, col("category_id")), field(rec, col("category")), field(rec, col("subcategory_id")), field(rec, col("subcategory_text")));
        if seen.insert(f.to_string()) {
            rows.push((f.into(), fname.into(), String::new(), None));
        }
        if seen.insert(c.to_string()) {
            rows.push((c.into(), cname.into(), String::new(), Some(f.into())));
        }
        rows.push((s.into(), text.into(), String::new(), Some(c.into())));
    }
    ws.write(|tx| {
        if tx.query_row("SELECT 1 FROM frameworks WHERE name = ?1", [NIST_CSF_NAME], |_| Ok(())).optional()?.is_some() {
            return Err(CoreError::Conflict(format!("The workspace already has {NIST_CSF_NAME}.")));
        }
        Ok(store(tx, NIST_CSF_NAME, "NIST CSWP 29, via usnistgov/oscal-content (public domain)", &rows, None)?.0)
    })
}

/// Imports a catalogue (`id,title,description,parent`; parents may come later in the file)
/// as the framework `name` (the file's name without its extension when none is given). A
/// bad file, a requirement twice or a dangling parent writes nothing; importing the same
/// file again changes nothing, and a newer edition updates the framework in place. One
/// history row: undo removes what it created (requirements controls meet stay) and writes
/// back what it changed.
pub fn import_framework(ws: &Workspace, name: Option<&str>, path: &Path, opts: &crate::import::ImportOptions) -> Result<ImportReport> {
    let t = Table::read_as(path, opts)?;
    let [id, title, desc, parent] = std::array::from_fn(|i| COLUMNS[i].find(&t.headers));
    t.require(path, COLUMNS[0].names)?;
    t.require(path, COLUMNS[1].names)?;
    let stem = path.file_stem().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let name = validate::name("name", name.filter(|n| !n.trim().is_empty()).unwrap_or(&stem), 200)?;
    let mut rows: Vec<Row> = Vec::new();
    t.each(|row, rec| {
        let r = field(rec, id);
        if r.is_empty() {
            return Err(CoreError::Validation { field: Some("id".into()), row: Some(row), reason: "Every requirement needs an id.".into() });
        }
        let p = field(rec, parent);
        rows.push((validate::line("id", r, 100)?, validate::name("title", field(rec, title), 2000)?, validate::text("description", field(rec, desc), 20_000)?, (!p.is_empty()).then(|| p.to_string())));
        Ok(())
    })?;
    let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let source = format!("{file} (sha256 {})", t.sha256);
    let mut report = ImportReport::new(FORMAT);
    ws.write(|tx| {
        let run = history::begin(tx, "frameworks", FORMAT, &file, &t.sha256)?;
        let (fid, stored) = store(tx, &name, &source, &rows, Some(run))?;
        report.rows_read = rows.len() as u64;
        (report.created, report.updated, report.unchanged) = (stored.created, stored.updated, stored.unchanged);
        let records = history::finish(tx, run, &report)?;
        tx.audit(Action::did("framework.imported"), RecordRef::new(RecordKind::Framework, fid.0), serde_json::json!({
            "name": name, "file": file, "sha256": t.sha256, "import": run.0,
            "rows_read": report.rows_read, "created": report.created, "updated": report.updated, "unchanged": report.unchanged,
            "records": records,
        }))
    })?;
    Ok(report)
}

/// The import report's name for a catalogue CSV.
pub const FORMAT: &str = "framework-csv";

pub fn list_frameworks(ws: &Workspace) -> Result<Vec<Framework>> {
    let rows = ws
        .conn()
        // Requirements a control can meet (the leaves): the statement of applicability's lines.
        .prepare("SELECT f.id, f.name, f.source, (SELECT count(*) FROM requirements r WHERE r.framework_id = f.id AND NOT EXISTS (SELECT 1 FROM requirements c WHERE c.parent_id = r.id)) FROM frameworks f ORDER BY f.name")?
        .query_map([], |r| Ok(Framework { id: FrameworkId(r.get(0)?), name: r.get(1)?, source: r.get(2)?, requirements: r.get(3)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn framework_id(ws: &Workspace, name: &str) -> Result<FrameworkId> {
    ws.conn().query_row("SELECT id FROM frameworks WHERE name = ?1", [name.trim()], |r| r.get(0))
        .optional()?
        .map(FrameworkId)
        .ok_or_else(|| CoreError::NotFound { kind: "Framework", id: name.to_string() })
}

/// Every requirement of a framework in catalogue order, with its depth and mapped controls.
pub fn requirements(ws: &Workspace, framework: FrameworkId) -> Result<Vec<Requirement>> {
    let conn = ws.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.ref, r.title, r.description, p.ref, r.applicable, r.justification,
                (SELECT group_concat(c.number, ' ') FROM control_requirements cr JOIN controls c ON c.id = cr.control_id WHERE cr.requirement_id = r.id)
           FROM requirements r LEFT JOIN requirements p ON p.id = r.parent_id WHERE r.framework_id = ?1 ORDER BY r.position",
    )?;
    let mut rows: Vec<Requirement> = stmt
        .query_map([framework.0], |r| {
            let controls: Option<String> = r.get(7)?;
            Ok(Requirement {
                id: r.get(0)?,
                reference: r.get(1)?,
                title: r.get(2)?,
                description: r.get(3)?,
                parent: r.get(4)?,
                depth: 0,
                applicable: r.get::<_, i64>(5)? == 1,
                justification: r.get(6)?,
                controls: controls.map(|s| s.split(' ').map(str::to_string).collect()).unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let parents: HashMap<String, Option<String>> = rows.iter().map(|r| (r.reference.clone(), r.parent.clone())).collect();
    for r in &mut rows {
        let (mut d, mut at) = (0, r.parent.clone());
        while let Some(p) = at.filter(|_| d < 16) {
            d += 1;
            at = parents.get(&p).cloned().flatten();
        }
        r.depth = d;
    }
    Ok(rows)
}

/// Maps a control to requirements (by id), replacing what it met before.
pub fn set_control_requirements(ws: &Workspace, control: ControlId, requirements: &[i64]) -> Result<()> {
    ws.write(|tx| {
        super::controls::fetch(tx, control)?;
        for r in requirements {
            crate::validate::exists(tx, "requirements", Some(*r), "requirements", "requirement")?;
        }
        tx.execute("DELETE FROM control_requirements WHERE control_id = ?1", [control.0])?;
        for r in requirements {
            tx.execute("INSERT OR IGNORE INTO control_requirements (control_id, requirement_id) VALUES (?1, ?2)", params![control.0, r])?;
        }
        let refs = super::controls::fetch(tx, control)?.requirements;
        tx.audit(Action::did("control.mapped"), RecordRef::new(RecordKind::Control, control.0), serde_json::json!({"requirements": refs}))?;
        Ok(())
    })
}

/// Records whether a requirement applies (the statement of applicability), and why.
pub fn set_applicability(ws: &Workspace, requirement: i64, applicable: bool, justification: &str) -> Result<()> {
    let justification = validate::text("justification", justification, 5000)?;
    if !applicable && justification.is_empty() {
        return Err(CoreError::validation("justification", "Say why the requirement does not apply; auditors read it."));
    }
    ws.write(|tx| {
        let n = tx.execute("UPDATE requirements SET applicable = ?1, justification = ?2 WHERE id = ?3", params![applicable as i64, justification, requirement])?;
        if n == 0 {
            return Err(CoreError::NotFound { kind: "Requirement", id: requirement.to_string() });
        }
        tx.audit(Action::did("requirement.applicability"), RecordRef::new(RecordKind::Requirement, requirement), serde_json::json!({"applicable": applicable, "justification": justification}))?;
        Ok(())
    })
}

/// Coverage of one branch of a framework (a function or a category), over its leaves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Coverage {
    #[serde(rename = "ref")]
    #[ts(rename = "ref")]
    pub reference: String,
    pub title: String,
    pub depth: u32,
    pub requirements: u64,
    pub applicable: u64,
    /// Applicable requirements met by at least one control.
    pub covered: u64,
    /// Applicable requirements met by at least one implemented control.
    pub implemented: u64,
}

/// Coverage per top-level entry and per entry one level down (CSF functions and categories).
pub fn coverage(ws: &Workspace, framework: FrameworkId) -> Result<Vec<Coverage>> {
    let reqs = requirements(ws, framework)?;
    let implemented: std::collections::HashSet<String> = ws
        .conn()
        .prepare("SELECT number FROM controls WHERE implementation = 'implemented'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let has_children: std::collections::HashSet<&str> = reqs.iter().filter_map(|r| r.parent.as_deref()).collect();
    let parent_of: HashMap<&str, Option<&str>> = reqs.iter().map(|r| (r.reference.as_str(), r.parent.as_deref())).collect();
    let mut out: Vec<Coverage> = reqs
        .iter()
        .filter(|r| r.depth <= 1 && has_children.contains(r.reference.as_str()))
        .map(|r| Coverage { reference: r.reference.clone(), title: r.title.clone(), depth: r.depth, requirements: 0, applicable: 0, covered: 0, implemented: 0 })
        .collect();
    let index: HashMap<String, usize> = out.iter().enumerate().map(|(i, c)| (c.reference.clone(), i)).collect();
    for leaf in reqs.iter().filter(|r| !has_children.contains(r.reference.as_str())) {
        let mut at = leaf.parent.as_deref();
        while let Some(p) = at {
            if let Some(i) = index.get(p) {
                let c = &mut out[*i];
                c.requirements += 1;
                if leaf.applicable {
                    c.applicable += 1;
                    c.covered += u64::from(!leaf.controls.is_empty());
                    c.implemented += u64::from(leaf.controls.iter().any(|k| implemented.contains(k)));
                }
            }
            at = parent_of.get(p).copied().flatten();
        }
    }
    Ok(out)
}

/// One line of the statement of applicability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SoaLine {
    #[serde(rename = "ref")]
    #[ts(rename = "ref")]
    pub reference: String,
    pub title: String,
    pub applicable: bool,
    pub justification: String,
    /// From the controls that meet it: implemented, partial, planned, or none.
    pub implementation: String,
    pub controls: Vec<String>,
}

/// The statement's columns as the people who read it name them (JSON keeps the field names).
pub const SOA_COLUMNS: &[&str] = &["Requirement", "Title", "Applicable", "Justification", "Implementation", "Controls"];

/// The statement of applicability over a framework's leaf requirements.
pub fn statement_of_applicability(ws: &Workspace, framework: FrameworkId) -> Result<Vec<SoaLine>> {
    let reqs = requirements(ws, framework)?;
    let status: HashMap<String, Implementation> = ws
        .conn()
        .prepare("SELECT number, implementation FROM controls")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let has_children: std::collections::HashSet<&str> = reqs.iter().filter_map(|r| r.parent.as_deref()).collect();
    Ok(reqs
        .iter()
        .filter(|r| !has_children.contains(r.reference.as_str()))
        .map(|r| {
            let states: Vec<Implementation> = r.controls.iter().filter_map(|k| status.get(k).copied()).filter(|s| *s != Implementation::NotApplicable).collect();
            let implementation = if !r.applicable {
                "not applicable"
            } else if states.is_empty() {
                "none"
            } else if states.iter().any(|s| *s == Implementation::Implemented) {
                "implemented"
            } else if states.iter().any(|s| *s == Implementation::Partial) {
                "partial"
            } else {
                "planned"
            };
            SoaLine {
                reference: r.reference.clone(),
                title: r.title.clone(),
                applicable: r.applicable,
                justification: r.justification.clone(),
                implementation: implementation.into(),
                controls: r.controls.clone(),
            }
        })
        .collect())
}

/// Writes the statement of applicability as CSV, XLSX or JSON.
pub fn export_soa(ws: &Workspace, framework: FrameworkId, format: ExportFormat, out: &Path) -> Result<ExportReport> {
    let lines = statement_of_applicability(ws, framework)?;
    // Controls by number and name: "CTL0000001 Quarterly access review".
    let names: HashMap<String, String> = ws.conn().prepare("SELECT number, name FROM controls")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let named = |k: &String| names.get(k).map(|n| format!("{k} {n}")).unwrap_or_else(|| k.clone());
    let cells = |l: &SoaLine| {
        let controls: Vec<String> = l.controls.iter().map(named).collect();
        vec![l.reference.clone(), l.title.clone(), if l.applicable { "yes".into() } else { "no".into() }, l.justification.clone(), l.implementation.clone(), controls.join("; ")]
    };
    write_table(ws, format, out, "Statement of applicability", SOA_COLUMNS, cells, |f| {
        for l in &lines {
            f(l)?;
        }
        Ok(lines.len() as u64)
    })
}
