//! The home page's summary of a workspace across practices.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::workspace::{AuditEntry, Workspace};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Count {
    pub key: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Summary {
    pub services: i64,
    pub services_by_status: Vec<Count>,
    pub services_by_criticality: Vec<Count>,
    pub cis: i64,
    pub cis_by_type: Vec<Count>,
    pub cis_by_environment: Vec<Count>,
    pub links: i64,
    pub people: i64,
    pub groups: i64,
    pub vendors: i64,
    pub audit_entries: i64,
    pub incidents: i64,
    /// New, in progress or on hold.
    pub open_incidents: i64,
    pub articles: i64,
    pub requests: i64,
    /// New, awaiting approval or in fulfilment.
    pub open_requests: i64,
    pub awaiting_approval: i64,
    /// Services that no CI supports: a gap in the configuration model.
    pub services_without_cis: i64,
    /// What needs a manager now, first on the page.
    pub attention: Attention,
    pub recent_changes: Vec<RecentChange>,
}

/// A record as a home page names it, with a link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Brief {
    pub id: i64,
    pub number: String,
    pub title: String,
    /// When it opened or starts.
    pub at: Option<String>,
}

/// What needs a manager today, each a click from its records. "Today" is the day in the
/// workspace's display zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Attention {
    /// Major incidents not yet resolved, newest first.
    pub major_incidents: Vec<Brief>,
    /// SLA clocks whose deadline fell today and that breached (stopped late or still running).
    pub breached_today: i64,
    /// Running clocks (not paused) due by the end of today and not yet late.
    pub due_today: i64,
    /// Changes planned to start in the next seven days, not closed or cancelled, soonest first.
    pub changes_this_week: Vec<Brief>,
    /// Of those, the ones in a collision.
    pub colliding_this_week: Vec<String>,
    /// Commitments made to stakeholders, not done, past their due day: the longest overdue
    /// first (`number`: who it was made to; `at`: the due day).
    pub overdue_commitments: Vec<Brief>,
}

/// One entry of the audit trail as the home page says it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RecentChange {
    pub at: String,
    pub actor: String,
    /// What happened, in words ("Incident logged").
    pub what: String,
    pub record_kind: String,
    /// The record's id when the entry names one record.
    pub record_id: Option<i64>,
}

/// An audit action code in words: the record kind, then what happened to it.
pub fn describe(action: &str) -> String {
    let (kind, verb) = action.split_once('.').unwrap_or((action, ""));
    let kind = match kind {
        "ci" => "Configuration item".to_string(),
        "sla_target" => "SLA target".to_string(),
        "change_window" => "Change window".to_string(),
        "catalogue_item" => "Catalogue item".to_string(),
        "vulnerability_due_days" => "Vulnerability due days".to_string(),
        "sbom" => "SBOM".to_string(),
        "dora_bands" => "DORA bands".to_string(),
        k => {
            let mut w = k.replace('_', " ");
            if let Some(first) = w.get(0..1) {
                w = first.to_uppercase() + &w[1..];
            }
            w
        }
    };
    let verb = match verb {
        "created" | "logged" | "raised" | "added" => verb.to_string(),
        "updated" => "changed".into(),
        "state_changed" => "moved to another state".into(),
        "communicated" => "communication logged".into(),
        "security_classified" => "classified for security".into(),
        "bulk_created" => "created in bulk".into(),
        "imported" => "imported".into(),
        "auto_closed" => "closed automatically".into(),
        "undone" => "undone".into(),
        "incidents_linked" => "incidents linked".into(),
        "task_updated" => "task updated".into(),
        "risk_assessed" => "risk assessed".into(),
        "evidence_added" => "evidence added".into(),
        "action_saved" => "action saved".into(),
        "backed_up" => "backed up".into(),
        "release_set" => "put in a release".into(),
        "lifecycle_set" => "lifecycle dates set".into(),
        "environments_set" => "environments named".into(),
        "production_set" => "made production".into(),
        v => v.replace('_', " "),
    };
    if verb.is_empty() { kind } else { format!("{kind} {verb}") }
}

fn attention(ws: &Workspace) -> Result<Attention> {
    use chrono::TimeZone;
    let conn = ws.conn();
    let now = ws.now();
    let zone = crate::settings::display_zone(ws)?;
    let day = now.with_timezone(&zone).date_naive();
    let midnight = |d: chrono::NaiveDate| {
        zone.from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default()).earliest().map(|t| crate::time::to_text(t.with_timezone(&chrono::Utc))).unwrap_or_default()
    };
    let (start, end) = (midnight(day), midnight(day + chrono::Duration::days(1)));
    let now_text = crate::time::to_text(now);
    let briefs = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<Vec<Brief>> {
        Ok(conn.prepare(sql)?.query_map(p, |r| Ok(Brief { id: r.get(0)?, number: r.get(1)?, title: r.get(2)?, at: r.get(3)? }))?.collect::<rusqlite::Result<_>>()?)
    };
    let major_incidents = briefs("SELECT id, number, title, opened_at FROM incidents WHERE major = 1 AND state IN ('new', 'in_progress', 'on_hold') ORDER BY opened_at DESC LIMIT 10", &[])?;
    let week = crate::time::to_text(now + chrono::Duration::days(7));
    let changes_this_week = briefs(
        "SELECT id, number, title, planned_start FROM changes WHERE planned_start >= ?1 AND planned_start < ?2 AND state NOT IN ('closed', 'cancelled') ORDER BY planned_start, id",
        &[&now_text, &week],
    )?;
    // Each change's own collisions, found among the changes its period overlaps (the whole
    // set's would cost the home page the full detection on a large workspace).
    let mut colliding: Vec<String> = Vec::new();
    for c in &changes_this_week {
        if !crate::changes::conflicts::conflicts_of(ws, crate::changes::ChangeId(c.id))?.is_empty() {
            colliding.push(c.number.clone());
        }
    }
    colliding.sort();
    let count = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<i64> { Ok(conn.query_row(sql, p, |r| r.get(0))?) };
    Ok(Attention {
        major_incidents,
        breached_today: count("SELECT count(*) FROM sla_clocks WHERE deadline >= ?1 AND deadline < ?2 AND state = 'breached'", &[&start, &end])?,
        due_today: count("SELECT count(*) FROM sla_clocks WHERE stopped_at IS NULL AND state = 'running' AND deadline >= ?1 AND deadline < ?2", &[&now_text, &end])?,
        changes_this_week,
        colliding_this_week: colliding,
        overdue_commitments: crate::relationship::engagements::overdue_commitments(ws, 10)?
            .into_iter()
            .map(|e| Brief { id: e.id.0, number: e.stakeholder.or(e.service).unwrap_or_default(), title: e.summary, at: e.due_on })
            .collect(),
    })
}

fn counts(ws: &Workspace, sql: &str) -> Result<Vec<Count>> {
    let mut stmt = ws.conn().prepare(sql)?;
    let rows = stmt.query_map([], |r| Ok(Count { key: r.get(0)?, count: r.get(1)? }))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn summarize(ws: &Workspace) -> Result<Summary> {
    let one = |sql: &str| -> Result<i64> { Ok(ws.conn().query_row(sql, [], |r| r.get(0))?) };
    let recent = crate::workspace::audit_trail(ws, &crate::list::ListRequest { limit: Some(8), ..Default::default() })?;
    let recent_changes = recent
        .items
        .into_iter()
        .map(|e: AuditEntry| RecentChange { what: describe(&e.action), record_id: e.record_id.parse().ok(), at: e.at, actor: e.actor, record_kind: e.record_kind })
        .collect();
    Ok(Summary {
        services: one("SELECT count(*) FROM services")?,
        services_by_status: counts(ws, "SELECT status, count(*) FROM services GROUP BY status ORDER BY 2 DESC")?,
        services_by_criticality: counts(ws, "SELECT criticality, count(*) FROM services GROUP BY criticality ORDER BY 2 DESC")?,
        cis: one("SELECT count(*) FROM cis")?,
        cis_by_type: counts(ws, "SELECT ci_type, count(*) FROM cis GROUP BY ci_type ORDER BY 2 DESC")?,
        cis_by_environment: counts(ws, "SELECT environment, count(*) FROM cis GROUP BY environment ORDER BY 2 DESC")?,
        links: one("SELECT count(*) FROM links")?,
        people: one("SELECT count(*) FROM people")?,
        groups: one("SELECT count(*) FROM support_groups")?,
        vendors: one("SELECT count(*) FROM vendors")?,
        audit_entries: one("SELECT coalesce(max(id), 0) FROM audit_log")?,
        incidents: one("SELECT coalesce(sum(n), 0) FROM incident_counts")?,
        open_incidents: one("SELECT coalesce(sum(n), 0) FROM incident_counts WHERE state IN ('new', 'in_progress', 'on_hold')")?,
        articles: one("SELECT count(*) FROM articles")?,
        requests: one("SELECT count(*) FROM requests")?,
        open_requests: one("SELECT count(*) FROM requests WHERE state IN ('new', 'awaiting_approval', 'in_fulfilment')")?,
        awaiting_approval: one("SELECT count(*) FROM requests WHERE state = 'awaiting_approval'")?,
        services_without_cis: one(
            "SELECT count(*) FROM services s WHERE NOT EXISTS (SELECT 1 FROM links l WHERE l.from_kind = 'service' AND l.from_id = s.id AND l.to_kind = 'ci')",
        )?,
        attention: attention(ws)?,
        recent_changes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changes::{create_change, ChangeInput, ChangeType};
    use crate::cis::{create_ci, CiInput, CiType, Environment, Lifecycle};
    use crate::incidents::{log_incident, IncidentInput};

    #[test]
    fn the_home_page_leads_with_what_needs_a_manager_and_says_what_happened_in_words() {
        let (_d, ws) = crate::testing::ws("Service Manager");
        let major = log_incident(&ws, &IncidentInput { title: "Portal down".into(), impact: 1, urgency: 1, major: true, ..Default::default() }).unwrap();
        log_incident(&ws, &IncidentInput { title: "Toner".into(), impact: 3, urgency: 3, ..Default::default() }).unwrap();
        let db = create_ci(&ws, &CiInput { name: "db-01".into(), ci_type: CiType::Server, environment: Environment::Production, owner_id: None, lifecycle: Lifecycle::Operational, attributes: Default::default() }).unwrap().id.0;
        let plan = |title: &str, start: &str, end: &str| ChangeInput {
            title: title.into(), change_type: ChangeType::Normal, planned_start: Some(start.into()), planned_end: Some(end.into()), ci_ids: vec![db], ..Default::default()
        };
        // Two on the same CI on Tuesday (colliding), one next month.
        create_change(&ws, &plan("Patch db-01", "2026-12-08T22:00:00Z", "2026-12-08T23:00:00Z")).unwrap();
        create_change(&ws, &plan("Grow db-01", "2026-12-08T22:30:00Z", "2026-12-08T23:30:00Z")).unwrap();
        create_change(&ws, &plan("Retire db-01", "2027-01-20T22:00:00Z", "2027-01-20T23:00:00Z")).unwrap();
        let s = summarize(&ws).unwrap();
        assert_eq!(s.attention.major_incidents.iter().map(|b| b.number.as_str()).collect::<Vec<_>>(), [major.number.as_str()]);
        assert_eq!(s.attention.changes_this_week.iter().map(|b| b.title.as_str()).collect::<Vec<_>>(), ["Patch db-01", "Grow db-01"]);
        assert_eq!(s.attention.colliding_this_week, ["CHG0000001", "CHG0000002"]);
        assert_eq!((s.attention.breached_today, s.attention.due_today), (0, 0), "no service levels here");
        let newest = &s.recent_changes[0];
        assert_eq!((newest.what.as_str(), newest.record_kind.as_str(), newest.actor.as_str()), ("Change created", "change", "Service Manager"));
        assert!(newest.record_id.is_some());
        assert_eq!(describe("incident.communicated"), "Incident communication logged");
        assert_eq!(describe("link.created"), "Link created");
        assert_eq!(describe("ci.updated"), "Configuration item changed");
        assert_eq!(describe("sbom.imported"), "SBOM imported");
        assert_eq!(describe("deployment.release_set"), "Deployment put in a release");
    }
}
