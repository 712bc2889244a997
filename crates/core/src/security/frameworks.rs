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
use crate::import::{field, CsvSource, CsvTable};
use crate::record::RecordKind;
use crate::validate;
use crate::workspace::{Tx, Workspace};

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

fn store(tx: &Tx<'_>, name: &str, source: &str, rows: &[Row]) -> Result<FrameworkId> {
    let name = validate::name("name", name, 200)?;
    if tx.query_row("SELECT 1 FROM frameworks WHERE name = ?1", [&name], |_| Ok(())).optional()?.is_some() {
        return Err(CoreError::Conflict(format!("The workspace already has a framework called {name}.")));
    }
    tx.execute("INSERT INTO frameworks (name, source, created_at) VALUES (?1, ?2, ?3)", params![name, source, tx.at()])?;
    let fid = tx.last_insert_rowid();
    let mut ids: HashMap<String, i64> = HashMap::new();
    for (pos, (r, title, description, _)) in rows.iter().enumerate() {
        if ids.contains_key(r) {
            return Err(CoreError::validation("id", format!("{r} appears twice in the catalogue.")));
        }
        tx.execute(
            "INSERT INTO requirements (framework_id, ref, title, description, position) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![fid, r, title, description, pos as i64],
        )?;
        ids.insert(r.clone(), tx.last_insert_rowid());
    }
    for (r, _, _, parent) in rows {
        if let Some(p) = parent {
            let pid = ids.get(p).ok_or_else(|| CoreError::validation("parent", format!("{r} names the parent {p}, which is not in the catalogue.")))?;
            tx.execute("UPDATE requirements SET parent_id = ?1 WHERE id = ?2", params![pid, ids[r]])?;
        }
    }
    tx.audit("framework.added", RecordKind::Setting, format!("framework {fid}"), serde_json::json!({"name": name, "source": source, "requirements": rows.len()}))?;
    Ok(FrameworkId(fid))
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
    ws.write(|tx| store(tx, NIST_CSF_NAME, "NIST CSWP 29, via usnistgov/oscal-content (public domain)", &rows))
}

/// Imports a catalogue from CSV (`id,title,description,parent`; parents may come later in
/// the file). A bad file or a dangling parent writes nothing.
pub fn import_framework(ws: &Workspace, name: &str, path: &Path) -> Result<FrameworkId> {
    let t = CsvTable::read(path)?;
    let id = t.require(path, &["id", "ref", "control_id"])?;
    let title = t.require(path, &["title", "name"])?;
    let (desc, parent) = (t.column(&["description", "text"]), t.column(&["parent", "parent_id"]));
    let mut rows: Vec<Row> = Vec::new();
    for (i, rec) in t.rows.iter().enumerate() {
        let r = field(rec, Some(id));
        if r.is_empty() {
            return Err(CoreError::Validation { field: Some("id".into()), row: Some(i as u64 + 1), reason: "Every requirement needs an id.".into() });
        }
        let p = field(rec, parent);
        rows.push((validate::line("id", r, 100)?, validate::name("title", field(rec, Some(title)), 2000)?, validate::text("description", field(rec, desc), 20_000)?, (!p.is_empty()).then(|| p.to_string())));
    }
    let source = format!("{} (sha256 {})", path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(), t.sha256);
    ws.write(|tx| store(tx, name, &source, &rows))
}

pub fn list_frameworks(ws: &Workspace) -> Result<Vec<Framework>> {
    let rows = ws
        .conn()
        .prepare("SELECT f.id, f.name, f.source, (SELECT count(*) FROM requirements r WHERE r.framework_id = f.id) FROM frameworks f ORDER BY f.name")?
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
        tx.audit("control.mapped", RecordKind::Control, control.0, serde_json::json!({"requirements": refs}))?;
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
        tx.audit("requirement.applicability", RecordKind::Setting, format!("requirement {requirement}"), serde_json::json!({"applicable": applicable, "justification": justification}))?;
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

pub const SOA_COLUMNS: &[&str] = &["ref", "title", "applicable", "justification", "implementation", "controls"];

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
    let cells = |l: &SoaLine| {
        vec![l.reference.clone(), l.title.clone(), if l.applicable { "yes".into() } else { "no".into() }, l.justification.clone(), l.implementation.clone(), l.controls.join(" ")]
    };
    write_table(ws, format, out, "Statement of applicability", SOA_COLUMNS, cells, |f| {
        for l in &lines {
            f(l)?;
        }
        Ok(lines.len() as u64)
    })
}
