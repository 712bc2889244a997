//! Environments: the ordered stages a service's deployments go through, one of them
//! production (the one the DORA figures read). The list is the workspace's; each service
//! names the ones it has (and has every one its deployments went to), in that order. Names
//! tools use for the usual ones ("PROD", "dev") are read as those.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Subject, Tx, Workspace};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DeploymentEnvironment {
    pub id: i64,
    pub name: String,
    pub position: i64,
    /// The environment the DORA figures read.
    pub production: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct EnvironmentInput {
    pub name: String,
    /// Makes it the production environment (the one before stops being it).
    #[serde(default)]
    pub production: bool,
}

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<DeploymentEnvironment> {
    Ok(DeploymentEnvironment { id: r.get(0)?, name: r.get(1)?, position: r.get(2)?, production: r.get(3)? })
}

pub fn list_environments(ws: &Workspace) -> Result<Vec<DeploymentEnvironment>> {
    all_in(ws.conn())
}

pub(crate) fn all_in(conn: &rusqlite::Connection) -> Result<Vec<DeploymentEnvironment>> {
    Ok(conn.prepare("SELECT id, name, position, production FROM environments ORDER BY position, id")?.query_map([], map)?.collect::<rusqlite::Result<_>>()?)
}

/// The short names tools give the usual environments ("PROD" in Azure DevOps, "dev"), read
/// as the workspace's own when no environment has that very name.
const ALIASES: &[(&str, &[&str])] = &[
    ("production", &["prod", "prd", "live"]),
    ("staging", &["stage", "stg", "preprod", "pre-prod", "pre-production", "ppe"]),
    ("test", &["testing", "tst"]),
    ("development", &["dev", "develop"]),
];

fn find(tx: &Tx<'_>, name: &str) -> Result<Option<i64>> {
    Ok(tx.query_row("SELECT id FROM environments WHERE name = ?1 COLLATE NOCASE", [name], |r| r.get(0)).optional()?)
}

/// A new environment's place: just before production (a stage on the way there), or last.
fn insert(tx: &Tx<'_>, name: &str, production: bool) -> Result<i64> {
    let before: Option<i64> = tx.query_row("SELECT min(position) FROM environments WHERE production", [], |r| r.get(0))?;
    let position = match before {
        Some(p) if !production => {
            tx.execute("UPDATE environments SET position = position + 1 WHERE position >= ?1", [p])?;
            p
        }
        _ => tx.query_row("SELECT coalesce(max(position), 0) + 1 FROM environments", [], |r| r.get(0))?,
    };
    tx.execute("INSERT INTO environments (name, position, production) VALUES (?1, ?2, 0)", params![name, position])?;
    let id = tx.last_insert_rowid();
    tx.audit(Action::did("environment.created"), Subject::Every(RecordKind::Deployment), serde_json::json!({"environment": name}))?;
    Ok(id)
}

/// The environment named (case ignored; a usual short name as the environment it stands
/// for), created when new; "production" when the name is empty.
pub(crate) fn environment_in(tx: &Tx<'_>, name: &str) -> Result<i64> {
    let name = validate::line("environment", name, 100)?;
    let name = if name.is_empty() { "production".to_string() } else { name };
    if let Some(id) = find(tx, &name)? {
        return Ok(id);
    }
    let lower = name.to_lowercase();
    if let Some((usual, _)) = ALIASES.iter().find(|(_, short)| short.contains(&lower.as_str())) {
        if let Some(id) = find(tx, usual)? {
            return Ok(id);
        }
    }
    insert(tx, &name, false)
}

fn make_production(tx: &Tx<'_>, id: i64) -> Result<()> {
    let before: Option<String> = tx.query_row("SELECT name FROM environments WHERE production", [], |r| r.get(0)).optional()?;
    tx.execute("UPDATE environments SET production = (id = ?1)", [id])?;
    let now: String = tx.query_row("SELECT name FROM environments WHERE id = ?1", [id], |r| r.get(0))?;
    if before.as_deref() != Some(now.as_str()) {
        tx.audit(Action::did("environment.production_set"), Subject::Every(RecordKind::Deployment), serde_json::json!({"production": {"from": before, "to": now}}))?;
    }
    Ok(())
}

/// Adds an environment (None) or renames one; `production` makes it the production one.
pub fn save_environment(ws: &Workspace, id: Option<i64>, input: &EnvironmentInput) -> Result<Vec<DeploymentEnvironment>> {
    ws.write(|tx| {
        let name = validate::name("name", &input.name, 100)?;
        let clash = find(tx, &name)?.filter(|other| Some(*other) != id);
        if clash.is_some() {
            return Err(CoreError::validation("name", format!("There is already an environment named \"{name}\".")));
        }
        let id = match id {
            None => insert(tx, &name, input.production)?,
            Some(id) => {
                let before: String = tx
                    .query_row("SELECT name FROM environments WHERE id = ?1", [id], |r| r.get(0))
                    .optional()?
                    .ok_or_else(|| CoreError::NotFound { kind: "Environment", id: id.to_string() })?;
                if before != name {
                    tx.execute("UPDATE environments SET name = ?2 WHERE id = ?1", params![id, name])?;
                    tx.audit(Action::did("environment.renamed"), Subject::Every(RecordKind::Deployment), serde_json::json!({"environment": {"from": before, "to": name}}))?;
                }
                id
            }
        };
        if input.production {
            make_production(tx, id)?;
        }
        Ok(())
    })?;
    list_environments(ws)
}

/// Moves an environment one place earlier (`earlier`) or later in the order.
pub fn move_environment(ws: &Workspace, id: i64, earlier: bool) -> Result<Vec<DeploymentEnvironment>> {
    ws.write(|tx| {
        let all: Vec<(i64, i64, String)> = tx.prepare("SELECT id, position, name FROM environments ORDER BY position, id")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
        let at = all.iter().position(|e| e.0 == id).ok_or_else(|| CoreError::NotFound { kind: "Environment", id: id.to_string() })?;
        let other = if earlier { at.checked_sub(1) } else { Some(at + 1).filter(|o| *o < all.len()) };
        let Some(other) = other else { return Ok(()) };
        // Positions may repeat in old files: give every one its place first, then swap.
        for (k, e) in all.iter().enumerate() {
            let p = if k == at { other } else if k == other { at } else { k };
            tx.execute("UPDATE environments SET position = ?2 WHERE id = ?1", params![e.0, p as i64 + 1])?;
        }
        tx.audit(Action::did("environment.moved"), Subject::Every(RecordKind::Deployment), serde_json::json!({"environment": all[at].2, "position": {"from": at + 1, "to": other + 1}}))?;
        Ok(())
    })?;
    list_environments(ws)
}

/// A service's environments in order: the ones named for it and every one its deployments
/// went to; with none of either, every environment.
pub fn service_environments(ws: &Workspace, service: i64) -> Result<Vec<DeploymentEnvironment>> {
    service_environments_in(ws.conn(), Some(service))
}

pub(crate) fn service_environments_in(conn: &rusqlite::Connection, service: Option<i64>) -> Result<Vec<DeploymentEnvironment>> {
    let own: Vec<DeploymentEnvironment> = conn
        .prepare(
            "SELECT e.id, e.name, e.position, e.production FROM environments e
              WHERE e.id IN (SELECT environment_id FROM service_environments WHERE service_id = ?1)
                 OR e.id IN (SELECT environment_id FROM deployments WHERE service_id = ?1)
              ORDER BY e.position, e.id",
        )?
        .query_map([service], map)?
        .collect::<rusqlite::Result<_>>()?;
    if !own.is_empty() {
        return Ok(own);
    }
    all_in(conn)
}

/// Names the environments a service has (those its deployments went to it keeps anyway).
pub fn set_service_environments(ws: &Workspace, service: i64, environments: &[i64]) -> Result<Vec<DeploymentEnvironment>> {
    ws.write(|tx| {
        validate::exists(tx, "services", Some(service), "service_id", "service")?;
        let mut wanted = environments.to_vec();
        wanted.sort_unstable();
        wanted.dedup();
        for e in &wanted {
            validate::exists(tx, "environments", Some(*e), "environments", "environment")?;
        }
        let before: Vec<i64> = tx.prepare("SELECT environment_id FROM service_environments WHERE service_id = ?1 ORDER BY environment_id")?.query_map([service], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        if before == wanted {
            return Ok(());
        }
        tx.execute("DELETE FROM service_environments WHERE service_id = ?1", [service])?;
        for e in &wanted {
            tx.execute("INSERT INTO service_environments (service_id, environment_id) VALUES (?1, ?2)", [service, *e])?;
        }
        let names = |ids: &[i64]| -> Result<Vec<String>> {
            ids.iter().map(|i| Ok(tx.query_row("SELECT name FROM environments WHERE id = ?1", [i], |r| r.get(0))?)).collect()
        };
        tx.audit(Action::did("service.environments_set"), RecordRef::new(RecordKind::Service, service), serde_json::json!({"environments": {"from": names(&before)?, "to": names(&wanted)?}}))?;
        Ok(())
    })?;
    service_environments(ws, service)
}
