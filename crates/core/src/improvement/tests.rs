use super::measures::{add_measure, record_value, sample, MeasureInput, MeasureKind};
use super::*;
use crate::assessments::criteria::{add_criterion, CriterionInput};
use crate::assessments::{answer, create_assessment, set_practice, Answer, AssessmentInput};
use crate::testing::{pinned, NOW};

fn input(title: &str, value: u8, effort: u8) -> InitiativeInput {
    InitiativeInput { title: title.into(), value, effort, ..Default::default() }
}

#[test]
fn initiatives_move_through_their_states_and_value_and_effort_give_the_priority() {
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Cleo Improver", NOW);
    let i = create_initiative(&ws, &input("Publish the desk's opening hours", 4, 1), &[]).unwrap().initiative;
    assert_eq!((i.number.as_str(), i.priority, i.status), ("IMP0000001", Priority::QuickWin, InitiativeStatus::Proposed));
    assert_eq!(Priority::of(2, 5), Priority::Reconsider);
    assert_eq!(Priority::of(5, 5), Priority::MajorProject);
    assert_eq!(Priority::of(1, 1), Priority::FillIn);
    let e = transition_initiative(&ws, i.id, InitiativeStatus::Successful).unwrap_err();
    assert_eq!(e.field(), Some("to"));
    for s in [InitiativeStatus::Accepted, InitiativeStatus::InProgress, InitiativeStatus::Monitoring, InitiativeStatus::Successful] {
        transition_initiative(&ws, i.id, s).unwrap();
    }
    let done = get_initiative(&ws, i.id).unwrap().initiative;
    assert!(done.closed_at.is_some() && done.next_states.is_empty());
    let e = create_initiative(&ws, &InitiativeInput { practices: vec!["not a practice".into()], ..input("x", 3, 3) }, &[]).unwrap_err();
    assert_eq!(e.field(), Some("practices"));
    assert_eq!(create_initiative(&ws, &input("x", 6, 3), &[]).unwrap_err().field(), Some("value"));

    // The model's steps keep their notes and dates, in the model's order.
    let d = set_step(&ws, i.id, Step::Now, "Opening hours are only on the intranet.", Some("2026-11-02")).unwrap();
    assert_eq!(d.steps.len(), 7);
    assert_eq!((d.steps[1].step, d.steps[1].done_on.as_deref()), (Step::Now, Some("2026-11-02")));
    assert!(d.steps[0].notes.is_empty());
}

#[test]
fn typed_measures_take_values_and_computed_ones_are_sampled_never_typed() {
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Cleo Improver", NOW);
    let i = create_initiative(&ws, &input("Fewer open risks above appetite", 4, 3), &[]).unwrap().initiative;
    let typed = add_measure(&ws, i.id, &MeasureInput { name: "Staff trained".into(), metric: MeasureKind::Typed, unit: "%".into(), baseline: 20.0, target: 90.0, ..Default::default() }).unwrap();
    let m = typed.measures[0].clone();
    assert!(m.values.is_empty() && !m.reached);
    record_value(&ws, m.id, "2026-11-01", 55.0).unwrap();
    let after = record_value(&ws, m.id, "2026-12-01", 92.5).unwrap();
    assert_eq!(after.measures[0].values.iter().map(|v| v.value).collect::<Vec<_>>(), [55.0, 92.5]);
    assert!(after.measures[0].reached);
    assert_eq!(after.measures[0].realised_pct, Some(103.6), "72.5 of the 70 points expected");

    // Risks above appetite: a lower target is better; the first sample is taken at once.
    crate::risks::create_risk(&ws, &crate::risks::RiskInput { title: "Flood".into(), current: Some(crate::risks::Rating { likelihood: 5, impact: 5 }), ..Default::default() }).unwrap();
    let with = add_measure(&ws, i.id, &MeasureInput { name: "Risks over appetite".into(), metric: MeasureKind::RisksAboveAppetite, baseline: 1.0, target: 0.0, ..Default::default() }).unwrap();
    let risks = with.measures.iter().find(|m| m.metric == MeasureKind::RisksAboveAppetite).unwrap();
    assert_eq!(risks.values.iter().map(|v| (v.day.as_str(), v.value, v.sampled)).collect::<Vec<_>>(), [("2026-12-06", 1.0, true)]);
    assert!(!risks.reached);
    let e = record_value(&ws, risks.id, "2026-12-06", 0.0).unwrap_err();
    assert!(e.to_string().contains("never typed"), "{e}");
    // Sampling again the same day changes nothing until the records change.
    assert_eq!(sample(&ws).unwrap(), 0);
    let flood = crate::risks::list_risks(&ws, &Default::default()).unwrap().items[0].clone();
    crate::risks::update_risk(&ws, flood.id, &crate::risks::RiskInput { title: "Flood".into(), current: Some(crate::risks::Rating { likelihood: 1, impact: 1 }), ..Default::default() }).unwrap();
    assert_eq!(sample(&ws).unwrap(), 1);
    let now = get_initiative(&ws, i.id).unwrap().measures.into_iter().find(|m| m.metric == MeasureKind::RisksAboveAppetite).unwrap();
    assert_eq!((now.values.len(), now.values[0].value, now.reached), (1, 0.0, true));
    let f = figures(&ws).unwrap();
    assert_eq!((f.measures, f.measures_reached), (2, 2));

    let e = add_measure(&ws, i.id, &MeasureInput { name: "x".into(), metric: MeasureKind::BacklogAge, subject: Some("desk".into()), baseline: 5.0, target: 2.0, ..Default::default() }).unwrap_err();
    assert_eq!(e.field(), Some("subject"));
    let e = add_measure(&ws, i.id, &MeasureInput { name: "x".into(), metric: MeasureKind::Typed, baseline: 5.0, target: 5.0, ..Default::default() }).unwrap_err();
    assert_eq!(e.field(), Some("target"));
}

#[test]
fn a_gap_becomes_an_initiative_measured_by_the_practices_assessed_level() {
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, "Cleo Improver", NOW);
    let mut ids = vec![];
    for (level, text) in [(2, "Incidents are logged"), (3, "Priorities follow a <b>matrix</b>")] {
        ids.push(add_criterion(&ws, &CriterionInput { practice: "incident management".into(), level, text: text.into(), dimension: None }).unwrap().id);
    }
    let a = create_assessment(&ws, &AssessmentInput { name: "Baseline".into(), ..Default::default() }).unwrap();
    answer(&ws, a.id, ids[0], Some(Answer::Met), "").unwrap();
    answer(&ws, a.id, ids[1], Some(Answer::NotMet), "").unwrap();
    set_practice(&ws, a.id, "incident management", Some(4), "").unwrap();
    let i = from_gap(&ws, a.id, "Incident Management").unwrap();
    assert_eq!(i.initiative.title, "Raise incident management to capability level 4");
    assert!(i.initiative.description.contains("- Priorities follow a <b>matrix</b>"));
    assert_eq!(i.initiative.practices, ["incident management"]);
    let m = &i.measures[0];
    assert_eq!((m.metric, m.subject.as_deref(), m.baseline, m.target), (MeasureKind::PracticeLevel, Some("incident management"), 2.0, 4.0));
    assert_eq!(m.values.iter().map(|v| v.value).collect::<Vec<_>>(), [2.0], "sampled from the assessment at once");
    let links = crate::links::links_of(&ws, RecordRef::new(RecordKind::Initiative, i.initiative.id.0)).unwrap();
    assert!(links.iter().any(|l| l.other == RecordRef::new(RecordKind::Assessment, a.id.0)));
    // The practice improves: the next sample says so, and the target is not reached yet.
    answer(&ws, a.id, ids[1], Some(Answer::Met), "").unwrap();
    sample(&ws).unwrap();
    let m = get_initiative(&ws, i.initiative.id).unwrap().measures.remove(0);
    assert_eq!((m.values.last().map(|v| v.value), m.reached), (Some(3.0), false));
}
