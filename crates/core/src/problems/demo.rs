//! The demo's problems and known errors.


use crate::error::Result;
use crate::links::{self, LinkType, NewLink};
use crate::record::{RecordKind, RecordRef};
use crate::workspace::Workspace;
use crate::demo::Spine;

/// Problems opened from the recurring incidents the detection finds: one is a known error
/// with its analysis and workaround (and a change that will fix it), one is in root cause
/// analysis, one is new; further candidates are left for the consultant.
pub(crate) fn problem_management(ws: &Workspace, _: &Spine) -> Result<()> {
    use crate::problems::detection::{detect, DetectionInput};
    use crate::problems::{create_problem, transition_problem, update_problem, CauseCategory, ProblemInput, ProblemState};
    let found = detect(ws, &DetectionInput { since: None, min_incidents: Some(6) })?;
    let owner = ws.conn().query_row("SELECT id FROM people WHERE name = 'Daniel Okafor'", [], |r| r.get::<_, i64>(0)).ok();
    // The application manager raises each an hour after the cluster's last incident (three
    // hours before the demo is made at the latest) and works it through in the next hours.
    let manager = crate::workspace::Actor::parse("Daniel Okafor")?;
    let made = ws.now();
    for (k, c) in found.iter().take(3).enumerate() {
        let base = crate::time::parse(&c.last_opened).map_or(made, |t| t + chrono::Duration::hours(1)).min(made - chrono::Duration::hours(3));
        let step = |minutes: i64| base + chrono::Duration::minutes(minutes);
        let as_manager = |at: chrono::DateTime<chrono::Utc>, f: &dyn Fn() -> Result<()>| ws.as_of(&manager, at, f);
        let input = ProblemInput {
            title: format!("Recurring: {}", c.label),
            description: format!("{} incidents between {} and {}, found by the recurring-incident detection.", c.count, &c.first_opened[..10], &c.last_opened[..10]),
            priority: Some(3),
            owner_id: owner,
            ..Default::default()
        };
        let p = ws.as_of(&manager, step(0), || {
            let p = create_problem(ws, &input, &c.incident_ids)?;
            // The service and CI the clustered incidents were logged against.
            let first = c.incident_ids.first().copied().unwrap_or_default();
            let (service, ci): (Option<i64>, Option<i64>) = ws.conn().query_row("SELECT service_id, ci_id FROM incidents WHERE id = ?1", [first], |r| Ok((r.get(0)?, r.get(1)?)))?;
            for (kind, id) in [(RecordKind::Service, service), (RecordKind::Ci, ci)] {
                if let Some(id) = id {
                    links::create_link(ws, &NewLink { from: RecordRef { kind: RecordKind::Problem, id: p.id.0 }, link_type: LinkType::Affects, to: RecordRef { kind, id } })?;
                }
            }
            Ok(p)
        })?;
        if k == 2 {
            continue;
        }
        as_manager(step(20), &|| transition_problem(ws, p.id, ProblemState::Assessed).map(|_| ()))?;
        as_manager(step(40), &|| transition_problem(ws, p.id, ProblemState::RootCauseAnalysis).map(|_| ()))?;
        if k == 0 {
            as_manager(step(60), &|| update_problem(ws, p.id, &ProblemInput {
                five_whys: vec![
                    format!("Users keep reporting the same failure ({}).", c.label),
                    "The application node they were on restarts.".into(),
                    "The health check restarts nodes whose database pool is exhausted.".into(),
                    "Month-end reports hold connections for minutes.".into(),
                    "Reports run on the same pool as the users' transactions.".into(),
                ],
                ishikawa: vec![
                    CauseCategory { category: "Technology".into(), causes: vec!["One connection pool for reports and transactions".into(), "Aggressive health check".into()] },
                    CauseCategory { category: "Process".into(), causes: vec!["No capacity review before month-end".into()] },
                ],
                root_cause: "Reporting and transactions share the database connection pool; month-end reports exhaust it.".into(),
                workaround: "Restart the affected application node from the runbook (RB-17) and ask the user to retry; no data is lost.".into(),
                ..input.clone()
            }).map(|_| ()))?;
            as_manager(step(80), &|| transition_problem(ws, p.id, ProblemState::KnownError).map(|_| ()))?;
            // The change that will fix it, once it is raised (`changes::demo`).
            let title = if c.label.contains("erp") { "ERP database cumulative update" } else { "Portal API release 4.13" };
            let fix = ws.conn().query_row("SELECT id FROM changes WHERE title = ?1", [title], |r| r.get::<_, i64>(0)).ok();
            if let Some(fix) = fix {
                let linked = step(90).max(made - chrono::Duration::days(2)).min(made - chrono::Duration::hours(1));
                as_manager(linked, &|| links::create_link(ws, &NewLink { from: RecordRef { kind: RecordKind::Problem, id: p.id.0 }, link_type: LinkType::FixedBy, to: RecordRef { kind: RecordKind::Change, id: fix } }).map(|_| ()))?;
            }
        }
    }
    Ok(())
}
