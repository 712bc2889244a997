//! The controls register: what each control is, who owns it, its type, how far it is
//! implemented and how effective it proved, how often it is tested; the tests with their
//! evidence files, kept inside the workspace with their SHA-256.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::list::{self, Field, ListRequest, ListSpec, Page};
use crate::record::{RecordKind, RecordRef};
use crate::validate::{self, exists};
use crate::workspace::{Action, Tx, Workspace};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct ControlId(pub i64);

labelled_enum!(
    ControlType {
        Preventive = "preventive": "Preventive",
        Detective = "detective": "Detective",
        Corrective = "corrective": "Corrective",
    }
);

labelled_enum!(
    Implementation {
        Planned = "planned": "Planned",
        Partial = "partial": "Partly implemented",
        Implemented = "implemented": "Implemented",
        NotApplicable = "not_applicable": "Not applicable",
    }
);

labelled_enum!(
    Effectiveness {
        Effective = "effective": "Effective",
        PartiallyEffective = "partially_effective": "Partially effective",
        Ineffective = "ineffective": "Ineffective",
    }
);

labelled_enum!(
    TestResult {
        Passed = "passed": "Passed",
        PassedWithFindings = "passed_with_findings": "Passed with findings",
        Failed = "failed": "Failed",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Control {
    pub id: ControlId,
    pub key: String,
    pub name: String,
    pub description: String,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub control_type: ControlType,
    pub implementation: Implementation,
    pub effectiveness: Option<Effectiveness>,
    #[ts(type = "number | null")]
    pub test_every_days: Option<i64>,
    pub last_test: Option<String>,
    pub next_test: Option<String>,
    /// Requirement refs it meets, across frameworks ("GV.OC-01", …).
    pub requirements: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ControlInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    pub control_type: ControlType,
    pub implementation: Implementation,
    #[serde(default)]
    pub effectiveness: Option<Effectiveness>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub test_every_days: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EvidenceFile {
    pub id: i64,
    pub file_name: String,
    pub bytes: i64,
    pub sha256: String,
    pub added_at: String,
    pub added_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ControlTest {
    pub id: i64,
    pub tested_on: String,
    pub tester: String,
    pub result: TestResult,
    pub notes: String,
    pub evidence: Vec<EvidenceFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ControlTestInput {
    pub tested_on: String,
    pub tester: String,
    pub result: TestResult,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ControlDetail {
    pub control: Control,
    pub tests: Vec<ControlTest>,
    pub test_overdue: bool,
}

const SELECT: &str = "c.id, c.number, c.name, c.description, c.owner_id, p.name, c.control_type, c.implementation, c.effectiveness,
    c.test_every_days, c.last_test, c.next_test,
    (SELECT group_concat(r.ref, ' ') FROM control_requirements cr JOIN requirements r ON r.id = cr.requirement_id WHERE cr.control_id = c.id)";
const FROM: &str = "controls c LEFT JOIN people p ON p.id = c.owner_id";
static FIELDS: &[Field] = &[
    Field { name: "key", sql: "c.number", sortable: true, filterable: true },
    Field { name: "name", sql: "c.name", sortable: true, filterable: false },
    Field { name: "control_type", sql: "c.control_type", sortable: true, filterable: true },
    Field { name: "implementation", sql: "c.implementation", sortable: true, filterable: true },
    Field { name: "effectiveness", sql: "c.effectiveness", sortable: true, filterable: true },
    Field { name: "owner_id", sql: "c.owner_id", sortable: false, filterable: true },
    Field { name: "next_test", sql: "c.next_test", sortable: true, filterable: false },
];
static LIST: ListSpec = ListSpec { table: "controls c", from: FROM, id: "c.id", fields: FIELDS, default_sort: "key", search: Some(RecordKind::Control), like_fields: &[], counts: None, memberships: &[], query: None };

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Control> {
    let refs: Option<String> = r.get(12)?;
    Ok(Control {
        id: ControlId(r.get(0)?),
        key: r.get(1)?,
        name: r.get(2)?,
        description: r.get(3)?,
        owner_id: r.get(4)?,
        owner: r.get(5)?,
        control_type: r.get(6)?,
        implementation: r.get(7)?,
        effectiveness: r.get(8)?,
        test_every_days: r.get(9)?,
        last_test: r.get(10)?,
        next_test: r.get(11)?,
        requirements: refs.map(|s| s.split(' ').map(str::to_string).collect()).unwrap_or_default(),
    })
}

pub(crate) fn fetch(conn: &Connection, id: ControlId) -> Result<Control> {
    conn.query_row(&format!("SELECT {SELECT} FROM {FROM} WHERE c.id = ?1"), [id.0], map)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Control", id: id.0.to_string() })
}

pub fn list_controls(ws: &Workspace, req: &ListRequest) -> Result<Page<Control>> {
    list::run(ws.conn(), &LIST, req, SELECT, map)
}

pub fn control_detail(ws: &Workspace, id: ControlId) -> Result<ControlDetail> {
    detail_in(ws.conn(), id, ws.now().date_naive())
}

/// A control as its page shows it; whether its test is overdue is judged on `today`.
fn detail_in(conn: &Connection, id: ControlId, today: chrono::NaiveDate) -> Result<ControlDetail> {
    let control = fetch(conn, id)?;
    let mut tests: Vec<ControlTest> = conn
        .prepare_cached("SELECT id, tested_on, tester, result, notes FROM control_tests WHERE control_id = ?1 ORDER BY tested_on DESC, id DESC")?
        .query_map([id.0], |r| Ok(ControlTest { id: r.get(0)?, tested_on: r.get(1)?, tester: r.get(2)?, result: r.get(3)?, notes: r.get(4)?, evidence: vec![] }))?
        .collect::<rusqlite::Result<_>>()?;
    for t in &mut tests {
        t.evidence = conn
            .prepare_cached("SELECT id, file_name, bytes, sha256, added_at, added_by FROM evidence WHERE test_id = ?1 ORDER BY id")?
            .query_map([t.id], |r| Ok(EvidenceFile { id: r.get(0)?, file_name: r.get(1)?, bytes: r.get(2)?, sha256: r.get(3)?, added_at: r.get(4)?, added_by: r.get(5)? }))?
            .collect::<rusqlite::Result<_>>()?;
    }
    let today = today.format("%Y-%m-%d").to_string();
    let test_overdue = control.implementation != Implementation::NotApplicable && control.next_test.as_deref().is_some_and(|n| n < today.as_str());
    Ok(ControlDetail { control, tests, test_overdue })
}

fn checked(conn: &Connection, input: &ControlInput) -> Result<(String, String)> {
    exists(conn, "people", input.owner_id, "owner_id", "owner")?;
    if let Some(d) = input.test_every_days {
        if !(1..=3660).contains(&d) {
            return Err(CoreError::validation("test_every_days", "Test every 1 to 3660 days, or leave it empty."));
        }
    }
    Ok((validate::name("name", &input.name, 300)?, validate::text("description", &input.description, 20_000)?))
}

fn next_test(last: Option<&str>, every: Option<i64>) -> Option<String> {
    let last = chrono::NaiveDate::parse_from_str(last?, "%Y-%m-%d").ok()?;
    Some((last + chrono::Duration::days(every?)).format("%Y-%m-%d").to_string())
}

pub fn create_control(ws: &Workspace, input: &ControlInput) -> Result<ControlDetail> {
    ws.write(|tx| {
        let id = create_in(tx, None, input)?;
        detail_in(tx, id, tx.now().date_naive())
    })
}

pub(crate) fn create_in(tx: &Tx<'_>, key: Option<&str>, input: &ControlInput) -> Result<ControlId> {
    let (name, description) = checked(tx, input)?;
    let key = match key.map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => validate::line("id", k, 60)?,
        None => crate::record::next_number(tx, "controls", "CTL")?,
    };
    tx.execute(
        "INSERT INTO controls (number, name, description, owner_id, control_type, implementation, effectiveness, test_every_days, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![key, name, description, input.owner_id, input.control_type, input.implementation, input.effectiveness, input.test_every_days, tx.at()],
    )?;
    let id = ControlId(tx.last_insert_rowid());
    tx.audit(Action::created("control.created"), RecordRef::new(RecordKind::Control, id.0), serde_json::to_value(fetch(tx, id)?).unwrap_or_default())?;
    Ok(id)
}

pub fn update_control(ws: &Workspace, id: ControlId, input: &ControlInput) -> Result<ControlDetail> {
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        let (name, description) = checked(tx, input)?;
        tx.execute(
            "UPDATE controls SET name = ?2, description = ?3, owner_id = ?4, control_type = ?5, implementation = ?6, effectiveness = ?7, test_every_days = ?8,
                next_test = ?9, updated_at = ?10 WHERE id = ?1",
            params![id.0, name, description, input.owner_id, input.control_type, input.implementation, input.effectiveness, input.test_every_days,
                next_test(before.last_test.as_deref(), input.test_every_days), tx.at()],
        )?;
        let after = fetch(tx, id)?;
        let changes = validate::diff(&serde_json::to_value(&before).unwrap_or_default(), &serde_json::to_value(&after).unwrap_or_default());
        tx.audit(Action::did("control.updated"), RecordRef::new(RecordKind::Control, id.0), changes)?;
        detail_in(tx, id, tx.now().date_naive())
    })
}

/// Records a test of a control; the control's last and next test follow the latest one.
pub fn record_test(ws: &Workspace, id: ControlId, input: &ControlTestInput) -> Result<ControlDetail> {
    ws.write(|tx| {
        fetch(tx, id)?;
        let on = input.tested_on.trim();
        let day = chrono::NaiveDate::parse_from_str(on, "%Y-%m-%d").map_err(|_| CoreError::validation("tested_on", format!("\"{on}\" is not a date (YYYY-MM-DD).")))?;
        if day > tx.now().date_naive() {
            return Err(CoreError::validation("tested_on", "A test cannot be recorded for a day still to come."));
        }
        let tester = validate::name("tester", &input.tester, 200)?;
        let notes = validate::text("notes", &input.notes, 20_000)?;
        tx.execute(
            "INSERT INTO control_tests (control_id, tested_on, tester, result, notes, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id.0, on, tester, input.result, notes, tx.at()],
        )?;
        let test = tx.last_insert_rowid();
        tx.execute(
            "UPDATE controls SET last_test = (SELECT max(tested_on) FROM control_tests WHERE control_id = ?1), updated_at = ?2 WHERE id = ?1",
            params![id.0, tx.at()],
        )?;
        let c = fetch(tx, id)?;
        tx.execute("UPDATE controls SET next_test = ?2 WHERE id = ?1", params![id.0, next_test(c.last_test.as_deref(), c.test_every_days)])?;
        tx.audit(Action::did("control.tested"), RecordRef::new(RecordKind::Control, id.0), serde_json::json!({"test": test, "tested_on": on, "tester": tester, "result": input.result}))?;
        detail_in(tx, id, tx.now().date_naive())
    })
}

pub use crate::evidence::MAX_EVIDENCE_BYTES;

/// Keeps a file as evidence of a test, inside the workspace, with its SHA-256.
pub fn attach_evidence(ws: &Workspace, test: i64, path: &std::path::Path) -> Result<EvidenceFile> {
    let crate::evidence::Kept { name, bytes, sha256 } = crate::evidence::read(path)?;
    ws.write(|tx| {
        let control: i64 = tx
            .query_row("SELECT control_id FROM control_tests WHERE id = ?1", [test], |r| r.get(0))
            .optional()?
            .ok_or_else(|| CoreError::NotFound { kind: "Control test", id: test.to_string() })?;
        tx.execute(
            "INSERT INTO evidence (test_id, file_name, bytes, sha256, content, added_at, added_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![test, name, bytes.len() as i64, sha256, bytes, tx.at(), tx.actor().as_str()],
        )?;
        let id = tx.last_insert_rowid();
        tx.audit(Action::did("control.evidence_added"), RecordRef::new(RecordKind::Control, control), serde_json::json!({"test": test, "file": name, "bytes": bytes.len(), "sha256": sha256}))?;
        Ok(EvidenceFile { id, file_name: name.clone(), bytes: bytes.len() as i64, sha256: sha256.clone(), added_at: tx.at().to_string(), added_by: tx.actor().as_str().to_string() })
    })
}

/// Writes an evidence file out to `dir` (a fresh temporary folder the caller owns) under a
/// safe name, after checking it still matches its SHA-256; returns the path to open.
pub fn evidence_copy(ws: &Workspace, id: i64, dir: &std::path::Path) -> Result<std::path::PathBuf> {
    let (name, sha, content): (String, String, Vec<u8>) = ws
        .conn()
        .query_row("SELECT file_name, sha256, content FROM evidence WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Evidence", id: id.to_string() })?;
    crate::evidence::copy_out(ws, &name, &sha, &content, dir)
}
