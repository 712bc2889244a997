use super::engagements::{list_engagements, log_engagement, overdue_commitments, set_commitment_done, update_engagement, EngagementInput, EngagementKind};
use super::stakeholders::*;
use crate::directory::{create_person, create_vendor, PersonInput, VendorInput};
use crate::list::{FilterTerm, ListRequest};
use crate::testing::{ws, ws_at};
use crate::record::{RecordKind, RecordRef};
use crate::workspace::Workspace;

fn service(ws: &Workspace, name: &str) -> i64 {
    ws.write(|tx| crate::services::create_named(tx, name)).unwrap()
}

fn person(ws: &Workspace, name: &str) -> i64 {
    create_person(ws, &PersonInput { name: name.into(), ..Default::default() }).unwrap().id.0
}

fn organisation(name: &str, influence: u8, interest: u8) -> StakeholderInput {
    StakeholderInput {
        kind: StakeholderKind::BusinessUnit, name: name.into(), person_id: None, vendor_id: None, role: String::new(), influence, interest,
        owner_id: None, users: None, notes: String::new(), services: vec![], agreement_ids: vec![],
    }
}

fn filtered(ws: &Workspace, field: &str, value: &str) -> Vec<String> {
    let req = ListRequest { filters: vec![FilterTerm { field: field.into(), value: value.into(), ..Default::default() }], ..Default::default() };
    list_stakeholders(ws, &req).unwrap().items.into_iter().map(|s| s.name).collect()
}

#[test]
fn one_register_for_people_suppliers_and_organisations_each_named_from_where_it_lives() {
    let (_d, ws) = ws("Relationship Manager");
    let maria = person(&ws, "Maria Keller");
    let vendor = create_vendor(&ws, &VendorInput { name: "ERPSys AG".into(), ..Default::default() }).unwrap().id.0;
    let erp = service(&ws, "ERP");
    let wms = service(&ws, "WMS");
    let uc = crate::sla::agreements::create_agreement(&ws, &crate::sla::agreements::AgreementInput {
        kind: Some(crate::sla::agreements::AgreementKind::Uc), name: "ERPSys support contract".into(), vendor_id: Some(vendor), ..Default::default()
    }).unwrap().id;
    let supplier = create_stakeholder(&ws, &StakeholderInput {
        kind: StakeholderKind::Supplier, vendor_id: Some(vendor), influence: 3, interest: 2, owner_id: Some(maria),
        services: vec![StakeholderService { service_id: erp, service: String::new(), relation: ServiceRelation::Provides }], ..organisation("", 1, 1)
    }).unwrap();
    assert_eq!(supplier.stakeholder.name, "ERPSys AG", "a supplier is its vendor");
    assert_eq!(supplier.stakeholder.quadrant, GridQuadrant::KeepSatisfied);
    assert_eq!(supplier.agreements.iter().map(|a| (a.agreement_id, a.through_vendor)).collect::<Vec<_>>(), [(uc.0, true)], "its underpinning contract, through the vendor");
    assert_eq!(supplier.services[0].service, "ERP");
    let ops = create_stakeholder(&ws, &StakeholderInput {
        users: Some(640),
        services: vec![StakeholderService { service_id: wms, service: String::new(), relation: ServiceRelation::Consumes }, StakeholderService { service_id: erp, service: String::new(), relation: ServiceRelation::Consumes }],
        ..organisation("Operations", 5, 5)
    }).unwrap();
    assert_eq!(ops.stakeholder.consumes, ["ERP", "WMS"]);
    let chen = person(&ws, "Chen Wei");
    create_stakeholder(&ws, &StakeholderInput { kind: StakeholderKind::Person, person_id: Some(chen), ..organisation("", 2, 4) }).unwrap();
    // Renaming the person renames the stakeholder: one place for a name.
    crate::directory::update_person(&ws, crate::directory::PersonId(chen), &PersonInput { name: "Chen Wei-Ling".into(), ..Default::default() }).unwrap();
    assert_eq!(filtered(&ws, "kind", "person"), ["Chen Wei-Ling"]);
    assert_eq!(filtered(&ws, "service_id", &erp.to_string()), ["ERPSys AG", "Operations"]);

    // What the register refuses, naming the field.
    let bad = |input: StakeholderInput| create_stakeholder(&ws, &input).unwrap_err().field().map(str::to_string);
    assert_eq!(bad(organisation("operations", 3, 3)).as_deref(), Some("name"), "names are unique whatever their case");
    assert_eq!(bad(organisation("Sales", 0, 3)).as_deref(), Some("influence"));
    assert_eq!(bad(organisation("Sales", 3, 6)).as_deref(), Some("interest"));
    assert_eq!(bad(organisation("  ", 3, 3)).as_deref(), Some("name"));
    assert_eq!(bad(StakeholderInput { kind: StakeholderKind::Person, ..organisation("", 3, 3) }).as_deref(), Some("person_id"));
    assert_eq!(bad(StakeholderInput { kind: StakeholderKind::Person, person_id: Some(chen), ..organisation("", 3, 3) }).as_deref(), Some("person_id"), "once");
    assert_eq!(bad(StakeholderInput { kind: StakeholderKind::Supplier, vendor_id: Some(vendor), ..organisation("", 3, 3) }).as_deref(), Some("vendor_id"), "once");
    assert_eq!(bad(StakeholderInput { services: vec![StakeholderService { service_id: 999, service: String::new(), relation: ServiceRelation::Consumes }], ..organisation("Sales", 3, 3) }).as_deref(), Some("services"));
    assert_eq!(bad(StakeholderInput { users: Some(-1), ..organisation("Sales", 3, 3) }).as_deref(), Some("users"));

    // Updating changes what changed; the audit says it.
    let id = ops.stakeholder.id;
    let after = update_stakeholder(&ws, id, &StakeholderInput { users: Some(650), ..organisation("Operations", 5, 2) }).unwrap();
    assert_eq!((after.stakeholder.quadrant, after.stakeholder.users, after.services.len()), (GridQuadrant::KeepSatisfied, Some(650), 0));
    let audit = crate::workspace::audit_trail(&ws, &ListRequest::default()).unwrap().items;
    assert_eq!(audit[0].action, "stakeholder.updated");
    assert_eq!(audit[0].detail["users"], serde_json::json!({"from": 640, "to": 650}));
}

#[test]
fn the_grid_quadrants_and_the_register_filter_agree_for_every_rating() {
    let (_d, ws) = ws("Relationship Manager");
    for influence in 1..=5u8 {
        for interest in 1..=5u8 {
            create_stakeholder(&ws, &organisation(&format!("BU {influence}{interest}"), influence, interest)).unwrap();
        }
    }
    let mut seen = 0;
    for q in GridQuadrant::ALL {
        let names = filtered(&ws, "quadrant", q.as_str());
        let expected: Vec<String> = (1..=5u8).flat_map(|i| (1..=5u8).map(move |n| (i, n))).filter(|&(i, n)| quadrant(i, n) == *q).map(|(i, n)| format!("BU {i}{n}")).collect();
        assert_eq!(names, expected, "{q:?}");
        seen += names.len();
    }
    assert_eq!(seen, 25, "every stakeholder in one quadrant");
    // Influence and interest of 3 or more are high: 3 × 3 manage closely, 2 × 2 monitor.
    assert_eq!(filtered(&ws, "quadrant", "manage_closely").len(), 9);
    assert_eq!(filtered(&ws, "quadrant", "monitor").len(), 4);
    let grid = stakeholder_grid(&ws, crate::charts::Theme::Light).unwrap();
    assert_eq!(grid.svg.matches("<circle").count(), 25);
    assert_eq!(grid.quadrants.iter().map(|a| a.key.as_str()).collect::<Vec<_>>(), ["keep_satisfied", "manage_closely", "monitor", "keep_informed"]);
    for label in ["Manage closely", "Keep satisfied", "Keep informed", "Monitor", "Influence", "Interest"] {
        assert!(grid.svg.contains(label), "{label}");
    }
}

fn commitment(stakeholder: i64, owner: i64, on: &str, due: &str, what: &str) -> EngagementInput {
    EngagementInput { kind: EngagementKind::Commitment, happened_on: on.into(), stakeholder_id: Some(stakeholder), service_id: None, summary: what.into(), owner_id: Some(owner), due_on: Some(due.into()) }
}

#[test]
fn a_commitment_is_overdue_from_the_day_after_it_falls_due_in_the_workspaces_zone() {
    // 23:30 UTC on 6 December is already 7 December in Berlin.
    let (_d, ws) = ws_at("Relationship Manager", "2026-12-06T23:30:00Z");
    let owner = person(&ws, "Daniel Okafor");
    let ops = create_stakeholder(&ws, &organisation("Operations", 5, 5)).unwrap().stakeholder.id.0;
    let due_6th = log_engagement(&ws, &commitment(ops, owner, "2026-11-20", "2026-12-06", "Send the outage report")).unwrap();
    log_engagement(&ws, &commitment(ops, owner, "2026-11-20", "2026-12-07", "Book the review")).unwrap();
    let due_1st = log_engagement(&ws, &commitment(ops, owner, "2026-11-20", "2026-12-01", "Share the roadmap")).unwrap();
    let zone = |z: &str| crate::settings::update_settings(&ws, &crate::settings::Settings { workspace_name: "W".into(), display_timezone: z.into(), date_format: crate::settings::DateFormat::Iso }).unwrap();
    zone("UTC");
    assert_eq!(overdue_commitments(&ws, 10).unwrap().into_iter().map(|e| e.id).collect::<Vec<_>>(), [due_1st.id], "in UTC it is still the 6th");
    zone("Europe/Berlin");
    let overdue: Vec<_> = overdue_commitments(&ws, 10).unwrap().into_iter().map(|e| e.id).collect();
    assert_eq!(overdue, [due_1st.id, due_6th.id], "the longest overdue first; the one due today is not");
    let home = crate::summary::summarize(&ws).unwrap().attention.overdue_commitments;
    assert_eq!(home.iter().map(|b| (b.number.as_str(), b.title.as_str(), b.at.as_deref())).collect::<Vec<_>>(), [("Operations", "Share the roadmap", Some("2026-12-01")), ("Operations", "Send the outage report", Some("2026-12-06"))]);
    // Done: no longer overdue, and open again when reopened.
    set_commitment_done(&ws, due_1st.id, true, None).unwrap();
    assert_eq!(overdue_commitments(&ws, 10).unwrap().len(), 1);
    let open = ListRequest { filters: vec![FilterTerm { field: "done_on".into(), missing: true, ..Default::default() }], ..Default::default() };
    assert_eq!(list_engagements(&ws, &open).unwrap().items.len(), 2);
    let reopened = set_commitment_done(&ws, due_1st.id, false, None).unwrap();
    assert_eq!(reopened.done_on, None);
    assert_eq!(overdue_commitments(&ws, 10).unwrap().len(), 2);
}

#[test]
fn the_log_says_what_each_kind_of_entry_needs() {
    let (_d, ws) = ws("Relationship Manager");
    let owner = person(&ws, "Daniel Okafor");
    let ops = create_stakeholder(&ws, &organisation("Operations", 5, 5)).unwrap().stakeholder.id.0;
    let bad = |e: EngagementInput| log_engagement(&ws, &e).unwrap_err().field().map(str::to_string);
    let c = || commitment(ops, owner, "2026-11-20", "2026-12-10", "Send the report");
    assert_eq!(bad(EngagementInput { owner_id: None, ..c() }).as_deref(), Some("owner_id"));
    assert_eq!(bad(EngagementInput { due_on: None, ..c() }).as_deref(), Some("due_on"));
    assert_eq!(bad(EngagementInput { due_on: Some("2026-11-19".into()), ..c() }).as_deref(), Some("due_on"), "due before it was made");
    assert_eq!(bad(EngagementInput { due_on: Some("10/12/2026".into()), ..c() }).as_deref(), Some("due_on"));
    assert_eq!(bad(EngagementInput { kind: EngagementKind::Meeting, ..c() }).as_deref(), Some("kind"), "a meeting has no due date");
    assert_eq!(bad(EngagementInput { stakeholder_id: None, ..c() }).as_deref(), Some("stakeholder_id"), "about someone or something");
    assert_eq!(bad(EngagementInput { summary: " ".into(), ..c() }).as_deref(), Some("summary"));
    let service = service(&ws, "WMS");
    let meeting = log_engagement(&ws, &EngagementInput { kind: EngagementKind::Meeting, happened_on: "2026-11-20".into(), stakeholder_id: None, service_id: Some(service), summary: "Review".into(), owner_id: None, due_on: None }).unwrap();
    assert_eq!((meeting.service.as_deref(), meeting.stakeholder), (Some("WMS"), None));
    assert!(set_commitment_done(&ws, meeting.id, true, None).is_err(), "only a commitment is done");
    // A stakeholder with a log stays in the register.
    let promised = log_engagement(&ws, &c()).unwrap();
    assert!(delete_stakeholder(&ws, StakeholderId(ops)).unwrap_err().to_string().contains("engagement log"));
    // A commitment made a decision loses its due date and owner with the change of kind.
    let decided = update_engagement(&ws, promised.id, &EngagementInput { kind: EngagementKind::Decision, owner_id: None, due_on: None, ..c() }).unwrap();
    assert_eq!((decided.kind, decided.due_on, decided.owner), (EngagementKind::Decision, None, None));
}

/// A review of December for "Portal", its figures counted by hand: two of the portal's
/// incidents (one major) opened on 6 December and one of another service's; a change to the
/// portal planned in the period and one in January; a problem behind a portal incident; a
/// survey of three answers (CSAT 5, 4, 2: 66.7 %; NPS 10, 9, 3: 33.3); 900.00 booked
/// straight to the portal, shared by Ops (2 users) and Sales (1): 600.00 and 300.00.
#[test]
fn a_service_review_gathers_the_periods_figures_and_its_actions_become_initiatives() {
    use super::reviews::*;
    use crate::incidents::{log_incident, IncidentInput};
    let (d, ws) = ws("Relationship Manager");
    let portal = service(&ws, "Portal");
    let other = service(&ws, "Mail");
    let ops = StakeholderInput { users: Some(2), services: vec![StakeholderService { service_id: portal, service: String::new(), relation: ServiceRelation::Consumes }], ..organisation("Ops", 5, 5) };
    create_stakeholder(&ws, &ops).unwrap();
    create_stakeholder(&ws, &StakeholderInput { users: Some(1), name: "Sales".into(), ..ops.clone() }).unwrap();
    let i1 = log_incident(&ws, &IncidentInput { title: "Portal down".into(), impact: 1, urgency: 1, major: true, service_id: Some(portal), ..Default::default() }).unwrap();
    log_incident(&ws, &IncidentInput { title: "Slow labels".into(), impact: 3, urgency: 3, service_id: Some(portal), ..Default::default() }).unwrap();
    log_incident(&ws, &IncidentInput { title: "Mail bounce".into(), impact: 3, urgency: 3, service_id: Some(other), ..Default::default() }).unwrap();
    crate::problems::create_problem(&ws, &crate::problems::ProblemInput { title: "Pool exhaustion".into(), ..Default::default() }, &[i1.id.0]).unwrap();
    crate::incidents::costs::add_cost_line(&ws, i1.id, &crate::incidents::costs::CostLineInput { what: "Bridge".into(), hours: "2".into(), rate: "100".into() }).unwrap();
    let change = |title: &str, start: &str| {
        let c = crate::changes::create_change(&ws, &crate::changes::ChangeInput { title: title.into(), change_type: crate::changes::ChangeType::Normal, planned_start: Some(start.into()), planned_end: Some(start.replace("T22", "T23")), ..Default::default() }).unwrap();
        crate::links::create_link(&ws, &crate::links::NewLink { from: RecordRef::new(RecordKind::Change, c.id.0), link_type: crate::links::LinkType::Affects, to: RecordRef::new(RecordKind::Service, portal) }).unwrap();
    };
    change("Patch the portal", "2026-12-10T22:00:00Z");
    change("Upgrade the portal", "2027-01-10T22:00:00Z");
    let survey = d.path().join("survey.csv");
    std::fs::write(&survey, "service,answered_at,csat,nps,comment\nPortal,2026-12-02T10:00:00Z,5,10,\nPortal,2026-12-03T10:00:00Z,4,9,\nPortal,2026-12-04T10:00:00Z,2,3,slow\nPortal,2026-11-30T10:00:00Z,1,0,before\n").unwrap();
    crate::import_file::import(&ws, &survey, crate::import_file::FileFormat::Survey, &Default::default()).unwrap();
    let ledger = d.path().join("ledger.csv");
    std::fs::write(&ledger, "date,amount,cost_pool,cost_centre,description,vendor,service\n2026-12-01,900.00,Cloud services,IT,Hosting,,Portal\n2026-11-01,50.00,Cloud services,IT,Hosting,,Portal\n").unwrap();
    crate::import_file::import(&ws, &ledger, crate::import_file::FileFormat::Ledger, &Default::default()).unwrap();

    let input = ServiceReviewInput { service_id: portal, period_from: "2026-12-01".into(), period_to: "2026-12-31".into(), held_on: Some("2026-12-06".into()), discussion: "Outage <b>".into(), decisions: "=1+1".into() };
    let review = create_review(&ws, &input).unwrap();
    let f = &review.figures;
    assert_eq!((f.incidents, f.major_incidents, f.requests), (2, 1, 0));
    assert_eq!(f.major_incident_cost, "200.00", "2 hours at 100.00");
    assert_eq!((f.changes, f.problems_opened, f.problems_open), (1, 1, 1));
    assert_eq!((f.survey_responses, f.csat_pct, f.nps), (3, Some(66.7), Some(33.3)));
    assert_eq!((f.currency.as_str(), f.cost.as_deref()), ("EUR", Some("900.00")));
    assert_eq!((f.ci_run_cost.as_str(), f.cost_with_cis.as_str()), ("0.00", "900.00"), "no CI has a cost here");
    assert_eq!(f.cost_per_consumer.iter().map(|c| (c.consumer.as_str(), c.charged.as_str())).collect::<Vec<_>>(), [("Ops", "600.00"), ("Sales", "300.00")]);
    assert_eq!((f.sla_measured, f.sla_compliance_pct), (0, None), "no agreement here: nothing measured, no percentage made up");
    assert_eq!(create_review(&ws, &input).unwrap_err().field(), Some("period_from"), "one review of a period");
    assert_eq!(create_review(&ws, &ServiceReviewInput { period_to: "2026-11-30".into(), ..input.clone() }).unwrap_err().field(), Some("period_to"));

    let owner = person(&ws, "Jonas Brandt");
    let id = review.review.id;
    add_action(&ws, id, &ReviewActionInput { text: "Publish a status page".into(), owner_id: Some(owner), due_on: Some("2027-01-31".into()) }).unwrap();
    let with = add_action(&ws, id, &ReviewActionInput { text: "Load-test labels".into(), owner_id: None, due_on: None }).unwrap();
    assert_eq!(add_action(&ws, id, &ReviewActionInput { text: " ".into(), owner_id: None, due_on: None }).unwrap_err().field(), Some("text"));
    let raised = action_to_initiative(&ws, id, with.actions[0].id).unwrap();
    let initiative = raised.actions[0].initiative_id.unwrap();
    assert!(raised.actions[0].initiative.as_deref().unwrap().ends_with("Publish a status page"));
    let i = crate::improvement::get_initiative(&ws, crate::improvement::InitiativeId(initiative)).unwrap().initiative;
    assert_eq!((i.owner_id, i.due_on.as_deref()), (Some(owner), Some("2027-01-31")));
    let links = crate::links::links_of(&ws, RecordRef::new(RecordKind::Initiative, initiative)).unwrap();
    assert!(links.iter().any(|l| l.other.kind == RecordKind::Service && l.other.id == portal), "about the service");
    assert!(action_to_initiative(&ws, id, with.actions[0].id).is_err(), "once");

    // The workbook: figures, discussion as text (a formula stays text), actions.
    let out = d.path().join("review.xlsx");
    export_review(&ws, id, &out).unwrap();
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let mut cell = |sheet: &str, key: &str| -> String {
        let range = book.worksheet_range(sheet).unwrap();
        range.rows().find(|r| r[0].to_string() == key).map(|r| r[1].to_string()).unwrap_or_default()
    };
    assert_eq!(cell("Figures", "Incidents"), "2");
    assert_eq!(cell("Figures", "CSAT %"), "66.7");
    assert_eq!(cell("Figures", "Cost: Ops"), "600.00 (2 of 3 users)");
    assert_eq!(cell("Discussion", "Decisions"), "=1+1");
    drop(cell);
    let actions = book.worksheet_range("Actions").unwrap();
    assert_eq!(actions.rows().count(), 3);
}
