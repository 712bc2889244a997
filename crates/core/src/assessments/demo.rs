//! The demo's capability assessments: Harbourside's own criteria pack (written for the demo
//! in plain words; no ITIL text), a baseline assessment a year ago (done, locked) and this
//! year's (in review), with levels that moved.

use chrono::{Duration, Months};

use crate::assessments::criteria::{add_criterion, list_criteria, CriterionInput};
use crate::assessments::{self, Answer, AssessmentInput, AssessmentStatus, Dimension};
use crate::error::Result;
use crate::workspace::Workspace;
use crate::demo::Spine;

/// (practice, level, dimension, criterion): two plain statements for levels 2 and 3, one for
/// levels 4 and 5, per practice Steward keeps records of.
const PACK: &[(&str, u8, Option<Dimension>, &str)] = {
    use Dimension::*;
    &[
        ("incident management", 2, Some(ValueStreams), "Every incident is logged in one tool with a priority"),
        ("incident management", 2, Some(People), "Someone is named to coordinate each major incident"),
        ("incident management", 3, Some(ValueStreams), "Priorities follow a written impact and urgency matrix"),
        ("incident management", 3, Some(Technology), "Resolution times are measured against agreed targets"),
        ("incident management", 4, Some(ValueStreams), "Trends in incidents are reviewed monthly and acted on"),
        ("incident management", 5, Some(Partners), "Suppliers' incident data feeds the same reviews"),
        ("service desk", 2, Some(People), "Users have one published way to reach the desk"),
        ("service desk", 2, Some(Technology), "Every contact is recorded, whatever the channel"),
        ("service desk", 3, Some(People), "Desk staff have a knowledge base they trust and use"),
        ("service desk", 3, Some(ValueStreams), "First-contact resolution is measured"),
        ("service desk", 4, Some(People), "User satisfaction is surveyed and discussed with staff"),
        ("service desk", 5, Some(ValueStreams), "The desk shapes services from what users ask for"),
        ("problem management", 2, Some(ValueStreams), "Recurring incidents are spotted and raised as problems"),
        ("problem management", 2, Some(Technology), "Known errors and their workarounds are recorded"),
        ("problem management", 3, Some(People), "Root cause analysis follows an agreed method"),
        ("problem management", 3, Some(ValueStreams), "Problems lead to changes that remove the cause"),
        ("problem management", 4, Some(ValueStreams), "Trend analysis finds problems before users feel them"),
        ("problem management", 5, Some(Partners), "Suppliers take part in analysing shared problems"),
        ("change enablement", 2, Some(ValueStreams), "Changes to production are recorded before they are made"),
        ("change enablement", 2, Some(People), "Someone with authority approves normal changes"),
        ("change enablement", 3, Some(ValueStreams), "Each change is assessed for risk before approval"),
        ("change enablement", 3, Some(Technology), "A shared calendar shows planned changes and freezes"),
        ("change enablement", 4, Some(ValueStreams), "Low-risk changes follow pre-approved standard models"),
        ("change enablement", 5, Some(ValueStreams), "Change success is measured and the process tuned from it"),
        ("service level management", 2, Some(Partners), "Service levels are written down for key services"),
        ("service level management", 2, Some(Technology), "Service level performance is measured"),
        ("service level management", 3, Some(People), "Service reviews with customers happen on a schedule"),
        ("service level management", 3, Some(Partners), "Supplier contracts support the agreed levels"),
        ("service level management", 4, Some(ValueStreams), "Breaches lead to improvement actions that are followed up"),
        ("service level management", 5, Some(People), "Targets are set from what the business values"),
        ("risk management", 2, Some(ValueStreams), "There is one risk register with owners"),
        ("risk management", 2, Some(People), "Risks are rated on an agreed scale"),
        ("risk management", 3, Some(ValueStreams), "Each risk has a treatment with a due date"),
        ("risk management", 3, Some(People), "Risk appetite is stated by management"),
        ("risk management", 4, Some(ValueStreams), "Risks are reviewed on a schedule and the trend reported"),
        ("risk management", 5, Some(Partners), "Supplier and project risks are in the same view"),
        ("information security management", 2, Some(ValueStreams), "Security controls are listed with owners"),
        ("information security management", 2, Some(Technology), "Vulnerabilities are tracked to closure"),
        ("information security management", 3, Some(ValueStreams), "Controls are tested and the evidence kept"),
        ("information security management", 3, Some(People), "Staff receive yearly security awareness training"),
        ("information security management", 4, Some(ValueStreams), "Coverage of a recognised framework is measured"),
        ("information security management", 5, Some(Partners), "Suppliers are held to the same controls"),
        ("continual improvement", 2, Some(ValueStreams), "Improvement ideas are recorded in one place"),
        ("continual improvement", 2, Some(People), "Each improvement has an owner"),
        ("continual improvement", 3, Some(ValueStreams), "Improvements have a baseline and a target measure"),
        ("continual improvement", 3, Some(People), "Improvements are prioritised by value and effort"),
        ("continual improvement", 4, Some(ValueStreams), "Benefits are checked after the improvement is done"),
        ("continual improvement", 5, Some(People), "Everyone is expected to suggest improvements"),
        ("relationship management", 2, Some(People), "Key stakeholders of each service are known"),
        ("relationship management", 2, Some(ValueStreams), "Meetings with customers are held and minuted"),
        ("relationship management", 3, Some(People), "Customer satisfaction is measured per service"),
        ("relationship management", 3, Some(ValueStreams), "Commitments made to customers are tracked"),
        ("relationship management", 4, Some(People), "Stakeholder maps guide how each is engaged"),
        ("relationship management", 5, Some(ValueStreams), "Customers help set the service roadmap"),
        ("service financial management", 2, Some(ValueStreams), "IT costs are recorded against a budget"),
        ("service financial management", 2, Some(People), "Someone owns the IT budget"),
        ("service financial management", 3, Some(ValueStreams), "Costs are allocated to services"),
        ("service financial management", 3, Some(Technology), "Budget against actual is reported monthly"),
        ("service financial management", 4, Some(People), "Service owners know the cost of their services"),
        ("service financial management", 5, Some(ValueStreams), "Investment decisions use the cost and value of services"),
        ("deployment management", 2, Some(ValueStreams), "Deployments to production are recorded"),
        ("deployment management", 2, Some(Technology), "Deployments can be rolled back"),
        ("deployment management", 3, Some(Technology), "Deployments run from a pipeline, not by hand"),
        ("deployment management", 3, Some(ValueStreams), "Each deployment is tied to its change"),
        ("deployment management", 4, Some(ValueStreams), "Delivery performance is measured (frequency, failure rate)"),
        ("deployment management", 5, Some(Technology), "Releases are small and frequent by design"),
        ("infrastructure and platform management", 2, Some(Technology), "Servers and platforms are listed with owners"),
        ("infrastructure and platform management", 2, Some(Partners), "Support contracts cover production platforms"),
        ("infrastructure and platform management", 3, Some(Technology), "End of support dates are known and tracked"),
        ("infrastructure and platform management", 3, Some(ValueStreams), "Capacity is monitored against thresholds"),
        ("infrastructure and platform management", 4, Some(ValueStreams), "Capacity needs are forecast from trends"),
        ("infrastructure and platform management", 5, Some(Technology), "Platforms are built from code and repeatable"),
        ("software development and management", 2, Some(Technology), "Source code is kept in version control"),
        ("software development and management", 2, Some(ValueStreams), "Work on applications is planned and tracked"),
        ("software development and management", 3, Some(Technology), "Automated tests run on every change"),
        ("software development and management", 3, Some(Partners), "Third-party components are listed per application"),
        ("software development and management", 4, Some(ValueStreams), "Known vulnerable components are found and replaced"),
        ("software development and management", 5, Some(People), "Teams own their applications from build to run"),
    ]
};

/// The level each practice reached a year ago and now (Steward's order).
const LEVELS: [(u8, u8); 13] = [(2, 3), (2, 3), (1, 2), (2, 3), (1, 2), (1, 2), (2, 2), (1, 1), (1, 2), (1, 1), (1, 2), (2, 2), (1, 2)];

/// The answers that give `level`: every criterion below and at it met, the next level's
/// first criterion partly met and the rest not met.
fn answers_for(level: u8, criterion_level: u8, first_of_level: bool) -> Answer {
    if criterion_level <= level {
        Answer::Met
    } else if criterion_level == level + 1 && first_of_level {
        Answer::Partly
    } else {
        Answer::NotMet
    }
}

/// The consultant who leads both assessments and enters them.
const ASSESSOR: &str = "Anna Berger";

/// The consultant wrote the criteria pack the afternoon before the baseline (the
/// engagement's first week). Each assessment is set up the evening before its day, answered
/// practice by practice on the day, its evidence filed that afternoon, put in review three
/// days later and (the baseline) signed off a week after that.
pub(crate) fn capability_assessments(ws: &Workspace, _: &Spine) -> Result<()> {
    let consultant = crate::workspace::Actor::parse(ASSESSOR)?;
    let today = ws.now().date_naive();
    let day = |months: u32| today.checked_sub_months(Months::new(months)).unwrap_or(today);
    let at = |d: chrono::NaiveDate, hours: i64, minutes: i64| d.and_time(chrono::NaiveTime::MIN).and_utc() + Duration::hours(hours) + Duration::minutes(minutes);
    ws.as_of(&consultant, at(day(13) - Duration::days(1), 14, 0), || {
        for (practice, level, dimension, text) in PACK {
            add_criterion(ws, &CriterionInput { practice: (*practice).into(), level: *level, text: (*text).into(), dimension: *dimension })?;
        }
        Ok(())
    })?;
    let pack = list_criteria(ws)?;
    for (name, months, then) in [("Harbourside baseline", 13, true), ("Harbourside one year on", 1, false)] {
        let held = day(months);
        let a = ws.as_of(&consultant, at(held - Duration::days(1), 17, 0), || {
            assessments::create_assessment(ws, &AssessmentInput {
                name: name.into(),
                organisation: "Harbourside Logistics".into(),
                assessors: format!("{ASSESSOR} (consultant), Daniel Okafor"),
                held_on: Some(held.to_string()),
                practices: vec![],
            })
        })?;
        for (k, practice) in crate::assessments::practices::STEWARD_PRACTICES.iter().enumerate() {
            ws.as_of(&consultant, at(held, 9, 20 * k as i64), || {
                let level = if then { LEVELS[k].0 } else { LEVELS[k].1 };
                let mut seen_levels = Vec::new();
                for c in pack.iter().filter(|c| c.practice == *practice) {
                    let first = !seen_levels.contains(&c.level);
                    seen_levels.push(c.level);
                    let note = if c.level == level + 1 && first { "Started, not yet everywhere." } else { "" };
                    assessments::answer(ws, a.id, c.id, Some(answers_for(level, c.level, first)), note)?;
                }
                let target = if then { None } else { Some((level + 1).min(4)) };
                let notes = if *practice == "incident management" && !then { "Interviewed the desk lead and two analysts; saw the priority matrix in use." } else { "" };
                if target.is_some() || !notes.is_empty() {
                    assessments::set_practice(ws, a.id, practice, target, notes)?;
                }
                Ok(())
            })?;
        }
        ws.as_of(&consultant, at(held, 15, 0), || evidence_for(ws, a.id, &pack, then))?;
        ws.as_of(&consultant, at(held + Duration::days(3), 10, 0), || assessments::transition_assessment(ws, a.id, AssessmentStatus::InReview).map(|_| ()))?;
        if then {
            ws.as_of(&consultant, at(held + Duration::days(10), 10, 0), || assessments::transition_assessment(ws, a.id, AssessmentStatus::Done).map(|_| ()))?;
        }
    }
    Ok(())
}

/// What the assessors kept: a few documents the client handed over, and records of the
/// workspace they pointed at (an agreement, the risk register's top risk, a control).
fn evidence_for(ws: &Workspace, id: crate::assessments::AssessmentId, pack: &[crate::assessments::Criterion], then: bool) -> Result<()> {
    use crate::assessments::evidence::{attach_content, attach_record};
    use crate::record::{RecordKind, RecordRef};
    let criterion = |text: &str| pack.iter().find(|c| c.text == text).map(|c| c.id);
    let year = if then { "last year" } else { "this year" };
    if let Some(c) = criterion("Priorities follow a written impact and urgency matrix") {
        attach_content(ws, id, c, "priority-matrix.txt", format!("Harbourside priority matrix ({year}): impact x urgency, P1 to P5, agreed with the business.\n").as_bytes())?;
    }
    if let Some(c) = criterion("Each change is assessed for risk before approval") {
        attach_content(ws, id, c, "cab-minutes.txt", format!("Change advisory board minutes ({year}): every normal change had its risk questionnaire.\n").as_bytes())?;
    }
    let first = |sql: &str| ws.conn().query_row(sql, [], |r| r.get::<_, i64>(0)).ok();
    for (text, kind, sql) in [
        ("Service levels are written down for key services", RecordKind::Agreement, "SELECT min(id) FROM agreements"),
        ("There is one risk register with owners", RecordKind::Risk, "SELECT min(id) FROM risks"),
        ("Security controls are listed with owners", RecordKind::Control, "SELECT min(id) FROM controls"),
    ] {
        if let (Some(c), Some(rid)) = (criterion(text), first(sql)) {
            attach_record(ws, id, c, RecordRef::new(kind, rid))?;
        }
    }
    Ok(())
}
