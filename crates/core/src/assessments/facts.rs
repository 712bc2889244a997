//! What the workspace itself says about a practice, shown next to its criteria so the
//! assessor answers from data, not memory: for each practice Steward keeps records of, a
//! few figures read from those records (counts kept beside the large tables, so a million
//! incidents cost no more than a hundred).

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::workspace::Workspace;

/// One figure: what it counts, and its value in words ("72 %", "1,204").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

fn pct(n: i64, of: i64) -> String {
    if of == 0 { "—".into() } else { format!("{:.0} %", n as f64 * 100.0 / of as f64) }
}

fn one(conn: &Connection, sql: &str, args: impl rusqlite::Params) -> Result<i64> {
    Ok(conn.query_row(sql, args, |r| r.get::<_, Option<i64>>(0))?.unwrap_or(0))
}

/// The figures for `practice` (a catalogue name); none for practices Steward keeps no
/// records of.
pub fn practice_facts(ws: &Workspace, practice: &str) -> Result<Vec<Fact>> {
    let conn = ws.conn();
    let now = ws.now();
    let since = |days: i64| (now - chrono::Duration::days(days)).format("%Y-%m-%d").to_string();
    let f = |label: &str, value: String| Fact { label: label.into(), value };
    let sla = |conn: &Connection| -> Result<(i64, i64)> {
        Ok(conn.query_row("SELECT coalesce(sum(met), 0), coalesce(sum(breached), 0) FROM sla_clock_days WHERE day >= ?1", [since(30)], |r| Ok((r.get(0)?, r.get(1)?)))?)
    };
    Ok(match practice {
        "incident management" => {
            let all = one(conn, "SELECT sum(n) FROM incident_counts", [])?;
            let prioritised = one(conn, "SELECT sum(n) FROM incident_counts WHERE priority BETWEEN 1 AND 5", [])?;
            let open = one(conn, "SELECT sum(n) FROM incident_counts WHERE state IN ('new', 'in_progress', 'on_hold')", [])?;
            let (met, breached) = sla(conn)?;
            vec![
                f("Incidents logged", all.to_string()),
                f("With a priority", pct(prioritised, all)),
                f("Open now", open.to_string()),
                f("SLA clocks met, last 30 days", pct(met, met + breached)),
            ]
        }
        "service desk" => {
            let fcr = crate::incidents::figures::first_contact_pct_since(conn, &since(90))?;
            let channels = one(conn, "SELECT count(DISTINCT channel) FROM incidents INDEXED BY incidents_opened WHERE opened_at >= ?1 AND channel <> ''", [since(90)])?;
            let requests = one(conn, "SELECT count(*) FROM requests", [])?;
            let articles = one(conn, "SELECT count(*) FROM articles WHERE status = 'published'", [])?;
            vec![
                f("First-contact resolution, last 90 days", fcr.map(|p| format!("{p:.0} %")).unwrap_or("—".into())),
                f("Channels used, last 90 days", channels.to_string()),
                f("Service requests", requests.to_string()),
                f("Published knowledge articles", articles.to_string()),
            ]
        }
        "problem management" => {
            let problems = one(conn, "SELECT count(*) FROM problems", [])?;
            let known = one(conn, "SELECT count(*) FROM problems WHERE state = 'known_error'", [])?;
            let linked = one(conn, "SELECT count(DISTINCT from_id) FROM links WHERE from_kind = 'incident' AND link_type = 'caused_by' AND to_kind = 'problem'", [])?;
            let fixed = one(conn, "SELECT count(DISTINCT from_id) FROM links WHERE from_kind = 'problem' AND link_type = 'fixed_by'", [])?;
            vec![f("Problems", problems.to_string()), f("Known errors", known.to_string()), f("Incidents linked to a problem", linked.to_string()), f("Problems with a fixing change", fixed.to_string())]
        }
        "change enablement" => {
            let (all, assessed, authorized, ok, ended): (i64, i64, i64, i64, i64) = conn.query_row(
                "SELECT count(*), count(CASE WHEN risk_answers <> '[]' THEN 1 END),
                        count(CASE WHEN state IN ('scheduled', 'implement', 'review', 'closed', 'failed') THEN 1 END),
                        count(CASE WHEN outcome = 'successful' THEN 1 END), count(outcome)
                   FROM changes WHERE state <> 'cancelled'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )?;
            vec![f("Changes", all.to_string()), f("Risk assessed", pct(assessed, all)), f("Authorized", pct(authorized, all)), f("Successful, of those ended", pct(ok, ended))]
        }
        "service level management" => {
            let agreements = one(conn, "SELECT count(*) FROM agreements", [])?;
            let targets = one(conn, "SELECT count(*) FROM sla_targets", [])?;
            let (met, breached) = sla(conn)?;
            vec![f("Agreements", agreements.to_string()), f("Targets", targets.to_string()), f("SLA clocks met, last 30 days", pct(met, met + breached)), f("Breaches, last 30 days", breached.to_string())]
        }
        "risk management" => {
            let appetite = crate::risks::matrix::get_matrix_in(conn)?.appetite;
            let open = one(conn, "SELECT count(*) FROM risks WHERE status <> 'closed'", [])?;
            let above = one(conn, "SELECT count(*) FROM risks WHERE status <> 'closed' AND coalesce(current_level, inherent_level) > ?1", [appetite])?;
            let overdue = one(conn, "SELECT count(*) FROM risks WHERE status <> 'closed' AND next_review < ?1", [since(0)])?;
            let owned = one(conn, "SELECT count(*) FROM risks WHERE status <> 'closed' AND owner_id IS NOT NULL", [])?;
            vec![f("Open risks", open.to_string()), f("Above appetite", above.to_string()), f("Reviews overdue", overdue.to_string()), f("With an owner", pct(owned, open))]
        }
        "information security management" => {
            let controls = one(conn, "SELECT count(*) FROM controls", [])?;
            let tested = one(conn, "SELECT count(DISTINCT control_id) FROM control_tests WHERE tested_on >= ?1", [since(365)])?;
            let evidence = one(conn, "SELECT count(*) FROM evidence", [])?;
            let overdue = one(conn, "SELECT count(*) FROM vulnerabilities WHERE status IN ('open', 'in_progress') AND due_on < ?1", [since(0)])?;
            vec![f("Controls", controls.to_string()), f("Tested in the last year", pct(tested, controls)), f("Evidence files", evidence.to_string()), f("Vulnerabilities past due", overdue.to_string())]
        }
        "continual improvement" => {
            let all = one(conn, "SELECT count(*) FROM initiatives", [])?;
            let open = one(conn, "SELECT count(*) FROM initiatives WHERE status NOT IN ('closed_successful', 'closed_unsuccessful', 'withdrawn')", [])?;
            let measured = one(conn, "SELECT count(DISTINCT initiative_id) FROM measures", [])?;
            vec![f("Initiatives", all.to_string()), f("Open", open.to_string()), f("With a measure", pct(measured, all))]
        }
        "infrastructure and platform management" => {
            let cis = one(conn, "SELECT count(*) FROM cis", [])?;
            let owned = one(conn, "SELECT count(*) FROM cis WHERE owner_id IS NOT NULL", [])?;
            let related = one(conn, "SELECT count(*) FROM links WHERE from_kind = 'ci' AND to_kind = 'ci'", [])?;
            vec![f("Configuration items", cis.to_string()), f("With an owner", pct(owned, cis)), f("Relations between them", related.to_string())]
        }
        _ => vec![],
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_gives_facts_for_the_practices_steward_keeps_records_of() {
        let (_d, ws) = crate::testing::ws("Ada Assessor");
        crate::demo::load_demo(&ws).unwrap();
        let inc = super::practice_facts(&ws, "incident management").unwrap();
        let logged: i64 = ws.conn().query_row("SELECT count(*) FROM incidents", [], |r| r.get(0)).unwrap();
        assert_eq!(inc[0].value, logged.to_string(), "counted apart from the kept counts");
        assert!(inc[1].value.ends_with('%'));
        assert!(super::practice_facts(&ws, "change enablement").unwrap()[0].value.parse::<u32>().unwrap() > 0);
        let initiatives: i64 = ws.conn().query_row("SELECT count(*) FROM initiatives", [], |r| r.get(0)).unwrap();
        assert!(initiatives >= 5, "the demo's initiatives, and the one its service review raised: {initiatives}");
        assert_eq!(super::practice_facts(&ws, "continual improvement").unwrap()[0].value, initiatives.to_string());
        assert!(super::practice_facts(&ws, "IT asset management").unwrap().is_empty());
    }
}
