//! Releases: one version of an application on its way through the environments. A release
//! holds the deployments that carried it (each deployment belongs to one release at most),
//! its notes, the production date it aims at and the changes it implements. How far it got
//! is read from its deployments, never stored: the furthest environment where one of them
//! succeeded, and whether that is production.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Deployment, DeploymentId, DeploymentResult};
use crate::error::{CoreError, Result};
use crate::list::{self, Field, ListRequest, ListSpec, Page};
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Tx, Workspace};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct ReleaseId(pub i64);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Release {
    pub id: ReleaseId,
    pub number: String,
    pub application: String,
    pub version: String,
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    pub service: Option<String>,
    /// The production date it aims at (an instant), if planned.
    pub planned_at: Option<String>,
    pub notes: String,
    /// The furthest environment (in their order) where one of its deployments succeeded.
    pub reached: Option<String>,
    /// Whether one of its deployments succeeded in production.
    pub released: bool,
    pub deployments: u64,
}

/// One environment on a release's way, with the latest deployment of it there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReleaseStep {
    pub environment: String,
    pub production: bool,
    pub deployment: Option<Deployment>,
}

/// A change a release implements, as its page names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReleaseChange {
    #[ts(type = "number")]
    pub id: i64,
    pub number: String,
    pub title: String,
    /// Its state as stored (change control's own states; the window names them by the
    /// choices). Held as text so that deployment management reads change control's table
    /// without depending on its code: change control reads deployments (`FAILED`).
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReleaseDetail {
    pub release: Release,
    /// Every environment in order: the way from development to production.
    pub path: Vec<ReleaseStep>,
    /// Its deployments, in time order.
    pub deployments: Vec<Deployment>,
    pub changes: Vec<ReleaseChange>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ReleaseInput {
    pub application: String,
    pub version: String,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    #[serde(default)]
    pub planned_at: Option<String>,
    #[serde(default)]
    pub notes: String,
    /// The changes it implements.
    #[serde(default)]
    #[ts(type = "number[]")]
    pub change_ids: Vec<i64>,
}

const SELECT: &str = "r.id, r.number, r.application, r.version, r.service_id, s.name, r.planned_at, r.notes,
    (SELECT e.name FROM deployments x JOIN environments e ON e.id = x.environment_id WHERE x.release_id = r.id AND x.result = 'succeeded' ORDER BY e.position DESC, e.id DESC LIMIT 1),
    EXISTS (SELECT 1 FROM deployments x JOIN environments e ON e.id = x.environment_id WHERE x.release_id = r.id AND x.result = 'succeeded' AND e.production),
    (SELECT count(*) FROM deployments x WHERE x.release_id = r.id)";
const FROM: &str = "releases r LEFT JOIN services s ON s.id = r.service_id";
static FIELDS: &[Field] = &[
    Field { name: "number", sql: "r.number", sortable: true, filterable: true },
    Field { name: "application", sql: "r.application", sortable: true, filterable: true },
    Field { name: "version", sql: "r.version", sortable: true, filterable: true },
    Field { name: "service", sql: "s.name", sortable: true, filterable: true },
    Field { name: "planned_at", sql: "r.planned_at", sortable: true, filterable: true },
];
static LIST: ListSpec = ListSpec {
    table: "releases r",
    from: FROM,
    id: "r.id",
    fields: FIELDS,
    default_sort: "number",
    search: None,
    like_fields: &["r.number", "r.application", "r.version", "r.notes"],
    counts: None,
    memberships: &[],
    query: None,
};

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Release> {
    Ok(Release {
        id: ReleaseId(r.get(0)?),
        number: r.get(1)?,
        application: r.get(2)?,
        version: r.get(3)?,
        service_id: r.get(4)?,
        service: r.get(5)?,
        planned_at: r.get(6)?,
        notes: r.get(7)?,
        reached: r.get(8)?,
        released: r.get(9)?,
        deployments: r.get(10)?,
    })
}

fn fetch(conn: &Connection, id: ReleaseId) -> Result<Release> {
    conn.query_row(&format!("SELECT {SELECT} FROM {FROM} WHERE r.id = ?1"), [id.0], map)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Release", id: id.0.to_string() })
}

pub fn list_releases(ws: &Workspace, req: &ListRequest) -> Result<Page<Release>> {
    list::run(ws.conn(), &LIST, req, SELECT, map)
}

pub fn get_release(ws: &Workspace, id: ReleaseId) -> Result<ReleaseDetail> {
    detail(ws.conn(), id)
}

fn detail(conn: &Connection, id: ReleaseId) -> Result<ReleaseDetail> {
    let release = fetch(conn, id)?;
    let deployments: Vec<Deployment> = conn
        .prepare(&format!("SELECT {} FROM {} WHERE d.release_id = ?1 ORDER BY d.deployed_at, d.id", super::SELECT, super::FROM))?
        .query_map([id.0], super::map)?
        .collect::<rusqlite::Result<_>>()?;
    // The release's service's way (its environments), and any other its deployments took.
    let mut way = super::environments::service_environments_in(conn, release.service_id)?;
    let taken: Vec<super::DeploymentEnvironment> = super::environments::all_in(conn)?
        .into_iter()
        .filter(|e| !way.iter().any(|w| w.id == e.id) && deployments.iter().any(|d| d.environment.eq_ignore_ascii_case(&e.name)))
        .collect();
    way.extend(taken);
    way.sort_by_key(|e| (e.position, e.id));
    let path = way
        .into_iter()
        .map(|e| {
            let deployment = deployments.iter().rev().find(|d| d.environment.eq_ignore_ascii_case(&e.name)).cloned();
            ReleaseStep { environment: e.name, production: e.production, deployment }
        })
        .collect();
    let changes = conn
        .prepare("SELECT c.id, c.number, c.title, c.state FROM release_changes rc JOIN changes c ON c.id = rc.change_id WHERE rc.release_id = ?1 ORDER BY c.number")?
        .query_map([id.0], |r| Ok(ReleaseChange { id: r.get(0)?, number: r.get(1)?, title: r.get(2)?, state: r.get(3)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ReleaseDetail { release, path, deployments, changes })
}

struct Checked {
    application: String,
    version: String,
    planned_at: Option<String>,
    notes: String,
    change_ids: Vec<i64>,
}

fn check(conn: &Connection, input: &ReleaseInput) -> Result<Checked> {
    validate::exists(conn, "services", input.service_id, "service_id", "service")?;
    let mut change_ids = input.change_ids.clone();
    change_ids.sort_unstable();
    change_ids.dedup();
    for c in &change_ids {
        validate::exists(conn, "changes", Some(*c), "change_ids", "change")?;
    }
    let planned_at = match input.planned_at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(v) => Some(crate::time::parse(v).map(crate::time::to_text).ok_or_else(|| CoreError::validation("planned_at", format!("\"{v}\" is not a time (RFC 3339, e.g. 2026-03-01T14:05:00Z).")))?),
        None => None,
    };
    Ok(Checked {
        application: validate::name("application", &input.application, 200)?,
        version: validate::name("version", &input.version, 100)?,
        planned_at,
        notes: validate::text("notes", &input.notes, 20_000)?,
        change_ids,
    })
}

fn set_changes(tx: &Tx<'_>, id: ReleaseId, changes: &[i64]) -> Result<()> {
    tx.execute("DELETE FROM release_changes WHERE release_id = ?1", [id.0])?;
    let mut put = tx.prepare_cached("INSERT INTO release_changes (release_id, change_id) VALUES (?1, ?2)")?;
    for c in changes {
        put.execute([id.0, *c])?;
    }
    Ok(())
}

fn changes_of(conn: &Connection, id: ReleaseId) -> Result<Vec<i64>> {
    Ok(conn.prepare_cached("SELECT change_id FROM release_changes WHERE release_id = ?1 ORDER BY change_id")?.query_map([id.0], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn create_in(tx: &Tx<'_>, input: &ReleaseInput) -> Result<ReleaseId> {
    let c = check(tx, input)?;
    let number = crate::record::next_number(tx, "releases", "REL")?;
    tx.execute(
        "INSERT INTO releases (number, application, version, service_id, planned_at, notes, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![number, c.application, c.version, input.service_id, c.planned_at, c.notes, tx.at()],
    )?;
    let id = ReleaseId(tx.last_insert_rowid());
    set_changes(tx, id, &c.change_ids)?;
    tx.audit(
        Action::created("release.created"),
        RecordRef::new(RecordKind::Release, id.0),
        serde_json::json!({"number": number, "application": c.application, "version": c.version, "changes": c.change_ids}),
    )?;
    Ok(id)
}

pub fn create_release(ws: &Workspace, input: &ReleaseInput) -> Result<ReleaseDetail> {
    ws.write(|tx| {
        let id = create_in(tx, input)?;
        detail(tx, id)
    })
}

pub fn update_release(ws: &Workspace, id: ReleaseId, input: &ReleaseInput) -> Result<ReleaseDetail> {
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        let before_changes = changes_of(tx, id)?;
        let c = check(tx, input)?;
        let n = tx.execute(
            "UPDATE releases SET application = ?2, version = ?3, service_id = ?4, planned_at = ?5, notes = ?6, updated_at = ?7
              WHERE id = ?1 AND (application, version, service_id, planned_at, notes) IS NOT (?2, ?3, ?4, ?5, ?6)",
            params![id.0, c.application, c.version, input.service_id, c.planned_at, c.notes, tx.at()],
        )?;
        if before_changes != c.change_ids {
            set_changes(tx, id, &c.change_ids)?;
        }
        if n > 0 || before_changes != c.change_ids {
            let mut diff = validate::diff(&serde_json::to_value(&before).unwrap_or_default(), &serde_json::to_value(fetch(tx, id)?).unwrap_or_default());
            if before_changes != c.change_ids {
                diff["changes"] = serde_json::json!({"from": before_changes, "to": c.change_ids});
            }
            tx.audit(Action::did("release.updated"), RecordRef::new(RecordKind::Release, id.0), diff)?;
        }
        detail(tx, id)
    })
}

/// Puts a deployment in a release (None: takes it out of the one it is in).
pub(crate) fn set_release_in(tx: &Tx<'_>, deployment: DeploymentId, release: Option<ReleaseId>) -> Result<bool> {
    let before: Option<Option<i64>> = tx.query_row("SELECT release_id FROM deployments WHERE id = ?1", [deployment.0], |r| r.get(0)).optional()?;
    let Some(before) = before else { return Err(CoreError::NotFound { kind: "Deployment", id: deployment.0.to_string() }) };
    validate::exists(tx, "releases", release.map(|r| r.0), "release_id", "release")?;
    if before == release.map(|r| r.0) {
        return Ok(false);
    }
    tx.execute("UPDATE deployments SET release_id = ?2, updated_at = ?3 WHERE id = ?1", params![deployment.0, release.map(|r| r.0), tx.at()])?;
    let number = |id: Option<i64>| -> Result<Option<String>> { Ok(tx.query_row("SELECT number FROM releases WHERE id = ?1", [id], |r| r.get(0)).optional()?) };
    tx.audit(
        Action::did("deployment.release_set"),
        RecordRef::new(RecordKind::Deployment, deployment.0),
        serde_json::json!({"release": {"from": number(before)?, "to": number(release.map(|r| r.0))?}}),
    )?;
    Ok(true)
}

/// Puts a deployment in a release, or takes it out (None); returns the deployment.
pub fn set_deployment_release(ws: &Workspace, deployment: DeploymentId, release: Option<ReleaseId>) -> Result<Deployment> {
    ws.write(|tx| {
        set_release_in(tx, deployment, release)?;
        super::fetch(tx, deployment)
    })
}

/// What a release does on one calendar day: a deployment of it to an environment (with its
/// result), or the production date it aims at while it has not reached production.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReleaseSlot {
    pub release_id: ReleaseId,
    pub number: String,
    /// "application version".
    pub name: String,
    pub at: String,
    /// The environment deployed to; None for the planned production date.
    pub environment: Option<String>,
    pub result: Option<DeploymentResult>,
}

/// The release layer of the change calendar over [from, to) (UTC texts): deployments that
/// belong to a release, and planned production dates of releases not yet in production.
pub(crate) fn calendar_slots(conn: &Connection, from: &str, to: &str) -> Result<Vec<ReleaseSlot>> {
    let sql = "SELECT r.id, r.number, r.application || ' ' || r.version, d.deployed_at, e.name, d.result
                 FROM deployments d JOIN releases r ON r.id = d.release_id JOIN environments e ON e.id = d.environment_id
                WHERE d.release_id IS NOT NULL AND d.deployed_at >= ?1 AND d.deployed_at < ?2
               UNION ALL
               SELECT r.id, r.number, r.application || ' ' || r.version, r.planned_at, NULL, NULL FROM releases r
                WHERE r.planned_at >= ?1 AND r.planned_at < ?2
                  AND NOT EXISTS (SELECT 1 FROM deployments x JOIN environments e ON e.id = x.environment_id WHERE x.release_id = r.id AND x.result = 'succeeded' AND e.production)
               ORDER BY 4, 2";
    Ok(conn
        .prepare(sql)?
        .query_map([from, to], |r| Ok(ReleaseSlot { release_id: ReleaseId(r.get(0)?), number: r.get(1)?, name: r.get(2)?, at: r.get(3)?, environment: r.get(4)?, result: r.get(5)? }))?
        .collect::<rusqlite::Result<_>>()?)
}
