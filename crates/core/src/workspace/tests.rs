use crate::error::ErrorKind;
use std::path::{Path, PathBuf};

use super::*;

mod encryption;
use crate::cis::{self, CiInput, CiType, Environment, Lifecycle};
use crate::directory::{self, DirectoryKind};
use crate::links::{self, LinkType, NewLink};
use crate::list::{Cursor, FilterTerm, ListRequest, SortTerm};
use crate::record::{RecordKind, RecordRef};
use crate::services::{self, Criticality, ServiceInput, ServiceStatus};

fn actor() -> Actor {
    Actor::parse("Test User").unwrap()
}

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.steward");
    (dir, path)
}

fn sha(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

fn service(name: &str) -> ServiceInput {
    ServiceInput { name: name.into(), owner_id: None, criticality: Criticality::High, status: ServiceStatus::Live, description: String::new() }
}

fn ci(name: &str) -> CiInput {
    CiInput { name: name.into(), ci_type: CiType::Server, environment: Environment::Production, owner_id: None, lifecycle: Lifecycle::Operational, attributes: Default::default() }
}

fn ci_ref(id: cis::CiId) -> RecordRef {
    RecordRef { kind: RecordKind::Ci, id: id.0 }
}

#[test]
fn create_then_open_reports_the_schema_version() {
    let (_d, path) = temp();
    let ws = Workspace::create(&path, actor()).unwrap();
    assert_eq!(ws.schema_version().unwrap(), migrations::LATEST);
    drop(ws);
    let ws = Workspace::open(&path, actor()).unwrap();
    assert_eq!(ws.schema_version().unwrap(), migrations::LATEST);
    assert!(matches!(Workspace::create(&path, actor()), Err(CoreError::Workspace(WorkspaceError::AlreadyExists(_)))));
}

#[test]
fn a_file_that_is_not_a_workspace_is_refused_and_left_untouched() {
    let (_d, path) = temp();
    std::fs::write(&path, "name,owner\nPayroll,HR\n").unwrap();
    let before = sha(&path);
    assert_eq!(Workspace::open(&path, actor()).unwrap_err().kind(), "not_a_workspace");
    assert_eq!(sha(&path), before);

    // A SQLite database of another program.
    let (_d2, other) = temp();
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
    let before = sha(&other);
    assert_eq!(Workspace::open(&other, actor()).unwrap_err().kind(), "not_a_workspace");
    assert_eq!(sha(&other), before);
    assert_eq!(check(&other).unwrap_err().kind(), "not_a_workspace");
}

#[test]
fn a_workspace_from_a_newer_version_is_refused_and_left_untouched() {
    let (_d, path) = temp();
    drop(Workspace::create(&path, actor()).unwrap());
    rusqlite::Connection::open(&path).unwrap().pragma_update(None, "user_version", migrations::LATEST + 5).unwrap();
    let before = sha(&path);
    let err = Workspace::open(&path, actor()).unwrap_err();
    assert_eq!(err.kind(), "newer_version");
    assert!(err.to_string().contains("newer version"));
    assert_eq!(sha(&path), before);
}

#[test]
fn a_read_only_file_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let (_d, path) = temp();
    drop(Workspace::create(&path, actor()).unwrap());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = sha(&path);
    assert_eq!(Workspace::open(&path, actor()).unwrap_err().kind(), "read_only");
    assert_eq!(sha(&path), before);
}

#[test]
fn a_workspace_open_elsewhere_is_refused() {
    let (_d, path) = temp();
    let _first = Workspace::create(&path, actor()).unwrap();
    let err = Workspace::open(&path, actor()).unwrap_err();
    assert_eq!(err.kind(), "locked");
    assert!(err.to_string().contains("already open"));
}

#[test]
fn a_corrupt_file_is_refused_and_left_untouched() {
    let (_d, path) = temp();
    {
        let ws = Workspace::create(&path, actor()).unwrap();
        for i in 0..200 {
            services::create_service(&ws, &service(&format!("Service {i}"))).unwrap();
        }
    }
    // Keep the header, scribble over the rest.
    let mut bytes = std::fs::read(&path).unwrap();
    for b in bytes.iter_mut().skip(100) {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = Workspace::open(&path, actor()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Corrupt | ErrorKind::NotAWorkspace), "{err:?}");
    assert_eq!(sha(&path), bytes);
}

#[test]
fn every_change_is_audited_and_tampering_is_pinpointed() {
    let (_d, path) = temp();
    {
        let ws = Workspace::create(&path, actor()).unwrap();
        let s = services::create_service(&ws, &service("Payroll")).unwrap();
        services::update_service(&ws, s.id, &ServiceInput { description: "Monthly pay".into(), ..service("Payroll") }).unwrap();
        let trail = audit_trail(&ws, &ListRequest::default()).unwrap();
        let actions: Vec<&str> = trail.items.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["service.updated", "service.created", "workspace.created"]);
        assert_eq!(trail.items[0].actor, "Test User");
        assert_eq!(trail.items[0].detail["description"]["to"], "Monthly pay");
    }
    let report = check(&path).unwrap();
    assert!(report.is_ok(), "{report:?}");

    rusqlite::Connection::open(&path).unwrap().execute("UPDATE audit_log SET actor = 'Mallory' WHERE id = 2", []).unwrap();
    let report = check(&path).unwrap();
    assert_eq!(report.audit_chain, "broken");
    assert_eq!(report.first_bad_entry, Some(2));
    assert!(!report.is_ok());
}

/// The chain's head recorded outside the file catches what the file alone cannot: entries
/// cut from the end. A head the chain has grown past is fine; a file that cannot be read is
/// "unverified" with the reason, never "broken".
#[test]
fn a_recorded_head_catches_a_cut_chain_and_unreadable_files_are_unverified() {
    let (d, path) = temp();
    {
        let ws = Workspace::create(&path, actor()).unwrap();
        for i in 0..4 {
            services::create_service(&ws, &service(&format!("S{i}"))).unwrap();
        }
    }
    let head = check(&path).unwrap().head.unwrap();
    assert!(head.starts_with("5:") && head.len() == 2 + 64, "{head}");
    assert!(crate::workspace::verify(&path, Some(&head)).unwrap().is_ok());
    {
        let ws = Workspace::open(&path, actor()).unwrap();
        services::create_service(&ws, &service("S5")).unwrap();
    }
    assert!(crate::workspace::verify(&path, Some(&head)).unwrap().is_ok(), "a chain that grew past the head");

    // The last three entries cut: consistent in itself, short of the recorded head.
    rusqlite::Connection::open(&path).unwrap().execute("DELETE FROM audit_log WHERE id > 3", []).unwrap();
    assert!(check(&path).unwrap().is_ok(), "the file alone cannot tell");
    let r = crate::workspace::verify(&path, Some(&head)).unwrap();
    assert_eq!((r.audit_chain.as_str(), r.first_bad_entry), ("broken", Some(4)), "{r:?}");
    assert!(r.reason.unwrap().contains("before the recorded head"));
    let other = format!("3:{}", "0".repeat(64));
    let r = crate::workspace::verify(&path, Some(&other)).unwrap();
    assert_eq!((r.audit_chain.as_str(), r.first_bad_entry), ("broken", Some(3)), "{r:?}");
    assert_eq!(crate::workspace::verify(&path, Some("five:abc")).unwrap_err().field(), Some("expect_head"));

    let junk = d.path().join("junk.steward");
    std::fs::write(&junk, "not a workspace").unwrap();
    let r = crate::workspace::verify(&junk, None).unwrap();
    assert_eq!(r.audit_chain, "unverified");
    assert!(r.reason.is_some() && !r.is_ok());
}

#[test]
fn deleting_an_audit_row_breaks_the_chain_at_the_gap() {
    let (_d, path) = temp();
    {
        let ws = Workspace::create(&path, actor()).unwrap();
        for i in 0..4 {
            services::create_service(&ws, &service(&format!("S{i}"))).unwrap();
        }
    }
    rusqlite::Connection::open(&path).unwrap().execute("DELETE FROM audit_log WHERE id = 3", []).unwrap();
    assert_eq!(check(&path).unwrap().first_bad_entry, Some(4));
}

#[test]
fn backup_and_restore_round_trip() {
    let (d, path) = temp();
    let out = d.path().join("copy.steward");
    {
        let ws = Workspace::create(&path, actor()).unwrap();
        services::create_service(&ws, &service("Kept")).unwrap();
        let report = backup(&ws, &out).unwrap();
        assert!(report.bytes > 0);
        services::create_service(&ws, &service("Added after the backup")).unwrap();
    }
    let ws = Workspace::restore(&path, &out, actor(), BrokenChain::Refuse, None).unwrap();
    let names: Vec<String> = services::list_services(&ws, &ListRequest::default()).unwrap().items.into_iter().map(|s| s.name).collect();
    assert_eq!(names, ["Kept"]);
    drop(ws);
    assert!(check(&path).unwrap().is_ok());
    // The replaced workspace was kept beside it.
    let kept = std::fs::read_dir(d.path()).unwrap().filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains("before-restore")).count();
    assert_eq!(kept, 1);
}

#[test]
fn restore_refuses_a_file_that_is_not_a_workspace() {
    let (d, path) = temp();
    drop(Workspace::create(&path, actor()).unwrap());
    let junk = d.path().join("junk.steward");
    std::fs::write(&junk, "hello").unwrap();
    let before = sha(&path);
    assert_eq!(Workspace::restore(&path, &junk, actor(), BrokenChain::Refuse, None).unwrap_err().kind(), "not_a_workspace");
    assert_eq!(sha(&path), before);
}

/// A backup must be a whole, healthy workspace before it replaces anything: one with a
/// broken audit chain or no tables is refused, the target untouched. Restoring over a
/// damaged workspace works, keeping the damaged file aside; onto a new name it leaves
/// nothing half-made beside it.
#[test]
fn restore_takes_only_whole_backups_and_repairs_a_damaged_workspace() {
    let (d, path) = temp();
    let ws = Workspace::create(&path, actor()).unwrap();
    services::create_service(&ws, &service("Payroll")).unwrap();
    let good = d.path().join("good.bak");
    let report = backup(&ws, &good).unwrap();
    assert_eq!(Some(report.head.clone()), crate::workspace::check(&good).unwrap().head, "the head recorded outside the copy is the copy's");
    drop(ws);

    // A backup whose audit chain was cut.
    let cut = d.path().join("cut.bak");
    std::fs::copy(&good, &cut).unwrap();
    rusqlite::Connection::open(&cut).unwrap().execute("DELETE FROM audit_log WHERE id = 1", []).unwrap();
    // A file with Steward's application id and nothing in it.
    let empty = d.path().join("empty.bak");
    let c = rusqlite::Connection::open(&empty).unwrap();
    c.pragma_update(None, "application_id", crate::workspace::migrations::APPLICATION_ID as i64).unwrap();
    c.execute_batch("CREATE TABLE t (x); DROP TABLE t;").unwrap();
    drop(c);
    let before = sha(&path);
    for bad in [&cut, &empty] {
        let e = Workspace::restore(&path, bad, actor(), BrokenChain::Refuse, None).unwrap_err();
        assert_eq!(e.field(), Some("from"), "{e}");
        assert_eq!(sha(&path), before, "the target is untouched");
    }
    // Restored anyway only when the user says so, and the restore says where it breaks.
    let anyway = d.path().join("anyway.steward");
    let ws = Workspace::restore(&anyway, &cut, actor(), BrokenChain::Accept, None).unwrap();
    let last = audit_trail(&ws, &Default::default()).unwrap().items.into_iter().max_by_key(|e| e.id).unwrap();
    let breaks_at = crate::workspace::check(&cut).unwrap().first_bad_entry;
    assert!(breaks_at.is_some());
    assert_eq!((last.action.as_str(), &last.detail["broken_chain_accepted_at"]), ("workspace.restored", &serde_json::json!(breaks_at)));
    drop(ws);

    // A damaged workspace (its pages overwritten) is replaced, and kept aside.
    let mut bytes = std::fs::read(&path).unwrap();
    for b in bytes.iter_mut().skip(4096) {
        *b = 0x5a;
    }
    std::fs::write(&path, &bytes).unwrap();
    assert!(Workspace::open(&path, actor()).is_err());
    let ws = Workspace::restore(&path, &good, actor(), BrokenChain::Refuse, None).unwrap();
    assert_eq!(services::list_services(&ws, &Default::default()).unwrap().items.len(), 1);
    drop(ws);
    let names: Vec<String> = std::fs::read_dir(d.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().any(|n| n.starts_with("w.steward.damaged-") && n.ends_with(".bak")), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("restoring")), "{names:?}");

    // Onto a new name: whole, and nothing else left.
    let fresh = d.path().join("fresh.steward");
    drop(Workspace::restore(&fresh, &good, actor(), BrokenChain::Refuse, None).unwrap());
    assert!(crate::workspace::check(&fresh).unwrap().is_ok());
    assert!(!d.path().join("fresh.steward.restoring").exists());
}

#[test]
fn service_names_are_unique_and_validated() {
    let (_d, path) = temp();
    let ws = Workspace::create(&path, actor()).unwrap();
    services::create_service(&ws, &service("Payroll")).unwrap();
    let err = services::create_service(&ws, &service("payroll")).unwrap_err();
    assert_eq!((err.kind().as_str(), err.field()), ("validation", Some("name")));
    let err = services::create_service(&ws, &service("  ")).unwrap_err();
    assert_eq!(err.field(), Some("name"));
    let err = services::create_service(&ws, &ServiceInput { owner_id: Some(999), ..service("X") }).unwrap_err();
    assert_eq!(err.field(), Some("owner_id"));
}

#[test]
fn markup_in_names_is_stored_verbatim() {
    let (_d, path) = temp();
    let ws = Workspace::create(&path, actor()).unwrap();
    let name = "<img src=x onerror=alert(1)> & \"quotes\"";
    let s = services::create_service(&ws, &service(name)).unwrap();
    assert_eq!(services::get_service(&ws, s.id).unwrap().name, name);
}

#[test]
fn deleting_a_linked_record_is_refused_unless_links_go_too() {
    let (_d, path) = temp();
    let ws = Workspace::create(&path, actor()).unwrap();
    let s = services::create_service(&ws, &service("Portal")).unwrap();
    let c = cis::create_ci(&ws, &ci("web01")).unwrap();
    links::create_link(&ws, &NewLink { from: RecordRef { kind: RecordKind::Service, id: s.id.0 }, link_type: LinkType::DependsOn, to: ci_ref(c.id) }).unwrap();
    let err = cis::delete_ci(&ws, c.id, false).unwrap_err();
    assert_eq!(err.kind(), "conflict");
    assert!(err.to_string().contains("Portal"), "{err}");
    cis::delete_ci(&ws, c.id, true).unwrap();
    assert!(links::links_of(&ws, RecordRef { kind: RecordKind::Service, id: s.id.0 }).unwrap().is_empty());
    assert_eq!(cis::get_ci(&ws, c.id).unwrap_err().kind(), "not_found");
}

#[test]
fn links_are_typed_and_both_ends_must_exist() {
    let (_d, path) = temp();
    let ws = Workspace::create(&path, actor()).unwrap();
    let a = cis::create_ci(&ws, &ci("a")).unwrap();
    let s = services::create_service(&ws, &service("S")).unwrap();
    let bad = NewLink { from: ci_ref(a.id), link_type: LinkType::DependsOn, to: RecordRef { kind: RecordKind::Service, id: s.id.0 } };
    assert_eq!(links::create_link(&ws, &bad).unwrap_err().field(), Some("link_type"));
    let missing = NewLink { from: ci_ref(a.id), link_type: LinkType::RunsOn, to: RecordRef { kind: RecordKind::Ci, id: 4242 } };
    assert_eq!(links::create_link(&ws, &missing).unwrap_err().field(), Some("to"));
    let own = NewLink { from: ci_ref(a.id), link_type: LinkType::RunsOn, to: ci_ref(a.id) };
    assert_eq!(links::create_link(&ws, &own).unwrap_err().field(), Some("to"));
}

#[test]
fn keyset_pages_visit_every_row_once_in_order() {
    let (_d, path) = temp();
    let ws = Workspace::create(&path, actor()).unwrap();
    ws.write(|tx| {
        for i in 0..250 {
            let env = if i % 2 == 0 { Environment::Production } else { Environment::Test };
            // Duplicate names across environments exercise the id tie-breaker.
            cis::create_in(tx, &CiInput { environment: env, ..ci(&format!("host-{:03}", i / 2)) })?;
        }
        Ok(())
    })
    .unwrap();
    for descending in [false, true] {
        let mut seen = Vec::new();
        let mut req = ListRequest { limit: Some(40), sort: Some(SortTerm { field: "name".into(), descending }), ..Default::default() };
        loop {
            let page = cis::list_cis(&ws, &req).unwrap();
            if req.after.is_none() {
                assert_eq!(page.total, Some(250));
            }
            seen.extend(page.items.iter().map(|c| (c.name.clone(), c.id.0)));
            match page.next {
                Some(n) => req.after = Some(n),
                None => break,
            }
        }
        let mut expected = seen.clone();
        expected.sort();
        if descending {
            expected.reverse();
        }
        assert_eq!(seen.len(), 250);
        assert_eq!(seen, expected);
    }
    // A jump to a position lands exactly where paging would have, in both directions and
    // under a filter; past the end is an empty page.
    for descending in [false, true] {
        let sort = Some(SortTerm { field: "name".into(), descending });
        let all: Vec<i64> = cis::list_cis(&ws, &ListRequest { limit: Some(1000), sort: sort.clone(), ..Default::default() }).unwrap().items.iter().map(|c| c.id.0).collect();
        for at in [0u64, 1, 39, 125, 249] {
            let page = cis::list_cis(&ws, &ListRequest { at: Some(at), limit: Some(5), sort: sort.clone(), ..Default::default() }).unwrap();
            assert_eq!(page.items.iter().map(|c| c.id.0).collect::<Vec<_>>(), all[at as usize..(at as usize + 5).min(250)], "at {at}");
            assert_eq!(page.total, None, "a jump does not count again");
        }
        assert!(cis::list_cis(&ws, &ListRequest { at: Some(250), sort: sort.clone(), ..Default::default() }).unwrap().items.is_empty());
    }
    let test_env = vec![FilterTerm { field: "environment".into(), value: "test".into(), missing: false, op: None }];
    let jumped = cis::list_cis(&ws, &ListRequest { at: Some(100), limit: Some(3), filters: test_env.clone(), ..Default::default() }).unwrap();
    assert_eq!(jumped.items.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["host-100", "host-101", "host-102"]);
    let after = Cursor { key: serde_json::json!("host-001"), id: 1 };
    assert_eq!(cis::list_cis(&ws, &ListRequest { at: Some(3), after: Some(after), ..Default::default() }).unwrap_err().field(), Some("at"));
    let filtered = cis::list_cis(&ws, &ListRequest { filters: test_env, ..Default::default() }).unwrap();
    assert_eq!(filtered.total, Some(125));
    // Words are whole in every list's filter box: "host-12" is not the start of "host-120".
    let text = cis::list_cis(&ws, &ListRequest { text: Some("host-120".into()), ..Default::default() }).unwrap();
    assert_eq!(text.items.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["host-120", "host-120"], "one in each environment");
    assert_eq!(text.total, Some(2));
    assert_eq!(cis::list_cis(&ws, &ListRequest { text: Some("host-12".into()), ..Default::default() }).unwrap().total, Some(0));
    // A picker, as someone types, takes the last word as the start of a word.
    let typing = cis::list_cis(&ws, &ListRequest { text: Some("host-12".into()), typing: true, ..Default::default() }).unwrap();
    assert_eq!(typing.total, Some(10)); // host-120 ..= host-124, in two environments
    let err = cis::list_cis(&ws, &ListRequest { sort: Some(SortTerm { field: "name; DROP TABLE cis".into(), descending: false }), ..Default::default() }).unwrap_err();
    assert_eq!(err.field(), Some("sort"));
}

#[test]
fn impact_follows_dependencies_transitively_and_survives_cycles() {
    let (_d, path) = temp();
    let ws = Workspace::create(&path, actor()).unwrap();
    let host = cis::create_ci(&ws, &ci("host")).unwrap();
    let vm = cis::create_ci(&ws, &ci("vm")).unwrap();
    let app = cis::create_ci(&ws, &ci("app")).unwrap();
    let cluster = cis::create_ci(&ws, &ci("cluster")).unwrap();
    let peer = cis::create_ci(&ws, &ci("switch")).unwrap();
    let s = services::create_service(&ws, &service("Shop")).unwrap();
    let link = |from, lt, to| links::create_link(&ws, &NewLink { from, link_type: lt, to }).unwrap();
    link(ci_ref(vm.id), LinkType::RunsOn, ci_ref(host.id));
    link(ci_ref(app.id), LinkType::RunsOn, ci_ref(vm.id));
    link(ci_ref(host.id), LinkType::PartOf, ci_ref(cluster.id));
    link(ci_ref(host.id), LinkType::ConnectsTo, ci_ref(peer.id));
    link(ci_ref(host.id), LinkType::DependsOn, ci_ref(app.id)); // a cycle
    link(RecordRef { kind: RecordKind::Service, id: s.id.0 }, LinkType::DependsOn, ci_ref(app.id));
    let impact = cis::impact_of_ci(&ws, host.id, 100).unwrap();
    let mut names: Vec<&str> = impact.items.iter().map(|i| i.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["Shop", "app (production)", "cluster (production)", "vm (production)"]);
    assert_eq!(impact.total, 4);
    assert_eq!(cis::count_impact_of_ci(&ws, host.id).unwrap(), 4);
    assert_eq!(cis::count_impact_of_ci(&ws, peer.id).unwrap(), 0);
}

#[test]
fn directory_import_is_idempotent_and_reports_bad_rows() {
    let (d, path) = temp();
    let ws = Workspace::create(&path, actor()).unwrap();
    let csv = d.path().join("people.csv");
    std::fs::write(&csv, "name,email,job_title,groups\nAda Lovelace,ada@example.com,Analyst,Service Desk;Infra\nBad Email,not-an-email,,\n,nobody@example.com,,\n").unwrap();
    let r = directory::import_directory(&ws, DirectoryKind::People, &csv, &Default::default()).unwrap();
    assert_eq!((r.rows_read, r.created, r.updated, r.rejected), (3, 1, 0, 2));
    assert_eq!(r.errors[0].row, 2);
    assert_eq!(r.errors[0].column.as_deref(), Some("email"));
    let again = directory::import_directory(&ws, DirectoryKind::People, &csv, &Default::default()).unwrap();
    assert_eq!((again.created, again.updated), (0, 0));
    let me = directory::whoami(&ws, "someone", Some("ada@example.com")).unwrap();
    assert_eq!(me.groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(), ["Infra", "Service Desk"]);
}

#[test]
fn a_directory_file_that_cannot_be_read_writes_nothing() {
    let (d, path) = temp();
    let ws = Workspace::create(&path, actor()).unwrap();
    let entries = |ws: &Workspace| audit_trail(ws, &ListRequest::default()).unwrap().total;
    let before = entries(&ws);
    for (name, body) in [("empty.csv", &b""[..]), ("nameless.csv", b"email;phone\na@b.c;1\n"), ("ragged.csv", b"name,email\nA\n")] {
        let f = d.path().join(name);
        std::fs::write(&f, body).unwrap();
        let err = directory::import_directory(&ws, DirectoryKind::People, &f, &Default::default()).unwrap_err();
        assert_eq!(err.kind(), "validation", "{name}: {err}");
    }
    assert_eq!(entries(&ws), before);
    assert_eq!(directory::list_people(&ws, &ListRequest::default()).unwrap().total, Some(0));
    // Text that is not UTF-8 is Windows-1252 (Excel's "CSV" on Western Windows): it reads.
    let latin = d.path().join("latin1.csv");
    std::fs::write(&latin, b"name\nJos\xe9\n").unwrap();
    assert_eq!(directory::import_directory(&ws, DirectoryKind::People, &latin, &Default::default()).unwrap().created, 1);
    assert_eq!(directory::list_people(&ws, &ListRequest::default()).unwrap().items[0].name, "José");
}

#[test]
fn the_demo_engagement_is_consistent() {
    let (_d, path) = temp();
    {
        let ws = Workspace::create(&path, actor()).unwrap();
        crate::demo::load_demo(&ws).unwrap();
        let s = crate::summary::summarize(&ws).unwrap();
        assert!(s.services >= 8 && s.cis >= 20 && s.links >= 30 && s.people >= 10, "{s:?}");
        assert_eq!(s.services_without_cis, 0);
        assert!(s.incidents > 1000 && s.open_incidents > 0 && s.open_incidents < s.incidents, "{s:?}");
        assert_eq!(s.articles, 6);
        assert_eq!(s.requests, crate::demo::DEMO_REQUESTS as i64);
        assert!(s.open_requests > 0 && s.awaiting_approval > 0 && s.open_requests < s.requests / 2, "{s:?}");
        let closed = crate::requests::list_requests(&ws, &ListRequest {
            filters: vec![crate::list::FilterTerm { field: "state".into(), value: "closed".into(), missing: false, op: None }],
            limit: Some(1),
            ..Default::default()
        })
        .unwrap();
        let closed = &closed.items[0];
        assert!(closed.opened_at < closed.closed_at.clone().unwrap() && closed.tasks_finished == closed.tasks_total, "{closed:?}");
        let major = crate::incidents::list_incidents(&ws, &ListRequest { text: Some("portal down for all customers".into()), ..Default::default() }).unwrap();
        let major = &major.items[0];
        assert!(major.major);
        assert_eq!(crate::incidents::communications::communications(&ws, major.id).unwrap().len(), 2);
        let children = crate::links::links_of(&ws, RecordRef { kind: RecordKind::Incident, id: major.id.0 }).unwrap();
        assert!(children.len() >= 2, "{children:?}");
        let report = crate::sla::report::sla_report(&ws, None, None).unwrap();
        assert_eq!(report.len(), 13, "9 incident targets, 4 request targets");
        assert!(report.iter().all(|r| r.measured > 0 && r.met + r.breached == r.measured), "{report:?}");
        assert!(report.iter().any(|r| r.breached > 0) && report.iter().any(|r| r.compliance_pct.unwrap_or(0.0) > 50.0), "{report:?}");
        let hits = crate::search::search(&ws, "postgres", 10).unwrap();
        assert!(hits.iter().any(|h| h.title == "pg-portal-01"), "{hits:?}");
        // The estate: an end of support next quarter, a pool heading for its threshold
        // within the month (and memory that holds steady), a scan awaiting review.
        assert_eq!(crate::cis::lifecycle::eol_radar(&ws, 3).unwrap()[0].ci, "edi-gateway");
        let raised = crate::risks::list_risks(&ws, &ListRequest { text: Some("vendor support".into()), ..Default::default() }).unwrap();
        assert!(raised.items.iter().any(|r| r.title.starts_with("edi-gateway leaves vendor support on ")), "the radar's risk");
        let short = crate::cis::capacity::running_out(&ws, 60).unwrap();
        assert_eq!(short.iter().map(|m| (m.ci.as_str(), m.forecast.status)).collect::<Vec<_>>(), [("san-ham-01", crate::cis::capacity::CapacityStatus::Rising)]);
        assert!(short[0].forecast.days_left.is_some_and(|d| (20..=45).contains(&d)), "{short:?}");
        assert!(!crate::cis::discovery::list_discoveries(&ws).unwrap().is_empty());
        // What depends on the SAN: the ESX hosts, the VMs on them, the applications on those
        // and the services using them, with the records touching each; a tree by its vias.
        let san = crate::cis::list_cis(&ws, &ListRequest { text: Some("san-ham-01".into()), ..Default::default() }).unwrap().items[0].id;
        let a = crate::cis::impact::impact_analysis(&ws, san).unwrap();
        let kinds: std::collections::HashSet<RecordKind> = a.chain.iter().map(|n| n.record.kind).collect();
        assert!(kinds.contains(&RecordKind::Application) && kinds.contains(&RecordKind::Service), "{:?}", a.chain);
        assert!(a.chain.iter().any(|n| n.name == "Warehouse Management"));
        assert!(a.chain.iter().skip(1).all(|n| n.via.is_some_and(|v| a.chain.iter().any(|p| p.record == v && p.depth + 1 == n.depth))));
        assert!(a.records.iter().any(|r| r.record.kind == RecordKind::Incident), "{:?}", a.records);
        assert_eq!(a.chain.iter().flat_map(|n| n.touched_by.iter().map(|c| c.count)).sum::<u64>(), a.records.len() as u64);
        let edi = crate::cis::list_cis(&ws, &ListRequest { text: Some("edi-gateway".into()), ..Default::default() }).unwrap().items[0].id;
        let e = crate::cis::impact::impact_analysis(&ws, edi).unwrap();
        assert!(e.records.iter().any(|r| r.record.kind == RecordKind::Risk && r.title.contains("leaves vendor support")), "{:?}", e.records);
        // The portfolio: every TIME quadrant has an application; the warehouse core's last
        // release delivered what operations asked for.
        use crate::software::portfolio::{time_portfolio, FeedbackStatus, TimeQuadrant};
        let time: Vec<TimeQuadrant> = time_portfolio(&ws).unwrap().iter().map(|t| t.quadrant).collect();
        assert!([TimeQuadrant::Invest, TimeQuadrant::Migrate, TimeQuadrant::Tolerate, TimeQuadrant::Eliminate].iter().all(|q| time.contains(q)), "{time:?}");
        let wms = crate::software::list_applications(&ws, &ListRequest { text: Some("wms-core".into()), ..Default::default() }).unwrap().items[0].id;
        let p = crate::software::portfolio::portfolio(&ws, wms).unwrap();
        assert!(p.feedback.iter().any(|f| f.status == FeedbackStatus::Delivered && f.release.is_some()), "{:?}", p.feedback);
        assert_eq!(p.quality.len(), 4);
    }
    assert!(check(&path).unwrap().is_ok());
}

#[test]
fn the_audit_trail_exports_as_csv_and_json() {
    let (d, path) = temp();
    let ws = Workspace::create(&path, actor()).unwrap();
    services::create_service(&ws, &service("A, \"quoted\"")).unwrap();
    let csv = d.path().join("audit.csv");
    let json = d.path().join("audit.json");
    assert_eq!(export_audit(&ws, AuditExportFormat::Csv, &csv).unwrap(), 2);
    assert_eq!(export_audit(&ws, AuditExportFormat::Json, &json).unwrap(), 2);
    let rows: Vec<AuditEntry> = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(rows[1].detail["name"], "A, \"quoted\"");
    let mut r = csv::Reader::from_path(&csv).unwrap();
    assert_eq!(r.records().count(), 2);
}

#[test]
fn an_older_workspace_is_backed_up_then_migrated() {
    let (d, path) = temp();
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        migrations::migrations().to_version(&mut conn, 1).unwrap();
        conn.execute("INSERT INTO services (name, criticality, status, created_at, updated_at) VALUES ('Old', 'low', 'live', 'x', 'x')", []).unwrap();
    }
    let ws = Workspace::open(&path, actor()).unwrap();
    assert_eq!(ws.schema_version().unwrap(), migrations::LATEST);
    assert_eq!(services::list_services(&ws, &ListRequest::default()).unwrap().items[0].name, "Old");
    let backup = d.path().join("w.steward.pre-migration-v1.bak");
    let conn = rusqlite::Connection::open(&backup).unwrap();
    let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(v, 1, "the backup holds the file as it was before migrating");
}

/// Statistics taken once stay taken while the table keeps its size, when one of its indexes
/// is partial and empty too (a CI register never imported: opening a million CIs analyzed
/// them again on every open, 0.7 s).
#[test]
fn statistics_taken_are_not_taken_again_for_an_empty_partial_index() {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, import_id INTEGER);
         CREATE INDEX t_name ON t(name);
         CREATE INDEX t_import ON t(import_id) WHERE import_id IS NOT NULL;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000) INSERT INTO t (id, name) SELECT i, 'ci ' || i FROM n;",
    )
    .unwrap();
    assert!(statistics::stale(&conn, "t", false).unwrap(), "a large table without statistics");
    statistics::refresh_all(&conn).unwrap();
    let first: String = conn.query_row("SELECT stat FROM sqlite_stat1 WHERE tbl = 't' ORDER BY rowid LIMIT 1", [], |r| r.get(0)).unwrap();
    assert_eq!(first, "0 0", "the empty partial index's statistics come first");
    assert!(!statistics::stale(&conn, "t", true).unwrap(), "taken at 30,000 rows, still 30,000");
    conn.execute_batch("WITH RECURSIVE n(i) AS (SELECT 30001 UNION ALL SELECT i + 1 FROM n WHERE i < 60000) INSERT INTO t (id, name) SELECT i, 'ci ' || i FROM n;").unwrap();
    assert!(statistics::stale(&conn, "t", true).unwrap(), "twice the size");
}

/// An incident's state is checked without the lookup table SQLite builds for `IN (...)` on
/// every insert; the rule holds as before, on a workspace made at step 30 and migrated too.
#[test]
fn an_incidents_state_is_checked_without_a_lookup_table_per_insert() {
    // The operations SQLite runs to insert one incident.
    let plan = |conn: &rusqlite::Connection| -> Vec<String> {
        conn.prepare("EXPLAIN INSERT INTO incidents (number, title, state, opened_at, created_at, updated_at) VALUES ('INC9', 't', 'new', 'a', 'a', 'a')")
            .unwrap()
            .query_map([], |r| r.get::<_, String>(1))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let (_d, path) = temp();
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        migrations::migrations().to_version(&mut conn, 30).unwrap();
        assert!(plan(&conn).iter().any(|op| op == "OpenEphemeral"), "step 30 checks the state through a lookup table");
        conn.execute("INSERT INTO incidents (number, title, state, opened_at, created_at, updated_at) VALUES ('INC1', 'Kept', 'on_hold', 'a', 'a', 'a')", []).unwrap();
    }
    let ws = Workspace::open(&path, actor()).unwrap();
    let conn = ws.conn();
    let now = plan(conn);
    assert!(!now.iter().any(|op| op == "OpenEphemeral"), "{now:?}");
    let title: String = conn.query_row("SELECT title FROM incidents WHERE number = 'INC1'", [], |r| r.get(0)).unwrap();
    assert_eq!(title, "Kept");
    for state in ["new", "in_progress", "on_hold", "resolved", "closed", "cancelled"] {
        conn.execute("INSERT INTO incidents (number, title, state, opened_at, created_at, updated_at) VALUES (?1, 't', ?1, 'a', 'a', 'a')", [state]).unwrap();
    }
    let refused = conn.execute("INSERT INTO incidents (number, title, state, opened_at, created_at, updated_at) VALUES ('INC3', 't', 'awaiting_vendor', 'a', 'a', 'a')", []);
    assert!(refused.unwrap_err().to_string().contains("CHECK constraint failed"));
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn a_records_history_pages_through_every_entry_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("w.steward"), Actor::parse("Historian").unwrap()).unwrap();
    let input = |d: usize| crate::services::ServiceInput {
        name: "Payroll".into(), owner_id: None, criticality: crate::services::Criticality::High, status: crate::services::ServiceStatus::Live, description: format!("v{d}"),
    };
    let s = crate::services::create_service(&ws, &input(0)).unwrap();
    for d in 1..=150 {
        crate::services::update_service(&ws, s.id, &input(d)).unwrap();
    }
    let record = RecordRef { kind: RecordKind::Service, id: s.id.0 };
    let first = record_history(&ws, record, None).unwrap();
    assert_eq!((first.items.len() as u32, first.total), (HISTORY_PAGE, Some(151)));
    let rest = record_history(&ws, record, first.next.clone()).unwrap();
    assert_eq!((rest.items.len(), rest.next.is_none()), (51, true));
    let ids: Vec<i64> = first.items.iter().chain(&rest.items).map(|e| e.id).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first, each once");
    assert_eq!(rest.items.last().unwrap().action, "service.created");
}

/// A head recorded outside the file finds what the chain alone cannot: grown is fine, cut
/// (entries removed from the end) and rewritten (the entry at the head changed) are said.
#[test]
fn a_recorded_head_finds_a_trail_cut_or_rewritten() {
    let (_d, path) = temp();
    let ws = Workspace::create(&path, actor()).unwrap();
    services::create_service(&ws, &service("Payroll")).unwrap();
    let recorded = crate::workspace::head(&ws).unwrap();
    assert_eq!(crate::workspace::compare_head(&ws, &recorded).unwrap(), None);
    services::create_service(&ws, &service("Email")).unwrap();
    assert_eq!(crate::workspace::compare_head(&ws, &recorded).unwrap(), None, "grown since");
    let (count, _) = recorded.split_once(':').unwrap();
    ws.conn().execute("UPDATE audit_log SET hash = 'x' || substr(hash, 2) WHERE id = ?1", [count]).unwrap();
    assert!(crate::workspace::compare_head(&ws, &recorded).unwrap().unwrap().contains(&format!("Entry {count}")));
    ws.conn().execute("DELETE FROM audit_log WHERE id >= ?1", [count]).unwrap();
    assert!(crate::workspace::compare_head(&ws, &recorded).unwrap().unwrap().contains(&format!("had {count} entries")));
}

/// Opening checks the entries added since the head verified last time (only those: the walk
/// starts after the head), and the whole walk beside it finds an entry changed before it.
#[test]
fn the_entries_after_a_verified_head_are_walked_and_the_whole_walk_finds_the_rest() {
    let (_d, path) = temp();
    let ws = Workspace::create(&path, actor()).unwrap();
    for name in ["Payroll", "Email"] {
        services::create_service(&ws, &service(name)).unwrap();
    }
    let recorded = crate::workspace::head(&ws).unwrap();
    let count: i64 = recorded.split_once(':').unwrap().0.parse().unwrap();
    for name in ["Portal", "Billing"] {
        services::create_service(&ws, &service(name)).unwrap();
    }
    assert_eq!(crate::workspace::compare_head(&ws, &recorded).unwrap(), None);
    // An entry added since the head, changed behind Steward's back.
    ws.conn().execute("UPDATE audit_log SET actor = 'Mallory' WHERE id = ?1", [count + 1]).unwrap();
    let said = crate::workspace::compare_head(&ws, &recorded).unwrap().unwrap();
    assert!(said.contains(&format!("entry {} no longer follows", count + 1)), "{said}");
    ws.conn().execute("UPDATE audit_log SET actor = ?2 WHERE id = ?1", rusqlite::params![count + 1, "Test User"]).unwrap();
    assert_eq!(crate::workspace::walk_trail(&path, None).unwrap().first_bad_entry, None, "put back as it was");
    // One before the head: the open's check cannot see it, the whole walk does.
    ws.conn().execute("UPDATE audit_log SET detail = '{}' WHERE id = 2", []).unwrap();
    assert_eq!(crate::workspace::compare_head(&ws, &recorded).unwrap(), None);
    let walked = crate::workspace::walk_trail(&path, None).unwrap();
    assert_eq!(walked.first_bad_entry, Some(2));
    assert_eq!(walked.head.unwrap(), crate::workspace::head(&ws).unwrap());
}
