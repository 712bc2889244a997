//! Encrypted workspaces: nothing of their records in the file, its log, its copies or the
//! temporary folder; opened only with their password; a wrong one changes nothing.

use std::path::{Path, PathBuf};

use crate::import::ImportOptions;
use crate::workspace::*;
use crate::incidents::{import_incidents, IncidentSource};
use crate::list::ListRequest;
use crate::services::{self, Criticality, ServiceInput, ServiceStatus};

/// Text that appears in these tests' records and nowhere else.
const MARK: &str = "Quokka-Zanzibar-4711";

fn actor() -> Actor {
    Actor::parse("Erin Encrypt").unwrap()
}

fn password() -> Password {
    Password::chosen("correct horse battery").unwrap()
}

fn holds(path: &Path, text: &str) -> bool {
    std::fs::read(path).map(|b| b.windows(text.len()).any(|w| w == text.as_bytes())).unwrap_or(false)
}

/// The workspace's file and whatever SQLite keeps beside it.
fn files_of(path: &Path) -> Vec<PathBuf> {
    ["", "-wal", "-shm", "-journal"].iter().map(|s| with_suffix(path, s)).filter(|p| p.exists()).collect()
}

fn service(ws: &Workspace) {
    services::create_service(ws, &ServiceInput { name: format!("Payroll {MARK}"), owner_id: None, criticality: Criticality::High, status: ServiceStatus::Live, description: format!("Runs the {MARK} payroll") }).unwrap();
}

fn has_service(ws: &Workspace) -> bool {
    services::list_services(ws, &ListRequest::default()).unwrap().items.iter().any(|s| s.name.contains(MARK))
}

#[test]
fn an_encrypted_workspace_holds_none_of_its_text_and_opens_only_with_its_password() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("secret.steward");
    let ws = Workspace::create_encrypted(&path, actor(), &password()).unwrap();
    service(&ws);
    assert!(ws.is_encrypted() && has_service(&ws));
    // While open: the file and its write-ahead log.
    let open_files = files_of(&path);
    assert!(open_files.len() >= 2, "{open_files:?}");
    for f in &open_files {
        assert!(!holds(f, MARK) && !holds(f, "Payroll") && !holds(f, "SQLite format 3"), "{}", f.display());
    }
    drop(ws);
    for f in files_of(&path) {
        assert!(!holds(&f, MARK), "{}", f.display());
    }
    let before = std::fs::read(&path).unwrap();
    assert_eq!(Workspace::open(&path, actor()).unwrap_err().kind(), "needs_password");
    let wrong = Workspace::open_with(&path, actor(), Some(&Password::given("correct horse battery!").unwrap())).unwrap_err();
    assert_eq!(wrong.kind(), "wrong_password");
    assert!(wrong.to_string().contains("does not open") && wrong.to_string().contains("secret.steward"), "{wrong}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "a wrong password changes nothing");
    assert_eq!(Workspace::open_reading(&path, actor(), None).unwrap_err().kind(), "needs_password");
    let ws = Workspace::open_with(&path, actor(), Some(&password())).unwrap();
    assert!(ws.is_encrypted() && has_service(&ws));
    // Checked with its password: integrity and the whole chain; without it, said plainly.
    let r = verify_with(&path, None, Some(&password())).unwrap();
    assert_eq!((r.integrity.as_str(), r.audit_chain.as_str()), ("ok", "ok"), "{r:?}");
    let blind = verify(&path, None).unwrap();
    assert_eq!(blind.audit_chain, "unverified");
    assert!(blind.reason.unwrap().contains("password"));
    // A plain workspace opens whatever password comes with it.
    let plain = d.path().join("plain.steward");
    drop(Workspace::create(&plain, actor()).unwrap());
    assert!(!Workspace::open_with(&plain, actor(), Some(&password())).unwrap().is_encrypted());
    // A file too short to be a workspace is not one, password or not.
    let junk = d.path().join("junk.steward");
    std::fs::write(&junk, b"not a workspace at all").unwrap();
    assert_eq!(Workspace::open_with(&junk, actor(), Some(&password())).unwrap_err().kind(), "not_a_workspace");
}

#[test]
fn encrypting_keeps_every_record_and_backups_snapshots_and_bundles_stay_encrypted_unless_asked() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("w.steward");
    let ws = Workspace::create(&path, actor()).unwrap();
    service(&ws);
    let head_before = head(&ws).unwrap();
    assert!(holds(&path, "SQLite format 3"));
    let ws = encrypt(ws, &password()).unwrap();
    assert!(ws.is_encrypted() && has_service(&ws));
    for f in files_of(&path) {
        assert!(!holds(&f, MARK) && !holds(&f, "SQLite format 3"), "{}", f.display());
    }
    assert!(!with_suffix(&path, ".encrypting").exists());
    // The trail goes on from where it was, the encryption recorded.
    let trail = audit_trail(&ws, &AuditQuery::default()).unwrap().items;
    assert_eq!(trail[0].action, "workspace.encrypted");
    assert_eq!(format!("{}:{}", trail[1].id, trail[1].hash), head_before);
    assert_eq!(encrypt(ws, &password()).unwrap_err().field(), Some("workspace"));
    let ws = Workspace::open_with(&path, actor(), Some(&password())).unwrap();

    // A backup is encrypted with the same password.
    let b = d.path().join("backup.steward");
    backup(&ws, &b).unwrap();
    assert!(!holds(&b, MARK) && !holds(&b, "SQLite format 3"));
    assert_eq!(Workspace::open_reading(&b, actor(), None).unwrap_err().kind(), "needs_password");
    assert!(has_service(&Workspace::open_reading(&b, actor(), Some(&password())).unwrap()));
    // Restored with its password, it is the workspace, still encrypted.
    let restored = Workspace::restore(&d.path().join("restored.steward"), &b, actor(), BrokenChain::Refuse, Some(&password())).unwrap();
    assert!(restored.is_encrypted() && has_service(&restored));
    assert!(!holds(restored.path(), MARK));
    drop(restored);

    // A bundle holds the encrypted snapshot only, verifiable without the password (its
    // chain then said to be encrypted) and walked with it.
    let key_path = d.path().join("k.key");
    crate::bundle::keys::keygen(&key_path, None).unwrap();
    let key = crate::bundle::keys::load(&key_path, None).unwrap();
    let zip = d.path().join("evidence.zip");
    let made = crate::bundle::create_bundle(&ws, &zip, &key).unwrap();
    assert_eq!(made.files, 1);
    assert!(!holds(&zip, MARK) && !holds(&zip, "Payroll") && !holds(&zip, "w.steward"));
    let v = crate::bundle::verify_bundle(&zip, Some(&key.verifying_key()), None).unwrap();
    assert!(v.valid && v.audit_chain == "encrypted", "{v:?}");
    let v = crate::bundle::verify_bundle(&zip, Some(&key.verifying_key()), Some(&password())).unwrap();
    assert!(v.valid && v.audit_chain == "ok", "{v:?}");
    assert!(!with_suffix(&path, ".snapshot").exists(), "the snapshot's copy is removed");

    // In clear only on purpose, and the trail says so.
    let clear = d.path().join("clear.steward");
    copy_in_clear(&ws, &clear).unwrap();
    assert!(holds(&clear, "SQLite format 3") && holds(&clear, MARK));
    assert!(has_service(&Workspace::open_reading(&clear, actor(), None).unwrap()));
    assert_eq!(audit_trail(&ws, &AuditQuery::default()).unwrap().items[0].action, "workspace.copied_in_clear");
}

/// Files under `dir` changed since `since` that hold `text` (SQLite's own temporary files
/// are unlinked when opened: what could be found here is a copy someone wrote).
fn plaintext_in(dir: &Path, text: &str, since: std::time::SystemTime, found: &mut Vec<PathBuf>, depth: u32) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let Ok(meta) = e.metadata() else { continue };
        if meta.is_dir() && depth < 4 {
            plaintext_in(&e.path(), text, since, found, depth + 1);
        } else if meta.is_file() && meta.len() < 64 << 20 && meta.modified().map(|m| m >= since).unwrap_or(false) && holds(&e.path(), text) {
            found.push(e.path());
        }
    }
}

#[test]
fn an_import_into_an_encrypted_workspace_writes_no_plaintext_to_the_temporary_folder() {
    // The source file and the workspace live outside the temporary folder, so that anything
    // holding the records' text found there was written by the import. The text is this
    // test's alone: the other tests here leave plaintext in their own temporary folders on
    // purpose (a copy in clear), and may run meanwhile.
    const IMPORTED: &str = "Wombat-Tasmania-0815";
    let home = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/encryption-test").join(std::process::id().to_string());
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    let mut csv = String::from("number,incident_state,short_description,priority,category,opened_at\n");
    for i in 0..4000 {
        csv.push_str(&format!("INC{i:07},New,{IMPORTED} printer {i} jammed,3,Hardware,2026-03-01 10:00:00\n"));
    }
    let source = home.join("incidents.csv");
    std::fs::write(&source, &csv).unwrap();
    let path = home.join("w.steward");
    let ws = Workspace::create_encrypted(&path, actor(), &password()).unwrap();
    // Files changed from now on, "now" as the file system stamps a file made for it.
    let stamp = tempfile::NamedTempFile::new().unwrap();
    let since = stamp.as_file().metadata().unwrap().modified().unwrap();
    let stop = std::sync::atomic::AtomicBool::new(false);
    let tmp = std::env::temp_dir();
    let (report, found) = std::thread::scope(|s| {
        let watcher = s.spawn(|| {
            let mut found = Vec::new();
            let mut scans = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) || scans == 0 {
                plaintext_in(&tmp, IMPORTED, since, &mut found, 0);
                scans += 1;
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            (found, scans)
        });
        let report = import_incidents(&ws, IncidentSource::ServiceNow, &source, &ImportOptions::default()).unwrap();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        (report, watcher.join().unwrap())
    });
    assert_eq!(report.report.created, 4000, "{report:?}");
    let (found, scans) = found;
    assert!(scans >= 1 && found.is_empty(), "plaintext in the temporary folder: {found:?}");
    for f in files_of(&path) {
        assert!(!holds(&f, IMPORTED), "{}", f.display());
    }
    drop(ws);
    let _ = std::fs::remove_dir_all(&home);
}
