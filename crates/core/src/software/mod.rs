//! Software development and management: the application portfolio and the software
//! components each application carries, read from its SBOMs (`sbom.rs`).
//!
//! An application is a record of its own, not a kind of CI: it has owners, a lifecycle
//! (plan, build, run, retire) and a criticality the portfolio is managed by, it runs on many
//! hosting CIs and supports several services, and its components are shared with other
//! applications. The CI register keeps what runs; the portfolio keeps what is built and
//! bought, and links to the CIs and services through the links every record has.

pub(crate) mod demo;
pub mod portfolio;
pub mod quality;
pub mod sbom;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::list::{self, Field, ListRequest, ListSpec, Page};
use crate::record::{RecordKind, RecordRef};
use crate::services::Criticality;
use crate::validate;
use crate::workspace::{Action, Tx, Workspace};

/// What the practice registry knows of software development and management.
pub(crate) const KINDS: &[RecordKind] = &[RecordKind::Application, RecordKind::Component, RecordKind::QualityFigures];
pub(crate) const DEMO: Option<crate::practice::DemoPart> = Some(demo::software_management);

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct ApplicationId(pub i64);

labelled_enum!(
    ApplicationLifecycle {
        Plan = "plan": "Plan",
        Build = "build": "Build",
        Run = "run": "Run",
        Retire = "retire": "Retire",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Application {
    pub id: ApplicationId,
    pub name: String,
    pub description: String,
    pub lifecycle: ApplicationLifecycle,
    pub criticality: Criticality,
    #[ts(type = "number | null")]
    pub business_owner_id: Option<i64>,
    pub business_owner: Option<String>,
    #[ts(type = "number | null")]
    pub technical_owner_id: Option<i64>,
    pub technical_owner: Option<String>,
    pub components: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ApplicationInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub lifecycle: ApplicationLifecycle,
    pub criticality: Criticality,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub business_owner_id: Option<i64>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub technical_owner_id: Option<i64>,
}

/// A component as an application carries it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Component {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub version: String,
    pub purl: Option<String>,
    pub supplier: String,
    /// Licence ids or expressions, "; "-separated, as the SBOM gives them.
    pub licences: String,
    /// How many applications carry it.
    pub applications: u64,
    /// What it depends on in this application, by name and version.
    pub depends_on: Vec<String>,
    /// Vulnerabilities of the register (not closed) in its package (`VULNERABLE`).
    pub vulnerabilities: Vec<String>,
}

/// An application that carries a vulnerability's package, and the component that is it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Carrier {
    pub application_id: ApplicationId,
    pub application: String,
    pub component: String,
}

/// A component `c` is in a vulnerability `v`'s package: the same package URL, or any
/// version of it when the vulnerability names none.
const VULNERABLE: &str = "v.purl IS NOT NULL AND c.purl IS NOT NULL AND v.status <> 'closed' AND (c.purl = v.purl OR (instr(v.purl, '@') = 0 AND substr(c.purl, 1, length(v.purl) + 1) = v.purl || '@'))";

/// The applications that carry a vulnerability's package, by name.
pub fn carriers_of(ws: &Workspace, vulnerability: i64) -> Result<Vec<Carrier>> {
    let sql = format!(
        "SELECT a.id, a.name, c.name || CASE WHEN c.version = '' THEN '' ELSE ' ' || c.version END
           FROM vulnerabilities v JOIN components c ON {VULNERABLE}
           JOIN application_components ac ON ac.component_id = c.id JOIN applications a ON a.id = ac.application_id
          WHERE v.id = ?1 ORDER BY a.name, c.name"
    );
    Ok(ws.conn().prepare(&sql)?.query_map([vulnerability], |r| Ok(Carrier { application_id: ApplicationId(r.get(0)?), application: r.get(1)?, component: r.get(2)? }))?.collect::<rusqlite::Result<_>>()?)
}

/// An application's licences: how many of its components carry each, copyleft ones
/// flagged (the workspace's `CopyleftList`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LicenceCount {
    pub licence: String,
    pub components: u64,
    pub copyleft: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ApplicationDetail {
    pub application: Application,
    pub components: Vec<Component>,
    pub licences: Vec<LicenceCount>,
}

/// The licences a workspace flags as copyleft: SPDX ids or their beginnings ("GPL-"
/// covers GPL-2.0-only, GPL-3.0-or-later, ...), each matched as a prefix of a licence or of
/// any id in a licence expression. The default is the usual reciprocal licences; a client
/// with its own policy changes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CopyleftList {
    pub prefixes: Vec<String>,
}

impl Default for CopyleftList {
    fn default() -> Self {
        CopyleftList { prefixes: ["GPL-", "AGPL-", "LGPL-", "MPL-", "EPL-", "EUPL-", "CDDL-", "OSL-", "CPL-", "SSPL-", "CC-BY-SA-"].map(String::from).to_vec() }
    }
}

impl CopyleftList {
    /// Whether a licence (an id or an SPDX expression such as "MIT OR GPL-2.0-only") names
    /// a flagged one.
    pub fn flags(&self, licence: &str) -> bool {
        licence
            .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
            .filter(|t| !t.is_empty() && !["AND", "OR", "WITH"].contains(t))
            .any(|id| self.prefixes.iter().any(|p| id.starts_with(p.as_str())))
    }
}

const COPYLEFT: crate::settings::Stored<CopyleftList> = crate::settings::Stored::new("copyleft_licences", "The list of copyleft licences");

pub fn copyleft_list(ws: &Workspace) -> Result<CopyleftList> {
    COPYLEFT.get(ws.conn())
}

/// Sets the list: each entry an SPDX id or its beginning (letters, digits, `.`, `-`, `+`).
pub fn set_copyleft_list(ws: &Workspace, list: &CopyleftList) -> Result<CopyleftList> {
    let mut prefixes: Vec<String> = Vec::new();
    for p in &list.prefixes {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        if p.len() > 64 || !p.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+')) {
            return Err(CoreError::validation("prefixes", format!("\"{p}\" is not an SPDX licence id or its beginning (letters, digits, '.', '-', '+').")));
        }
        if !prefixes.iter().any(|q| q == p) {
            prefixes.push(p.to_string());
        }
    }
    let list = CopyleftList { prefixes };
    ws.write(|tx| {
        let before = COPYLEFT.before(tx)?;
        COPYLEFT.put(tx, &list)?;
        tx.audit(Action::did("settings.copyleft_licences"), crate::workspace::Subject::Setting("copyleft_licences"), serde_json::json!({"from": before, "to": list}))
    })?;
    Ok(list)
}

const SELECT: &str = "a.id, a.name, a.description, a.lifecycle, a.criticality, a.business_owner_id, b.name, a.technical_owner_id, t.name,
    (SELECT count(*) FROM application_components ac WHERE ac.application_id = a.id)";
const FROM: &str = "applications a LEFT JOIN people b ON b.id = a.business_owner_id LEFT JOIN people t ON t.id = a.technical_owner_id";
static FIELDS: &[Field] = &[
    Field { name: "name", sql: "a.name", sortable: true, filterable: true },
    Field { name: "lifecycle", sql: "a.lifecycle", sortable: true, filterable: true },
    Field { name: "criticality", sql: "a.criticality", sortable: true, filterable: true },
];
static LIST: ListSpec = ListSpec { table: "applications a", from: FROM, id: "a.id", fields: FIELDS, default_sort: "name", search: None, like_fields: &["a.name", "a.description"], counts: None, memberships: &[], query: None };

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Application> {
    Ok(Application {
        id: ApplicationId(r.get(0)?),
        name: r.get(1)?,
        description: r.get(2)?,
        lifecycle: r.get(3)?,
        criticality: r.get(4)?,
        business_owner_id: r.get(5)?,
        business_owner: r.get(6)?,
        technical_owner_id: r.get(7)?,
        technical_owner: r.get(8)?,
        components: r.get(9)?,
    })
}

fn fetch(conn: &Connection, id: ApplicationId) -> Result<Application> {
    conn.query_row(&format!("SELECT {SELECT} FROM {FROM} WHERE a.id = ?1"), [id.0], map)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Application", id: id.0.to_string() })
}

pub fn list_applications(ws: &Workspace, req: &ListRequest) -> Result<Page<Application>> {
    list::run(ws.conn(), &LIST, req, SELECT, map)
}

pub fn get_application(ws: &Workspace, id: ApplicationId) -> Result<ApplicationDetail> {
    let conn = ws.conn();
    let application = fetch(conn, id)?;
    // What each component depends on here, and the vulnerabilities in each package: one
    // read each for the whole application, grouped by component.
    let grouped = |sql: &str| -> Result<HashMap<i64, Vec<String>>> {
        let mut by: HashMap<i64, Vec<String>> = HashMap::new();
        for row in conn.prepare(sql)?.query_map([id.0], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (k, v) = row?;
            by.entry(k).or_default().push(v);
        }
        Ok(by)
    };
    let mut deps = grouped(
        "SELECT d.from_id, c.name || CASE WHEN c.version = '' THEN '' ELSE ' ' || c.version END FROM component_dependencies d JOIN components c ON c.id = d.to_id
          WHERE d.application_id = ?1 ORDER BY d.from_id, c.name, c.version",
    )?;
    let mut vulns = grouped(&format!(
        "SELECT c.id, v.number FROM application_components ac JOIN components c ON c.id = ac.component_id JOIN vulnerabilities v ON {VULNERABLE}
          WHERE ac.application_id = ?1 ORDER BY c.id, v.number"
    ))?;
    let rows: Vec<(i64, String, String, Option<String>, String, String, u64)> = conn
        .prepare(
            "SELECT c.id, c.name, c.version, c.purl, c.supplier, c.licences, (SELECT count(*) FROM application_components x WHERE x.component_id = c.id)
               FROM application_components ac JOIN components c ON c.id = ac.component_id WHERE ac.application_id = ?1 ORDER BY c.name, c.version, c.id",
        )?
        .query_map([id.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut components = Vec::with_capacity(rows.len());
    let mut counts: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
    for (cid, name, version, purl, supplier, licences, applications) in rows {
        for l in licences.split("; ").filter(|l| !l.is_empty()) {
            *counts.entry(l.to_string()).or_default() += 1;
        }
        if licences.is_empty() {
            *counts.entry("(none stated)".into()).or_default() += 1;
        }
        let depends_on = deps.remove(&cid).unwrap_or_default();
        let vulnerabilities = vulns.remove(&cid).unwrap_or_default();
        components.push(Component { id: cid, name, version, purl, supplier, licences, applications, depends_on, vulnerabilities });
    }
    let copyleft = COPYLEFT.get(conn)?;
    let mut licences: Vec<LicenceCount> = counts.into_iter().map(|(licence, components)| LicenceCount { copyleft: copyleft.flags(&licence), licence, components }).collect();
    licences.sort_by(|a, b| b.components.cmp(&a.components).then_with(|| a.licence.cmp(&b.licence)));
    Ok(ApplicationDetail { application, components, licences })
}

struct Checked {
    name: String,
    description: String,
}

fn check(conn: &Connection, input: &ApplicationInput) -> Result<Checked> {
    validate::exists(conn, "people", input.business_owner_id, "business_owner_id", "person")?;
    validate::exists(conn, "people", input.technical_owner_id, "technical_owner_id", "person")?;
    Ok(Checked { name: validate::name("name", &input.name, 200)?, description: validate::text("description", &input.description, 20_000)? })
}

fn clash(conn: &Connection, name: &str, id: Option<ApplicationId>) -> Result<()> {
    let other: Option<i64> = conn.query_row("SELECT id FROM applications WHERE name = ?1", [name], |r| r.get(0)).optional()?;
    if other.is_some_and(|o| Some(ApplicationId(o)) != id) {
        return Err(CoreError::validation("name", format!("There is already an application named \"{name}\".")));
    }
    Ok(())
}

pub(crate) fn create_in(tx: &Tx<'_>, input: &ApplicationInput) -> Result<ApplicationId> {
    let c = check(tx, input)?;
    clash(tx, &c.name, None)?;
    tx.execute(
        "INSERT INTO applications (name, description, lifecycle, criticality, business_owner_id, technical_owner_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![c.name, c.description, input.lifecycle, input.criticality, input.business_owner_id, input.technical_owner_id, tx.at()],
    )?;
    let id = ApplicationId(tx.last_insert_rowid());
    tx.audit(Action::created("application.created"), RecordRef::new(RecordKind::Application, id.0), serde_json::json!({"name": c.name, "lifecycle": input.lifecycle}))?;
    Ok(id)
}

pub fn create_application(ws: &Workspace, input: &ApplicationInput) -> Result<Application> {
    ws.write(|tx| {
        let id = create_in(tx, input)?;
        fetch(tx, id)
    })
}

pub fn update_application(ws: &Workspace, id: ApplicationId, input: &ApplicationInput) -> Result<Application> {
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        let c = check(tx, input)?;
        clash(tx, &c.name, Some(id))?;
        let n = tx.execute(
            "UPDATE applications SET name = ?2, description = ?3, lifecycle = ?4, criticality = ?5, business_owner_id = ?6, technical_owner_id = ?7, updated_at = ?8
              WHERE id = ?1 AND (name, description, lifecycle, criticality, business_owner_id, technical_owner_id) IS NOT (?2, ?3, ?4, ?5, ?6, ?7)",
            params![id.0, c.name, c.description, input.lifecycle, input.criticality, input.business_owner_id, input.technical_owner_id, tx.at()],
        )?;
        let after = fetch(tx, id)?;
        if n > 0 {
            tx.audit(Action::did("application.updated"), RecordRef::new(RecordKind::Application, id.0), validate::diff(&serde_json::to_value(&before).unwrap_or_default(), &serde_json::to_value(&after).unwrap_or_default()))?;
        }
        Ok(after)
    })
}

/// The application named (case ignored), created (running, of medium criticality) when new.
pub(crate) fn application_named_in(tx: &Tx<'_>, name: &str) -> Result<ApplicationId> {
    let name = validate::name("application", name, 200)?;
    if let Some(id) = tx.query_row("SELECT id FROM applications WHERE name = ?1", [&name], |r| r.get(0)).optional()? {
        return Ok(ApplicationId(id));
    }
    create_in(tx, &ApplicationInput { name, description: String::new(), lifecycle: ApplicationLifecycle::Run, criticality: Criticality::Medium, business_owner_id: None, technical_owner_id: None })
}
