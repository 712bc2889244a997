//! Configuration items and their impact: the lower half of the SVS spine.
//!
//! **Invariant:** a CI is unique by (name, environment). Relations between CIs live in the
//! generic `links` table (see `core::links`); impact follows them, never a second copy.

pub mod capacity;
pub(crate) mod demo;
pub mod discovery;
pub mod impact;
pub mod lifecycle;
mod model;
pub mod platform;
pub mod product_lifecycle;
pub use model::*;

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension};

use crate::directory::person_name;
use crate::error::{CoreError, Result};
use crate::import::history::{self, ImportId};
use crate::import::Outcome;
use crate::links;
use crate::list::{self, Field, ListRequest, ListSpec, Page};
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Subject, Tx, Workspace};

/// What the practice registry knows of configuration items (`crate::PRACTICES`).
pub(crate) const KINDS: &[crate::record::RecordKind] = &[crate::record::RecordKind::Ci, crate::record::RecordKind::CapacityMetric, crate::record::RecordKind::CapacityMeasurement, crate::record::RecordKind::ProductLifecycle];
/// The spine's demo CIs are made by `demo/mod.rs`, which then calls `demo::estate`.
pub(crate) const DEMO: Option<crate::practice::DemoPart> = None;

const SELECT: &str = "c.id, c.name, c.ci_type, c.environment, c.owner_id, coalesce(p.name, ''), c.lifecycle, c.attributes, c.created_at, c.updated_at";
const FROM: &str = "cis c LEFT JOIN people p ON p.id = c.owner_id";

static FIELDS: &[Field] = &[
    Field { name: "name", sql: "c.name", sortable: true, filterable: true },
    Field { name: "ci_type", sql: "c.ci_type", sortable: true, filterable: true },
    Field { name: "environment", sql: "c.environment", sortable: true, filterable: true },
    Field { name: "lifecycle", sql: "c.lifecycle", sortable: true, filterable: true },
    Field { name: "owner_id", sql: "c.owner_id", sortable: false, filterable: true },
    Field { name: "updated_at", sql: "c.updated_at", sortable: true, filterable: false },
];

static LIST: ListSpec = ListSpec { table: "cis c", from: FROM, id: "c.id", fields: FIELDS, default_sort: "name", search: Some(RecordKind::Ci), like_fields: &[], counts: None, memberships: &[], query: None };

/// Most attributes a CI may carry, and their size, so one record cannot bloat the file.
const MAX_ATTRIBUTES: usize = 100;

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Ci> {
    let attrs: String = r.get(7)?;
    Ok(Ci {
        id: CiId(r.get(0)?),
        name: r.get(1)?,
        ci_type: r.get(2)?,
        environment: r.get(3)?,
        owner_id: r.get(4)?,
        owner_name: r.get(5)?,
        lifecycle: r.get(6)?,
        attributes: serde_json::from_str(&attrs).unwrap_or_default(),
        created_at: r.get(8)?,
        updated_at: r.get(9)?,
    })
}

pub fn list_cis(ws: &Workspace, req: &ListRequest) -> Result<Page<Ci>> {
    list::run(ws.conn(), &LIST, req, SELECT, map)
}

pub fn get_ci(ws: &Workspace, id: CiId) -> Result<Ci> {
    fetch(ws.conn(), id)
}

fn fetch(conn: &rusqlite::Connection, id: CiId) -> Result<Ci> {
    conn.query_row(&format!("SELECT {SELECT} FROM {FROM} WHERE c.id = ?1"), [id.0], map)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Configuration item", id: id.0.to_string() })
}

struct Parsed {
    name: String,
    attributes: String,
}

fn parse(tx: &Tx<'_>, input: &CiInput, except: Option<CiId>) -> Result<Parsed> {
    let name = validate::name("name", &input.name, 200)?;
    let clash: Option<i64> = tx
        .query_row(
            "SELECT id FROM cis WHERE name = ?1 AND environment = ?2 AND id IS NOT ?3",
            params![name, input.environment, except.map(|e| e.0)],
            |r| r.get(0),
        )
        .optional()?;
    if clash.is_some() {
        return Err(CoreError::validation(
            "name",
            format!("A configuration item named \"{name}\" already exists in {}.", input.environment.label()),
        ));
    }
    if let Some(owner) = input.owner_id {
        person_name(tx, owner)?.ok_or_else(|| CoreError::validation("owner_id", "The owner is not in the directory."))?;
    }
    if input.attributes.len() > MAX_ATTRIBUTES {
        return Err(CoreError::validation("attributes", format!("A configuration item can have at most {MAX_ATTRIBUTES} attributes.")));
    }
    let mut attrs = BTreeMap::new();
    for (k, v) in &input.attributes {
        let k = validate::name("attributes", k, 100)?;
        attrs.insert(k, validate::line("attributes", v, 1000)?);
    }
    Ok(Parsed { name, attributes: serde_json::to_string(&attrs).unwrap_or_else(|_| "{}".into()) })
}

fn snapshot(c: &Ci) -> serde_json::Value {
    serde_json::json!({
        "name": c.name, "ci_type": c.ci_type, "environment": c.environment,
        "owner_id": c.owner_id, "lifecycle": c.lifecycle, "attributes": c.attributes,
    })
}

pub fn create_ci(ws: &Workspace, input: &CiInput) -> Result<Ci> {
    ws.write(|tx| create_in(tx, input))
}

/// A CI an import names and the register lacks: an operational production CI of type
/// "other", with nothing but the name.
pub(crate) fn create_named(tx: &Tx<'_>, name: &str) -> Result<i64> {
    let name = validate::name("name", name, 200)?;
    tx.prepare_cached("INSERT INTO cis (name, ci_type, environment, lifecycle, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)")?
        .execute(params![name, CiType::Other, Environment::Production, Lifecycle::Operational, tx.at()])?;
    let id = tx.last_insert_rowid();
    tx.audit(Action::created("ci.created"), RecordRef::new(RecordKind::Ci, id), serde_json::json!({"name": name}))?;
    Ok(id)
}

/// A CI as an export describes it (its attributes as stored JSON, already checked).
pub(crate) struct ImportedCi<'a> {
    pub name: &'a str,
    pub environment: Environment,
    pub ci_type: CiType,
    pub owner_id: Option<i64>,
    pub lifecycle: Lifecycle,
    pub attributes: &'a str,
}

/// Writes a CI an import brings (matched by name and environment): created, brought up to
/// date with its row kept as it was in the import's history, or left as it is.
pub(crate) fn write_imported(tx: &Tx<'_>, run: ImportId, ci: &ImportedCi<'_>) -> Result<Outcome> {
    let existing: Option<i64> =
        tx.prepare_cached("SELECT id FROM cis WHERE name = ?1 AND environment = ?2")?.query_row(params![ci.name, ci.environment], |r| r.get(0)).optional()?;
    let Some(id) = existing else {
        tx.prepare_cached("INSERT INTO cis (name, ci_type, environment, owner_id, lifecycle, attributes, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)")?
            .execute(params![ci.name, ci.ci_type, ci.environment, ci.owner_id, ci.lifecycle, ci.attributes, tx.at()])?;
        let id = tx.last_insert_rowid();
        tx.audit(Action::created("ci.created"), RecordRef::new(RecordKind::Ci, id), serde_json::json!({"name": ci.name, "environment": ci.environment}))?;
        product_lifecycle::match_ci(tx, CiId(id), None)?;
        return Ok(Outcome::Created);
    };
    history::changing(tx, run, RecordRef::new(RecordKind::Ci, id), || {
        let n = tx.execute(
            "UPDATE cis SET ci_type = ?1, owner_id = ?2, lifecycle = ?3, attributes = ?4, updated_at = ?5 WHERE id = ?6 AND (ci_type, owner_id, lifecycle, attributes) IS NOT (?1, ?2, ?3, ?4)",
            params![ci.ci_type, ci.owner_id, ci.lifecycle, ci.attributes, tx.at(), id],
        )?;
        let dated = n > 0 && product_lifecycle::match_ci(tx, CiId(id), None)?;
        Ok(if n > 0 || dated { (true, Outcome::Updated) } else { (false, Outcome::Unchanged) })
    })
}

/// A CI as an inventory row gives it: the fields it names (None: left as they are, or the
/// defaults for a new CI), attributes merged into the CI's own, and its lifecycle fields.
pub(crate) struct InventoryCi<'a> {
    pub name: &'a str,
    pub environment: Environment,
    pub ci_type: Option<CiType>,
    pub lifecycle: Option<Lifecycle>,
    pub owner_id: Option<i64>,
    pub attributes: &'a BTreeMap<String, String>,
    pub purchased_on: Option<String>,
    pub warranty_end: Option<String>,
    pub end_of_support: Option<String>,
    pub end_of_life: Option<String>,
    pub location: Option<String>,
    pub vendor: Option<String>,
    pub monthly_cost_cents: Option<i64>,
}

/// Writes an inventory row's CI (matched by name and environment): created, brought up to
/// date with its row kept in the import's history, or left as it is. What the row leaves
/// out stays as the CI has it; a date the row gives is the user's (no table source).
pub(crate) fn write_inventory(tx: &Tx<'_>, run: ImportId, ci: &InventoryCi<'_>) -> Result<Outcome> {
    let existing: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, attributes FROM cis WHERE name = ?1 AND environment = ?2")?
        .query_row(params![ci.name, ci.environment], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let mut attrs: BTreeMap<String, String> = existing.as_ref().and_then(|(_, a)| serde_json::from_str(a).ok()).unwrap_or_default();
    attrs.extend(ci.attributes.iter().map(|(k, v)| (k.clone(), v.clone())));
    if attrs.len() > MAX_ATTRIBUTES {
        return Err(CoreError::validation("attributes", format!("A configuration item can have at most {MAX_ATTRIBUTES} attributes.")));
    }
    let attributes = serde_json::to_string(&attrs).unwrap_or_else(|_| "{}".into());
    // Each lifecycle field the row gives, as the column it sets.
    let sets: Vec<(&str, rusqlite::types::Value)> = [
        ("purchased_on", ci.purchased_on.clone().map(rusqlite::types::Value::Text)),
        ("warranty_end", ci.warranty_end.clone().map(rusqlite::types::Value::Text)),
        ("support_end", ci.end_of_support.clone().map(rusqlite::types::Value::Text)),
        ("life_end", ci.end_of_life.clone().map(rusqlite::types::Value::Text)),
        ("location", ci.location.clone().map(rusqlite::types::Value::Text)),
        ("vendor", ci.vendor.clone().map(rusqlite::types::Value::Text)),
        ("monthly_cost_cents", ci.monthly_cost_cents.map(rusqlite::types::Value::Integer)),
    ]
    .into_iter()
    .filter_map(|(c, v)| v.map(|v| (c, v)))
    .collect();
    let set_lifecycle = |id: i64| -> Result<bool> {
        let mut changed = false;
        for (column, value) in &sets {
            let source = match *column {
                "support_end" => ", support_source = NULL",
                "life_end" => ", life_source = NULL",
                _ => "",
            };
            changed |= tx.prepare_cached(&format!("UPDATE cis SET {column} = ?2{source} WHERE id = ?1 AND {column} IS NOT ?2"))?.execute(params![id, value])? > 0;
        }
        Ok(changed)
    };
    let Some((id, _)) = existing else {
        tx.prepare_cached("INSERT INTO cis (name, ci_type, environment, owner_id, lifecycle, attributes, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)")?.execute(params![
            ci.name,
            ci.ci_type.unwrap_or(CiType::Other),
            ci.environment,
            ci.owner_id,
            ci.lifecycle.unwrap_or(Lifecycle::Operational),
            attributes,
            tx.at()
        ])?;
        let id = tx.last_insert_rowid();
        set_lifecycle(id)?;
        tx.audit(Action::created("ci.created"), RecordRef::new(RecordKind::Ci, id), serde_json::json!({"name": ci.name, "environment": ci.environment}))?;
        product_lifecycle::match_ci(tx, CiId(id), None)?;
        return Ok(Outcome::Created);
    };
    history::changing(tx, run, RecordRef::new(RecordKind::Ci, id), || {
        let n = tx.execute(
            "UPDATE cis SET ci_type = coalesce(?1, ci_type), owner_id = coalesce(?2, owner_id), lifecycle = coalesce(?3, lifecycle), attributes = ?4
              WHERE id = ?5 AND (ci_type, owner_id, lifecycle, attributes) IS NOT (coalesce(?1, ci_type), coalesce(?2, owner_id), coalesce(?3, lifecycle), ?4)",
            params![ci.ci_type, ci.owner_id, ci.lifecycle, attributes, id],
        )?;
        let changed = (n > 0) | set_lifecycle(id)?;
        if changed {
            tx.execute("UPDATE cis SET updated_at = ?2 WHERE id = ?1", params![id, tx.at()])?;
            product_lifecycle::match_ci(tx, CiId(id), None)?;
        }
        Ok(if changed { (true, Outcome::Updated) } else { (false, Outcome::Unchanged) })
    })
}

pub(crate) fn create_in(tx: &Tx<'_>, input: &CiInput) -> Result<Ci> {
    let p = parse(tx, input, None)?;
    tx.execute(
        "INSERT INTO cis (name, ci_type, environment, owner_id, lifecycle, attributes, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![p.name, input.ci_type, input.environment, input.owner_id, input.lifecycle, p.attributes, tx.at()],
    )?;
    let created = fetch(tx, CiId(tx.last_insert_rowid()))?;
    tx.audit(Action::created("ci.created"), RecordRef::new(RecordKind::Ci, created.id.0), snapshot(&created))?;
    product_lifecycle::match_ci(tx, created.id, None)?;
    Ok(created)
}

pub fn update_ci(ws: &Workspace, id: CiId, input: &CiInput) -> Result<Ci> {
    ws.write(|tx| update_in(tx, id, input))
}

pub(crate) fn update_in(tx: &Tx<'_>, id: CiId, input: &CiInput) -> Result<Ci> {
    let before = fetch(tx, id)?;
    let p = parse(tx, input, Some(id))?;
    tx.execute(
        "UPDATE cis SET name = ?1, ci_type = ?2, environment = ?3, owner_id = ?4, lifecycle = ?5, attributes = ?6, updated_at = ?7 WHERE id = ?8",
        params![p.name, input.ci_type, input.environment, input.owner_id, input.lifecycle, p.attributes, tx.at(), id.0],
    )?;
    let after = fetch(tx, id)?;
    let changes = validate::diff(&snapshot(&before), &snapshot(&after));
    if changes.as_object().is_some_and(|c| !c.is_empty()) {
        tx.audit(Action::did("ci.updated"), RecordRef::new(RecordKind::Ci, id.0), changes)?;
        product_lifecycle::match_ci(tx, id, None)?;
    }
    Ok(after)
}

pub fn delete_ci(ws: &Workspace, id: CiId, remove_links: bool) -> Result<()> {
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        links::remove_all_or_refuse(tx, RecordRef { kind: RecordKind::Ci, id: id.0 }, &before.name, remove_links)?;
        tx.execute("DELETE FROM cis WHERE id = ?1", [id.0])?;
        tx.audit(Action::did("ci.deleted"), RecordRef::new(RecordKind::Ci, id.0), snapshot(&before))
    })
}

/// The SQL of the transitive impact walk. `A runs_on B` and `A depends_on B` make A a
/// dependant of B; `A part_of B` makes the whole B a dependant of its part A. UNION (not
/// UNION ALL) makes cycles terminate.
const IMPACT_CTE: &str = "
WITH RECURSIVE affected(kind, id) AS (
    SELECT 'ci', ?1
    UNION
    SELECT l.from_kind, l.from_id FROM affected a
      JOIN links l ON l.to_kind = a.kind AND l.to_id = a.id AND l.link_type IN ('runs_on', 'depends_on')
    UNION
    SELECT l.to_kind, l.to_id FROM affected a
      JOIN links l ON l.from_kind = a.kind AND l.from_id = a.id AND l.link_type = 'part_of'
)";

/// The CIs a service depends on, transitively: what it runs on or depends on (and what
/// those do), and the parts of a whole it depends on (a cluster's hosts).
const SERVICE_CIS: &str = "
WITH RECURSIVE needs(kind, id) AS (
    SELECT 'service', ?1
    UNION
    SELECT l.to_kind, l.to_id FROM needs n JOIN links l ON l.from_kind = n.kind AND l.from_id = n.id AND l.link_type IN ('runs_on', 'depends_on')
    UNION
    SELECT l.from_kind, l.from_id FROM needs n JOIN links l ON l.to_kind = n.kind AND l.to_id = n.id AND l.link_type = 'part_of'
)
SELECT id FROM needs WHERE kind = 'ci' ORDER BY id";

/// The CIs a service runs on, through the relations recorded (the end-of-life radar's
/// services, the allocation's CI counts).
pub(crate) fn cis_of_service(conn: &rusqlite::Connection, service: i64) -> Result<Vec<i64>> {
    Ok(conn.prepare_cached(SERVICE_CIS)?.query_map([service], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

/// Everything affected when `id` fails, with the first `limit` records named.
pub fn impact_of_ci(ws: &Workspace, id: CiId, limit: u32) -> Result<Impact> {
    fetch(ws.conn(), id)?;
    let conn = ws.conn();
    conn.execute_batch("DROP TABLE IF EXISTS temp.impact; CREATE TEMP TABLE impact(kind TEXT, id INTEGER)")?;
    conn.execute(&format!("{IMPACT_CTE} INSERT INTO temp.impact SELECT kind, id FROM affected WHERE NOT (kind = 'ci' AND id = ?1)"), [id.0])?;
    let total: i64 = conn.query_row("SELECT count(*) FROM temp.impact", [], |r| r.get(0))?;
    let mut stmt = conn.prepare(
        "SELECT i.kind, i.id, coalesce(c.name || ' (' || c.environment || ')', s.name, a.name, '') AS label
           FROM temp.impact i
           LEFT JOIN cis c ON i.kind = 'ci' AND c.id = i.id
           LEFT JOIN services s ON i.kind = 'service' AND s.id = i.id
           LEFT JOIN applications a ON i.kind = 'application' AND a.id = i.id
          ORDER BY i.kind DESC, label LIMIT ?1",
    )?;
    let items = stmt
        .query_map([limit], |r| {
            let kind: String = r.get(0)?;
            Ok(ImpactItem {
                record: RecordRef { kind: RecordKind::parse(&kind).unwrap_or(RecordKind::Ci), id: r.get(1)? },
                name: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    conn.execute_batch("DROP TABLE temp.impact")?;
    Ok(Impact { ci: id, total: total as u64, items })
}

/// Counts what depends on `id` transitively, without naming it (for the benchmark's
/// large graphs and for warnings).
pub fn count_impact_of_ci(ws: &Workspace, id: CiId) -> Result<u64> {
    let n: i64 = ws.conn().query_row(&format!("{IMPACT_CTE} SELECT count(*) - 1 FROM affected"), [id.0], |r| r.get(0))?;
    Ok(n as u64)
}

/// Creates many CIs in one transaction with one audit entry (file imports, generated data).
/// Each row is validated like a single create; the first invalid row aborts the whole batch.
pub fn bulk_create_cis(ws: &Workspace, inputs: impl IntoIterator<Item = CiInput>, source: &str) -> Result<u64> {
    ws.write(|tx| {
        let mut insert = tx.prepare_cached(
            "INSERT INTO cis (name, ci_type, environment, owner_id, lifecycle, attributes, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        )?;
        let mut n = 0u64;
        for (i, input) in inputs.into_iter().enumerate() {
            let row = |e: CoreError| match e {
                CoreError::Validation { field, reason, .. } => CoreError::Validation { field, row: Some(i as u64 + 1), reason },
                other => other,
            };
            let name = validate::name("name", &input.name, 200).map_err(row)?;
            let attrs = serde_json::to_string(&input.attributes).unwrap_or_else(|_| "{}".into());
            insert
                .execute(params![name, input.ci_type, input.environment, input.owner_id, input.lifecycle, attrs, tx.at()])
                .map_err(|e| row(CoreError::from(e)))?;
            n += 1;
        }
        tx.audit(Action::did("ci.bulk_created"), Subject::Every(RecordKind::Ci), serde_json::json!({"source": source, "count": n}))?;
        Ok(n)
    })
}
