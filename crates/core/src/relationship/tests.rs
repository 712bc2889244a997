use super::engagements::{list_engagements, log_engagement, overdue_commitments, set_commitment_done, update_engagement, EngagementInput, EngagementKind};
use super::stakeholders::*;
use crate::directory::{create_person, create_vendor, PersonInput, VendorInput};
use crate::list::{FilterTerm, ListRequest};
use crate::testing::{ws, ws_at};
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
