//! Services: the top of the SVS spine. Every practice's records link to a service.
//!
//! **Invariant:** names are unique (case-insensitive); a service with links cannot be deleted
//! unless the caller asks for its links to go too.

mod model;
pub use model::*;

use rusqlite::{params, OptionalExtension};

use crate::directory::person_name;
use crate::error::{CoreError, Result};
use crate::import::history::{self, ImportId};
use crate::import::Outcome;
use crate::links;
use crate::list::{self, Field, ListRequest, ListSpec, Page};
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Tx, Workspace};

/// What the practice registry knows of service catalogue (`crate::PRACTICES`).
pub(crate) const KINDS: &[crate::record::RecordKind] = &[crate::record::RecordKind::Service];
pub(crate) const DEMO: Option<crate::practice::DemoPart> = None;

const SELECT: &str = "s.id, s.name, s.owner_id, coalesce(p.name, ''), s.criticality, s.status, s.description, s.created_at, s.updated_at";
const FROM: &str = "services s LEFT JOIN people p ON p.id = s.owner_id";

static FIELDS: &[Field] = &[
    Field { name: "id", sql: "s.id", sortable: false, filterable: true },
    Field { name: "name", sql: "s.name", sortable: true, filterable: true },
    Field { name: "criticality", sql: "s.criticality", sortable: true, filterable: true },
    Field { name: "status", sql: "s.status", sortable: true, filterable: true },
    Field { name: "owner_id", sql: "s.owner_id", sortable: false, filterable: true },
    Field { name: "updated_at", sql: "s.updated_at", sortable: true, filterable: false },
];

static LIST: ListSpec = ListSpec { table: "services s", from: FROM, id: "s.id", fields: FIELDS, default_sort: "name", search: Some(RecordKind::Service), like_fields: &[], counts: None, memberships: &[], query: None };

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Service> {
    Ok(Service {
        id: ServiceId(r.get(0)?),
        name: r.get(1)?,
        owner_id: r.get(2)?,
        owner_name: r.get(3)?,
        criticality: r.get(4)?,
        status: r.get(5)?,
        description: r.get(6)?,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
    })
}

pub fn list_services(ws: &Workspace, req: &ListRequest) -> Result<Page<Service>> {
    list::run(ws.conn(), &LIST, req, SELECT, map)
}

pub fn get_service(ws: &Workspace, id: ServiceId) -> Result<Service> {
    fetch(ws.conn(), id)
}

fn fetch(conn: &rusqlite::Connection, id: ServiceId) -> Result<Service> {
    conn.query_row(&format!("SELECT {SELECT} FROM {FROM} WHERE s.id = ?1"), [id.0], map)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Service", id: id.0.to_string() })
}

/// Finds a service by its (case-insensitive) name.
pub fn find_service(ws: &Workspace, name: &str) -> Result<Option<ServiceId>> {
    Ok(ws.conn().query_row("SELECT id FROM services WHERE name = ?1", [name.trim()], |r| r.get(0)).optional()?.map(ServiceId))
}

struct Parsed {
    name: String,
    owner_id: Option<i64>,
    criticality: Criticality,
    status: ServiceStatus,
    description: String,
}

fn parse(tx: &Tx<'_>, input: &ServiceInput, except: Option<ServiceId>) -> Result<Parsed> {
    let name = validate::name("name", &input.name, 200)?;
    let clash: Option<i64> = tx
        .query_row("SELECT id FROM services WHERE name = ?1 AND id IS NOT ?2", params![name, except.map(|e| e.0)], |r| r.get(0))
        .optional()?;
    if clash.is_some() {
        return Err(CoreError::validation("name", format!("A service named \"{name}\" already exists.")));
    }
    if let Some(owner) = input.owner_id {
        person_name(tx, owner)?.ok_or_else(|| CoreError::validation("owner_id", "The owner is not in the directory."))?;
    }
    Ok(Parsed {
        name,
        owner_id: input.owner_id,
        criticality: input.criticality,
        status: input.status,
        description: validate::text("description", &input.description, 20_000)?,
    })
}

fn snapshot(s: &Service) -> serde_json::Value {
    serde_json::json!({
        "name": s.name, "owner_id": s.owner_id, "criticality": s.criticality,
        "status": s.status, "description": s.description,
    })
}

pub fn create_service(ws: &Workspace, input: &ServiceInput) -> Result<Service> {
    ws.write(|tx| create_in(tx, input))
}

/// A service an import names and the catalogue lacks: live, of medium criticality, with
/// nothing but the name.
pub(crate) fn create_named(tx: &Tx<'_>, name: &str) -> Result<i64> {
    let name = validate::name("name", name, 200)?;
    tx.prepare_cached("INSERT INTO services (name, criticality, status, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)")?
        .execute(params![name, Criticality::Medium, ServiceStatus::Live, tx.at()])?;
    let id = tx.last_insert_rowid();
    tx.audit(Action::created("service.created"), RecordRef::new(RecordKind::Service, id), serde_json::json!({"name": name}))?;
    Ok(id)
}

/// A service as an export describes it (its description already checked).
pub(crate) struct ImportedService<'a> {
    pub name: &'a str,
    pub owner_id: Option<i64>,
    pub criticality: Criticality,
    pub status: ServiceStatus,
    pub description: &'a str,
}

/// Writes a service an import brings (matched by name): created, brought up to date with
/// its row kept as it was in the import's history, or left as it is.
pub(crate) fn write_imported(tx: &Tx<'_>, run: ImportId, s: &ImportedService<'_>) -> Result<Outcome> {
    let existing: Option<i64> = tx.prepare_cached("SELECT id FROM services WHERE name = ?1")?.query_row([s.name], |r| r.get(0)).optional()?;
    let Some(id) = existing else {
        tx.execute(
            "INSERT INTO services (name, owner_id, criticality, status, description, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![s.name, s.owner_id, s.criticality, s.status, s.description, tx.at()],
        )?;
        let id = tx.last_insert_rowid();
        tx.audit(Action::created("service.created"), RecordRef::new(RecordKind::Service, id), serde_json::json!({"name": s.name}))?;
        return Ok(Outcome::Created);
    };
    history::changing(tx, run, RecordRef::new(RecordKind::Service, id), || {
        let n = tx.execute(
            "UPDATE services SET owner_id = ?1, criticality = ?2, status = ?3, description = ?4, updated_at = ?5 WHERE id = ?6 AND (owner_id, criticality, status, description) IS NOT (?1, ?2, ?3, ?4)",
            params![s.owner_id, s.criticality, s.status, s.description, tx.at(), id],
        )?;
        Ok(if n > 0 { (true, Outcome::Updated) } else { (false, Outcome::Unchanged) })
    })
}

pub(crate) fn create_in(tx: &Tx<'_>, input: &ServiceInput) -> Result<Service> {
    let p = parse(tx, input, None)?;
    tx.execute(
        "INSERT INTO services (name, owner_id, criticality, status, description, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![p.name, p.owner_id, p.criticality, p.status, p.description, tx.at()],
    )?;
    let created = fetch(tx, ServiceId(tx.last_insert_rowid()))?;
    tx.audit(Action::created("service.created"), RecordRef::new(RecordKind::Service, created.id.0), snapshot(&created))?;
    Ok(created)
}

pub fn update_service(ws: &Workspace, id: ServiceId, input: &ServiceInput) -> Result<Service> {
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        let p = parse(tx, input, Some(id))?;
        tx.execute(
            "UPDATE services SET name = ?1, owner_id = ?2, criticality = ?3, status = ?4, description = ?5, updated_at = ?6 WHERE id = ?7",
            params![p.name, p.owner_id, p.criticality, p.status, p.description, tx.at(), id.0],
        )?;
        let after = fetch(tx, id)?;
        let changes = validate::diff(&snapshot(&before), &snapshot(&after));
        if changes.as_object().is_some_and(|c| !c.is_empty()) {
            tx.audit(Action::did("service.updated"), RecordRef::new(RecordKind::Service, id.0), changes)?;
        }
        Ok(after)
    })
}

/// Deletes a service. With links, refuses unless `remove_links` is set, naming how many.
pub fn delete_service(ws: &Workspace, id: ServiceId, remove_links: bool) -> Result<()> {
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        let me = RecordRef { kind: RecordKind::Service, id: id.0 };
        links::remove_all_or_refuse(tx, me, &before.name, remove_links)?;
        tx.execute("DELETE FROM services WHERE id = ?1", [id.0])?;
        tx.audit(Action::did("service.deleted"), RecordRef::new(RecordKind::Service, id.0), snapshot(&before))
    })
}
