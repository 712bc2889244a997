//! Showback: what each consumer's use of the services cost over a period. A service's cost
//! (its allocation: direct plus allocated) is shared among the stakeholders that consume it
//! (relationship management's register) in proportion to the users each has; when one of
//! them has no user count, equally. Cents that do not divide go to the largest remainders
//! (ties: consumer name order), so the consumers' totals and what no one consumes add up to
//! the services' totals exactly. A consumer's cost per user is its total over its users.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::allocation::{allocate, split, Allocation, Part};
use crate::error::{CoreError, Result};
use crate::export::{write_workbook, ExportReport, Sheet};
use crate::money;
use crate::workspace::Workspace;

/// One service on a consumer's statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChargedService {
    #[ts(type = "number")]
    pub service_id: i64,
    pub service: String,
    /// The service's whole cost over the period.
    pub service_cost: String,
    /// How this consumer's part was reckoned ("640 of 935 users", "1 of 3 consumers").
    pub basis: String,
    pub charged: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ConsumerStatement {
    #[ts(type = "number")]
    pub stakeholder_id: i64,
    pub consumer: String,
    #[ts(type = "number | null")]
    pub users: Option<i64>,
    pub services: Vec<ChargedService>,
    pub total: String,
    /// The total over the users, to the cent (half up); none without users.
    pub per_user: Option<String>,
}

/// A service with a cost that no stakeholder consumes: nobody's statement carries it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct UnconsumedService {
    pub service: String,
    pub cost: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Showback {
    pub currency: String,
    pub from: String,
    pub to: String,
    pub consumers: Vec<ConsumerStatement>,
    pub unconsumed: Vec<UnconsumedService>,
    /// What the services cost in all (the allocation's total less what it left unallocated).
    pub services_total: String,
    pub unallocated: String,
}

struct Consumer {
    id: i64,
    name: String,
    users: Option<i64>,
}

/// Each consumer's statement for the period `from` through `to`.
pub fn showback(ws: &Workspace, from: &str, to: &str) -> Result<Showback> {
    statements(ws.conn(), allocate(ws, from, to)?)
}

/// The statements of an allocation already made (a service review reads it once for all).
pub(crate) fn statements(conn: &rusqlite::Connection, a: Allocation) -> Result<Showback> {
    let mut consumers_of: BTreeMap<i64, Vec<Consumer>> = BTreeMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT ss.service_id, st.id, coalesce(st.name, p.name, v.name), st.users FROM stakeholder_services ss JOIN stakeholders st ON st.id = ss.stakeholder_id
               LEFT JOIN people p ON p.id = st.person_id LEFT JOIN vendors v ON v.id = st.vendor_id
              WHERE ss.relation = 'consumes' ORDER BY 3, st.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            consumers_of.entry(r.get(0)?).or_default().push(Consumer { id: r.get(1)?, name: r.get(2)?, users: r.get(3)? });
        }
    }
    let mut statements: BTreeMap<i64, (String, Option<i64>, Vec<(ChargedService, i64)>)> = BTreeMap::new();
    let mut unconsumed = Vec::new();
    let mut services_total = 0i64;
    for s in &a.services {
        services_total += s.total_cents;
        let Some(consumers) = consumers_of.get(&s.service_id).filter(|c| !c.is_empty()) else {
            if s.total_cents != 0 {
                unconsumed.push(UnconsumedService { service: s.service.clone(), cost: s.total.clone() });
            }
            continue;
        };
        let by_users = consumers.iter().all(|c| c.users.is_some_and(|u| u > 0));
        let parts: Vec<Part> = consumers.iter().map(|c| Part { name: c.name.clone(), weight: if by_users { c.users.unwrap_or(0) as u128 } else { 1 } }).collect();
        let whole: u128 = parts.iter().map(|p| p.weight).sum();
        let (cents, _) = split(s.total_cents, &parts, whole);
        for ((c, part), charged) in consumers.iter().zip(&parts).zip(cents) {
            let basis = if by_users { format!("{} of {whole} users", part.weight) } else { format!("1 of {} consumer{}", consumers.len(), if consumers.len() == 1 { "" } else { "s" }) };
            statements.entry(c.id).or_insert_with(|| (c.name.clone(), c.users, Vec::new())).2.push((
                ChargedService { service_id: s.service_id, service: s.service.clone(), service_cost: s.total.clone(), basis, charged: money::decimal(charged) },
                charged,
            ));
        }
    }
    let mut consumers: Vec<ConsumerStatement> = statements
        .into_iter()
        .map(|(id, (consumer, users, lines))| {
            let total: i64 = lines.iter().map(|l| l.1).sum();
            let per_user = users.filter(|u| *u > 0).map(|u| money::decimal(div_half_up(total, u)));
            ConsumerStatement { stakeholder_id: id, consumer, users, services: lines.into_iter().map(|l| l.0).collect(), total: money::decimal(total), per_user }
        })
        .collect();
    consumers.sort_by(|x, y| x.consumer.cmp(&y.consumer));
    Ok(Showback { currency: a.currency, from: a.from, to: a.to, consumers, unconsumed, services_total: money::decimal(services_total), unallocated: a.unallocated })
}

/// `n / d` to the nearest whole, halves away from zero.
fn div_half_up(n: i64, d: i64) -> i64 {
    let q = (i128::from(n.abs()) * 2 + i128::from(d)) / (i128::from(d) * 2);
    (if n < 0 { -q } else { q }) as i64
}

/// One consumer's showback statement as a workbook: its services, what each cost and its
/// part of it, the total and the cost per user; and what the figures are.
pub fn export_statement(ws: &Workspace, from: &str, to: &str, stakeholder: i64, out: &Path) -> Result<ExportReport> {
    let s = showback(ws, from, to)?;
    let Some(c) = s.consumers.iter().find(|c| c.stakeholder_id == stakeholder) else {
        let known: Option<String> = rusqlite::OptionalExtension::optional(ws.conn().query_row("SELECT id FROM stakeholders WHERE id = ?1", [stakeholder], |r| r.get::<_, i64>(0)))?.map(|_| String::new());
        return Err(match known {
            Some(_) => CoreError::validation("stakeholder", "This stakeholder consumes no service that cost anything in the period: there is no statement to export."),
            None => CoreError::NotFound { kind: "Stakeholder", id: stakeholder.to_string() },
        });
    };
    let mut rows: Vec<Vec<String>> = c.services.iter().map(|l| vec![l.service.clone(), l.service_cost.clone(), l.basis.clone(), l.charged.clone()]).collect();
    rows.push(vec!["Total".into(), String::new(), String::new(), c.total.clone()]);
    if let Some(p) = &c.per_user {
        rows.push(vec!["Per user".into(), String::new(), format!("{} users", c.users.unwrap_or(0)), p.clone()]);
    }
    let about = vec![
        vec!["Consumer".into(), c.consumer.clone()],
        vec!["Period".into(), format!("{} to {}", s.from, s.to)],
        vec!["Currency".into(), s.currency.clone()],
        vec!["How".into(), "Each service's cost (direct and allocated from the cost pools) is shared among the stakeholders consuming it by their users, or equally when one has no user count; cents by largest remainder.".into()],
    ];
    write_workbook(ws, out, &[Sheet { name: "Statement", columns: &["Service", "Service cost", "Basis", "Charged"], rows }, Sheet { name: "About", columns: &["Item", "Value"], rows: about }])
}
