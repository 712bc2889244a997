//! The demo's continual improvement register: initiatives opened from the baseline
//! assessment's gaps a year ago (their assessed levels have moved since), and two opened
//! from the desk's and the risk register's figures, measured by Steward itself.

use crate::assessments::list_assessments;
use crate::error::Result;
use crate::improvement::measures::{add_measure, record_value, MeasureId, MeasureInput, MeasureKind};
use crate::improvement::{create_initiative, from_gap, set_step, transition_initiative, update_initiative, InitiativeInput, InitiativeStatus, Step};
use crate::workspace::Workspace;
use crate::demo::Spine;

/// The head of IT opens the baseline's initiatives two weeks after it (their owners move
/// them on over the year); the application manager the desk's three months ago, recording
/// its training figure month by month; the head of IT the risks' two months ago.
pub(crate) fn continual_improvement(ws: &Workspace, _: &Spine) -> Result<()> {
    let made = ws.now();
    let today = made.date_naive();
    let head = crate::demo::builder()?;
    let by = |name: &str| crate::workspace::Actor::parse(name);
    let owner = |name: &str| ws.conn().query_row("SELECT id FROM people WHERE name = ?1", [name], |r| r.get::<_, i64>(0)).ok();
    let baseline = list_assessments(ws)?.into_iter().find(|a| a.name == "Harbourside baseline");
    if let Some(a) = baseline {
        let held = a.held_on.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).unwrap_or(today);
        let opened = held + chrono::Duration::days(14);
        for (practice, who, moves) in [
            ("incident management", "Daniel Okafor", &[InitiativeStatus::Accepted, InitiativeStatus::InProgress, InitiativeStatus::Monitoring][..]),
            ("change enablement", "Priya Nair", &[InitiativeStatus::Accepted, InitiativeStatus::InProgress][..]),
            ("continual improvement", "Priya Nair", &[InitiativeStatus::Accepted][..]),
        ] {
            let i = ws.as_of(&head, crate::demo::on(opened, 10, made), || {
                let i = from_gap(ws, a.id, practice)?.initiative;
                update_initiative(ws, i.id, &InitiativeInput { owner_id: owner(who), value: i.value, effort: i.effort, title: i.title.clone(), description: i.description.clone(), practices: i.practices.clone(), due_on: i.due_on.clone() })?;
                Ok(i)
            })?;
            // Accepted the next week, started a month later, monitored after half a year.
            for (s, days) in moves.iter().zip([7, 40, 200]) {
                ws.as_of(&by(who)?, crate::demo::on(opened + chrono::Duration::days(days), 11, made), || transition_initiative(ws, i.id, *s).map(|_| ()))?;
            }
        }
    }
    let daniel = by("Daniel Okafor")?;
    let started = today.checked_sub_months(chrono::Months::new(3)).unwrap_or(today);
    let training = ws.as_of(&daniel, crate::demo::on(started, 9, made), || desk_initiative(ws, &owner, today))?;
    if let Some(m) = training {
        for (months, value) in [(2, 20.0), (1, 55.0), (0, 80.0)] {
            let day = today.checked_sub_months(chrono::Months::new(months)).unwrap_or(today);
            ws.as_of(&daniel, crate::demo::on(day, 16, made), || record_value(ws, m, &day.to_string(), value).map(|_| ()))?;
        }
    }
    let two_months_ago = today.checked_sub_months(chrono::Months::new(2)).unwrap_or(today);
    ws.as_of(&head, crate::demo::on(two_months_ago, 10, made), || risks_initiative(ws, &owner))
}

/// The desk's initiative, with the measure its training figure is recorded in.
fn desk_initiative(ws: &Workspace, owner: &dyn Fn(&str) -> Option<i64>, today: chrono::NaiveDate) -> Result<Option<MeasureId>> {
    let fcr = create_initiative(ws, &InitiativeInput {
        title: "Resolve more at first contact".into(),
        description: "Give the desk the known errors' workarounds and the access to reset accounts, so fewer incidents are passed on.".into(),
        owner_id: owner("Daniel Okafor"),
        value: 4,
        effort: 2,
        practices: vec!["service desk".into(), "incident management".into()],
        due_on: Some(today.checked_add_months(chrono::Months::new(4)).unwrap_or_default().to_string()),
    }, &[])?;
    let id = fcr.initiative.id;
    transition_initiative(ws, id, InitiativeStatus::Accepted)?;
    transition_initiative(ws, id, InitiativeStatus::InProgress)?;
    set_step(ws, id, Step::Vision, "Users get their answer in the first call.", None)?;
    set_step(ws, id, Step::Now, "Most incidents go to second line; the workarounds are in the problem records, not at the desk.", None)?;
    add_measure(ws, id, &MeasureInput { name: "First-contact resolution".into(), metric: MeasureKind::FirstContact, baseline: 35.0, target: 60.0, ..Default::default() })?;
    let training = add_measure(ws, id, &MeasureInput { name: "Desk staff trained on the known errors".into(), metric: MeasureKind::Typed, unit: "%".into(), baseline: 0.0, target: 100.0, ..Default::default() })?;
    Ok(training.measures.iter().find(|m| m.metric == MeasureKind::Typed).map(|m| m.id))
}

fn risks_initiative(ws: &Workspace, owner: &dyn Fn(&str) -> Option<i64>) -> Result<()> {
    let risks = create_initiative(ws, &InitiativeInput {
        title: "Bring the top risks within appetite".into(),
        description: "Treat the risks rated above the appetite the board set.".into(),
        owner_id: owner("Maria Keller"),
        value: 5,
        effort: 4,
        practices: vec!["risk management".into()],
        due_on: None,
    }, &[])?;
    add_measure(ws, risks.initiative.id, &MeasureInput { name: "Open risks above appetite".into(), metric: MeasureKind::RisksAboveAppetite, baseline: 6.0, target: 2.0, ..Default::default() })?;
    Ok(())
}
