//! Runs the real steward-cli binary on temporary workspaces and checks the contract:
//! JSON shapes, exit codes, the tamper test, and that kill -9 loses nothing committed.

use std::path::Path;
use std::process::{Command, Output};

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_steward-cli")).args(args).env("STEWARD_ACTOR", "CLI Test").output().expect("run steward-cli")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn w(dir: &Path) -> String {
    dir.join("w.steward").display().to_string()
}

#[test]
fn init_demo_then_check_report_ok() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    let out = cli(&["--workspace", &ws, "init", "--demo", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    assert_eq!(doc["workspace"], ws.as_str());
    assert_eq!(doc["schema_version"], 1);

    let out = cli(&["--workspace", &ws, "check", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out), serde_json::json!({"integrity": "ok", "audit_chain": "ok", "first_bad_entry": null, "schema_version": 1}));

    // init refuses an existing file, in words and in JSON.
    let out = cli(&["--workspace", &ws, "init", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["error"]["kind"], "workspace_exists");
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
}

#[test]
fn tampering_with_the_audit_trail_fails_check_naming_the_entry() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--demo", "--json"]).status.success());
    let conn = rusqlite_free_update(&ws, "UPDATE audit_log SET detail = '{\"name\":\"forged\"}' WHERE id = 7");
    assert!(conn);
    let out = cli(&["--workspace", &ws, "check", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    assert_eq!(doc["audit_chain"], "broken");
    assert_eq!(doc["first_bad_entry"], 7);
    assert_eq!(doc["integrity"], "ok");
}

/// Edits the file behind the app's back with the sqlite3 shell when present, else with a
/// fresh connection through python's sqlite3 (both are "another SQLite tool").
fn rusqlite_free_update(ws: &str, sql: &str) -> bool {
    if let Ok(s) = Command::new("sqlite3").args([ws, sql]).status() {
        return s.success();
    }
    Command::new("python3")
        .args(["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()", ws, sql])
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

#[test]
fn backup_and_restore_speak_the_contract() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    let bak = d.path().join("b.steward").display().to_string();
    assert!(cli(&["--workspace", &ws, "init", "--json"]).status.success());
    let out = cli(&["--workspace", &ws, "backup", "--out", &bak, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    assert_eq!(doc["backup"], bak.as_str());
    assert!(doc["bytes"].as_u64().unwrap() > 0);
    let out = cli(&["--workspace", &ws, "restore", &bak, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(json(&out), serde_json::json!({"restored": bak}));
    assert!(cli(&["--workspace", &ws, "check", "--json"]).status.success());
}

#[test]
fn bad_files_are_exit_1_with_a_message_and_usage_errors_exit_2() {
    let d = tempfile::tempdir().unwrap();
    let junk = d.path().join("junk.steward");
    std::fs::write(&junk, "not a database").unwrap();
    let out = cli(&["--workspace", junk.to_str().unwrap(), "backup", "--out", "/tmp/x", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["error"]["kind"], "not_a_workspace");
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a Steward workspace"));
    let out = cli(&["--workspace", junk.to_str().unwrap(), "check", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["audit_chain"], "broken");
    assert_eq!(std::fs::read(&junk).unwrap(), b"not a database");
    assert_eq!(cli(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(cli(&["--workspace", &w(d.path()), "backup", "--json"]).status.code(), Some(2));
}

#[test]
fn kill_9_during_an_import_loses_nothing_committed() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--json"]).status.success());
    let small = d.path().join("small.csv");
    std::fs::write(&small, "name,email\nKept Person,kept@example.com\n").unwrap();
    assert!(cli(&["--workspace", &ws, "import", "people", small.to_str().unwrap(), "--json"]).status.success());

    let big = d.path().join("big.csv");
    let mut body = String::from("name,email,groups\n");
    for i in 0..60_000 {
        body.push_str(&format!("Person {i},p{i}@example.com,Group {}\n", i % 50));
    }
    std::fs::write(&big, body).unwrap();
    for delay_ms in [50, 300, 900] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_steward-cli"))
            .args(["--workspace", &ws, "import", "people", big.to_str().unwrap(), "--json"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let out = cli(&["--workspace", &ws, "check", "--json"]);
        assert_eq!(out.status.code(), Some(0), "after kill at {delay_ms} ms: {}", String::from_utf8_lossy(&out.stdout));
    }
    // The committed person survived; the killed import is all-or-nothing.
    let export = d.path().join("audit.json");
    assert!(cli(&["--workspace", &ws, "audit", "export", "--format", "json", "--out", export.to_str().unwrap(), "--json"]).status.success());
    let trail: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(&export).unwrap()).unwrap();
    assert!(trail.iter().any(|e| e["detail"]["name"] == "Kept Person"));
    let imports = trail.iter().filter(|e| e["action"] == "directory.imported").count();
    let people = trail.iter().filter(|e| e["action"] == "person.created").count();
    assert!(people == 1 || people == 60_001, "partial import visible: {people} people, {imports} imports");
}

#[test]
fn a_workspace_in_use_or_read_only_is_refused_and_untouched() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--json"]).status.success());
    let bak = d.path().join("b.steward").display().to_string();
    {
        // Another Steward (here: this test) has it open.
        let _open = steward_core::workspace::Workspace::open(Path::new(&ws), steward_core::workspace::Actor::parse("Other").unwrap()).unwrap();
        let out = cli(&["--workspace", &ws, "backup", "--out", &bak, "--json"]);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(json(&out)["error"]["kind"], "locked");
        assert!(String::from_utf8_lossy(&out.stderr).contains("already open"));
    }
    std::fs::set_permissions(&ws, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&ws).unwrap();
    let out = cli(&["--workspace", &ws, "backup", "--out", &bak, "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["error"]["kind"], "read_only");
    assert_eq!(std::fs::read(&ws).unwrap(), before);
    // check only reads, so it still works on a read-only file.
    assert!(cli(&["--workspace", &ws, "check", "--json"]).status.success());
}

#[test]
fn a_newer_workspace_is_refused_with_a_message() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--json"]).status.success());
    assert!(rusqlite_free_update(&ws, "PRAGMA user_version = 99"));
    let out = cli(&["--workspace", &ws, "backup", "--out", d.path().join("b").to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["error"]["kind"], "newer_version");
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer version of Steward"));
}
