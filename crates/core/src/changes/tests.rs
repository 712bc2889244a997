use super::conflicts::{conflicts, ConflictReason as R};
use super::import::{import_changes, ChangeSource};
use crate::import::ImportOptions;
use super::*;
use crate::cis::{create_ci, CiInput, CiType, Environment, Lifecycle};
use crate::links::{create_link, LinkType, NewLink};
use crate::record::RecordRef;
use super::assessment::{assess_change, set_questionnaire, Questionnaire};
use super::authorization::{authorization, save_board, set_authority, vote, BoardInput, Decision, Vote, VoteInput};
use super::calendar::calendar;
use super::review::{review_change, ReviewInput, ReviewOutcome};
use super::templates::{save_template, TemplateInput};

fn person(ws: &Workspace, name: &str) -> i64 {
    if let Ok(id) = ws.conn().query_row("SELECT id FROM people WHERE name = ?1", [name], |r| r.get(0)) {
        return id;
    }
    crate::directory::create_person(ws, &crate::directory::PersonInput { name: name.into(), ..Default::default() }).unwrap().id.0
}

fn ws() -> (tempfile::TempDir, Workspace) {
    crate::testing::ws("Change Manager")
}

fn ci(ws: &Workspace, name: &str) -> i64 {
    create_ci(ws, &CiInput { name: name.into(), ci_type: CiType::Server, environment: Environment::Production, owner_id: None, lifecycle: Lifecycle::Operational, attributes: Default::default() }).unwrap().id.0
}

fn change(ws: &Workspace, title: &str, from: &str, to: &str, cis: &[i64], assignee: Option<i64>) -> Change {
    create_change(ws, &ChangeInput {
        title: title.into(), change_type: ChangeType::Normal, planned_start: Some(from.into()), planned_end: Some(to.into()), assignee_id: assignee, ci_ids: cis.to_vec(),
        ..Default::default()
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
    // One change's conflicts, found among the changes its period overlaps, are the whole
    // set's that name it, for every change (those with none too).
    let all = conflicts(&ws).unwrap();
    for c in [&c1, &c2, &c3, &c4, &c5, &c6, &c7, &c8] {
        let mine: Vec<_> = all.iter().filter(|x| x.change == c.number || x.other.as_deref() == Some(c.number.as_str())).cloned().collect();
        assert_eq!(super::conflicts::conflicts_of(&ws, c.id).unwrap(), mine, "{}", c.title);
    }
    assert_eq!(change_detail(&ws, c1.id).unwrap().conflicts.len(), 3);
}

#[test]
fn changes_list_filters_searches_sorts_and_pages() {
    let (_d, ws) = ws();
    let db = ci(&ws, "db01");
    for i in 0..30 {
        let day = format!("2030-02-{:02}T10:00:00Z", 1 + i % 28);
        let end = format!("2030-02-{:02}T11:00:00Z", 1 + i % 28);
        let cis = if i % 3 == 0 { vec![db] } else { vec![] };
        let c = change(&ws, &format!("Patch wave {i}"), &day, &end, &cis, None);
        if i % 5 == 0 {
            transition_change(&ws, c.id, ChangeState::Cancelled).unwrap();
        }
    }
    let term = |field: &str, value: &str| crate::list::FilterTerm { field: field.into(), value: value.into(), missing: false, op: None };
    let live: Vec<_> = [ChangeState::Draft, ChangeState::Assess].iter().map(|s| term("state", s.as_str())).collect();
    let page = list_changes(&ws, &ListRequest { filters: live.clone(), limit: Some(10), ..Default::default() }).unwrap();
    assert_eq!((page.total, page.items.len()), (Some(24), 10));
    assert!(page.items.iter().all(|c| c.state == ChangeState::Draft));
    // Keyset pages walk every live change once, in planned order.
    let sort = Some(crate::list::SortTerm { field: "planned_start".into(), descending: false });
    let mut seen = Vec::new();
    let mut req = ListRequest { filters: live, sort, limit: Some(7), ..Default::default() };
    loop {
        let p = list_changes(&ws, &req).unwrap();
        seen.extend(p.items.iter().map(|c| (c.planned_start.clone(), c.number.clone())));
        match p.next {
            Some(n) => req.after = Some(n),
            None => break,
        }
    }
    assert_eq!(seen.len(), 24);
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "planned order");
    // Words find changes through the search index; an id finds one (pickers show the chosen one).
    let wave = list_changes(&ws, &ListRequest { text: Some("wave 17".into()), ..Default::default() }).unwrap();
    assert_eq!(wave.items.iter().map(|c| c.title.as_str()).collect::<Vec<_>>(), ["Patch wave 17"]);
    let one = list_changes(&ws, &ListRequest { filters: vec![term("id", &wave.items[0].id.0.to_string())], ..Default::default() }).unwrap();
    assert_eq!(one.items[0].number, wave.items[0].number);
    assert!(list_changes(&ws, &ListRequest { filters: vec![term("title", "x")], ..Default::default() }).is_err(), "not a filter of this list");
}

#[test]
fn only_valid_moves_and_scheduling_needs_a_plan() {
    let (_d, ws) = ws();
    let c = create_change(&ws, &ChangeInput { title: "Replace core switch".into(), risk: "high".into(), ..Default::default() }).unwrap();
    assert_eq!((c.number.as_str(), c.state), ("CHG0000001", ChangeState::Draft));
    assert_eq!(transition_change(&ws, c.id, ChangeState::Scheduled).unwrap_err().field(), Some("to"));
    transition_change(&ws, c.id, ChangeState::Assess).unwrap();
    transition_change(&ws, c.id, ChangeState::Authorize).unwrap();
    assert_eq!(transition_change(&ws, c.id, ChangeState::Scheduled).unwrap_err().field(), Some("planned_start"));
    assert!(create_change(&ws, &ChangeInput {
        title: "Backwards".into(), planned_start: Some("2030-01-07T12:00:00Z".into()), planned_end: Some("2030-01-07T10:00:00Z".into()), ..Default::default()
    })
    .is_err());
    let n = ChangeType::Normal;
    assert!(ChangeState::Implement.can_move_to(n, ChangeState::Failed) && !ChangeState::Closed.can_move_to(n, ChangeState::Draft));
    assert!(!ChangeState::Draft.can_move_to(n, ChangeState::Scheduled) && ChangeState::Draft.can_move_to(ChangeType::Standard, ChangeState::Scheduled));
    assert!(!ChangeState::Draft.can_move_to(n, ChangeState::Authorize) && ChangeState::Draft.can_move_to(ChangeType::Emergency, ChangeState::Authorize));
    // The moves the window offers are the lifecycle's, per type.
    use ChangeState::*;
    assert_eq!(Draft.next_states(n), [Assess, Cancelled]);
    assert_eq!(Draft.next_states(ChangeType::Standard), [Scheduled, Cancelled]);
    assert_eq!(Draft.next_states(ChangeType::Emergency), [Assess, Authorize, Cancelled]);
    assert_eq!(Implement.next_states(n), [Review, Failed]);
    assert!(Closed.next_states(n).is_empty() && Cancelled.next_states(ChangeType::Emergency).is_empty());
    let d = change_detail(&ws, c.id).unwrap();
    assert_eq!((d.change.state, d.next_states), (Authorize, vec![Assess, Scheduled, Cancelled]));
    // Figures: one ended change (failed), none successful yet.
    let planned = change(&ws, "Planned", "2030-01-07T10:00:00Z", "2030-01-07T11:00:00Z", &[], None);
    transition_change(&ws, planned.id, ChangeState::Assess).unwrap();
    assess_change(&ws, planned.id, &[0, 0, 0, 0, 0, 0]).unwrap();
    transition_change(&ws, planned.id, ChangeState::Authorize).unwrap();
    vote(&ws, planned.id, &VoteInput { person_id: person(&ws, "Maria Keller"), vote: Vote::Approve, comment: String::new() }).unwrap();
    for to in [ChangeState::Scheduled, ChangeState::Implement, ChangeState::Failed] {
        transition_change(&ws, planned.id, to).unwrap();
    }
    assert_eq!(transition_change(&ws, planned.id, ChangeState::Closed).unwrap_err().field(), Some("to"), "closing needs the review");
    review_change(&ws, planned.id, &ReviewInput { outcome: ReviewOutcome::BackedOut, lessons: "Test the back-out first.".into() }).unwrap();
    transition_change(&ws, planned.id, ChangeState::Closed).unwrap();
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
CHG0030003,Old change,Standard,Closed,Low,3 - Low,2029-12-01 10:00:00,2029-12-01 11:00:00,,,,Successful with issues\n\
CHG0030004,Bad state,Normal,Sideways,,,,,,,,\n").unwrap();
    let r = import_changes(&ws, ChangeSource::ServiceNow, &f, &ImportOptions { tz: chrono_tz::Europe::Berlin, ..Default::default() }).unwrap();
    assert_eq!((r.rows_read, r.created, r.rejected), (4, 3, 1), "{r:?}");
    assert_eq!(r.errors[0].column.as_deref(), Some("state"));
    let c = show_change(&ws, "CHG0030001").unwrap();
    assert_eq!((c.state, c.planned_start.as_deref(), c.cis.as_slice()), (ChangeState::Scheduled, Some("2030-02-03T21:00:00Z"), ["vm-portal-web-01".to_string()].as_slice()), "Berlin time to UTC");
    assert_eq!(show_change(&ws, "CHG0030002").unwrap().state, ChangeState::Implement, "numeric states");
    let old = show_change(&ws, "CHG0030003").unwrap();
    assert_eq!(super::review::get_review(&ws, old.id).unwrap().map(|r| r.outcome), Some(ReviewOutcome::SuccessfulWithIssues), "the close code is the review's outcome");
    assert_eq!(figures(&ws).unwrap().success_pct, Some(100.0));
    let again = import_changes(&ws, ChangeSource::ServiceNow, &f, &ImportOptions { tz: chrono_tz::Europe::Berlin, ..Default::default() }).unwrap();
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
    let mut plans = ChangeInput { title: "Failed one".into(), justification: "Why".into(), implementation_plan: "1.\n2.".into(), backout_plan: "Undo, \"quickly\"".into(), test_plan: "Test".into(),
        planned_start: Some("2030-01-08T10:00:00Z".into()), planned_end: Some("2030-01-08T12:00:00Z".into()), change_type: ChangeType::Emergency, ..Default::default() };
    let f = create_change(&ws, &plans).unwrap();
    plans.title = "Failed one, renamed".into();
    update_change(&ws, f.id, &plans).unwrap();
    transition_change(&ws, f.id, ChangeState::Authorize).unwrap();
    vote(&ws, f.id, &VoteInput { person_id: person(&ws, "Maria Keller"), vote: Vote::Approve, comment: String::new() }).unwrap();
    for to in [ChangeState::Scheduled, ChangeState::Implement, ChangeState::Failed] {
        transition_change(&ws, f.id, to).unwrap();
    }
    review_change(&ws, f.id, &ReviewInput { outcome: ReviewOutcome::BackedOut, lessons: "Lessons,\nmany".into() }).unwrap();
    let out = d.path().join("one.csv");
    assert_eq!(super::import::export_changes(&ws, crate::export::ExportFormat::Csv, &out).unwrap().rows, 2);
    let (d2, ws2) = self::ws();
    let r = import_changes(&ws2, ChangeSource::StewardCsv, &out, &ImportOptions::default()).unwrap();
    assert_eq!((r.created, r.rejected), (2, 0), "{r:?}");
    let back = show_change(&ws2, &f.number).unwrap();
    assert_eq!((back.backout_plan.as_str(), back.actual_start.is_some()), ("Undo, \"quickly\"", true));
    assert_eq!(super::review::get_review(&ws2, back.id).unwrap().map(|r| r.lessons), Some("Lessons,\nmany".into()));
    let out2 = d2.path().join("two.csv");
    super::import::export_changes(&ws2, crate::export::ExportFormat::Csv, &out2).unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), std::fs::read_to_string(&out2).unwrap());
    let again = import_changes(&ws2, ChangeSource::StewardCsv, &out2, &ImportOptions::default()).unwrap();
    assert_eq!((again.created, again.updated), (0, 0));
}

#[test]
fn the_questionnaire_scores_answers_into_a_level_and_edits_never_rewrite_assessments() {
    let (_d, ws) = ws();
    let q = Questionnaire::default();
    q.check().unwrap();
    assert_eq!(q.assess(&[0, 0, 0, 0, 0, 0]).unwrap().level, "Low");
    let a = q.assess(&[1, 1, 0, 0, 0, 1]).unwrap();
    assert_eq!((a.score, a.level.as_str()), (5, "Moderate"), "a threshold is reached at its minimum");
    assert_eq!(q.assess(&[2, 2, 1, 1, 1, 1]).unwrap().level, "High");
    assert_eq!(q.assess(&[2, 2, 2, 2, 2, 2]).unwrap().level, "Very high");
    assert_eq!(q.assess(&[0, 0]).unwrap_err().field(), Some("answers"), "every question answered");
    assert_eq!(q.assess(&[0, 0, 0, 0, 0, 9]).unwrap_err().field(), Some("answers"));
    // Bad questionnaires are refused with the reason.
    let mut bad = q.clone();
    bad.levels[1].min_score = 0;
    assert_eq!(set_questionnaire(&ws, &bad).unwrap_err().field(), Some("levels"));
    let mut bad = q.clone();
    bad.questions[0].answers.truncate(1);
    assert_eq!(set_questionnaire(&ws, &bad).unwrap_err().field(), Some("questions"));
    // An assessment keeps its answers when the questionnaire changes.
    let c = change(&ws, "Resize volume", "2030-01-07T10:00:00Z", "2030-01-07T11:00:00Z", &[], None);
    let assessed = assess_change(&ws, c.id, &[2, 2, 1, 1, 1, 1]).unwrap();
    assert_eq!((assessed.risk.as_str(), assessed.risk_answers.len()), ("High", 6));
    assert_eq!(assessed.risk_answers[0].answer, "More than 500");
    let mut two = Questionnaire::default();
    two.questions.truncate(2);
    two.questions[0].text = "Reach?".into();
    set_questionnaire(&ws, &two).unwrap();
    let after = get_change(&ws, c.id).unwrap();
    assert_eq!((after.risk.as_str(), after.risk_answers[0].question.as_str()), ("High", "How many users would notice if the change went wrong?"));
    // Not after authorization has begun.
    transition_change(&ws, c.id, ChangeState::Assess).unwrap();
    transition_change(&ws, c.id, ChangeState::Authorize).unwrap();
    assert!(matches!(assess_change(&ws, c.id, &[0, 0]), Err(CoreError::Conflict(_))));
}

#[test]
fn authorization_follows_the_authority_for_type_and_risk() {
    let (_d, ws) = ws();
    let (maria, priya, nora, tom) = (person(&ws, "Maria Keller"), person(&ws, "Priya Nair"), person(&ws, "Nora Schmidt"), person(&ws, "Tom Hughes"));
    let cab = save_board(&ws, None, &BoardInput { name: "CAB".into(), member_ids: vec![maria, priya, nora] }).unwrap();
    let ecab = save_board(&ws, None, &BoardInput { name: "ECAB".into(), member_ids: vec![nora] }).unwrap();
    set_authority(&ws, ChangeType::Normal, "", Some(cab.id), 2).unwrap();
    set_authority(&ws, ChangeType::Normal, "High", Some(cab.id), 3).unwrap();
    set_authority(&ws, ChangeType::Emergency, "", Some(ecab.id), 1).unwrap();
    assert_eq!(set_authority(&ws, ChangeType::Normal, "Low", Some(ecab.id), 2).unwrap_err().field(), Some("approvals_needed"), "more approvals than members");
    assert!(set_authority(&ws, ChangeType::Standard, "", Some(cab.id), 1).is_err(), "standard changes are pre-authorized");

    // A normal change at moderate risk: needs an assessment, then two CAB approvals.
    let c = change(&ws, "Patch ERP", "2030-01-07T10:00:00Z", "2030-01-07T11:00:00Z", &[], None);
    transition_change(&ws, c.id, ChangeState::Assess).unwrap();
    assert_eq!(transition_change(&ws, c.id, ChangeState::Authorize).unwrap_err().field(), Some("risk"));
    assess_change(&ws, c.id, &[1, 1, 0, 0, 0, 1]).unwrap();
    transition_change(&ws, c.id, ChangeState::Authorize).unwrap();
    assert_eq!(vote(&ws, c.id, &VoteInput { person_id: tom, vote: Vote::Approve, comment: String::new() }).unwrap_err().field(), Some("person_id"), "not a member");
    let a = vote(&ws, c.id, &VoteInput { person_id: maria, vote: Vote::Approve, comment: "Fine".into() }).unwrap();
    assert_eq!((a.board.as_deref(), a.approvals_needed, a.approvals, a.decision), (Some("CAB"), 2, 1, Decision::Pending));
    let err = transition_change(&ws, c.id, ChangeState::Scheduled).unwrap_err().to_string();
    assert!(err.contains("1 of 2 approvals from CAB"), "{err}");
    // Voting again replaces the vote; a rejection needs a reason and blocks.
    assert_eq!(vote(&ws, c.id, &VoteInput { person_id: priya, vote: Vote::Reject, comment: " ".into() }).unwrap_err().field(), Some("comment"));
    let a = vote(&ws, c.id, &VoteInput { person_id: priya, vote: Vote::Reject, comment: "No back-out tested".into() }).unwrap();
    assert_eq!(a.decision, Decision::Rejected);
    assert!(transition_change(&ws, c.id, ChangeState::Scheduled).unwrap_err().to_string().contains("Priya Nair rejected it"));
    // Reworked and asked again: a new round, the old votes stay on record.
    transition_change(&ws, c.id, ChangeState::Assess).unwrap();
    transition_change(&ws, c.id, ChangeState::Authorize).unwrap();
    for p in [priya, nora] {
        vote(&ws, c.id, &VoteInput { person_id: p, vote: Vote::Approve, comment: String::new() }).unwrap();
    }
    let a = authorization(&ws, c.id).unwrap();
    assert_eq!((a.round, a.approvals, a.rejections, a.decision, a.votes.len()), (2, 2, 0, Decision::Authorized, 4));
    transition_change(&ws, c.id, ChangeState::Scheduled).unwrap();
    assert!(matches!(vote(&ws, c.id, &VoteInput { person_id: maria, vote: Vote::Approve, comment: String::new() }), Err(CoreError::Conflict(_))));

    // High risk takes three.
    let h = change(&ws, "Core switch", "2030-01-08T10:00:00Z", "2030-01-08T11:00:00Z", &[], None);
    transition_change(&ws, h.id, ChangeState::Assess).unwrap();
    assess_change(&ws, h.id, &[2, 2, 1, 1, 1, 1]).unwrap();
    transition_change(&ws, h.id, ChangeState::Authorize).unwrap();
    assert_eq!(authorization(&ws, h.id).unwrap().approvals_needed, 3);

    // The emergency path: straight to the ECAB, one approval.
    let mut urgent = ChangeInput {
        title: "Block exploited VPN".into(), change_type: ChangeType::Emergency, planned_start: Some("2030-01-07T15:00:00Z".into()), planned_end: Some("2030-01-07T16:00:00Z".into()), ..Default::default()
    };
    let e = create_change(&ws, &urgent).unwrap();
    // Urgency skips the assessment, not the justification and the back-out plan.
    assert_eq!(transition_change(&ws, e.id, ChangeState::Authorize).unwrap_err().field(), Some("justification"));
    urgent.justification = "The VPN appliance is exploited in the wild (vendor advisory).".into();
    update_change(&ws, e.id, &urgent).unwrap();
    assert_eq!(transition_change(&ws, e.id, ChangeState::Authorize).unwrap_err().field(), Some("backout_plan"));
    urgent.backout_plan = "Restore the previous rule set from the appliance's backup.".into();
    update_change(&ws, e.id, &urgent).unwrap();
    transition_change(&ws, e.id, ChangeState::Authorize).unwrap();
    assert_eq!(vote(&ws, e.id, &VoteInput { person_id: maria, vote: Vote::Approve, comment: String::new() }).unwrap_err().field(), Some("person_id"));
    assert_eq!(vote(&ws, e.id, &VoteInput { person_id: nora, vote: Vote::Approve, comment: String::new() }).unwrap().decision, Decision::Authorized);
    transition_change(&ws, e.id, ChangeState::Scheduled).unwrap();

    // No rule: anyone's approval authorizes (the change manager).
    set_authority(&ws, ChangeType::Normal, "", None, 0).unwrap();
    let l = change(&ws, "Small", "2030-01-09T10:00:00Z", "2030-01-09T11:00:00Z", &[], None);
    transition_change(&ws, l.id, ChangeState::Assess).unwrap();
    assess_change(&ws, l.id, &[0, 0, 0, 0, 0, 0]).unwrap();
    transition_change(&ws, l.id, ChangeState::Authorize).unwrap();
    let a = vote(&ws, l.id, &VoteInput { person_id: tom, vote: Vote::Approve, comment: String::new() }).unwrap();
    assert_eq!((a.board, a.decision), (None, Decision::Authorized));
    // Everything is in the audit trail.
    let voted: i64 = ws.conn().query_row("SELECT count(*) FROM audit_log WHERE action = 'change.voted'", [], |r| r.get(0)).unwrap();
    assert_eq!(voted, 6, "every vote cast, refused ones not");
}

#[test]
fn standard_changes_come_from_templates_and_skip_authorization() {
    let (_d, ws) = ws();
    assert_eq!(create_change(&ws, &ChangeInput { title: "Reindex".into(), change_type: ChangeType::Standard, ..Default::default() }).unwrap_err().field(), Some("template_id"));
    assert_eq!(save_template(&ws, None, &TemplateInput { name: "Reindex".into(), ..Default::default() }).unwrap_err().field(), Some("implementation_plan"));
    let t = save_template(&ws, None, &TemplateInput {
        name: "Rebuild indexes".into(), implementation_plan: "REINDEX CONCURRENTLY".into(), backout_plan: "Cancel the backend".into(), risk: "Low".into(), active: true, ..Default::default()
    })
    .unwrap();
    assert!(create_change(&ws, &ChangeInput { title: "x".into(), change_type: ChangeType::Normal, template_id: Some(t.id), ..Default::default() }).is_err());
    let c = create_change(&ws, &ChangeInput {
        title: "Reindex orders".into(), change_type: ChangeType::Standard, template_id: Some(t.id), test_plan: "Compare timings".into(),
        planned_start: Some("2030-01-07T10:00:00Z".into()), planned_end: Some("2030-01-07T11:00:00Z".into()), ..Default::default()
    })
    .unwrap();
    assert_eq!((c.implementation_plan.as_str(), c.test_plan.as_str(), c.risk.as_str(), c.template.as_deref()), ("REINDEX CONCURRENTLY", "Compare timings", "Low", Some("Rebuild indexes")));
    assert_eq!(transition_change(&ws, c.id, ChangeState::Assess).unwrap_err().field(), Some("to"));
    let s = transition_change(&ws, c.id, ChangeState::Scheduled).unwrap();
    assert_eq!(s.state, ChangeState::Scheduled);
    let s = transition_change(&ws, c.id, ChangeState::Implement).unwrap();
    assert!(s.actual_start.is_some() && s.actual_end.is_none());
    let s = transition_change(&ws, c.id, ChangeState::Review).unwrap();
    assert!(s.actual_end.is_some());
    // A normal change does not become standard by editing; an imported standard change
    // (no template on record) stays editable.
    let n = create_change(&ws, &ChangeInput { title: "Normal".into(), ..Default::default() }).unwrap();
    assert_eq!(update_change(&ws, n.id, &ChangeInput { title: "Normal".into(), change_type: ChangeType::Standard, ..Default::default() }).unwrap_err().field(), Some("change_type"));
    let imported = ws.write(|tx| create_in(tx, Some("CHG0099999"), &ChangeInput { title: "Imported standard".into(), change_type: ChangeType::Standard, ..Default::default() }, ChangeState::Draft)).unwrap();
    assert_eq!(update_change(&ws, imported, &ChangeInput { title: "Renamed".into(), change_type: ChangeType::Standard, ..Default::default() }).unwrap().title, "Renamed");
    // Retired templates make no new changes.
    save_template(&ws, Some(t.id), &TemplateInput { name: "Rebuild indexes".into(), implementation_plan: "x".into(), backout_plan: "y".into(), active: false, ..Default::default() }).unwrap();
    assert!(create_change(&ws, &ChangeInput { title: "Again".into(), change_type: ChangeType::Standard, template_id: Some(t.id), ..Default::default() }).unwrap_err().to_string().contains("retired"));
}

#[test]
fn the_review_records_outcome_and_lessons_and_feeds_the_figures() {
    let (_d, ws) = ws();
    let t = save_template(&ws, None, &TemplateInput { name: "T".into(), implementation_plan: "do".into(), backout_plan: "undo".into(), active: true, ..Default::default() }).unwrap();
    let mut ids = Vec::new();
    for k in 0..3 {
        let c = create_change(&ws, &ChangeInput {
            title: format!("C{k}"), change_type: ChangeType::Standard, template_id: Some(t.id),
            planned_start: Some("2030-01-07T10:00:00Z".into()), planned_end: Some("2030-01-07T11:00:00Z".into()), ..Default::default()
        })
        .unwrap();
        assert!(matches!(review_change(&ws, c.id, &ReviewInput { outcome: ReviewOutcome::Successful, lessons: String::new() }), Err(CoreError::Conflict(_))), "not before implementation");
        for to in [ChangeState::Scheduled, ChangeState::Implement, ChangeState::Review] {
            transition_change(&ws, c.id, to).unwrap();
        }
        ids.push(c.id);
    }
    assert_eq!(review_change(&ws, ids[1], &ReviewInput { outcome: ReviewOutcome::SuccessfulWithIssues, lessons: String::new() }).unwrap_err().field(), Some("lessons"));
    review_change(&ws, ids[0], &ReviewInput { outcome: ReviewOutcome::Successful, lessons: String::new() }).unwrap();
    review_change(&ws, ids[1], &ReviewInput { outcome: ReviewOutcome::SuccessfulWithIssues, lessons: "Took longer".into() }).unwrap();
    let r = review_change(&ws, ids[2], &ReviewInput { outcome: ReviewOutcome::BackedOut, lessons: "Rolled back after errors".into() }).unwrap();
    assert_eq!((r.outcome, r.reviewed_by.as_str()), (ReviewOutcome::BackedOut, "Change Manager"));
    for id in &ids {
        transition_change(&ws, *id, ChangeState::Closed).unwrap();
    }
    let f = figures(&ws).unwrap();
    assert_eq!((f.ended, f.success_pct), (3, Some(66.7)));
}

#[test]
fn the_calendar_lists_changes_and_window_occurrences_in_a_period() {
    let (_d, ws) = ws();
    let a = ci(&ws, "db01");
    let c1 = change(&ws, "Patch db01", "2030-01-07T10:00:00Z", "2030-01-07T12:00:00Z", &[a], None);
    let c2 = change(&ws, "Resize db01", "2030-01-07T11:00:00Z", "2030-01-07T13:00:00Z", &[a], None);
    change(&ws, "Next month", "2030-02-07T11:00:00Z", "2030-02-07T13:00:00Z", &[a], None);
    create_window(&ws, &WindowInput { kind: WindowKind::Maintenance, name: "<b>Sunday</b> nights".into(), ci_id: Some(a), service_id: None,
        starts_at: "2029-12-02T02:00:00Z".into(), ends_at: "2029-12-02T06:00:00Z".into(), recurrence: Recurrence::Weekly, until: None }).unwrap();
    let w = create_window(&ws, &WindowInput { kind: WindowKind::Blackout, name: "Freeze".into(), ci_id: None, service_id: None,
        starts_at: "2030-01-20T00:00:00Z".into(), ends_at: "2030-01-22T00:00:00Z".into(), recurrence: Recurrence::None, until: None }).unwrap();
    let cal = calendar(&ws, "2030-01-01T00:00:00Z", "2030-02-01T00:00:00Z").unwrap();
    assert_eq!(cal.changes.iter().map(|c| c.number.as_str()).collect::<Vec<_>>(), [c1.number.as_str(), c2.number.as_str()]);
    assert!(cal.changes[0].conflicts.contains(&R::SameCi) && cal.changes[0].conflicts.contains(&R::OutsideWindow));
    let sundays: Vec<&str> = cal.windows.iter().filter(|s| s.kind == WindowKind::Maintenance).map(|s| &s.start[..10]).collect();
    assert_eq!(sundays, ["2030-01-06", "2030-01-13", "2030-01-20", "2030-01-27"]);
    assert_eq!(cal.windows.iter().filter(|s| s.kind == WindowKind::Blackout).map(|s| s.scope.as_str()).collect::<Vec<_>>(), ["Everything"]);
    assert_eq!(cal.windows[0].scope, "db01");
    assert!(calendar(&ws, "2030-01-01T00:00:00Z", "2032-01-01T00:00:00Z").is_err(), "bounded");
    assert!(calendar(&ws, "yesterday", "2030-01-01T00:00:00Z").is_err());
    delete_window(&ws, w.id).unwrap();
    let left = calendar(&ws, "2030-01-01T00:00:00Z", "2030-02-01T00:00:00Z").unwrap().windows;
    assert!(!left.is_empty() && left.iter().all(|s| s.kind == WindowKind::Maintenance), "{left:?}");
}

/// A weekly window follows the workspace's clocks: Sunday 22:00 in Hamburg is 21:00 UTC in
/// winter and 20:00 UTC in summer, and a change inside it in summer is inside it.
#[test]
fn a_recurring_window_keeps_its_local_time_across_daylight_saving() {
    let (_d, ws) = ws();
    crate::settings::update_settings(&ws, &crate::settings::Settings { workspace_name: "Hamburg".into(), display_timezone: "Europe/Berlin".into(), date_format: crate::settings::DateFormat::Iso }).unwrap();
    let db = ci(&ws, "pg-portal-01");
    create_window(&ws, &WindowInput {
        kind: WindowKind::Maintenance, name: "Sunday night".into(), ci_id: Some(db), service_id: None,
        starts_at: "2026-11-15T21:00:00Z".into(), ends_at: "2026-11-16T01:00:00Z".into(), recurrence: Recurrence::Weekly, until: None,
    })
    .unwrap();
    let starts = |from: &str, to: &str| -> Vec<String> { calendar(&ws, from, to).unwrap().windows.into_iter().map(|w| w.start).collect() };
    assert_eq!(starts("2027-01-01T00:00:00Z", "2027-01-08T00:00:00Z"), ["2027-01-03T21:00:00Z"]);
    // The last Sunday of March 2027 is the 28th: the clocks go forward that morning.
    assert_eq!(starts("2027-03-27T00:00:00Z", "2027-04-05T00:00:00Z"), ["2027-03-28T20:00:00Z", "2027-04-04T20:00:00Z"]);
    assert_eq!(starts("2027-10-30T00:00:00Z", "2027-11-01T00:00:00Z"), ["2027-10-31T21:00:00Z"], "back to 21:00 UTC after the last Sunday of October");
    // 22:30 to 23:30 in Hamburg on a summer Sunday is inside the window: no conflict.
    create_change(&ws, &ChangeInput {
        title: "Patch PostgreSQL".into(), change_type: ChangeType::Normal, planned_start: Some("2027-04-04T20:30:00Z".into()), planned_end: Some("2027-04-04T21:30:00Z".into()),
        ci_ids: vec![db], ..Default::default()
    })
    .unwrap();
    assert_eq!(conflicts(&ws).unwrap(), vec![], "inside its window in summer time");
}

#[test]
fn scheduling_into_a_blackout_takes_a_reason_that_the_audit_trail_keeps() {
    let (_d, ws) = ws();
    create_window(&ws, &WindowInput { kind: WindowKind::Blackout, name: "Year-end freeze".into(), ci_id: None, service_id: None,
        starts_at: "2030-12-15T00:00:00Z".into(), ends_at: "2031-01-05T00:00:00Z".into(), recurrence: Recurrence::None, until: None }).unwrap();
    let t = save_template(&ws, None, &TemplateInput { name: "Routine".into(), implementation_plan: "Follow the runbook.".into(), backout_plan: "Undo the runbook.".into(), active: true, ..Default::default() }).unwrap();
    let input = |title: &str, start: &str, end: &str| ChangeInput { title: title.into(), change_type: ChangeType::Standard, template_id: Some(t.id), planned_start: Some(start.into()), planned_end: Some(end.into()), ..Default::default() };
    let inside = create_change(&ws, &input("Rotate certificates", "2030-12-20T22:00:00Z", "2030-12-20T23:00:00Z")).unwrap();
    let outside = create_change(&ws, &input("Patch printers", "2030-12-10T22:00:00Z", "2030-12-10T23:00:00Z")).unwrap();
    assert_eq!(transition_change(&ws, inside.id, ChangeState::Scheduled).unwrap_err().field(), Some("blackout_reason"));
    assert_eq!(transition_change_because(&ws, inside.id, ChangeState::Scheduled, Some("  ")).unwrap_err().field(), Some("blackout_reason"));
    let c = transition_change_because(&ws, inside.id, ChangeState::Scheduled, Some("The certificates expire on 24 December.")).unwrap();
    assert_eq!(c.state, ChangeState::Scheduled);
    let trail = crate::workspace::audit_trail(&ws, &Default::default()).unwrap().items;
    assert_eq!(trail[0].detail["blackout_override"], "The certificates expire on 24 December.");
    // Outside every blackout, no reason is asked, none recorded.
    transition_change(&ws, outside.id, ChangeState::Scheduled).unwrap();
    assert!(crate::workspace::audit_trail(&ws, &Default::default()).unwrap().items[0].detail.get("blackout_override").is_none());
}
