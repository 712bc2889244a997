//! Service financial management: the workspace's currency and fiscal year, cost pools, the
//! ledger of actual costs, allocation rules from pools to services, and the allocation that
//! says what each service costs (`allocation.rs`), exactly, to the cent.
//!
//! Money is integer minor units (cents) everywhere (`money.rs`); a foreign-currency line is
//! converted at the rate the user entered, and refused without one.

pub mod allocation;
pub mod budget;
pub(crate) mod demo;
pub mod ledger;
pub mod rules;
pub mod run_costs;
pub mod showback;
#[cfg(test)]
mod tests;

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::money;
use crate::record::RecordKind;
use crate::settings::Stored;
use crate::workspace::{Action, Subject, Tx, Workspace};

pub(crate) const KINDS: &[RecordKind] = &[RecordKind::CostPool, RecordKind::LedgerLine, RecordKind::AllocationRule];
pub(crate) const DEMO: Option<crate::practice::DemoPart> = Some(demo::service_finance);

/// The workspace's currency (ISO 4217) and the month its fiscal year starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FinanceSettings {
    pub currency: String,
    /// 1 (January) to 12.
    pub fiscal_year_start: u8,
}

impl Default for FinanceSettings {
    fn default() -> Self {
        FinanceSettings { currency: "EUR".into(), fiscal_year_start: 1 }
    }
}

pub(crate) const SETTINGS: Stored<FinanceSettings> = Stored::new("finance", "The finance settings");

pub fn finance_settings(ws: &Workspace) -> Result<FinanceSettings> {
    SETTINGS.get(ws.conn())
}

/// An ISO 4217 code: three capital letters.
pub(crate) fn currency_code(field: &str, text: &str) -> Result<String> {
    let c = text.trim().to_ascii_uppercase();
    if c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase()) {
        Ok(c)
    } else {
        Err(CoreError::validation(field, format!("\"{}\" is not a currency code (three letters, such as EUR or USD).", text.trim())))
    }
}

pub fn set_finance_settings(ws: &Workspace, s: &FinanceSettings) -> Result<FinanceSettings> {
    let currency = currency_code("currency", &s.currency)?;
    if !(1..=12).contains(&s.fiscal_year_start) {
        return Err(CoreError::validation("fiscal_year_start", "The fiscal year starts in a month, 1 (January) to 12."));
    }
    let s = FinanceSettings { currency, fiscal_year_start: s.fiscal_year_start };
    ws.write(|tx| {
        let lines: i64 = tx.query_row("SELECT count(*) FROM ledger_lines", [], |r| r.get(0))?;
        let before = SETTINGS.get(tx)?;
        if lines > 0 && before.currency != s.currency {
            return Err(CoreError::validation("currency", format!("The ledger is in {}: the currency cannot change once lines are recorded.", before.currency)));
        }
        let was = SETTINGS.before(tx)?;
        SETTINGS.put(tx, &s)?;
        tx.audit(Action::did("settings.finance"), Subject::Setting("finance"), serde_json::json!({"from": was, "to": s}))
    })?;
    Ok(s)
}

/// The rate of a foreign currency, in millionths of the workspace's currency per unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ExchangeRate {
    pub currency: String,
    /// A decimal ("1.085") of the workspace's currency for one unit of this one.
    pub rate: String,
}

pub fn exchange_rates(ws: &Workspace) -> Result<Vec<ExchangeRate>> {
    Ok(ws
        .conn()
        .prepare("SELECT currency, rate_micros FROM exchange_rates ORDER BY currency")?
        .query_map([], |r| Ok(ExchangeRate { currency: r.get(0)?, rate: money::micros_text(r.get::<_, i64>(1)? as u64) }))?
        .collect::<rusqlite::Result<_>>()?)
}

pub fn set_exchange_rate(ws: &Workspace, rate: &ExchangeRate) -> Result<Vec<ExchangeRate>> {
    let currency = currency_code("currency", &rate.currency)?;
    let micros = money::parse_micros("rate", &rate.rate)?;
    if micros == 0 {
        return Err(CoreError::validation("rate", "A rate is above 0."));
    }
    ws.write(|tx| {
        if SETTINGS.get(tx)?.currency == currency {
            return Err(CoreError::validation("currency", format!("{currency} is the workspace's own currency.")));
        }
        tx.execute(
            "INSERT INTO exchange_rates (currency, rate_micros, updated_at) VALUES (?1, ?2, ?3) ON CONFLICT (currency) DO UPDATE SET rate_micros = excluded.rate_micros, updated_at = excluded.updated_at",
            params![currency, micros as i64, tx.at()],
        )?;
        tx.audit(Action::did("settings.exchange_rate"), Subject::Setting("exchange_rates"), serde_json::json!({"currency": currency, "rate": money::micros_text(micros)}))
    })?;
    exchange_rates(ws)
}

pub(crate) fn rate_of(tx: &Tx<'_>, currency: &str) -> Result<Option<u64>> {
    Ok(tx.prepare_cached("SELECT rate_micros FROM exchange_rates WHERE currency = ?1")?.query_row([currency], |r| r.get::<_, i64>(0)).optional()?.map(|m| m as u64))
}

/// A cost pool: where a ledger line's cost is gathered before it is allocated; each sits in
/// an IT tower (what kind of technology or work it pays for).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CostPool {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub tower: String,
    pub lines: u64,
    pub rules: u64,
}

pub fn cost_pools(ws: &Workspace) -> Result<Vec<CostPool>> {
    Ok(ws
        .conn()
        .prepare(
            "SELECT p.id, p.name, p.tower, (SELECT count(*) FROM ledger_lines l WHERE l.cost_pool_id = p.id), (SELECT count(*) FROM allocation_rules r WHERE r.cost_pool_id = p.id)
               FROM cost_pools p ORDER BY p.name",
        )?
        .query_map([], |r| Ok(CostPool { id: r.get(0)?, name: r.get(1)?, tower: r.get(2)?, lines: r.get(3)?, rules: r.get(4)? }))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The pool named (case ignored), created when new (in no tower).
pub(crate) fn pool_named(tx: &Tx<'_>, name: &str) -> Result<i64> {
    let name = crate::validate::name("cost_pool", name, 120)?;
    if let Some(id) = tx.prepare_cached("SELECT id FROM cost_pools WHERE name = ?1")?.query_row([&name], |r| r.get(0)).optional()? {
        return Ok(id);
    }
    tx.prepare_cached("INSERT INTO cost_pools (name, tower, created_at) VALUES (?1, '', ?2)")?.execute(params![name, tx.at()])?;
    let id = tx.last_insert_rowid();
    tx.audit(Action::created("cost_pool.created"), crate::record::RecordRef::new(RecordKind::CostPool, id), serde_json::json!({"name": name}))?;
    Ok(id)
}

/// Sets a pool's name and tower (a pool is created when the id is none).
pub fn save_cost_pool(ws: &Workspace, id: Option<i64>, name: &str, tower: &str) -> Result<Vec<CostPool>> {
    let name = crate::validate::name("name", name, 120)?;
    let tower = crate::validate::line("tower", tower, 120)?;
    ws.write(|tx| {
        let other: Option<i64> = tx.query_row("SELECT id FROM cost_pools WHERE name = ?1", [&name], |r| r.get(0)).optional()?;
        if other.is_some() && other != id {
            return Err(CoreError::validation("name", format!("There is already a cost pool named \"{name}\".")));
        }
        match id {
            Some(id) => {
                if tx.execute("UPDATE cost_pools SET name = ?2, tower = ?3 WHERE id = ?1", params![id, name, tower])? == 0 {
                    return Err(CoreError::NotFound { kind: "Cost pool", id: id.to_string() });
                }
                tx.audit(Action::did("cost_pool.updated"), crate::record::RecordRef::new(RecordKind::CostPool, id), serde_json::json!({"name": name, "tower": tower}))
            }
            None => {
                tx.execute("INSERT INTO cost_pools (name, tower, created_at) VALUES (?1, ?2, ?3)", params![name, tower, tx.at()])?;
                let id = tx.last_insert_rowid();
                tx.audit(Action::created("cost_pool.created"), crate::record::RecordRef::new(RecordKind::CostPool, id), serde_json::json!({"name": name, "tower": tower}))
            }
        }
    })?;
    cost_pools(ws)
}

/// The cost pools and IT towers a new workspace starts with, named in Steward's own words
/// (modelled on the layered way IT costs are usually taxonomised: what is bought, what it
/// builds, what it serves); each is the user's to rename, add to or remove.
pub const DEFAULT_POOLS: &[(&str, &str)] = &[
    ("Staff", "People"),
    ("Contractors", "People"),
    ("Hardware", "Infrastructure"),
    ("Software licences", "Applications"),
    ("Cloud services", "Infrastructure"),
    ("Network and telecom", "Network"),
    ("Data centre and facilities", "Infrastructure"),
    ("Outsourced services", "Delivery"),
    ("Internal services", "IT management"),
];
