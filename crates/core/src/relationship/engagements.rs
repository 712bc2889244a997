//! The engagement log: meetings, calls, decisions and commitments, each with a stakeholder
//! or a service (or both). A commitment has an owner and a due date; until it is done and
//! past its day (in the workspace's display zone) it is overdue, and the home page says so.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::list::{self, Field, ListRequest, ListSpec, Page};
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Tx, Workspace};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct EngagementId(pub i64);

labelled_enum!(
    EngagementKind {
        Meeting = "meeting": "Meeting",
        Call = "call": "Call",
        Decision = "decision": "Decision",
        Commitment = "commitment": "Commitment",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Engagement {
    pub id: EngagementId,
    pub kind: EngagementKind,
    pub happened_on: String,
    #[ts(type = "number | null")]
    pub stakeholder_id: Option<i64>,
    pub stakeholder: Option<String>,
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    pub service: Option<String>,
    pub summary: String,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub due_on: Option<String>,
    pub done_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EngagementInput {
    pub kind: EngagementKind,
    pub happened_on: String,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub stakeholder_id: Option<i64>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    pub summary: String,
    /// A commitment's owner and due date (required for one, refused for the rest).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    #[serde(default)]
    pub due_on: Option<String>,
}

const SELECT: &str = "e.id, e.kind, e.happened_on, e.stakeholder_id, coalesce(st.name, sp.name, sv.name), e.service_id, s.name, e.summary, e.owner_id, o.name, e.due_on, e.done_on";
const FROM: &str = "engagements e LEFT JOIN stakeholders st ON st.id = e.stakeholder_id LEFT JOIN people sp ON sp.id = st.person_id LEFT JOIN vendors sv ON sv.id = st.vendor_id
    LEFT JOIN services s ON s.id = e.service_id LEFT JOIN people o ON o.id = e.owner_id";
static FIELDS: &[Field] = &[
    Field { name: "happened_on", sql: "e.happened_on", sortable: true, filterable: false },
    Field { name: "due_on", sql: "e.due_on", sortable: true, filterable: true },
    Field { name: "kind", sql: "e.kind", sortable: true, filterable: true },
    Field { name: "stakeholder_id", sql: "e.stakeholder_id", sortable: false, filterable: true },
    Field { name: "service_id", sql: "e.service_id", sortable: false, filterable: true },
    Field { name: "owner_id", sql: "e.owner_id", sortable: false, filterable: true },
    Field { name: "done_on", sql: "e.done_on", sortable: false, filterable: true },
];
static LIST: ListSpec = ListSpec {
    table: "engagements e",
    from: FROM,
    id: "e.id",
    fields: FIELDS,
    default_sort: "happened_on",
    search: None,
    like_fields: &["e.summary"],
    counts: None,
    memberships: &[],
    query: None,
};

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Engagement> {
    Ok(Engagement {
        id: EngagementId(r.get(0)?),
        kind: r.get(1)?,
        happened_on: r.get(2)?,
        stakeholder_id: r.get(3)?,
        stakeholder: r.get(4)?,
        service_id: r.get(5)?,
        service: r.get(6)?,
        summary: r.get(7)?,
        owner_id: r.get(8)?,
        owner: r.get(9)?,
        due_on: r.get(10)?,
        done_on: r.get(11)?,
    })
}

fn fetch(conn: &Connection, id: EngagementId) -> Result<Engagement> {
    conn.query_row(&format!("SELECT {SELECT} FROM {FROM} WHERE e.id = ?1"), [id.0], map)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Engagement log entry", id: id.0.to_string() })
}

/// The log, newest first unless sorted otherwise; filter by stakeholder, service, kind,
/// owner, open (`done_on` missing) or due by a day (`due_on` at most).
pub fn list_engagements(ws: &Workspace, req: &ListRequest) -> Result<Page<Engagement>> {
    list::run(ws.conn(), &LIST, req, SELECT, map)
}

/// Today in the workspace's display zone, as stored dates read.
fn today(ws: &Workspace) -> Result<String> {
    Ok(crate::settings::today(ws)?.format("%Y-%m-%d").to_string())
}

/// Commitments not done whose due day has passed, the longest overdue first.
pub fn overdue_commitments(ws: &Workspace, limit: u32) -> Result<Vec<Engagement>> {
    let rows = ws
        .conn()
        .prepare_cached(&format!("SELECT {SELECT} FROM {FROM} WHERE e.kind = 'commitment' AND e.done_on IS NULL AND e.due_on < ?1 ORDER BY e.due_on, e.id LIMIT ?2"))?
        .query_map(params![today(ws)?, limit], map)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

struct Checked {
    happened_on: String,
    summary: String,
    due_on: Option<String>,
}

fn check(conn: &Connection, input: &EngagementInput) -> Result<Checked> {
    let happened_on = validate::date("happened_on", &Some(input.happened_on.clone()))?.ok_or_else(|| CoreError::validation("happened_on", "Give the day it happened."))?;
    let summary = validate::text("summary", &input.summary, 20_000)?;
    if summary.is_empty() {
        return Err(CoreError::validation("summary", "Say what was discussed, decided or promised."));
    }
    if input.stakeholder_id.is_none() && input.service_id.is_none() {
        return Err(CoreError::validation("stakeholder_id", "Name the stakeholder or the service the entry is about (or both)."));
    }
    validate::exists(conn, "stakeholders", input.stakeholder_id, "stakeholder_id", "stakeholder")?;
    validate::exists(conn, "services", input.service_id, "service_id", "service")?;
    validate::exists(conn, "people", input.owner_id, "owner_id", "person")?;
    let due_on = validate::date("due_on", &input.due_on)?;
    if input.kind == EngagementKind::Commitment {
        if input.owner_id.is_none() {
            return Err(CoreError::validation("owner_id", "A commitment needs the person who owns it."));
        }
        match &due_on {
            None => return Err(CoreError::validation("due_on", "A commitment needs a due date.")),
            Some(d) if d.as_str() < happened_on.as_str() => return Err(CoreError::validation("due_on", "A commitment falls due on or after the day it was made.")),
            _ => {}
        }
    } else if input.owner_id.is_some() || due_on.is_some() {
        return Err(CoreError::validation("kind", "Only a commitment has an owner and a due date: log it as a commitment."));
    }
    Ok(Checked { happened_on, summary, due_on })
}

fn snapshot(e: &Engagement) -> serde_json::Value {
    serde_json::json!({"kind": e.kind, "happened_on": e.happened_on, "stakeholder": e.stakeholder, "service": e.service, "summary": e.summary, "owner": e.owner, "due_on": e.due_on, "done_on": e.done_on})
}

pub(crate) fn log_in(tx: &Tx<'_>, input: &EngagementInput) -> Result<EngagementId> {
    let c = check(tx, input)?;
    tx.execute(
        "INSERT INTO engagements (kind, happened_on, stakeholder_id, service_id, summary, owner_id, due_on, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![input.kind, c.happened_on, input.stakeholder_id, input.service_id, c.summary, input.owner_id, c.due_on, tx.at()],
    )?;
    let id = EngagementId(tx.last_insert_rowid());
    tx.audit(Action::created("engagement.logged"), RecordRef::new(RecordKind::Engagement, id.0), snapshot(&fetch(tx, id)?))?;
    Ok(id)
}

pub fn log_engagement(ws: &Workspace, input: &EngagementInput) -> Result<Engagement> {
    let id = ws.write(|tx| log_in(tx, input))?;
    fetch(ws.conn(), id)
}

pub fn update_engagement(ws: &Workspace, id: EngagementId, input: &EngagementInput) -> Result<Engagement> {
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        let c = check(tx, input)?;
        let done = if input.kind == EngagementKind::Commitment { before.done_on.clone() } else { None };
        tx.execute(
            "UPDATE engagements SET kind = ?2, happened_on = ?3, stakeholder_id = ?4, service_id = ?5, summary = ?6, owner_id = ?7, due_on = ?8, done_on = ?9, updated_at = ?10 WHERE id = ?1",
            params![id.0, input.kind, c.happened_on, input.stakeholder_id, input.service_id, c.summary, input.owner_id, c.due_on, done, tx.at()],
        )?;
        let changes = validate::diff(&snapshot(&before), &snapshot(&fetch(tx, id)?));
        if changes.as_object().is_some_and(|c| !c.is_empty()) {
            tx.audit(Action::did("engagement.updated"), RecordRef::new(RecordKind::Engagement, id.0), changes)?;
        }
        Ok(())
    })?;
    fetch(ws.conn(), id)
}

/// Marks a commitment done on a day (today in the display zone when none is given), or open
/// again with `done: false`.
pub fn set_commitment_done(ws: &Workspace, id: EngagementId, done: bool, on: Option<String>) -> Result<Engagement> {
    let day = match validate::date("done_on", &on)? {
        Some(d) => d,
        None => today(ws)?,
    };
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        if before.kind != EngagementKind::Commitment {
            return Err(CoreError::validation("kind", "Only a commitment is done or open."));
        }
        let to = done.then_some(day.clone());
        if before.done_on == to {
            return Ok(());
        }
        tx.execute("UPDATE engagements SET done_on = ?2, updated_at = ?3 WHERE id = ?1", params![id.0, to, tx.at()])?;
        tx.audit(Action::did(if done { "engagement.done" } else { "engagement.reopened" }), RecordRef::new(RecordKind::Engagement, id.0), serde_json::json!({"done_on": {"from": before.done_on, "to": to}}))
    })?;
    fetch(ws.conn(), id)
}
