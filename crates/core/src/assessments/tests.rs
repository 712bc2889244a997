use super::criteria::{import_criteria, list_criteria, update_criterion, CriterionInput};
use super::score::{compare, level_of, results};
use super::*;
use crate::record::{RecordKind, RecordRef};
use crate::import::{list_imports, undo_import};

const PACK: &str = "practice,level,criterion,dimension\n\
incident management,2,Incidents are logged with a priority,value streams and processes\n\
incident management,2,There is an agreed priority scheme,\n\
incident management,3,Major incidents follow their own procedure,organizations and people\n\
Change Control,2,Every change is assessed before approval,\n\
service desk,2,The desk has one contact point,information and technology\n";

fn pack(d: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let p = d.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn no_progress() -> crate::import::ProgressHook {
    Default::default()
}

#[test]
fn the_level_counts_consecutive_levels_whose_applicable_criteria_are_all_met() {
    use Answer::*;
    assert_eq!(level_of([]), 1, "no criteria: level 1");
    assert_eq!(level_of([(2, Some(Met)), (2, Some(Met)), (3, Some(Met))]), 3);
    assert_eq!(level_of([(2, Some(Met)), (2, Some(Na)), (3, Some(Partly))]), 2, "na does not count, partly is not met");
    assert_eq!(level_of([(2, Some(Met)), (3, None), (4, Some(Met))]), 2, "unanswered is not met, and levels must be consecutive");
    assert_eq!(level_of([(2, Some(Na)), (3, Some(Met))]), 1, "a level with only na criteria stops the count");
    assert_eq!(level_of([(2, Some(Met)), (3, Some(Met)), (4, Some(Met)), (5, Some(Met)), (5, Some(NotMet))]), 4);
    assert_eq!(level_of([(2, Some(Met)), (3, Some(Met)), (4, Some(Met)), (5, Some(Met))]), 5);
}

#[test]
fn a_pack_imports_with_bad_rows_listed_again_without_change_and_undone_whole() {
    let (d, ws) = crate::testing::ws("Ada Assessor");
    let bad = format!(
        "{PACK}unknown practice,2,Something,\nservice desk,6,Too high,\nservice desk,1,Too low,\nservice desk,2,   ,\nservice desk,2,The desk has one  CONTACT point,\nservice desk,3,Odd dimension,the fifth dimension\n"
    );
    let path = pack(&d, "pack.csv", &bad);
    let r = import_criteria(&ws, &path, None, &no_progress()).unwrap();
    assert_eq!((r.rows_read, r.created, r.rejected), (11, 5, 6), "{r:?}");
    let why: Vec<(u64, Option<&str>)> = r.errors.iter().map(|e| (e.row, e.column.as_deref())).collect();
    assert_eq!(why, [(6, Some("practice")), (7, Some("level")), (8, Some("level")), (9, Some("criterion")), (10, Some("criterion")), (11, Some("dimension"))]);
    let all = list_criteria(&ws).unwrap();
    assert_eq!(all.len(), 5);
    assert_eq!(all.iter().filter(|c| c.practice == "change enablement").count(), 1, "the old name files under the practice's name");
    assert_eq!(all[0].practice, "incident management", "Steward's practices in their order");

    // Again: nothing changes; a row that only differs in case and spacing is the same criterion.
    let again = import_criteria(&ws, &path, None, &no_progress()).unwrap();
    assert_eq!((again.created, again.updated, again.unchanged, again.rejected), (0, 0, 5, 6), "{again:?}");
    let edited = pack(&d, "edited.csv", &PACK.replace("Every change is assessed before approval,", "Every change is assessed before approval,value streams and processes"));
    let third = import_criteria(&ws, &edited, None, &no_progress()).unwrap();
    assert_eq!((third.created, third.updated, third.unchanged), (0, 1, 4), "{third:?}");

    // Undo of the first import removes what it created, except a criterion already answered.
    let a = create_assessment(&ws, &AssessmentInput { name: "Baseline".into(), ..Default::default() }).unwrap();
    let desk = all.iter().find(|c| c.practice == "service desk").unwrap();
    answer(&ws, a.id, desk.id, Some(Answer::Met), "").unwrap();
    let runs = list_imports(&ws).unwrap();
    let latest = runs.iter().find(|i| i.file == "edited.csv").unwrap();
    assert_eq!(undo_import(&ws, latest.id).unwrap().restored, 1, "the edit is written back");
    assert!(list_criteria(&ws).unwrap().iter().all(|c| c.dimension.is_none() || c.practice != "change enablement"));
    let first = runs.iter().find(|i| i.rows_read == 11 && i.created == 5).unwrap();
    let undone = undo_import(&ws, first.id).unwrap();
    assert_eq!((undone.removed, undone.kept_in_use), (4, 1), "{undone:?}");
    assert_eq!(list_criteria(&ws).unwrap().iter().map(|c| c.id).collect::<Vec<_>>(), [desk.id]);
}

#[test]
fn a_pack_with_its_own_column_names_is_mapped() {
    let (d, ws) = crate::testing::ws("Ada Assessor");
    let path = pack(&d, "theirs.csv", "Ref,Practice Name,Capability Level,Requirement,Owner\n1,incident management,2,Incidents are logged,x\n2,service desk,3,Desk measures satisfaction,y\n");
    let r = import_criteria(&ws, &path, None, &no_progress()).unwrap();
    assert_eq!((r.created, r.rejected), (2, 0), "the header suggests the mapping: {r:?}");
    let mapping: Vec<Option<String>> = vec![None, Some("practice".into()), Some("level".into()), Some("criterion".into()), None];
    assert_eq!(import_criteria(&ws, &path, Some(&mapping), &no_progress()).unwrap().unchanged, 2);
    let no_text: Vec<Option<String>> = vec![None, Some("practice".into()), Some("level".into()), None, None];
    assert_eq!(import_criteria(&ws, &path, Some(&no_text), &no_progress()).unwrap_err().field(), Some("mapping"));
}

#[test]
fn an_assessment_is_answered_scored_locked_when_done_and_compared() {
    let (d, ws) = crate::testing::ws("Ada Assessor");
    import_criteria(&ws, &pack(&d, "pack.csv", PACK), None, &no_progress()).unwrap();
    // Without practices named, the scope is what the pack covers, in Steward's order.
    let a = create_assessment(&ws, &AssessmentInput { name: "Harbourside 2025".into(), organisation: "Harbourside".into(), held_on: Some("2025-11-03".into()), ..Default::default() }).unwrap();
    assert_eq!(a.practices, ["incident management", "service desk", "change enablement"]);
    assert_eq!(a.status, AssessmentStatus::Planned);
    let named = create_assessment(&ws, &AssessmentInput { name: "Two".into(), practices: vec!["Service Desk".into(), "IT asset management".into()], ..Default::default() }).unwrap();
    assert_eq!(named.practices, ["service desk", "IT asset management"]);
    assert_eq!(create_assessment(&ws, &AssessmentInput { name: "Bad".into(), practices: vec!["incidents".into()], ..Default::default() }).unwrap_err().field(), Some("practices"));

    let answers = "practice,level,criterion,answer,note\n\
incident management,2,Incidents are logged with a priority,met,seen in the tool\n\
incident management,2,there is an AGREED priority scheme,met,\n\
incident management,3,Major incidents follow their own procedure,partly,<b>draft</b>\n\
change enablement,2,Every change is assessed before approval,na,\n\
service desk,2,The desk has one contact point,not met,\n\
service desk,2,A criterion nobody wrote,met,\n\
problem management,2,Anything,met,\n\
service desk,2,The desk has one contact point,maybe,\n";
    let file = pack(&d, "answers.csv", answers);
    let r = answers::answer_file(&ws, a.id, &file, &no_progress()).unwrap();
    assert_eq!((r.rows_read, r.created, r.rejected), (8, 5, 3), "{r:?}");
    assert_eq!(r.errors.iter().map(|e| e.column.as_deref()).collect::<Vec<_>>(), [Some("criterion"), Some("practice"), Some("answer")]);
    assert_eq!(get_assessment(&ws, a.id).unwrap().status, AssessmentStatus::InProgress, "answering starts it");
    let again = answers::answer_file(&ws, a.id, &file, &no_progress()).unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 5));

    let res = results(&ws, a.id).unwrap();
    let by = |p: &str| res.practices.iter().find(|r| r.practice == p).unwrap().clone();
    let inc = by("incident management");
    assert_eq!((inc.level, inc.criteria, inc.met, inc.answered), (2, 3, 2, 3));
    assert_eq!(inc.gap.iter().map(|g| g.text.as_str()).collect::<Vec<_>>(), ["Major incidents follow their own procedure"]);
    assert_eq!(inc.dimensions.iter().find(|x| x.dimension == Dimension::ValueStreams).map(|x| (x.criteria, x.met)), Some((1, 1)));
    assert_eq!((by("change enablement").level, by("change enablement").criteria), (1, 0), "only na: no level counted");
    assert_eq!(by("service desk").level, 1);

    set_practice(&ws, a.id, "incident management", Some(3), "Interviewed the desk lead.").unwrap();
    assert_eq!(results(&ws, a.id).unwrap().practices[0].target, Some(3));

    // Done: locked, and the pack's later edits do not touch it.
    transition_assessment(&ws, a.id, AssessmentStatus::InReview).unwrap();
    transition_assessment(&ws, a.id, AssessmentStatus::Done).unwrap();
    let locked = answers::answer_file(&ws, a.id, &file, &no_progress()).unwrap_err();
    assert!(locked.to_string().contains("done and locked"), "{locked}");
    let crit = list_criteria(&ws).unwrap().into_iter().find(|c| c.text == "Major incidents follow their own procedure").unwrap();
    assert!(answer(&ws, a.id, crit.id, Some(Answer::Met), "").is_err());
    update_criterion(&ws, crit.id, &CriterionInput { practice: "incident management".into(), level: 3, text: "Major incidents are reviewed".into(), dimension: None }).unwrap();
    let kept = results(&ws, a.id).unwrap();
    assert_eq!(kept.practices, res.practices.iter().cloned().map(|mut p| {
        if p.practice == "incident management" {
            p.target = Some(3);
            p.interview_notes = "Interviewed the desk lead.".into();
        }
        p
    }).collect::<Vec<_>>());

    // A year later: a second assessment, compared.
    let b = create_assessment(&ws, &AssessmentInput { name: "Harbourside 2026".into(), ..Default::default() }).unwrap();
    for c in list_criteria(&ws).unwrap().iter().filter(|c| c.practice == "incident management") {
        answer(&ws, b.id, c.id, Some(Answer::Met), "").unwrap();
    }
    let cmp = compare(&ws, a.id, b.id).unwrap();
    let inc = cmp.levels.iter().find(|l| l.practice == "incident management").unwrap();
    assert_eq!((inc.a, inc.b, inc.change), (2, 3, 1));
    assert_eq!(cmp.levels.len(), 3);
    let changed: Vec<(&str, Option<Answer>, Option<Answer>)> = cmp.answers.iter().map(|c| (c.text.as_str(), c.a, c.b)).collect();
    assert!(changed.contains(&("Every change is assessed before approval", Some(Answer::Na), None)), "{changed:?}");
    assert!(!changed.iter().any(|c| c.0 == "Incidents are logged with a priority"), "met both times: unchanged");
}

#[test]
fn answers_carry_files_and_records_as_evidence_and_the_rule_holds_done_back_until_every_met_has_some() {
    use super::evidence::{attach_file, attach_record, copy, evidence_rule, remove, set_evidence_rule, EvidenceRule};
    let (d, ws) = crate::testing::ws("Ada Assessor");
    import_criteria(&ws, &pack(&d, "pack.csv", PACK), None, &no_progress()).unwrap();
    let a = create_assessment(&ws, &AssessmentInput { name: "With evidence".into(), ..Default::default() }).unwrap();
    let crit = list_criteria(&ws).unwrap();
    let (logged, scheme) = (crit[0].id, crit[1].id);
    answer(&ws, a.id, logged, Some(Answer::Met), "").unwrap();
    answer(&ws, a.id, scheme, Some(Answer::Met), "").unwrap();

    let file = pack(&d, "priority matrix.txt", "P1: 1h, P2: 4h");
    let kept = attach_file(&ws, a.id, logged, &file).unwrap();
    assert_eq!((kept.file_name.as_deref(), kept.bytes), (Some("priority matrix.txt"), Some(14)));
    // The kept file's SHA-256, computed apart from Steward: sha256sum of the same 14 bytes.
    assert_eq!(kept.sha256.as_deref(), Some(SHA_OF_MATRIX));
    let out = tempfile::tempdir().unwrap();
    let copied = copy(&ws, kept.id, out.path()).unwrap();
    assert_eq!(std::fs::read_to_string(copied).unwrap(), "P1: 1h, P2: 4h");
    let risk = crate::risks::create_risk(&ws, &crate::risks::RiskInput { title: "Desk <b>overload</b>".into(), ..Default::default() }).unwrap();
    let named = attach_record(&ws, a.id, scheme, RecordRef::new(RecordKind::Risk, risk.risk.id.0)).unwrap();
    assert!(named.record_label.as_deref().unwrap().ends_with("Desk <b>overload</b>"), "{named:?}");
    assert_eq!(attach_record(&ws, a.id, scheme, RecordRef::new(RecordKind::Risk, 999)).unwrap_err().field(), Some("record"));

    // The rule: with it on, a met answer without evidence holds "done" back, saying why.
    assert!(!evidence_rule(&ws).unwrap().met_needs_evidence);
    set_evidence_rule(&ws, EvidenceRule { met_needs_evidence: true }).unwrap();
    let desk = crit.iter().find(|c| c.practice == "service desk").unwrap().id;
    answer(&ws, a.id, desk, Some(Answer::Met), "").unwrap();
    transition_assessment(&ws, a.id, AssessmentStatus::InReview).unwrap();
    let e = transition_assessment(&ws, a.id, AssessmentStatus::Done).unwrap_err();
    assert!(e.to_string().starts_with("1 criteria answered met have no evidence"), "{e}");
    answer(&ws, a.id, desk, Some(Answer::Partly), "").unwrap();
    transition_assessment(&ws, a.id, AssessmentStatus::Done).unwrap();
    // Done: evidence stays, and can be neither added nor removed.
    assert!(remove(&ws, kept.id).unwrap_err().to_string().contains("locked"));
    assert!(attach_file(&ws, a.id, logged, &file).is_err());
    assert_eq!(super::evidence::assessment_evidence(&ws, a.id).unwrap().len(), 2);
}

/// `printf 'P1: 1h, P2: 4h' | sha256sum`
const SHA_OF_MATRIX: &str = "615f04a414f2a7543d9981edfac6e726bf25d278eaf903311af6ddbddf5b4698";

/// The answers go out as CSV in the columns `assessments answer` reads (formula-looking notes
/// marked), and come back into another assessment unchanged; the workbook has both sheets.
#[test]
fn an_assessment_exports_as_a_workbook_and_its_answers_as_csv_that_imports_again() {
    let (d, ws) = crate::testing::ws("Ada Assessor");
    import_criteria(&ws, &pack(&d, "pack.csv", PACK), None, &no_progress()).unwrap();
    let a = create_assessment(&ws, &AssessmentInput { name: "Out".into(), ..Default::default() }).unwrap();
    let crit = list_criteria(&ws).unwrap();
    answer(&ws, a.id, crit[0].id, Some(Answer::Met), "=HYPERLINK(\"x\")").unwrap();
    answer(&ws, a.id, crit[2].id, Some(Answer::Partly), "half done").unwrap();
    let csv = d.path().join("answers.csv");
    let r = export::export_assessment(&ws, a.id, crate::export::ExportFormat::Csv, &csv).unwrap();
    assert_eq!(r.rows, 5, "every criterion in scope, answered or not");
    assert!(std::fs::read_to_string(&csv).unwrap().contains("'=HYPERLINK"));
    let b = create_assessment(&ws, &AssessmentInput { name: "Back".into(), ..Default::default() }).unwrap();
    let back = answers::answer_file(&ws, b.id, &csv, &no_progress()).unwrap();
    assert_eq!((back.created, back.rejected), (2, 3), "unanswered rows are rejected by name: {back:?}");
    assert!(back.errors.iter().all(|e| e.column.as_deref() == Some("answer")));
    let pick = |id| items(ws.conn(), id).unwrap().into_iter().filter(|i| i.answer.is_some()).map(|i| (i.text, i.answer, i.note)).collect::<Vec<_>>();
    assert_eq!(pick(b.id), pick(a.id));

    let xlsx = d.path().join("assessment.xlsx");
    export::export_assessment(&ws, a.id, crate::export::ExportFormat::Xlsx, &xlsx).unwrap();
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(&xlsx).unwrap();
    assert_eq!(book.sheet_names(), ["Answers", "Results"]);
    let results = book.worksheet_range("Results").unwrap();
    assert_eq!(results.rows().nth(1).unwrap().iter().map(|c| c.to_string()).take(5).collect::<Vec<_>>(), ["incident management", "1", "", "3", "1"]);
}
