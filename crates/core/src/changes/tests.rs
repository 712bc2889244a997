use super::conflicts::{conflicts, ConflictReason as R};
use super::import::{import_changes, ChangeSource};
use super::*;
use crate::cis::{create_ci, CiInput, CiType, Environment, Lifecycle};
use crate::links::{create_link, LinkType, NewLink};
use crate::record::RecordRef;
use crate::workspace::Actor;

fn ws() -> (tempfile::TempDir, Workspace) {
    let d = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&d.path().join("w.steward"), Actor::parse("Change Manager").unwrap()).unwrap();
    (d, ws)
}

fn ci(ws: &Workspace, name: &str) -> i64 {
    create_ci(ws, &CiInput { name: name.into(), ci_type: CiType::Server, environment: Environment::Production, owner_id: None, lifecycle: Lifecycle::Operational, attributes: Default::default() }).unwrap().id.0
}

fn change(ws: &Workspace, title: &str, from: &str, to: &str, cis: &[i64], assignee: Option<i64>) -> Change {
    create_change(ws, &ChangeInput {
        title: title.into(), description: String::new(), change_type: ChangeType::Normal, risk: String::new(), impact: String::new(),
        planned_start: Some(from.into()), planned_end: Some(to.into()), assignment_group_id: None, assignee_id: assignee, ci_ids: cis.to_vec(),
    })
    .unwrap()
}

#[test]
fn every_conflict_reason_is_found_and_closed_changes_are_not() {
    let (_d, ws) = ws();
    let (a, b, c) = (ci(&ws, "db01"), ci(&ws, "app01"), ci(&ws, "fw01"));
    let r = |id| RecordRef { kind: RecordKind::Ci, id };
    create_link(&ws, &NewLink { from: r(b), link_type: LinkType::DependsOn, to: r(a) }).unwrap();
    let p = crate::directory::create_person(&ws, &crate::directory::PersonInput { name: "Sofia Rossi".into(), ..Default::default() }).unwrap().id.0;
    let c1 = change(&ws, "Patch db01", "2030-01-07T10:00:00Z", "2030-01-07T12:00:00Z", &[a], Some(p));
    let c2 = change(&ws, "Resize db01", "2030-01-07T11:00:00Z", "2030-01-07T13:00:00Z", &[a], None);
    let c3 = change(&ws, "Deploy app01", "2030-01-07T11:30:00Z", "2030-01-07T12:30:00Z", &[b], None);
    let c4 = change(&ws, "Firewall rule", "2030-01-07T11:00:00Z", "2030-01-07T11:30:00Z", &[c], Some(p));
    let c5 = change(&ws, "In the freeze", "2030-01-08T09:00:00Z", "2030-01-08T10:00:00Z", &[], None);
    let c6 = change(&ws, "Firewall in its window", "2030-01-20T03:00:00Z", "2030-01-20T04:00:00Z", &[c], None);
    let c7 = change(&ws, "Closed one", "2030-01-07T10:00:00Z", "2030-01-07T12:00:00Z", &[a], None);
    // Back to back is not overlapping.
    let c8 = change(&ws, "After db01 work", "2030-01-07T13:00:00Z", "2030-01-07T14:00:00Z", &[a], None);
    for to in [ChangeState::Assess, ChangeState::Cancelled] {
        transition_change(&ws, c7.id, to).unwrap();
    }
    create_window(&ws, &WindowInput { kind: WindowKind::Blackout, name: "Year-start freeze".into(), ci_id: None, service_id: None,
        starts_at: "2030-01-08T00:00:00Z".into(), ends_at: "2030-01-09T00:00:00Z".into(), recurrence: Recurrence::None, until: None }).unwrap();
    create_window(&ws, &WindowInput { kind: WindowKind::Maintenance, name: "Sunday nights".into(), ci_id: Some(c), service_id: None,
        starts_at: "2030-01-06T02:00:00Z".into(), ends_at: "2030-01-06T06:00:00Z".into(), recurrence: Recurrence::Weekly, until: None }).unwrap();
    let found: Vec<(String, Option<String>, R)> = conflicts(&ws).unwrap().into_iter().map(|c| (c.change, c.other, c.reason)).collect();
    let n = |c: &Change| c.number.clone();
    let mut expected = vec![
        (n(&c1), Some(n(&c2)), R::SameCi),
        (n(&c1), Some(n(&c3)), R::RelatedCi),
        (n(&c1), Some(n(&c4)), R::AssigneeBusy),
        (n(&c2), Some(n(&c3)), R::RelatedCi),
        (n(&c4), None, R::OutsideWindow),
        (n(&c5), None, R::Blackout),
    ];
    expected.sort_by(|x, y| (&x.0, &x.1, x.2.as_str()).cmp(&(&y.0, &y.1, y.2.as_str())));
    assert_eq!(found, expected);
    let _ = (c6, c8);
}

#[test]
fn only_valid_moves_and_scheduling_needs_a_plan() {
    let (_d, ws) = ws();
    let c = create_change(&ws, &ChangeInput {
        title: "Replace core switch".into(), description: String::new(), change_type: ChangeType::Normal, risk: "high".into(), impact: String::new(),
        planned_start: None, planned_end: None, assignment_group_id: None, assignee_id: None, ci_ids: vec![],
    })
    .unwrap();
    assert_eq!((c.number.as_str(), c.state), ("CHG0000001", ChangeState::Draft));
    assert_eq!(transition_change(&ws, c.id, ChangeState::Scheduled).unwrap_err().field(), Some("to"));
    transition_change(&ws, c.id, ChangeState::Assess).unwrap();
    transition_change(&ws, c.id, ChangeState::Authorize).unwrap();
    assert_eq!(transition_change(&ws, c.id, ChangeState::Scheduled).unwrap_err().field(), Some("planned_start"));
    assert!(create_change(&ws, &ChangeInput {
        title: "Backwards".into(), description: String::new(), change_type: ChangeType::Normal, risk: String::new(), impact: String::new(),
        planned_start: Some("2030-01-07T12:00:00Z".into()), planned_end: Some("2030-01-07T10:00:00Z".into()), assignment_group_id: None, assignee_id: None, ci_ids: vec![],
    })
    .is_err());
    assert!(ChangeState::Implement.can_move_to(ChangeState::Failed) && !ChangeState::Closed.can_move_to(ChangeState::Draft));
    // Figures: one ended change (failed), none successful yet.
    let planned = change(&ws, "Planned", "2030-01-07T10:00:00Z", "2030-01-07T11:00:00Z", &[], None);
    for to in [ChangeState::Assess, ChangeState::Authorize, ChangeState::Scheduled, ChangeState::Implement, ChangeState::Failed, ChangeState::Closed] {
        transition_change(&ws, planned.id, to).unwrap();
    }
    let f = figures(&ws).unwrap();
    assert_eq!((f.changes, f.ended, f.success_pct, f.emergency_pct), (2, 1, Some(0.0), Some(0.0)));
}

#[test]
fn servicenow_change_exports_import_idempotently() {
    let (d, ws) = ws();
    let f = d.path().join("change_request.csv");
    std::fs::write(&f, "number,short_description,type,state,risk,impact,start_date,end_date,assigned_to,assignment_group,cmdb_ci,close_code\n\
CHG0030001,Patch portal web servers,Normal,Scheduled,Moderate,2 - Medium,2030-02-03 22:00:00,2030-02-04 01:00:00,Lukas Weber,Infrastructure Ops,vm-portal-web-01,\n\
CHG0030002,Emergency DB failover,Emergency,-1,High,1 - High,2030-02-03 23:00:00,2030-02-04 00:30:00,Lukas Weber,Database Admins,vm-portal-web-01,\n\
CHG0030003,Old change,Standard,Closed,Low,3 - Low,2029-12-01 10:00:00,2029-12-01 11:00:00,,,,successful\n\
CHG0030004,Bad state,Normal,Sideways,,,,,,,,\n").unwrap();
    let r = import_changes(&ws, ChangeSource::ServiceNow, &f, chrono_tz::Europe::Berlin, None).unwrap();
    assert_eq!((r.rows_read, r.created, r.rejected), (4, 3, 1), "{r:?}");
    assert_eq!(r.errors[0].column.as_deref(), Some("state"));
    let c = show_change(&ws, "CHG0030001").unwrap();
    assert_eq!((c.state, c.planned_start.as_deref(), c.cis.as_slice()), (ChangeState::Scheduled, Some("2030-02-03T21:00:00Z"), ["vm-portal-web-01".to_string()].as_slice()), "Berlin time to UTC");
    assert_eq!(show_change(&ws, "CHG0030002").unwrap().state, ChangeState::Implement, "numeric states");
    let again = import_changes(&ws, ChangeSource::ServiceNow, &f, chrono_tz::Europe::Berlin, None).unwrap();
    assert_eq!((again.created, again.updated), (0, 0));
    let found = conflicts(&ws).unwrap();
    assert!(found.iter().any(|c| c.reason == R::SameCi && c.change == "CHG0030001" && c.other.as_deref() == Some("CHG0030002")));
    assert!(found.iter().any(|c| c.reason == R::AssigneeBusy));
}

#[test]
fn steward_csv_round_trips() {
    let (d, ws) = ws();
    let a = ci(&ws, "db01");
    let b = ci(&ws, "app01");
    let c = change(&ws, "Patch \"db01\", then <app01>", "2030-01-07T10:00:00Z", "2030-01-07T12:00:00Z", &[a, b], None);
    transition_change(&ws, c.id, ChangeState::Assess).unwrap();
    let out = d.path().join("one.csv");
    assert_eq!(super::import::export_changes(&ws, crate::export::ExportFormat::Csv, &out).unwrap().rows, 1);
    let (d2, ws2) = self::ws();
    let r = import_changes(&ws2, ChangeSource::StewardCsv, &out, chrono_tz::UTC, None).unwrap();
    assert_eq!((r.created, r.rejected), (1, 0), "{r:?}");
    let out2 = d2.path().join("two.csv");
    super::import::export_changes(&ws2, crate::export::ExportFormat::Csv, &out2).unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), std::fs::read_to_string(&out2).unwrap());
    let again = import_changes(&ws2, ChangeSource::StewardCsv, &out2, chrono_tz::UTC, None).unwrap();
    assert_eq!((again.created, again.updated), (0, 0));
}
