//! The demo's change control.


use crate::error::Result;
use crate::links::{self, LinkType, NewLink};
use crate::record::{RecordKind, RecordRef};
use crate::workspace::Workspace;
use crate::demo::Spine;

/// Change authorities (a CAB, an emergency CAB), two standard-change templates, a month of
/// past changes (assessed, voted on, reviewed; one emergency; one failed and backed out), and
/// the weeks ahead: a weekly maintenance window for the portal database, the year-end
/// freeze, and upcoming changes that collide in every way the detection knows (two on the
/// same database, a release on the API that depends on it, one engineer booked twice,
/// firmware work in the freeze, database work outside its window).
pub(crate) fn change_control(ws: &Workspace, _: &Spine) -> Result<()> {
    use crate::changes::assessment::assess_change;
    use crate::changes::authorization::{save_board, set_authority, vote, BoardInput, Vote, VoteInput};
    use crate::changes::review::{review_change, ReviewInput, ReviewOutcome};
    use crate::changes::templates::{save_template, TemplateInput};
    use crate::changes::{create_change, create_window, transition_change, ChangeId, ChangeInput, ChangeState, ChangeType, Recurrence, WindowInput, WindowKind};
    use chrono::{Duration, TimeZone, Utc};
    // Set up by the head of IT two months before the demo is made; every later step by the
    // person who took it, when they took it.
    let made = ws.now();
    let manager = crate::workspace::Actor::parse("Maria Keller")?;
    let by = |who: &str| crate::workspace::Actor::parse(who);
    let set_up = made - Duration::days(60);
    let ci = |name: &str| ws.conn().query_row("SELECT id FROM cis WHERE name = ?1", [name], |r| r.get::<_, i64>(0)).ok();
    let person = |name: &str| ws.conn().query_row("SELECT id FROM people WHERE name = ?1", [name], |r| r.get::<_, i64>(0)).ok();
    let group = |name: &str| ws.conn().query_row("SELECT id FROM support_groups WHERE name = ?1", [name], |r| r.get::<_, i64>(0)).ok();
    let people = |names: &[&str]| names.iter().filter_map(|n| person(n)).collect::<Vec<_>>();
    let (scanner, reindex) = ws.as_of(&manager, set_up, || {
        let cab = save_board(ws, None, &BoardInput { name: "Change Advisory Board".into(), member_ids: people(&["Maria Keller", "Priya Nair", "Daniel Okafor", "Nora Schmidt", "Chen Wei"]) })?;
        let ecab = save_board(ws, None, &BoardInput { name: "Emergency CAB".into(), member_ids: people(&["Maria Keller", "Priya Nair", "Nora Schmidt"]) })?;
        set_authority(ws, ChangeType::Normal, "", Some(cab.id), 2)?;
        set_authority(ws, ChangeType::Normal, "High", Some(cab.id), 3)?;
        set_authority(ws, ChangeType::Normal, "Very high", Some(cab.id), 4)?;
        set_authority(ws, ChangeType::Emergency, "", Some(ecab.id), 1)?;
        let scanner = save_template(ws, None, &TemplateInput {
            name: "Warehouse scanner firmware update".into(),
            description: "Vendor-released firmware for the handheld scanner fleet, rolled out by depot.".into(),
            implementation_plan: "1. Stage the signed image in the MDM.\n2. Roll out to one depot's pilot group.\n3. After 2 hours without errors, roll out to the fleet.".into(),
            backout_plan: "Re-publish the previous image in the MDM; scanners downgrade at their next check-in.".into(),
            test_plan: "Scan, pick and confirm a test order on a pilot device.".into(),
            risk: "Low".into(),
            active: true,
        })?;
        let reindex = save_template(ws, None, &TemplateInput {
            name: "Rebuild database indexes".into(),
            description: "Online index rebuild on a production PostgreSQL database.".into(),
            implementation_plan: "REINDEX CONCURRENTLY on the tables named in the change; watch replication lag.".into(),
            backout_plan: "Cancel the backend; the old indexes stay in use until a rebuild completes.".into(),
            test_plan: "Compare the slow-query log before and after.".into(),
            risk: "Low".into(),
            active: true,
        })?;
        Ok((scanner, reindex))
    })?;
    let today = made.date_naive();
    // Times of day on the workspace's clocks (Hamburg), as a change manager plans them.
    let zone = crate::settings::display_zone(ws)?;
    let at = |d: chrono::NaiveDate, h: u32, m: u32| {
        let wall = d.and_hms_opt(h, m, 0).unwrap_or_default();
        zone.from_local_datetime(&wall).earliest().map_or_else(|| Utc.from_utc_datetime(&wall), |t| t.with_timezone(&Utc))
    };
    let text = |t: chrono::DateTime<Utc>| crate::time::to_text(t);
    let (freeze, sunday) = upcoming_dates(today);
    let wednesday = sunday + Duration::days(3);
    ws.as_of(&manager, set_up, || {
        create_window(ws, &WindowInput {
            kind: WindowKind::Maintenance, name: "Portal database: Sunday night".into(), ci_id: ci("pg-portal-01"), service_id: None,
            starts_at: text(at(sunday - Duration::weeks(8), 22, 0)), ends_at: text(at(sunday - Duration::weeks(8), 22, 0) + Duration::hours(4)), recurrence: Recurrence::Weekly, until: None,
        })?;
        create_window(ws, &WindowInput {
            kind: WindowKind::Blackout, name: "Year-end freeze (peak season and closing)".into(), ci_id: None, service_id: None,
            starts_at: text(at(freeze, 0, 0)), ends_at: text(at(freeze + Duration::days(21), 0, 0)), recurrence: Recurrence::None, until: None,
        })?;
        Ok(())
    })?;
    let plan = |title: &str, kind: ChangeType, start: chrono::DateTime<Utc>, hours: i64, cis: &[&str], who: &str, team: &str| ChangeInput {
        title: title.into(),
        description: format!("{title}."),
        change_type: kind,
        impact: "moderate".into(),
        planned_start: Some(text(start)),
        planned_end: Some(text(start + Duration::minutes(hours * 60))),
        assignment_group_id: group(team),
        assignee_id: person(who),
        ci_ids: cis.iter().filter_map(|c| ci(c)).collect(),
        justification: "Keeps the platform supported and patched; requested by the service owner.".into(),
        implementation_plan: "Follow the runbook for this CI; announce start and end in the operations channel.".into(),
        backout_plan: "Restore from the snapshot taken before the work; expected 30 minutes.".into(),
        test_plan: "Smoke test of the affected service and the monitoring dashboard green for 15 minutes.".into(),
        template_id: (kind == ChangeType::Standard).then_some(if cis.contains(&"wms-scanner-fleet") { scanner.id } else { reindex.id }),
        ..Default::default()
    };
    // From the change's recording at `from`: the risk answers (indexes per question) and the
    // state moves by the change manager within the hour, each voter's approval on the next
    // day an hour apart, and the schedule once the votes are in.
    let authorize = |id: ChangeId, kind: ChangeType, answers: &[usize], voters: &[&str], from: chrono::DateTime<Utc>, schedule: bool| -> Result<()> {
        let step = |minutes: i64, f: &dyn Fn() -> Result<()>| ws.as_of(&manager, from + Duration::minutes(minutes), f);
        let approve = |start: chrono::DateTime<Utc>| -> Result<()> {
            for (k, name) in voters.iter().enumerate() {
                let Some(p) = person(name) else { continue };
                ws.as_of(&by(name)?, start + Duration::hours(k as i64), || vote(ws, id, &VoteInput { person_id: p, vote: Vote::Approve, comment: String::new() }).map(|_| ()))?;
            }
            Ok(())
        };
        // An emergency is decided within the hour; a normal change the next day.
        let votes_at = if kind == ChangeType::Emergency { from + Duration::minutes(30) } else { from + Duration::days(1) };
        match kind {
            ChangeType::Standard => {}
            ChangeType::Emergency => {
                step(10, &|| transition_change(ws, id, ChangeState::Authorize).map(|_| ()))?;
                approve(votes_at)?;
            }
            ChangeType::Normal => {
                step(30, &|| {
                    transition_change(ws, id, ChangeState::Assess)?;
                    assess_change(ws, id, answers)?;
                    transition_change(ws, id, ChangeState::Authorize).map(|_| ())
                })?;
                approve(votes_at)?;
            }
        }
        if schedule {
            let after_votes = votes_at + Duration::hours(voters.len() as i64);
            ws.as_of(&manager, if kind == ChangeType::Standard { from + Duration::minutes(10) } else { after_votes }, || transition_change(ws, id, ChangeState::Scheduled).map(|_| ()))?;
        }
        Ok(())
    };
    // The past month: implemented by their engineers, reviewed and closed by the change
    // manager (one emergency, one failed).
    let past = [
        ("Monthly Windows patching, ERP servers", "vm-erp-app-01", "Lukas Weber", "Infrastructure Ops", ChangeType::Normal),
        ("Renew portal TLS certificate", "shipment-portal", "Daniel Okafor", "Application Support", ChangeType::Normal),
        ("Block the exploited VPN appliance vulnerability", "fw-ham-edge", "Sofia Rossi", "Network Team", ChangeType::Emergency),
        ("PostgreSQL minor upgrade (WMS)", "pg-wms-01", "Felix Wagner", "Database Admins", ChangeType::Normal),
        ("Warehouse scanner firmware 3.2", "wms-scanner-fleet", "Chen Wei", "Application Support", ChangeType::Standard),
        ("Extend SAN volume for ERP logs", "san-ham-01", "Priya Nair", "Infrastructure Ops", ChangeType::Normal),
        ("Portal release 4.12.3", "portal-api", "Daniel Okafor", "Application Support", ChangeType::Normal),
        ("Core switch IOS update", "core-sw-ham", "Sofia Rossi", "Network Team", ChangeType::Normal),
    ];
    for (k, (title, on, who, team, kind)) in past.iter().enumerate() {
        let start = at(today - Duration::days(28 - 3 * k as i64), 21, 0);
        // Recorded a week or two ahead of the work, as a change manager would (the
        // emergency the same afternoon).
        let input = plan(title, *kind, start, 2, &[on], who, team);
        let recorded = if *kind == ChangeType::Emergency { start - Duration::hours(5) } else { start - Duration::days(7 + k as i64) };
        let id = ws.replay_as(&manager, recorded, |tx| crate::changes::create_in(tx, None, &input, ChangeState::Draft))?;
        authorize(id, *kind, &[1, 1, 0, 0, 0, 1], &["Maria Keller", "Priya Nair"], recorded, true)?;
        let engineer = by(who)?;
        ws.as_of(&engineer, start, || transition_change(ws, id, ChangeState::Implement).map(|_| ()))?;
        // The review the second morning after the work.
        let reviewed = at(start.date_naive() + Duration::days(2), 10, 0);
        if k == 7 {
            // Failed, backed out, reviewed and closed; two incidents the next morning came from it.
            ws.as_of(&engineer, start + Duration::hours(2), || transition_change(ws, id, ChangeState::Failed).map(|_| ()))?;
            let after = text(start + Duration::hours(6));
            ws.as_of(&manager, reviewed, || {
                review_change(ws, id, &ReviewInput {
                    outcome: ReviewOutcome::BackedOut,
                    lessons: "The new IOS image dropped the LACP settings on the uplinks; the back-out took 40 minutes longer than planned. Next time: diff the running config after the upgrade and test the back-out in the lab first.".into(),
                })?;
                transition_change(ws, id, ChangeState::Closed)?;
                let caused: Vec<i64> = ws.conn().prepare("SELECT id FROM incidents WHERE opened_at >= ?1 ORDER BY opened_at LIMIT 2")?.query_map([&after], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
                for i in caused {
                    links::create_link(ws, &NewLink { from: RecordRef { kind: RecordKind::Incident, id: i }, link_type: LinkType::CausedBy, to: RecordRef { kind: RecordKind::Change, id: id.0 } })?;
                }
                Ok(())
            })?;
        } else {
            ws.as_of(&engineer, start + Duration::hours(2), || transition_change(ws, id, ChangeState::Review).map(|_| ()))?;
            let (outcome, lessons) = if k == 3 {
                (ReviewOutcome::SuccessfulWithIssues, "The upgrade ran 25 minutes over because the replica needed a full resync; plan for it.")
            } else {
                (ReviewOutcome::Successful, "")
            };
            ws.as_of(&manager, reviewed, || {
                review_change(ws, id, &ReviewInput { outcome, lessons: lessons.into() })?;
                transition_change(ws, id, ChangeState::Closed).map(|_| ())
            })?;
        }
    }
    // What is coming: raised by their engineers three days before the demo is made.
    let upcoming = [
        plan("Patch PostgreSQL on the portal database", ChangeType::Normal, at(sunday, 22, 30), 1, &["pg-portal-01"], "Felix Wagner", "Database Admins"),
        plan("Grow the portal database's storage", ChangeType::Normal, at(sunday, 23, 0), 1, &["pg-portal-01"], "Lukas Weber", "Infrastructure Ops"),
        plan("Portal API release 4.13", ChangeType::Normal, at(sunday, 23, 15), 1, &["portal-api"], "Daniel Okafor", "Application Support"),
        plan("ERP database cumulative update", ChangeType::Normal, at(sunday, 22, 45), 1, &["sql-erp-01"], "Felix Wagner", "Database Admins"),
        plan("Rebuild indexes on the portal database", ChangeType::Standard, at(wednesday, 14, 0), 1, &["pg-portal-01"], "Felix Wagner", "Database Admins"),
        plan("Hypervisor firmware upgrade esx-ham-01", ChangeType::Normal, at(freeze + Duration::days(2), 20, 0), 3, &["esx-ham-01"], "Priya Nair", "Infrastructure Ops"),
        plan("Replace depot Wi-Fi access points, Rotterdam", ChangeType::Normal, at(wednesday + Duration::days(1), 18, 0), 4, &["mpls-wan"], "Sofia Rossi", "Network Team"),
    ];
    let engineers = ["Felix Wagner", "Lukas Weber", "Daniel Okafor", "Felix Wagner", "Felix Wagner", "Priya Nair", "Sofia Rossi"];
    let portal = ws.conn().query_row("SELECT id FROM services WHERE name = 'Customer Shipment Portal'", [], |r| r.get::<_, i64>(0)).ok();
    for (k, (p, engineer)) in upcoming.iter().zip(engineers).enumerate() {
        let raised = crate::demo::on(today - Duration::days(3), 8 + k as i64, made);
        let id = ws.as_of(&by(engineer)?, raised, || {
            let id = create_change(ws, p)?.id;
            if let (Some(portal), 0..=2 | 4) = (portal, k) {
                links::create_link(ws, &NewLink { from: RecordRef { kind: RecordKind::Change, id: id.0 }, link_type: LinkType::Affects, to: RecordRef { kind: RecordKind::Service, id: portal } })?;
            }
            Ok(id)
        })?;
        match k {
            0 | 1 | 3 => authorize(id, p.change_type, &[1, 1, 0, 0, 0, 1], &["Maria Keller", "Daniel Okafor"], raised, true)?,
            4 => authorize(id, p.change_type, &[], &[], raised, true)?,
            // A release at high risk waiting for the third of three CAB approvals.
            2 => authorize(id, p.change_type, &[2, 2, 1, 1, 1, 1], &["Maria Keller", "Daniel Okafor"], raised, false)?,
            _ => ws.as_of(&manager, raised + Duration::minutes(30), || transition_change(ws, id, ChangeState::Assess).map(|_| ()))?,
        }
    }
    Ok(())
}

/// The three weeks of the year-end freeze ahead (from 15 December; next year's once this
/// year's has begun), and the Sunday that starts the demo's week of upcoming changes: at
/// least three days ahead, with the whole week up to its Thursday evening outside the
/// freeze. So the upcoming changes collide for the reasons the demo tells, whatever the
/// day it is built: only the firmware change, placed in the freeze, meets the blackout.
pub(crate) fn upcoming_dates(today: chrono::NaiveDate) -> (chrono::NaiveDate, chrono::NaiveDate) {
    use chrono::{Datelike, Duration, NaiveDate, Weekday};
    let this_year = NaiveDate::from_ymd_opt(today.year(), 12, 15).unwrap_or(today);
    let freeze = if today < this_year { this_year } else { NaiveDate::from_ymd_opt(today.year() + 1, 12, 15).unwrap_or(today) };
    let thaw = freeze + Duration::days(21);
    let mut sunday = today + Duration::days(3);
    while sunday.weekday() != Weekday::Sun {
        sunday += Duration::days(1);
    }
    // Sunday to the Thursday's end (Friday 00:00) overlaps the freeze unless it ends first or starts after.
    while sunday + Duration::days(5) > freeze && sunday < thaw {
        sunday += Duration::weeks(1);
    }
    (freeze, sunday)
}
