//! Service requests, distinct from incidents: someone asks for something the catalogue
//! offers (a laptop, access, software). A request copies its item's fulfilment tasks, waits
//! for approval when the item needs it, and is fulfilled when every task is done or skipped.
//!
//! **Invariant:** a request is fulfilled only when none of its tasks is open or in progress;
//! finishing the last task fulfils it. Its history is its audit trail (record id = its id).

pub(crate) mod demo;

mod catalogue;
pub mod import;

#[cfg(test)]
mod tests;

pub use catalogue::{create_catalogue_item, get_catalogue_item, list_catalogue, update_catalogue_item, CatalogueItem, CatalogueItemId, CatalogueItemInput, TaskTemplate};

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::list::{self, Field, ListRequest, ListSpec, Page};
use crate::record::{RecordKind, RecordRef};
use crate::validate::{self, exists};
use crate::workspace::{Action, Tx, Workspace};

/// What the practice registry knows of service request management (`crate::PRACTICES`).
pub(crate) const KINDS: &[crate::record::RecordKind] = &[crate::record::RecordKind::Request, crate::record::RecordKind::CatalogueItem];
pub(crate) const DEMO: Option<crate::practice::DemoPart> = Some(demo::service_requests);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct RequestId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct RequestTaskId(pub i64);

labelled_enum!(
    RequestState {
        New = "new": "New",
        AwaitingApproval = "awaiting_approval": "Awaiting approval",
        InFulfilment = "in_fulfilment": "In fulfilment",
        Fulfilled = "fulfilled": "Fulfilled",
        Closed = "closed": "Closed",
        Rejected = "rejected": "Rejected",
        Cancelled = "cancelled": "Cancelled",
    }
);

labelled_enum!(
    TaskState {
        Open = "open": "Open",
        InProgress = "in_progress": "In progress",
        Done = "done": "Done",
        Skipped = "skipped": "Skipped",
    }
);

impl RequestState {
    /// The moves a user may make. Approval is AwaitingApproval → InFulfilment; reopening is
    /// Fulfilled → InFulfilment; closed, rejected and cancelled are final.
    pub fn can_move_to(self, to: RequestState) -> bool {
        use RequestState::*;
        matches!(
            (self, to),
            (New, InFulfilment | Cancelled)
                | (AwaitingApproval, InFulfilment | Rejected | Cancelled)
                | (InFulfilment, Fulfilled | Cancelled)
                | (Fulfilled, Closed | InFulfilment)
        )
    }

    pub fn is_open(self) -> bool {
        matches!(self, RequestState::New | RequestState::AwaitingApproval | RequestState::InFulfilment)
    }
}

impl TaskState {
    fn is_finished(self) -> bool {
        matches!(self, TaskState::Done | TaskState::Skipped)
    }

    /// The moves from here: start, finish or skip an open task; finish or skip one in
    /// progress; reopen a finished one.
    pub fn next_states(self) -> Vec<TaskState> {
        use TaskState::*;
        match self {
            Open => vec![InProgress, Done, Skipped],
            InProgress => vec![Done, Skipped],
            Done | Skipped => vec![Open],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Request {
    pub id: RequestId,
    pub number: String,
    pub item_id: CatalogueItemId,
    pub item: String,
    pub title: String,
    pub description: String,
    #[ts(type = "number | null")]
    pub requested_for_id: Option<i64>,
    pub requested_for: Option<String>,
    pub channel: String,
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    pub service: Option<String>,
    #[ts(type = "number | null")]
    pub assignment_group_id: Option<i64>,
    pub assignment_group: Option<String>,
    #[ts(type = "number | null")]
    pub assignee_id: Option<i64>,
    pub assignee: Option<String>,
    pub state: RequestState,
    /// Who approved or rejected it, and why.
    pub approval_by: Option<String>,
    pub approval_note: String,
    pub opened_at: String,
    pub approved_at: Option<String>,
    pub fulfilled_at: Option<String>,
    pub closed_at: Option<String>,
    pub created_by: String,
    pub updated_at: String,
    pub tasks_total: i64,
    pub tasks_finished: i64,
    /// The earliest deadline of its running SLA clocks.
    pub sla_due: Option<String>,
    /// When the clock behind `sla_due` reaches its warning threshold.
    pub sla_warn_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RequestTask {
    pub id: RequestTaskId,
    pub position: i64,
    pub title: String,
    #[ts(type = "number | null")]
    pub group_id: Option<i64>,
    pub group: Option<String>,
    #[ts(type = "number | null")]
    pub assignee_id: Option<i64>,
    pub assignee: Option<String>,
    pub state: TaskState,
    pub done_at: Option<String>,
    /// The moves the window offers from its state.
    pub next_states: Vec<TaskState>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RequestDetail {
    pub request: Request,
    pub tasks: Vec<RequestTask>,
    pub next_states: Vec<RequestState>,
}

/// What a user enters to raise or edit a request (the item is fixed once raised).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct RequestInput {
    pub item_id: CatalogueItemId,
    /// Empty: the item's name.
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub requested_for_id: Option<i64>,
    #[serde(default)]
    pub channel: String,
    /// Empty: the item's fulfilment group.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub assignment_group_id: Option<i64>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub assignee_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RequestTransition {
    pub to: RequestState,
    /// Required to reject; kept with an approval.
    #[serde(default)]
    pub note: String,
}

const SELECT: &str = "r.id, r.number, r.item_id, it.name, r.title, r.description, r.requested_for_id, rf.name, r.channel, r.service_id, s.name,
    r.assignment_group_id, g.name, r.assignee_id, ap.name, r.state, r.approval_by, r.approval_note, r.opened_at, r.approved_at,
    r.fulfilled_at, r.closed_at, r.created_by, r.updated_at,
    (SELECT count(*) FROM request_tasks t WHERE t.request_id = r.id),
    (SELECT count(*) FROM request_tasks t WHERE t.request_id = r.id AND t.state IN ('done', 'skipped')),
    nullif(r.sla_due, '9999-12-31T23:59:59Z'), r.sla_warn_at";
const FROM: &str = "requests r
    JOIN catalogue_items it ON it.id = r.item_id
    LEFT JOIN people rf ON rf.id = r.requested_for_id
    LEFT JOIN services s ON s.id = r.service_id
    LEFT JOIN support_groups g ON g.id = r.assignment_group_id
    LEFT JOIN people ap ON ap.id = r.assignee_id";
static FIELDS: &[Field] = &[
    Field { name: "number", sql: "r.number", sortable: true, filterable: true },
    Field { name: "opened_at", sql: "r.opened_at", sortable: true, filterable: false },
    Field { name: "updated_at", sql: "r.updated_at", sortable: true, filterable: false },
    Field { name: "state", sql: "r.state", sortable: true, filterable: true },
    Field { name: "sla_due", sql: "r.sla_due", sortable: true, filterable: true },
    Field { name: "sla_warn_at", sql: "r.sla_warn_at", sortable: false, filterable: true },
    Field { name: "item_id", sql: "r.item_id", sortable: false, filterable: true },
    Field { name: "assignment_group_id", sql: "r.assignment_group_id", sortable: false, filterable: true },
    Field { name: "assignee_id", sql: "r.assignee_id", sortable: false, filterable: true },
    Field { name: "requested_for_id", sql: "r.requested_for_id", sortable: false, filterable: true },
    Field { name: "service_id", sql: "r.service_id", sortable: false, filterable: true },
];

/// The filter box, as the incident list's: words in the indexed text, `field:value` on one.
static QUERY: list::QuerySpec = list::QuerySpec {
    words_in: "number, title and description",
    fields: &[
        list::TextField { names: &["number"], sql: "r.number IN ({values})", values: list::as_typed },
        list::TextField { names: &["state"], sql: "r.state IN ({values})", values: list::one_of::<RequestState> },
        list::TextField { names: &["item"], sql: "r.item_id IN (SELECT id FROM catalogue_items WHERE name COLLATE NOCASE IN ({values}))", values: list::as_typed },
        list::TextField { names: &["service"], sql: "r.service_id IN (SELECT id FROM services WHERE name COLLATE NOCASE IN ({values}))", values: list::as_typed },
        list::TextField { names: &["assignment_group", "group"], sql: "r.assignment_group_id IN (SELECT id FROM support_groups WHERE name COLLATE NOCASE IN ({values}))", values: list::as_typed },
        list::TextField { names: &["assignee"], sql: "r.assignee_id IN (SELECT id FROM people WHERE name COLLATE NOCASE IN ({values}))", values: list::as_typed },
        list::TextField { names: &["requested_for", "for"], sql: "r.requested_for_id IN (SELECT id FROM people WHERE name COLLATE NOCASE IN ({values}))", values: list::as_typed },
        list::TextField { names: &["channel"], sql: "r.channel COLLATE NOCASE IN ({values})", values: list::as_typed },
    ],
};

static LIST: ListSpec = ListSpec { table: "requests r", from: FROM, id: "r.id", fields: FIELDS, default_sort: "opened_at", search: Some(RecordKind::Request), like_fields: &[], counts: None, memberships: &[], query: Some(&QUERY) };

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Request> {
    Ok(Request {
        id: RequestId(r.get(0)?),
        number: r.get(1)?,
        item_id: CatalogueItemId(r.get(2)?),
        item: r.get(3)?,
        title: r.get(4)?,
        description: r.get(5)?,
        requested_for_id: r.get(6)?,
        requested_for: r.get(7)?,
        channel: r.get(8)?,
        service_id: r.get(9)?,
        service: r.get(10)?,
        assignment_group_id: r.get(11)?,
        assignment_group: r.get(12)?,
        assignee_id: r.get(13)?,
        assignee: r.get(14)?,
        state: r.get(15)?,
        approval_by: r.get(16)?,
        approval_note: r.get(17)?,
        opened_at: r.get(18)?,
        approved_at: r.get(19)?,
        fulfilled_at: r.get(20)?,
        closed_at: r.get(21)?,
        created_by: r.get(22)?,
        updated_at: r.get(23)?,
        tasks_total: r.get(24)?,
        tasks_finished: r.get(25)?,
        sla_due: r.get(26)?,
        sla_warn_at: r.get(27)?,
    })
}

fn fetch(conn: &Connection, id: RequestId) -> Result<Request> {
    conn.query_row(&format!("SELECT {SELECT} FROM {FROM} WHERE r.id = ?1"), [id.0], map)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Service request", id: id.0.to_string() })
}

fn tasks(conn: &Connection, id: RequestId) -> Result<Vec<RequestTask>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.position, t.title, t.group_id, g.name, t.assignee_id, p.name, t.state, t.done_at
           FROM request_tasks t LEFT JOIN support_groups g ON g.id = t.group_id LEFT JOIN people p ON p.id = t.assignee_id
          WHERE t.request_id = ?1 ORDER BY t.position",
    )?;
    let rows = stmt.query_map([id.0], |r| {
        Ok(RequestTask {
            id: RequestTaskId(r.get(0)?),
            position: r.get(1)?,
            title: r.get(2)?,
            group_id: r.get(3)?,
            group: r.get(4)?,
            assignee_id: r.get(5)?,
            assignee: r.get(6)?,
            state: r.get(7)?,
            done_at: r.get(8)?,
            next_states: r.get::<_, TaskState>(7)?.next_states(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A page of requests; a `due` filter term is read as `sla::due` says.
pub fn list_requests(ws: &Workspace, req: &ListRequest) -> Result<Page<Request>> {
    list::run(ws.conn(), &LIST, &crate::sla::due::resolve(ws, req)?, SELECT, map)
}

/// A request by its number (REQ…).
pub fn show_request(ws: &Workspace, number: &str) -> Result<RequestDetail> {
    let id = crate::record::require_by_number(ws.conn(), RecordKind::Request, number)?;
    detail_in(ws.conn(), RequestId(id))
}

pub fn request_detail(ws: &Workspace, id: RequestId) -> Result<RequestDetail> {
    detail_in(ws.conn(), id)
}

fn detail_in(conn: &Connection, id: RequestId) -> Result<RequestDetail> {
    let request = fetch(conn, id)?;
    let next_states = RequestState::ALL.iter().copied().filter(|s| request.state.can_move_to(*s)).collect();
    Ok(RequestDetail { request, tasks: tasks(conn, id)?, next_states })
}

fn snapshot(r: &Request) -> serde_json::Value {
    serde_json::json!({
        "title": r.title, "description": r.description, "requested_for": r.requested_for, "channel": r.channel,
        "assignment_group": r.assignment_group, "assignee": r.assignee, "state": r.state,
    })
}

/// Raises a request for a catalogue item: copies the item's tasks, and waits for approval
/// when the item needs it.
pub fn raise_request(ws: &Workspace, input: &RequestInput) -> Result<RequestDetail> {
    ws.write(|tx| raise_in(tx, input))
}

pub(crate) fn raise_in(tx: &Tx<'_>, input: &RequestInput) -> Result<RequestDetail> {
    let item = catalogue::fetch(tx, input.item_id).map_err(|_| CoreError::validation("item_id", "Choose an item from the catalogue."))?;
    if !item.active {
        return Err(CoreError::validation("item_id", format!("\"{}\" is no longer offered in the catalogue.", item.name)));
    }
    let title = match input.title.trim() {
        "" => item.name.clone(),
        t => validate::name("title", t, 300)?,
    };
    exists(tx, "people", input.requested_for_id, "requested_for_id", "person it is requested for")?;
    exists(tx, "support_groups", input.assignment_group_id, "assignment_group_id", "support group")?;
    exists(tx, "people", input.assignee_id, "assignee_id", "assignee")?;
    let state = if item.needs_approval { RequestState::AwaitingApproval } else { RequestState::New };
    let number = crate::record::next_number(tx, "requests", "REQ")?;
    tx.execute(
        "INSERT INTO requests (number, item_id, title, description, requested_for_id, channel, service_id, assignment_group_id, assignee_id,
            state, opened_at, created_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?11)",
        params![number, item.id.0, title, validate::text("description", &input.description, 50_000)?, input.requested_for_id,
            validate::line("channel", &input.channel, 100)?, item.service_id, input.assignment_group_id.or(item.fulfilment_group_id),
            input.assignee_id, state, tx.at(), tx.actor().as_str()],
    )?;
    let id = RequestId(tx.last_insert_rowid());
    let mut stmt = tx.prepare_cached("INSERT INTO request_tasks (request_id, position, title, group_id, state) VALUES (?1, ?2, ?3, ?4, 'open')")?;
    for (i, t) in item.tasks.iter().enumerate() {
        stmt.execute(params![id.0, i as i64 + 1, t.title, t.group_id.or(item.fulfilment_group_id)])?;
    }
    let created = fetch(tx, id)?;
    let mut detail = snapshot(&created);
    detail["item"] = serde_json::json!(item.name);
    detail["number"] = serde_json::json!(created.number);
    tx.audit(Action::did("request.raised"), RecordRef::new(RecordKind::Request, id.0), detail)?;
    tx.changed(RecordRef { kind: RecordKind::Request, id: id.0 });
    tx.settle()?;
    detail_in(tx, id)
}

/// A request's fields edited.
const UPDATED: Action = Action::did("request.updated");

fn record_change(tx: &Tx<'_>, before: &Request, action: Action) -> Result<RequestDetail> {
    let after = fetch(tx, before.id)?;
    let mut changes = validate::diff(&snapshot(before), &snapshot(&after));
    if let Some(c) = changes.as_object_mut() {
        if !c.is_empty() || action != UPDATED {
            c.insert("number".into(), serde_json::json!(after.number));
            tx.audit(action, RecordRef::new(RecordKind::Request, after.id.0), changes)?;
        }
    }
    tx.changed(RecordRef { kind: RecordKind::Request, id: after.id.0 });
    tx.settle()?;
    detail_in(tx, after.id)
}

/// Edits what a request says and who works on it (not its item or state).
pub fn update_request(ws: &Workspace, id: RequestId, input: &RequestInput) -> Result<RequestDetail> {
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        if !before.state.is_open() && before.state != RequestState::Fulfilled {
            return Err(CoreError::Conflict(format!("{} is {} and can no longer be edited.", before.number, before.state.label().to_lowercase())));
        }
        if input.item_id != before.item_id {
            return Err(CoreError::validation("item_id", "A request keeps the item it was raised for; raise a new request instead."));
        }
        exists(tx, "people", input.requested_for_id, "requested_for_id", "person it is requested for")?;
        exists(tx, "support_groups", input.assignment_group_id, "assignment_group_id", "support group")?;
        exists(tx, "people", input.assignee_id, "assignee_id", "assignee")?;
        tx.execute(
            "UPDATE requests SET title = ?1, description = ?2, requested_for_id = ?3, channel = ?4, assignment_group_id = ?5, assignee_id = ?6,
                updated_at = ?7 WHERE id = ?8",
            params![validate::name("title", &input.title, 300)?, validate::text("description", &input.description, 50_000)?, input.requested_for_id,
                validate::line("channel", &input.channel, 100)?, input.assignment_group_id, input.assignee_id, tx.at(), id.0],
        )?;
        record_change(tx, &before, UPDATED)
    })
}

/// Moves a request to another state: approve (→ in fulfilment), reject (with a note),
/// fulfil (only with every task finished), close, cancel, reopen.
pub fn transition_request(ws: &Workspace, id: RequestId, t: &RequestTransition) -> Result<RequestDetail> {
    ws.write(|tx| transition_in(tx, id, t))
}

pub(crate) fn transition_in(tx: &Tx<'_>, id: RequestId, t: &RequestTransition) -> Result<RequestDetail> {
    {
        let before = fetch(tx, id)?;
        if !before.state.can_move_to(t.to) {
            let why = if before.state == RequestState::AwaitingApproval && t.to == RequestState::Fulfilled {
                " It must be approved first.".to_string()
            } else {
                String::new()
            };
            return Err(CoreError::validation(
                "to",
                format!("{} cannot go from {} to {}.{why}", before.number, before.state.label().to_lowercase(), t.to.label().to_lowercase()),
            ));
        }
        let note = validate::text("note", &t.note, 5_000)?;
        let now = tx.at().to_string();
        match (before.state, t.to) {
            (RequestState::AwaitingApproval, RequestState::InFulfilment) => {
                tx.execute(
                    "UPDATE requests SET approval_by = ?1, approval_note = ?2, approved_at = ?3 WHERE id = ?4",
                    params![tx.actor().as_str(), note, now, id.0],
                )?;
            }
            (_, RequestState::Rejected) => {
                if note.is_empty() {
                    return Err(CoreError::validation("note", "Say why the request is rejected; the requester will read it."));
                }
                tx.execute(
                    "UPDATE requests SET approval_by = ?1, approval_note = ?2, closed_at = ?3 WHERE id = ?4",
                    params![tx.actor().as_str(), note, now, id.0],
                )?;
            }
            (_, RequestState::Fulfilled) => {
                let open = before.tasks_total - before.tasks_finished;
                if open > 0 {
                    return Err(CoreError::validation(
                        "to",
                        format!("{} still has {open} unfinished task{}; finish or skip {} first.", before.number, if open == 1 { "" } else { "s" }, if open == 1 { "it" } else { "them" }),
                    ));
                }
                tx.execute("UPDATE requests SET fulfilled_at = ?1 WHERE id = ?2", params![now, id.0])?;
            }
            (RequestState::Fulfilled, RequestState::InFulfilment) => {
                tx.execute("UPDATE requests SET fulfilled_at = NULL WHERE id = ?1", [id.0])?;
            }
            (_, RequestState::Closed | RequestState::Cancelled) => {
                tx.execute("UPDATE requests SET closed_at = ?1 WHERE id = ?2", params![now, id.0])?;
            }
            _ => {}
        }
        tx.execute("UPDATE requests SET state = ?1, updated_at = ?2 WHERE id = ?3", params![t.to, now, id.0])?;
        let action = match (before.state, t.to) {
            (RequestState::AwaitingApproval, RequestState::InFulfilment) => Action::did("request.approved"),
            (_, RequestState::Rejected) => Action::did("request.rejected"),
            _ => Action::did("request.state_changed"),
        };
        record_change(tx, &before, action)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TaskUpdate {
    pub state: TaskState,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub assignee_id: Option<i64>,
}

/// Works a fulfilment task. Work starts the request's fulfilment (once approved); finishing
/// the last task fulfils the request.
pub fn update_task(ws: &Workspace, task: RequestTaskId, update: &TaskUpdate) -> Result<RequestDetail> {
    ws.write(|tx| update_task_in(tx, task, update))
}

pub(crate) fn update_task_in(tx: &Tx<'_>, task: RequestTaskId, update: &TaskUpdate) -> Result<RequestDetail> {
    {
        let (request_id, title, state): (i64, String, TaskState) = tx
            .query_row("SELECT request_id, title, state FROM request_tasks WHERE id = ?1", [task.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?
            .ok_or_else(|| CoreError::NotFound { kind: "Fulfilment task", id: task.0.to_string() })?;
        let before = fetch(tx, RequestId(request_id))?;
        match before.state {
            RequestState::New | RequestState::InFulfilment => {}
            RequestState::AwaitingApproval => {
                return Err(CoreError::Conflict(format!("{} is awaiting approval; its tasks start once it is approved.", before.number)))
            }
            other => return Err(CoreError::Conflict(format!("{} is {}; its tasks can no longer change.", before.number, other.label().to_lowercase()))),
        }
        if update.state != state && !state.next_states().contains(&update.state) {
            return Err(CoreError::Conflict(format!("The task \"{title}\" is {}; it cannot become {}.", state.label().to_lowercase(), update.state.label().to_lowercase())));
        }
        exists(tx, "people", update.assignee_id, "assignee_id", "assignee")?;
        let now = tx.at().to_string();
        tx.execute(
            "UPDATE request_tasks SET state = ?1, assignee_id = ?2, done_at = CASE WHEN ?1 IN ('done', 'skipped') THEN coalesce(done_at, ?3) END WHERE id = ?4",
            params![update.state, update.assignee_id, now, task.0],
        )?;
        let id = before.id;
        if before.state == RequestState::New && update.state != TaskState::Open {
            tx.execute("UPDATE requests SET state = 'in_fulfilment' WHERE id = ?1", [id.0])?;
        }
        let unfinished: i64 = tx.query_row("SELECT count(*) FROM request_tasks WHERE request_id = ?1 AND state IN ('open', 'in_progress')", [id.0], |r| r.get(0))?;
        if unfinished == 0 && update.state.is_finished() {
            tx.execute("UPDATE requests SET state = 'fulfilled', fulfilled_at = ?1 WHERE id = ?2", params![now, id.0])?;
        }
        tx.execute("UPDATE requests SET updated_at = ?1 WHERE id = ?2", params![now, id.0])?;
        tx.audit(Action::did("request.task_updated"), RecordRef::new(RecordKind::Request, id.0), serde_json::json!({
            "number": before.number, "task": title, "from": state, "to": update.state, "assignee_id": update.assignee_id,
        }))?;
        let after = fetch(tx, id)?;
        if after.state != before.state {
            tx.audit(Action::did("request.state_changed"), RecordRef::new(RecordKind::Request, id.0), serde_json::json!({
                "number": after.number, "state": {"from": before.state, "to": after.state},
            }))?;
        }
        tx.changed(RecordRef { kind: RecordKind::Request, id: id.0 });
        tx.settle()?;
        detail_in(tx, id)
    }
}

/// Sets requests' earliest running SLA deadline and its warning instant from `rows`, the SLA
/// clocks' read of them (`sla::clocks::due_rows`: `id, due, warn_at`, ?1 the one record when
/// `only`), written only where it moved.
pub(crate) fn set_due(tx: &Tx<'_>, rows: &str, only: Option<i64>) -> Result<()> {
    let sql = format!("UPDATE requests SET sla_due = d.due, sla_warn_at = d.warn_at FROM ({rows}) d WHERE requests.id = d.id AND (requests.sla_due, requests.sla_warn_at) IS NOT (d.due, d.warn_at)");
    let mut stmt = tx.prepare_cached(&sql)?;
    match only {
        Some(id) => stmt.execute([id])?,
        None => stmt.execute([])?,
    };
    Ok(())
}
