//! Allocation: what each service costs, from the ledger and the rules. A line that names a
//! service is that service's direct cost; every other line's amount is its cost pool's, and
//! each pool is split among services by its rules: evenly among the services they name
//! (`equal`), by the percentage each names (`fixed`; what the shares leave under 100 % stays
//! unallocated), by how many CIs each service runs on (`ci_count`), or by the units of a
//! usage driver each used (`usage`: "Cloud 4,600.00 × 12 of 46 TB stored"). A pool with no rule
//! is unallocated. Cents that do not divide evenly go one by one to the largest remainders
//! (ties: service name order; the unallocated part of a fixed split last), so the services'
//! totals and what is unallocated add up to the ledger's total exactly, and every run over
//! the same lines and rules gives the same cents.
//!
//! Every figure is explained: a line per pool and service ("Hardware 12,400.00 × 3 of 7 CIs
//! = 5,314.29").

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::money;
use super::rules::{AllocationMethod, WHOLE};
use crate::error::{CoreError, Result};
use crate::workspace::Workspace;

/// One part of a split: who gets it, and its weight.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Part {
    pub name: String,
    pub weight: u128,
}

/// Splits `amount` cents (negative for a credit) among `parts` in proportion to their
/// weights out of `total` (at least their sum; what exceeds it is the remainder party's),
/// by largest remainder. Returns each part's cents, in `parts`' order, and the remainder
/// party's cents.
pub(crate) fn split(amount: i64, parts: &[Part], total: u128) -> (Vec<i64>, i64) {
    let sum: u128 = parts.iter().map(|p| p.weight).sum();
    let rest_weight = total.saturating_sub(sum);
    let total = sum + rest_weight;
    if total == 0 {
        return (vec![0; parts.len()], amount);
    }
    let sign = if amount < 0 { -1 } else { 1 };
    let a = u128::from(amount.unsigned_abs());
    // Every party's floor and remainder; the remainder party last.
    let mut shares: Vec<(u128, u128, usize)> = parts.iter().enumerate().map(|(i, p)| (a * p.weight / total, a * p.weight % total, i)).collect();
    shares.push((a * rest_weight / total, a * rest_weight % total, parts.len()));
    let given: u128 = shares.iter().map(|s| s.0).sum();
    let mut left = a - given;
    // Largest remainder first; ties by name (the remainder party after every named one).
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&x, &y| {
        shares[y].1.cmp(&shares[x].1).then_with(|| match (x == parts.len(), y == parts.len()) {
            (true, false) => std::cmp::Ordering::Greater,
            (false, true) => std::cmp::Ordering::Less,
            _ => parts[x].name.cmp(&parts[y].name),
        })
    });
    for i in order {
        if left == 0 {
            break;
        }
        // Only a party with a remainder takes a cent (the remainder party without weight
        // never does).
        if shares[i].1 > 0 {
            shares[i].0 += 1;
            left -= 1;
        }
    }
    let cents = |v: u128| sign * v as i64;
    (shares[..parts.len()].iter().map(|s| cents(s.0)).collect(), cents(shares[parts.len()].0))
}

/// A service's costs over the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ServiceCost {
    #[ts(type = "number")]
    pub service_id: i64,
    pub service: String,
    pub direct: String,
    pub allocated: String,
    pub total: String,
    /// `total` in cents, for the statements built on the allocation.
    #[serde(skip)]
    #[ts(skip)]
    pub(crate) total_cents: i64,
}

/// One line of the explanation: what a pool gave a service (or left unallocated), and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Explanation {
    pub cost_pool: String,
    /// None: the part left unallocated.
    pub service: Option<String>,
    pub amount: String,
    /// "Hardware 12,400.00 × 3 of 7 CIs = 5,314.29".
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Allocation {
    pub currency: String,
    pub from: String,
    pub to: String,
    pub ledger_total: String,
    pub unallocated: String,
    pub services: Vec<ServiceCost>,
    pub explanation: Vec<Explanation>,
}

fn day(field: &str, text: &str) -> Result<String> {
    crate::validate::date(field, &Some(text.to_string()))?.ok_or_else(|| CoreError::validation(field, "Give the day (YYYY-MM-DD)."))
}

/// What the rules make of each pool's amount: each service's part, what is left
/// unallocated, and the explanation, line by line.
pub(crate) struct Spread {
    pub allocated: BTreeMap<i64, i64>,
    pub unallocated: i64,
    pub explanation: Vec<Explanation>,
}

/// Splits each pool's amount (cents by pool id) among services by the pools' rules.
pub(crate) fn spread(conn: &rusqlite::Connection, pooled: &BTreeMap<i64, i64>) -> Result<Spread> {
    let names: BTreeMap<i64, String> = conn.prepare_cached("SELECT id, name FROM services")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let pools: BTreeMap<i64, String> = conn.prepare_cached("SELECT id, name FROM cost_pools")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let rules: Vec<(i64, String, i64, Option<i64>, String)> = conn
        .prepare("SELECT cost_pool_id, method, service_id, share_ppm, driver FROM allocation_rules ORDER BY cost_pool_id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut allocated: BTreeMap<i64, i64> = BTreeMap::new();
    let mut unallocated: i64 = 0;
    let mut explanation: Vec<Explanation> = Vec::new();
    let name_of = |s: i64| names.get(&s).cloned().unwrap_or_default();
    for (&pool, &amount) in pooled {
        let pool_name = pools.get(&pool).cloned().unwrap_or_default();
        let mine: Vec<&(i64, String, i64, Option<i64>, String)> = rules.iter().filter(|r| r.0 == pool).collect();
        let say = |service: Option<String>, cents: i64, text: String| Explanation { cost_pool: pool_name.clone(), service, amount: money::decimal(cents), text };
        if mine.is_empty() {
            unallocated += amount;
            explanation.push(say(None, amount, format!("{pool_name} {} has no rule: unallocated", money::grouped(amount))));
            continue;
        }
        let method = AllocationMethod::parse(&mine[0].1).unwrap_or(AllocationMethod::Equal);
        // The services by name, so that ties fall in name order.
        let mut targets: Vec<(i64, String, u128)> = mine
            .iter()
            .map(|r| {
                let weight = match method {
                    AllocationMethod::Fixed | AllocationMethod::Usage => r.3.unwrap_or(0) as u128,
                    AllocationMethod::Equal => 1,
                    AllocationMethod::CiCount => crate::cis::cis_of_service(conn, r.2).map(|c| c.len() as u128).unwrap_or(0),
                };
                (r.2, name_of(r.2), weight)
            })
            .collect();
        targets.sort_by(|a, b| a.1.cmp(&b.1));
        let parts: Vec<Part> = targets.iter().map(|t| Part { name: t.1.clone(), weight: t.2 }).collect();
        let whole: u128 = match method {
            AllocationMethod::Fixed => u128::from(WHOLE),
            _ => parts.iter().map(|p| p.weight).sum(),
        };
        let (cents, rest) = split(amount, &parts, whole);
        for ((service, name, weight), c) in targets.iter().zip(&cents) {
            *allocated.entry(*service).or_default() += c;
            let how = match method {
                AllocationMethod::Fixed => format!("× {} %", money::micros_text(*weight as u64)),
                AllocationMethod::Equal => format!("÷ {} service{}", targets.len(), if targets.len() == 1 { "" } else { "s" }),
                AllocationMethod::CiCount => format!("× {weight} of {whole} CIs"),
                AllocationMethod::Usage => {
                    let driver = mine.iter().map(|r| r.4.as_str()).find(|d| !d.is_empty()).unwrap_or("units");
                    format!("× {} of {} {driver}", money::micros_text(*weight as u64), money::micros_text(whole as u64))
                }
            };
            explanation.push(say(Some(name.clone()), *c, format!("{pool_name} {} {how} = {}", money::grouped(amount), money::grouped(*c))));
        }
        if rest != 0 || whole == 0 {
            unallocated += rest;
            let why = match method {
                _ if whole != 0 => "what its shares leave",
                AllocationMethod::Usage => "no service used any of it",
                _ => "its services run on no CI",
            };
            explanation.push(say(None, rest, format!("{pool_name} {}: {why} = {} unallocated", money::grouped(amount), money::grouped(rest))));
        }
    }
    Ok(Spread { allocated, unallocated, explanation })
}

/// Allocates the ledger lines dated `from` through `to` (both included).
pub fn allocate(ws: &Workspace, from: &str, to: &str) -> Result<Allocation> {
    let (from, to) = (day("from", from)?, day("to", to)?);
    if to < from {
        return Err(CoreError::validation("to", "The period ends before it starts."));
    }
    let conn = ws.conn();
    let currency = super::SETTINGS.get(conn)?.currency;
    let names: BTreeMap<i64, String> = conn.prepare("SELECT id, name FROM services")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    // Both sums from the lines of the period, read once on the covering index.
    let mut direct: BTreeMap<i64, i64> = BTreeMap::new();
    let mut pooled: BTreeMap<i64, i64> = BTreeMap::new();
    let mut total: i64 = 0;
    {
        let mut stmt = conn.prepare("SELECT cost_pool_id, service_id, sum(amount_cents) FROM ledger_lines WHERE booked_on >= ?1 AND booked_on <= ?2 GROUP BY cost_pool_id, service_id")?;
        let mut rows = stmt.query(rusqlite::params![from, to])?;
        while let Some(r) = rows.next()? {
            let (pool, service, cents): (i64, Option<i64>, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
            total += cents;
            match service {
                Some(s) => *direct.entry(s).or_default() += cents,
                None => *pooled.entry(pool).or_default() += cents,
            }
        }
    }
    let Spread { allocated, unallocated, explanation } = spread(conn, &pooled)?;
    let name_of = |s: i64| names.get(&s).cloned().unwrap_or_default();
    let mut services: Vec<ServiceCost> = direct
        .keys()
        .chain(allocated.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|&s| {
            let (d, a) = (direct.get(&s).copied().unwrap_or(0), allocated.get(&s).copied().unwrap_or(0));
            ServiceCost { service_id: s, service: name_of(s), direct: money::decimal(d), allocated: money::decimal(a), total: money::decimal(d + a), total_cents: d + a }
        })
        .collect();
    services.sort_by(|a, b| a.service.cmp(&b.service));
    Ok(Allocation { currency, from, to, ledger_total: money::decimal(total), unallocated: money::decimal(unallocated), services, explanation })
}
