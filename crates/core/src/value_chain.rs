//! The service value chain: its six activities (plan, improve, engage, design and
//! transition, obtain/build, deliver and support), the practices that contribute to each,
//! and for each practice its live figure from the records: what is open, late or at risk,
//! with the window's page it is a click away from. A practice contributes to several
//! activities and shows in each. Every figure is a count on an index (the incidents' from
//! their kept counts), so the view costs the same on a million records.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::workspace::Workspace;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PracticeFigure {
    /// The catalogue's name ("incident management").
    pub practice: String,
    /// As a heading reads it ("Incident management").
    pub label: String,
    /// The one figure that matters most ("8 open incidents").
    pub figure: String,
    /// What needs attention in it ("2 major"), empty when nothing does.
    pub attention: String,
    /// The window's page (after `#/`).
    pub page: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Activity {
    pub key: String,
    pub label: String,
    pub practices: Vec<PracticeFigure>,
}

/// Which practices contribute to which activity (ITIL 4's value chain, as the practices
/// Steward keeps records of serve it).
const CHAIN: &[(&str, &str, &[&str])] = &[
    ("plan", "Plan", &["risk management", "service financial management", "information security management", "continual improvement"]),
    ("improve", "Improve", &["continual improvement", "problem management", "risk management"]),
    ("engage", "Engage", &["relationship management", "service desk", "service level management"]),
    ("design_transition", "Design and transition", &["change enablement", "deployment management", "service level management"]),
    ("obtain_build", "Obtain/build", &["software development and management", "infrastructure and platform management", "deployment management"]),
    ("deliver_support", "Deliver and support", &["incident management", "service desk", "problem management", "infrastructure and platform management", "service level management"]),
];

fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One practice's figure, read from its records.
fn figure_of(ws: &Workspace, practice: &str, today: &str, now: &str) -> Result<PracticeFigure> {
    let conn = ws.conn();
    let one = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    let on = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<i64> { Ok(conn.query_row(sql, p, |r| r.get(0))?) };
    let attention = |parts: Vec<(i64, String)>| parts.into_iter().filter(|(n, _)| *n > 0).map(|(_, t)| t).collect::<Vec<_>>().join(", ");
    let (figure, note, page) = match practice {
        "incident management" => {
            let open = one("SELECT coalesce(sum(n), 0) FROM incident_counts WHERE state IN ('new', 'in_progress', 'on_hold')")?;
            let major = one("SELECT count(*) FROM incidents WHERE major = 1 AND state IN ('new', 'in_progress', 'on_hold')")?;
            let breached = on("SELECT count(*) FROM sla_clocks WHERE record_kind = 'incident' AND stopped_at IS NULL AND deadline < ?1", &[&now])?;
            (plural(open, "open incident", "open incidents"), attention(vec![(major, plural(major, "major", "major")), (breached, format!("{breached} past their deadline"))]), "incidents/queue/open")
        }
        "service desk" => {
            let open = one("SELECT count(*) FROM requests WHERE state IN ('new', 'awaiting_approval', 'in_fulfilment')")?;
            let waiting = one("SELECT count(*) FROM requests WHERE state = 'awaiting_approval'")?;
            (plural(open, "open request", "open requests"), attention(vec![(waiting, format!("{waiting} awaiting approval"))]), "requests/queue/open")
        }
        "problem management" => {
            let open = one("SELECT count(*) FROM problems WHERE state NOT IN ('resolved', 'closed')")?;
            let known = one("SELECT count(*) FROM problems WHERE state = 'known_error'")?;
            (plural(open, "open problem", "open problems"), attention(vec![(known, plural(known, "known error", "known errors"))]), "problems")
        }
        "change enablement" => {
            let week = crate::time::to_text(ws.now() + chrono::Duration::days(7));
            let coming = on("SELECT count(*) FROM changes WHERE planned_start >= ?1 AND planned_start < ?2 AND state NOT IN ('closed', 'cancelled')", &[&now, &week])?;
            let waiting = one("SELECT count(*) FROM changes WHERE state = 'authorize'")?;
            (format!("{coming} planned this week"), attention(vec![(waiting, format!("{waiting} awaiting authorisation"))]), "changes")
        }
        "service level management" => {
            let agreements = one("SELECT count(*) FROM agreements")?;
            let month = crate::time::to_text(ws.now() - chrono::Duration::days(30));
            let breached = on("SELECT count(*) FROM sla_clocks WHERE state = 'breached' AND stopped_at >= ?1", &[&month])?;
            (plural(agreements, "agreement", "agreements"), attention(vec![(breached, format!("{breached} breached in 30 days"))]), "sla")
        }
        "risk management" => {
            let open = one("SELECT count(*) FROM risks WHERE status <> 'closed'")?;
            let review = on("SELECT count(*) FROM risks WHERE status <> 'closed' AND next_review < ?1", &[&today])?;
            (plural(open, "open risk", "open risks"), attention(vec![(review, format!("{review} past their review"))]), "risks")
        }
        "information security management" => {
            let open = one("SELECT count(*) FROM vulnerabilities WHERE status IN ('open', 'in_progress')")?;
            let late = on("SELECT count(*) FROM vulnerabilities WHERE status IN ('open', 'in_progress') AND due_on < ?1", &[&today])?;
            (plural(open, "open vulnerability", "open vulnerabilities"), attention(vec![(late, format!("{late} past due"))]), "vulnerabilities")
        }
        "continual improvement" => {
            let open = one("SELECT count(*) FROM initiatives WHERE status NOT IN ('closed_successful', 'closed_unsuccessful', 'withdrawn')")?;
            let late = on("SELECT count(*) FROM initiatives WHERE status NOT IN ('closed_successful', 'closed_unsuccessful', 'withdrawn') AND due_on < ?1", &[&today])?;
            (plural(open, "open initiative", "open initiatives"), attention(vec![(late, format!("{late} past due"))]), "improvement")
        }
        "relationship management" => {
            let stakeholders = one("SELECT count(*) FROM stakeholders")?;
            let overdue = on("SELECT count(*) FROM engagements WHERE kind = 'commitment' AND done_on IS NULL AND due_on < ?1", &[&today])?;
            (plural(stakeholders, "stakeholder", "stakeholders"), attention(vec![(overdue, plural(overdue, "commitment overdue", "commitments overdue"))]), "stakeholders")
        }
        "service financial management" => {
            let pools = one("SELECT count(DISTINCT l.cost_pool_id) FROM ledger_lines l")?;
            let unruled = one("SELECT count(DISTINCT l.cost_pool_id) FROM ledger_lines l WHERE l.service_id IS NULL AND NOT EXISTS (SELECT 1 FROM allocation_rules r WHERE r.cost_pool_id = l.cost_pool_id)")?;
            (plural(pools, "cost pool in the ledger", "cost pools in the ledger"), attention(vec![(unruled, format!("{unruled} without an allocation rule"))]), "finance")
        }
        "deployment management" => {
            let month = format!("{}-01", &today[..7]);
            let done = on("SELECT count(*) FROM deployments WHERE deployed_at >= ?1", &[&month])?;
            let failed = on("SELECT count(*) FROM deployments WHERE deployed_at >= ?1 AND result = 'failed'", &[&month])?;
            (format!("{done} deployments this month"), attention(vec![(failed, format!("{failed} failed"))]), "deployments")
        }
        "infrastructure and platform management" => {
            let cis = one("SELECT count(*) FROM cis")?;
            let horizon = (ws.now().date_naive() + chrono::Duration::days(180)).format("%Y-%m-%d").to_string();
            let ending = on("SELECT count(*) FROM cis WHERE support_end IS NOT NULL AND support_end < ?1 AND lifecycle NOT IN ('retired', 'disposed')", &[&horizon])?;
            (plural(cis, "configuration item", "configuration items"), attention(vec![(ending, format!("{ending} out of support within 6 months"))]), "cis/eol")
        }
        "software development and management" => {
            let apps = one("SELECT count(*) FROM applications")?;
            let debt = one("SELECT count(*) FROM technical_debt WHERE status = 'open'")?;
            (plural(apps, "application", "applications"), attention(vec![(debt, format!("{debt} technical debt items open"))]), "applications")
        }
        _ => (String::new(), String::new(), ""),
    };
    let mut label = practice.to_string();
    if let Some(first) = label.get(0..1) {
        label = first.to_uppercase() + &label[1..];
    }
    Ok(PracticeFigure { practice: practice.to_string(), label, figure, attention: note, page: page.to_string() })
}

/// The value chain with every practice's figure as the records stand now.
pub fn value_chain(ws: &Workspace) -> Result<Vec<Activity>> {
    let today = crate::settings::today(ws)?.format("%Y-%m-%d").to_string();
    let now = crate::time::to_text(ws.now());
    let mut cache: std::collections::HashMap<&str, PracticeFigure> = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(CHAIN.len());
    for (key, label, practices) in CHAIN {
        let mut figures = Vec::with_capacity(practices.len());
        for p in *practices {
            if !cache.contains_key(p) {
                cache.insert(p, figure_of(ws, p, &today, &now)?);
            }
            if let Some(f) = cache.get(p) {
                figures.push(f.clone());
            }
        }
        out.push(Activity { key: key.to_string(), label: label.to_string(), practices: figures });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_activity_has_its_practices_with_live_figures_each_a_click_away() {
        let (_d, ws) = crate::testing::ws("Vera Value");
        crate::demo::load_demo(&ws).unwrap();
        let chain = value_chain(&ws).unwrap();
        assert_eq!(chain.iter().map(|a| a.key.as_str()).collect::<Vec<_>>(), ["plan", "improve", "engage", "design_transition", "obtain_build", "deliver_support"]);
        let all: Vec<&PracticeFigure> = chain.iter().flat_map(|a| &a.practices).collect();
        // The thirteen practices Steward keeps, each somewhere on the chain.
        for p in crate::assessments::practices::STEWARD_PRACTICES {
            assert!(all.iter().any(|f| f.practice == p), "{p}");
        }
        assert!(all.iter().all(|f| !f.figure.is_empty() && !f.page.is_empty()), "{all:?}");
        // Figures agree with the records, counted apart.
        let incidents = all.iter().find(|f| f.practice == "incident management").unwrap();
        let open: i64 = ws.conn().query_row("SELECT count(*) FROM incidents WHERE state IN ('new', 'in_progress', 'on_hold')", [], |r| r.get(0)).unwrap();
        assert_eq!(incidents.figure, format!("{open} open incidents"));
        assert!(incidents.attention.contains("1 major"), "{}", incidents.attention);
        let rel = all.iter().find(|f| f.practice == "relationship management").unwrap();
        assert_eq!((rel.figure.as_str(), rel.attention.as_str()), ("8 stakeholders", "1 commitment overdue"));
    }
}
