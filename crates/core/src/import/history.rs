//! The import history: one row per import, and what each import created or changed, so an
//! import can be undone as a whole.
//!
//! Incidents are tagged by `import_id` on their own rows (a million-row import must not
//! write a second million rows); every other record an import creates is listed in
//! `import_created`. A record an import changed has its row as it was before, as JSON, in
//! `import_before`; undo writes that row back.
//!
//! **Invariant:** imports are undone newest first where they touched the same records: an
//! import cannot be undone while a later, still active import changed what it created or
//! changed (that later one must be undone first).

use rusqlite::{params, Connection, ErrorCode, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::workspace::Action;
use crate::error::{CoreError, Result};
use crate::record::{RecordKind, RecordRef};
use crate::workspace::{Tx, Workspace};

use super::ImportReport;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct ImportId(pub i64);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportRun {
    pub id: ImportId,
    /// What was imported: "incidents", "cis", "services", "people", ...
    pub kind: String,
    pub format: String,
    pub file: String,
    pub sha256: String,
    pub at: String,
    pub actor: String,
    pub rows_read: u64,
    pub created: u64,
    pub updated: u64,
    pub rejected: u64,
    pub undone_at: Option<String>,
    pub undone_by: Option<String>,
}

/// What undoing an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct UndoReport {
    pub removed: u64,
    pub restored: u64,
    /// Records the import created that other records now use; they stay.
    pub kept_in_use: u64,
}

/// The table whose rows an import may create or change, for a record kind an import
/// can bring in (and so undo).
fn table_of(kind: RecordKind) -> Option<&'static str> {
    use RecordKind::*;
    match kind {
        Link => Some("links"),
        Incident | Request | CatalogueItem | Ci | Service | Person | Group | Vendor | Risk | Change | Framework | Requirement | Criterion | Deployment | CapacityMetric | CapacityMeasurement | ProductLifecycle | Application | Component | QualityFigures | CostPool | LedgerLine | AllocationRule | SurveyResponse => kind.stored().map(|(table, _)| table),
        _ => None,
    }
}

/// A set that belongs to a record without being a column of its row (a person's group
/// memberships, an application's components and their dependencies): the set's table, its
/// column naming the record, its columns naming members with the table each refers to,
/// and the key it is kept under beside the row's columns. An import that changes the record
/// may change the set, so the set is kept and restored with the row.
struct MemberSet {
    set: &'static str,
    owner: &'static str,
    members: &'static [(&'static str, &'static str)],
    key: &'static str,
}

fn members_of(kind: RecordKind) -> &'static [MemberSet] {
    match kind {
        RecordKind::Person => &[MemberSet { set: "group_members", owner: "person_id", members: &[("group_id", "support_groups")], key: "_members" }],
        RecordKind::Application => &[
            MemberSet { set: "application_components", owner: "application_id", members: &[("component_id", "components")], key: "_components" },
            MemberSet { set: "component_dependencies", owner: "application_id", members: &[("from_id", "components"), ("to_id", "components")], key: "_dependencies" },
        ],
        _ => &[],
    }
}

impl MemberSet {
    /// The JSON of the set's members for the row's snapshot: one value each, or an array of
    /// values when a member is named by several columns.
    fn snapshot(&self, table: &str) -> String {
        let value = match self.members {
            [(column, _)] => (*column).to_string(),
            many => format!("json_array({})", many.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ")),
        };
        format!(", '{}', (SELECT json_group_array({value}) FROM {} WHERE {} = {table}.id)", self.key, self.set, self.owner)
    }

    /// Writes the kept set back (members removed since, such as a deleted group, are not).
    fn restore(&self, tx: &Tx<'_>, record_id: i64, row: &str) -> Result<()> {
        tx.prepare_cached(&format!("DELETE FROM {} WHERE {} = ?1", self.set, self.owner))?.execute([record_id])?;
        let (columns, values, exists): (Vec<&str>, Vec<String>, Vec<String>) = match self.members {
            [(column, table)] => (vec![*column], vec!["value".into()], vec![format!("value IN (SELECT id FROM {table})")]),
            many => (
                many.iter().map(|(c, _)| *c).collect(),
                (0..many.len()).map(|i| format!("json_extract(value, '$[{i}]')")).collect(),
                many.iter().enumerate().map(|(i, (_, t))| format!("json_extract(value, '$[{i}]') IN (SELECT id FROM {t})")).collect(),
            ),
        };
        tx.prepare_cached(&format!(
            "INSERT OR IGNORE INTO {} ({}, {}) SELECT ?1, {} FROM json_each(?2, '$.{}') WHERE {}",
            self.set,
            self.owner,
            columns.join(", "),
            values.join(", "),
            self.key,
            exists.join(" AND ")
        ))?
        .execute(params![record_id, row])?;
        Ok(())
    }
}

/// Rows that refer to a record of `kind` and would go with it (`ON DELETE CASCADE`): the
/// table and its column. While any exist, undo keeps the record (a requirement a control
/// meets, a framework that still has requirements).
fn cascades_to(kind: RecordKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        RecordKind::Requirement => &[("control_requirements", "requirement_id"), ("requirements", "parent_id")],
        RecordKind::Framework => &[("requirements", "framework_id")],
        RecordKind::Criterion => &[("assessment_answers", "criterion_id")],
        RecordKind::Deployment => &[("deployment_commits", "deployment_id")],
        RecordKind::CapacityMetric => &[("capacity_measurements", "metric_id")],
        RecordKind::CostPool => &[("ledger_lines", "cost_pool_id"), ("allocation_rules", "cost_pool_id"), ("budgets", "cost_pool_id")],
        RecordKind::Component => &[("application_components", "component_id"), ("component_dependencies", "from_id"), ("component_dependencies", "to_id")],
        // What people added to an application since: its components are its member sets.
        RecordKind::Application => &[("application_quality", "application_id"), ("technical_debt", "application_id"), ("application_feedback", "application_id")],
        _ => &[],
    }
}

/// Every table undo writes by a name chosen at run time (a kind's table or a member set):
/// what ARCHITECTURE.md's "Table ownership" lists for `import` by name, which a tidy test
/// holds it to.
pub fn undone_tables() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = RecordKind::ALL.iter().flat_map(|k| table_of(*k).into_iter().chain(members_of(*k).iter().map(|m| m.set))).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether records of `kind` that an import creates are kept in its history.
pub(crate) fn undoable(kind: RecordKind) -> bool {
    table_of(kind).is_some()
}

fn table(kind: RecordKind) -> Result<&'static str> {
    table_of(kind).ok_or_else(|| CoreError::Conflict(format!("{} records are not imported", kind.label())))
}

fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT name FROM pragma_table_info('{table}') WHERE name <> 'id'"))?;
    let cols = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(cols)
}

/// Opens an import's history row; counts are filled in by [`finish`]. Until then the
/// transaction gathers what the import writes (see `Tx::audit`).
pub(crate) fn begin(tx: &Tx<'_>, kind: &str, format: &str, file: &str, sha256: &str) -> Result<ImportId> {
    tx.execute(
        "INSERT INTO imports (kind, format, file, sha256, at, actor, rows_read, created, updated, rejected) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, 0, 0)",
        params![kind, format, file, sha256, tx.at(), tx.actor().as_str()],
    )?;
    let id = ImportId(tx.last_insert_rowid());
    tx.enter_import(id.0);
    Ok(id)
}

/// Closes the import's history row with its counts; returns the audit entries its records
/// would have written, counted by action, for the import's one entry.
pub(crate) fn finish(tx: &Tx<'_>, id: ImportId, report: &ImportReport) -> Result<std::collections::BTreeMap<String, u64>> {
    tx.execute(
        "UPDATE imports SET rows_read = ?1, created = ?2, updated = ?3, rejected = ?4 WHERE id = ?5",
        params![report.rows_read, report.created, report.updated, report.rejected, id.0],
    )?;
    Ok(tx.leave_import())
}

/// Runs `change` (which says whether it changed the record) with the record's row kept as
/// it was first, so that undoing the import writes it back; a record the change left as it
/// was is not kept (undo has nothing to restore, and later imports are not blocked by it).
pub(crate) fn changing<T>(tx: &Tx<'_>, id: ImportId, r: RecordRef, change: impl FnOnce() -> Result<(bool, T)>) -> Result<T> {
    let kept_before: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM import_before WHERE import_id = ?1 AND record_kind = ?2 AND record_id = ?3)")?
        .query_row(params![id.0, r.kind.as_str(), r.id], |row| row.get(0))?;
    if !kept_before {
        before_change(tx, id, r)?;
    }
    let (changed, out) = change()?;
    if !changed && !kept_before {
        tx.prepare_cached("DELETE FROM import_before WHERE import_id = ?1 AND record_kind = ?2 AND record_id = ?3")?
            .execute(params![id.0, r.kind.as_str(), r.id])?;
    }
    Ok(out)
}

/// The workspace's reaction to a record created while an import runs (`Reactions`): kept in
/// the import's history when undo can remove records of its kind.
pub(crate) fn created_in_import(tx: &Tx<'_>, run: i64, r: RecordRef) -> Result<()> {
    if undoable(r.kind) {
        created(tx, ImportId(run), r)?;
    }
    Ok(())
}

/// Notes a record this import created (not for incidents: they carry `import_id`).
pub(crate) fn created(tx: &Tx<'_>, id: ImportId, r: RecordRef) -> Result<()> {
    tx.prepare_cached("INSERT OR IGNORE INTO import_created (import_id, record_kind, record_id) VALUES (?1, ?2, ?3)")?
        .execute(params![id.0, r.kind.as_str(), r.id])?;
    Ok(())
}

/// Keeps a record's row as it is now, before this import changes it (the first time only).
pub(crate) fn before_change(tx: &Tx<'_>, id: ImportId, r: RecordRef) -> Result<()> {
    let table = table(r.kind)?;
    let mut object = columns(tx, table)?.iter().map(|c| format!("'{c}', \"{c}\"")).collect::<Vec<_>>().join(", ");
    for m in members_of(r.kind) {
        object.push_str(&m.snapshot(table));
    }
    tx.prepare_cached(&format!(
        "INSERT OR IGNORE INTO import_before (import_id, record_kind, record_id, row) SELECT ?1, ?2, id, json_object({object}) FROM {table} WHERE id = ?3"
    ))?
    .execute(params![id.0, r.kind.as_str(), r.id])?;
    Ok(())
}

const SELECT: &str = "id, kind, format, file, sha256, at, actor, rows_read, created, updated, rejected, undone_at, undone_by";

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<ImportRun> {
    Ok(ImportRun {
        id: ImportId(r.get(0)?),
        kind: r.get(1)?,
        format: r.get(2)?,
        file: r.get(3)?,
        sha256: r.get(4)?,
        at: r.get(5)?,
        actor: r.get(6)?,
        rows_read: r.get(7)?,
        created: r.get(8)?,
        updated: r.get(9)?,
        rejected: r.get(10)?,
        undone_at: r.get(11)?,
        undone_by: r.get(12)?,
    })
}

/// Every import, newest first.
pub fn list_imports(ws: &Workspace) -> Result<Vec<ImportRun>> {
    let mut stmt = ws.conn().prepare_cached(&format!("SELECT {SELECT} FROM imports ORDER BY id DESC"))?;
    let runs = stmt.query_map([], map)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(runs)
}

fn fetch(conn: &Connection, id: ImportId) -> Result<ImportRun> {
    conn.query_row(&format!("SELECT {SELECT} FROM imports WHERE id = ?1"), [id.0], map)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Import", id: id.0.to_string() })
}

/// Undoes an import as a whole: removes what it created (records other records now use
/// stay, and are counted), writes back what it changed, and removes the history entries it
/// added. One transaction and one audit entry.
pub fn undo_import(ws: &Workspace, id: ImportId) -> Result<UndoReport> {
    ws.write(|tx| {
        let run = fetch(tx, id)?;
        if run.undone_at.is_some() {
            return Err(CoreError::Conflict(format!("The import of {} was already undone.", run.file)));
        }
        if let Some(later) = later_import_touching(tx, id)? {
            return Err(CoreError::Conflict(format!(
                "A later import ({}, {}) changed records this import brought in. Undo that one first.",
                later.file, later.at
            )));
        }
        let mut report = UndoReport::default();
        undo_incidents(tx, id, &mut report)?;
        restore_changed(tx, id, &mut report)?;
        remove_created(tx, id, &mut report)?;
        if report.restored > 0 {
            tx.changed_every(RecordKind::Incident);
        }
        tx.execute("UPDATE imports SET undone_at = ?1, undone_by = ?2 WHERE id = ?3", params![tx.at(), tx.actor().as_str(), id.0])?;
        tx.audit(Action::did("import.undone"), RecordRef::new(RecordKind::Import, id.0), serde_json::json!({
            "kind": run.kind, "file": run.file, "sha256": run.sha256,
            "removed": report.removed, "restored": report.restored, "kept_in_use": report.kept_in_use,
        }))?;
        Ok(report)
    })
}

/// A later import, not undone, that changed a record this one created or changed.
fn later_import_touching(conn: &Connection, id: ImportId) -> Result<Option<ImportRun>> {
    let later: Option<i64> = conn
        .query_row(
            "SELECT b.import_id FROM import_before b JOIN imports r ON r.id = b.import_id
              WHERE b.import_id > ?1 AND r.undone_at IS NULL AND (
                    (b.record_kind = 'incident' AND b.record_id IN (SELECT id FROM incidents WHERE import_id = ?1))
                 OR (b.record_kind, b.record_id) IN (SELECT record_kind, record_id FROM import_created WHERE import_id = ?1)
                 OR (b.record_kind, b.record_id) IN (SELECT record_kind, record_id FROM import_before WHERE import_id = ?1))
              ORDER BY b.import_id DESC LIMIT 1",
            [id.0],
            |r| r.get(0),
        )
        .optional()?;
    later.map(|l| fetch(conn, ImportId(l))).transpose()
}

fn undo_incidents(tx: &Tx<'_>, id: ImportId, report: &mut UndoReport) -> Result<()> {
    // Links have no foreign keys (they join any two kinds): remove those of the incidents
    // that go, so no link points at nothing.
    tx.execute(
        "DELETE FROM links WHERE (from_kind = 'incident' AND from_id IN (SELECT id FROM incidents WHERE import_id = ?1))
                              OR (to_kind = 'incident' AND to_id IN (SELECT id FROM incidents WHERE import_id = ?1))",
        [id.0],
    )?;
    // Clocks name their record without a foreign key (they serve several kinds).
    tx.execute(
        "DELETE FROM sla_clocks WHERE record_kind = 'incident' AND record_id IN (SELECT id FROM incidents WHERE import_id = ?1)",
        [id.0],
    )?;
    report.removed += tx.execute("DELETE FROM incidents WHERE import_id = ?1", [id.0])? as u64;
    tx.execute("DELETE FROM incident_history WHERE import_id = ?1", [id.0])?;
    tx.execute("DELETE FROM incident_events WHERE import_id = ?1", [id.0])?;
    Ok(())
}

fn restore_changed(tx: &Tx<'_>, id: ImportId, report: &mut UndoReport) -> Result<()> {
    let rows: Vec<(String, i64, String)> = {
        let mut stmt = tx.prepare("SELECT record_kind, record_id, row FROM import_before WHERE import_id = ?1")?;
        let rows = stmt.query_map([id.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
        rows
    };
    for (kind, record_id, row) in rows {
        let kind = RecordKind::parse(&kind).ok_or_else(|| CoreError::Conflict(format!("unknown record kind {kind} in the import history")))?;
        let table = table(kind)?;
        let set = columns(tx, table)?.iter().map(|c| format!("\"{c}\" = json_extract(?1, '$.{c}')")).collect::<Vec<_>>().join(", ");
        report.restored += tx.prepare_cached(&format!("UPDATE {table} SET {set} WHERE id = ?2"))?.execute(params![row, record_id])? as u64;
        for m in members_of(kind) {
            m.restore(tx, record_id, &row)?;
        }
    }
    Ok(())
}

fn remove_created(tx: &Tx<'_>, id: ImportId, report: &mut UndoReport) -> Result<()> {
    let created: Vec<(String, i64)> = {
        // Dependants before what they depend on: links, changes, requests, risks,
        // requirements (the deepest first) and measurements, then CIs and services, then
        // frameworks, metrics, catalogue items, people, groups and vendors.
        let mut stmt = tx.prepare(
            "WITH RECURSIVE depth(id, d) AS (
                 SELECT id, 0 FROM requirements WHERE parent_id IS NULL
                 UNION ALL SELECT r.id, depth.d + 1 FROM requirements r JOIN depth ON r.parent_id = depth.id)
             SELECT c.record_kind, c.record_id FROM import_created c
               LEFT JOIN depth ON c.record_kind = 'requirement' AND depth.id = c.record_id
              WHERE c.import_id = ?1
              ORDER BY CASE c.record_kind WHEN 'link' THEN 0 WHEN 'change' THEN 1 WHEN 'request' THEN 1 WHEN 'risk' THEN 1 WHEN 'requirement' THEN 1 WHEN 'capacity_measurement' THEN 1 WHEN 'application' THEN 1 WHEN 'ledger_line' THEN 1 WHEN 'allocation_rule' THEN 1 WHEN 'survey_response' THEN 1
                                          WHEN 'ci' THEN 2 WHEN 'service' THEN 3 ELSE 4 END, depth.d DESC, c.record_id DESC",
        )?;
        let rows = stmt.query_map([id.0], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
        rows
    };
    for (kind, record_id) in created {
        let kind = RecordKind::parse(&kind).ok_or_else(|| CoreError::Conflict(format!("unknown record kind {kind} in the import history")))?;
        let table = table(kind)?;
        if kind != RecordKind::Link {
            // The import's own links went first; any link left was made since.
            let linked: i64 = tx.query_row(
                "SELECT count(*) FROM links WHERE (from_kind = ?1 AND from_id = ?2) OR (to_kind = ?1 AND to_id = ?2)",
                params![kind.as_str(), record_id],
                |r| r.get(0),
            )?;
            let mut used = linked > 0;
            for (other, column) in cascades_to(kind) {
                used |= tx.prepare_cached(&format!("SELECT EXISTS (SELECT 1 FROM {other} WHERE {column} = ?1)"))?.query_row([record_id], |r| r.get::<_, bool>(0))?;
            }
            if used {
                report.kept_in_use += 1;
                continue;
            }
        }
        match tx.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [record_id]) {
            Ok(n) => {
                report.removed += n as u64;
                // A request's clocks name it without a foreign key.
                if kind == RecordKind::Request {
                    tx.execute("DELETE FROM sla_clocks WHERE record_kind = 'request' AND record_id = ?1", [record_id])?;
                }
            }
            // Something else now refers to it (an incident logged by hand, a group member).
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::ConstraintViolation => report.kept_in_use += 1,
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}
