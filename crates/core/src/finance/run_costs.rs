//! What the CIs cost to run, from the CMDB: each CI's monthly cost (typed on it, or a cloud
//! resource's from its inventory) over the period, flowing to the services that run on it
//! (through the relations recorded, as the allocation's CI counts read them). A month the
//! period covers in part counts its days: monthly × days covered / days in the month, to
//! the cent half up. A CI several services need is shared equally among them, cents by
//! largest remainder (ties by service name); a CI no service needs is shown as such.
//!
//! These are the CMDB's figures beside the ledger's: a service's cost with its CIs is its
//! allocation plus this, and the window says which is which (a CI whose cost is also a
//! ledger line would be counted twice: leave one of the two empty).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::allocation::{split, Part};
use crate::error::{CoreError, Result};
use crate::money;
use crate::workspace::Workspace;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RunCost {
    #[ts(type = "number")]
    pub service_id: i64,
    pub service: String,
    /// How many of its CIs have a monthly cost.
    pub cis: u32,
    pub amount: String,
    #[serde(skip)]
    #[ts(skip)]
    pub(crate) cents: i64,
}

/// A service's cost from the ledger, from its CIs, and the two together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CostWithCis {
    #[ts(type = "number")]
    pub service_id: i64,
    pub service: String,
    pub ledger: String,
    pub cis: String,
    pub total: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RunCosts {
    pub services: Vec<RunCost>,
    /// CIs with a cost that no service runs on.
    pub unassigned: String,
    pub total: String,
    /// A line per CI: "san-ham-01 (production) 1,240.50 a month = 1,240.50 over the period ÷ 3 services".
    pub explanation: Vec<String>,
    /// Every service with a cost from either, by name.
    pub with_ledger: Vec<CostWithCis>,
}

fn day(field: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| CoreError::validation(field, format!("\"{}\" is not a date (YYYY-MM-DD).", text.trim())))
}

/// `monthly` cents over `from` through `to`: each month's days covered over its days.
pub(crate) fn prorated(monthly: i64, from: NaiveDate, to: NaiveDate) -> i64 {
    let mut total = 0i64;
    let mut first = NaiveDate::from_ymd_opt(from.year(), from.month(), 1).unwrap_or(from);
    while first <= to {
        let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first);
        let days = (next - first).num_days();
        let start = from.max(first);
        let end = to.min(next.pred_opt().unwrap_or(next));
        let covered = (end - start).num_days() + 1;
        if covered > 0 && days > 0 {
            let p = i128::from(monthly) * i128::from(covered);
            total += ((p * 2 + i128::from(days)) / (i128::from(days) * 2)) as i64;
        }
        if next == first {
            break;
        }
        first = next;
    }
    total
}

pub fn run_costs(ws: &Workspace, from: &str, to: &str) -> Result<RunCosts> {
    let (f, t) = (day("from", from)?, day("to", to)?);
    if t < f {
        return Err(CoreError::validation("to", "The period ends before it starts."));
    }
    of_allocation(ws, &super::allocation::allocate(ws, from, to)?)
}

/// The run costs over an allocation's period, beside its ledger figures (a service review
/// reads the allocation once for all).
pub(crate) fn of_allocation(ws: &Workspace, a: &super::allocation::Allocation) -> Result<RunCosts> {
    let (from, to) = (day("from", &a.from)?, day("to", &a.to)?);
    let conn = ws.conn();
    let cis: Vec<(i64, String, i64)> = conn
        .prepare("SELECT id, name || ' (' || environment || ')', monthly_cost_cents FROM cis WHERE monthly_cost_cents > 0 ORDER BY name, id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let services: Vec<(i64, String)> = conn.prepare("SELECT id, name FROM services ORDER BY name")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut users: BTreeMap<i64, Vec<(i64, String)>> = BTreeMap::new();
    for (id, name) in &services {
        for ci in crate::cis::cis_of_service(conn, *id)? {
            users.entry(ci).or_default().push((*id, name.clone()));
        }
    }
    let mut by_service: BTreeMap<i64, (String, u32, i64)> = BTreeMap::new();
    let (mut unassigned, mut total) = (0i64, 0i64);
    let mut explanation = Vec::new();
    for (ci, name, monthly) in cis {
        let cents = prorated(monthly, from, to);
        total += cents;
        let Some(who) = users.get(&ci).filter(|w| !w.is_empty()) else {
            unassigned += cents;
            explanation.push(format!("{name} {} a month = {} over the period: no service runs on it", money::grouped(monthly), money::grouped(cents)));
            continue;
        };
        let parts: Vec<Part> = who.iter().map(|(_, n)| Part { name: n.clone(), weight: 1 }).collect();
        let (shares, _) = split(cents, &parts, parts.len() as u128);
        for ((id, service), share) in who.iter().zip(shares) {
            let e = by_service.entry(*id).or_insert_with(|| (service.clone(), 0, 0));
            e.1 += 1;
            e.2 += share;
        }
        explanation.push(format!(
            "{name} {} a month = {} over the period ÷ {} service{}",
            money::grouped(monthly),
            money::grouped(cents),
            who.len(),
            if who.len() == 1 { "" } else { "s" }
        ));
    }
    let mut services: Vec<RunCost> = by_service.into_iter().map(|(id, (service, n, c))| RunCost { service_id: id, service, cis: n, amount: money::decimal(c), cents: c }).collect();
    services.sort_by(|a, b| a.service.cmp(&b.service));
    let mut both: BTreeMap<i64, (String, i64, i64)> = BTreeMap::new();
    for s in &a.services {
        both.insert(s.service_id, (s.service.clone(), s.total_cents, 0));
    }
    for r in &services {
        both.entry(r.service_id).or_insert_with(|| (r.service.clone(), 0, 0)).2 = r.cents;
    }
    let mut with_ledger: Vec<CostWithCis> = both
        .into_iter()
        .map(|(id, (service, l, c))| CostWithCis { service_id: id, service, ledger: money::decimal(l), cis: money::decimal(c), total: money::decimal(l + c) })
        .collect();
    with_ledger.sort_by(|a, b| a.service.cmp(&b.service));
    Ok(RunCosts { services, unassigned: money::decimal(unassigned), total: money::decimal(total), explanation, with_ledger })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_counts_by_the_days_the_period_covers() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(prorated(310_00, d("2026-01-01"), d("2026-01-31")), 310_00, "a whole month");
        assert_eq!(prorated(310_00, d("2026-01-01"), d("2026-03-31")), 930_00, "three");
        assert_eq!(prorated(310_00, d("2026-01-17"), d("2026-01-31")), 150_00, "15 of 31 days");
        // February 2026 has 28 days: 100.00 × 14 / 28 = 50.00; 1 day of March 100.00 / 31 = 3.2258… → 3.23.
        assert_eq!(prorated(100_00, d("2026-02-15"), d("2026-03-01")), 50_00 + 3_23);
        assert_eq!(prorated(100_00, d("2028-02-01"), d("2028-02-29")), 100_00, "a leap February whole");
        assert_eq!(prorated(1, d("2026-01-01"), d("2026-01-15")), 0, "0.48 cents rounds down");
        assert_eq!(prorated(1, d("2026-01-01"), d("2026-01-16")), 1, "0.516 cents rounds up");
    }
}
