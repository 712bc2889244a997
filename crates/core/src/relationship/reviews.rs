//! Service reviews: a review of one service over a period (a quarter, a month) that gathers
//! Steward's own figures for it, computed from the records whenever the review is read
//! (service levels, incidents, requests, changes, problems, satisfaction, cost and each
//! consumer's part of it), with what was discussed and decided and the actions agreed; an
//! action can become an improvement initiative. A review is saved as a workbook.
//!
//! The period is whole days, `from` through `to`, in UTC as the service level reports read
//! them: a record counts when it opened (or its clock stopped) within them.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::export::{write_workbook, ExportReport, Sheet};
use crate::improvement::{InitiativeId, InitiativeInput};
use crate::links::{LinkType, NewLink};
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Tx, Workspace};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct ReviewId(pub i64);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ServiceReview {
    pub id: ReviewId,
    #[ts(type = "number")]
    pub service_id: i64,
    pub service: String,
    pub period_from: String,
    pub period_to: String,
    pub held_on: Option<String>,
    pub discussion: String,
    pub decisions: String,
    /// Actions agreed, and how many of them are now initiatives.
    pub actions: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReviewAction {
    #[ts(type = "number")]
    pub id: i64,
    pub text: String,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub due_on: Option<String>,
    /// The improvement initiative it became.
    #[ts(type = "number | null")]
    pub initiative_id: Option<i64>,
    pub initiative: Option<String>,
}

/// A consumer's part of the service's cost over the period (showback).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ConsumerShare {
    pub consumer: String,
    pub basis: String,
    pub charged: String,
}

/// What the records say about the service over the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReviewFigures {
    /// Clocks of the service's incidents and requests that stopped in the period.
    pub sla_measured: u64,
    pub sla_met: u64,
    pub sla_breached: u64,
    pub sla_compliance_pct: Option<f64>,
    pub incidents: u64,
    pub major_incidents: u64,
    /// What the major incidents of the period cost (hours × rate as entered on them).
    pub major_incident_cost: String,
    pub incidents_resolved: u64,
    pub requests: u64,
    /// Changes to the service or its CIs planned to start in the period.
    pub changes: u64,
    pub changes_successful: u64,
    pub changes_failed: u64,
    pub change_success_pct: Option<f64>,
    /// Problems about the service (or behind its incidents) logged in the period, and those
    /// still open now.
    pub problems_opened: u64,
    pub problems_open: u64,
    pub survey_responses: u64,
    pub csat_pct: Option<f64>,
    pub nps: Option<f64>,
    pub currency: String,
    /// Its cost over the period (direct and allocated), none when the ledger has nothing.
    pub cost: Option<String>,
    /// What its CIs cost to run over the period by the CMDB's monthly costs (its share of
    /// each), and the two together.
    pub ci_run_cost: String,
    pub cost_with_cis: String,
    pub cost_per_consumer: Vec<ConsumerShare>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReviewDetail {
    pub review: ServiceReview,
    pub figures: ReviewFigures,
    pub actions: Vec<ReviewAction>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ServiceReviewInput {
    #[ts(type = "number")]
    pub service_id: i64,
    pub period_from: String,
    pub period_to: String,
    #[serde(default)]
    pub held_on: Option<String>,
    #[serde(default)]
    pub discussion: String,
    #[serde(default)]
    pub decisions: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReviewActionInput {
    pub text: String,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    #[serde(default)]
    pub due_on: Option<String>,
}

const SELECT: &str = "r.id, r.service_id, s.name, r.period_from, r.period_to, r.held_on, r.discussion, r.decisions, (SELECT count(*) FROM review_actions a WHERE a.review_id = r.id)";
const FROM: &str = "service_reviews r JOIN services s ON s.id = r.service_id";

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<ServiceReview> {
    Ok(ServiceReview {
        id: ReviewId(r.get(0)?),
        service_id: r.get(1)?,
        service: r.get(2)?,
        period_from: r.get(3)?,
        period_to: r.get(4)?,
        held_on: r.get(5)?,
        discussion: r.get(6)?,
        decisions: r.get(7)?,
        actions: r.get(8)?,
    })
}

fn fetch(conn: &Connection, id: ReviewId) -> Result<ServiceReview> {
    conn.query_row(&format!("SELECT {SELECT} FROM {FROM} WHERE r.id = ?1"), [id.0], map)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Service review", id: id.0.to_string() })
}

/// The reviews of a service (or of every service), the latest period first. Reviews are a
/// few a year per service: the list is whole.
pub fn list_reviews(ws: &Workspace, service: Option<i64>) -> Result<Vec<ServiceReview>> {
    Ok(ws
        .conn()
        .prepare(&format!("SELECT {SELECT} FROM {FROM} WHERE ?1 IS NULL OR r.service_id = ?1 ORDER BY r.period_to DESC, s.name, r.id"))?
        .query_map([service], map)?
        .collect::<rusqlite::Result<_>>()?)
}

fn actions_of(conn: &Connection, id: ReviewId) -> Result<Vec<ReviewAction>> {
    Ok(conn
        .prepare_cached(
            "SELECT a.id, a.text, a.owner_id, p.name, a.due_on, a.initiative_id, i.number || ' ' || i.title FROM review_actions a
               LEFT JOIN people p ON p.id = a.owner_id LEFT JOIN initiatives i ON i.id = a.initiative_id WHERE a.review_id = ?1 ORDER BY a.id",
        )?
        .query_map([id.0], |r| Ok(ReviewAction { id: r.get(0)?, text: r.get(1)?, owner_id: r.get(2)?, owner: r.get(3)?, due_on: r.get(4)?, initiative_id: r.get(5)?, initiative: r.get(6)? }))?
        .collect::<rusqlite::Result<_>>()?)
}

fn pct(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

/// The day after `to`, the period's exclusive end as stored instants compare.
fn after(to: &str) -> Result<String> {
    let d = chrono::NaiveDate::parse_from_str(to, "%Y-%m-%d").map_err(|_| CoreError::validation("period_to", format!("\"{to}\" is not a date (YYYY-MM-DD).")))?;
    Ok(d.succ_opt().unwrap_or(d).format("%Y-%m-%d").to_string())
}

/// The figures of `service` from `from` through `to` (dates, both included).
pub fn figures(ws: &Workspace, service: i64, from: &str, to: &str) -> Result<ReviewFigures> {
    let conn = ws.conn();
    let end = after(to)?;
    let count = |sql: &str| -> Result<u64> { Ok(conn.query_row(sql, params![service, from, end], |r| r.get(0))?) };
    let (sla_measured, sla_met, sla_breached): (u64, u64, u64) = conn.query_row(
        "SELECT count(*), count(CASE WHEN c.state = 'met' THEN 1 END), count(CASE WHEN c.state = 'breached' THEN 1 END)
           FROM sla_clocks c LEFT JOIN incidents i ON c.record_kind = 'incident' AND i.id = c.record_id LEFT JOIN requests q ON c.record_kind = 'request' AND q.id = c.record_id
          WHERE coalesce(i.service_id, q.service_id) = ?1 AND c.stopped_at >= ?2 AND c.stopped_at < ?3",
        params![service, from, end],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let (incidents, major_incidents, incidents_resolved): (u64, u64, u64) = conn.query_row(
        "SELECT count(*), count(CASE WHEN major = 1 THEN 1 END), count(CASE WHEN state IN ('resolved', 'closed') THEN 1 END) FROM incidents WHERE service_id = ?1 AND opened_at >= ?2 AND opened_at < ?3",
        params![service, from, end],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let major_incident_cost = crate::money::decimal(crate::incidents::costs::cost_of(
        conn,
        "SELECT id FROM incidents WHERE service_id = ?1 AND major = 1 AND opened_at >= ?2 AND opened_at < ?3",
        params![service, from, end],
    )?);
    let requests = count("SELECT count(*) FROM requests WHERE service_id = ?1 AND opened_at >= ?2 AND opened_at < ?3")?;
    // The service's changes: those that name it, and those on the CIs it runs on.
    let cis = crate::cis::cis_of_service(conn, service)?;
    let cis_json = serde_json::to_string(&cis).unwrap_or_else(|_| "[]".into());
    let (changes, changes_successful, changes_failed): (u64, u64, u64) = conn.query_row(
        "SELECT count(*), count(CASE WHEN outcome = 'successful' THEN 1 END), count(CASE WHEN outcome = 'failed' OR state = 'failed' THEN 1 END) FROM changes c
          WHERE c.planned_start >= ?2 AND c.planned_start < ?3
            AND (EXISTS (SELECT 1 FROM links l WHERE l.from_kind = 'change' AND l.from_id = c.id AND l.link_type = 'affects' AND l.to_kind = 'service' AND l.to_id = ?1)
              OR EXISTS (SELECT 1 FROM change_cis x WHERE x.change_id = c.id AND x.ci_id IN (SELECT value FROM json_each(?4))))",
        params![service, from, end, cis_json],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    const PROBLEMS: &str = "problems p WHERE (EXISTS (SELECT 1 FROM links l WHERE l.from_kind = 'problem' AND l.from_id = p.id AND l.link_type = 'affects' AND l.to_kind = 'service' AND l.to_id = ?1)
        OR EXISTS (SELECT 1 FROM links l JOIN incidents i ON i.id = l.from_id WHERE l.from_kind = 'incident' AND l.link_type = 'caused_by' AND l.to_kind = 'problem' AND l.to_id = p.id AND i.service_id = ?1))";
    let problems_opened = count(&format!("SELECT count(*) FROM {PROBLEMS} AND p.created_at >= ?2 AND p.created_at < ?3"))?;
    let problems_open: u64 = conn.query_row(&format!("SELECT count(*) FROM {PROBLEMS} AND p.state NOT IN ('resolved', 'closed')"), [service], |r| r.get(0))?;
    let (survey_responses, ca, cg, na, pr, de): (u64, i64, i64, i64, i64, i64) = conn.query_row(
        "SELECT coalesce(sum(responses), 0), coalesce(sum(csat_answers), 0), coalesce(sum(csat_good), 0), coalesce(sum(nps_answers), 0), coalesce(sum(promoters), 0), coalesce(sum(detractors), 0)
           FROM satisfaction_days WHERE service_id = ?1 AND day >= ?2 AND day <= ?3",
        params![service, from, to],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
    )?;
    let (csat_pct, nps) = super::satisfaction::figures(ca, cg, na, pr, de);
    // The period's allocation, made once: its cost, the CIs' beside it, the consumers' parts.
    let allocation = crate::finance::allocation::allocate(ws, from, to)?;
    let cost = allocation.services.iter().find(|s| s.service_id == service).map(|s| s.total.clone());
    let costs = crate::finance::run_costs::of_allocation(ws, &allocation)?.with_ledger.into_iter().find(|s| s.service_id == service);
    let showback = crate::finance::showback::statements(conn, allocation)?;
    let (ci_run_cost, cost_with_cis) = costs.map(|c| (c.cis, c.total)).unwrap_or_else(|| ("0.00".into(), "0.00".into()));
    let cost_per_consumer = showback
        .consumers
        .iter()
        .filter_map(|c| c.services.iter().find(|l| l.service_id == service).map(|l| ConsumerShare { consumer: c.consumer.clone(), basis: l.basis.clone(), charged: l.charged.clone() }))
        .collect();
    Ok(ReviewFigures {
        sla_measured,
        sla_met,
        sla_breached,
        sla_compliance_pct: pct(sla_met, sla_measured),
        incidents,
        major_incidents,
        major_incident_cost,
        incidents_resolved,
        requests,
        changes,
        changes_successful,
        changes_failed,
        change_success_pct: pct(changes_successful, changes_successful + changes_failed),
        problems_opened,
        problems_open,
        survey_responses,
        csat_pct,
        nps,
        currency: showback.currency,
        cost,
        ci_run_cost,
        cost_with_cis,
        cost_per_consumer,
    })
}

pub fn get_review(ws: &Workspace, id: ReviewId) -> Result<ReviewDetail> {
    let review = fetch(ws.conn(), id)?;
    Ok(ReviewDetail { figures: figures(ws, review.service_id, &review.period_from, &review.period_to)?, actions: actions_of(ws.conn(), id)?, review })
}

struct Checked {
    from: String,
    to: String,
    held_on: Option<String>,
    discussion: String,
    decisions: String,
}

fn check(conn: &Connection, input: &ServiceReviewInput, except: Option<ReviewId>) -> Result<Checked> {
    validate::exists(conn, "services", Some(input.service_id), "service_id", "service")?;
    let from = validate::date("period_from", &Some(input.period_from.clone()))?.ok_or_else(|| CoreError::validation("period_from", "Give the first day of the period reviewed."))?;
    let to = validate::date("period_to", &Some(input.period_to.clone()))?.ok_or_else(|| CoreError::validation("period_to", "Give the last day of the period reviewed."))?;
    if to < from {
        return Err(CoreError::validation("period_to", "The period ends before it starts."));
    }
    let clash: Option<i64> = conn
        .query_row("SELECT id FROM service_reviews WHERE service_id = ?1 AND period_from = ?2 AND period_to = ?3 AND id IS NOT ?4", params![input.service_id, from, to, except.map(|e| e.0)], |r| r.get(0))
        .optional()?;
    if clash.is_some() {
        return Err(CoreError::validation("period_from", "This service already has a review of this period: open it instead."));
    }
    Ok(Checked {
        from,
        to,
        held_on: validate::date("held_on", &input.held_on)?,
        discussion: validate::text("discussion", &input.discussion, 50_000)?,
        decisions: validate::text("decisions", &input.decisions, 50_000)?,
    })
}

pub(crate) fn create_in(tx: &Tx<'_>, input: &ServiceReviewInput) -> Result<ReviewId> {
    let c = check(tx, input, None)?;
    tx.execute(
        "INSERT INTO service_reviews (service_id, period_from, period_to, held_on, discussion, decisions, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![input.service_id, c.from, c.to, c.held_on, c.discussion, c.decisions, tx.at()],
    )?;
    let id = ReviewId(tx.last_insert_rowid());
    tx.audit(Action::created("service_review.created"), RecordRef::new(RecordKind::ServiceReview, id.0), serde_json::json!({"service_id": input.service_id, "from": c.from, "to": c.to}))?;
    Ok(id)
}

pub fn create_review(ws: &Workspace, input: &ServiceReviewInput) -> Result<ReviewDetail> {
    let id = ws.write(|tx| create_in(tx, input))?;
    get_review(ws, id)
}

pub fn update_review(ws: &Workspace, id: ReviewId, input: &ServiceReviewInput) -> Result<ReviewDetail> {
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        let c = check(tx, input, Some(id))?;
        tx.execute(
            "UPDATE service_reviews SET service_id = ?2, period_from = ?3, period_to = ?4, held_on = ?5, discussion = ?6, decisions = ?7, updated_at = ?8 WHERE id = ?1",
            params![id.0, input.service_id, c.from, c.to, c.held_on, c.discussion, c.decisions, tx.at()],
        )?;
        let json = |r: &ServiceReview| serde_json::json!({"service": r.service, "from": r.period_from, "to": r.period_to, "held_on": r.held_on, "discussion": r.discussion, "decisions": r.decisions});
        let changes = validate::diff(&json(&before), &json(&fetch(tx, id)?));
        if changes.as_object().is_some_and(|c| !c.is_empty()) {
            tx.audit(Action::did("service_review.updated"), RecordRef::new(RecordKind::ServiceReview, id.0), changes)?;
        }
        Ok(())
    })?;
    get_review(ws, id)
}

pub(crate) fn add_action_in(tx: &Tx<'_>, review: ReviewId, input: &ReviewActionInput) -> Result<i64> {
    fetch(tx, review)?;
    let text = validate::text("text", &input.text, 5_000)?;
    if text.is_empty() {
        return Err(CoreError::validation("text", "Say what is to be done."));
    }
    validate::exists(tx, "people", input.owner_id, "owner_id", "person")?;
    let due = validate::date("due_on", &input.due_on)?;
    tx.execute("INSERT INTO review_actions (review_id, text, owner_id, due_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5)", params![review.0, text, input.owner_id, due, tx.at()])?;
    let id = tx.last_insert_rowid();
    tx.audit(Action::did("service_review.action_added"), RecordRef::new(RecordKind::ServiceReview, review.0), serde_json::json!({"action": id, "text": text, "due_on": due}))?;
    Ok(id)
}

pub fn add_action(ws: &Workspace, review: ReviewId, input: &ReviewActionInput) -> Result<ReviewDetail> {
    ws.write(|tx| add_action_in(tx, review, input))?;
    get_review(ws, review)
}

/// Makes an action an improvement initiative (proposed, owned and due as the action, about
/// the review's service); once only.
pub fn action_to_initiative(ws: &Workspace, review: ReviewId, action: i64) -> Result<ReviewDetail> {
    ws.write(|tx| {
        let r = fetch(tx, review)?;
        let a = actions_of(tx, review)?.into_iter().find(|a| a.id == action).ok_or_else(|| CoreError::NotFound { kind: "Review action", id: action.to_string() })?;
        if let Some(i) = a.initiative {
            return Err(CoreError::Conflict(format!("This action is already initiative {i}.")));
        }
        let title: String = a.text.lines().next().unwrap_or_default().chars().take(200).collect();
        let input = InitiativeInput {
            title,
            description: format!("Agreed at the service review of {} ({} to {}):\n{}", r.service, r.period_from, r.period_to, a.text),
            owner_id: a.owner_id,
            value: 3,
            effort: 3,
            practices: vec!["Service level management".into()],
            due_on: a.due_on.clone(),
        };
        let InitiativeId(initiative) = crate::improvement::create_in(tx, &input)?;
        crate::links::ensure_in(tx, &NewLink { from: RecordRef::new(RecordKind::Initiative, initiative), link_type: LinkType::Affects, to: RecordRef::new(RecordKind::Service, r.service_id) })?;
        tx.execute("UPDATE review_actions SET initiative_id = ?2 WHERE id = ?1", params![action, initiative])?;
        tx.audit(Action::did("service_review.action_raised"), RecordRef::new(RecordKind::ServiceReview, review.0), serde_json::json!({"action": action, "initiative": initiative}))
    })?;
    get_review(ws, review)
}

fn opt(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1}")).unwrap_or_else(|| "—".into())
}

/// The review as a workbook: its figures, the discussion and decisions, and the actions.
pub fn export_review(ws: &Workspace, id: ReviewId, out: &Path) -> Result<ExportReport> {
    let d = get_review(ws, id)?;
    let (r, f) = (&d.review, &d.figures);
    let row = |k: &str, v: String| vec![k.to_string(), v];
    let mut figures = vec![
        row("Service", r.service.clone()),
        row("Period", format!("{} to {}", r.period_from, r.period_to)),
        row("Held on", r.held_on.clone().unwrap_or_default()),
        row("SLA clocks measured", f.sla_measured.to_string()),
        row("SLA met", f.sla_met.to_string()),
        row("SLA breached", f.sla_breached.to_string()),
        row("SLA compliance %", opt(f.sla_compliance_pct)),
        row("Incidents", f.incidents.to_string()),
        row("Major incidents", f.major_incidents.to_string()),
        row("Major incidents' cost", f.major_incident_cost.clone()),
        row("Incidents resolved", f.incidents_resolved.to_string()),
        row("Service requests", f.requests.to_string()),
        row("Changes", f.changes.to_string()),
        row("Changes successful", f.changes_successful.to_string()),
        row("Changes failed", f.changes_failed.to_string()),
        row("Change success %", opt(f.change_success_pct)),
        row("Problems logged", f.problems_opened.to_string()),
        row("Problems open now", f.problems_open.to_string()),
        row("Survey responses", f.survey_responses.to_string()),
        row("CSAT %", opt(f.csat_pct)),
        row("NPS", opt(f.nps)),
        row(&format!("Cost from the ledger ({})", f.currency), f.cost.clone().unwrap_or_else(|| "—".into())),
        row("Run cost of its CIs (CMDB)", f.ci_run_cost.clone()),
        row("Cost with its CIs", f.cost_with_cis.clone()),
    ];
    for c in &f.cost_per_consumer {
        figures.push(row(&format!("Cost: {}", c.consumer), format!("{} ({})", c.charged, c.basis)));
    }
    let notes = vec![row("Discussion", r.discussion.clone()), row("Decisions", r.decisions.clone())];
    let actions = d
        .actions
        .iter()
        .map(|a| vec![a.text.clone(), a.owner.clone().unwrap_or_default(), a.due_on.clone().unwrap_or_default(), a.initiative.clone().unwrap_or_default()])
        .collect();
    write_workbook(ws, out, &[
        Sheet { name: "Figures", columns: &["Figure", "Value"], rows: figures },
        Sheet { name: "Discussion", columns: &["Item", "Text"], rows: notes },
        Sheet { name: "Actions", columns: &["Action", "Owner", "Due", "Initiative"], rows: actions },
    ])
}
