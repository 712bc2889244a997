//! Allocation rules: how a cost pool is split among services. One method per pool (`equal`
//! among the services its rules name, `fixed` percentages, `ci_count`: by the CIs each
//! service runs on, or `usage`: by the units of a driver each used, such as terabytes stored
//! or tickets handled, typed or imported). A rule may name an IT tower instead of a pool: it
//! is then the rule of every pool in the tower. Read from a CSV of the contract's columns
//! (cost_pool, method, service, share; for usage, share is the units, and the optional
//! driver and tower columns) through the import pipeline, or set in the window; a rule is
//! known by its pool and service, so the same file again changes nothing.

use std::path::Path;

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::pool_named;
use crate::money;
use crate::error::{CoreError, Result};
use crate::import::mapping::{self, Synonyms};
use crate::import::{history, import_rows, Headers, ImportOptions, ImportReport, Outcome, RowImport, Table};
use crate::labelled_enum;
use crate::record::{RecordKind, RecordRef};
use crate::workspace::{Action, Tx, Workspace};

pub const FORMAT: &str = "allocation-rules";

labelled_enum!(
    AllocationMethod {
        Fixed = "fixed": "Fixed shares",
        Equal = "equal": "Equally",
        CiCount = "ci_count": "By CI count",
        Usage = "usage": "By usage",
    }
);

/// 100 % in millionths of a percent.
pub const WHOLE: u64 = 100_000_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AllocationRule {
    #[ts(type = "number")]
    pub id: i64,
    pub cost_pool: String,
    pub method: AllocationMethod,
    #[ts(type = "number")]
    pub service_id: i64,
    pub service: String,
    /// Fixed: the percentage ("25", "33.333"); usage: the units used ("300", "12.5"); none
    /// for the other methods.
    pub share: Option<String>,
    /// Usage: what the units are ("TB stored").
    pub driver: String,
}

const SYNONYMS: Synonyms = &[
    ("cost_pool", &["costpool", "pool", "costtype", "costcategory", "category"]),
    ("method", &["method", "allocationmethod", "basis"]),
    ("service", &["service", "servicename", "itservice"]),
    ("share", &["share", "percentage", "percent", "pct", "weight", "units", "usage", "quantity"]),
    ("driver", &["driver", "usagedriver", "unit", "unitofmeasure"]),
    ("tower", &["tower", "ittower"]),
];

pub const FIELDS: &[&str] = &["cost_pool", "method", "service", "share", "driver", "tower"];

pub fn suggested(headers: &Headers) -> Vec<Option<&'static str>> {
    mapping::suggested(SYNONYMS, headers)
}

pub fn looks_like_rules(headers: &Headers) -> bool {
    let f = suggested(headers);
    ["cost_pool", "method", "service"].iter().all(|x| f.contains(&Some(x)))
}

pub fn allocation_rules(ws: &Workspace) -> Result<Vec<AllocationRule>> {
    Ok(ws
        .conn()
        .prepare(
            "SELECT r.id, p.name, r.method, r.service_id, s.name, r.share_ppm, r.driver FROM allocation_rules r JOIN cost_pools p ON p.id = r.cost_pool_id JOIN services s ON s.id = r.service_id
              ORDER BY p.name, s.name",
        )?
        .query_map([], |r| {
            Ok(AllocationRule {
                id: r.get(0)?,
                cost_pool: r.get(1)?,
                method: r.get(2)?,
                service_id: r.get(3)?,
                service: r.get(4)?,
                share: r.get::<_, Option<i64>>(5)?.map(|p| money::micros_text(p as u64)),
                driver: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// What a rule says beyond its pool, service and method.
pub(crate) struct RuleTerms<'a> {
    /// Fixed: the share in millionths of a percent; usage: the units in millionths.
    pub share: Option<u64>,
    /// Usage: what the units are.
    pub driver: &'a str,
}

/// Writes one rule (checked against its pool's other rules): the pool's method is one, and
/// its fixed shares sum to at most 100 %.
pub(crate) fn write_rule(tx: &Tx<'_>, pool: i64, method: AllocationMethod, service: i64, terms: &RuleTerms<'_>, before: impl FnOnce(i64) -> Result<()>) -> Result<Outcome> {
    let share = match (method, terms.share) {
        (AllocationMethod::Fixed, None) => return Err(CoreError::validation("share", "A fixed rule gives the service's share (a percentage).")),
        (AllocationMethod::Fixed, Some(s)) if s == 0 || s > WHOLE => return Err(CoreError::validation("share", "A share is above 0 and at most 100 %.")),
        (AllocationMethod::Usage, None) => return Err(CoreError::validation("share", "A usage rule gives the units of the driver the service used (0 or more).")),
        (AllocationMethod::Fixed | AllocationMethod::Usage, s) => s,
        (_, _) => None,
    };
    let driver = if method == AllocationMethod::Usage { crate::validate::line("driver", terms.driver, 120)? } else { String::new() };
    let others: Vec<(String, Option<i64>)> = tx
        .prepare_cached("SELECT method, share_ppm FROM allocation_rules WHERE cost_pool_id = ?1 AND service_id <> ?2")?
        .query_map(params![pool, service], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if let Some((m, _)) = others.iter().find(|(m, _)| m != method.as_str()) {
        return Err(CoreError::validation("method", format!("The pool's other rules split it {}: one pool, one method.", AllocationMethod::parse(m).map(|m| m.label().to_lowercase()).unwrap_or_else(|| m.clone()))));
    }
    let taken: u64 = others.iter().filter_map(|(_, s)| *s).map(|s| s as u64).sum();
    if let (AllocationMethod::Fixed, Some(s)) = (method, share) {
        if taken + s > WHOLE {
            return Err(CoreError::validation("share", format!("The pool's fixed shares would come to {} %: at most 100.", money::micros_text(taken + s))));
        }
    }
    let known: Option<(i64, String, Option<i64>, String)> = tx
        .prepare_cached("SELECT id, method, share_ppm, driver FROM allocation_rules WHERE cost_pool_id = ?1 AND service_id = ?2")?
        .query_row(params![pool, service], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let share = share.map(|s| s as i64);
    match known {
        Some((_, m, s, d)) if m == method.as_str() && s == share && d == driver => Ok(Outcome::Unchanged),
        Some((id, ..)) => {
            before(id)?;
            tx.prepare_cached("UPDATE allocation_rules SET method = ?2, share_ppm = ?3, driver = ?4, updated_at = ?5 WHERE id = ?1")?.execute(params![id, method, share, driver, tx.at()])?;
            tx.audit(Action::did("allocation_rule.updated"), RecordRef::new(RecordKind::AllocationRule, id), serde_json::json!({"method": method, "share_ppm": share, "driver": driver}))?;
            Ok(Outcome::Updated)
        }
        None => {
            tx.prepare_cached("INSERT INTO allocation_rules (cost_pool_id, method, service_id, share_ppm, driver, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)")?
                .execute(params![pool, method, service, share, driver, tx.at()])?;
            tx.audit(
                Action::created("allocation_rule.created"),
                RecordRef::new(RecordKind::AllocationRule, tx.last_insert_rowid()),
                serde_json::json!({"pool": pool, "method": method, "service": service, "share_ppm": share, "driver": driver}),
            )?;
            Ok(Outcome::Created)
        }
    }
}

fn service_named(tx: &Tx<'_>, name: &str) -> Result<i64> {
    tx.prepare_cached("SELECT id FROM services WHERE name = ?1")?
        .query_row([name.trim()], |r| r.get(0))
        .optional()?
        .ok_or_else(|| CoreError::validation("service", format!("There is no service \"{}\": a rule cannot send costs to it.", name.trim())))
}

fn method_of(text: &str) -> Result<AllocationMethod> {
    let t: String = text.trim().to_lowercase().chars().filter(|c| c.is_alphanumeric() || *c == '_').collect();
    match t.as_str() {
        "fixed" | "share" | "percentage" | "percent" => Ok(AllocationMethod::Fixed),
        "equal" | "equally" | "even" | "evenly" => Ok(AllocationMethod::Equal),
        "ci_count" | "cicount" | "cis" | "ci" => Ok(AllocationMethod::CiCount),
        "usage" | "byusage" | "driver" | "consumption" => Ok(AllocationMethod::Usage),
        _ => Err(CoreError::validation("method", format!("\"{}\" is not a method Steward knows (fixed, equal, ci_count, usage).", text.trim()))),
    }
}

/// Where a rule applies: one cost pool, or every pool of an IT tower.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind", content = "name")]
pub enum RuleScope {
    Pool(String),
    Tower(String),
}

/// The pools a scope means: the pool named (made when new), or the tower's pools (a tower
/// with no pool is an error naming it).
fn pools_of(tx: &Tx<'_>, scope: &RuleScope) -> Result<Vec<i64>> {
    match scope {
        RuleScope::Pool(name) => Ok(vec![pool_named(tx, name)?]),
        RuleScope::Tower(tower) => {
            let pools: Vec<i64> = tx.prepare_cached("SELECT id FROM cost_pools WHERE tower = ?1 COLLATE NOCASE ORDER BY name")?.query_map([tower.trim()], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            if pools.is_empty() {
                return Err(CoreError::validation("tower", format!("No cost pool is in a tower \"{}\".", tower.trim())));
            }
            Ok(pools)
        }
    }
}

/// What writing a rule to several pools did, as one row's outcome: created if any was new.
fn combined(outcomes: &[Outcome]) -> Outcome {
    if outcomes.contains(&Outcome::Created) {
        Outcome::Created
    } else if outcomes.contains(&Outcome::Updated) {
        Outcome::Updated
    } else {
        Outcome::Unchanged
    }
}

/// Sets (or, with no method, removes) the rule of a pool, or of every pool of a tower, for a
/// service, as the window does.
pub fn set_rule(ws: &Workspace, scope: &RuleScope, service: i64, method: Option<AllocationMethod>, share: Option<&str>, driver: &str) -> Result<Vec<AllocationRule>> {
    let share = share.map(str::trim).filter(|s| !s.is_empty()).map(|s| money::parse_micros("share", s)).transpose()?;
    ws.write(|tx| {
        crate::validate::exists(tx, "services", Some(service), "service", "service")?;
        for pool in pools_of(tx, scope)? {
            match method {
                Some(m) => {
                    write_rule(tx, pool, m, service, &RuleTerms { share, driver }, |_| Ok(()))?;
                }
                None => {
                    if let Some(id) = tx.query_row("SELECT id FROM allocation_rules WHERE cost_pool_id = ?1 AND service_id = ?2", params![pool, service], |r| r.get::<_, i64>(0)).optional()? {
                        tx.execute("DELETE FROM allocation_rules WHERE id = ?1", [id])?;
                        tx.audit(Action::did("allocation_rule.deleted"), RecordRef::new(RecordKind::AllocationRule, id), serde_json::json!({"pool": pool, "service": service}))?;
                    }
                }
            }
        }
        Ok(())
    })?;
    allocation_rules(ws)
}

pub fn import_rules(ws: &Workspace, path: &Path, opts: &ImportOptions) -> Result<ImportReport> {
    let t = Table::read_with(path, &opts.progress)?;
    let mapping = mapping::resolve(SYNONYMS, &t.headers, opts.mapping.as_deref(), &[
        ("method", "Choose the column with each rule's method (fixed, equal, ci_count or usage)."),
        ("service", "Choose the column with the service each rule sends costs to."),
    ])?;
    let column = |name: &str| mapping.iter().position(|m| m.as_deref() == Some(name));
    if column("cost_pool").is_none() && column("tower").is_none() {
        return Err(CoreError::validation("mapping", "Choose the column with each rule's cost pool (or its IT tower)."));
    }
    let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    import_rows(ws, RowImport { kind: "allocation-rules", format: FORMAT, action: "allocation_rules.imported", file, table: &t }, |tx, run, rec| {
        let get = |name: &str| column(name).and_then(|i| rec.get(i)).unwrap_or("").trim().to_string();
        let method = method_of(&get("method"))?;
        let service = service_named(tx, &get("service"))?;
        let share = match get("share").as_str() {
            "" => None,
            s => Some(money::parse_micros("share", s)?),
        };
        let scope = match (get("cost_pool"), get("tower")) {
            (pool, _) if !pool.is_empty() => RuleScope::Pool(pool),
            (_, tower) if !tower.is_empty() => RuleScope::Tower(tower),
            _ => return Err(CoreError::validation("cost_pool", "Name the rule's cost pool (or its IT tower).")),
        };
        let driver = get("driver");
        let mut outcomes = Vec::new();
        for pool in pools_of(tx, &scope)? {
            outcomes.push(write_rule(tx, pool, method, service, &RuleTerms { share, driver: &driver }, |id| history::before_change(tx, run, RecordRef::new(RecordKind::AllocationRule, id)))?);
        }
        Ok(combined(&outcomes))
    }, |_, _| Ok(serde_json::Value::Null))
}
