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
    assert_eq!(doc["schema_version"], steward_core::workspace::migrations::LATEST);

    let open = json(&cli(&["--workspace", &ws, "requests", "list", "--state", "awaiting_approval", "--state", "in_fulfilment", "--json"]));
    let first = &open["requests"][0];
    assert!(["awaiting_approval", "in_fulfilment"].contains(&first["state"].as_str().unwrap()), "{first}");
    let shown = json(&cli(&["--workspace", &ws, "requests", "show", first["number"].as_str().unwrap(), "--json"]));
    assert_eq!(shown["request"]["number"], first["number"]);
    assert!(!shown["tasks"].as_array().unwrap().is_empty());
    let out = cli(&["--workspace", &ws, "requests", "show", "REQ9999999", "--json"]);
    assert_eq!((out.status.code(), json(&out)["error"]["kind"].as_str()), (Some(1), Some("not_found")));

    let out = cli(&["--workspace", &ws, "check", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let report = json(&out);
    let head = report["head"].as_str().unwrap().to_string();
    assert_eq!(report, serde_json::json!({"integrity": "ok", "audit_chain": "ok", "first_bad_entry": null, "schema_version": steward_core::workspace::migrations::LATEST, "head": head, "reason": null}));
    let (count, hash) = head.split_once(':').unwrap();
    assert!(count.parse::<u64>().unwrap() > 100 && hash.len() == 64, "{head}");
    // The head noted now still holds later; a head the chain never had does not.
    assert_eq!(cli(&["--workspace", &ws, "check", "--expect-head", &head, "--json"]).status.code(), Some(0));
    let wrong = format!("{count}:{}", "f".repeat(64));
    let out = cli(&["--workspace", &ws, "check", "--expect-head", &wrong, "--json"]);
    assert_eq!((out.status.code(), json(&out)["audit_chain"].as_str(), json(&out)["first_bad_entry"].as_str().map(str::to_string)), (Some(1), Some("broken"), None));
    assert_eq!(json(&out)["first_bad_entry"], count.parse::<u64>().unwrap());

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
    // The copy's head, recorded outside it: check --expect-head on the copy agrees.
    let head = doc["head"].as_str().unwrap().to_string();
    assert!(cli(&["--workspace", &bak, "check", "--expect-head", &head, "--json"]).status.success());
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
    // Not read, so not judged: "unverified" with the reason, never "broken".
    assert_eq!(json(&out)["audit_chain"], "unverified");
    assert!(json(&out)["reason"].as_str().unwrap().contains("not a Steward workspace"));
    assert_eq!(std::fs::read(&junk).unwrap(), b"not a database");
    assert_eq!(cli(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(cli(&["--workspace", &w(d.path()), "backup", "--json"]).status.code(), Some(2));
}

fn imports(ws: &str) -> Vec<serde_json::Value> {
    json(&cli(&["--workspace", ws, "imports", "list", "--json"]))["imports"].as_array().unwrap().clone()
}

#[test]
fn kill_9_during_an_import_loses_nothing_committed() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--json"]).status.success());
    let small = d.path().join("small.csv");
    std::fs::write(&small, "name,email\nKept Person,kept@example.com\n").unwrap();
    assert!(cli(&["--workspace", &ws, "import", "people", small.to_str().unwrap(), "--json"]).status.success());

    // Large enough that the transaction spills pages into the WAL before it commits: a
    // growing WAL shows the import is writing, and the kill lands then.
    let big = d.path().join("big.csv");
    let mut body = String::from("name,email,job_title,groups\n");
    for i in 0..200_000 {
        body.push_str(&format!("Person {i},p{i}@example.com,Clerk of the harbour office {i},Group {}\n", i % 50));
    }
    std::fs::write(&big, body).unwrap();
    let wal = std::path::PathBuf::from(format!("{ws}-wal"));
    let mut killed_while_writing = 0;
    for _ in 0..3 {
        let before = imports(&ws).len();
        let mut child = Command::new(env!("CARGO_BIN_EXE_steward-cli"))
            .args(["--workspace", &ws, "import", "people", big.to_str().unwrap(), "--json"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // An import that neither writes nor ends within two minutes has hung: kill it and fail.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        let writing = loop {
            if child.try_wait().unwrap().is_some() {
                break false;
            }
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the import neither wrote 1 MiB nor ended within 120 s");
            }
            if std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) > 1 << 20 {
                break true;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        };
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let out = cli(&["--workspace", &ws, "check", "--json"]);
        assert_eq!(out.status.code(), Some(0), "after a kill: {}", String::from_utf8_lossy(&out.stdout));
        let runs = imports(&ws);
        if writing {
            killed_while_writing += 1;
            assert_eq!(runs.len(), before, "the killed import left nothing: {runs:?}");
        }
    }
    assert!(killed_while_writing > 0, "no kill landed while the import was writing");
    // The first import, committed before, survived with its person.
    let runs = imports(&ws);
    let first = &runs[runs.len() - 1];
    assert_eq!((first["kind"].as_str(), first["file"].as_str(), first["created"].as_u64()), (Some("people"), Some("small.csv"), Some(1)));
}

#[test]
fn kill_9_during_a_bulk_incident_import_rolls_back_to_the_last_commit() {
    // A large import writes in rollback-journal mode: a kill leaves a hot journal, which the
    // next open (even `check`) rolls back, after which the file is in WAL mode as ever.
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--json"]).status.success());
    let big = d.path().join("incidents.csv");
    let mut body = String::from("number,title,description,state,opened_at,caller,assignment_group\n");
    for i in 0..120_000 {
        body.push_str(&format!("INC{i:07},Printer {i} jams,\"paper, again\",new,2026-01-{:02}T10:00:00Z,Caller {},Group {}\n", i % 28 + 1, i % 5000, i % 40));
    }
    std::fs::write(&big, body).unwrap();
    let mut killed_with_journal = false;
    // Later and later kills until one lands while the import writes (the machine's speed
    // decides when that is).
    for delay_ms in [300, 800, 1500, 2500, 4000, 6000] {
        if killed_with_journal {
            break;
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_steward-cli"))
            .args(["--workspace", &ws, "import", "incidents", "--from", "steward-csv", big.to_str().unwrap(), "--json"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        killed_with_journal |= Path::new(&format!("{ws}-journal")).exists();
        let out = cli(&["--workspace", &ws, "check", "--json"]);
        assert_eq!(out.status.code(), Some(0), "after kill at {delay_ms} ms: {}", String::from_utf8_lossy(&out.stdout));
        let total = json(&cli(&["--workspace", &ws, "incidents", "stats", "--json"]))["total"].as_u64();
        assert!(total == Some(0) || total == Some(120_000), "partial import visible: {total:?}");
    }
    assert!(killed_with_journal, "a kill landed while the import was writing");
    let out = cli(&["--workspace", &ws, "import", "incidents", "--from", "steward-csv", big.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(json(&cli(&["--workspace", &ws, "incidents", "stats", "--json"]))["total"], 120_000);
    // The header's read and write format versions are 2 in WAL mode (1 for rollback).
    let header = std::fs::read(&ws).unwrap();
    assert_eq!(&header[18..20], &[2, 2], "back in WAL mode after the bulk write");
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

const SN_LOG: &str = "number,incident_state,active,reassignment_count,reopen_count,caller_id,opened_by,opened_at,sys_updated_by,sys_updated_at,contact_type,category,subcategory,u_symptom,cmdb_ci,impact,urgency,priority,assignment_group,assigned_to,closed_code,resolved_at,closed_at
INC0000060,New,true,0,0,Caller 1,Opened by 1,1/3/2016 13:05,Updated by 1,1/3/2016 13:05,Email,Category 1,Subcategory 2,Symptom 3,?,2 - Medium,2 - Medium,3 - Moderate,Group 7,?,?,?,?
INC0000060,Active,true,0,0,Caller 1,Opened by 1,1/3/2016 13:05,Updated by 2,1/3/2016 14:00,Email,Category 1,Subcategory 2,Symptom 3,?,2 - Medium,2 - Medium,3 - Moderate,Group 7,Resolver 4,?,?,?
INC0000060,Resolved,true,0,0,Caller 1,Opened by 1,1/3/2016 13:05,Updated by 4,13/3/2016 09:00,Email,Category 1,Subcategory 2,Symptom 3,?,2 - Medium,2 - Medium,3 - Moderate,Group 7,Resolver 4,code 1,13/3/2016 09:00,?
INC0000061,Closed,false,0,0,Caller 2,Opened by 1,2/3/2016 08:00,Updated by 5,4/3/2016 10:00,Phone,Category 9,?,?,?,1 - High,1 - High,1 - Critical,Group 8,Resolver 5,code 2,3/3/2016 10:00,4/3/2016 10:00
INC0000062,Frobnicated,true,0,0,Caller 3,Opened by 1,2/3/2016 09:00,Updated by 5,2/3/2016 09:00,Phone,Category 9,?,?,?,3 - Low,3 - Low,5 - Planning,Group 8,?,?,?,?
";

#[test]
fn incidents_import_show_stats_search_and_export_speak_the_contract() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--json"]).status.success());
    let f = d.path().join("sn.csv");
    std::fs::write(&f, SN_LOG).unwrap();
    let out = cli(&["--workspace", &ws, "import", "incidents", "--from", "servicenow", f.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let r = json(&out);
    assert_eq!((r["format"].as_str(), r["rows_read"].as_u64(), r["created"].as_u64(), r["updated"].as_u64(), r["rejected"].as_u64(), r["events"].as_u64()),
        (Some("servicenow"), Some(5), Some(2), Some(0), Some(1), Some(4)));
    assert_eq!(r["errors"][0], serde_json::json!({"row": 5, "column": "state", "message": "\"Frobnicated\" is not a state Steward can map"}));

    let again = json(&cli(&["--workspace", &ws, "import", "incidents", "--from", "servicenow", f.to_str().unwrap(), "--json"]));
    assert_eq!((again["created"].as_u64(), again["updated"].as_u64(), again["events"].as_u64()), (Some(0), Some(0), Some(0)));

    let stats = json(&cli(&["--workspace", &ws, "incidents", "stats", "--json"]));
    assert_eq!(stats, serde_json::json!({"total": 2,
        "by_state": {"new": 0, "in_progress": 0, "on_hold": 0, "resolved": 1, "closed": 1, "cancelled": 0},
        "by_priority": {"1": 1, "2": 0, "3": 1, "4": 0, "5": 0, "none": 0}}));

    let show = json(&cli(&["--workspace", &ws, "incidents", "show", "INC0000060", "--json"]));
    assert_eq!(show["state"], "resolved");
    assert_eq!(show["source_state"], "Resolved");
    assert_eq!((show["priority"].as_i64(), show["impact"].as_i64(), show["urgency"].as_i64()), (Some(3), Some(2), Some(2)));
    assert_eq!(show["opened_at"], "2016-03-01T13:05:00Z");
    assert_eq!(show["resolved_at"], "2016-03-13T09:00:00Z");
    assert_eq!(show["closed_at"], serde_json::Value::Null);
    assert_eq!((show["assignment_group"].as_str(), show["assignee"].as_str(), show["service"].as_str(), show["ci"].as_str()), (Some("Group 7"), Some("Resolver 4"), None, None));
    let h = show["history"].as_array().unwrap();
    assert_eq!(h[0], serde_json::json!({"at": "2016-03-01T13:05:00Z", "field": "created", "from": null, "to": "new", "by": "Updated by 1"}));
    assert!(h.iter().any(|e| e["field"] == "state" && e["from"] == "new" && e["to"] == "in_progress" && e["by"] == "Updated by 2"));
    assert!(h.iter().any(|e| e["field"] == "assignee" && e["to"] == "Resolver 4"));

    let missing = cli(&["--workspace", &ws, "incidents", "show", "INC9", "--json"]);
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(json(&missing)["error"]["kind"], "not_found");

    let s = json(&cli(&["--workspace", &ws, "incidents", "search", "Category 9", "--limit", "5", "--json"]));
    assert_eq!(s["total"], 1);
    assert_eq!(s["hits"][0]["number"], "INC0000061");
    // The contract's query: field:value on one field exactly without case, "quotes" a phrase.
    let found = |q: &str| -> (u64, Vec<String>) {
        let s = json(&cli(&["--workspace", &ws, "incidents", "search", q, "--json"]));
        (s["total"].as_u64().unwrap_or(99), s["hits"].as_array().unwrap().iter().map(|h| h["number"].as_str().unwrap_or("").to_string()).collect())
    };
    assert_eq!(found("assignment_group:\"group 7\""), (1, vec!["INC0000060".to_string()]));
    assert_eq!(found("state:Resolved assignee:\"resolver 4\""), (1, vec!["INC0000060".to_string()]));
    assert_eq!(found("state:closed priority:3"), (0, vec![]));
    assert_eq!(found("\"9 Category\""), (0, vec![]), "a phrase is its words in order");
    assert_eq!(found("\"Category 9\""), (1, vec!["INC0000061".to_string()]));
    assert_eq!(found("category:\"category 9\""), (1, vec!["INC0000061".to_string()]));
    assert_eq!(found("category:category"), (0, vec![]), "a field matches whole, not a word of it");

    for fmt in ["csv", "xlsx", "json"] {
        let out_file = d.path().join(format!("inc.{fmt}"));
        let e = json(&cli(&["--workspace", &ws, "export", "incidents", "--format", fmt, "--out", out_file.to_str().unwrap(), "--json"]));
        // The export names the audit trail's head it was read at; check agrees with it.
        let head = e["head"].as_str().unwrap();
        assert_eq!(e, serde_json::json!({"format": fmt, "rows": 2, "out": out_file.to_str().unwrap(), "head": head}));
        assert_eq!(Some(head), json(&cli(&["--workspace", &ws, "check", "--json"]))["head"].as_str());
    }
    // Round trip through steward-csv into a second workspace.
    let ws2 = d.path().join("two.steward").display().to_string();
    assert!(cli(&["--workspace", &ws2, "init", "--json"]).status.success());
    let r = json(&cli(&["--workspace", &ws2, "import", "incidents", "--from", "steward-csv", d.path().join("inc.csv").to_str().unwrap(), "--json"]));
    assert_eq!(r["created"], 2);
    let back = d.path().join("back.csv");
    assert!(cli(&["--workspace", &ws2, "export", "incidents", "--format", "csv", "--out", back.to_str().unwrap(), "--json"]).status.success());
    assert_eq!(std::fs::read_to_string(back).unwrap(), std::fs::read_to_string(d.path().join("inc.csv")).unwrap());
}

#[test]
fn an_unreadable_incident_file_is_exit_1_and_writes_nothing() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--json"]).status.success());
    let f = d.path().join("amb.csv");
    std::fs::write(&f, "number,state,opened_at\nINC1,New,1/2/2024 10:00\n").unwrap();
    let out = cli(&["--workspace", &ws, "import", "incidents", "--from", "servicenow", f.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(json(&out)["error"]["message"].as_str().unwrap().contains("--date-order"));
    let out = cli(&["--workspace", &ws, "import", "incidents", "--from", "servicenow", f.to_str().unwrap(), "--date-order", "dmy", "--tz", "Mars/Base", "--json"]);
    assert_eq!(json(&out)["error"]["field"], "tz");
    assert_eq!(json(&cli(&["--workspace", &ws, "incidents", "stats", "--json"]))["total"], 0);
    let ok = json(&cli(&["--workspace", &ws, "import", "incidents", "--from", "servicenow", f.to_str().unwrap(), "--date-order", "dmy", "--json"]));
    assert_eq!(ok["created"], 1);
}

#[test]
fn cmdb_exports_import_and_an_import_is_undone_from_the_history() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert_eq!(cli(&["--workspace", &ws, "init", "--json"]).status.code(), Some(0));
    let cis = d.path().join("cmdb_ci.csv");
    std::fs::write(&cis, "name,sys_class_name,install_status,environment,owned_by\nweb-01,cmdb_ci_linux_server,Installed,Production,Ana Lima\ndb-01,cmdb_ci_db_mssql_instance,Installed,Production,\n").unwrap();
    let svc = d.path().join("services.csv");
    std::fs::write(&svc, "name,busines_criticality,operational_status\nPayroll,1 - most critical,Operational\n").unwrap();
    let out = cli(&["--workspace", &ws, "import", "cis", "--from", "servicenow", cis.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    assert_eq!((doc["created"].as_u64(), doc["rejected"].as_u64(), doc["format"].as_str()), (Some(2), Some(0), Some("servicenow-cmdb_ci")));
    let out = cli(&["--workspace", &ws, "import", "services", "--from", "servicenow", svc.to_str().unwrap(), "--json"]);
    assert_eq!(json(&out)["created"], 1);

    let list = json(&cli(&["--workspace", &ws, "imports", "list", "--json"]));
    let imports = list["imports"].as_array().unwrap();
    assert_eq!(imports.iter().map(|i| i["kind"].as_str().unwrap()).collect::<Vec<_>>(), ["services", "cis"]);
    let id = imports[1]["id"].to_string();
    let out = cli(&["--workspace", &ws, "imports", "undo", &id, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(json(&out)["removed"], 3, "two CIs and the owner the import created");
    let out = cli(&["--workspace", &ws, "imports", "undo", &id, "--json"]);
    assert_eq!((out.status.code(), json(&out)["error"]["kind"].as_str()), (Some(1), Some("conflict")));
    assert_eq!(cli(&["--workspace", &ws, "check", "--json"]).status.code(), Some(0));
}

#[test]
fn sla_eval_reads_cases_from_a_file_or_stdin_and_refuses_an_impossible_calendar() {
    let d = tempfile::tempdir().unwrap();
    let cases = d.path().join("cases.json");
    let week = r#"{"mon": [["08:00","18:00"]], "tue": [["08:00","18:00"]], "wed": [["08:00","18:00"]], "thu": [["08:00","18:00"]], "fri": [["08:00","18:00"]], "sat": [], "sun": []}"#;
    std::fs::write(&cases, format!(r#"[
        {{"id": "dst", "calendar": {{"timezone": "Europe/Berlin", "hours": {week}, "holidays": ["2024-04-01"]}}, "start": "2024-03-29T16:00:00Z", "target_minutes": 240}},
        {{"id": "pause", "calendar": {{"timezone": "Europe/Berlin", "hours": {week}}}, "start": "2024-03-04T07:00:00Z", "target_minutes": 120,
          "pauses": [{{"from": "2024-03-04T08:00:00Z", "to": "2024-03-04T10:00:00Z"}}], "end": "2024-03-04T11:30:00Z"}}
    ]"#)).unwrap();
    let out = cli(&["sla", "eval", cases.to_str().unwrap(), "--explain", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    assert_eq!((doc[0]["id"].as_str(), doc[0]["deadline"].as_str(), &doc[0]["breached"]), (Some("dst"), Some("2024-04-02T09:00:00Z"), &serde_json::Value::Null));
    assert_eq!(doc[0]["explain"][2]["kind"], "holiday");
    assert_eq!((doc[1]["business_minutes_elapsed"].as_i64(), doc[1]["breached"].as_bool()), (Some(150), Some(true)));

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_steward-cli"))
        .args(["sla", "eval", "-", "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(br#"[{"id": "none", "calendar": {"timezone": "UTC", "hours": {}}, "start": "2024-01-01T00:00:00Z", "target_minutes": 5}]"#).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "an impossible calendar is exit 1");
    assert_eq!(json(&out)["error"]["field"], "hours");
    let out = cli(&["sla", "eval", d.path().join("missing.json").to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn sla_report_lists_every_target_of_the_demo_with_compliance() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert_eq!(cli(&["--workspace", &ws, "init", "--demo", "--json"]).status.code(), Some(0));
    let out = cli(&["--workspace", &ws, "sla", "report", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = json(&out);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 13, "9 incident targets, 4 request targets");
    for r in rows {
        let (measured, met, breached) = (r["measured"].as_u64().unwrap(), r["met"].as_u64().unwrap(), r["breached"].as_u64().unwrap());
        assert_eq!(met + breached, measured, "{r}");
        let pct = r["compliance_pct"].as_f64().unwrap();
        assert!((pct - met as f64 * 100.0 / measured as f64).abs() < 0.051, "{r}");
    }
    // A range with nothing in it measures nothing: compliance is null, not 0.
    let empty = json(&cli(&["--workspace", &ws, "sla", "report", "--from", "1999-01-01", "--to", "1999-12-31", "--json"]));
    assert!(empty.as_array().unwrap().iter().all(|r| r["measured"] == 0 && r["compliance_pct"].is_null()));
    let out = cli(&["--workspace", &ws, "sla", "report", "--from", "yesterday", "--json"]);
    assert_eq!((out.status.code(), json(&out)["error"]["field"].as_str()), (Some(1), Some("from")));
}

#[test]
fn sla_holidays_compliance_breaches_and_explain_on_the_demo() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert_eq!(cli(&["--workspace", &ws, "init", "--demo", "--json"]).status.code(), Some(0));
    // Holidays from an .ics file: a yearly rule and a two-day event, within the years asked.
    let ics = d.path().join("holidays.ics");
    std::fs::write(&ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20200704\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:Company day\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20241230\r\nDTEND;VALUE=DATE:20250101\r\nSUMMARY:Year-end shutdown\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").unwrap();
    let args = ["--workspace", &ws, "sla", "holidays", ics.to_str().unwrap(), "--calendar", "Around the clock", "--from-year", "2024", "--to-year", "2025", "--json"];
    let out = cli(&args);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    assert_eq!((doc["found"].as_u64(), doc["added"].as_u64()), (Some(4), Some(4)), "{doc}");
    assert_eq!(json(&cli(&args))["added"], 0, "importing again adds nothing");
    let out = cli(&["--workspace", &ws, "sla", "holidays", ics.to_str().unwrap(), "--calendar", "No such calendar", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let not_ics = d.path().join("x.ics");
    std::fs::write(&not_ics, "number,state\n").unwrap();
    let out = cli(&["--workspace", &ws, "sla", "holidays", not_ics.to_str().unwrap(), "--calendar", "Around the clock", "--json"]);
    assert_eq!((out.status.code(), json(&out)["error"]["field"].as_str()), (Some(1), Some("file")));

    // Compliance the same clocks counted several ways: the totals agree.
    let total = |by: &str| -> u64 {
        let out = cli(&["--workspace", &ws, "sla", "compliance", "--by", by, "--json"]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        json(&out).as_array().unwrap().iter().map(|r| r["measured"].as_u64().unwrap()).sum()
    };
    let by_agreement = total("agreement");
    assert!(by_agreement > 0);
    for by in ["target", "service", "priority", "month"] {
        assert_eq!(total(by), by_agreement, "by {by}");
    }
    assert_eq!(cli(&["--workspace", &ws, "sla", "compliance", "--by", "colour", "--json"]).status.code(), Some(2), "clap refuses it");

    // Breaches come with reasons, and any clock can be explained span by span.
    let out = cli(&["--workspace", &ws, "sla", "breaches", "--json"]);
    let list = json(&out);
    let first = &list.as_array().unwrap()[0];
    assert!(!first["reasons"].as_array().unwrap().is_empty(), "{first}");
    let number = first["number"].as_str().unwrap();
    let out = cli(&["--workspace", &ws, "sla", "explain", number, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let clocks = json(&out);
    let clock = clocks.as_array().unwrap().iter().find(|c| c["target"] == first["target"]).unwrap();
    assert!(clock["spans"].as_array().unwrap().iter().any(|s| s["kind"] == "counted"), "{clock}");
    assert_eq!(cli(&["--workspace", &ws, "sla", "explain", "INC9999999", "--json"]).status.code(), Some(1));
}

#[test]
fn chart_sla_trend_writes_svg_and_png_with_names_as_text() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert_eq!(cli(&["--workspace", &ws, "init", "--demo", "--json"]).status.code(), Some(0));
    let svg = d.path().join("trend.svg");
    let out = cli(&["--workspace", &ws, "chart", "sla-trend", "--out", svg.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg") && text.contains("compliance"));
    let png = d.path().join("trend.png");
    assert_eq!(cli(&["--workspace", &ws, "chart", "sla-trend", "--out", png.to_str().unwrap(), "--dark", "--json"]).status.code(), Some(0));
    assert_eq!(&std::fs::read(&png).unwrap()[..4], b"\x89PNG");
    let weekly = d.path().join("weekly.svg");
    assert_eq!(cli(&["--workspace", &ws, "chart", "sla-trend", "--weekly", "--out", weekly.to_str().unwrap(), "--json"]).status.code(), Some(0));
    let text = std::fs::read_to_string(&weekly).unwrap();
    assert!(text.contains("by week") && text.contains("-W"), "ISO weeks on the axis");
    let out = cli(&["--workspace", &ws, "chart", "sla-trend", "--out", d.path().join("trend.bmp").to_str().unwrap(), "--json"]);
    assert_eq!((out.status.code(), json(&out)["error"]["field"].as_str()), (Some(1), Some("out")));
}

#[test]
fn cvss_score_per_the_contract() {
    let doc = json(&cli(&["cvss", "score", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "--json"]));
    assert_eq!(doc, serde_json::json!({"version": "3.1", "base_score": 9.8, "severity": "Critical"}));
    let doc = json(&cli(&["cvss", "score", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", "--json"]));
    assert_eq!((doc["version"].as_str(), doc["nomenclature"].as_str()), (Some("4.0"), Some("CVSS-BT")));
    let out = cli(&["cvss", "score", "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Z", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(json(&out)["error"]["message"].as_str().unwrap().contains("A (Availability"), "names the metric");
}

#[test]
fn changes_conflicts_on_a_fresh_demo_report_all_five_reasons() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert_eq!(cli(&["--workspace", &ws, "init", "--demo", "--json"]).status.code(), Some(0));
    let out = cli(&["--workspace", &ws, "changes", "conflicts", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let list = json(&out);
    let list = list.as_array().unwrap();
    let reasons: std::collections::BTreeSet<&str> = list.iter().map(|c| c["reason"].as_str().unwrap()).collect();
    assert_eq!(reasons.into_iter().collect::<Vec<_>>(), ["assignee_busy", "blackout", "outside_window", "related_ci", "same_ci"]);
    for c in list {
        match c["reason"].as_str().unwrap() {
            "blackout" | "outside_window" => assert!(c["other"].is_null()),
            _ => assert!(c["change"].as_str().unwrap() < c["other"].as_str().unwrap(), "{c}"),
        }
    }
    // Sorted by change, then other (null, for a window, before any change), then reason.
    let keys: Vec<(&str, Option<&str>, &str)> = list.iter().map(|c| (c["change"].as_str().unwrap(), c["other"].as_str(), c["reason"].as_str().unwrap())).collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "sorted by change, other (null first), reason; no duplicates: {keys:?}");
    // A ServiceNow export imports; the same file again changes nothing.
    let f = d.path().join("change_request.csv");
    std::fs::write(&f, "number,short_description,type,state,start_date,end_date,assigned_to,cmdb_ci\nCHG0040001,Swap a disk,Normal,Scheduled,05/02/2030 22:00:00,06/02/2030 01:00:00,Lukas Weber,esx-ham-02\n").unwrap();
    let out = cli(&["--workspace", &ws, "import", "changes", "--from", "servicenow", f.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1), "05/02 vs 06/02 cannot tell day from month");
    let out = cli(&["--workspace", &ws, "import", "changes", "--from", "servicenow", f.to_str().unwrap(), "--date-order", "dmy", "--json"]);
    assert_eq!(json(&out)["created"], 1, "{}", String::from_utf8_lossy(&out.stdout));
    let again = json(&cli(&["--workspace", &ws, "import", "changes", "--from", "servicenow", f.to_str().unwrap(), "--date-order", "dmy", "--json"]));
    assert_eq!((again["created"].as_u64(), again["updated"].as_u64()), (Some(0), Some(0)));
    // One change with its review, the calendar of a period, the figures.
    let failed = json(&cli(&["--workspace", &ws, "changes", "show", "CHG0000008", "--json"]));
    assert_eq!((failed["review"]["outcome"].as_str(), failed["caused_incidents"].as_array().map(Vec::len)), (Some("backed_out"), Some(2)));
    let cal = json(&cli(&["--workspace", &ws, "changes", "calendar", "--from", "2030-02-01T00:00:00Z", "--to", "2030-03-01T00:00:00Z", "--json"]));
    assert_eq!(cal["changes"][0]["number"], "CHG0040001");
    assert_eq!(cli(&["--workspace", &ws, "changes", "calendar", "--from", "2030-02-01", "--to", "2029-01-01T00:00:00Z"]).status.code(), Some(1));
    let f = json(&cli(&["--workspace", &ws, "changes", "figures", "--json"]));
    assert_eq!((f["ended"].as_u64(), f["causing_incidents"].as_u64()), (Some(8), Some(1)));
    assert_eq!(cli(&["--workspace", &ws, "changes", "show", "CHG9999999"]).status.code(), Some(1));
}

/// A people, a risk and a change import from the CLI are each one row of the import
/// history with one audit entry; importing each file again changes nothing; undoing each
/// (newest first) removes exactly what it created, with the records it created to refer to.
#[test]
fn risk_change_and_people_imports_are_in_the_history_and_undone_exactly() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--json"]).status.success());
    let file = |name: &str, body: &str| {
        let p = d.path().join(name);
        std::fs::write(&p, body).unwrap();
        p.display().to_string()
    };
    let people = file("people.csv", "name,email,groups\nAna Lima,ana@example.com,Desk\nBen Ode,ben@example.com,\n");
    let risks = file("register.csv", "id,title,owner,current_likelihood,current_impact\nR-1,Flood in the depot,New Owner,2,3\nR-2,Key person leaves,Ana Lima,3,3\n");
    let changes = file("changes.csv", "number,title,type,state,assignee,cis\nCHG0100001,Patch app-01,normal,draft,Ana Lima,app-01\n");
    let import = |what: &[&str]| {
        let mut args = vec!["--workspace", ws.as_str(), "import"];
        args.extend_from_slice(what);
        args.push("--json");
        let out = cli(&args);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let doc = json(&out);
        (doc["created"].as_u64().unwrap(), doc["updated"].as_u64().unwrap(), doc["unchanged"].as_u64().unwrap())
    };
    let people_run = ["people", people.as_str()];
    let runs = [people_run.as_slice(), &["risks", "--from", "steward-csv", risks.as_str()], &["changes", "--from", "steward-csv", changes.as_str()]];
    assert_eq!(import(runs[0]), (2, 0, 0));
    assert_eq!(import(runs[1]), (2, 0, 0));
    assert_eq!(import(runs[2]), (1, 0, 0));
    let list = imports(&ws);
    let kinds: Vec<&str> = list.iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["changes", "risks", "people"], "newest first");
    assert_eq!(list.iter().map(|i| i["rows_read"].as_u64().unwrap()).collect::<Vec<_>>(), [1, 2, 2]);
    let ids: Vec<String> = list.iter().map(|i| i["id"].to_string()).collect();

    // The same files again: every row recognised, nothing created or changed.
    assert_eq!(import(runs[0]), (0, 0, 2));
    assert_eq!(import(runs[1]), (0, 0, 2));
    assert_eq!(import(runs[2]), (0, 0, 1));
    let trail = d.path().join("audit.json");
    assert!(cli(&["--workspace", &ws, "audit", "export", "--format", "json", "--out", trail.to_str().unwrap(), "--json"]).status.success());
    let trail: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(&trail).unwrap()).unwrap();
    let actions: Vec<&str> = trail.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions.iter().filter(|a| a.ends_with(".imported")).count(), 6, "one entry per import: {actions:?}");
    assert!(!actions.iter().any(|a| a.ends_with(".created") && *a != "workspace.created"), "no entry per record: {actions:?}");
    let risk_import = trail.iter().find(|e| e["action"] == "risks.imported").unwrap();
    assert_eq!(risk_import["detail"]["records"]["risk.created"], 2, "{risk_import}");

    let undo = |id: &str| {
        let out = cli(&["--workspace", &ws, "imports", "undo", id, "--json"]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
        let doc = json(&out);
        (doc["removed"].as_u64().unwrap(), doc["restored"].as_u64().unwrap(), doc["kept_in_use"].as_u64().unwrap())
    };
    assert_eq!(undo(&ids[0]), (2, 0, 0), "the change and the CI it named");
    assert_eq!(cli(&["--workspace", &ws, "changes", "show", "CHG0100001"]).status.code(), Some(1));
    assert_eq!(undo(&ids[1]), (3, 0, 0), "two risks and the owner the import created");
    assert_eq!(undo(&ids[2]), (3, 0, 0), "two people and the group the import created");
    let out = d.path().join("risks.json");
    assert!(cli(&["--workspace", &ws, "export", "risks", "--format", "json", "--out", out.to_str().unwrap(), "--json"]).status.success());
    let left: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert!(left.is_empty(), "{left:?}");
    assert_eq!(cli(&["--workspace", &ws, "check", "--json"]).status.code(), Some(0));
}

/// Nothing that writes a file writes over the open workspace, whatever name it is given
/// (relative, through `..`, a hard link, its WAL): each is refused with exit 1, the
/// workspace stays whole, and no partial file is left behind.
#[test]
fn no_output_path_is_the_workspace_under_another_name() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("sub")).unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--demo", "--json"]).status.success());
    std::fs::hard_link(&ws, d.path().join("alias.steward")).unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_steward-cli")).current_dir(d.path()).args(["--workspace", "w.steward"]).args(args).env("STEWARD_ACTOR", "CLI Test").output().unwrap()
    };
    for target in ["w.steward", "./w.steward", "sub/../w.steward", "alias.steward", &ws, "w.steward-wal"] {
        for args in [
            vec!["backup", "--out", target],
            vec!["export", "incidents", "--format", "csv", "--out", target],
            vec!["export", "risks", "--format", "xlsx", "--out", target],
            vec!["export", "changes", "--format", "json", "--out", target],
            vec!["audit", "export", "--format", "json", "--out", target],
        ] {
            let out = run(&args);
            assert_eq!(out.status.code(), Some(1), "{args:?} was not refused: {}", String::from_utf8_lossy(&out.stdout));
            assert!(String::from_utf8_lossy(&out.stderr).contains("choose another file name"), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
    assert!(cli(&["--workspace", &ws, "check", "--json"]).status.success(), "the workspace is whole");
    // An ordinary export works, and leaves only itself.
    assert!(run(&["export", "incidents", "--format", "csv", "--out", "sub/incidents.csv"]).status.success());
    let left: Vec<String> = std::fs::read_dir(d.path().join("sub")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(left, ["incidents.csv"]);
}

/// What a kill -9 at any moment of a command that makes or replaces a whole file may leave:
/// nothing (or the file as it was), or the complete new file. Each command runs once to
/// learn how long it takes, then is killed at 20 moments spread over that time; after each
/// kill the target is checked, and the command run again to the end must work.
#[test]
fn kill_9_during_init_backup_and_restore_leaves_the_old_or_the_whole_new_file() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("src.steward").display().to_string();
    assert!(cli(&["--workspace", &src, "init", "--demo", "--json"]).status.success());
    let bak = d.path().join("src.bak").display().to_string();
    assert!(cli(&["--workspace", &src, "backup", "--out", &bak, "--json"]).status.success());
    let head = |ws: &str| -> Option<String> {
        let out = cli(&["--workspace", ws, "check", "--json"]);
        assert_eq!(out.status.code(), Some(0), "{ws} after a kill: {}", String::from_utf8_lossy(&out.stdout));
        json(&out)["head"].as_str().map(str::to_string)
    };
    let restored_head = head(&bak);
    let old = d.path().join("old.steward").display().to_string();
    assert!(cli(&["--workspace", &old, "init", "--json"]).status.success());
    let old_head = head(&old);

    // (what, the command for a target, whether the target exists beforehand)
    type Args = fn(&str, &str) -> Vec<String>;
    let ops: [(&str, Args, bool); 5] = [
        ("init", |t, _| vec!["--workspace".into(), t.into(), "init".into(), "--json".into()], false),
        ("init --demo", |t, _| vec!["--workspace".into(), t.into(), "init".into(), "--demo".into(), "--json".into()], false),
        ("backup", |t, src| vec!["--workspace".into(), src.into(), "backup".into(), "--out".into(), t.into(), "--json".into()], false),
        ("restore onto a new name", |t, bak| vec!["--workspace".into(), t.into(), "restore".into(), bak.into(), "--json".into()], false),
        ("restore over a workspace", |t, bak| vec!["--workspace".into(), t.into(), "restore".into(), bak.into(), "--json".into()], true),
    ];
    for (n, (what, args, existing)) in ops.iter().enumerate() {
        let other = if what.starts_with("restore") { bak.as_str() } else { src.as_str() };
        let fresh = |k: usize| -> String {
            let dir = d.path().join(format!("op{n}-{k}"));
            std::fs::create_dir(&dir).unwrap();
            let t = dir.join("t.steward").display().to_string();
            if *existing {
                std::fs::copy(&old, &t).unwrap();
            }
            t
        };
        let t = fresh(99);
        let started = std::time::Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_steward-cli")).args(args(&t, other)).env("STEWARD_ACTOR", "CLI Test").output().unwrap();
        assert!(out.status.success(), "{what}: {}", String::from_utf8_lossy(&out.stdout));
        let took = started.elapsed();
        for k in 0..20u32 {
            let t = fresh(k as usize);
            let mut child = Command::new(env!("CARGO_BIN_EXE_steward-cli"))
                .args(args(&t, other))
                .env("STEWARD_ACTOR", "CLI Test")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(took * k / 20);
            let _ = child.kill(); // SIGKILL
            let _ = child.wait();
            if Path::new(&t).exists() {
                let now = head(&t);
                // A restore leaves the old file or the backup's whole trail (with or without the
                // entry that says it was restored).
                let count = |h: &Option<String>| h.as_deref().and_then(|h| h.split(':').next()).and_then(|c| c.parse::<u64>().ok()).unwrap_or(0);
                if what.starts_with("restore") {
                    assert!(now == old_head || count(&now) >= count(&restored_head), "{what} killed at {k}/20: head {now:?}");
                }
            }
            // Whatever the kill left, the command runs again to the end (over a complete
            // file left by an init it says "already exists", which is its answer).
            let again = Command::new(env!("CARGO_BIN_EXE_steward-cli")).args(args(&t, other)).env("STEWARD_ACTOR", "CLI Test").output().unwrap();
            let said = String::from_utf8_lossy(&again.stdout);
            assert!(again.status.success() || (what.starts_with("init") && said.contains("already exists")), "{what} after a kill at {k}/20: {said}");
            assert!(head(&t).is_some());
        }
    }
}

/// A read-only workspace refuses writes, not reads: its figures, records, search, exports,
/// SLA report, collisions and charts all work on it, and it stays as it was.
#[test]
fn a_read_only_workspace_is_read_by_every_command_that_only_reads() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--demo", "--json"]).status.success());
    std::fs::set_permissions(&ws, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&ws).unwrap();
    let number = json(&cli(&["--workspace", &ws, "incidents", "search", "vpn", "--json"]))["hits"][0]["number"].as_str().map(str::to_string);
    let number = number.expect("the demo has a VPN incident");
    let out_csv = d.path().join("incidents.csv").display().to_string();
    let chart = d.path().join("trend.svg").display().to_string();
    for args in [
        vec!["incidents", "stats"],
        vec!["incidents", "show", number.as_str()],
        vec!["export", "incidents", "--format", "csv", "--out", out_csv.as_str()],
        vec!["sla", "report"],
        vec!["changes", "conflicts"],
        vec!["chart", "sla-trend", "--out", chart.as_str()],
    ] {
        let mut full = vec!["--workspace", ws.as_str()];
        full.extend(args.iter().copied());
        full.push("--json");
        let out = cli(&full);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stdout));
    }
    assert_eq!(std::fs::read(&ws).unwrap(), before, "reading wrote nothing");
    assert!(!Path::new(&format!("{ws}-wal")).exists() || std::fs::metadata(format!("{ws}-wal")).unwrap().len() == 0);
}

/// The contract's assessments: a pack imported (bad rows listed, again without change), an
/// assessment planned over its practices, answered from a file (unknown criteria rejected),
/// scored by the contract's rule, compared, drawn, and locked once done.
#[test]
fn a_criteria_pack_an_assessment_its_answers_levels_comparison_and_radar() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--json"]).status.success());
    let pack = d.path().join("pack.csv");
    std::fs::write(
        &pack,
        "practice,level,criterion,dimension\n\
Incident Management,2,Incidents are logged,value streams and processes\n\
incident management,2,Priorities are agreed,\n\
incident management,3,Major incidents have a procedure,organizations and people\n\
incident management,4,Trends are reviewed,\n\
change control,2,Changes are assessed,\n\
change enablement,3,Changes are scheduled,\n\
service desk,2,One contact point,\n\
incident management,7,Beyond the scale,\n\
no such practice,2,Anything,\n\
service desk,2,one   CONTACT point,\n\
service desk,3,,\n",
    )
    .unwrap();
    let r = json(&cli(&["--workspace", &ws, "import", "criteria", pack.to_str().unwrap(), "--json"]));
    assert_eq!((r["rows_read"].as_u64(), r["created"].as_u64(), r["updated"].as_u64(), r["rejected"].as_u64()), (Some(11), Some(7), Some(0), Some(4)), "{r}");
    let rows: Vec<u64> = r["errors"].as_array().unwrap().iter().map(|e| e["row"].as_u64().unwrap()).collect();
    assert_eq!(rows, [8, 9, 10, 11]);
    let again = json(&cli(&["--workspace", &ws, "import", "criteria", pack.to_str().unwrap(), "--json"]));
    assert_eq!((again["created"].as_u64(), again["updated"].as_u64()), (Some(0), Some(0)));

    let a = json(&cli(&["--workspace", &ws, "assessments", "create", "--name", "Baseline", "--json"]));
    assert_eq!(a["practices"], serde_json::json!(["incident management", "service desk", "change enablement"]));
    let id = a["id"].as_i64().unwrap().to_string();
    let b = json(&cli(&["--workspace", &ws, "assessments", "create", "--name", "Later", "--practices", "incident management;Change Control", "--json"]));
    assert_eq!(b["practices"], serde_json::json!(["incident management", "change enablement"]));
    let bid = b["id"].as_i64().unwrap().to_string();
    let bad = cli(&["--workspace", &ws, "assessments", "create", "--name", "X", "--practices", "incident", "--json"]);
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(json(&bad)["error"]["field"], "practices");

    let answers = d.path().join("answers.csv");
    std::fs::write(
        &answers,
        "practice,level,criterion,answer,note\n\
incident management,2,Incidents are logged,met,\n\
incident management,2,Priorities are agreed,met,seen\n\
incident management,3,Major incidents have a procedure,met,\n\
incident management,4,Trends are reviewed,partly,\n\
change enablement,2,Changes are assessed,na,\n\
change enablement,3,Changes are scheduled,met,\n\
service desk,2,One contact point,not_met,\n\
service desk,2,Not in the pack,met,\n",
    )
    .unwrap();
    let r = json(&cli(&["--workspace", &ws, "assessments", "answer", &id, answers.to_str().unwrap(), "--json"]));
    assert_eq!((r["rows_read"].as_u64(), r["created"].as_u64(), r["rejected"].as_u64()), (Some(8), Some(7), Some(1)), "{r}");
    assert_eq!(r["errors"][0]["row"], 8);
    let shown = json(&cli(&["--workspace", &ws, "assessments", "show", &id, "--json"]));
    let level = |doc: &serde_json::Value, p: &str| doc["practices"].as_array().unwrap().iter().find(|x| x["practice"] == p).cloned().unwrap();
    assert_eq!(level(&shown, "incident management"), serde_json::json!({"practice": "incident management", "level": 3, "target": null, "criteria": 4, "met": 3}));
    // Level 2 has only an na criterion: the count stops there, although level 3 is met.
    assert_eq!(level(&shown, "change enablement"), serde_json::json!({"practice": "change enablement", "level": 1, "target": null, "criteria": 1, "met": 1}));
    assert_eq!(level(&shown, "service desk")["level"], 1);

    let later = d.path().join("later.csv");
    std::fs::write(&later, "practice,level,criterion,answer,note\nincident management,2,Incidents are logged,met,\nincident management,2,Priorities are agreed,partly,\n").unwrap();
    assert!(cli(&["--workspace", &ws, "assessments", "answer", &bid, later.to_str().unwrap(), "--json"]).status.success());
    let cmp = json(&cli(&["--workspace", &ws, "assessments", "compare", &id, &bid, "--json"]));
    assert_eq!(cmp, serde_json::json!([
        {"practice": "incident management", "a": 3, "b": 1, "change": -2},
        {"practice": "change enablement", "a": 1, "b": 1, "change": 0},
    ]));

    for ext in ["svg", "png"] {
        let out = d.path().join(format!("radar.{ext}"));
        let r = cli(&["--workspace", &ws, "chart", "assessment-radar", "--assessment", &id, "--compare", &bid, "--out", out.to_str().unwrap(), "--json"]);
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        let bytes = std::fs::read(&out).unwrap();
        assert!(if ext == "svg" { String::from_utf8_lossy(&bytes).contains("incident management") } else { bytes.starts_with(b"\x89PNG") });
    }

    for to in ["in_review", "done"] {
        assert!(cli(&["--workspace", &ws, "assessments", "status", &id, to, "--json"]).status.success());
    }
    let locked = cli(&["--workspace", &ws, "assessments", "answer", &id, answers.to_str().unwrap(), "--json"]);
    assert_eq!(locked.status.code(), Some(1));
    assert!(json(&locked)["error"]["message"].as_str().unwrap().contains("done and locked"));
    assert_eq!(json(&cli(&["--workspace", &ws, "assessments", "show", &id, "--json"]))["practices"], shown["practices"], "its figures are kept");
}

/// The contract's `dora` on deployments imported from steward-csv, against figures computed
/// by hand: four production deployments of Shop in 1-14 March (a fifth after, a sixth to
/// staging refused for ending before it starts); frequency 4 / (14 / 7) = 2 a week; lead
/// times 24, 6, 12, 1 and 0 h (a commit after its deployment counts 0), median 6; failures:
/// the failed and the rolled-back one, 2 / 4 = 50 %; rework: the unplanned fix, 1 / 4 = 25 %.
#[test]
fn dora_figures_over_imported_deployments_match_the_arithmetic() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--json"]).status.success());
    let f = d.path().join("deployments.csv");
    std::fs::write(
        &f,
        "number,application,version,service,environment,started_at,deployed_at,method,deployed_by,result,planned,change,commits\n\
DEP1,shop-web,1.0,Shop,production,,2026-03-02T10:00:00Z,pipeline,ci,succeeded,true,,aaaaaaa1@2026-03-01T10:00:00Z;aaaaaaa2@2026-03-02T04:00:00Z\n\
DEP2,shop-web,1.1,Shop,production,,2026-03-05T12:00:00Z,pipeline,ci,failed,true,,aaaaaaa3@2026-03-05T00:00:00Z\n\
DEP3,shop-web,1.1.1,Shop,production,,2026-03-05T18:00:00Z,pipeline,ci,succeeded,false,,aaaaaaa4@2026-03-05T17:00:00Z\n\
DEP4,shop-web,1.2,Shop,production,,2026-03-10T09:00:00Z,canary,ci,rolled_back,true,,aaaaaaa5@2026-03-10T10:00:00Z\n\
DEP5,shop-web,1.3,Shop,production,,2026-03-20T09:00:00Z,pipeline,ci,succeeded,true,,\n\
DEP6,shop-web,1.0,Shop,staging,2026-03-02T11:00:00Z,2026-03-02T10:00:00Z,pipeline,ci,succeeded,true,,\n",
    )
    .unwrap();
    let r = json(&cli(&["--workspace", &ws, "import", "deployments", "--from", "steward-csv", f.to_str().unwrap(), "--json"]));
    assert_eq!((r["created"].as_u64(), r["rejected"].as_u64()), (Some(5), Some(1)), "{r}");
    assert_eq!((r["errors"][0]["row"].as_u64(), r["errors"][0]["column"].as_str()), (Some(6), Some("deployed_at")), "the end before the start, named");
    let again = json(&cli(&["--workspace", &ws, "import", "deployments", "--from", "steward-csv", f.to_str().unwrap(), "--json"]));
    assert_eq!((again["created"].as_u64(), again["updated"].as_u64()), (Some(0), Some(0)));
    let doc = json(&cli(&["--workspace", &ws, "dora", "--service", "Shop", "--environment", "production", "--from", "2026-03-01", "--to", "2026-03-14", "--json"]));
    assert_eq!(doc["deployments"], 4);
    assert_eq!(doc["deployment_frequency_per_week"], 2.0);
    assert_eq!(doc["lead_time_hours_median"], 6.0);
    assert_eq!(doc["change_failure_rate_pct"], 50.0);
    // Recovery: DEP2 (failed 5 March 12:00) to DEP3 (18:00) = 6 h; DEP4 (rolled back 10
    // March 09:00) to DEP5 (20 March 09:00) = 240 h; median (6 + 240) / 2 = 123 h.
    assert_eq!(doc["failed_deployment_recovery_hours_median"], 123.0);
    assert_eq!(doc["rework_rate_pct"], 25.0);
    assert_eq!(doc["bands"]["deployment_frequency"], "high");
    let none = json(&cli(&["--workspace", &ws, "dora", "--from", "2020-01-01", "--to", "2020-01-31", "--json"]));
    assert_eq!((none["deployments"].as_u64(), none["lead_time_hours_median"].is_null()), (Some(0), true));
    let bad = cli(&["--workspace", &ws, "dora", "--from", "2026-03-14", "--to", "2026-03-01", "--json"]);
    assert_eq!(bad.status.code(), Some(1));
}

/// A CI/CD tool's deployment list: GitLab's documented deployments answer (in the core's
/// test data), previewed without a workspace, then imported with the deployment's own
/// status left out and the job's status as the result: two deployments of "portal", each
/// with its commit; again, nothing changes; a --map naming no column is refused.
#[test]
fn a_pipeline_export_is_previewed_and_imported_with_its_columns_mapped() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--json"]).status.success());
    let f = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/data/gitlab-deployments.json");
    let f = f.to_str().unwrap();
    let p = json(&cli(&["imports", "preview", f, "--json"]));
    assert_eq!(p["format"], "pipeline-deployments");
    assert!(p["columns"].as_array().unwrap().iter().any(|c| c["column"] == "deployable.finished_at" && c["field"] == "deployed_at"), "{p}");
    let args = ["--workspace", &ws, "import", "deployments", "--from", "pipeline", f, "--application", "portal", "--map", "status=", "--map", "deployable.status=result", "--json"];
    let r = json(&cli(&args));
    assert_eq!((r["created"].as_u64(), r["rejected"].as_u64()), (Some(2), Some(0)), "{r}");
    let again = json(&cli(&args));
    assert_eq!((again["created"].as_u64(), again["unchanged"].as_u64()), (Some(0), Some(2)), "{again}");
    let doc = json(&cli(&["--workspace", &ws, "dora", "--from", "2016-08-11", "--to", "2016-08-11", "--json"]));
    assert_eq!(doc["deployments"], 2);
    let bad = cli(&["--workspace", &ws, "import", "deployments", "--from", "pipeline", f, "--map", "nothing=result", "--json"]);
    assert_eq!(bad.status.code(), Some(1));
}

/// The contract's `cis eol`: the demo's EDI gateway leaves support in 75 days (first within
/// 3 months); a list soonest first, each entry {ci, kind, date}.
#[test]
fn cis_eol_lists_what_ends_soonest_first() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--demo", "--json"]).status.success());
    let r = json(&cli(&["--workspace", &ws, "cis", "eol", "--within", "3", "--json"]));
    let items = r.as_array().unwrap();
    assert_eq!((items[0]["ci"].as_str(), items[0]["kind"].as_str()), (Some("edi-gateway"), Some("end_of_support")), "{r}");
    assert!(items.iter().all(|i| i.as_object().unwrap().len() == 3 && i["date"].as_str().unwrap().len() == 10));
    assert!(items.windows(2).all(|w| w[0]["date"].as_str() <= w[1]["date"].as_str()));
    assert_eq!(cli(&["--workspace", &ws, "cis", "eol", "--within", "0", "--json"]).status.code(), Some(1));
}

/// `cis capacity` lists the demo's SAN pool heading for its threshold; `import capacity`
/// reads a Grafana export for a CI named on the command line, and the same file again
/// changes nothing.
#[test]
fn cis_capacity_lists_what_runs_out_and_import_capacity_feeds_it() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--demo", "--json"]).status.success());
    let r = json(&cli(&["--workspace", &ws, "cis", "capacity", "--within", "60", "--json"]));
    assert_eq!((r[0]["ci"].as_str(), r[0]["metric"].as_str(), r[0]["status"].as_str()), (Some("san-ham-01"), Some("Pool aggr1 used"), Some("rising")), "{r}");
    let f = d.path().join("grafana_data_export.csv");
    std::fs::write(&f, "Series;Time;Value\nPool aggr1 used;2020-01-01T00:00:00Z;60\nPool aggr1 used;2020-01-08T00:00:00Z;61\nNo such pool;2020-01-08T00:00:00Z;1\n").unwrap();
    let args = ["--workspace", &ws, "import", "capacity", f.to_str().unwrap(), "--ci", "san-ham-01", "--json"];
    let first = json(&cli(&args));
    assert_eq!((first["created"].as_u64(), first["rejected"].as_u64()), (Some(2), Some(1)), "{first}");
    let again = json(&cli(&args));
    assert_eq!((again["created"].as_u64(), again["unchanged"].as_u64(), again["rejected"].as_u64()), (Some(0), Some(2), Some(1)), "{again}");
    assert_eq!(cli(&["--workspace", &ws, "cis", "capacity", "--within", "99999", "--json"]).status.code(), Some(1));
}

/// `import lifecycles` reads endoflife.date's PostgreSQL answer (29 cycles, see
/// `crates/core/tests/data/README.md`); the same file again changes nothing; a file that is
/// no lifecycle table is exit 1.
#[test]
fn import_lifecycles_dates_the_cis_running_the_product() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--json"]).status.success());
    let f = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/data/endoflife-postgresql.json");
    let args = ["--workspace", &ws, "import", "lifecycles", f.to_str().unwrap(), "--product", "PostgreSQL", "--json"];
    let r = json(&cli(&args));
    assert_eq!((r["rows_read"].as_u64(), r["created"].as_u64(), r["rejected"].as_u64()), (Some(29), Some(29), Some(0)), "{r}");
    let again = json(&cli(&args));
    assert_eq!((again["created"].as_u64(), again["unchanged"].as_u64()), (Some(0), Some(29)), "{again}");
    let bad = d.path().join("nothing.csv");
    std::fs::write(&bad, "a,b\n1,2\n").unwrap();
    assert_eq!(cli(&["--workspace", &ws, "import", "lifecycles", bad.to_str().unwrap(), "--json"]).status.code(), Some(1));
}

/// `import cis --from inventory` on Snipe-IT's sample assets (22 rows, 10 distinct names:
/// `crates/core/tests/data/README.md`): 10 CIs, 12 rows naming one again refused; again,
/// nothing changes.
#[test]
fn import_cis_from_an_inventory_spreadsheet() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--json"]).status.success());
    let f = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/data/snipe-it-assets-sample.csv");
    let args = ["--workspace", &ws, "import", "cis", "--from", "inventory", f.to_str().unwrap(), "--json"];
    let r = json(&cli(&args));
    assert_eq!((r["rows_read"].as_u64(), r["created"].as_u64(), r["rejected"].as_u64()), (Some(22), Some(10), Some(12)), "{r}");
    let again = json(&cli(&args));
    assert_eq!((again["created"].as_u64(), again["updated"].as_u64(), again["unchanged"].as_u64()), (Some(0), Some(0), Some(10)), "{again}");
}

/// `import quality` on the demo: the warehouse core's figures of a day from a dashboard's
/// project list; an unknown project is a rejected row; again, nothing changes.
#[test]
fn import_quality_feeds_an_applications_figures() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--demo", "--json"]).status.success());
    let f = d.path().join("projects.csv");
    std::fs::write(&f, "Project,Last analysis,Coverage,Bugs\nwms-core,2020-01-31,70.5%,12\nnobody,2020-01-31,1%,0\n").unwrap();
    let args = ["--workspace", &ws, "import", "quality", f.to_str().unwrap(), "--json"];
    let r = json(&cli(&args));
    assert_eq!((r["created"].as_u64(), r["rejected"].as_u64()), (Some(1), Some(1)), "{r}");
    let again = json(&cli(&args));
    assert_eq!((again["created"].as_u64(), again["unchanged"].as_u64()), (Some(0), Some(1)), "{again}");
}

/// The contract's `import ledger`, `import allocation-rules` and `finance allocation`, the
/// figures worked by hand: Hardware 1,000.00 split equally between Alpha and Beta (500.00
/// each); Licences 100.00 by fixed shares of 33.333 % each: 33.3330 twice and 33.3340 left
/// over, floors 33.33 three times, the last cent to the largest remainder (the part left
/// unallocated, 0.40 of a cent against 0.30): 33.33, 33.33 and 33.34 unallocated; 50.00
/// booked to Beta directly; Telecom 10.00 with no rule; an April line outside the period; a
/// comma amount refused. Ledger 1,160.00 = 533.33 + 583.33 + 43.34.
#[test]
fn finance_allocation_per_the_contract() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--json"]).status.success());
    let mut made = 0;
    for name in ["Alpha", "Beta"] {
        let f = d.path().join(format!("{name}.csv"));
        std::fs::write(&f, format!("name,sys_class_name\n{name},business_service\n")).unwrap();
        made += json(&cli(&["--workspace", &ws, "import", "services", "--from", "servicenow", f.to_str().unwrap(), "--json"]))["created"].as_u64().unwrap();
    }
    assert_eq!(made, 2);
    let ledger = d.path().join("ledger.csv");
    std::fs::write(&ledger, "date,amount,cost_pool,cost_centre,description,vendor,service\n2026-03-01,1000.00,Hardware,IT,Servers,Dell,\n2026-03-02,100.00,Licences,IT,Tools,,\n2026-03-03,50.00,Cloud,IT,Hosting,,Beta\n2026-03-04,10.00,Telecom,IT,Lines,,\n2026-04-01,99.00,Hardware,IT,Next month,,\n2026-03-05,\"12,50\",Hardware,IT,Comma,,\n").unwrap();
    let r = json(&cli(&["--workspace", &ws, "import", "ledger", ledger.to_str().unwrap(), "--json"]));
    assert_eq!((r["created"].as_u64(), r["rejected"].as_u64()), (Some(5), Some(1)), "{r}");
    let rules = d.path().join("rules.csv");
    std::fs::write(&rules, "cost_pool,method,service,share\nHardware,equal,Alpha,\nHardware,equal,Beta,\nLicences,fixed,Alpha,33.333\nLicences,fixed,Beta,33.333\n").unwrap();
    let r = json(&cli(&["--workspace", &ws, "import", "allocation-rules", rules.to_str().unwrap(), "--json"]));
    assert_eq!(r["created"].as_u64(), Some(4), "{r}");
    let a = json(&cli(&["--workspace", &ws, "finance", "allocation", "--from", "2026-03-01", "--to", "2026-03-31", "--json"]));
    assert_eq!(a, serde_json::json!({
        "currency": "EUR", "ledger_total": "1160.00", "unallocated": "43.34",
        "services": [
            {"service": "Alpha", "direct": "0.00", "allocated": "533.33", "total": "533.33"},
            {"service": "Beta", "direct": "50.00", "allocated": "533.33", "total": "583.33"},
        ],
    }));
    assert_eq!(cli(&["--workspace", &ws, "finance", "allocation", "--from", "2026-03-31", "--to", "2026-03-01", "--json"]).status.code(), Some(1));
}

/// The contract's `import survey` and `satisfaction`, worked by hand: Alpha's CSAT answers
/// 5, 4, 2 (two of three are 4-5: 66.7 %) and NPS 10, 6, 0 (one promoter, two detractors of
/// three: -33.3); Beta's one NPS 9 (100.0) and no CSAT answer (null). By month: two in
/// November, two in December.
#[test]
fn import_survey_and_satisfaction_per_the_contract() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--json"]).status.success());
    let f = d.path().join("services.csv");
    std::fs::write(&f, "name,sys_class_name\nAlpha,business_service\nBeta,business_service\n").unwrap();
    assert!(cli(&["--workspace", &ws, "import", "services", "--from", "servicenow", f.to_str().unwrap(), "--json"]).status.success());
    let s = d.path().join("survey.csv");
    std::fs::write(&s, "service,answered_at,csat,nps,comment\nAlpha,2026-11-01,5,10,Good\nAlpha,2026-11-15,4,6,\nAlpha,2026-12-01,2,0,Bad\nBeta,2026-12-02,,9,\n").unwrap();
    let r = json(&cli(&["--workspace", &ws, "import", "survey", s.to_str().unwrap(), "--json"]));
    assert_eq!(r["created"].as_u64(), Some(4), "{r}");
    let by_service = json(&cli(&["--workspace", &ws, "satisfaction", "--json"]));
    assert_eq!(by_service, serde_json::json!([
        {"key": "Alpha", "responses": 3, "csat_pct": 66.7, "nps": -33.3},
        {"key": "Beta", "responses": 1, "csat_pct": null, "nps": 100.0},
    ]));
    let by_month = json(&cli(&["--workspace", &ws, "satisfaction", "--by", "month", "--json"]));
    assert_eq!(by_month.as_array().unwrap().iter().map(|r| (r["key"].as_str().unwrap().to_string(), r["responses"].as_u64().unwrap())).collect::<Vec<_>>(), [("2026-11".to_string(), 2), ("2026-12".to_string(), 2)]);
}

/// The contract's `import nmap` and `discoveries` on a real scan (python-libnmap's
/// 2-host test scan, Apache-2.0): 2 hosts up, 7 open ports (ElementTree's count), none
/// matched in an empty workspace, 2 proposed; nothing is created until accepted; then 2
/// CIs; a file that is not nmap's is exit 1.
#[test]
fn import_nmap_proposes_and_discoveries_accept_creates() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--json"]).status.success());
    let f = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/data/nmap-2-hosts.xml");
    let r = json(&cli(&["--workspace", &ws, "import", "nmap", f.to_str().unwrap(), "--json"]));
    assert_eq!(r, serde_json::json!({"hosts_up": 2, "open_ports": 7, "matched": 0, "proposed": 2}));
    let list = json(&cli(&["--workspace", &ws, "discoveries", "list", "--json"]));
    assert_eq!(list[1]["hostname"], "scanme.nmap.org");
    assert_eq!(list[1]["ci"], serde_json::Value::Null);
    assert_eq!(list[1]["open_ports"][1], serde_json::json!({"port": 80, "protocol": "tcp", "service": "http", "product": null, "version": null}));
    let one = list[0]["id"].as_i64().unwrap().to_string();
    let first = json(&cli(&["--workspace", &ws, "discoveries", "accept", &one, "--json"]));
    assert_eq!(first, serde_json::json!({"created": 1, "updated": 0}));
    let rest = json(&cli(&["--workspace", &ws, "discoveries", "accept", "--all", "--json"]));
    assert_eq!(rest, serde_json::json!({"created": 1, "updated": 0}));
    let bad = d.path().join("x.xml");
    std::fs::write(&bad, "<scan/>").unwrap();
    assert_eq!(cli(&["--workspace", &ws, "import", "nmap", bad.to_str().unwrap(), "--json"]).status.code(), Some(1));
}

/// The contract's `import sbom` on a real CycloneDX SBOM (CycloneDX bom-examples, Laravel
/// 7.12.0, CC0): 62 components, 62 with a purl, 113 dependency pairs, as Python's json
/// module counts them; again, nothing is created; a file that is no SBOM is exit 1.
#[test]
fn import_sbom_reports_the_contracts_counts() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--json"]).status.success());
    let f = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/data/cyclonedx-1.4-laravel-7.12.0.json");
    let f = f.to_str().unwrap();
    let r = json(&cli(&["--workspace", &ws, "import", "sbom", f, "--application", "Laravel demo", "--json"]));
    assert_eq!((r["format"].as_str(), r["components"].as_u64(), r["with_purl"].as_u64(), r["dependencies"].as_u64()), (Some("cyclonedx-1.4"), Some(62), Some(62), Some(113)), "{r}");
    assert_eq!((r["created"].as_u64(), r["updated"].as_u64(), r["rejected"].as_u64(), r["errors"].as_array().map(Vec::len)), (Some(62), Some(0), Some(0), Some(0)));
    let again = json(&cli(&["--workspace", &ws, "import", "sbom", f, "--application", "Laravel demo", "--json"]));
    assert_eq!((again["created"].as_u64(), again["updated"].as_u64()), (Some(0), Some(0)));
    let not = d.path().join("x.json");
    std::fs::write(&not, "{}").unwrap();
    assert_eq!(cli(&["--workspace", &ws, "import", "sbom", not.to_str().unwrap(), "--json"]).status.code(), Some(1));
}

/// The contract's git import on a real public repository (rust-lang/cfg-if, in the core's
/// test data): every tag a deployment, the commits they carried, again without change.
#[test]
fn deployments_import_from_a_real_git_repository() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert!(cli(&["--workspace", &ws, "init", "--json"]).status.success());
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/data/cfg-if.git");
    let repo = repo.to_str().unwrap();
    let r = json(&cli(&["--workspace", &ws, "import", "deployments", "--from", "git", repo, "--service", "cfg-if", "--json"]));
    assert_eq!((r["deployments"].as_u64(), r["commits"].as_u64(), r["created"].as_u64(), r["rejected"].as_u64()), (Some(15), Some(125), Some(15), Some(0)), "{r}");
    let again = json(&cli(&["--workspace", &ws, "import", "deployments", "--from", "git", repo, "--service", "cfg-if", "--json"]));
    assert_eq!((again["created"].as_u64(), again["updated"].as_u64()), (Some(0), Some(0)));
    let v = json(&cli(&["--workspace", &ws, "import", "deployments", "--from", "git", repo, "--tags", "v*", "--environment", "staging", "--json"]));
    assert_eq!(v["deployments"], 4);
    let not = cli(&["--workspace", &ws, "import", "deployments", "--from", "git", d.path().to_str().unwrap(), "--json"]);
    assert_eq!((not.status.code(), json(&not)["error"]["field"].as_str()), (Some(1), Some("file")));
}

/// The contract's report and evidence bundles: a key made, the demo bundled and verified
/// (with and without the expected key), a member removed caught with exit 1; the report as
/// HTML with the sections asked, a PDF refused in words (not made yet).
#[test]
fn report_keygen_and_bundles_per_the_contract() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert_eq!(cli(&["--workspace", &ws, "init", "--demo", "--json"]).status.code(), Some(0));
    let key = d.path().join("ines.key").display().to_string();
    let made = json(&cli(&["keygen", "--out", &key, "--json"]));
    let public = made["public_key"].as_str().unwrap().to_string();
    assert_eq!(public.len(), 64);
    assert_eq!(cli(&["keygen", "--out", &key, "--json"]).status.code(), Some(1), "never overwritten");

    let bundle = d.path().join("evidence.zip").display().to_string();
    let out = cli(&["--workspace", &ws, "bundle", "create", "--out", &bundle, "--key", &key, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let created = json(&out);
    assert_eq!(created["public_key"], public.as_str());
    assert!(created["files"].as_u64().unwrap() >= 2 && created["audit_head"].as_str().unwrap().contains(':'), "{created}");
    // Verified with no workspace, against the key expected.
    let out = cli(&["bundle", "verify", &bundle, "--public-key", &public, "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!((v["valid"].as_bool(), v["public_key"].as_str(), v["files"].as_u64()), (Some(true), Some(public.as_str()), created["files"].as_u64()));
    for k in ["changed", "missing", "added"] {
        assert_eq!(v[k], serde_json::json!([]), "{k}");
    }
    // Another expected key: not valid, exit 1, the report still on stdout.
    let other = json(&cli(&["keygen", "--out", &d.path().join("other.key").display().to_string(), "--json"]))["public_key"].as_str().unwrap().to_string();
    let out = cli(&["bundle", "verify", &bundle, "--public-key", &other, "--json"]);
    assert_eq!((out.status.code(), json(&out)["valid"].as_bool()), (Some(1), Some(false)));
    // The report member removed (a copy without it, rewritten by the zip crate).
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&bundle).unwrap()).unwrap();
    let cut = d.path().join("cut.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&cut).unwrap());
    for i in 0..zip.len() {
        let m = zip.by_index(i).unwrap();
        if m.name().unwrap() != "report.html" {
            w.raw_copy_file(m).unwrap();
        }
    }
    w.finish().unwrap();
    let out = cli(&["bundle", "verify", &cut.display().to_string(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["missing"], serde_json::json!(["report.html"]));

    let html = d.path().join("report.html").display().to_string();
    let out = cli(&["--workspace", &ws, "report", "--out", &html, "--sections", "risks,costs", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(json(&out), serde_json::json!({"out": html, "pages": null, "sections": ["risks", "costs"]}));
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.contains("id=\"risks\"") && !text.contains("id=\"problems\"") && !text.contains("<script"));
    let out = cli(&["--workspace", &ws, "report", "--out", &d.path().join("r.docx").display().to_string(), "--json"]);
    assert_eq!((out.status.code(), json(&out)["error"]["field"].as_str()), (Some(1), Some("out")));
    assert_eq!(cli(&["--workspace", &ws, "report", "--out", &html, "--sections", "nope", "--json"]).status.code(), Some(1));
}

/// The text of one page of a PDF, as poppler's pdftotext reads it (a reader independent of
/// the typesetter that wrote it).
fn page_text(pdf: &Path, page: u64) -> String {
    let out = Command::new("pdftotext").args(["-f", &page.to_string(), "-l", &page.to_string(), "-layout"]).arg(pdf).arg("-").output().expect("pdftotext (poppler-utils) installed by cargo xtask test");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_demo_report_as_pdf_per_the_contract_every_page_read_back() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    assert_eq!(cli(&["--workspace", &ws, "init", "--demo", "--json"]).status.code(), Some(0));
    let pdf = d.path().join("report.pdf");
    let out = cli(&["--workspace", &ws, "report", "--out", &pdf.display().to_string(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let r = json(&out);
    let pages = r["pages"].as_u64().unwrap();
    assert!(pages >= 12, "the demo's report is {pages} pages");
    assert_eq!(r["sections"].as_array().unwrap().len(), 8);
    let mut all = String::new();
    for p in 1..=pages {
        let text = page_text(&pdf, p);
        // The workspace's name, the period and the page number on every page.
        assert!(text.contains(&format!("Page {p} of {pages}")), "page {p}: {text}");
        assert!(text.contains("Harbourside Logistics") && text.contains(" to "), "page {p}: {text}");
        all.push_str(&text);
    }
    for heading in ["Contents", "Dashboard", "Risks", "Top risks", "Service levels", "Compliance by service", "Problems", "Improvement", "Capability assessment", "Costs and satisfaction", "What the figures mean"] {
        assert!(all.contains(heading), "{heading}");
    }
    // The charts are vectors: their words (the heatmap's axes, a cell's level) are text in
    // the PDF, not pixels.
    assert!(all.contains("Figure 1: Open risks by their current rating"), "captioned figures");
    assert!(all.contains("likelihood") && all.contains("impact") && all.contains("Almost certain"), "the heatmap's own text");
}

#[test]
fn an_encrypted_workspace_through_the_cli_password_from_the_environment_only() {
    let d = tempfile::tempdir().unwrap();
    let ws = w(d.path());
    let with = |args: &[&str], password: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_steward-cli"));
        c.args(args).env("STEWARD_ACTOR", "CLI Test").env_remove("STEWARD_PASSWORD");
        if let Some(p) = password {
            c.env("STEWARD_PASSWORD", p);
        }
        c.output().unwrap()
    };
    let pw = Some("a long enough password");
    assert_eq!(json(&with(&["--workspace", &ws, "init", "--demo", "--encrypted", "--json"], Some("short"))).pointer("/error/field").and_then(|f| f.as_str()), Some("password"));
    let out = with(&["--workspace", &ws, "init", "--demo", "--encrypted", "--json"], pw);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(json(&out)["encrypted"], true);
    let bytes = std::fs::read(&ws).unwrap();
    for text in ["Harbourside", "SQLite format 3", "INC0"] {
        assert!(!bytes.windows(text.len()).any(|w| w == text.as_bytes()), "{text} in the file");
    }
    // No password, no terminal: the kind tells a script what to do; a wrong one is said.
    let out = with(&["--workspace", &ws, "incidents", "stats", "--json"], None);
    assert_eq!((out.status.code(), json(&out)["error"]["kind"].as_str()), (Some(1), Some("needs_password")));
    let out = with(&["--workspace", &ws, "incidents", "stats", "--json"], Some("not the password"));
    assert_eq!(json(&out)["error"]["kind"], "wrong_password");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("sqlcipher"), "SQLCipher's own log stays quiet: {}", String::from_utf8_lossy(&out.stderr));
    let out = with(&["--workspace", &ws, "check", "--json"], pw);
    assert_eq!((out.status.code(), json(&out)["audit_chain"].as_str()), (Some(0), Some("ok")));
    assert!(json(&with(&["--workspace", &ws, "incidents", "stats", "--json"], pw))["total"].as_u64().unwrap() > 1000);
    // A copy in clear only when asked, and it opens with no password.
    let clear = d.path().join("clear.steward").display().to_string();
    assert_eq!(with(&["--workspace", &ws, "copy-in-clear", "--out", &clear, "--json"], pw).status.code(), Some(0));
    assert!(std::fs::read(&clear).unwrap().starts_with(b"SQLite format 3"));
    assert_eq!(with(&["--workspace", &clear, "check", "--json"], None).status.code(), Some(0));
    // A plain workspace encrypted in place.
    let out = with(&["--workspace", &clear, "encrypt", "--json"], pw);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(!std::fs::read(&clear).unwrap().starts_with(b"SQLite format 3"));
    assert_eq!(json(&with(&["--workspace", &clear, "check", "--json"], pw))["audit_chain"], "ok");

    // A key sealed with a passphrase (from its own variable) signs the encrypted bundle.
    let key = d.path().join("sealed.key").display().to_string();
    let keyed = |args: &[&str], passphrase: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_steward-cli"));
        c.args(args).env("STEWARD_ACTOR", "CLI Test").env("STEWARD_PASSWORD", pw.unwrap()).env_remove("STEWARD_KEY_PASSPHRASE");
        if let Some(p) = passphrase {
            c.env("STEWARD_KEY_PASSPHRASE", p);
        }
        c.output().unwrap()
    };
    let made = json(&keyed(&["keygen", "--out", &key, "--sealed", "--json"], Some("a passphrase of mine")));
    assert_eq!(made["sealed"], true);
    assert!(std::fs::read_to_string(&key).unwrap().starts_with("STEWARD ED25519 PRIVATE KEY SEALED"));
    let bundle = d.path().join("enc.zip").display().to_string();
    let out = keyed(&["--workspace", &ws, "bundle", "create", "--out", &bundle, "--key", &key, "--json"], Some("not my passphrase"));
    assert_eq!((out.status.code(), json(&out)["error"]["field"].as_str()), (Some(1), Some("passphrase")));
    let out = keyed(&["--workspace", &ws, "bundle", "create", "--out", &bundle, "--key", &key, "--json"], Some("a passphrase of mine"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(json(&out)["files"], 1, "the encrypted snapshot alone");
    let v = json(&with(&["bundle", "verify", &bundle, "--public-key", made["public_key"].as_str().unwrap(), "--json"], None));
    assert_eq!((v["valid"].as_bool(), v["audit_chain"].as_str()), (Some(true), Some("encrypted")));
    let v = json(&with(&["bundle", "verify", &bundle, "--json"], pw));
    assert_eq!((v["valid"].as_bool(), v["audit_chain"].as_str()), (Some(true), Some("ok")));
}

