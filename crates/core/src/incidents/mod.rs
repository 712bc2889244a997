//! Incident management: logging, triage, state changes with a timeline, the priority
//! matrix, statistics, search, and imports/exports (`import.rs`, `export.rs`).
//!
//! **Invariant:** every change to an incident writes its history (one entry per changed
//! field, or "created") and its audit entry in the same transaction. Imported incidents keep
//! the source's priority, impact, urgency, dates and state label; the matrix applies only to
//! incidents logged or edited here.

pub(crate) mod demo;

pub mod communications;
pub mod costs;
mod export;
pub mod figures;
mod import;
pub mod matrix;
mod model;
mod states;

#[cfg(test)]
mod tests;

pub use export::{export_incidents, ExportFormat, ExportReport, STEWARD_CSV_COLUMNS};
pub use import::{columns_suggested, columns_used, import_incidents, required_fields, import_incidents_text, values_seen, IncidentImportReport, IncidentSource, COLUMN_FIELDS};
pub use matrix::{get_matrix, set_matrix, PriorityMatrix};
pub use model::*;
pub use states::map_source_state;

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};

use crate::settings::Stored;
use crate::error::{CoreError, Result};
use crate::list::{self, Field, ListRequest, ListSpec, Page, QuerySpec, TextField};
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Subject, Tx, Workspace};

/// What the practice registry knows of incident management (`crate::PRACTICES`).
pub(crate) const KINDS: &[crate::record::RecordKind] = &[crate::record::RecordKind::Incident];
pub(crate) const DEMO: Option<crate::practice::DemoPart> = Some(demo::incident_management);

pub(crate) const SELECT: &str = "i.id, i.number, i.title, i.description, cp.name, i.channel, i.category, i.subcategory,
    s.name, i.service_id, c.name, i.ci_id, i.impact, i.urgency, i.priority, g.name, i.assignment_group_id, ap.name, i.assignee_id,
    i.state, i.source_state, i.on_hold_reason, i.resolution_code, i.resolution_notes, i.opened_at, i.first_response_at,
    i.resolved_at, i.closed_at, i.reassignment_count, i.reopen_count, i.major, i.updated_at, i.caller_id,
    coalesce(i.source, im.file || ' sha256:' || im.sha256 || ' row ' || i.import_row), nullif(i.sla_due, '9999-12-31T23:59:59Z'), i.sla_warn_at, i.security, i.security_cia";
pub(crate) const FROM: &str = "incidents i
    LEFT JOIN people cp ON cp.id = i.caller_id
    LEFT JOIN services s ON s.id = i.service_id
    LEFT JOIN cis c ON c.id = i.ci_id
    LEFT JOIN support_groups g ON g.id = i.assignment_group_id
    LEFT JOIN people ap ON ap.id = i.assignee_id
    LEFT JOIN imports im ON im.id = i.import_id";

static FIELDS: &[Field] = &[
    Field { name: "number", sql: "i.number", sortable: true, filterable: true },
    Field { name: "opened_at", sql: "i.opened_at", sortable: true, filterable: false },
    // The order incidents were made in here (imports in their file's order).
    Field { name: "created", sql: "i.id", sortable: true, filterable: false },
    Field { name: "updated_at", sql: "i.updated_at", sortable: true, filterable: false },
    Field { name: "sla_due", sql: "i.sla_due", sortable: true, filterable: true },
    // When the running clock that ends first reaches its target's warning threshold.
    Field { name: "sla_warn_at", sql: "i.sla_warn_at", sortable: false, filterable: true },
    Field { name: "state", sql: "i.state", sortable: true, filterable: true },
    Field { name: "priority", sql: "i.priority", sortable: true, filterable: true },
    // Priority, then the nearest deadline (no running clock last): how a desk works a queue.
    Field { name: "priority_due", sql: "i.queue_key", sortable: true, filterable: false },
    Field { name: "assignment_group_id", sql: "i.assignment_group_id", sortable: false, filterable: true },
    // By name, none first (a key that is never NULL, so keyset pages lose no row).
    Field { name: "group", sql: "coalesce(g.name, '')", sortable: true, filterable: false },
    Field { name: "assignee", sql: "coalesce(ap.name, '')", sortable: true, filterable: false },
    Field { name: "assignee_id", sql: "i.assignee_id", sortable: false, filterable: true },
    Field { name: "service_id", sql: "i.service_id", sortable: false, filterable: true },
    Field { name: "ci_id", sql: "i.ci_id", sortable: false, filterable: true },
    Field { name: "category", sql: "i.category", sortable: false, filterable: true },
    Field { name: "channel", sql: "i.channel", sortable: false, filterable: true },
    Field { name: "security", sql: "i.security", sortable: false, filterable: true },
];

/// The filter box: words in the indexed text, `field:value` on one field (the contract's
/// `incidents search`, and the window's filter, mean the same).
static QUERY: QuerySpec = QuerySpec {
    words_in: "number, title, description and resolution notes",
    fields: &[
        TextField { names: &["number"], sql: "i.number IN ({values})", values: list::as_typed },
        TextField { names: &["state"], sql: "i.state IN ({values})", values: list::one_of::<IncidentState> },
        TextField { names: &["priority"], sql: "i.priority IN ({values})", values: priority_values },
        TextField { names: &["category"], sql: "i.category COLLATE NOCASE IN ({values})", values: list::as_typed },
        TextField { names: &["subcategory"], sql: "i.subcategory COLLATE NOCASE IN ({values})", values: list::as_typed },
        TextField { names: &["service"], sql: "i.service_id IN (SELECT id FROM services WHERE name COLLATE NOCASE IN ({values}))", values: list::as_typed },
        TextField { names: &["ci"], sql: "i.ci_id IN (SELECT id FROM cis WHERE name COLLATE NOCASE IN ({values}))", values: list::as_typed },
        TextField { names: &["assignment_group", "group"], sql: "i.assignment_group_id IN (SELECT id FROM support_groups WHERE name COLLATE NOCASE IN ({values}))", values: list::as_typed },
        TextField { names: &["assignee"], sql: "i.assignee_id IN (SELECT id FROM people WHERE name COLLATE NOCASE IN ({values}))", values: list::as_typed },
        TextField { names: &["caller"], sql: "i.caller_id IN (SELECT id FROM people WHERE name COLLATE NOCASE IN ({values}))", values: list::as_typed },
        TextField { names: &["channel"], sql: "i.channel COLLATE NOCASE IN ({values})", values: channel_values },
    ],
};

/// "1" or "P1".
fn priority_values(typed: &str) -> Vec<String> {
    let n = typed.trim().trim_start_matches(['P', 'p']);
    n.parse::<u8>().ok().filter(|p| (1..=5).contains(p)).map(|p| vec![p.to_string()]).unwrap_or_default()
}

fn channel_values(typed: &str) -> Vec<String> {
    Channel::parse(typed).map(|c| vec![c.as_str().to_string()]).unwrap_or_else(|| vec![typed.to_string()])
}

static LIST: ListSpec = ListSpec { table: "incidents i", from: FROM, id: "i.id", fields: FIELDS, default_sort: "opened_at", search: Some(RecordKind::Incident), like_fields: &[], counts: Some(list::Counts { table: "incident_counts", columns: &[("state", "state"), ("priority", "priority")] }), memberships: &[], query: Some(&QUERY) };

pub(crate) fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Incident> {
    let hold: Option<String> = r.get(21)?;
    Ok(Incident {
        id: IncidentId(r.get(0)?),
        number: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
        caller: r.get(4)?,
        caller_id: r.get(32)?,
        channel: r.get(5)?,
        category: r.get(6)?,
        subcategory: r.get(7)?,
        service: r.get(8)?,
        service_id: r.get(9)?,
        ci: r.get(10)?,
        ci_id: r.get(11)?,
        impact: r.get(12)?,
        urgency: r.get(13)?,
        priority: r.get(14)?,
        assignment_group: r.get(15)?,
        assignment_group_id: r.get(16)?,
        assignee: r.get(17)?,
        assignee_id: r.get(18)?,
        state: r.get(19)?,
        source_state: r.get(20)?,
        on_hold_reason: hold.as_deref().and_then(OnHoldReason::parse),
        resolution_code: r.get(22)?,
        resolution_notes: r.get(23)?,
        opened_at: r.get(24)?,
        first_response_at: r.get(25)?,
        resolved_at: r.get(26)?,
        closed_at: r.get(27)?,
        reassignment_count: r.get(28)?,
        reopen_count: r.get(29)?,
        major: r.get(30)?,
        source: r.get(33)?,
        sla_due: r.get(34)?,
        sla_warn_at: r.get(35)?,
        security: r.get::<_, i64>(36)? == 1,
        security_cia: r.get(37)?,
        updated_at: r.get(31)?,
    })
}

pub(crate) fn fetch(conn: &Connection, id: IncidentId) -> Result<Incident> {
    conn.query_row(&format!("SELECT {SELECT} FROM {FROM} WHERE i.id = ?1"), [id.0], map)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Incident", id: id.0.to_string() })
}

pub(crate) fn id_of(conn: &Connection, number: &str) -> Result<Option<IncidentId>> {
    Ok(crate::record::id_by_number(conn, RecordKind::Incident, number)?.map(IncidentId))
}

/// The fields whose changes make up an incident's timeline, by name.
pub(crate) type Snapshot = BTreeMap<&'static str, Option<String>>;

pub(crate) fn snapshot(i: &Incident) -> Snapshot {
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let num = |n: Option<i64>| n.map(|n| n.to_string());
    BTreeMap::from([
        ("title", Some(i.title.clone())),
        ("description", opt(&i.description)),
        ("state", Some(i.state.as_str().to_string())),
        ("priority", num(i.priority)),
        ("impact", num(i.impact)),
        ("urgency", num(i.urgency)),
        ("category", opt(&i.category)),
        ("subcategory", opt(&i.subcategory)),
        ("channel", opt(&i.channel)),
        ("caller", i.caller.clone()),
        ("service", i.service.clone()),
        ("ci", i.ci.clone()),
        ("assignment_group", i.assignment_group.clone()),
        ("assignee", i.assignee.clone()),
        ("on_hold_reason", i.on_hold_reason.map(|r| r.as_str().to_string())),
        ("resolution_code", opt(&i.resolution_code)),
        ("resolved_at", i.resolved_at.clone()),
        ("closed_at", i.closed_at.clone()),
    ])
}

/// Writes "created" for a first snapshot, else one entry per changed field.
pub(crate) fn write_history(tx: &Connection, id: IncidentId, at: &str, by: Option<&str>, before: Option<&Snapshot>, after: &Snapshot) -> Result<usize> {
    match before {
        Some(before) => write_changes(tx, id, at, by, before, after),
        None => {
            let state = after.get("state").cloned().flatten().and_then(|s| IncidentState::parse(&s)).unwrap_or(IncidentState::New);
            write_created(tx, id, at, by, state).map(|_| 1)
        }
    }
}

/// The "created" entry that opens every incident's timeline.
/// An incident's first history entry: "created" in its first state. Params: incident id,
/// at, state, by.
pub(crate) const INSERT_CREATED: &str = "INSERT INTO incident_history (incident_id, at, field, from_value, to_value, by) VALUES (?1, ?2, 'created', NULL, ?3, ?4)";

pub(crate) fn write_created(tx: &Connection, id: IncidentId, at: &str, by: Option<&str>, state: IncidentState) -> Result<()> {
    tx.prepare_cached(INSERT_CREATED)?.execute(params![id.0, at, state.as_str(), by])?;
    Ok(())
}

fn write_changes(tx: &Connection, id: IncidentId, at: &str, by: Option<&str>, before: &Snapshot, after: &Snapshot) -> Result<usize> {
    let mut stmt = tx.prepare_cached("INSERT INTO incident_history (incident_id, at, field, from_value, to_value, by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    let mut n = 0;
    for (field, to) in after {
        let from = before.get(field).cloned().flatten();
        if &from != to {
            stmt.execute(params![id.0, at, field, from, to, by])?;
            n += 1;
        }
    }
    Ok(n)
}

fn next_number(tx: &Tx<'_>) -> Result<String> {
    crate::record::next_number(tx, "incidents", "INC")
}

struct Checked {
    title: String,
    description: String,
    channel: String,
    category: String,
    subcategory: String,
    priority: i64,
}

fn check_input(tx: &Tx<'_>, input: &IncidentInput) -> Result<Checked> {
    let exists = |table: &str, id: Option<i64>, field: &str, what: &str| validate::exists(tx, table, id, field, what);
    exists("people", input.caller_id, "caller_id", "caller")?;
    exists("services", input.service_id, "service_id", "service")?;
    exists("cis", input.ci_id, "ci_id", "configuration item")?;
    exists("support_groups", input.assignment_group_id, "assignment_group_id", "support group")?;
    exists("people", input.assignee_id, "assignee_id", "assignee")?;
    let matrix = get_matrix_in(tx)?;
    Ok(Checked {
        title: validate::name("title", &input.title, 300)?,
        description: validate::text("description", &input.description, 50_000)?,
        channel: validate::line("channel", &input.channel, 100)?,
        category: validate::line("category", &input.category, 200)?,
        subcategory: validate::line("subcategory", &input.subcategory, 200)?,
        priority: matrix.priority(input.impact, input.urgency)?,
    })
}

/// An assignee belongs to the incident's group, when the group lists its members (groups
/// imported without members take anyone).
fn assignee_in_group(tx: &Tx<'_>, group: Option<i64>, assignee: Option<i64>) -> Result<()> {
    let (Some(g), Some(p)) = (group, assignee) else { return Ok(()) };
    let (members, member): (i64, i64) =
        tx.query_row("SELECT count(*), count(CASE WHEN person_id = ?2 THEN 1 END) FROM group_members WHERE group_id = ?1", params![g, p], |r| Ok((r.get(0)?, r.get(1)?)))?;
    if members > 0 && member == 0 {
        let (person, name): (String, String) =
            tx.query_row("SELECT (SELECT name FROM people WHERE id = ?2), (SELECT name FROM support_groups WHERE id = ?1)", params![g, p], |r| Ok((r.get(0)?, r.get(1)?)))?;
        return Err(CoreError::validation("assignee_id", format!("{person} is not in {name}: choose one of its members, or leave the incident to the group.")));
    }
    Ok(())
}

fn get_matrix_in(conn: &Connection) -> Result<PriorityMatrix> {
    matrix::STORED.get(conn)
}

/// Logs a new incident; its priority comes from the matrix.
pub fn log_incident(ws: &Workspace, input: &IncidentInput) -> Result<Incident> {
    ws.write(|tx| {
        let c = check_input(tx, input)?;
        assignee_in_group(tx, input.assignment_group_id, input.assignee_id)?;
        let number = next_number(tx)?;
        tx.execute(
            "INSERT INTO incidents (number, title, description, caller_id, channel, category, subcategory, service_id, ci_id,
                impact, urgency, priority, assignment_group_id, assignee_id, state, opened_at, major, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'new', ?15, ?16, ?15, ?15)",
            params![number, c.title, c.description, input.caller_id, c.channel, c.category, c.subcategory, input.service_id, input.ci_id,
                input.impact, input.urgency, c.priority, input.assignment_group_id, input.assignee_id, tx.at(), input.major],
        )?;
        let id = IncidentId(tx.last_insert_rowid());
        let created = fetch(tx, id)?;
        write_history(tx, id, tx.at(), Some(tx.actor().as_str()), None, &snapshot(&created))?;
        let mut detail = serde_json::to_value(snapshot(&created)).unwrap_or_default();
        detail["number"] = serde_json::json!(created.number);
        tx.audit(Action::created("incident.logged"), RecordRef::new(RecordKind::Incident, id.0), detail)?;
        tx.changed(RecordRef { kind: RecordKind::Incident, id: id.0 });
        tx.settle()?;
        fetch(tx, id)
    })
}

fn record_change(tx: &Tx<'_>, id: IncidentId, before: &Incident, action: Action) -> Result<Incident> {
    let after = fetch(tx, id)?;
    let (b, a) = (snapshot(before), snapshot(&after));
    write_history(tx, id, tx.at(), Some(tx.actor().as_str()), Some(&b), &a)?;
    let mut changes: BTreeMap<&str, serde_json::Value> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(v))
        .map(|(k, v)| (*k, serde_json::json!({"from": b.get(k).cloned().flatten(), "to": v})))
        .collect();
    changes.insert("number", serde_json::json!(after.number));
    tx.audit(action, RecordRef::new(RecordKind::Incident, id.0), serde_json::to_value(changes).unwrap_or_default())?;
    // Clocks read the timeline (holds pause them), so they follow the history just written;
    // the incident returned carries its deadline as they leave it.
    tx.changed(RecordRef { kind: RecordKind::Incident, id: id.0 });
    tx.settle()?;
    fetch(tx, id)
}

/// Edits an incident's fields (not its state). A change of group or assignee counts as a
/// reassignment once someone was assigned.
pub fn update_incident(ws: &Workspace, id: IncidentId, input: &IncidentInput) -> Result<Incident> {
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        if matches!(before.state, IncidentState::Closed | IncidentState::Cancelled) {
            return Err(CoreError::Conflict(format!("{} is {} and can no longer be edited.", before.number, before.state.label().to_lowercase())));
        }
        let c = check_input(tx, input)?;
        if before.assignment_group_id != input.assignment_group_id || before.assignee_id != input.assignee_id {
            assignee_in_group(tx, input.assignment_group_id, input.assignee_id)?;
        }
        let reassigned = (before.assignment_group_id.is_some() && before.assignment_group_id != input.assignment_group_id)
            || (before.assignee_id.is_some() && before.assignee_id != input.assignee_id);
        tx.execute(
            "UPDATE incidents SET title = ?1, description = ?2, caller_id = ?3, channel = ?4, category = ?5, subcategory = ?6,
                service_id = ?7, ci_id = ?8, impact = ?9, urgency = ?10, priority = ?11, assignment_group_id = ?12, assignee_id = ?13,
                major = ?14, reassignment_count = reassignment_count + ?15, updated_at = ?16 WHERE id = ?17",
            params![c.title, c.description, input.caller_id, c.channel, c.category, c.subcategory, input.service_id, input.ci_id,
                input.impact, input.urgency, c.priority, input.assignment_group_id, input.assignee_id, input.major, reassigned as i64, tx.at(), id.0],
        )?;
        record_change(tx, id, &before, Action::did("incident.updated"))
    })
}

/// Moves an incident to another state, if that move is allowed and its needs are met.
pub fn transition_incident(ws: &Workspace, id: IncidentId, t: &Transition) -> Result<Incident> {
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        if !before.state.can_move_to(t.to) {
            return Err(CoreError::validation(
                "to",
                format!("{} cannot go from {} to {}.", before.number, before.state.label().to_lowercase(), t.to.label().to_lowercase()),
            ));
        }
        let now = tx.at().to_string();
        let mut hold: Option<&str> = None;
        let (mut code, mut notes) = (before.resolution_code.clone(), before.resolution_notes.clone());
        let (mut resolved_at, mut closed_at) = (before.resolved_at.clone(), before.closed_at.clone());
        let mut reopen = 0;
        match t.to {
            IncidentState::OnHold => {
                hold = Some(t.on_hold_reason.ok_or_else(|| CoreError::validation("on_hold_reason", "Say what the incident is waiting for."))?.as_str());
            }
            IncidentState::Resolved => {
                code = validate::name("resolution_code", t.resolution_code.as_deref().unwrap_or(""), 100)?;
                notes = validate::name("resolution_notes", t.resolution_notes.as_deref().unwrap_or(""), 20_000)?;
                resolved_at = Some(now.clone());
            }
            IncidentState::Closed | IncidentState::Cancelled => closed_at = Some(now.clone()),
            IncidentState::InProgress if before.state == IncidentState::Resolved => {
                reopen = 1;
                resolved_at = None;
            }
            _ => {}
        }
        tx.execute(
            "UPDATE incidents SET state = ?1, on_hold_reason = ?2, resolution_code = ?3, resolution_notes = ?4, resolved_at = ?5,
                closed_at = ?6, reopen_count = reopen_count + ?7, updated_at = ?8,
                -- The source system's label described the state it had there; Steward's
                -- state is its own from here on.
                source_state = NULL,
                first_response_at = coalesce(first_response_at, CASE WHEN ?1 <> 'new' THEN ?8 END)
             WHERE id = ?9",
            params![t.to, hold, code, notes, resolved_at, closed_at, reopen, now, id.0],
        )?;
        record_change(tx, id, &before, Action::did("incident.state_changed"))
    })
}

/// Adds a work note (internal) or a comment the caller can see.
pub fn add_note(ws: &Workspace, id: IncidentId, body: &str, visible_to_caller: bool) -> Result<()> {
    ws.write(|tx| {
        let inc = fetch(tx, id)?;
        let body = validate::name("body", body, 20_000)?;
        tx.execute(
            "INSERT INTO incident_notes (incident_id, at, by, visible_to_caller, body) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id.0, tx.at(), tx.actor().as_str(), visible_to_caller, body],
        )?;
        tx.execute("UPDATE incidents SET updated_at = ?1 WHERE id = ?2", params![tx.at(), id.0])?;
        let action = if visible_to_caller { Action::did("incident.commented") } else { Action::did("incident.work_note") };
        tx.audit(action, RecordRef::new(RecordKind::Incident, id.0), serde_json::json!({"number": inc.number, "body": body}))
    })
}

/// A page of incidents; a `due` filter term is read as `sla::due` says.
pub fn list_incidents(ws: &Workspace, req: &ListRequest) -> Result<Page<Incident>> {
    list::run(ws.conn(), &LIST, &crate::sla::due::resolve(ws, req)?, SELECT, map)
}

/// Sets or clears an incident's security flag with what it harmed ("ca"), for information
/// security's classification (which writes its history and audit entry).
pub(crate) fn set_security_in(tx: &Tx<'_>, id: IncidentId, harmed: Option<&str>) -> Result<()> {
    tx.execute(
        "UPDATE incidents SET security = ?1, security_cia = ?2, updated_at = ?3 WHERE id = ?4",
        params![harmed.is_some() as i64, harmed.unwrap_or_default(), tx.at(), id.0],
    )?;
    Ok(())
}

pub fn get_incident(ws: &Workspace, id: IncidentId) -> Result<Incident> {
    fetch(ws.conn(), id)
}

pub fn history(ws: &Workspace, id: IncidentId) -> Result<Vec<HistoryEntry>> {
    let mut stmt = ws.conn().prepare_cached("SELECT at, field, from_value, to_value, by FROM incident_history WHERE incident_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([id.0], |r| Ok(HistoryEntry { at: r.get(0)?, field: r.get(1)?, from: r.get(2)?, to: r.get(3)?, by: r.get(4)? }))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// An incident by number, with its history oldest first.
pub fn show_incident(ws: &Workspace, number: &str) -> Result<IncidentDetail> {
    let id = id_of(ws.conn(), number)?.ok_or_else(|| CoreError::NotFound { kind: "Incident", id: number.trim().to_string() })?;
    incident_detail(ws, id)
}

pub fn incident_detail(ws: &Workspace, id: IncidentId) -> Result<IncidentDetail> {
    let incident = fetch(ws.conn(), id)?;
    let next_states = IncidentState::ALL.iter().copied().filter(|s| incident.state.can_move_to(*s)).collect();
    Ok(IncidentDetail { incident, history: history(ws, id)?, next_states })
}

pub fn incident_stats(ws: &Workspace) -> Result<IncidentStats> {
    let mut by_state: BTreeMap<String, u64> = IncidentState::ALL.iter().map(|s| (s.as_str().to_string(), 0)).collect();
    let mut by_priority: BTreeMap<String, u64> = ["1", "2", "3", "4", "5", "none"].iter().map(|k| (k.to_string(), 0)).collect();
    let mut stmt = ws.conn().prepare_cached("SELECT state, priority, n FROM incident_counts WHERE n > 0")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))? {
        let (state, priority, n) = row?;
        *by_state.entry(state).or_default() += n as u64;
        *by_priority.entry(if priority == 0 { "none".into() } else { priority.to_string() }).or_default() += n as u64;
    }
    let total = by_state.values().sum();
    Ok(IncidentStats { total, by_state, by_priority })
}

/// The contract's `incidents search`: what the window's filter box finds (words whole,
/// "phrases" exact, `field:value` on one field), the last made first, each hit with the text around
/// its words (the start of its description when only fields were named).
pub fn search_incidents(ws: &Workspace, text: &str, limit: u32) -> Result<IncidentSearch> {
    if limit == 0 || limit > 1000 {
        return Err(CoreError::validation("limit", "Ask for 1 to 1000 results."));
    }
    let query = list::parse_query(text, QUERY.fields);
    if query.is_empty() {
        return Ok(IncidentSearch { hits: vec![], total: 0 });
    }
    let req = ListRequest { text: Some(text.to_string()), sort: Some(list::SortTerm { field: "created".into(), descending: true }), limit: Some(limit), ..Default::default() };
    let page = list_incidents(ws, &req)?;
    // The text around the words, read in one pass of the index over the page's id span
    // (the page is newest first, so its ids bound it).
    let (lo, _) = RecordKind::Incident.fts_range().unwrap_or_default();
    let mut around: std::collections::HashMap<i64, String> = std::collections::HashMap::new();
    if let (Some(q), Some(first), Some(last)) = (query.fts(false, text), page.items.first(), page.items.last()) {
        let mut stmt = ws.conn().prepare_cached(
            "SELECT rowid - ?2, snippet(search_index, -1, '', '', ' … ', 14) FROM search_index WHERE search_index MATCH ?1 AND rowid >= ?2 + ?3 AND rowid <= ?2 + ?4",
        )?;
        let rows = stmt.query_map(params![q, lo, last.id.0.min(first.id.0), last.id.0.max(first.id.0)], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, s) = row?;
            around.insert(id, s);
        }
    }
    let hits = page
        .items
        .into_iter()
        .map(|i| {
            let snippet = around.remove(&i.id.0).unwrap_or_else(|| i.description.chars().take(120).collect());
            IncidentHit { number: i.number, title: i.title, snippet }
        })
        .collect();
    Ok(IncidentSearch { hits, total: page.total.unwrap_or_default() })
}

/// An incident's notes and comments, oldest first.
pub fn notes(ws: &Workspace, id: IncidentId) -> Result<Vec<Note>> {
    let mut stmt = ws.conn().prepare_cached("SELECT at, by, visible_to_caller, body FROM incident_notes WHERE incident_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([id.0], |r| Ok(Note { at: r.get(0)?, by: r.get(1)?, visible_to_caller: r.get(2)?, body: r.get(3)? }))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Resolved incidents close by themselves after this many days unless set otherwise.
pub const DEFAULT_AUTO_CLOSE_DAYS: i64 = 7;

/// The days after which resolved incidents close (stored as a bare number).
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
struct AutoCloseDays(i64);

impl Default for AutoCloseDays {
    fn default() -> Self {
        AutoCloseDays(DEFAULT_AUTO_CLOSE_DAYS)
    }
}

const AUTO_CLOSE: Stored<AutoCloseDays> = Stored::new("auto_close_days", "The days after which resolved incidents close");

pub fn auto_close_days(ws: &Workspace) -> Result<i64> {
    Ok(AUTO_CLOSE.get(ws.conn())?.0)
}

pub fn set_auto_close_days(ws: &Workspace, days: i64) -> Result<i64> {
    if !(1..=365).contains(&days) {
        return Err(CoreError::validation("auto_close_days", "Resolved incidents close after 1 to 365 days."));
    }
    ws.write(|tx| {
        let before = AUTO_CLOSE.before(tx)?;
        AUTO_CLOSE.put(tx, &AutoCloseDays(days))?;
        tx.audit(Action::did("settings.auto_close_days"), Subject::Setting("auto_close_days"), serde_json::json!({"from": before, "to": days}))
    })?;
    Ok(days)
}

/// Closes incidents logged in Steward that have been resolved for the configured number of
/// days, each with its history entry, and returns how many. Imported incidents keep the
/// state their source gave them.
pub fn auto_close(ws: &Workspace, now: chrono::DateTime<chrono::Utc>) -> Result<u64> {
    let days = auto_close_days(ws)?;
    let cutoff = crate::time::to_text(now - chrono::Duration::days(days));
    ws.write(|tx| {
        let due: Vec<i64> = tx
            .prepare("SELECT id FROM incidents WHERE state = 'resolved' AND source_state IS NULL AND resolved_at <= ?1")?
            .query_map([&cutoff], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let by = format!("Steward (auto-close after {days} days)");
        for id in &due {
            let id = IncidentId(*id);
            let before = snapshot(&fetch(tx, id)?);
            tx.execute("UPDATE incidents SET state = 'closed', closed_at = ?1, updated_at = ?1 WHERE id = ?2", params![tx.at(), id.0])?;
            write_history(tx, id, tx.at(), Some(&by), Some(&before), &snapshot(&fetch(tx, id)?))?;
        }
        if !due.is_empty() {
            tx.audit(Action::did("incidents.auto_closed"), Subject::Every(RecordKind::Incident), serde_json::json!({"count": due.len(), "after_days": days}))?;
        }
        Ok(due.len() as u64)
    })
}

/// Sets incidents' earliest running SLA deadline and its warning instant from `rows`, the SLA
/// clocks' read of them (`sla::clocks::due_rows`: `id, due, warn_at`, ?1 the one record when
/// `only`), written only where it moved.
pub(crate) fn set_due(tx: &Tx<'_>, rows: &str, only: Option<i64>) -> Result<()> {
    let sql = format!("UPDATE incidents SET sla_due = d.due, sla_warn_at = d.warn_at FROM ({rows}) d WHERE incidents.id = d.id AND (incidents.sla_due, incidents.sla_warn_at) IS NOT (d.due, d.warn_at)");
    let mut stmt = tx.prepare_cached(&sql)?;
    match only {
        Some(id) => stmt.execute([id])?,
        None => stmt.execute([])?,
    };
    Ok(())
}

/// When an incident was on hold for one of `reasons`, up to `until` (Unix seconds), from its
/// timeline (the history of its state and hold reason).
pub(crate) struct Holds {
    pub spans: Vec<(i64, i64)>,
    /// The last span is still open (it was cut at `until`).
    pub ongoing: bool,
}

/// The holds of an incident for the given reasons up to `until` (the SLA clocks pause for them).
pub(crate) fn holds(conn: &Connection, incident: i64, reasons: &[OnHoldReason], until: i64) -> Result<Holds> {
    if reasons.is_empty() {
        return Ok(Holds { spans: vec![], ongoing: false });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT at, field, to_value FROM incident_history WHERE incident_id = ?1 AND field IN ('created', 'state', 'on_hold_reason') ORDER BY at, id",
    )?;
    let rows: Vec<(String, String, Option<String>)> = stmt.query_map([incident], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
    let (mut state, mut reason): (Option<String>, Option<OnHoldReason>) = (None, None);
    let mut spans = Vec::new();
    let mut open: Option<i64> = None;
    let mut i = 0;
    while i < rows.len() {
        // The state and the reason change together: take every entry of one instant first.
        let at = rows[i].0.clone();
        while i < rows.len() && rows[i].0 == at {
            let (_, field, to) = &rows[i];
            match field.as_str() {
                "on_hold_reason" => reason = to.as_deref().and_then(OnHoldReason::parse),
                _ => state = to.clone(),
            }
            i += 1;
        }
        let Ok(t) = chrono::DateTime::parse_from_rfc3339(&at).map(|t| t.timestamp()) else { continue };
        let paused = state.as_deref() == Some("on_hold") && reason.is_some_and(|r| reasons.contains(&r));
        match (paused, open) {
            (true, None) => open = Some(t),
            (false, Some(from)) => {
                spans.push((from, t));
                open = None;
            }
            _ => {}
        }
    }
    if let Some(from) = open {
        spans.push((from, until.max(from)));
    }
    Ok(Holds { spans, ongoing: open.is_some() })
}
