//! What a major incident cost: lines of hours at a rate (the responders' time, the hours a
//! team could not work, an outside firm's), each hours × rate to the cent, half up; the
//! total in the workspace's currency shows on the incident's page and in its service's
//! review.

use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::IncidentId;
use crate::error::{CoreError, Result};
use crate::money;
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Workspace};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CostLine {
    #[ts(type = "number")]
    pub id: i64,
    pub what: String,
    /// Hours as typed back ("12.5").
    pub hours: String,
    /// The rate an hour ("85.00").
    pub rate: String,
    /// Hours × rate ("1062.50").
    pub amount: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct IncidentCost {
    pub currency: String,
    pub lines: Vec<CostLine>,
    pub total: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CostLineInput {
    pub what: String,
    pub hours: String,
    pub rate: String,
}

/// The incident's cost lines and their total (none: 0.00).
pub fn incident_cost(ws: &Workspace, id: IncidentId) -> Result<IncidentCost> {
    let conn = ws.conn();
    super::fetch(conn, id)?;
    let rows: Vec<(i64, String, i64, i64)> = conn
        .prepare_cached("SELECT id, what, hours_micros, rate_cents FROM incident_costs WHERE incident_id = ?1 ORDER BY id")?
        .query_map([id.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut total = 0i64;
    let lines = rows
        .into_iter()
        .map(|(line, what, hours, rate)| {
            let amount = money::convert(rate, hours as u64);
            total += amount;
            CostLine { id: line, what, hours: money::micros_text(hours as u64), rate: money::decimal(rate), amount: money::decimal(amount) }
        })
        .collect();
    Ok(IncidentCost { currency: crate::finance::finance_settings(ws)?.currency, lines, total: money::decimal(total) })
}

/// The summed cost of a set of incidents, in cents (`sql` selects their ids).
pub(crate) fn cost_of(conn: &rusqlite::Connection, ids_sql: &str, p: impl rusqlite::Params) -> Result<i64> {
    let rows: Vec<(i64, i64)> = conn
        .prepare(&format!("SELECT hours_micros, rate_cents FROM incident_costs WHERE incident_id IN ({ids_sql})"))?
        .query_map(p, |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows.into_iter().map(|(h, r)| money::convert(r, h as u64)).sum())
}

pub fn add_cost_line(ws: &Workspace, id: IncidentId, input: &CostLineInput) -> Result<IncidentCost> {
    let what = validate::name("what", &input.what, 200)?;
    let hours = money::parse_micros("hours", &input.hours)?;
    if hours == 0 {
        return Err(CoreError::validation("hours", "Give the hours spent (more than 0)."));
    }
    let rate = money::typed_cents("rate", &input.rate)?;
    ws.write(|tx| {
        super::fetch(tx, id)?;
        tx.execute("INSERT INTO incident_costs (incident_id, what, hours_micros, rate_cents, created_at) VALUES (?1, ?2, ?3, ?4, ?5)", params![id.0, what, hours as i64, rate, tx.at()])?;
        tx.audit(Action::did("incident.cost_added"), RecordRef::new(RecordKind::Incident, id.0), serde_json::json!({"what": what, "hours": money::micros_text(hours), "rate": money::decimal(rate)}))
    })?;
    incident_cost(ws, id)
}

pub fn remove_cost_line(ws: &Workspace, id: IncidentId, line: i64) -> Result<IncidentCost> {
    ws.write(|tx| {
        let what: String = rusqlite::OptionalExtension::optional(tx.query_row("SELECT what FROM incident_costs WHERE id = ?1 AND incident_id = ?2", params![line, id.0], |r| r.get(0)))?
            .ok_or_else(|| CoreError::NotFound { kind: "Cost line", id: line.to_string() })?;
        tx.execute("DELETE FROM incident_costs WHERE id = ?1", [line])?;
        tx.audit(Action::did("incident.cost_removed"), RecordRef::new(RecordKind::Incident, id.0), serde_json::json!({"what": what}))
    })?;
    incident_cost(ws, id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incidents::{log_incident, IncidentInput};

    /// By hand: 12.5 hours at 85.00 = 1,062.50; 3.333 hours at 100.00 = 333.30; 0.005 hours
    /// at 1.00 = 0.005 → 0.01 (half up). Total 1,395.81.
    #[test]
    fn a_major_incidents_cost_is_hours_times_rate_to_the_cent() {
        let (_d, ws) = crate::testing::ws("Ines Incident");
        let i = log_incident(&ws, &IncidentInput { title: "Portal down".into(), impact: 1, urgency: 1, major: true, ..Default::default() }).unwrap().id;
        let line = |what: &str, hours: &str, rate: &str| CostLineInput { what: what.into(), hours: hours.into(), rate: rate.into() };
        add_cost_line(&ws, i, &line("Responders", "12.5", "85")).unwrap();
        add_cost_line(&ws, i, &line("Vendor call-out", "3.333", "100.00")).unwrap();
        let c = add_cost_line(&ws, i, &line("Rounding", "0.005", "1")).unwrap();
        assert_eq!(c.lines.iter().map(|l| l.amount.as_str()).collect::<Vec<_>>(), ["1062.50", "333.30", "0.01"]);
        assert_eq!((c.total.as_str(), c.currency.as_str()), ("1395.81", "EUR"));
        assert_eq!(c.lines[0].hours, "12.5");
        for (bad, field) in [(line("", "1", "1"), "what"), (line("x", "0", "1"), "hours"), (line("x", "1,5", "1"), "hours"), (line("x", "1", "-5"), "rate"), (line("x", "1", "1.005"), "rate")] {
            assert_eq!(add_cost_line(&ws, i, &bad).unwrap_err().field(), Some(field));
        }
        let after = remove_cost_line(&ws, i, c.lines[2].id).unwrap();
        assert_eq!(after.total, "1395.80");
        assert!(remove_cost_line(&ws, i, 9999).is_err());
        assert_eq!(cost_of(ws.conn(), "SELECT ?1", [i.0]).unwrap(), 139_580);
    }
}
