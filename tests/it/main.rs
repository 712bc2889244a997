//! Integration tests of the command layer: the real command handlers on tauri's mock
//! runtime, called through IPC exactly as the web page calls them.

use serde_json::{json, Value};
use tauri::test::{get_ipc_response, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

struct App {
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    dir: tempfile::TempDir,
}

fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    app_in(dir, None)
}

/// The instant every workspace these tests open is pinned at, so that what they assert does
/// not depend on the day they run.
const NOW: &str = "2026-12-06T09:30:00Z";

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc()
}

fn app_in(dir: tempfile::TempDir, start: Option<std::path::PathBuf>) -> App {
    let start = start.unwrap_or_else(|| dir.path().join("data/default.steward"));
    let state = steward_app::AppState::new(&dir.path().join("config"), start).with_clock(steward_core::time::Clock::at(NOW).unwrap());
    let app = steward_app::builder(tauri::test::mock_builder()).manage(state).build(mock_context(noop_assets())).expect("build app");
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("window");
    App { _app: app, window, dir }
}

impl App {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: tauri::ipc::CallbackFn(0),
                error: tauri::ipc::CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: tauri::ipc::InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|b| b.deserialize::<Value>().unwrap())
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    fn err(&self, cmd: &str, args: Value) -> Value {
        match self.call(cmd, args) {
            Ok(v) => panic!("{cmd} should have failed but returned {v}"),
            Err(e) => e,
        }
    }

    fn started(self, demo: bool) -> Self {
        self.ok("set_identity", json!({"name": "Ines Auditor", "email": "ines@example.com"}));
        self.ok("create_start_workspace", json!({"demo": demo}));
        self
    }
}

fn service(name: &str) -> Value {
    json!({"name": name, "owner_id": null, "criticality": "high", "status": "live", "description": ""})
}

fn ci(name: &str) -> Value {
    json!({"name": name, "ci_type": "server", "environment": "production", "owner_id": null, "lifecycle": "operational", "attributes": {"ip": "10.0.0.1"}})
}

#[test]
fn first_start_needs_an_identity_then_creates_the_demo() {
    let a = app();
    let status = a.ok("app_status", json!({}));
    assert_eq!(status["identity"], Value::Null);
    assert_eq!(status["workspace"], Value::Null);
    assert_eq!(status["start_exists"], false);
    let e = a.err("create_start_workspace", json!({"demo": true}));
    assert_eq!(e["kind"], "no_identity");

    let e = a.err("set_identity", json!({"name": "  ", "email": ""}));
    assert_eq!(e, json!({"kind": "validation", "message": "Say who you are: the audit trail records a name for every change.", "field": "actor"}));
    a.ok("set_identity", json!({"name": "Ines Auditor", "email": "ines@example.com"}));
    let status = a.ok("create_start_workspace", json!({"demo": true}));
    assert_eq!(status["workspace"]["name"], "Harbourside Logistics — ITIL assessment");
    assert_eq!(status["identity"]["name"], "Ines Auditor");
    assert_eq!(status["start_exists"], true);
    let summary = a.ok("workspace_summary", json!({}));
    assert!(summary["services"].as_i64().unwrap() >= 8);
    // The demo's records are made by its own people, not by whoever opened it (whose is the
    // measures' sampling the window runs on opening any workspace)…
    let recent: Vec<&Value> = summary["recent_changes"].as_array().unwrap().iter().filter(|c| c["what"] != "Improvement measures sampled").collect();
    assert!(summary["recent_changes"].as_array().unwrap().iter().any(|c| c["what"] == "Improvement measures sampled" && c["actor"] == "Ines Auditor"));
    assert!(recent.len() > 3 && recent.iter().all(|c| c["actor"] != "Ines Auditor" && c["actor"].as_str().is_some_and(|n| !n.is_empty())), "{recent:?}");
    // …and what the opener does from there is theirs.
    a.ok("create_service", json!({"input": service("Ines's own service")}));
    assert_eq!(a.ok("workspace_summary", json!({}))["recent_changes"][0]["actor"], "Ines Auditor");
    assert_eq!(a.ok("check_workspace", json!({}))["audit_chain"], "ok");
}

#[test]
fn the_identity_is_kept_per_os_user_and_the_start_file_reopens() {
    let a = app().started(false);
    a.ok("create_service", json!({"input": service("Payroll")}));
    // What the real app does on exit (RunEvent::Exit): close the workspace, releasing its lock.
    use tauri::Manager;
    a._app.state::<steward_app::AppState>().close();
    let dir = a.dir;
    let b = app_in(dir, None);
    let status = b.ok("open_start_workspace", json!({}));
    assert_eq!(status["identity"]["email"], "ines@example.com");
    assert_eq!(status["workspace"]["schema_version"], steward_core::workspace::migrations::LATEST);
    let page = b.ok("list_services", json!({"request": {}}));
    assert_eq!(page["items"][0]["name"], "Payroll");
    assert_eq!(status["housekeeping_error"], Value::Null);
}

/// A workspace the app made three services in and left (closed, as on exit): its folder
/// and file.
fn left_with_three_services() -> (tempfile::TempDir, std::path::PathBuf) {
    use tauri::Manager;
    let a = app().started(false);
    for name in ["Payroll", "Email", "Portal"] {
        a.ok("create_service", json!({"input": service(name)}));
    }
    a._app.state::<steward_app::AppState>().close();
    let ws = a.dir.path().join("data/default.steward");
    (a.dir, ws)
}

/// The app records each workspace's audit-trail head outside the file when it leaves it; a
/// trail cut behind its back (the last entries deleted, which `check` alone cannot see) or
/// rewritten is told when the workspace opens again.
#[test]
fn a_trail_cut_or_rewritten_behind_the_apps_back_is_told_when_the_workspace_opens() {
    use tauri::Manager;
    let (dir, ws) = left_with_three_services();
    // Opened and left again untouched: nothing to say.
    let b = app_in(dir, None);
    assert_eq!(b.ok("open_start_workspace", json!({}))["trail_warning"], Value::Null);
    b._app.state::<steward_app::AppState>().close();
    let dir = b.dir;
    // The last two entries deleted with another tool: the chain is still unbroken.
    let conn = rusqlite::Connection::open(&ws).unwrap();
    let total: i64 = conn.query_row("SELECT max(id) FROM audit_log", [], |r| r.get(0)).unwrap();
    conn.execute("DELETE FROM audit_log WHERE id > ?1", [total - 2]).unwrap();
    drop(conn);
    assert!(steward_core::workspace::check(&ws).unwrap().is_ok(), "check alone cannot see a cut end");
    let c = app_in(dir, None);
    let said = c.ok("open_start_workspace", json!({}))["trail_warning"].as_str().unwrap().to_string();
    assert!(said.contains(&format!("had {total} entries")) && said.contains(&format!("it now has {}", total - 2)), "{said}");
    // Told once: the head now recorded is the one found.
    c._app.state::<steward_app::AppState>().close();
    let dir = c.dir;
    let e = app_in(dir, None);
    assert_eq!(e.ok("open_start_workspace", json!({}))["trail_warning"], Value::Null);
}

/// An entry in the middle of the trail changed with another tool (its head untouched, so the
/// recorded head still matches): the walk of the whole chain that runs beside the opened
/// workspace names it, and the head is not recorded over it when the app leaves.
#[test]
fn a_forged_entry_before_the_recorded_head_is_found_by_the_walk_beside_the_open() {
    use tauri::Manager;
    let (dir, ws) = left_with_three_services();
    let conn = rusqlite::Connection::open(&ws).unwrap();
    conn.execute("UPDATE audit_log SET actor = 'Mallory' WHERE id = 2", []).unwrap();
    drop(conn);
    let walked = |app: &App| -> Value {
        for _ in 0..200 {
            let s = app.ok("trail_status", json!({}));
            if s["checking"] == false {
                return s;
            }
            std::thread::sleep(std::time::Duration::from_millis(25));
        }
        panic!("the walk never finished");
    };
    let b = app_in(dir, None);
    assert_eq!(b.ok("open_start_workspace", json!({}))["trail_warning"], Value::Null, "the head itself still matches");
    let s = walked(&b);
    assert_eq!(s["first_bad_entry"], 2);
    assert!(s["warning"].as_str().unwrap().contains("entry 2 no longer follows from the entries before it"), "{s}");
    b._app.state::<steward_app::AppState>().close();
    // Left again: the next open walks it again and says it again.
    let c = app_in(b.dir, None);
    c.ok("open_start_workspace", json!({}));
    assert_eq!(walked(&c)["first_bad_entry"], 2);
}

#[test]
fn housekeeping_that_fails_on_open_is_told_and_the_workspace_opens_all_the_same() {
    let a = app().started(false);
    use tauri::Manager;
    a._app.state::<steward_app::AppState>().close();
    let dir = a.dir;
    // A damaged stored setting: auto-close cannot know after how many days to close.
    let conn = rusqlite::Connection::open(dir.path().join("data/default.steward")).unwrap();
    conn.execute("INSERT INTO settings (key, value) VALUES ('auto_close_days', 'seven') ON CONFLICT(key) DO UPDATE SET value = excluded.value", []).unwrap();
    drop(conn);
    let b = app_in(dir, None);
    let status = b.ok("open_start_workspace", json!({}));
    assert_ne!(status["workspace"], Value::Null, "the workspace is open");
    assert_eq!(status["housekeeping_error"]["kind"], "corrupt");
    let message = status["housekeeping_error"]["message"].as_str().unwrap();
    assert!(message.starts_with("Resolved incidents could not be closed automatically:") && message.contains("The days after which resolved incidents close"), "{message}");
}

#[test]
fn services_validate_and_errors_cross_ipc_as_kind_message_field() {
    let a = app().started(false);
    let created = a.ok("create_service", json!({"input": service("<img src=x onerror=alert(1)>")}));
    assert_eq!(created["name"], "<img src=x onerror=alert(1)>");
    let e = a.err("create_service", json!({"input": service("<IMG src=x onerror=alert(1)>")}));
    assert_eq!(e, json!({"kind": "validation", "message": "A service named \"<IMG src=x onerror=alert(1)>\" already exists.", "field": "name"}));
    // A value outside the enum never reaches the core, and nothing panics.
    let mut bad = service("X");
    bad["criticality"] = json!("catastrophic");
    assert!(a.call("create_service", json!({"input": bad})).is_err());
    let e = a.err("get_service", json!({"id": 9999}));
    assert_eq!(e["kind"], "not_found");
    let e = a.err("list_services", json!({"request": {"sort": {"field": "owner_name", "descending": false}}}));
    assert_eq!(e["field"], "sort");
}

#[test]
fn cis_link_to_services_show_history_and_refuse_deletion_while_linked() {
    let a = app().started(false);
    let s = a.ok("create_service", json!({"input": service("Portal")}));
    let c = a.ok("create_ci", json!({"input": ci("web01")}));
    let link = json!({"from": {"kind": "service", "id": s["id"]}, "link_type": "depends_on", "to": {"kind": "ci", "id": c["id"]}});
    a.ok("create_link", json!({"link": link}));
    let links = a.ok("links_of", json!({"record": {"kind": "ci", "id": c["id"]}}));
    assert_eq!(links[0]["phrase"], "is needed by");
    assert_eq!(links[0]["other_name"], "Portal");

    let mut edited = ci("web01");
    edited["lifecycle"] = json!("maintenance");
    a.ok("update_ci", json!({"id": c["id"], "input": edited}));
    let history = a.ok("record_history", json!({"record": {"kind": "ci", "id": c["id"]}}));
    assert_eq!(history["items"][0]["action"], "ci.updated");
    assert_eq!(history["items"][0]["detail"]["lifecycle"], json!({"from": "operational", "to": "maintenance"}));
    assert_eq!(history["items"][1]["action"], "ci.created");

    let e = a.err("delete_ci", json!({"id": c["id"], "remove_links": false}));
    assert_eq!(e["kind"], "conflict");
    a.ok("delete_ci", json!({"id": c["id"], "remove_links": true}));
    assert_eq!(a.ok("links_of", json!({"record": {"kind": "service", "id": s["id"]}})), json!([]));
}

#[test]
fn lists_page_with_a_cursor_and_filter() {
    let a = app().started(true);
    let first = a.ok("list_cis", json!({"request": {"limit": 10}}));
    assert_eq!(first["items"].as_array().unwrap().len(), 10);
    let next = a.ok("list_cis", json!({"request": {"limit": 10, "after": first["next"]}}));
    assert_ne!(first["items"][0]["id"], next["items"][0]["id"]);
    let dbs = a.ok("list_cis", json!({"request": {"filters": [{"field": "ci_type", "value": "database"}]}}));
    assert!(dbs["items"].as_array().unwrap().iter().all(|c| c["ci_type"] == "database"));
    assert_eq!(dbs["total"], 3);
}

#[test]
fn opening_a_bad_file_keeps_the_current_workspace_open() {
    let a = app().started(false);
    let junk = a.dir.path().join("notes.steward");
    std::fs::write(&junk, "meeting notes").unwrap();
    let e = a.err("open_workspace", json!({"path": junk}));
    assert_eq!(e["kind"], "not_a_workspace");
    assert!(e["message"].as_str().unwrap().contains("is not a Steward workspace"));
    assert_eq!(std::fs::read(&junk).unwrap(), b"meeting notes");
    assert!(a.ok("app_status", json!({}))["workspace"].is_object());
}

#[test]
fn a_workspace_open_in_another_instance_is_refused() {
    let a = app().started(false);
    let path = a.dir.path().join("shared.steward");
    let _other = steward_core::workspace::Workspace::create(&path, steward_core::workspace::Actor::parse("Other").unwrap()).unwrap();
    let e = a.err("open_workspace", json!({"path": path}));
    assert_eq!(e["kind"], "locked");
}

#[test]
fn settings_validate_the_time_zone_and_rename_the_workspace() {
    let a = app().started(false);
    let e = a.err("update_settings", json!({"settings": {"workspace_name": "Client X", "display_timezone": "Mars/Olympus", "date_format": "iso"}}));
    assert_eq!(e["field"], "display_timezone");
    a.ok("update_settings", json!({"settings": {"workspace_name": "Client X", "display_timezone": "Europe/Berlin", "date_format": "dmy"}}));
    assert_eq!(a.ok("app_status", json!({}))["workspace"]["name"], "Client X");
    assert!(a.ok("time_zones", json!({})).as_array().unwrap().iter().any(|z| z == "America/New_York"));
}

#[test]
fn search_finds_records_of_every_kind() {
    let a = app().started(true);
    let hits = a.ok("search", json!({"text": "payroll"}));
    let kinds: Vec<&str> = hits.as_array().unwrap().iter().map(|h| h["record"]["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"incident"), "{hits}");
    // Every kind the demo has is found by its own name: the first record of each list.
    let req = json!({"request": {"limit": 1}});
    let firsts = [
        ("ci", a.ok("list_cis", req.clone())["items"][0].clone(), "name"),
        ("person", a.ok("list_people", req.clone())["items"][0].clone(), "name"),
        ("group", a.ok("list_groups", req.clone())["items"][0].clone(), "name"),
        ("risk", a.ok("list_risks", req.clone())["items"][0].clone(), "title"),
        ("control", a.ok("list_controls", req.clone())["items"][0].clone(), "name"),
        ("problem", a.ok("list_problems", req.clone())["items"][0].clone(), "title"),
        ("article", a.ok("list_articles", req.clone())["items"][0].clone(), "number"),
    ];
    for (kind, record, field) in firsts {
        let name = record[field].as_str().unwrap_or_else(|| panic!("the demo has a {kind}: {record}"));
        let hits = a.ok("search", json!({"text": name}));
        let found = hits.as_array().unwrap().iter().any(|h| h["record"]["kind"] == kind && h["record"]["id"] == record["id"]);
        assert!(found, "searching {name:?} finds the {kind}: {hits}");
    }
    assert_eq!(a.ok("search", json!({"text": "\"))("})), json!([]));
}

#[test]
fn incidents_are_logged_with_matrix_priority_and_move_through_valid_states_only() {
    let a = app().started(false);
    let logged = a.ok("log_incident", json!({"input": {"title": "Payroll export hangs", "impact": 1, "urgency": 2, "channel": "phone"}}));
    assert_eq!(logged["priority"], 2);
    assert_eq!(logged["state"], "new");
    let id = logged["id"].clone();
    let e = a.err("transition_incident", json!({"id": id, "transition": {"to": "closed", "on_hold_reason": null, "resolution_code": null, "resolution_notes": null}}));
    assert_eq!(e["field"], "to");
    let e = a.err("transition_incident", json!({"id": id, "transition": {"to": "resolved", "on_hold_reason": null, "resolution_code": "fixed", "resolution_notes": ""}}));
    assert_eq!(e["field"], "resolution_notes");
    a.ok("transition_incident", json!({"id": id, "transition": {"to": "on_hold", "on_hold_reason": "awaiting_vendor", "resolution_code": null, "resolution_notes": null}}));
    a.ok("add_incident_note", json!({"id": id, "body": "Vendor ticket 4711 opened", "visible_to_caller": false}));
    let detail = a.ok("get_incident", json!({"id": id}));
    assert_eq!(detail["incident"]["on_hold_reason"], "awaiting_vendor");
    assert_eq!(detail["history"][0]["field"], "created");
    assert_eq!(detail["history"][0]["by"], "Ines Auditor");
    assert_eq!(a.ok("incident_notes", json!({"id": id}))[0]["body"], "Vendor ticket 4711 opened");
    let on_hold = a.ok("list_incidents", json!({"request": {"filters": [{"field": "state", "value": "on_hold"}]}}));
    assert_eq!(on_hold["total"], 1);
    let e = a.err("log_incident", json!({"input": {"title": "", "impact": 1, "urgency": 1}}));
    assert_eq!(e["field"], "title");
}

#[test]
fn articles_are_written_suggested_and_linked_to_incidents() {
    let a = app().started(true);
    let s = a.ok("suggest_articles", json!({"text": "Outlook asks for my password all the time"}));
    assert_eq!(s[0]["title"], "Outlook keeps asking for the password");
    let created = a.ok("create_article", json!({"input": {"title": "<b>Bold</b> claims", "body": "x", "status": "draft"}}));
    assert_eq!(created["title"], "<b>Bold</b> claims");
    let inc = a.ok("log_incident", json!({"input": {"title": "Outlook password prompt", "impact": 3, "urgency": 3}}));
    a.ok("create_link", json!({"link": {"from": {"kind": "incident", "id": inc["id"]}, "link_type": "resolved_with", "to": {"kind": "article", "id": s[0]["id"]}}}));
    let used = a.ok("links_of", json!({"record": {"kind": "article", "id": s[0]["id"]}}));
    assert_eq!(used[0]["phrase"], "helped resolve");
    let e = a.err("create_link", json!({"link": {"from": {"kind": "article", "id": s[0]["id"]}, "link_type": "resolved_with", "to": {"kind": "incident", "id": inc["id"]}}}));
    assert_eq!(e["field"], "link_type");
}

#[test]
fn service_requests_are_raised_approved_and_fulfilled_through_their_tasks() {
    let a = app().started(false);
    let group = a.ok("create_group", json!({"input": {"name": "IT Logistics", "email": "", "description": ""}}));
    let item = a.ok("create_catalogue_item", json!({"input": {
        "name": "New laptop", "category": "Hardware", "fulfilment_group_id": group["id"], "needs_approval": true, "active": true,
        "tasks": [{"title": "Order"}, {"title": "Image and hand over"}]
    }}));
    assert_eq!(item["tasks"].as_array().unwrap().len(), 2);
    let e = a.err("create_catalogue_item", json!({"input": {"name": "Monitor", "active": true, "tasks": []}}));
    assert_eq!((e["kind"].as_str(), e["field"].as_str()), (Some("validation"), Some("tasks")));

    let r = a.ok("raise_request", json!({"input": {"item_id": item["id"], "title": "", "description": "For the new analyst"}}));
    assert_eq!((r["request"]["number"].as_str(), r["request"]["state"].as_str()), (Some("REQ0000001"), Some("awaiting_approval")));
    let id = r["request"]["id"].clone();
    let task = |i: usize| r["tasks"][i]["id"].clone();
    let e = a.err("update_request_task", json!({"id": task(0), "update": {"state": "done", "assignee_id": null}}));
    assert_eq!(e["kind"], "conflict");
    let e = a.err("transition_request", json!({"id": id, "transition": {"to": "rejected", "note": ""}}));
    assert_eq!(e["field"], "note");
    a.ok("transition_request", json!({"id": id, "transition": {"to": "in_fulfilment", "note": "ok"}}));
    a.ok("update_request_task", json!({"id": task(0), "update": {"state": "done", "assignee_id": null}}));
    let done = a.ok("update_request_task", json!({"id": task(1), "update": {"state": "done", "assignee_id": null}}));
    assert_eq!(done["request"]["state"], "fulfilled");
    let history = a.ok("record_history", json!({"record": {"kind": "request", "id": id}}));
    assert!(history["items"].as_array().unwrap().iter().any(|e| e["action"] == "request.approved" && e["actor"] == "Ines Auditor"));
    let open = a.ok("list_requests", json!({"request": {"filters": [{"field": "state", "value": "fulfilled"}]}}));
    assert_eq!(open["total"], 1);
}

#[test]
fn the_import_history_lists_imports_and_undoes_one() {
    let a = app().started(true);
    let runs = a.ok("list_imports", json!({}));
    // The demo's three SBOMs are runs of their own; its incidents came in one export.
    assert_eq!(runs.as_array().unwrap().iter().filter(|r| r["kind"] == "sbom").count(), 3, "{runs}");
    let demo = runs.as_array().unwrap().iter().find(|r| r["kind"] == "incidents").unwrap();
    assert_eq!(demo["format"].as_str(), Some("servicenow"));
    let before = a.ok("incident_stats", json!({}))["total"].as_u64().unwrap();
    let undone = a.ok("undo_import", json!({"id": demo["id"]}));
    assert!(undone["removed"].as_u64().unwrap() >= 1900, "{undone}");
    let after = a.ok("incident_stats", json!({}))["total"].as_u64().unwrap();
    assert_eq!(after, 1, "only the major incident logged by hand stays (of {before})");
    let e = a.err("undo_import", json!({"id": demo["id"]}));
    assert_eq!(e["kind"], "conflict");
    // Without a picked file there is nothing to preview or run.
    let e = a.err("preview_import", json!({"format": null}));
    assert_eq!(e["kind"], "validation");
}

#[test]
fn a_major_incident_keeps_a_communications_log() {
    let a = app().started(false);
    let inc = a.ok("log_incident", json!({"input": {"title": "Portal down", "impact": 1, "urgency": 1, "major": true}}));
    let logged = a.ok("log_communication", json!({"id": inc["id"], "input": {"audience": "customers", "channel": "status_page", "message": "We are on it.", "next_update_at": "2999-01-01T10:00:00Z"}}));
    assert_eq!(logged["by"], "Ines Auditor");
    assert_eq!(a.ok("incident_communications", json!({"id": inc["id"]}))[0]["message"], "We are on it.");
    let minor = a.ok("log_incident", json!({"input": {"title": "Printer", "impact": 3, "urgency": 3}}));
    let e = a.err("log_communication", json!({"id": minor["id"], "input": {"audience": "customers", "channel": "email", "message": "x"}}));
    assert_eq!(e["kind"], "conflict");
}

#[test]
fn the_sla_what_if_calculator_answers_without_a_workspace() {
    let a = app();
    let week = json!({"mon": [["08:00", "18:00"]], "tue": [["08:00", "18:00"]], "wed": [["08:00", "18:00"]], "thu": [["08:00", "18:00"]], "fri": [["08:00", "18:00"]]});
    let r = a.ok("sla_what_if", json!({"question": {"calendar": {"timezone": "Europe/Berlin", "hours": week, "holidays": ["2024-04-01"]},
        "start": "2024-03-29T17:00", "target_minutes": 240, "pauses": [], "end": null}}));
    assert_eq!(r["deadline"], "2024-04-02T09:00:00Z");
    assert!(r["explain"].as_array().unwrap().iter().any(|s| s["kind"] == "holiday"));
    let e = a.err("sla_what_if", json!({"question": {"calendar": {"timezone": "Europe/Berlin", "hours": {}, "holidays": []},
        "start": "2024-03-29T17:00", "target_minutes": 240}}));
    assert_eq!((e["kind"].as_str(), e["field"].as_str()), (Some("validation"), Some("hours")));
}

#[test]
fn service_levels_on_the_demo_through_the_commands() {
    let a = app().started(true);
    // Request targets exist beside incident targets, and their clocks show on requests.
    let targets = a.ok("list_sla_targets", json!({}));
    assert!(targets.as_array().unwrap().iter().any(|t| t["applies_to"] == "request" && !t["item_id"].is_null()));
    let open = a.ok("list_requests", json!({"request": {"sort": {"field": "sla_due", "descending": false}, "limit": 1}}));
    let req = &open["items"][0];
    assert!(!req["sla_due"].is_null(), "the earliest running request deadline sorts first: {req}");
    let clocks = a.ok("request_clocks", json!({"id": req["id"]}));
    assert!(!clocks.as_array().unwrap().is_empty());
    let explained = a.ok("explain_clocks", json!({"kind": "request", "id": req["id"]}));
    assert_eq!(explained.as_array().unwrap().len(), clocks.as_array().unwrap().len());
    // Compliance grouped by priority counts every stopped clock once; breaches come with reasons.
    let by_priority: u64 = a.ok("sla_compliance", json!({"by": "priority", "from": null, "to": null})).as_array().unwrap().iter().map(|r| r["measured"].as_u64().unwrap()).sum();
    let per_target: u64 = a.ok("sla_report", json!({"from": null, "to": null})).as_array().unwrap().iter().map(|r| r["measured"].as_u64().unwrap()).sum();
    assert_eq!(by_priority, per_target);
    let e = a.err("sla_compliance", json!({"by": "colour", "from": null, "to": null}));
    assert!(e.to_string().contains("colour"), "{e}");
    let breaches = a.ok("sla_breaches", json!({"from": null, "to": null}));
    let breaches = breaches.as_array().unwrap();
    assert!(!breaches.is_empty(), "the demo's year has breaches");
    assert!(breaches.iter().all(|b| !b["reasons"].as_array().unwrap().is_empty()));
    let svg = a.ok("sla_trend", json!({"goal_pct": 95.0, "period": "week", "theme": "dark"}));
    assert!(svg.as_str().unwrap().contains("by week"));
    // A target for requests refuses incident-only conditions, in words.
    let e = a.err("create_sla_target", json!({"input": {"agreement_id": targets[0]["agreement_id"], "name": "x", "metric": "resolution",
        "applies_to": "request", "priority": 1, "minutes": 60, "calendar_id": targets[0]["calendar_id"]}}));
    assert_eq!((e["kind"].as_str(), e["field"].as_str()), (Some("validation"), Some("priority")));
}

#[test]
fn the_risk_register_through_the_commands() {
    let a = app().started(false);
    let m = a.ok("get_risk_matrix", json!({}));
    assert_eq!((m["likelihood"].as_array().unwrap().len(), m["appetite"].as_u64()), (5, Some(2)));
    let d = a.ok("create_risk", json!({"input": {"title": "<img src=x onerror=alert(1)> & \"quotes\"", "current": {"likelihood": 4, "impact": 4}}}));
    assert_eq!(d["risk"]["title"], "<img src=x onerror=alert(1)> & \"quotes\"", "stored as typed; shown as text");
    assert_eq!((d["risk"]["current_level"].as_i64(), d["above_appetite"].as_bool()), (Some(3), Some(true)));
    let e = a.err("create_risk", json!({"input": {"title": "x", "current": {"likelihood": 7, "impact": 1}}}));
    assert_eq!((e["kind"].as_str(), e["field"].as_str()), (Some("validation"), Some("current")));
    let h = a.ok("risk_heatmap", json!({"rating": "current", "theme": "light"}));
    let cell = h["cells"].as_array().unwrap().iter().find(|c| c["likelihood"] == 4 && c["impact"] == 4).unwrap();
    assert_eq!(cell["count"], 1);
    assert!(!h["svg"].as_str().unwrap().contains("<img"), "user text is escaped in the SVG");
    let page = a.ok("list_risks", json!({"request": {"filters": [{"field": "current_likelihood", "value": "4"}, {"field": "current_impact", "value": "4"}]}}));
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    // Making the matrix stricter re-rates the register and says so.
    let mut stricter = m.clone();
    stricter["appetite"] = json!(1);
    stricter["cells"][3][3] = json!(4);
    let r = a.ok("set_risk_matrix", json!({"matrix": stricter}));
    assert_eq!((r["risks"].as_u64(), r["changed"].as_u64()), (Some(1), Some(1)));
    let again = a.ok("get_risk", json!({"id": d["risk"]["id"]}));
    assert_eq!(again["risk"]["current_level"], 4);
    let with_action = a.ok("save_risk_action", json!({"risk": d["risk"]["id"], "action": null, "input": {"title": "Patch", "due_on": "2030-01-31"}}));
    assert_eq!(with_action["actions"][0]["status"], "open");
}

#[test]
fn assessments_on_the_demo_through_the_commands() {
    let a = app().started(true);
    let list = a.ok("list_assessments", json!({}));
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|x| x["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Harbourside one year on", "Harbourside baseline"], "the latest held first");
    let (now, then) = (list[0]["id"].clone(), list[1]["id"].clone());
    assert_eq!(list[1]["status"], "done");
    let r = a.ok("assessment_results", json!({"id": now}));
    let practices = r["practices"].as_array().unwrap();
    assert_eq!(practices.len(), 13);
    assert_eq!((practices[0]["practice"].as_str(), practices[0]["level"].as_u64(), practices[0]["target"].as_u64()), (Some("incident management"), Some(3), Some(4)));
    assert_eq!(practices[0]["gap"].as_array().unwrap().len(), 1, "the one level-4 criterion keeps it at 3");
    let cmp = a.ok("compare_assessments", json!({"a": then, "b": now}));
    let moved = cmp["levels"].as_array().unwrap().iter().filter(|l| l["change"].as_i64() == Some(1)).count();
    assert_eq!(moved, 9, "nine practices moved up a level in the year");
    // The baseline is locked; answering it is refused in words.
    let items = a.ok("assessment_items", json!({"id": then}));
    let e = a.err("answer_criterion", json!({"id": then, "criterion": items[0]["criterion"], "answer": "met", "note": ""}));
    assert_eq!(e["kind"], "conflict");
    assert!(e["message"].as_str().unwrap().contains("done and locked"));
    // Answering this year's: a note with markup is kept as typed (the window shows it as text).
    let items = a.ok("assessment_items", json!({"id": now}));
    let first = &items[0];
    let saved = a.ok("answer_criterion", json!({"id": now, "criterion": first["criterion"], "answer": "partly", "note": "<b>seen</b>"}));
    assert_eq!((saved["answer"].as_str(), saved["note"].as_str()), (Some("partly"), Some("<b>seen</b>")));
    let r = a.ok("assessment_results", json!({"id": now}));
    assert_eq!(r["practices"][0]["level"], 1, "a level-2 criterion no longer met drops it to 1");
    // Evidence: the demo's, and a record named as evidence of this criterion.
    let kept = a.ok("assessment_evidence", json!({"id": then}));
    assert_eq!(kept.as_array().unwrap().iter().filter(|e| e["file_name"].is_string()).count(), 2);
    assert!(kept.as_array().unwrap().iter().all(|e| e["sha256"].as_str().map_or(true, |h| h.len() == 64)));
    let ev = a.ok("attach_answer_record", json!({"id": now, "criterion": first["criterion"], "record": {"kind": "incident", "id": 1}}));
    assert_eq!(ev["record"]["kind"], "incident");
    assert_eq!(a.err("remove_answer_evidence", json!({"evidence": kept[0]["id"]}))["kind"], "conflict", "a done assessment keeps its evidence");
    a.ok("set_evidence_rule", json!({"rule": {"met_needs_evidence": true}}));
    let e = a.err("transition_assessment", json!({"id": now, "to": "done"}));
    assert!(e["message"].as_str().unwrap().contains("have no evidence"), "{e}");
    let svg = a.ok("assessment_radar", json!({"id": now, "earlier": then, "theme": "dark"}));
    assert!(svg.as_str().unwrap().contains("Harbourside baseline"));
    let e = a.err("create_assessment", json!({"input": {"name": "x", "practices": ["not a practice"]}}));
    assert_eq!((e["kind"].as_str(), e["field"].as_str()), (Some("validation"), Some("practices")));
    let facts = a.ok("practice_facts", json!({"practice": "incident management"}));
    assert_eq!(facts[0]["label"], "Incidents logged");
    assert_eq!(a.ok("practice_facts", json!({"practice": "business analysis"})), json!([]));
    let pack = a.ok("list_criteria", json!({}));
    assert_eq!(pack.as_array().unwrap().len(), 78);
    assert_eq!(a.ok("itil_practices", json!({})).as_array().unwrap().len(), 34);
}

#[test]
fn continual_improvement_on_the_demo_through_the_commands() {
    let a = app().started(true);
    let page = a.ok("list_initiatives", json!({"request": {}}));
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 6, "five of the improvement register's, one the portal's service review raised");
    assert!(items.iter().any(|i| i["title"].as_str().unwrap().starts_with("Set up a public status page")));
    let raised = items.iter().find(|i| i["title"] == "Raise incident management to capability level 3").unwrap();
    let d = a.ok("get_initiative", json!({"id": raised["id"]}));
    let m = &d["measures"][0];
    assert_eq!((m["metric"].as_str(), m["baseline"].as_f64(), m["target"].as_f64()), (Some("practice_level"), Some(2.0), Some(3.0)));
    let levels: Vec<f64> = m["values"].as_array().unwrap().iter().map(|v| v["value"].as_f64().unwrap()).collect();
    assert_eq!(levels, [2.0, 3.0], "the assessed level moved between the two assessments");
    assert_eq!(m["reached"], true);
    assert_eq!(d["initiative"]["status"], "monitoring");
    // A gap of this year's assessment becomes an initiative in one action.
    let now = a.ok("list_assessments", json!({}))[0]["id"].clone();
    let made = a.ok("initiative_from_gap", json!({"assessment": now, "practice": "service desk"}));
    assert_eq!(made["initiative"]["title"], "Raise service desk to capability level 4");
    let links = a.ok("links_of", json!({"record": {"kind": "initiative", "id": made["initiative"]["id"]}}));
    assert_eq!(links[0]["other"]["kind"], "assessment");
    // A typed measure takes values; Steward's own figures refuse them.
    let fcr = items.iter().find(|i| i["title"] == "Resolve more at first contact").unwrap();
    let d = a.ok("get_initiative", json!({"id": fcr["id"]}));
    let typed = d["measures"].as_array().unwrap().iter().find(|m| m["metric"] == "typed").unwrap().clone();
    let sampled = d["measures"].as_array().unwrap().iter().find(|m| m["metric"] == "first_contact_resolution").unwrap().clone();
    assert_eq!(typed["values"].as_array().unwrap().len(), 3);
    let after = a.ok("record_measure_value", json!({"measure": typed["id"], "day": "2026-12-06", "value": 100.0}));
    assert!(after["measures"].as_array().unwrap().iter().any(|m| m["id"] == typed["id"] && m["reached"] == true));
    let e = a.err("record_measure_value", json!({"measure": sampled["id"], "day": "2026-12-06", "value": 99.0}));
    assert_eq!(e["field"], "value");
    assert!(a.ok("measure_trend", json!({"measure": typed["id"], "theme": "light"})).as_str().unwrap().contains("Desk staff trained"));
    let d = a.ok("set_initiative_step", json!({"id": fcr["id"], "step": "how", "notes": "<i>Pair</i> desk staff with second line.", "done_on": "2026-12-01"}));
    assert_eq!(d["steps"][3]["notes"], "<i>Pair</i> desk staff with second line.");
    let e = a.err("transition_initiative", json!({"id": fcr["id"], "to": "closed_successful"}));
    assert_eq!(e["field"], "to");
    assert_eq!(a.ok("sample_measures", json!({})), 0, "sampled when the workspace opened; nothing has changed since");
    let f = a.ok("improvement_figures", json!({}));
    assert_eq!((f["by_status"]["proposed"].as_u64(), f["by_status"]["monitoring"].as_u64()), (Some(3), Some(1)), "the risks initiative, the review's status page and the gap just turned");
}

#[test]
fn deployments_and_the_dora_figures_through_the_commands() {
    let a = app().started(true);
    let page = a.ok("list_deployments", json!({"request": {"limit": 5}}));
    assert!(page["items"].as_array().unwrap().len() == 5, "the demo's year of deployments");
    // The commits behind a deployment's lead time, as many as it says it carried.
    let first = &page["items"][0];
    let carried = a.ok("deployment_commits", json!({"id": first["id"]}));
    assert!(first["commits"].as_u64().unwrap() > 0 && carried.as_array().unwrap().len() as u64 == first["commits"].as_u64().unwrap(), "{first}");
    assert!(carried.as_array().unwrap().iter().all(|c| c["lead_seconds"].as_i64().unwrap() >= 0));
    let envs = a.ok("list_environments", json!({}));
    assert_eq!(envs.as_array().unwrap().iter().filter(|e| e["production"] == true).count(), 1);
    let f = a.ok("dora_figures", json!({"query": {"service": "Customer Shipment Portal", "environment": "production", "from": "2026-06-01", "to": "2026-11-30"}}));
    assert_eq!(f["bands"]["deployment_frequency"], "elite", "{f}");
    let low = a.ok("dora_figures", json!({"query": {"service": "Legacy EDI Gateway", "from": "2026-01-01", "to": "2026-11-30"}}));
    assert_eq!((low["bands"]["deployment_frequency"].as_str(), low["bands"]["change_failure_rate"].as_str(), low["bands"]["lead_time"].as_str()), (Some("low"), Some("low"), Some("low")), "{low}");
    // A deployment that fails logs the incident it caused, and the failure rate counts it.
    let d = a.ok("create_deployment", json!({"input": {"application": "api <b>", "deployed_at": "2026-12-06T08:00:00Z", "result": "failed"}}));
    assert_eq!(d["environment"], "production");
    let i = a.ok("log_deployment_incident", json!({"id": d["id"], "title": "API down after release"}));
    assert!(i["number"].as_str().unwrap().starts_with("INC"));
    let again = a.ok("get_deployment", json!({"id": d["id"]}));
    assert_eq!(again["incidents"], 1);
    let e = a.err("create_deployment", json!({"input": {"application": "api", "started_at": "2026-12-06T09:00:00Z", "deployed_at": "2026-12-06T08:00:00Z", "result": "succeeded"}}));
    assert_eq!((e["kind"].as_str(), e["field"].as_str()), (Some("validation"), Some("deployed_at")));
    assert!(a.ok("dora_bands", json!({}))["source"].as_str().unwrap().contains("2024"));
    // The incident's page names the deployment that caused it.
    let related = a.ok("related_deployments", json!({"record": {"kind": "incident", "id": i["id"]}}));
    assert_eq!((related[0]["role"].as_str(), related[0]["deployment"]["id"].clone()), (Some("caused"), d["id"].clone()), "{related}");
    // Month by month over the demo's half year, and one figure's trend drawn from them.
    let q = json!({"service": "Customer Shipment Portal", "environment": "production", "from": "2026-06-01", "to": "2026-11-30"});
    let trend = a.ok("dora_trend", json!({"query": q, "metric": "lead_time", "theme": "light"}));
    let months = &trend["months"];
    assert_eq!(months.as_array().unwrap().iter().map(|m| m["month"].as_str().unwrap()).collect::<Vec<_>>(), ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]);
    let total: u64 = months.as_array().unwrap().iter().map(|m| m["figures"]["deployments"].as_u64().unwrap()).sum();
    assert_eq!(total, f["deployments"].as_u64().unwrap(), "the months add up to the range");
    let svg = &trend["chart"];
    assert!(svg.as_str().unwrap().contains("Lead time for changes") && svg.as_str().unwrap().contains("2026-11"));
    // The bands can be edited, in order only.
    let mut bands = a.ok("dora_bands", json!({}));
    bands["change_failure_rate_pct"]["elite"] = json!(30.0);
    let e = a.err("set_dora_bands", json!({"bands": bands}));
    assert_eq!(e["field"], "bands");
    bands["change_failure_rate_pct"] = json!({"elite": 2.0, "high": 8.0, "medium": 15.0});
    bands["source"] = json!("Our own targets for 2027");
    a.ok("set_dora_bands", json!({"bands": bands}));
    assert_eq!(a.ok("dora_bands", json!({}))["source"], "Our own targets for 2027");
    // Releases: the demo's next one is on its way (not in production), implements a change
    // and sits on the calendar on its planned production date.
    let releases = a.ok("list_releases", json!({"request": {"sort": {"field": "number", "descending": true}, "limit": 50}}));
    let next = &releases["items"][0];
    assert_eq!((next["version"].as_str(), next["released"].as_bool(), next["reached"].as_str()), (Some("2.0.0"), Some(false), Some("test")), "{next}");
    assert!(releases["items"].as_array().unwrap().iter().filter(|r| r["released"] == true).count() >= 8, "a year of monthly releases, most in production");
    let detail = a.ok("get_release", json!({"id": next["id"]}));
    assert_eq!(detail["changes"].as_array().unwrap().len(), 1, "{detail}");
    let planned = next["planned_at"].as_str().unwrap().to_string();
    let cal = a.ok("change_calendar", json!({"from": planned, "to": "2027-12-31T00:00:00Z"}));
    assert!(cal["releases"].as_array().unwrap().iter().any(|s| s["release_id"] == next["id"] && s["environment"].is_null()), "{cal}");
    // A new release takes the failed deployment; a release that is not there is refused.
    let e = a.err("create_release", json!({"input": {"application": "api", "version": ""}}));
    assert_eq!(e["field"], "version");
    let r = a.ok("create_release", json!({"input": {"application": "api <b>", "version": "1.0", "planned_at": "2026-12-20T10:00:00Z"}}));
    let moved = a.ok("set_deployment_release", json!({"deployment": d["id"], "release": r["release"]["id"]}));
    assert_eq!(moved["release"], r["release"]["number"]);
    let e = a.err("set_deployment_release", json!({"deployment": d["id"], "release": 99999}));
    assert_eq!((e["kind"].as_str(), e["field"].as_str()), (Some("validation"), Some("release_id")));
    // Environments: one added before production, a service naming its own.
    let envs = a.ok("save_environment", json!({"id": null, "input": {"name": "qa <b>", "production": false}}));
    let names: Vec<&str> = envs.as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names[names.len() - 2..], ["qa <b>", "production"]);
    let e = a.err("save_environment", json!({"id": null, "input": {"name": "QA <B>"}}));
    assert_eq!(e["field"], "name");
    let qa = envs.as_array().unwrap().iter().find(|e| e["name"] == "qa <b>").unwrap()["id"].clone();
    let moved = a.ok("move_environment", json!({"id": qa, "earlier": true}));
    assert_eq!(moved.as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect::<Vec<_>>()[names.len() - 3], "qa <b>");
    let portal = a.ok("list_services", json!({"request": {"text": "Customer Shipment Portal"}}))["items"][0]["id"].clone();
    let own = a.ok("set_service_environments", json!({"service": portal, "environments": [qa]}));
    assert_eq!(own.as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect::<Vec<_>>(), ["qa <b>", "production"], "named, and where it deployed");
    assert_eq!(a.ok("service_environments", json!({"service": portal})), own);
    let shown = a.ok("get_release", json!({"id": r["release"]["id"]}));
    assert_eq!((shown["release"]["reached"].clone(), shown["deployments"][0]["id"].clone()), (json!(null), d["id"].clone()), "a failed deployment reaches nothing");
}

#[test]
fn controls_frameworks_and_the_soa_through_the_commands() {
    let a = app().started(false);
    let csf = a.ok("add_nist_csf", json!({}));
    let reqs = a.ok("framework_requirements", json!({"id": csf}));
    let pr_aa_03 = reqs.as_array().unwrap().iter().find(|r| r["ref"] == "PR.AA-03").unwrap()["id"].clone();
    let c = a.ok("create_control", json!({"input": {"name": "MFA <script>", "control_type": "preventive", "implementation": "implemented", "test_every_days": 90}}));
    let id = c["control"]["id"].clone();
    let mapped = a.ok("set_control_requirements", json!({"id": id, "requirements": [pr_aa_03]}));
    assert_eq!(mapped["control"]["requirements"], json!(["PR.AA-03"]));
    let cov = a.ok("framework_coverage", json!({"id": csf}));
    let aa = cov.as_array().unwrap().iter().find(|c| c["ref"] == "PR.AA").unwrap();
    assert_eq!((aa["covered"].as_u64(), aa["implemented"].as_u64()), (Some(1), Some(1)));
    let e = a.err("set_applicability", json!({"requirement": pr_aa_03, "applicable": false, "justification": ""}));
    assert_eq!(e["field"], "justification");
    let e = a.err("record_control_test", json!({"id": id, "input": {"tested_on": "yesterday", "tester": "Ines", "result": "passed"}}));
    assert_eq!(e["field"], "tested_on");
    let tested = a.ok("record_control_test", json!({"id": id, "input": {"tested_on": "2026-01-15", "tester": "Ines", "result": "failed", "notes": "2 of 25 without MFA"}}));
    assert_eq!(tested["tests"][0]["result"], "failed");
    assert_eq!(a.ok("cvss_score", json!({"vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}))["base_score"], 9.8);
    assert_eq!(a.err("cvss_score", json!({"vector": "CVSS:3.1/AV:N"}))["field"], "vector");
}

#[test]
fn problems_and_changes_through_the_commands() {
    let a = app().started(true);
    // The demo's upcoming changes collide in all five ways.
    let conflicts = a.ok("change_conflicts", json!({}));
    let reasons: std::collections::BTreeSet<String> = conflicts.as_array().unwrap().iter().map(|c| c["reason"].as_str().unwrap().to_string()).collect();
    assert_eq!(reasons.len(), 5, "{reasons:?}");
    let e = a.err("create_change", json!({"input": {"title": "x", "change_type": "normal", "planned_start": "2030-01-01T10:00:00Z", "planned_end": "2030-01-01T09:00:00Z"}}));
    assert_eq!(e["field"], "planned_end");
    // Candidates open problems; a known error needs a workaround.
    let candidates = a.ok("problem_candidates", json!({"input": {"since": null, "min_incidents": 5}}));
    let first = &candidates.as_array().unwrap()[0];
    let p = a.ok("create_problem", json!({"input": {"title": "From a cluster <b>"}, "incidents": first["incident_ids"]}));
    assert_eq!(p["incidents"], first["incident_ids"].as_array().unwrap().len());
    for to in ["assessed", "root_cause_analysis"] {
        a.ok("transition_problem", json!({"id": p["id"], "to": to}));
    }
    let e = a.err("transition_problem", json!({"id": p["id"], "to": "known_error"}));
    assert_eq!(e["field"], "workaround");
}

#[test]
fn change_authorization_review_and_calendar_through_the_commands() {
    let a = app().started(true);
    // The list mechanism: words find the change, a state filter narrows, the count is exact.
    let found = a.ok("list_changes", json!({"request": {"text": "portal api release"}}));
    let release = found["items"].as_array().unwrap().iter().find(|c| c["title"] == "Portal API release 4.13").unwrap().clone();
    let all = a.ok("list_changes", json!({"request": {}}))["total"].as_u64().unwrap();
    let scheduled = a.ok("list_changes", json!({"request": {"filters": [{"field": "state", "value": "scheduled"}]}}));
    assert!(all > scheduled["total"].as_u64().unwrap(), "the demo has changes in other states");
    assert!(scheduled["items"].as_array().unwrap().iter().all(|c| c["state"] == "scheduled") && !scheduled["items"].as_array().unwrap().is_empty());
    let d = a.ok("get_change", json!({"id": release["id"]}));
    assert_eq!((d["change"]["risk"].as_str(), d["authorization"]["decision"].as_str()), (Some("High"), Some("pending")));
    assert_eq!((d["authorization"]["approvals"].as_u64(), d["authorization"]["approvals_needed"].as_u64()), (Some(2), Some(3)));
    let e = a.err("transition_change", json!({"id": release["id"], "to": "scheduled"}));
    assert!(e["message"].as_str().unwrap().contains("2 of 3 approvals from Change Advisory Board"), "{e}");
    // The third member approves: authorized, and it can be scheduled.
    let members = d["authorization"]["members"].as_array().unwrap();
    let voted: Vec<i64> = d["authorization"]["votes"].as_array().unwrap().iter().map(|v| v["person_id"].as_i64().unwrap()).collect();
    let third = members.iter().find(|m| !voted.contains(&m["id"].as_i64().unwrap())).unwrap();
    let auth = a.ok("vote_on_change", json!({"id": release["id"], "input": {"person_id": third["id"], "vote": "approve", "comment": "Go <ahead>"}}));
    assert_eq!(auth["decision"], "authorized");
    a.ok("transition_change", json!({"id": release["id"], "to": "scheduled"}));
    // A rejection without a reason is refused with the field named.
    let e = a.err("vote_on_change", json!({"id": release["id"], "input": {"person_id": third["id"], "vote": "reject", "comment": ""}}));
    assert_eq!(e["field"], "comment");
    // The questionnaire: read, refused when broken, used to assess a new change.
    let q = a.ok("change_questionnaire", json!({}));
    let mut broken = q.clone();
    broken["levels"][0]["min_score"] = json!(3);
    assert_eq!(a.err("set_change_questionnaire", json!({"questionnaire": broken}))["field"], "levels");
    let c = a.ok("create_change", json!({"input": {"title": "Firewall rule for carrier", "change_type": "normal"}}));
    let n = q["questions"].as_array().unwrap().len();
    let assessed = a.ok("assess_change", json!({"id": c["id"], "answers": vec![0; n]}));
    assert_eq!(assessed["risk"], "Low");
    // The failed demo change has its review and the incidents it caused.
    let failed = a.ok("list_changes", json!({"request": {"text": "core switch IOS update"}}))["items"].as_array().unwrap().iter().find(|c| c["title"] == "Core switch IOS update").unwrap().clone();
    let d = a.ok("get_change", json!({"id": failed["id"]}));
    assert_eq!((d["review"]["outcome"].as_str(), d["caused_incidents"].as_array().unwrap().len()), (Some("backed_out"), 2));
    // The calendar of the next two months has the seven upcoming changes and window occurrences.
    let now = now();
    let cal = a.ok("change_calendar", json!({"from": now.to_rfc3339(), "to": (now + chrono::Duration::days(60)).to_rfc3339()}));
    assert_eq!(cal["changes"].as_array().unwrap().len(), 7, "{}", cal["changes"]);
    assert!(cal["windows"].as_array().unwrap().iter().any(|w| w["kind"] == "maintenance"));
    assert_eq!(a.err("change_calendar", json!({"from": "soon", "to": now.to_rfc3339()}))["field"], "from");
    // Templates: a standard change without one is refused.
    assert_eq!(a.err("create_change", json!({"input": {"title": "x", "change_type": "standard"}}))["field"], "template_id");
    assert_eq!(a.ok("list_change_templates", json!({})).as_array().unwrap().len(), 2);
    // Known errors suggested while logging, and many incidents linked to a problem at once.
    let ke = a.ok("suggest_known_errors", json!({"query": {"title": "", "category": "", "ci_id": null}}));
    assert_eq!(ke.as_array().unwrap().len(), 0);
    let p = a.ok("create_problem", json!({"input": {"title": "Printers"}, "incidents": []}));
    let page = a.ok("list_incidents", json!({"request": {"limit": 3}}));
    let ids: Vec<i64> = page["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(a.ok("link_problem_incidents", json!({"id": p["id"], "incidents": ids})), 3);
    assert_eq!(a.ok("link_problem_incidents", json!({"id": p["id"], "incidents": ids})), 0, "linking again adds nothing");
}

/// Closing the window while the page holds changes not saved keeps it open (the page then
/// asks: save, discard, stay); once the page has let go of them, closing closes.
#[test]
fn closing_the_window_with_unsaved_changes_keeps_it_open_until_the_page_lets_go() {
    use std::sync::{Arc, Mutex};
    use tauri::Manager;
    let a = app().started(false);
    a.ok("set_unsaved", json!({"unsaved": true}));
    let App { _app: app, window, dir: _dir } = a;
    let seen = Arc::new(Mutex::new(Vec::<&str>::new()));
    let log = seen.clone();
    // The steps go to the running loop from another thread, so the loop handles them in the
    // order sent (on its own thread the mock runs a task at once). Every outcome ends the
    // loop: a closed window exits it.
    app.run_return(move |h, event| {
        if !matches!(event, tauri::RunEvent::Ready) {
            return steward_app::on_run_event(h, event);
        }
        let (h, w, log) = (h.clone(), window.clone(), log.clone());
        std::thread::spawn(move || {
            let step = |f: Box<dyn FnOnce() + Send>| h.run_on_main_thread(f).unwrap();
            w.close().unwrap();
            let (h1, log1) = (h.clone(), log.clone());
            step(Box::new(move || {
                if h1.get_webview_window("main").is_some() {
                    log1.lock().unwrap().push("kept open");
                }
                h1.state::<steward_app::AppState>().set_unsaved(false);
            }));
            w.close().unwrap();
            let h2 = h.clone();
            step(Box::new(move || {
                // Only reached when a request did not close the window.
                log.lock().unwrap().push("kept open without changes");
                h2.get_webview_window("main").unwrap().destroy().unwrap();
            }));
        });
    });
    assert_eq!(*seen.lock().unwrap(), ["kept open"]);
}

#[test]
fn the_application_portfolio_through_the_commands() {
    let a = app().started(true);
    let page = a.ok("list_applications", json!({"request": {}}));
    let names: Vec<&str> = page["items"].as_array().unwrap().iter().map(|x| x["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["edi-gateway", "fax-gateway", "intranet-wiki", "portal-web", "wms-core"], "the demo's applications, three with SBOMs");
    let portal = page["items"].as_array().unwrap().iter().find(|x| x["name"] == "portal-web").unwrap().clone();
    let detail = a.ok("get_application", json!({"id": portal["id"]}));
    let log4j = detail["components"].as_array().unwrap().iter().find(|c| c["name"] == "log4j-core").unwrap().clone();
    assert_eq!(log4j["applications"], 2, "shared with the warehouse system: {log4j}");
    let edi = page["items"].as_array().unwrap().iter().find(|x| x["name"] == "edi-gateway").unwrap().clone();
    let licences = a.ok("get_application", json!({"id": edi["id"]}))["licences"].clone();
    assert!(licences.as_array().unwrap().iter().any(|l| l["licence"] == "LGPL-2.1-only" && l["copyleft"] == true), "{licences}");
    // A policy without the LGPL flags it no more.
    let list = a.ok("copyleft_list", json!({}));
    let without: Vec<&str> = list["prefixes"].as_array().unwrap().iter().filter_map(|p| p.as_str()).filter(|p| *p != "LGPL-").collect();
    a.ok("set_copyleft_list", json!({"list": {"prefixes": without}}));
    let licences = a.ok("get_application", json!({"id": edi["id"]}))["licences"].clone();
    assert!(licences.as_array().unwrap().iter().any(|l| l["licence"] == "LGPL-2.1-only" && l["copyleft"] == false), "{licences}");
    assert_eq!(a.err("set_copyleft_list", json!({"list": {"prefixes": ["<GPL>"]}}))["field"], "prefixes");
    let made = a.ok("create_application", json!({"input": {"name": "Billing <b>", "lifecycle": "plan", "criticality": "high"}}));
    assert_eq!(made["components"], 0);
    let e = a.err("create_application", json!({"input": {"name": "billing <B>", "lifecycle": "plan", "criticality": "high"}}));
    assert_eq!((e["kind"].as_str(), e["field"].as_str()), (Some("validation"), Some("name")));
    let moved = a.ok("update_application", json!({"id": made["id"], "input": {"name": "Billing <b>", "lifecycle": "build", "criticality": "high"}}));
    assert_eq!(moved["lifecycle"], "build");
    // The demo's Commons Collections vulnerability names its package: the EDI gateway carries it.
    let vulns = a.ok("list_vulnerabilities", json!({"request": {"limit": 50}}));
    let cc = vulns["items"].as_array().unwrap().iter().find(|v| v["cve"] == "CVE-2015-7501").unwrap().clone();
    let carriers = a.ok("vulnerability_carriers", json!({"id": cc["id"]}));
    assert_eq!((carriers[0]["application"].as_str(), carriers[0]["component"].as_str()), (Some("edi-gateway"), Some("commons-collections 3.2.1")), "{carriers}");
    let edi_components = a.ok("get_application", json!({"id": edi["id"]}))["components"].clone();
    assert!(edi_components.as_array().unwrap().iter().any(|c| c["vulnerabilities"].as_array().unwrap().len() == 1), "{edi_components}");
    // Rationalisation: the EDI gateway is valuable and unfit (migrate); the TIME chart has
    // every scored application; debt, quality and feedback are kept and refused in words.
    let p = a.ok("application_portfolio", json!({"id": edi["id"]}));
    assert_eq!((p["quadrant"].as_str(), p["open_debt_cost"].as_str(), p["open_debt_interest"].as_str()), (Some("migrate"), Some("76000.00"), Some("2950.00")), "{p}");
    let time = a.ok("time_portfolio", json!({}));
    assert_eq!(time.as_array().unwrap().len(), 5);
    let svg = a.ok("time_chart", json!({"theme": "light"}));
    assert!(svg.as_str().unwrap().contains("edi-gateway") && svg.as_str().unwrap().contains("Migrate"));
    let p = a.ok("set_application_rationalisation", json!({"id": made["id"], "input": {"business_value": 2, "technical_fitness": 5, "monthly_cost": "99.5"}}));
    assert_eq!((p["quadrant"].as_str(), p["rationalisation"]["monthly_cost"].as_str()), (Some("tolerate"), Some("99.50")));
    assert_eq!(a.err("set_application_rationalisation", json!({"id": made["id"], "input": {"business_value": 0, "technical_fitness": 5, "monthly_cost": null}}))["field"], "business_value");
    let p = a.ok("record_application_quality", json!({"id": made["id"], "input": {"measured_on": "2026-12-01", "test_coverage_pct": 71.5, "open_defects": 4, "critical_defects": 0}}));
    assert_eq!(p["quality"][0]["test_coverage_pct"], 71.5);
    let p = a.ok("add_technical_debt", json!({"id": made["id"], "input": {"title": "Invoices built by string concatenation", "cost_to_fix": "4000", "interest": "250.25", "status": "open"}}));
    assert_eq!(p["open_debt_interest"], "250.25");
    let item = p["debt"][0]["id"].clone();
    let p = a.ok("update_technical_debt", json!({"id": made["id"], "debt": item, "input": {"title": "Invoices built by string concatenation", "cost_to_fix": "4000", "interest": "250.25", "status": "repaid"}}));
    assert_eq!(p["open_debt_interest"], "0.00");
    let p = a.ok("add_application_feedback", json!({"id": made["id"], "input": {"kind": "feedback", "title": "Credit notes take a day", "status": "proposed"}}));
    let f = p["feedback"][0]["id"].clone();
    assert_eq!(a.err("update_application_feedback", json!({"id": made["id"], "feedback": f, "status": "delivered", "release_id": null}))["field"], "release_id");
    assert_eq!(a.ok("update_application_feedback", json!({"id": made["id"], "feedback": f, "status": "declined", "release_id": null}))["feedback"][0]["status"], "declined");
}

#[test]
fn ci_lifecycle_dates_and_the_end_of_life_radar_through_the_commands() {
    let a = app().started(true);
    // The demo: the EDI gateway's platform leaves support next quarter, first on a 3-month radar.
    let radar = a.ok("eol_radar", json!({"months": 3}));
    assert_eq!((radar[0]["ci"].as_str(), radar[0]["kind"].as_str()), (Some("edi-gateway"), Some("end_of_support")), "{radar}");
    let dates: Vec<&str> = radar.as_array().unwrap().iter().map(|i| i["date"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "soonest first: {dates:?}");
    // By service: the EDI gateway's end puts the Legacy EDI Gateway service at risk.
    let by = a.ok("eol_by_service", json!({"months": 3}));
    let edi_service = by.as_array().unwrap().iter().find(|g| g["service"] == "Legacy EDI Gateway").unwrap_or_else(|| panic!("{by}"));
    assert!(edi_service["items"].as_array().unwrap().iter().any(|i| i["ci"] == "edi-gateway"));
    assert!(a.ok("eol_timeline", json!({"months": 12, "theme": "light"})).as_str().unwrap().contains("Legacy EDI Gateway"));
    let year = a.ok("eol_radar", json!({"months": 12}));
    assert!(year.as_array().unwrap().len() > radar.as_array().unwrap().len());
    let e = a.err("eol_radar", json!({"months": 0}));
    assert_eq!(e["field"], "within");
    let edi = radar[0]["ci_id"].clone();
    // The demo raised its risk from the radar: raising it again gives the same, open risk.
    let r = a.ok("raise_end_of_life_risk", json!({"ci": edi, "kind": "end_of_support"}));
    assert!(r["risk"]["title"].as_str().unwrap().starts_with("edi-gateway leaves vendor support on "), "{r}");
    assert_eq!(a.ok("raise_end_of_life_risk", json!({"ci": edi, "kind": "end_of_support"}))["risk"]["id"], r["risk"]["id"]);
    assert_eq!(a.err("raise_end_of_life_risk", json!({"ci": 999999, "kind": "end_of_life"}))["kind"], "not_found");
    let l = a.ok("ci_lifecycle", json!({"id": edi}));
    assert_eq!((l["vendor"].as_str(), l["monthly_cost"].as_str()), (Some("Seeburger"), Some("1840.00")));
    let mut changed = l.clone();
    changed["monthly_cost"] = json!("1,900.5");
    assert_eq!(a.ok("set_ci_lifecycle", json!({"id": edi, "input": changed}))["monthly_cost"], "1900.50");
    changed["monthly_cost"] = json!("19.999");
    assert_eq!(a.err("set_ci_lifecycle", json!({"id": edi, "input": changed}))["field"], "monthly_cost");
    // The estate by vendor: the three Dell hosts at 612.50 a month each.
    let by_vendor = a.ok("platform_view", json!({"by": "vendor"}));
    let dell = by_vendor.as_array().unwrap().iter().find(|r| r["key"] == "Dell").unwrap().clone();
    assert_eq!((dell["cis"].as_u64(), dell["monthly_cost"].as_str()), (Some(3), Some("1837.50")), "{by_vendor}");
}

#[test]
fn satisfaction_through_the_commands() {
    let a = app().started(true);
    // The demo's year of post-resolution surveys: four services, figures in range.
    let rows = a.ok("satisfaction_figures", json!({"by": "service", "service": null}));
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert!(rows.iter().all(|r| (0.0..=100.0).contains(&r["csat_pct"].as_f64().unwrap()) && (-100.0..=100.0).contains(&r["nps"].as_f64().unwrap())));
    let months = a.ok("satisfaction_figures", json!({"by": "month", "service": null}));
    assert!(months.as_array().unwrap().len() >= 12);
    let svg = a.ok("satisfaction_trend", json!({"service": null, "theme": "light"}));
    assert!(svg.as_str().unwrap().contains("every service"));
    let found = a.ok("survey_comments", json!({"text": "cut-off", "service": null}));
    assert!(!found.as_array().unwrap().is_empty() && found.as_array().unwrap().iter().all(|c| c["comment"].as_str().unwrap().contains("cut-off")), "{found}");
    // An answer typed in, about the demo's major incident; one with no score refused.
    let portal = rows.iter().find(|r| r["key"] == "Customer Shipment Portal").unwrap()["responses"].as_u64().unwrap();
    let services = a.ok("list_services", json!({"request": {"text": "Customer Shipment Portal"}}));
    let id = services["items"][0]["id"].clone();
    let major = a.ok("workspace_summary", json!({}))["attention"]["major_incidents"][0]["number"].clone();
    a.ok("record_survey_response", json!({"input": {"service_id": id, "answered_on": "2026-12-05", "csat": 1, "nps": 2, "comment": "Typed <in>", "ticket": major}}));
    assert_eq!(a.err("record_survey_response", json!({"input": {"service_id": id, "answered_on": "2026-12-05"}}))["field"], "csat");
    let after = a.ok("satisfaction_figures", json!({"by": "service", "service": id}));
    assert_eq!(after[0]["responses"].as_u64(), Some(portal + 1));
    let typed = a.ok("survey_comments", json!({"text": "Typed", "service": id}));
    assert_eq!(typed[0]["record"]["kind"], "incident", "{typed}");
}

#[test]
fn stakeholders_and_the_engagement_log_through_the_commands() {
    let a = app().started(true);
    // The demo's register: every quadrant of the grid has someone, a click filters to them.
    let all = a.ok("list_stakeholders", json!({"request": {}}));
    assert_eq!(all["total"], 8, "{all}");
    let grid = a.ok("stakeholder_grid", json!({"theme": "light"}));
    assert_eq!(grid["quadrants"].as_array().unwrap().len(), 4);
    assert_eq!(grid["svg"].as_str().unwrap().matches("<circle").count(), 8);
    let closely = a.ok("list_stakeholders", json!({"request": {"filters": [{"field": "quadrant", "value": "manage_closely"}]}}));
    let names: Vec<&str> = closely["items"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Chen Wei", "Nordhafen Retail Group", "Operations"]);
    // A new business unit; a bad one refused naming the field.
    let input = json!({"kind": "business_unit", "name": "Legal", "influence": 2, "interest": 5, "users": 12});
    let created = a.ok("create_stakeholder", json!({"input": input}));
    assert_eq!(created["stakeholder"]["quadrant"], "keep_informed");
    let err = a.err("create_stakeholder", json!({"input": {"kind": "business_unit", "name": "legal", "influence": 2, "interest": 5}}));
    assert_eq!(err["field"], "name", "{err}");
    // The demo's commitment to Operations is overdue, on the home page too.
    let summary = a.ok("workspace_summary", json!({}));
    let overdue = summary["attention"]["overdue_commitments"].as_array().unwrap();
    assert_eq!(overdue.len(), 1, "{overdue:?}");
    assert_eq!(overdue[0]["number"], "Operations");
    let id = overdue[0]["id"].clone();
    let done = a.ok("set_commitment_done", json!({"id": id, "done": true}));
    assert!(done["done_on"].is_string());
    let summary = a.ok("workspace_summary", json!({}));
    assert!(summary["attention"]["overdue_commitments"].as_array().unwrap().is_empty());
    let legal = created["stakeholder"]["id"].clone();
    let err = a.err("log_engagement", json!({"input": {"kind": "commitment", "happened_on": "2026-12-01", "stakeholder_id": legal, "summary": "Send the contract list"}}));
    assert_eq!(err["field"], "owner_id", "{err}");
    let logged = a.ok("log_engagement", json!({"input": {"kind": "call", "happened_on": "2026-12-01", "stakeholder_id": legal, "summary": "First call"}}));
    assert_eq!(logged["stakeholder"], "Legal");
    let log = a.ok("list_engagements", json!({"request": {"filters": [{"field": "stakeholder_id", "value": legal.to_string()}]}}));
    assert_eq!(log["total"], 1);
}

#[test]
fn service_reviews_through_the_commands() {
    let a = app().started(true);
    // The demo's quarterly review of the portal: its figures gathered, two actions, one
    // already an initiative.
    let reviews = a.ok("list_service_reviews", json!({"service": null}));
    let r = &reviews.as_array().unwrap()[0];
    assert_eq!((r["service"].as_str(), r["actions"].as_u64()), (Some("Customer Shipment Portal"), Some(2)));
    let d = a.ok("get_service_review", json!({"id": r["id"]}));
    assert!(d["figures"]["incidents"].as_u64().unwrap() > 0 && d["figures"]["survey_responses"].as_u64().unwrap() > 0, "{}", d["figures"]);
    assert!(d["figures"]["cost"].is_string(), "the ledger has the quarter");
    let actions = d["actions"].as_array().unwrap();
    assert_eq!(actions.iter().filter(|x| x["initiative_id"].is_number()).count(), 1);
    let open = actions.iter().find(|x| x["initiative_id"].is_null()).unwrap();
    let raised = a.ok("review_action_to_initiative", json!({"id": r["id"], "action": open["id"]}));
    assert!(raised["actions"].as_array().unwrap().iter().all(|x| x["initiative_id"].is_number()));
    assert_eq!(a.err("review_action_to_initiative", json!({"id": r["id"], "action": open["id"]}))["kind"], "conflict");
    // A second review of the same period is refused; a bad period too.
    let input = json!({"service_id": d["review"]["service_id"], "period_from": d["review"]["period_from"], "period_to": d["review"]["period_to"]});
    assert_eq!(a.err("create_service_review", json!({"input": input}))["field"], "period_from");
    assert_eq!(a.err("create_service_review", json!({"input": {"service_id": d["review"]["service_id"], "period_from": "2026-12-31", "period_to": "2026-01-01"}}))["field"], "period_to");
    let added = a.ok("add_review_action", json!({"id": r["id"], "input": {"text": "Share the figures with Sales"}}));
    assert_eq!(added["actions"].as_array().unwrap().len(), 3);
}

#[test]
fn a_major_incidents_cost_through_the_commands() {
    let a = app().started(true);
    let summary = a.ok("workspace_summary", json!({}));
    let major = summary["attention"]["major_incidents"][0]["id"].clone();
    // The demo's lines, by hand: 9 h × 95.00 + 14 h × 48.50 + 2.5 h × 180.00 = 855.00 + 679.00 + 450.00.
    let cost = a.ok("incident_cost", json!({"id": major}));
    assert_eq!((cost["total"].as_str(), cost["lines"].as_array().unwrap().len()), (Some("1984.00"), 3));
    let more = a.ok("add_incident_cost", json!({"id": major, "input": {"what": "Overtime", "hours": "1.25", "rate": "60"}}));
    assert_eq!(more["total"], "2059.00");
    assert_eq!(a.err("add_incident_cost", json!({"id": major, "input": {"what": "Overtime", "hours": "1,5", "rate": "60"}}))["field"], "hours");
    let line = more["lines"][3]["id"].clone();
    assert_eq!(a.ok("remove_incident_cost", json!({"id": major, "line": line}))["total"], "1984.00");
}

#[test]
fn the_assessors_key_through_the_commands() {
    let a = app().started(true);
    assert!(a.ok("assessor_key", json!({})).is_null(), "none until made");
    let made = a.ok("make_assessor_key", json!({}));
    assert_eq!(made["public_key"].as_str().unwrap().len(), 64);
    assert_eq!(a.ok("assessor_key", json!({}))["fingerprint"], made["fingerprint"]);
    assert_eq!(a.err("make_assessor_key", json!({}))["field"], "out", "never replaced");
    let status = a.ok("app_status", json!({}));
    assert_eq!(status["workspace"]["read_only"], false);
}

#[test]
fn the_value_chain_through_the_commands() {
    let a = app().started(true);
    let chain = a.ok("value_chain", json!({}));
    let chain = chain.as_array().unwrap();
    assert_eq!(chain.len(), 6);
    let deliver = chain.iter().find(|c| c["key"] == "deliver_support").unwrap();
    let incidents = deliver["practices"].as_array().unwrap().iter().find(|p| p["practice"] == "incident management").unwrap();
    assert_eq!(incidents["page"], "incidents/queue/open");
    assert!(incidents["attention"].as_str().unwrap().contains("major"), "{incidents}");
    // A demo problem's stream: its incidents before it, in time order.
    let problems = a.ok("list_problems", json!({"request": {}}));
    let p = problems["items"][0]["id"].clone();
    let stream = a.ok("value_stream", json!({"record": {"kind": "problem", "id": p}}));
    let steps = stream["steps"].as_array().unwrap();
    assert!(steps.len() >= 2 && steps.iter().any(|s| s["step"] == "Incident"), "{stream}");
    let starts: Vec<&str> = steps.iter().map(|s| s["started_at"].as_str().unwrap()).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "in time order");
    assert!(a.ok("value_stream_chart", json!({"record": {"kind": "problem", "id": p}, "theme": "dark"})).as_str().unwrap().starts_with("<svg"));
    assert_eq!(a.err("value_stream", json!({"record": {"kind": "service", "id": 1}}))["field"], "record");
    let m = a.ok("stream_medians", json!({"service": null, "from": "2025-12-01", "to": "2026-12-31"}));
    let restore = m.as_array().unwrap().iter().find(|s| s["step"] == "Opened to resolved").unwrap();
    assert!(restore["records"].as_u64().unwrap() > 100 && restore["median_hours"].as_f64().unwrap() > 0.0, "{restore}");
}

#[test]
fn service_costs_through_the_commands() {
    let a = app().started(true);
    // The demo's year of ledger lines, allocated by its rules: every cent is a service's or
    // shown unallocated.
    let settings = a.ok("finance_settings", json!({}));
    assert_eq!(settings["currency"], "EUR");
    let x = a.ok("allocate_costs", json!({"from": "2000-01-01", "to": "2999-12-31"}));
    let cents = |v: &serde_json::Value| -> i64 { let s = v.as_str().unwrap(); let (w, f) = s.split_once('.').unwrap(); let n = w.trim_start_matches('-').parse::<i64>().unwrap() * 100 + f.parse::<i64>().unwrap(); if s.starts_with('-') { -n } else { n } };
    let sum: i64 = x["services"].as_array().unwrap().iter().map(|s| cents(&s["total"])).sum::<i64>() + cents(&x["unallocated"]);
    assert_eq!(sum, cents(&x["ledger_total"]), "{x}");
    assert!(cents(&x["ledger_total"]) > 100_000_000, "a year of costs: {}", x["ledger_total"]);
    assert!(x["explanation"].as_array().unwrap().iter().any(|e| e["text"].as_str().unwrap().contains(" of ") && e["text"].as_str().unwrap().contains("CIs =")), "{x}");
    let pools = a.ok("cost_pools", json!({}));
    assert!(pools.as_array().unwrap().iter().any(|p| p["name"] == "Hardware" && p["tower"] == "Infrastructure"));
    let more = a.ok("save_cost_pool", json!({"id": null, "name": "Security tooling", "tower": "Security"}));
    assert!(more.as_array().unwrap().iter().any(|p| p["name"] == "Security tooling" && p["tower"] == "Security"));
    assert_eq!(a.err("save_cost_pool", json!({"id": null, "name": "hardware", "tower": ""}))["field"], "name");
    let rules = a.ok("allocation_rules", json!({}));
    let payroll = rules.as_array().unwrap().iter().find(|r| r["service"] == "Payroll" && r["cost_pool"] == "Contractors").unwrap().clone();
    assert_eq!((payroll["method"].as_str(), payroll["share"].as_str()), (Some("fixed"), Some("15")));
    assert_eq!(a.err("set_allocation_rule", json!({"scope": {"kind": "pool", "name": "Contractors"}, "service": payroll["service_id"], "method": "fixed", "share": "70"}))["field"], "share");
    a.ok("set_allocation_rule", json!({"scope": {"kind": "pool", "name": "Contractors"}, "service": payroll["service_id"], "method": null, "share": null}));
    // A usage rule: the demo's cloud storage by TB stored, explained in its driver's words.
    let x = a.ok("allocate_costs", json!({"from": "2000-01-01", "to": "2999-12-31"}));
    assert!(x["explanation"].as_array().unwrap().iter().any(|e| e["text"].as_str().unwrap().contains("of 46 TB stored =")), "{x}");
    assert!(a.ok("allocation_rules", json!({})).as_array().unwrap().len() < rules.as_array().unwrap().len());
    assert_eq!(a.ok("set_exchange_rate", json!({"rate": {"currency": "usd", "rate": "0.92"}}))[0]["rate"], "0.92");
    assert_eq!(a.err("set_finance_settings", json!({"settings": {"currency": "EURO", "fiscal_year_start": 1}}))["field"], "currency");
    assert_eq!(a.err("allocate_costs", json!({"from": "2026-13-01", "to": "2026-12-31"}))["field"], "from");
    // The demo's budget for this calendar year (the test clock's): the contractors overrun.
    let b = a.ok("budget_vs_actual", json!({"fiscal_year": 2026, "cost_centre": "", "service": null}));
    assert_eq!(b["months"].as_array().unwrap().len(), 12);
    assert!(cents(&b["budget_total"]) > 0 && cents(&b["actual_to_date"]) > 0, "{b}");
    let set = a.ok("set_budget", json!({"input": {"fiscal_year": 2027, "cost_centre": "IT", "cost_pool": "Hardware", "months": ["1200.00"]}}));
    assert_eq!(set["months"][0]["budget"], "100.00");
    assert!(a.ok("budget_chart", json!({"fiscal_year": 2026, "cost_centre": "", "service": null, "theme": "dark"})).as_str().unwrap().contains("forecast"));
    // One service's part of the plan and of the actuals, by the rules.
    let wms = x["services"].as_array().unwrap().iter().find(|s| s["service"] == "Warehouse Management").unwrap()["service_id"].clone();
    let w = a.ok("budget_vs_actual", json!({"fiscal_year": 2026, "cost_centre": "", "service": wms}));
    assert_eq!(w["service"], "Warehouse Management");
    assert!(cents(&w["budget_total"]) > 0 && cents(&w["budget_total"]) < cents(&b["budget_total"]), "{w}");
    // Showback: the demo's business units and customer share the services they consume;
    // every cent of the services is on a statement or shown as no one's.
    let s = a.ok("showback_statements", json!({"from": "2000-01-01", "to": "2999-12-31"}));
    let consumers = s["consumers"].as_array().unwrap();
    let names: Vec<&str> = consumers.iter().map(|c| c["consumer"].as_str().unwrap()).collect();
    assert_eq!(names, ["Finance & HR", "Nordhafen Retail Group", "Operations", "Sales & Customer Care"]);
    let shown: i64 = consumers.iter().map(|c| cents(&c["total"])).sum::<i64>() + s["unconsumed"].as_array().unwrap().iter().map(|u| cents(&u["cost"])).sum::<i64>();
    assert_eq!(shown, cents(&s["services_total"]), "{s}");
    let ops = consumers.iter().find(|c| c["consumer"] == "Operations").unwrap();
    assert_eq!(ops["users"], 640);
    assert_eq!(cents(&ops["per_user"]), (cents(&ops["total"]) * 2 + 640) / 1280, "half up");
    assert_eq!(a.err("showback_statements", json!({"from": "2026-12-31", "to": "2026-01-01"}))["field"], "to");
    // The CMDB's run costs beside the ledger: the demo's CIs with a monthly cost, a year of them.
    let run = a.ok("ci_run_costs", json!({"from": "2026-01-01", "to": "2026-12-31"}));
    assert!(cents(&run["total"]) > 0, "{run}");
    for row in run["with_ledger"].as_array().unwrap() {
        assert_eq!(cents(&row["total"]), cents(&row["ledger"]) + cents(&row["cis"]), "{row}");
    }
    let spread: i64 = run["services"].as_array().unwrap().iter().map(|s| cents(&s["amount"])).sum::<i64>() + cents(&run["unassigned"]);
    assert_eq!(spread, cents(&run["total"]), "every cent of the CIs' cost is a service's or shown unassigned");
}

#[test]
fn the_impact_analysis_of_a_ci_through_the_commands() {
    let a = app().started(true);
    let page = a.ok("list_cis", json!({"request": {"text": "san-ham-01"}}));
    let san = page["items"][0]["id"].clone();
    let x = a.ok("impact_analysis", json!({"id": san}));
    let chain = x["chain"].as_array().unwrap();
    assert_eq!(chain[0]["depth"], 0);
    assert!(chain.iter().any(|n| n["record"]["kind"] == "application") && chain.iter().any(|n| n["name"] == "Customer Shipment Portal"), "{x}");
    let g = a.ok("impact_graph", json!({"id": san, "theme": "dark"}));
    assert!(g["svg"].as_str().unwrap().starts_with("<svg") && g["nodes"].as_array().unwrap().len() >= 10);
    // The old summary names applications too.
    let summary = a.ok("impact_of_ci", json!({"id": san}));
    assert!(summary["items"].as_array().unwrap().iter().filter(|i| i["record"]["kind"] == "application").all(|i| !i["name"].as_str().unwrap().is_empty()), "{summary}");
    assert_eq!(a.err("impact_analysis", json!({"id": 999999}))["kind"], "not_found");
}

#[test]
fn capacity_metrics_their_measurements_and_forecast_through_the_commands() {
    let a = app().started(true);
    // The demo's SAN pool heads for its threshold within two months; memory holds steady.
    let short = a.ok("capacity_running_out", json!({"days": 60}));
    assert_eq!(short.as_array().unwrap().len(), 1, "{short}");
    assert_eq!((short[0]["ci"].as_str(), short[0]["forecast"]["status"].as_str()), (Some("san-ham-01"), Some("rising")));
    let pool = short[0]["id"].clone();
    let san = short[0]["ci_id"].clone();
    let chart = a.ok("capacity_chart", json!({"id": pool, "theme": "dark"}));
    assert!(chart.as_str().unwrap().starts_with("<svg") && chart.as_str().unwrap().contains("threshold 100"));
    // A measurement over the threshold makes it over, today.
    let d = a.ok("record_capacity_measurement", json!({"id": pool, "input": {"measured_at": "2026-12-06", "value": 101.5}}));
    assert!(d["measurements"].as_array().unwrap().len() >= 13);
    assert_eq!(a.ok("capacity_metric", json!({"id": pool}))["metric"]["forecast"]["status"], "over");
    // A new metric on the CI, and what is refused.
    let m = a.ok("create_capacity_metric", json!({"ci": san, "input": {"name": "Snapshots <reserve>", "unit": "TB", "capacity": 10, "threshold": 8}}));
    assert_eq!(a.ok("capacity_metrics", json!({"ci": san})).as_array().unwrap().len(), 2);
    assert_eq!(a.err("create_capacity_metric", json!({"ci": san, "input": {"name": "Other", "unit": "TB", "capacity": 10, "threshold": 12}}))["field"], "threshold");
    assert_eq!(a.err("record_capacity_measurement", json!({"id": m["id"], "input": {"measured_at": "yesterday", "value": 1}}))["field"], "measured_at");
    assert_eq!(a.err("capacity_running_out", json!({"days": 100000}))["field"], "within");
    a.ok("delete_capacity_metric", json!({"id": m["id"]}));
    assert_eq!(a.ok("capacity_metrics", json!({"ci": san})).as_array().unwrap().len(), 1);
}

#[test]
fn a_scan_awaiting_review_is_accepted_or_ignored_through_the_commands() {
    // The demo's scan of the server LANs awaits review: the first ESX host (matched by
    // name), a build server nobody recorded, the warehouse server (matched by address); the
    // host that was down is not proposed.
    let a = app().started(true);
    let list = a.ok("list_discoveries", json!({}));
    let seen: Vec<(&str, Option<&str>)> = list.as_array().unwrap().iter().map(|d| (d["address"].as_str().unwrap(), d["ci"].as_str())).collect();
    assert_eq!(seen, [("10.20.0.11", Some("esx-ham-01")), ("10.20.0.57", None), ("10.20.2.21", Some("vm-wms-app-01"))], "{list}");
    assert_eq!(list[1]["changes"], json!(["new host"]));
    let new_host = list[1]["id"].clone();
    a.ok("ignore_discovery", json!({"id": new_host}));
    let e = a.err("ignore_discovery", json!({"id": new_host}));
    assert_eq!(e["field"], "id");
    // The warehouse server is merged into the CI the user names instead of its match.
    let wms = a.ok("list_cis", json!({"request": {"text": "pg-wms-01"}}));
    let merged = a.ok("merge_discovery", json!({"id": list[2]["id"], "ci": wms["items"][0]["id"]}));
    assert_eq!((merged["created"].as_u64(), merged["updated"].as_u64()), (Some(0), Some(1)), "{merged}");
    assert_eq!(a.err("merge_discovery", json!({"id": list[0]["id"], "ci": 999999}))["kind"], "not_found");
    let done = a.ok("accept_discoveries", json!({"id": null}));
    assert_eq!((done["created"].as_u64(), done["updated"].as_u64()), (Some(0), Some(1)));
    assert!(a.ok("list_discoveries", json!({})).as_array().unwrap().is_empty());
}

/// Encryption through the commands: the workspace encrypted in place, a second one asked for
/// opens only with its password (the one open stays open while a wrong password is tried),
/// and the integrity check walks the encrypted file with it.
#[test]
fn an_encrypted_workspace_is_asked_for_its_password_and_a_wrong_one_changes_nothing() {
    let a = app().started(false);
    a.ok("create_service", json!({"input": service("Payroll Quokka")}));
    let short = a.err("encrypt_workspace", json!({"password": "short"}));
    assert_eq!(short["field"], "password");
    let status = a.ok("encrypt_workspace", json!({"password": "correct horse battery"}));
    assert_eq!(status["workspace"]["encrypted"], true);
    let path = status["workspace"]["path"].as_str().unwrap().to_string();
    assert!(!std::fs::read(&path).unwrap().windows(6).any(|w| w == b"Quokka"));
    assert_eq!(a.err("encrypt_workspace", json!({"password": "correct horse battery"}))["kind"], "validation");
    let check = a.ok("check_workspace", json!({}));
    assert_eq!((check["integrity"].as_str(), check["audit_chain"].as_str()), (Some("ok"), Some("ok")));
    assert_eq!(a.ok("list_services", json!({"request": {}}))["items"][0]["name"], "Payroll Quokka");

    // Another workspace open, the encrypted one asked for: its password is asked, not tried.
    let other = a.dir.path().join("other.steward");
    drop(steward_core::workspace::Workspace::create(&other, steward_core::workspace::Actor::parse("Ines Auditor").unwrap()).unwrap());
    let opened = a.ok("open_workspace", json!({"path": other.display().to_string(), "password": null}));
    assert_eq!(opened["workspace"]["encrypted"], false);
    let asked = a.ok("open_workspace", json!({"path": path, "password": null}));
    assert_eq!((asked["password_for"].as_str(), asked["workspace"]["path"].as_str()), (Some(path.as_str()), Some(other.display().to_string().as_str())));
    let wrong = a.err("open_workspace", json!({"path": path, "password": "correct horse battery?"}));
    assert_eq!(wrong["kind"], "wrong_password");
    assert_eq!(a.ok("app_status", json!({}))["workspace"]["path"], other.display().to_string(), "the open one stays open");
    let unlocked = a.ok("open_workspace", json!({"path": path, "password": "correct horse battery"}));
    assert_eq!((unlocked["workspace"]["encrypted"].as_bool(), unlocked["password_for"].is_null()), (Some(true), true));
    assert_eq!(a.ok("list_services", json!({"request": {}}))["items"][0]["name"], "Payroll Quokka");
}
