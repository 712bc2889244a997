//! The demo's relationships: the business units, a customer, two business leaders and two
//! suppliers on the power/interest grid; an engagement log with a commitment now overdue;
//! and a year of post-resolution survey answers for the services users meet most, the
//! portal's satisfaction dipping in the months of its outages and recovering since.

use rusqlite::params;

use crate::demo::Spine;
use crate::error::Result;
use crate::record::RecordKind;
use crate::relationship::engagements::{log_in, set_commitment_done, EngagementInput, EngagementKind};
use crate::relationship::stakeholders::{create_in, ServiceRelation, StakeholderInput, StakeholderKind, StakeholderService};
use crate::workspace::{Action, Actor, Subject, Workspace};

/// The head of IT keeps the register and the log, each entry on the day it happened; the
/// desk lead loads the year of survey answers from the survey tool.
pub(crate) fn relationships(ws: &Workspace, spine: &Spine) -> Result<()> {
    let made = ws.now();
    let head = crate::demo::builder()?;
    stakeholders(ws, spine, &head, made)?;
    ws.as_of(&Actor::parse("Jonas Brandt")?, made - chrono::Duration::minutes(30), || satisfaction_surveys(ws, spine, made))?;
    quarterly_review(ws, spine, &head, made)
}

/// The portal's review of the last full quarter with Operations: what was said and
/// decided, and two actions, one already an improvement initiative.
fn quarterly_review(ws: &Workspace, spine: &Spine, head: &Actor, made: chrono::DateTime<chrono::Utc>) -> Result<()> {
    use crate::relationship::reviews::{action_to_initiative, add_action_in, create_in, ReviewActionInput, ServiceReviewInput};
    use chrono::Datelike;
    let Some(&portal) = spine.services.get("Customer Shipment Portal") else { return Ok(()) };
    let today = made.date_naive();
    let this_quarter = chrono::NaiveDate::from_ymd_opt(today.year(), (today.month0() / 3) * 3 + 1, 1).unwrap_or(today);
    let last_day = this_quarter.pred_opt().unwrap_or(this_quarter);
    let first_day = chrono::NaiveDate::from_ymd_opt(last_day.year(), (last_day.month0() / 3) * 3 + 1, 1).unwrap_or(last_day);
    let text = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let held = (this_quarter + chrono::Duration::days(9)).min(today);
    let person = |n: &str| spine.people.get(n).copied();
    let (review, raise) = ws.replay_as(head, crate::demo::on(held, 16, made), |tx| {
        let review = create_in(tx, &ServiceReviewInput {
            service_id: portal,
            period_from: text(first_day),
            period_to: text(last_day),
            held_on: Some(text(held)),
            discussion: "Operations reported the Monday-morning slowness at label printing; the outages of the summer are behind us but customers still mention them. Sales asked for status updates during incidents.".into(),
            decisions: "Publish a status page for the portal. Review the label-printing capacity before the peak season.".into(),
        })?;
        let raise = add_action_in(tx, review, &ReviewActionInput { text: "Set up a public status page for the portal, updated by the service desk during major incidents.".into(), owner_id: person("Jonas Brandt"), due_on: Some(text(held + chrono::Duration::days(45))) })?;
        add_action_in(tx, review, &ReviewActionInput { text: "Load-test label printing at twice the Monday peak.".into(), owner_id: person("Daniel Okafor"), due_on: Some(text(held + chrono::Duration::days(30))) })?;
        Ok((review, raise))
    })?;
    ws.as_of(head, crate::demo::on(held, 17, made), || action_to_initiative(ws, review, raise).map(|_| ()))
}

fn stakeholders(ws: &Workspace, spine: &Spine, head: &Actor, made: chrono::DateTime<chrono::Utc>) -> Result<()> {
    let today = made.date_naive();
    let day = |d: i64| (today + chrono::Duration::days(d)).format("%Y-%m-%d").to_string();
    let service = |n: &str| spine.services.get(n).copied();
    let person = |n: &str| spine.people.get(n).copied();
    let agreement = |n: &str| -> Result<Option<i64>> {
        Ok(rusqlite::OptionalExtension::optional(ws.conn().query_row("SELECT id FROM agreements WHERE name = ?1", [n], |r| r.get(0)))?)
    };
    let uses = |names: &[&str], relation| names.iter().filter_map(|n| service(n)).map(|service_id| StakeholderService { service_id, service: String::new(), relation }).collect::<Vec<_>>();
    let portal_sla = agreement("Customer Shipment Portal SLA")?;
    let wms_sla = agreement("Warehouse Management SLA")?;
    #[rustfmt::skip]
    let register: Vec<StakeholderInput> = vec![
        StakeholderInput { kind: StakeholderKind::BusinessUnit, name: "Operations".into(), person_id: None, vendor_id: None, role: "Runs the depots and the fleet; the largest consumer of IT".into(), influence: 5, interest: 5, owner_id: person("Maria Keller"), users: Some(640), notes: "Monthly service review with the depot managers.".into(), services: uses(&["Warehouse Management", "Fleet Tracking", "Customer Shipment Portal", "Email & Collaboration", "IT Service Desk"], ServiceRelation::Consumes), agreement_ids: [wms_sla, portal_sla].into_iter().flatten().collect() },
        StakeholderInput { kind: StakeholderKind::BusinessUnit, name: "Finance & HR".into(), person_id: None, vendor_id: None, role: "Ledger, invoicing and payroll".into(), influence: 4, interest: 2, owner_id: person("Daniel Okafor"), users: Some(85), notes: String::new(), services: uses(&["Finance & Invoicing (ERP)", "Payroll", "Email & Collaboration", "IT Service Desk"], ServiceRelation::Consumes), agreement_ids: vec![] },
        StakeholderInput { kind: StakeholderKind::BusinessUnit, name: "Sales & Customer Care".into(), person_id: None, vendor_id: None, role: "Answers customers about their shipments".into(), influence: 2, interest: 4, owner_id: person("Jonas Brandt"), users: Some(210), notes: String::new(), services: uses(&["Customer Shipment Portal", "Email & Collaboration", "IT Service Desk"], ServiceRelation::Consumes), agreement_ids: portal_sla.into_iter().collect() },
        StakeholderInput { kind: StakeholderKind::Customer, name: "Nordhafen Retail Group".into(), person_id: None, vendor_id: None, role: "The portal's largest customer (a fifth of its bookings)".into(), influence: 3, interest: 4, owner_id: person("Daniel Okafor"), users: None, notes: "Still sends part of its orders through the EDI gateway.".into(), services: uses(&["Customer Shipment Portal", "Legacy EDI Gateway"], ServiceRelation::Consumes), agreement_ids: vec![] },
        StakeholderInput { kind: StakeholderKind::Person, name: String::new(), person_id: person("Chen Wei"), vendor_id: None, role: "Head of Operations: owns the warehouse and fleet services".into(), influence: 5, interest: 4, owner_id: person("Maria Keller"), users: None, notes: String::new(), services: vec![], agreement_ids: vec![] },
        StakeholderInput { kind: StakeholderKind::Person, name: String::new(), person_id: person("Hannah Fischer"), vendor_id: None, role: "Finance Director: signs off the IT budget".into(), influence: 5, interest: 2, owner_id: person("Maria Keller"), users: None, notes: String::new(), services: vec![], agreement_ids: vec![] },
        StakeholderInput { kind: StakeholderKind::Supplier, name: String::new(), person_id: None, vendor_id: spine.vendors.get("ERPSys AG").copied(), role: "ERP platform and its support".into(), influence: 3, interest: 2, owner_id: person("Emma Larsen"), users: None, notes: String::new(), services: uses(&["Finance & Invoicing (ERP)", "Payroll"], ServiceRelation::Provides), agreement_ids: vec![] },
        StakeholderInput { kind: StakeholderKind::Supplier, name: String::new(), person_id: None, vendor_id: spine.vendors.get("TrackPoint Telematics").copied(), role: "Telematics platform behind fleet tracking".into(), influence: 2, interest: 1, owner_id: person("Chen Wei"), users: None, notes: String::new(), services: uses(&["Fleet Tracking"], ServiceRelation::Provides), agreement_ids: vec![] },
    ];
    // Mapped a week before the first meeting in the log.
    let ids = ws.replay_as(head, crate::demo::on(today - chrono::Duration::days(48), 11, made), |tx| register.iter().map(|s| create_in(tx, s)).collect::<Result<Vec<_>>>())?;
    let (operations, customer, erpsys) = (Some(ids[0].0), Some(ids[3].0), Some(ids[6].0));
    let entry = |kind, on: i64, stakeholder_id, about: &str, summary: &str, owner: Option<&str>, due: Option<i64>| EngagementInput {
        kind,
        happened_on: day(on),
        stakeholder_id,
        service_id: service(about),
        summary: summary.into(),
        owner_id: owner.and_then(person),
        due_on: due.map(day),
    };
    #[rustfmt::skip]
    let log = [
        entry(EngagementKind::Meeting, -41, operations, "Warehouse Management", "Monthly review with the depot managers: scanner outages in Milan, picking times back to normal since the WMS patch.", None, None),
        entry(EngagementKind::Decision, -30, operations, "Customer Shipment Portal", "The portal's maintenance moves from Saturday night to Sunday 02:00-04:00, after the last weekend dispatch.", None, None),
        entry(EngagementKind::Commitment, -30, operations, "Customer Shipment Portal", "Send Operations the root-cause report of the portal outages, with the fixes and their dates.", Some("Daniel Okafor"), Some(-9)),
        entry(EngagementKind::Commitment, -20, customer, "Customer Shipment Portal", "Give Nordhafen a date for the end of the EDI gateway and the API onboarding plan.", Some("Daniel Okafor"), Some(-5)),
        entry(EngagementKind::Call, -12, erpsys, "Finance & Invoicing (ERP)", "ERPSys confirmed the 2025 SP1 upgrade window and the support for SQL Server 2022.", None, None),
        entry(EngagementKind::Commitment, -12, erpsys, "Finance & Invoicing (ERP)", "Send ERPSys the test plan for the upgrade.", Some("Emma Larsen"), Some(14)),
    ];
    let mut logged = Vec::new();
    for e in &log {
        let happened = chrono::NaiveDate::parse_from_str(&e.happened_on, "%Y-%m-%d").unwrap_or(today);
        logged.push(ws.replay_as(head, crate::demo::on(happened, 16, made), |tx| log_in(tx, e))?);
    }
    // The customer heard back in time; the report to Operations is still owed.
    ws.as_of(&Actor::parse("Daniel Okafor")?, crate::demo::on(today - chrono::Duration::days(6), 15, made), || set_commitment_done(ws, logged[3], true, Some(day(-6))).map(|_| ()))
}

fn satisfaction_surveys(ws: &Workspace, spine: &Spine, made: chrono::DateTime<chrono::Utc>) -> Result<()> {
    let today = made.date_naive();
    let services: Vec<(&str, i64)> = ["Customer Shipment Portal", "IT Service Desk", "Email & Collaboration", "Warehouse Management"]
        .iter()
        .filter_map(|n| spine.services.get(n).map(|id| (*n, *id)))
        .collect();
    let comments = ["Quick and friendly.", "Took two days to hear back.", "Fixed on the first call.", "The portal was down during our cut-off.", "", ""];
    ws.write(|tx| {
        let mut k: u64 = 0;
        for (s, (name, id)) in services.iter().enumerate() {
            for day in (0..360).step_by(3) {
                k += 1;
                let date = today - chrono::Duration::days(day);
                // The portal's answers are worse four to six months ago (its outages).
                let dip = *name == "Customer Shipment Portal" && (120..=180).contains(&day);
                let r = (k * 7919 + s as u64 * 31) % 100;
                let csat = if dip { 1 + (r % 4) as i64 } else { [5, 5, 4, 4, 4, 3, 5, 2, 4, 5][(r % 10) as usize] };
                let nps = if dip { (r % 8) as i64 } else { [10, 9, 9, 8, 7, 10, 6, 9, 3, 10][(r % 10) as usize] };
                tx.execute(
                    "INSERT INTO survey_responses (source_key, service_id, answered_at, answered_on, csat, nps, comment, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![format!("demo:{k}"), id, format!("{}T10:00:00Z", date.format("%Y-%m-%d")), date.format("%Y-%m-%d").to_string(), csat, if k % 3 == 0 { None } else { Some(nps) }, comments[(r % 6) as usize], tx.at()],
                )?;
            }
        }
        // One entry for the year of answers, as an import writes one.
        tx.audit(Action::did("survey.recorded"), Subject::Every(RecordKind::SurveyResponse), serde_json::json!({"responses": k, "services": services.len()}))
    })
}
