//! Deployment management: deployments of an application or component to an environment of
//! a service (what, where, when, how, who, the result, planned or made to fix an incident),
//! the change they implement and the commits they carried; the DORA figures read from them
//! (`dora.rs`); imports from Steward's own CSV (`import.rs`).

pub(crate) mod demo;

pub mod dora;
pub mod environments;
pub mod git;
pub mod import;
pub mod pipeline;
pub mod releases;
#[cfg(test)]
mod tests;

pub use environments::{list_environments, DeploymentEnvironment};
pub(crate) use environments::environment_in;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::links::{LinkType, NewLink};
use crate::list::{self, Field, ListRequest, ListSpec, Page};
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Tx, Workspace};

/// What the practice registry knows of deployment management (`crate::PRACTICES`).
pub(crate) const KINDS: &[crate::record::RecordKind] = &[crate::record::RecordKind::Deployment, crate::record::RecordKind::Release];
pub(crate) const DEMO: Option<crate::practice::DemoPart> = Some(demo::deployment_management);

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct DeploymentId(pub i64);

labelled_enum!(
    DeploymentResult {
        Succeeded = "succeeded": "Succeeded",
        Failed = "failed": "Failed",
        RolledBack = "rolled_back": "Rolled back",
    }
);

impl Default for DeploymentResult {
    fn default() -> Self {
        DeploymentResult::Succeeded
    }
}

impl DeploymentResult {
    /// Whether the deployment failed in production's sense (DORA's change failure).
    pub fn failed(self) -> bool {
        !matches!(self, DeploymentResult::Succeeded)
    }
}

/// The one fact both delivery figures read (SQL over a deployment aliased `d`): the
/// deployment failed, was rolled back, or an incident names it as its cause. DORA's change
/// failure rate counts such deployments; change control's success rate counts a change that
/// one of them implements as failed, whatever its review says.
pub(crate) const FAILED: &str = "(d.result <> 'succeeded' OR EXISTS (SELECT 1 FROM links l WHERE l.to_kind = 'deployment' AND l.to_id = d.id AND l.link_type = 'caused_by' AND l.from_kind = 'incident'))";

labelled_enum!(
    DeploymentMethod {
        Pipeline = "pipeline": "Pipeline",
        Manual = "manual": "Manual",
        BlueGreen = "blue_green": "Blue-green",
        Canary = "canary": "Canary",
        FeatureFlag = "feature_flag": "Feature flag",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Deployment {
    pub id: DeploymentId,
    pub number: String,
    pub application: String,
    pub version: String,
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    pub service: Option<String>,
    pub environment: String,
    pub started_at: Option<String>,
    /// When it took effect (its end): the time the DORA figures use.
    pub deployed_at: String,
    pub method: DeploymentMethod,
    pub deployed_by: String,
    pub result: DeploymentResult,
    /// False: made to fix a production incident (rework).
    pub planned: bool,
    #[ts(type = "number | null")]
    pub change_id: Option<i64>,
    pub change: Option<String>,
    pub commits: u64,
    /// Incidents linked as caused by it.
    pub incidents: u64,
    pub release_id: Option<releases::ReleaseId>,
    /// The release's number.
    pub release: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct DeploymentInput {
    pub application: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    /// An environment's name (production when empty).
    #[serde(default)]
    pub environment: String,
    #[serde(default)]
    pub started_at: Option<String>,
    pub deployed_at: String,
    #[serde(default)]
    pub method: Option<DeploymentMethod>,
    #[serde(default)]
    pub deployed_by: String,
    pub result: DeploymentResult,
    #[serde(default = "yes")]
    pub planned: bool,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub change_id: Option<i64>,
}

fn yes() -> bool {
    true
}

const SELECT: &str = "d.id, d.number, d.application, d.version, d.service_id, s.name, e.name, d.started_at, d.deployed_at, d.method, d.deployed_by, d.result, d.planned, d.change_id, c.number,
    (SELECT count(*) FROM deployment_commits dc WHERE dc.deployment_id = d.id),
    (SELECT count(*) FROM links l WHERE l.from_kind = 'incident' AND l.link_type = 'caused_by' AND l.to_kind = 'deployment' AND l.to_id = d.id),
    d.release_id, rl.number";
const FROM: &str = "deployments d JOIN environments e ON e.id = d.environment_id LEFT JOIN services s ON s.id = d.service_id LEFT JOIN changes c ON c.id = d.change_id
    LEFT JOIN releases rl ON rl.id = d.release_id";
static FIELDS: &[Field] = &[
    Field { name: "number", sql: "d.number", sortable: true, filterable: true },
    Field { name: "application", sql: "d.application", sortable: true, filterable: true },
    Field { name: "result", sql: "d.result", sortable: true, filterable: true },
    Field { name: "environment", sql: "e.name", sortable: true, filterable: true },
    Field { name: "service", sql: "s.name", sortable: true, filterable: true },
    Field { name: "deployed_at", sql: "d.deployed_at", sortable: true, filterable: true },
];
static LIST: ListSpec = ListSpec { table: "deployments d", from: FROM, id: "d.id", fields: FIELDS, default_sort: "deployed_at", search: Some(RecordKind::Deployment), like_fields: &[], counts: None, memberships: &[], query: None };

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Deployment> {
    Ok(Deployment {
        id: DeploymentId(r.get(0)?),
        number: r.get(1)?,
        application: r.get(2)?,
        version: r.get(3)?,
        service_id: r.get(4)?,
        service: r.get(5)?,
        environment: r.get(6)?,
        started_at: r.get(7)?,
        deployed_at: r.get(8)?,
        method: r.get(9)?,
        deployed_by: r.get(10)?,
        result: r.get(11)?,
        planned: r.get(12)?,
        change_id: r.get(13)?,
        change: r.get(14)?,
        commits: r.get(15)?,
        incidents: r.get(16)?,
        release_id: r.get::<_, Option<i64>>(17)?.map(releases::ReleaseId),
        release: r.get(18)?,
    })
}

pub(crate) fn fetch(conn: &Connection, id: DeploymentId) -> Result<Deployment> {
    conn.query_row(&format!("SELECT {SELECT} FROM {FROM} WHERE d.id = ?1"), [id.0], map)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Deployment", id: id.0.to_string() })
}

pub fn get_deployment(ws: &Workspace, id: DeploymentId) -> Result<Deployment> {
    fetch(ws.conn(), id)
}

pub fn list_deployments(ws: &Workspace, req: &ListRequest) -> Result<Page<Deployment>> {
    list::run(ws.conn(), &LIST, req, SELECT, map)
}

/// The deployments that implement a change, newest first (the change's page lists them).
pub fn deployments_of_change(ws: &Workspace, change: i64) -> Result<Vec<Deployment>> {
    Ok(ws.conn().prepare(&format!("SELECT {SELECT} FROM {FROM} WHERE d.change_id = ?1 ORDER BY d.deployed_at DESC"))?.query_map([change], map)?.collect::<rusqlite::Result<_>>()?)
}

labelled_enum!(
    /// How a deployment stands to the record whose page shows it.
    DeploymentRole {
        Caused = "caused": "Caused it",
        Fixed = "fixed": "Fixed it",
        ShippedFix = "shipped_fix": "Shipped the fixing change",
        Implements = "implements": "Implements it",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RelatedDeployment {
    pub role: DeploymentRole,
    pub deployment: Deployment,
}

/// The deployments in a record's chain: for an incident, those it names as its cause or
/// its fix; for a problem, those that shipped a change that fixes it; for a change, those
/// that implement it. Other records have none.
pub fn related_deployments(ws: &Workspace, record: RecordRef) -> Result<Vec<RelatedDeployment>> {
    let by_link = |role: DeploymentRole, link: LinkType| -> Result<Vec<RelatedDeployment>> {
        let sql = format!(
            "SELECT {SELECT} FROM {FROM} JOIN links l ON l.to_kind = 'deployment' AND l.to_id = d.id
              WHERE l.from_kind = ?1 AND l.from_id = ?2 AND l.link_type = ?3 ORDER BY d.deployed_at DESC, d.id"
        );
        let rows = ws.conn().prepare(&sql)?.query_map(params![record.kind.as_str(), record.id, link], map)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows.into_iter().map(|deployment| RelatedDeployment { role, deployment }).collect())
    };
    let all = |role: DeploymentRole, rows: Vec<Deployment>| rows.into_iter().map(|deployment| RelatedDeployment { role, deployment }).collect();
    match record.kind {
        RecordKind::Incident => Ok([by_link(DeploymentRole::Caused, LinkType::CausedBy)?, by_link(DeploymentRole::Fixed, LinkType::FixedBy)?].concat()),
        RecordKind::Problem => {
            let sql = format!(
                "SELECT {SELECT} FROM {FROM} JOIN links l ON l.to_kind = 'change' AND l.to_id = d.change_id
                  WHERE l.from_kind = 'problem' AND l.from_id = ?1 AND l.link_type = 'fixed_by' ORDER BY d.deployed_at DESC, d.id"
            );
            Ok(all(DeploymentRole::ShippedFix, ws.conn().prepare(&sql)?.query_map([record.id], map)?.collect::<rusqlite::Result<_>>()?))
        }
        RecordKind::Change => Ok(all(DeploymentRole::Implements, deployments_of_change(ws, record.id)?)),
        _ => Ok(Vec::new()),
    }
}

/// A commit a deployment carried, with its lead time: what the lead-time figure is made of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DeploymentCommit {
    pub sha: String,
    pub committed_at: String,
    /// The deployment's end minus the committer date, in whole seconds (negative as 0).
    pub lead_seconds: i64,
}

/// The commits a deployment carried, oldest first.
pub fn commits_of(ws: &Workspace, id: DeploymentId) -> Result<Vec<DeploymentCommit>> {
    fetch(ws.conn(), id)?;
    Ok(ws
        .conn()
        .prepare("SELECT sha, committed_at, lead_seconds FROM deployment_commits WHERE deployment_id = ?1 ORDER BY committed_at, sha")?
        .query_map([id.0], |r| Ok(DeploymentCommit { sha: r.get(0)?, committed_at: r.get(1)?, lead_seconds: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?)
}

/// A deployment checked: times as UTC instants, the end not before the start.
pub(crate) struct Checked {
    application: String,
    version: String,
    started_at: Option<String>,
    deployed_at: String,
    deployed_by: String,
}

pub(crate) fn check(conn: &Connection, input: &DeploymentInput) -> Result<Checked> {
    validate::exists(conn, "services", input.service_id, "service_id", "service")?;
    validate::exists(conn, "changes", input.change_id, "change_id", "change")?;
    let instant = |field: &str, v: &str| -> Result<String> {
        crate::time::parse(v.trim()).map(crate::time::to_text).ok_or_else(|| CoreError::validation(field, format!("\"{}\" is not a time (RFC 3339, e.g. 2026-03-01T14:05:00Z).", v.trim())))
    };
    let deployed_at = instant("deployed_at", &input.deployed_at)?;
    let started_at = match input.started_at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(instant("started_at", s)?),
        None => None,
    };
    if started_at.as_deref().is_some_and(|s| s > deployed_at.as_str()) {
        return Err(CoreError::validation("deployed_at", "A deployment cannot end before it starts."));
    }
    Ok(Checked {
        application: validate::name("application", &input.application, 200)?,
        version: validate::line("version", &input.version, 100)?,
        started_at,
        deployed_at,
        deployed_by: validate::line("deployed_by", &input.deployed_by, 200)?,
    })
}

pub(crate) fn create_in(tx: &Tx<'_>, input: &DeploymentInput, key: Option<&str>) -> Result<DeploymentId> {
    let c = check(tx, input)?;
    let env = environment_in(tx, &input.environment)?;
    let number = crate::record::next_number(tx, "deployments", "DEP")?;
    tx.execute(
        "INSERT INTO deployments (number, application, version, service_id, environment_id, started_at, deployed_at, method, deployed_by, result, planned, change_id, source_key, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
        params![
            number, c.application, c.version, input.service_id, env, c.started_at, c.deployed_at, input.method.unwrap_or(DeploymentMethod::Pipeline), c.deployed_by,
            input.result, input.planned, input.change_id, key, tx.at()
        ],
    )?;
    let id = DeploymentId(tx.last_insert_rowid());
    tx.audit(Action::created("deployment.created"), RecordRef::new(RecordKind::Deployment, id.0), serde_json::json!({"number": number, "application": c.application, "version": c.version, "result": input.result}))?;
    Ok(id)
}

/// Whether the stored deployment differs from `input`; writes it when it does.
pub(crate) fn update_in(tx: &Tx<'_>, id: DeploymentId, input: &DeploymentInput) -> Result<bool> {
    let before = fetch(tx, id)?;
    let c = check(tx, input)?;
    let env = environment_in(tx, &input.environment)?;
    let n = tx.execute(
        "UPDATE deployments SET application = ?2, version = ?3, service_id = ?4, environment_id = ?5, started_at = ?6, deployed_at = ?7, method = ?8, deployed_by = ?9,
                result = ?10, planned = ?11, change_id = ?12, updated_at = ?13
          WHERE id = ?1 AND (application, version, service_id, environment_id, started_at, deployed_at, method, deployed_by, result, planned, change_id)
                IS NOT (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            id.0, c.application, c.version, input.service_id, env, c.started_at, c.deployed_at, input.method.unwrap_or(before.method), c.deployed_by, input.result,
            input.planned, input.change_id, tx.at()
        ],
    )?;
    if n > 0 {
        let after = fetch(tx, id)?;
        if after.deployed_at != before.deployed_at {
            refresh_leads(tx, id)?;
        }
        tx.audit(Action::did("deployment.updated"), RecordRef::new(RecordKind::Deployment, id.0), validate::diff(&serde_json::to_value(&before).unwrap_or_default(), &serde_json::to_value(&after).unwrap_or_default()))?;
    }
    Ok(n > 0)
}

/// Recomputes the lead times of a deployment's commits from its end and their committer
/// dates (negative as 0), and its list of them that the DORA median reads.
pub(crate) fn refresh_leads(tx: &Tx<'_>, id: DeploymentId) -> Result<()> {
    tx.execute(
        "UPDATE deployment_commits SET lead_seconds = max(0, (SELECT unixepoch(d.deployed_at) FROM deployments d WHERE d.id = ?1) - unixepoch(committed_at)) WHERE deployment_id = ?1",
        [id.0],
    )?;
    tx.execute(
        "UPDATE deployments SET commit_leads = coalesce((SELECT group_concat(c.lead_seconds, ',') FROM deployment_commits c WHERE c.deployment_id = ?1), '') WHERE id = ?1",
        [id.0],
    )?;
    Ok(())
}

pub fn create_deployment(ws: &Workspace, input: &DeploymentInput) -> Result<Deployment> {
    ws.write(|tx| {
        let id = create_in(tx, input, None)?;
        fetch(tx, id)
    })
}

pub fn update_deployment(ws: &Workspace, id: DeploymentId, input: &DeploymentInput) -> Result<Deployment> {
    ws.write(|tx| {
        update_in(tx, id, input)?;
        fetch(tx, id)
    })
}

/// Logs the incident a failed deployment caused, linked to it ("is caused by"), in one step.
pub fn log_incident_caused(ws: &Workspace, id: DeploymentId, title: &str) -> Result<crate::incidents::Incident> {
    let d = fetch(ws.conn(), id)?;
    let input = crate::incidents::IncidentInput {
        title: title.to_string(),
        description: format!("Caused by deployment {} ({} {} to {}).", d.number, d.application, d.version, d.environment),
        service_id: d.service_id,
        impact: 2,
        urgency: 2,
        ..Default::default()
    };
    let incident = crate::incidents::log_incident(ws, &input)?;
    crate::links::create_link(ws, &NewLink { from: RecordRef::new(RecordKind::Incident, incident.id.0), link_type: LinkType::CausedBy, to: RecordRef::new(RecordKind::Deployment, id.0) })?;
    Ok(incident)
}
