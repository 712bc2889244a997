//! The request catalogue: what people may ask the service desk for, who fulfils it, whether
//! it needs approval, and the fulfilment tasks every request for it starts with.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::list::{self, Field, ListRequest, ListSpec, Page};
use crate::record::{RecordKind, RecordRef};
use crate::validate::{self, exists};
use crate::workspace::{Action, Tx, Workspace};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct CatalogueItemId(pub i64);

/// One fulfilment step of a catalogue item, copied into each request for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TaskTemplate {
    pub title: String,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub group_id: Option<i64>,
    #[serde(default)]
    pub group: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CatalogueItem {
    pub id: CatalogueItemId,
    pub name: String,
    pub description: String,
    pub category: String,
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    pub service: Option<String>,
    #[ts(type = "number | null")]
    pub fulfilment_group_id: Option<i64>,
    pub fulfilment_group: Option<String>,
    pub needs_approval: bool,
    pub active: bool,
    pub tasks: Vec<TaskTemplate>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct CatalogueItemInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub fulfilment_group_id: Option<i64>,
    #[serde(default)]
    pub needs_approval: bool,
    pub active: bool,
    /// In order; at least one.
    pub tasks: Vec<TaskTemplate>,
}

const SELECT: &str = "ci.id, ci.name, ci.description, ci.category, ci.service_id, s.name, ci.fulfilment_group_id, g.name, ci.needs_approval, ci.active, ci.updated_at";
const FROM: &str = "catalogue_items ci LEFT JOIN services s ON s.id = ci.service_id LEFT JOIN support_groups g ON g.id = ci.fulfilment_group_id";
static FIELDS: &[Field] = &[
    Field { name: "name", sql: "ci.name", sortable: true, filterable: false },
    Field { name: "category", sql: "ci.category", sortable: true, filterable: true },
    Field { name: "active", sql: "ci.active", sortable: false, filterable: true },
];
static LIST: ListSpec = ListSpec { table: "catalogue_items ci", from: FROM, id: "ci.id", fields: FIELDS, default_sort: "name", search: None, like_fields: &["ci.name", "ci.description", "ci.category"], counts: None, memberships: &[], query: None };

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<CatalogueItem> {
    Ok(CatalogueItem {
        id: CatalogueItemId(r.get(0)?),
        name: r.get(1)?,
        description: r.get(2)?,
        category: r.get(3)?,
        service_id: r.get(4)?,
        service: r.get(5)?,
        fulfilment_group_id: r.get(6)?,
        fulfilment_group: r.get(7)?,
        needs_approval: r.get(8)?,
        active: r.get(9)?,
        tasks: vec![],
        updated_at: r.get(10)?,
    })
}

fn tasks_of(conn: &Connection, id: CatalogueItemId) -> Result<Vec<TaskTemplate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.title, t.group_id, g.name FROM catalogue_tasks t LEFT JOIN support_groups g ON g.id = t.group_id WHERE t.item_id = ?1 ORDER BY t.position",
    )?;
    let rows = stmt.query_map([id.0], |r| Ok(TaskTemplate { title: r.get(0)?, group_id: r.get(1)?, group: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(crate) fn fetch(conn: &Connection, id: CatalogueItemId) -> Result<CatalogueItem> {
    let mut item = conn
        .query_row(&format!("SELECT {SELECT} FROM {FROM} WHERE ci.id = ?1"), [id.0], map)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Catalogue item", id: id.0.to_string() })?;
    item.tasks = tasks_of(conn, id)?;
    Ok(item)
}

/// Catalogue items (their tasks are loaded by [`get_catalogue_item`]).
pub fn list_catalogue(ws: &Workspace, req: &ListRequest) -> Result<Page<CatalogueItem>> {
    list::run(ws.conn(), &LIST, req, SELECT, map)
}

pub fn get_catalogue_item(ws: &Workspace, id: CatalogueItemId) -> Result<CatalogueItem> {
    fetch(ws.conn(), id)
}

struct Checked {
    name: String,
    description: String,
    category: String,
    tasks: Vec<(String, Option<i64>)>,
}

fn check(conn: &Connection, input: &CatalogueItemInput, except: Option<CatalogueItemId>) -> Result<Checked> {
    let name = validate::name("name", &input.name, 200)?;
    let clash: Option<i64> = conn
        .query_row("SELECT id FROM catalogue_items WHERE name = ?1 AND id IS NOT ?2", params![name, except.map(|e| e.0)], |r| r.get(0))
        .optional()?;
    if clash.is_some() {
        return Err(CoreError::validation("name", format!("The catalogue already has an item named \"{name}\".")));
    }
    exists(conn, "services", input.service_id, "service_id", "service")?;
    exists(conn, "support_groups", input.fulfilment_group_id, "fulfilment_group_id", "fulfilment group")?;
    if input.tasks.is_empty() {
        return Err(CoreError::validation("tasks", "List at least one fulfilment task."));
    }
    if input.tasks.len() > 50 {
        return Err(CoreError::validation("tasks", "An item can have at most 50 fulfilment tasks."));
    }
    let mut tasks = Vec::new();
    for t in &input.tasks {
        exists(conn, "support_groups", t.group_id, "tasks", "task's group")?;
        tasks.push((validate::name("tasks", &t.title, 300)?, t.group_id));
    }
    Ok(Checked {
        name,
        description: validate::text("description", &input.description, 20_000)?,
        category: validate::line("category", &input.category, 200)?,
        tasks,
    })
}

fn write_tasks(tx: &Tx<'_>, id: CatalogueItemId, tasks: &[(String, Option<i64>)]) -> Result<()> {
    tx.execute("DELETE FROM catalogue_tasks WHERE item_id = ?1", [id.0])?;
    let mut stmt = tx.prepare_cached("INSERT INTO catalogue_tasks (item_id, position, title, group_id) VALUES (?1, ?2, ?3, ?4)")?;
    for (i, (title, group)) in tasks.iter().enumerate() {
        stmt.execute(params![id.0, i as i64 + 1, title, group])?;
    }
    Ok(())
}

fn snapshot(i: &CatalogueItem) -> serde_json::Value {
    serde_json::json!({
        "name": i.name, "description": i.description, "category": i.category, "service": i.service,
        "fulfilment_group": i.fulfilment_group, "needs_approval": i.needs_approval, "active": i.active,
        "tasks": i.tasks.iter().map(|t| t.title.clone()).collect::<Vec<_>>(),
    })
}

pub fn create_catalogue_item(ws: &Workspace, input: &CatalogueItemInput) -> Result<CatalogueItem> {
    ws.write(|tx| create_in(tx, input))
}

pub(crate) fn create_in(tx: &Tx<'_>, input: &CatalogueItemInput) -> Result<CatalogueItem> {
    let c = check(tx, input, None)?;
    tx.execute(
        "INSERT INTO catalogue_items (name, description, category, service_id, fulfilment_group_id, needs_approval, active, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![c.name, c.description, c.category, input.service_id, input.fulfilment_group_id, input.needs_approval, input.active, tx.at()],
    )?;
    let id = CatalogueItemId(tx.last_insert_rowid());
    write_tasks(tx, id, &c.tasks)?;
    let item = fetch(tx, id)?;
    tx.audit(Action::created("catalogue_item.created"), RecordRef::new(RecordKind::CatalogueItem, id.0), snapshot(&item))?;
    Ok(item)
}

/// Edits an item. Requests already raised keep the tasks they started with.
pub fn update_catalogue_item(ws: &Workspace, id: CatalogueItemId, input: &CatalogueItemInput) -> Result<CatalogueItem> {
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        let c = check(tx, input, Some(id))?;
        tx.execute(
            "UPDATE catalogue_items SET name = ?1, description = ?2, category = ?3, service_id = ?4, fulfilment_group_id = ?5,
                needs_approval = ?6, active = ?7, updated_at = ?8 WHERE id = ?9",
            params![c.name, c.description, c.category, input.service_id, input.fulfilment_group_id, input.needs_approval, input.active, tx.at(), id.0],
        )?;
        write_tasks(tx, id, &c.tasks)?;
        let after = fetch(tx, id)?;
        let changes = validate::diff(&snapshot(&before), &snapshot(&after));
        if changes.as_object().is_some_and(|c| !c.is_empty()) {
            tx.audit(Action::did("catalogue_item.updated"), RecordRef::new(RecordKind::CatalogueItem, id.0), changes)?;
        }
        Ok(after)
    })
}
