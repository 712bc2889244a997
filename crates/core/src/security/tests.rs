use super::controls::*;
use super::frameworks::*;
use crate::export::ExportFormat;
use crate::workspace::Workspace;

fn ws() -> (tempfile::TempDir, Workspace) {
    crate::testing::ws("Auditor")
}

fn control(ws: &Workspace, name: &str, implementation: Implementation) -> ControlDetail {
    create_control(ws, &ControlInput {
        name: name.into(), description: String::new(), owner_id: None, control_type: ControlType::Preventive, implementation, effectiveness: None, test_every_days: Some(90),
    })
    .unwrap()
}

#[test]
fn nist_csf_is_built_in_with_its_published_counts() {
    let (_d, ws) = ws();
    let f = add_nist_csf(&ws).unwrap();
    let reqs = requirements(&ws, f).unwrap();
    let at = |d: u32| reqs.iter().filter(|r| r.depth == d).count();
    assert_eq!((at(0), at(1), at(2)), (6, 22, 106), "functions, categories, subcategories");
    let oc01 = reqs.iter().find(|r| r.reference == "GV.OC-01").unwrap();
    assert_eq!(oc01.parent.as_deref(), Some("GV.OC"));
    assert!(oc01.title.starts_with("The organizational mission is understood"));
    assert!(matches!(add_nist_csf(&ws), Err(crate::CoreError::Conflict(_))), "once per workspace");
}

#[test]
fn controls_map_to_requirements_and_coverage_and_the_soa_follow() {
    let (d, ws) = ws();
    let f = add_nist_csf(&ws).unwrap();
    let reqs = requirements(&ws, f).unwrap();
    let id = |r: &str| reqs.iter().find(|x| x.reference == r).unwrap().id;
    let mfa = control(&ws, "Multi-factor authentication <for> \"admins\" & staff", Implementation::Implemented);
    let backups = control(&ws, "Offline backups", Implementation::Planned);
    set_control_requirements(&ws, mfa.control.id, &[id("PR.AA-03"), id("PR.AA-05")]).unwrap();
    set_control_requirements(&ws, backups.control.id, &[id("PR.DS-11")]).unwrap();
    assert_eq!(control_detail(&ws, mfa.control.id).unwrap().control.requirements, ["PR.AA-03", "PR.AA-05"]);
    assert!(set_control_requirements(&ws, mfa.control.id, &[999_999]).is_err());
    // Not applicable needs a reason.
    assert_eq!(set_applicability(&ws, id("GV.SC-10"), false, "").unwrap_err().field(), Some("justification"));
    set_applicability(&ws, id("GV.SC-10"), false, "No supplier relationships end during the period").unwrap();
    let cov = coverage(&ws, f).unwrap();
    let pr = cov.iter().find(|c| c.reference == "PR").unwrap();
    assert_eq!((pr.requirements, pr.applicable, pr.covered, pr.implemented), (22, 22, 3, 2));
    let aa = cov.iter().find(|c| c.reference == "PR.AA").unwrap();
    assert_eq!((aa.depth, aa.covered, aa.implemented), (1, 2, 2));
    let gv = cov.iter().find(|c| c.reference == "GV").unwrap();
    assert_eq!((gv.requirements, gv.applicable), (31, 30));
    let soa = statement_of_applicability(&ws, f).unwrap();
    assert_eq!(soa.len(), 106);
    // The count the window shows is the statement's lines, not the catalogue's headings too.
    assert_eq!(list_frameworks(&ws).unwrap().iter().find(|x| x.id == f).unwrap().requirements, 106);
    let line = |r: &str| soa.iter().find(|l| l.reference == r).unwrap().clone();
    assert_eq!((line("PR.AA-03").implementation.as_str(), line("PR.DS-11").implementation.as_str()), ("implemented", "planned"));
    assert_eq!((line("GV.SC-10").implementation.as_str(), line("GV.SC-10").applicable), ("not applicable", false));
    assert_eq!(line("DE.CM-01").implementation, "none");
    for (fmt, ext) in [(ExportFormat::Csv, "csv"), (ExportFormat::Xlsx, "xlsx")] {
        let out = d.path().join(format!("soa.{ext}"));
        assert_eq!(export_soa(&ws, f, fmt, &out).unwrap().rows, 106);
    }
    let csv = std::fs::read_to_string(d.path().join("soa.csv")).unwrap();
    assert!(csv.starts_with("Requirement,Title,Applicable,Justification,Implementation,Controls\n"), "{}", &csv[..80]);
    let name: String = ws.conn().query_row("SELECT name FROM controls WHERE number = 'CTL0000001'", [], |r| r.get(0)).unwrap();
    let controls: Vec<String> = csv::Reader::from_reader(csv.as_bytes()).records().map(|r| r.unwrap()[5].to_string()).collect();
    assert!(controls.iter().any(|c| c.contains(&format!("CTL0000001 {name}"))), "controls by number and name: {controls:?}");
}

/// A catalogue is an import like any other: one history row, the same file again changes
/// nothing, a new edition updates the framework in place, and undo takes back what each
/// import did (a requirement a control meets stays).
#[test]
fn other_catalogues_import_from_csv_again_and_again_and_bad_ones_write_nothing() {
    use crate::import::{list_imports, undo_import};
    let (d, ws) = ws();
    let csv = d.path().join("annex-a.csv");
    let name = Some("ISO/IEC 27001:2022 Annex A");
    let none = crate::import::ImportOptions::default();
    std::fs::write(&csv, "id,title,description,parent\nA.5.1,Policies for information security,,A.5\nA.5,Organizational controls,,\nA.8.13,Information backup,Backup copies are kept and tested,A.8\nA.8,Technological controls,,\n").unwrap();
    let first = import_framework(&ws, name, &csv, &none).unwrap();
    assert_eq!((first.rows_read, first.created, first.updated, first.unchanged), (4, 4, 0, 0));
    let f = framework_id(&ws, name.unwrap()).unwrap();
    let reqs = requirements(&ws, f).unwrap();
    assert_eq!(reqs.iter().map(|r| (r.reference.as_str(), r.depth)).collect::<Vec<_>>(), [("A.5.1", 1), ("A.5", 0), ("A.8.13", 1), ("A.8", 0)]);
    let again = import_framework(&ws, name, &csv, &none).unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 4), "{again:?}");

    // The next edition: one title changed, one requirement added under A.8, one moved.
    let c = control(&ws, "Backups tested", Implementation::Implemented);
    let backup = reqs.iter().find(|r| r.reference == "A.8.13").unwrap().id;
    set_control_requirements(&ws, c.control.id, &[backup]).unwrap();
    std::fs::write(&csv, "id,title,description,parent\nA.5.1,Policies for information security,,A.5\nA.5,Organisational controls,,\nA.8.13,Information backup,Backup copies are kept and tested,A.8\nA.8,Technological controls,,\nA.8.14,Redundancy,,A.8\n").unwrap();
    let next = import_framework(&ws, name, &csv, &none).unwrap();
    assert_eq!((next.created, next.updated, next.unchanged), (1, 1, 3), "{next:?}");
    assert_eq!(requirements(&ws, f).unwrap().iter().find(|r| r.reference == "A.5").unwrap().title, "Organisational controls");
    let runs = list_imports(&ws).unwrap();
    assert_eq!(runs.iter().map(|r| (r.kind.as_str(), r.format.as_str(), r.created)).collect::<Vec<_>>(), [("frameworks", FORMAT, 1), ("frameworks", FORMAT, 0), ("frameworks", FORMAT, 4)]);
    let undone = undo_import(&ws, runs[0].id).unwrap();
    assert_eq!((undone.removed, undone.restored), (1, 1));
    assert_eq!(requirements(&ws, f).unwrap().iter().map(|r| (r.reference.as_str(), r.title.as_str())).filter(|(r, _)| r.starts_with("A.5") || *r == "A.8.14").collect::<Vec<_>>(), [("A.5.1", "Policies for information security"), ("A.5", "Organizational controls")]);
    // Undoing the first import keeps what a control meets (and what it hangs from).
    let undone = undo_import(&ws, runs[2].id).unwrap();
    assert_eq!((undone.removed, undone.kept_in_use), (2, 3), "{undone:?}");
    assert_eq!(requirements(&ws, f).unwrap().iter().map(|r| r.reference.as_str()).collect::<Vec<_>>(), ["A.8.13", "A.8"]);

    std::fs::write(&csv, "id,title,parent\nX.1,One,X\n").unwrap();
    assert_eq!(import_framework(&ws, Some("Broken"), &csv, &none).unwrap_err().field(), Some("parent"));
    std::fs::write(&csv, "id,title\nX.1,One\nX.1,Again\n").unwrap();
    assert_eq!(import_framework(&ws, Some("Broken"), &csv, &none).unwrap_err().field(), Some("id"));
    assert_eq!(list_frameworks(&ws).unwrap().len(), 1, "nothing of the broken ones stays");
    assert_eq!(list_imports(&ws).unwrap().len(), 3);
}

#[test]
fn tests_record_evidence_kept_with_its_hash_and_copied_out_safely() {
    let (d, ws) = ws();
    let c = control(&ws, "Quarterly access review", Implementation::Implemented);
    let today = ws.now().date_naive();
    let day = |n: i64| (today - chrono::Duration::days(n)).format("%Y-%m-%d").to_string();
    let t = record_test(&ws, c.control.id, &ControlTestInput { tested_on: day(100), tester: "Ines Auditor".into(), result: TestResult::PassedWithFindings, notes: "Two stale accounts".into() }).unwrap();
    assert_eq!(t.control.last_test.as_deref(), Some(day(100).as_str()));
    assert!(t.test_overdue, "90-day cadence, tested 100 days ago");
    let future = ControlTestInput { tested_on: day(-3), tester: "x".into(), result: TestResult::Passed, notes: String::new() };
    assert_eq!(record_test(&ws, c.control.id, &future).unwrap_err().field(), Some("tested_on"));
    let file = d.path().join("../evil name;rm -rf.txt");
    let file = d.path().join(file.file_name().unwrap());
    std::fs::write(&file, b"access review export").unwrap();
    let e = attach_evidence(&ws, t.tests[0].id, &file).unwrap();
    assert_eq!(e.sha256, format!("{:x}", <sha2::Sha256 as sha2::Digest>::digest(b"access review export")));
    let out = tempfile::tempdir().unwrap();
    let copy = evidence_copy(&ws, e.id, out.path()).unwrap();
    assert_eq!(copy.parent(), Some(out.path()));
    assert_eq!(copy.file_name().unwrap().to_string_lossy(), "evil name_rm -rf.txt");
    assert_eq!(std::fs::read(&copy).unwrap(), b"access review export");
    assert_eq!(control_detail(&ws, c.control.id).unwrap().tests[0].evidence.len(), 1);
    // Too large a file is refused with a message that says what to do.
    let big = d.path().join("big.bin");
    std::fs::File::create(&big).unwrap().set_len(MAX_EVIDENCE_BYTES + 1).unwrap();
    let err = attach_evidence(&ws, t.tests[0].id, &big).unwrap_err().to_string();
    assert!(err.contains("at most 25 MB"), "{err}");
}
