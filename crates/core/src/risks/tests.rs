use super::matrix::{get_matrix, set_matrix, RiskMatrix};
use super::transfer::{export_risks, import_risks};
use super::*;
use crate::export::ExportFormat;

fn ws() -> (tempfile::TempDir, Workspace) {
    crate::testing::ws("Risk Manager")
}

fn rated(title: &str, l: i64, i: i64) -> RiskInput {
    RiskInput { title: title.into(), inherent: Some(Rating { likelihood: 5, impact: 5 }), current: Some(Rating { likelihood: l, impact: i }), ..Default::default() }
}

#[test]
fn risks_are_rated_on_the_matrix_with_levels_appetite_and_review_dates() {
    let (_d, ws) = ws();
    let r = create_risk(&ws, &rated("Ransomware encrypts the file servers", 4, 5)).unwrap();
    assert_eq!(r.risk.key, "RSK0000001");
    assert_eq!((r.risk.inherent_level, r.risk.current_level), (Some(4), Some(4)), "very high");
    assert!(r.above_appetite);
    assert_eq!(r.risk.status, RiskStatus::Assessed);
    // A very high risk is reviewed every 90 days from the day it was added.
    assert_eq!(r.risk.next_review.as_deref(), Some("2027-03-06"), "90 days after {}", crate::testing::NOW);
    let low = create_risk(&ws, &rated("Printer toner runs out", 2, 1)).unwrap();
    assert!(!low.above_appetite);
    assert_eq!(create_risk(&ws, &rated("Off the matrix", 6, 1)).unwrap_err().field(), Some("current"));
    // Acceptance needs who and why; an acceptance that ran out shows.
    let mut accept = rated("Legacy EDI gateway has no vendor support", 3, 3);
    accept.status = Some(RiskStatus::Accepted);
    assert_eq!(create_risk(&ws, &accept).unwrap_err().field(), Some("acceptance_reason"));
    accept.accepted_by = Some("Maria Keller".into());
    accept.acceptance_reason = "Retired within the year; the three customers move to the API.".into();
    accept.accepted_until = Some("2020-12-31".into());
    let a = create_risk(&ws, &accept).unwrap();
    assert!(a.acceptance_expired);
    // The register lists by level, highest first, and filters by cell.
    let page = list_risks(&ws, &ListRequest { sort: Some(list::SortTerm { field: "current_level".into(), descending: true }), ..Default::default() }).unwrap();
    assert_eq!(page.items[0].title, "Ransomware encrypts the file servers");
    let cell = list_risks(&ws, &ListRequest {
        filters: vec![
            list::FilterTerm { field: "current_likelihood".into(), value: "2".into(), missing: false, op: None },
            list::FilterTerm { field: "current_impact".into(), value: "1".into(), missing: false, op: None },
        ],
        ..Default::default()
    })
    .unwrap();
    assert_eq!(cell.items.iter().map(|r| r.title.as_str()).collect::<Vec<_>>(), ["Printer toner runs out"]);
    let counts = heatmap_counts(ws.conn(), &get_matrix(&ws).unwrap(), RatingKind::Current).unwrap();
    assert_eq!((counts.counts[3][4], counts.counts[1][0], counts.counts[2][2]), (1, 1, 1));
    assert_eq!(heatmap_counts(ws.conn(), &get_matrix(&ws).unwrap(), RatingKind::Inherent).unwrap().counts[4][4], 3);
    // Actions.
    let d = save_action(&ws, r.risk.id, None, &RiskActionInput { title: "Offline backups, tested monthly".into(), due_on: Some("2026-12-31".into()), ..Default::default() }).unwrap();
    assert_eq!(d.actions.len(), 1);
    assert_eq!(save_action(&ws, r.risk.id, None, &RiskActionInput { title: "x".into(), due_on: Some("soon".into()), ..Default::default() }).unwrap_err().field(), Some("due_on"));
}

#[test]
fn changing_the_matrix_re_rates_the_register_and_says_so() {
    let (_d, ws) = ws();
    let r = create_risk(&ws, &rated("Data centre flood", 5, 4)).unwrap();
    create_risk(&ws, &rated("Phishing", 3, 2)).unwrap();
    // A 3x3 matrix: ratings map to the same share of the scale.
    let step = |l: &str| super::matrix::ScaleStep { label: l.into(), description: String::new() };
    let mut m3 = RiskMatrix { likelihood: vec![step("Low"), step("Medium"), step("High")], impact: vec![step("Low"), step("Medium"), step("High")], ..RiskMatrix::default() };
    m3.levels.truncate(3);
    m3.cells = vec![vec![0, 0, 1], vec![0, 1, 2], vec![1, 2, 2]];
    m3.appetite = 1;
    let report = set_matrix(&ws, &m3).unwrap();
    assert_eq!((report.risks, report.changed), (2, 2));
    let after = risk_detail(&ws, r.risk.id).unwrap().risk;
    assert_eq!((after.current, after.current_level), (Some(Rating { likelihood: 3, impact: 3 }), Some(2)));
    let trail = crate::workspace::audit_trail(&ws, &ListRequest { limit: Some(1), ..Default::default() }).unwrap();
    assert_eq!(trail.items[0].action, "risk_matrix.updated");
    assert_eq!(trail.items[0].detail["re_rated"], serde_json::json!(["RSK0000001", "RSK0000002"]));
    let mut bad = RiskMatrix::default();
    bad.cells[0][0] = 9;
    assert_eq!(set_matrix(&ws, &bad).unwrap_err().field(), Some("cells"));
}

#[test]
fn steward_csv_round_trips_and_imports_are_idempotent_with_bad_rows_listed() {
    let (d, ws) = ws();
    let csv = d.path().join("risks.csv");
    std::fs::write(&csv, "id,title,description,category,owner,status,treatment,inherent_likelihood,inherent_impact,current_likelihood,current_impact,target_likelihood,target_impact,causes,consequences\n\
R-01,\"Supplier <b>outage</b>, \"\"cloud\"\"\",\"Multi-line\ndescription\",Third party,Nora Schmidt,treating,mitigate,4,4,3,4,2,2,Single region,Portal down\n\
R-02,Weak passwords,,Security,,assessed,,3,3,,,,,,\n\
R-03,Bad rating,,,,assessed,,9,9,,,,,,\n\
,Risk without an id,,,,,,,,,,,,,\n").unwrap();
    let r = import_risks(&ws, &csv, &Default::default()).unwrap();
    assert_eq!((r.rows_read, r.created, r.updated, r.rejected), (4, 3, 0, 1), "{r:?}");
    assert_eq!((r.errors[0].row, r.errors[0].column.as_deref()), (3, Some("inherent")));
    let again = import_risks(&ws, &csv, &Default::default()).unwrap();
    assert_eq!((again.created, again.updated), (1, 0), "keyed rows are matched and unchanged; a row without an id is a new risk each time: {again:?}");
    let one = list_risks(&ws, &ListRequest { text: Some("Supplier".into()), ..Default::default() }).unwrap();
    assert_eq!(one.items[0].owner.as_deref(), Some("Nora Schmidt"), "owner created as a person");
    // Export then import into a fresh workspace reproduces the register exactly.
    let out = d.path().join("out.csv");
    let e = export_risks(&ws, ExportFormat::Csv, &out, &ListRequest::default()).unwrap();
    assert_eq!(e.rows, 4);
    let d2 = tempfile::tempdir().unwrap();
    let ws2 = crate::testing::pinned(&d2, "Auditor", crate::testing::NOW);
    assert_eq!(import_risks(&ws2, &out, &Default::default()).unwrap().created, 4);
    let out2 = d2.path().join("out.csv");
    export_risks(&ws2, ExportFormat::Csv, &out2, &ListRequest::default()).unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), std::fs::read_to_string(&out2).unwrap());
    assert_eq!(import_risks(&ws2, &out, &Default::default()).unwrap().updated, 0, "nothing changes on a second import");
    // A file that is not a register is refused whole.
    std::fs::write(&csv, "name;title\nx;y\n").unwrap();
    assert_eq!(import_risks(&ws, &csv, &Default::default()).unwrap_err().field(), Some("file"));
    for f in [ExportFormat::Xlsx, ExportFormat::Json] {
        let p = d.path().join(format!("out.{}", f.as_str()));
        assert_eq!(export_risks(&ws, f, &p, &ListRequest::default()).unwrap().rows, 4);
    }
}

/// Before a matrix is saved, the ratings it would move are listed in both matrices' words;
/// nothing changes until it is saved, and saving moves exactly those.
#[test]
fn a_resize_lists_the_ratings_it_moves_before_anything_is_saved() {
    let (_d, ws) = ws();
    create_risk(&ws, &rated("Data centre flood", 5, 5)).unwrap();
    create_risk(&ws, &rated("Phishing", 3, 3)).unwrap();
    let small = super::matrix::resized(&RiskMatrix::default(), 4, 4).unwrap();
    let moves = super::matrix::preview_matrix(&ws, &small).unwrap();
    let flood: Vec<(&str, &str)> = moves.iter().filter(|m| m.number == "RSK0000001").map(|m| (m.from.as_str(), m.to.as_str())).collect();
    assert!(flood.contains(&("Almost certain × Severe: Very high", "Likely / Almost certain × Major / Severe: Very high")), "{moves:?}");
    assert!(moves.iter().all(|m| m.number != "RSK0000002" || m.rating == "inherent"), "its current rating, possible x moderate, stays where it is: {moves:?}");
    assert_eq!(super::matrix::get_matrix(&ws).unwrap(), RiskMatrix::default(), "nothing saved");
    let report = set_matrix(&ws, &small).unwrap();
    let moved: std::collections::BTreeSet<&str> = moves.iter().map(|m| m.number.as_str()).collect();
    assert_eq!(report.changed as usize, moved.len());
}
