//! Value streams traced through linked records: from any incident, problem, change or
//! deployment, the stream it belongs to (incident → problem that caused it → change that
//! fixed that → deployment of the change → its review), each step with when it started
//! and ended and how long the stream waited before it; drawn as a timeline. And for a
//! service and period, the median hours of each step of "restore service" (waiting for a
//! first response, then to resolution) and of "deliver a change" (from logging to the
//! deployment starting, the deployment, then to the review).

use std::collections::{BTreeSet, VecDeque};

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::record::{RecordKind, RecordRef};
use crate::workspace::Workspace;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StreamStep {
    pub record: RecordRef,
    /// "Incident", "Problem", "Change", "Deployment", "Review".
    pub step: String,
    pub name: String,
    pub started_at: String,
    /// None: still open (the chart runs it to now).
    pub ended_at: Option<String>,
    /// Hours from the previous step's end to this one's start (none for the first, or when
    /// it started before the previous ended).
    pub waited_hours: Option<f64>,
    pub hours: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ValueStream {
    pub steps: Vec<StreamStep>,
    /// From the first step's start to the last step's end (or now).
    pub total_hours: f64,
}

fn at(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc))
}

fn hours(from: &str, to: &str) -> Option<f64> {
    Some(((at(to)? - at(from)?).num_seconds() as f64 / 360.0).round() / 10.0)
}

/// Every record of the stream `start` belongs to, found through the links and the
/// deployments' and reviews' changes.
fn members(conn: &Connection, start: RecordRef) -> Result<BTreeSet<(String, i64)>> {
    let mut seen: BTreeSet<(String, i64)> = BTreeSet::new();
    let mut queue = VecDeque::from([(start.kind.as_str().to_string(), start.id)]);
    while let Some((kind, id)) = queue.pop_front() {
        if !seen.insert((kind.clone(), id)) || seen.len() > 500 {
            continue;
        }
        let mut next: Vec<(String, i64)> = Vec::new();
        // incident —caused_by→ problem —fixed_by→ change, both ways.
        let mut stmt = conn.prepare_cached(
            "SELECT to_kind, to_id FROM links WHERE from_kind = ?1 AND from_id = ?2 AND ((from_kind = 'incident' AND link_type = 'caused_by' AND to_kind = 'problem') OR (from_kind = 'problem' AND link_type = 'fixed_by' AND to_kind = 'change'))
             UNION SELECT from_kind, from_id FROM links WHERE to_kind = ?1 AND to_id = ?2 AND ((from_kind = 'incident' AND link_type = 'caused_by' AND to_kind = 'problem') OR (from_kind = 'problem' AND link_type = 'fixed_by' AND to_kind = 'change'))",
        )?;
        for row in stmt.query_map(params![kind, id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            next.push(row?);
        }
        match kind.as_str() {
            "change" => {
                for d in conn.prepare_cached("SELECT id FROM deployments WHERE change_id = ?1")?.query_map([id], |r| r.get::<_, i64>(0))? {
                    next.push(("deployment".into(), d?));
                }
            }
            "deployment" => {
                if let Some(c) = conn.query_row("SELECT change_id FROM deployments WHERE id = ?1", [id], |r| r.get::<_, Option<i64>>(0)).optional()?.flatten() {
                    next.push(("change".into(), c));
                }
            }
            _ => {}
        }
        queue.extend(next.into_iter().filter(|n| !seen.contains(n)));
    }
    Ok(seen)
}

/// The stream `record` belongs to, its steps in time order.
pub fn trace(ws: &Workspace, record: RecordRef) -> Result<ValueStream> {
    if !matches!(record.kind, RecordKind::Incident | RecordKind::Problem | RecordKind::Change | RecordKind::Deployment) {
        return Err(CoreError::validation("record", "A value stream is traced from an incident, a problem, a change or a deployment."));
    }
    let conn = ws.conn();
    if crate::links::record_name(conn, record)?.is_none() {
        return Err(CoreError::NotFound { kind: record.kind.label(), id: record.id.to_string() });
    }
    let now = crate::time::to_text(ws.now());
    let mut steps: Vec<StreamStep> = Vec::new();
    for (kind, id) in members(conn, record)? {
        let row: Option<(String, String, Option<String>)> = match kind.as_str() {
            "incident" => conn.query_row("SELECT number || ' ' || title, opened_at, coalesce(resolved_at, closed_at) FROM incidents WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()?,
            "problem" => conn
                .query_row("SELECT number || ' ' || title, created_at, CASE WHEN state IN ('resolved', 'closed') THEN updated_at ELSE known_error_at END FROM problems WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?,
            "change" => conn
                .query_row("SELECT number || ' ' || title, created_at, CASE WHEN state IN ('closed', 'review', 'failed') THEN coalesce(planned_end, updated_at) END FROM changes WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?,
            "deployment" => conn
                .query_row("SELECT number || ' ' || application || ' ' || version, coalesce(started_at, deployed_at), deployed_at FROM deployments WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?,
            _ => None,
        };
        let Some((name, started, ended)) = row else { continue };
        let kind_ref = RecordKind::parse(&kind).unwrap_or(RecordKind::Incident);
        steps.push(StreamStep { record: RecordRef::new(kind_ref, id), step: kind_ref.label().to_string(), name, hours: hours(&started, ended.as_deref().unwrap_or(&now)), started_at: started, ended_at: ended, waited_hours: None });
        if kind == "change" {
            if let Some(reviewed) = conn.query_row("SELECT reviewed_at FROM change_reviews WHERE change_id = ?1", [id], |r| r.get::<_, String>(0)).optional()? {
                steps.push(StreamStep { record: RecordRef::new(RecordKind::Change, id), step: "Review".into(), name: "Post-implementation review".into(), started_at: reviewed.clone(), ended_at: Some(reviewed), waited_hours: None, hours: Some(0.0) });
            }
        }
    }
    steps.sort_by(|a, b| a.started_at.cmp(&b.started_at).then(a.step.cmp(&b.step)));
    for i in 1..steps.len() {
        let before = steps[i - 1].ended_at.clone().unwrap_or_else(|| now.clone());
        steps[i].waited_hours = hours(&before, &steps[i].started_at).filter(|h| *h > 0.0);
    }
    let total_hours = match (steps.first(), steps.iter().map(|s| s.ended_at.clone().unwrap_or_else(|| now.clone())).max()) {
        (Some(first), Some(last)) => hours(&first.started_at, &last).unwrap_or(0.0),
        _ => 0.0,
    };
    Ok(ValueStream { steps, total_hours })
}

/// The stream as a timeline chart.
pub fn stream_chart(ws: &Workspace, record: RecordRef, theme: crate::charts::Theme) -> Result<String> {
    let s = trace(ws, record)?;
    crate::charts::stream_timeline::render(&s, ws.now(), theme)
}

/// The median hours of each step of the two streams, for a service and period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StepMedian {
    pub stream: String,
    pub step: String,
    #[ts(type = "number")]
    pub records: u64,
    pub median_hours: Option<f64>,
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let m = v.len() / 2;
    let x = if v.len() % 2 == 1 { v[m] } else { (v[m - 1] + v[m]) / 2.0 };
    Some((x * 10.0).round() / 10.0)
}

/// For `service` (or every one) and the days `from` through `to` (UTC): restore service
/// over the incidents resolved then, deliver a change over the deployments made then.
pub fn step_medians(ws: &Workspace, service: Option<i64>, from: &str, to: &str) -> Result<Vec<StepMedian>> {
    let conn = ws.conn();
    let day = |f: &str, d: &str| crate::validate::date(f, &Some(d.to_string()))?.ok_or_else(|| CoreError::validation(f, "Give the day (YYYY-MM-DD)."));
    let (from, to) = (day("from", from)?, day("to", to)?);
    let end = chrono::NaiveDate::parse_from_str(&to, "%Y-%m-%d").map(|d| d.succ_opt().unwrap_or(d).format("%Y-%m-%d").to_string()).unwrap_or(to.clone());
    let pairs = |sql: &str| -> Result<Vec<(Option<String>, Option<String>, Option<String>, Option<String>)>> {
        Ok(conn.prepare(sql)?.query_map(params![service, from, end], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<rusqlite::Result<_>>()?)
    };
    let span = |a: &Option<String>, b: &Option<String>| -> Option<f64> { hours(a.as_deref()?, b.as_deref()?).filter(|h| *h >= 0.0) };
    let incidents = pairs("SELECT opened_at, first_response_at, resolved_at, NULL FROM incidents WHERE (?1 IS NULL OR service_id = ?1) AND resolved_at >= ?2 AND resolved_at < ?3")?;
    let deployments = pairs(
        "SELECT c.created_at, coalesce(d.started_at, d.deployed_at), d.deployed_at, r.reviewed_at FROM deployments d JOIN changes c ON c.id = d.change_id LEFT JOIN change_reviews r ON r.change_id = c.id
          WHERE (?1 IS NULL OR d.service_id = ?1) AND d.deployed_at >= ?2 AND d.deployed_at < ?3",
    )?;
    let step = |stream: &str, step: &str, v: Vec<f64>| StepMedian { stream: stream.into(), step: step.into(), records: v.len() as u64, median_hours: median(v) };
    Ok(vec![
        step("Restore service", "Waiting for a first response", incidents.iter().filter_map(|r| span(&r.0, &r.1)).collect()),
        step("Restore service", "First response to resolution", incidents.iter().filter_map(|r| span(&r.1, &r.2)).collect()),
        step("Restore service", "Opened to resolved", incidents.iter().filter_map(|r| span(&r.0, &r.2)).collect()),
        step("Deliver a change", "Logged to deployment start", deployments.iter().filter_map(|r| span(&r.0, &r.1)).collect()),
        step("Deliver a change", "Deployment", deployments.iter().filter_map(|r| span(&r.1, &r.2)).collect()),
        step("Deliver a change", "Deployed to review", deployments.iter().filter_map(|r| span(&r.2, &r.3)).collect()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incidents::{log_incident, IncidentInput};
    use crate::links::{create_link, LinkType, NewLink};

    /// An incident caused by a problem that a change fixed: the stream from any of the three
    /// is the same, in time order, with the waits between the steps.
    #[test]
    fn a_stream_is_traced_from_any_of_its_records_in_time_order() {
        let (_d, ws) = crate::testing::ws_at("Vera Value", "2026-12-01T09:00:00Z");
        let inc = log_incident(&ws, &IncidentInput { title: "Labels fail".into(), impact: 2, urgency: 2, ..Default::default() }).unwrap().id.0;
        let mut ws = ws;
        ws.set_clock(crate::time::Clock::at("2026-12-01T15:00:00Z").unwrap());
        let problem = crate::problems::create_problem(&ws, &crate::problems::ProblemInput { title: "Printer driver leak".into(), ..Default::default() }, &[inc]).unwrap().id.0;
        ws.set_clock(crate::time::Clock::at("2026-12-02T09:00:00Z").unwrap());
        let change = crate::changes::create_change(&ws, &crate::changes::ChangeInput { title: "Upgrade the driver".into(), change_type: crate::changes::ChangeType::Normal, ..Default::default() }).unwrap().id.0;
        create_link(&ws, &NewLink { from: RecordRef::new(RecordKind::Problem, problem), link_type: LinkType::FixedBy, to: RecordRef::new(RecordKind::Change, change) }).unwrap();
        ws.set_clock(crate::time::Clock::at("2026-12-03T09:00:00Z").unwrap());
        let from_change = trace(&ws, RecordRef::new(RecordKind::Change, change)).unwrap();
        let from_incident = trace(&ws, RecordRef::new(RecordKind::Incident, inc)).unwrap();
        assert_eq!(from_change, from_incident);
        assert_eq!(from_change.steps.iter().map(|s| s.step.as_str()).collect::<Vec<_>>(), ["Incident", "Problem", "Change"]);
        assert_eq!(from_change.steps[1].waited_hours, None, "the problem was logged while the incident was open");
        assert_eq!(from_change.total_hours, 48.0, "from the incident's opening to now");
        let svg = stream_chart(&ws, RecordRef::new(RecordKind::Problem, problem), crate::charts::Theme::Light).unwrap();
        assert!(svg.contains("Printer driver") && svg.contains("<rect"), "{svg}");
        assert_eq!(trace(&ws, RecordRef::new(RecordKind::Service, 1)).unwrap_err().field(), Some("record"));
        assert!(trace(&ws, RecordRef::new(RecordKind::Incident, 999)).is_err());
        // Medians: one incident, not resolved: nothing to measure, no figure made up.
        let m = step_medians(&ws, None, "2026-12-01", "2026-12-31").unwrap();
        assert!(m.iter().all(|s| s.records == 0 && s.median_hours.is_none()));
        assert_eq!(median(vec![3.0, 1.0, 2.0, 10.0]), Some(2.5));
    }
}
