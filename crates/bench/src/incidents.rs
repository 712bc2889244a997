//! The incident benchmark: 1,000,000 generated incidents, written as steward-csv,
//! ServiceNow and Jira exports; the steward-csv import measured against the sqlite3 shell
//! doing the same work on the same file, then lists, full-text search and statistics.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use chrono::{Datelike, Duration, TimeZone, Utc};
use steward_core::incidents::{self, IncidentSource, STEWARD_CSV_COLUMNS};
use steward_core::list::{FilterTerm, ListRequest, SortTerm};
use steward_core::rng::Rng;
use steward_core::workspace::{Actor, Workspace};

use crate::measure::{ms, percentile, Figure};

pub const INCIDENTS: u64 = 1_000_000;

const SERVICES: &[&str] = &[
    "Customer Portal", "Email", "ERP", "Payroll", "Warehouse Management", "Fleet Tracking", "VPN", "Service Desk", "HR Portal", "CRM",
    "Data Warehouse", "Telephony", "File Shares", "Printing", "Identity", "Website", "Mobile App", "Billing", "Reporting", "Intranet",
];
const CATEGORIES: &[&str] = &["Software", "Hardware", "Network", "Access", "Database", "Inquiry / Help", "Security"];
const OBJECTS: &[&str] = &[
    "printer", "laptop", "VPN", "Outlook", "password", "invoice run", "payroll export", "scanner", "Wi-Fi", "Teams", "label printer",
    "database", "dashboard", "report", "mailbox", "phone", "badge reader", "SAP", "booking page", "API",
];
const PROBLEMS: &[&str] = &[
    "not working", "very slow", "times out", "shows an error", "keeps crashing", "cannot connect", "access denied", "stuck",
    "missing data", "wrong totals", "locked out", "intermittent failures",
];
const WORDS: &[&str] = &[
    "user", "reports", "since", "morning", "after", "update", "restart", "tried", "again", "still", "fails", "depot", "Hamburg",
    "Rotterdam", "Milan", "urgent", "customers", "affected", "screen", "message", "code", "login", "network", "server", "queue",
    "export", "batch", "nightly", "job", "timeout", "certificate", "expired", "disk", "full", "memory", "latency", "sync",
];
const STATES: &[(u32, &str)] = &[(70, "closed"), (8, "resolved"), (10, "in_progress"), (5, "new"), (4, "on_hold"), (3, "cancelled")];

fn zipf(rng: &mut Rng, n: usize) -> usize {
    // Skewed: low indexes much more often, as real service/category volumes are.
    let u = (rng.below(1_000_000) as f64 + 1.0) / 1_000_001.0;
    ((n as f64).powf(u) - 1.0).floor().clamp(0.0, n as f64 - 1.0) as usize
}

struct Generated {
    number: String,
    title: String,
    description: String,
    state: &'static str,
    priority: u64,
    impact: u64,
    urgency: u64,
    category: &'static str,
    service: &'static str,
    group: String,
    assignee: String,
    caller: String,
    opened: chrono::DateTime<Utc>,
    resolved: Option<chrono::DateTime<Utc>>,
    closed: Option<chrono::DateTime<Utc>>,
}

fn generate(rng: &mut Rng, i: u64) -> Generated {
    let start = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).single().unwrap_or_else(Utc::now);
    // Weekly seasonality: weekends get a fifth of a weekday's volume.
    let opened = loop {
        let t = start + Duration::seconds(rng.below(365 * 86_400) as i64);
        let weekend = t.weekday().number_from_monday() >= 6;
        if !weekend || rng.below(5) == 0 {
            break t;
        }
    };
    let (impact, urgency) = (1 + zipf(rng, 3) as u64, 1 + rng.below(3));
    let priority = [[1, 2, 3], [2, 3, 4], [3, 4, 5]][impact as usize - 1][urgency as usize - 1];
    let state = rng.weighted(STATES);
    let resolved = matches!(state, "closed" | "resolved").then(|| opened + Duration::minutes(30 + rng.below(10_000) as i64));
    let closed = match state {
        "closed" => resolved.map(|r| r + Duration::days(3)),
        "cancelled" => Some(opened + Duration::hours(2)),
        _ => None,
    };
    let object = OBJECTS[zipf(rng, OBJECTS.len())];
    let problem = PROBLEMS[rng.below(PROBLEMS.len() as u64) as usize];
    let words: Vec<&str> = (0..8 + rng.below(12)).map(|_| WORDS[rng.below(WORDS.len() as u64) as usize]).collect();
    Generated {
        number: format!("INC{:07}", i + 1),
        title: format!("{object} {problem}"),
        description: words.join(" "),
        state,
        priority,
        impact,
        urgency,
        category: CATEGORIES[zipf(rng, CATEGORIES.len())],
        service: SERVICES[zipf(rng, SERVICES.len())],
        group: format!("Group {}", zipf(rng, 60) + 1),
        assignee: format!("Agent {}", rng.below(400) + 1),
        caller: format!("Caller {}", rng.below(50_000) + 1),
        opened,
        resolved,
        closed,
    }
}

fn rfc(t: &chrono::DateTime<Utc>) -> String {
    steward_core::time::to_text(*t)
}

/// Writes the same incidents in all three import formats.
fn write_files(dir: &Path) -> Result<(), String> {
    let err = |e: csv::Error| e.to_string();
    let mut steward = csv::Writer::from_path(dir.join("incidents-steward.csv")).map_err(err)?;
    let mut sn = csv::Writer::from_path(dir.join("incidents-servicenow.csv")).map_err(err)?;
    let mut jira = csv::Writer::from_path(dir.join("incidents-jira.csv")).map_err(err)?;
    steward.write_record(STEWARD_CSV_COLUMNS).map_err(err)?;
    sn.write_record(["number", "state", "short_description", "description", "priority", "impact", "urgency", "contact_type", "category", "business_service", "assignment_group", "assigned_to", "caller_id", "opened_at", "resolved_at", "closed_at"]).map_err(err)?;
    jira.write_record(["Summary", "Issue key", "Status", "Priority", "Assignee", "Reporter", "Created", "Resolved", "Description", "Labels", "Labels"]).map_err(err)?;
    let sn_state = |s: &str| match s {
        "closed" => "Closed",
        "resolved" => "Resolved",
        "in_progress" => "In Progress",
        "new" => "New",
        "on_hold" => "Awaiting User Info",
        _ => "Canceled",
    };
    let mut rng = Rng::new(0x1_2C1D);
    for i in 0..INCIDENTS {
        let g = generate(&mut rng, i);
        let opt = |t: &Option<chrono::DateTime<Utc>>| t.map(|t| rfc(&t)).unwrap_or_default();
        let hold = if g.state == "on_hold" { "awaiting_caller" } else { "" };
        steward.write_record([
            g.number.as_str(), &g.title, &g.description, g.state, "", hold, &g.priority.to_string(), &g.impact.to_string(), &g.urgency.to_string(),
            "portal", g.category, "", &g.caller, g.service, "", &g.group, &g.assignee, &rfc(&g.opened), "", &opt(&g.resolved), &opt(&g.closed),
            if g.resolved.is_some() { "fixed" } else { "" }, "", "0", "0", "false",
        ]).map_err(err)?;
        let sn_time = |t: &Option<chrono::DateTime<Utc>>| t.map(|t| t.format("%d/%m/%Y %H:%M").to_string()).unwrap_or_else(|| "?".into());
        sn.write_record([
            g.number.as_str(), sn_state(g.state), &g.title, &g.description, &format!("{} - x", g.priority), &format!("{} - x", g.impact),
            &format!("{} - x", g.urgency), "Self service", g.category, g.service, &g.group, &g.assignee, &g.caller,
            &sn_time(&Some(g.opened)), &sn_time(&g.resolved), &sn_time(&g.closed),
        ]).map_err(err)?;
        let jira_time = |t: &Option<chrono::DateTime<Utc>>| t.map(|t| t.format("%d/%b/%y %-I:%M %p").to_string()).unwrap_or_default();
        jira.write_record([
            g.title.as_str(), &g.number.replace("INC", "SD-"), sn_state(g.state), ["Highest", "High", "Medium", "Low", "Lowest"][g.priority as usize - 1],
            &g.assignee, &g.caller, &jira_time(&Some(g.opened)), &jira_time(&g.resolved), &g.description, g.category, g.service,
        ]).map_err(err)?;
    }
    for w in [&mut steward, &mut sn, &mut jira] {
        w.flush().map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Peak resident memory of this process so far, in MB.
pub fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|k| k.parse::<f64>().ok()))
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// Runs in a child process (`steward-bench --child-import WS FILE`) so its peak memory is the
/// import's own. Prints `{"ms": .., "rss_mb": ..}`.
pub fn child_import(ws: &Path, file: &Path) -> Result<(), String> {
    let w = Workspace::create(ws, Actor::parse("benchmark").map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    let (t, r) = ms(|| incidents::import_incidents(&w, IncidentSource::StewardCsv, file, &Default::default()));
    let r = r.map_err(|e| e.to_string())?;
    if r.report.created != INCIDENTS {
        return Err(format!("imported {} incidents, expected {INCIDENTS}", r.report.created));
    }
    println!("{}", serde_json::json!({"ms": t, "rss_mb": peak_rss_mb()}));
    Ok(())
}

/// A fresh workspace at `ws` importing `file` in a child process: its time and peak memory.
fn import_in_child(ws: &Path, file: &Path) -> Result<(f64, f64), String> {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", ws.display()));
    }
    let child = Command::new(std::env::current_exe().map_err(|e| e.to_string())?)
        .args(["--child-import", &ws.display().to_string(), &file.display().to_string()])
        .output()
        .map_err(|e| e.to_string())?;
    if !child.status.success() {
        return Err(format!("the import failed: {}", String::from_utf8_lossy(&child.stderr)));
    }
    let doc: serde_json::Value = serde_json::from_slice(&child.stdout).map_err(|e| e.to_string())?;
    Ok((doc["ms"].as_f64().unwrap_or(0.0), doc["rss_mb"].as_f64().unwrap_or(0.0)))
}

/// The same work Steward does on import: the table, its unique number, the same ten indexes
/// (on the file's name columns where Steward indexes ids) and the same FTS5 index with the
/// same content.
const BASELINE_SQL: &str = ".mode csv
.import 'FILE' incidents_raw
CREATE UNIQUE INDEX r_number ON incidents_raw(number);
CREATE INDEX r_opened ON incidents_raw(opened_at);
CREATE INDEX r_state ON incidents_raw(state, opened_at);
CREATE INDEX r_priority ON incidents_raw(priority, opened_at);
CREATE INDEX r_group ON incidents_raw(assignment_group, state, priority, opened_at);
CREATE INDEX r_queue ON incidents_raw((priority || ' ' || opened_at));
CREATE INDEX r_category ON incidents_raw(category COLLATE NOCASE);
CREATE INDEX r_assignee ON incidents_raw(assignee, state, opened_at);
CREATE INDEX r_service ON incidents_raw(service, opened_at);
CREATE INDEX r_ci ON incidents_raw(ci);
CREATE INDEX r_caller ON incidents_raw(caller);
CREATE VIRTUAL TABLE search_index USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO search_index(rowid, title, body) SELECT rowid, number || ' ' || title, description || ' ' || resolution_notes FROM incidents_raw;
ANALYZE incidents_raw;
";

fn sqlite3_baseline(dir: &Path, file: &Path) -> Result<f64, String> {
    let db = dir.join("baseline.sqlite");
    let _ = std::fs::remove_file(&db);
    let script = BASELINE_SQL.replace("FILE", &file.display().to_string());
    let (t, out) = ms(|| -> std::io::Result<std::process::Output> {
        use std::io::Write;
        let mut child = Command::new("sqlite3")
            .arg(&db)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()?;
        child.stdin.take().map(|mut i| i.write_all(script.as_bytes())).transpose()?;
        child.wait_with_output()
    });
    let out = out.map_err(|e| format!("sqlite3 is needed for the baseline: {e}"))?;
    if !out.status.success() {
        return Err(format!("sqlite3 failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(t)
}

/// The window's first page of a queue (100 incidents of a state, newest first), 40 times
/// over four states, after one page to warm the cache.
fn list_pages(w: &Workspace) -> Vec<f64> {
    let page = |state: &str| ListRequest {
        filters: vec![FilterTerm { field: "state".into(), value: state.into(), missing: false, op: None }],
        sort: Some(SortTerm { field: "opened_at".into(), descending: true }),
        limit: Some(100),
        ..Default::default()
    };
    let _ = incidents::list_incidents(w, &page("new"));
    ["in_progress", "new", "on_hold", "closed"].iter().cycle().take(40).map(|s| ms(|| incidents::list_incidents(w, &page(s))).0).collect()
}

/// The ids of the groups with the most incidents, busiest first.
fn busiest_groups(ws: &Path, n: usize) -> Result<Vec<String>, String> {
    let raw = rusqlite::Connection::open_with_flags(ws, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| e.to_string())?;
    let mut stmt = raw.prepare("SELECT assignment_group_id FROM incidents WHERE assignment_group_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT ?1").map_err(|e| e.to_string())?;
    let ids = stmt.query_map([n as i64], |r| r.get::<_, i64>(0)).map_err(|e| e.to_string())?.collect::<rusqlite::Result<Vec<_>>>().map_err(|e| e.to_string())?;
    Ok(ids.iter().map(i64::to_string).collect())
}

pub fn run(dir: &Path, wanted: &dyn Fn(&str) -> bool) -> Result<Vec<Figure>, String> {
    eprintln!("bench: writing {INCIDENTS} incidents as steward-csv, ServiceNow and Jira exports");
    let (gen_ms, r) = ms(|| write_files(dir));
    r?;
    let mut out = vec![Figure::new("incidents.generate", gen_ms, "ms", "informational")];
    let file = dir.join("incidents-steward.csv");
    let ws = dir.join("incidents-1m.steward");
    // The same work on this machine takes a tenth longer or shorter from one run to the next
    // (one import: 16.8 to 20.2 s in an hour): each side is timed twice, alternating, and
    // the faster of each is compared, every time printed.
    eprintln!("bench: importing the steward-csv file (child process), then the sqlite3 baseline, twice");
    let (mut ours, mut theirs, mut rss) = (Vec::new(), Vec::new(), 0.0_f64);
    for _ in 0..2 {
        let (t, peak) = import_in_child(&ws, &file)?;
        ours.push(t);
        rss = rss.max(peak);
        theirs.push(sqlite3_baseline(dir, &file)?);
    }
    eprintln!("bench: incidents.import {ours:.0?} ms, sqlite3 {theirs:.0?} ms");
    let fastest = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    out.push(Figure::new("incidents.import", fastest(&ours), "ms", "<= 1.25x baseline").against("sqlite3 import+fts+indexes", fastest(&theirs)));
    out.push(Figure::new("incidents.import_peak_rss", rss, "MB", "< 300 MB"));

    let mut w = Workspace::open(&ws, Actor::parse("benchmark").map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    let mut rng = Rng::new(7);
    if wanted("incidents.list_page_p95") {
        let mut samples = list_pages(&w);
        out.push(Figure::new("incidents.list_page_p95", percentile(&mut samples, 95.0), "ms", "p95 < 10 ms"));
    }
    if wanted("incidents.list_page_p95_encrypted") {
        // The same million encrypted: a plain copy (VACUUM INTO) encrypted in place, the same
        // pages asked of both in this run.
        eprintln!("bench: encrypting a copy of the million incidents");
        let copy = dir.join("incidents-1m-encrypted.steward");
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", copy.display()));
        }
        steward_core::workspace::backup(&w, &copy).map_err(|e| e.to_string())?;
        let password = steward_core::workspace::Password::chosen("benchmark password").map_err(|e| e.to_string())?;
        let plain_copy = Workspace::open(&copy, Actor::parse("benchmark").map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
        let encrypted = steward_core::workspace::encrypt(plain_copy, &password).map_err(|e| e.to_string())?;
        let mut plain = list_pages(&w);
        let mut secret = list_pages(&encrypted);
        let base = percentile(&mut plain, 95.0);
        out.push(Figure::new("incidents.list_page_p95_encrypted", percentile(&mut secret, 95.0), "ms", "< 2x the unencrypted list page").against("the same pages, unencrypted", base));
        drop(encrypted);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", copy.display()));
        }
    }
    if wanted("incidents.filtered_page_p95") {
        // The Monday queue: open P1 and P2 incidents of one group (the eight busiest, in
        // turn), in queue order, each a first page with its exact count.
        let groups = busiest_groups(&ws, 8)?;
        let term = |field: &str, value: &str| FilterTerm { field: field.into(), value: value.into(), missing: false, op: None };
        let page = |group: &str| ListRequest {
            filters: vec![term("state", "new"), term("state", "in_progress"), term("state", "on_hold"), term("priority", "1"), term("priority", "2"), term("assignment_group_id", group)],
            sort: Some(SortTerm { field: "priority_due".into(), descending: false }),
            limit: Some(100),
            ..Default::default()
        };
        let _ = incidents::list_incidents(&w, &page(&groups[0]));
        let mut samples: Vec<f64> = groups.iter().cycle().take(40).map(|g| ms(|| incidents::list_incidents(&w, &page(g))).0).collect();
        out.push(Figure::new("incidents.filtered_page_p95", percentile(&mut samples, 95.0), "ms", "p95 < 10 ms (priority + state + group, counted)"));
    }
    if wanted("incidents.phrase_p95") {
        // An exact phrase in the filter box over every incident, newest first, counted.
        let mut samples = Vec::new();
        for _ in 0..40 {
            let phrase = format!("\"{} {}\"", OBJECTS[rng.below(OBJECTS.len() as u64) as usize], PROBLEMS[rng.below(PROBLEMS.len() as u64) as usize]);
            let req = ListRequest { text: Some(phrase), sort: Some(SortTerm { field: "opened_at".into(), descending: true }), limit: Some(100), ..Default::default() };
            samples.push(ms(|| incidents::list_incidents(&w, &req)).0);
        }
        out.push(Figure::new("incidents.phrase_p95", percentile(&mut samples, 95.0), "ms", "p95 < 10 ms (a phrase, counted)"));
    }
    if wanted("incidents.list_jump_p95") {
        // What the window asks for when the scrollbar is dragged far away: the page of the
        // whole list (newest first) at a position, found by the list's `at`.
        let mut samples = Vec::new();
        for _ in 0..40 {
            let req = ListRequest {
                sort: Some(SortTerm { field: "opened_at".into(), descending: true }),
                limit: Some(80),
                at: Some(rng.below(INCIDENTS)),
                ..Default::default()
            };
            samples.push(ms(|| incidents::list_incidents(&w, &req)).0);
        }
        out.push(Figure::new("incidents.list_jump_p95", percentile(&mut samples, 95.0), "ms", "informational (the window's jump fetches this)"));
    }
    if wanted("incidents.fts_p95") {
        let mut samples = Vec::new();
        for _ in 0..40 {
            let q = format!("{} {}", OBJECTS[rng.below(OBJECTS.len() as u64) as usize], WORDS[rng.below(WORDS.len() as u64) as usize]);
            samples.push(ms(|| incidents::search_incidents(&w, &q, 20)).0);
        }
        out.push(Figure::new("incidents.fts_p95", percentile(&mut samples, 95.0), "ms", "p95 < 30 ms"));
    }
    if wanted("incidents.stats") {
        let mut samples: Vec<f64> = (0..10).map(|_| ms(|| incidents::incident_stats(&w)).0).collect();
        out.push(Figure::new("incidents.stats", percentile(&mut samples, 50.0), "ms", "< 50 ms"));
    }
    if wanted("problems.detection") {
        // Candidates over the last 90 days of the million (same CI or service and category,
        // same title), against the bare GROUP BY on CI and category alone.
        use steward_core::problems::detection::{detect, DetectionInput};
        let input = DetectionInput { since: None, min_incidents: Some(5) };
        let mut runs: Vec<f64> = Vec::new();
        let mut found = 0;
        for _ in 0..3 {
            let (t, r) = ms(|| detect(&w, &input));
            found = r.map_err(|e| e.to_string())?.len();
            runs.push(t);
        }
        let raw = rusqlite::Connection::open_with_flags(&ws, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| e.to_string())?;
        let mut base: Vec<f64> = (0..3)
            .map(|_| {
                ms(|| {
                    raw.prepare("SELECT ci_id, category, count(*) FROM incidents WHERE opened_at >= (SELECT date(max(opened_at), '-90 days') FROM incidents) GROUP BY 1, 2 HAVING count(*) >= 5")
                        .and_then(|mut s| s.query_map([], |r| r.get::<_, i64>(2)).map(|rows| rows.count()))
                })
                .0
            })
            .collect();
        out.push(
            Figure::new("problems.detection", percentile(&mut runs, 50.0), "ms", &format!("< 5 s over 1,000,000 incidents ({found} candidates)"))
                .against("GROUP BY CI and category alone", percentile(&mut base, 50.0)),
        );
    }
    if wanted("sla.") {
        out.extend(sla(&w, &ws)?);
    }
    if wanted("improvement.measures") {
        out.push(improvement(&mut w, &ws)?);
    }
    Ok(out)
}

/// Improvement measures over the million incidents: 200 initiatives, each with a measure
/// read from Steward's own figures (every kind, some for one service), sampled as the app
/// does when a workspace opens, against one plain pass over the incidents table.
fn improvement(w: &mut Workspace, ws_path: &Path) -> Result<Figure, String> {
    use steward_core::improvement::measures::{add_measure, sample, MeasureInput, MeasureKind};
    use steward_core::improvement::{create_initiative, InitiativeInput};
    let e = |e: steward_core::CoreError| e.to_string();
    let service = steward_core::services::list_services(w, &Default::default()).map_err(e)?.items.first().map(|s| s.name.clone());
    let kinds = [
        (MeasureKind::SlaCompliance, None),
        (MeasureKind::SlaCompliance, service.clone()),
        (MeasureKind::ChangeSuccess, None),
        (MeasureKind::ChangeFailure, None),
        (MeasureKind::BacklogAge, None),
        (MeasureKind::FirstContact, None),
        (MeasureKind::RisksAboveAppetite, None),
        (MeasureKind::PracticeLevel, Some("incident management".to_string())),
    ];
    for i in 0..200 {
        let d = create_initiative(w, &InitiativeInput { title: format!("Initiative {i}"), value: 3, effort: 3, ..Default::default() }, &[]).map_err(e)?;
        let (kind, subject) = kinds[i % kinds.len()].clone();
        let (baseline, target) = if kind == MeasureKind::BacklogAge || kind == MeasureKind::RisksAboveAppetite || kind == MeasureKind::ChangeFailure { (10.0, 1.0) } else { (1.0, 90.0) };
        add_measure(w, d.initiative.id, &MeasureInput { name: format!("Measure {i}"), metric: kind, subject, baseline, target, ..Default::default() }).map_err(e)?;
    }
    // Each run is the first opening of a new day just after the generated year (so the
    // 30- and 90-day windows hold a month and a quarter of it): every figure computed once,
    // every measure given that day's value.
    let mut runs: Vec<f64> = Vec::new();
    for day in 1..=5 {
        w.set_clock(steward_core::time::Clock::at(&format!("2026-01-0{day}T08:00:00Z")).map_err(e)?);
        let (t, r) = ms(|| sample(w));
        if r.map_err(e)? == 0 {
            return Err("a new day's sampling wrote no value".into());
        }
        runs.push(t);
    }
    let raw = rusqlite::Connection::open_with_flags(ws_path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| e.to_string())?;
    let mut base: Vec<f64> = (0..3)
        .map(|_| ms(|| raw.query_row("SELECT count(*) FROM incidents NOT INDEXED WHERE reassignment_count >= 0", [], |r| r.get::<_, i64>(0))).0)
        .collect();
    Ok(Figure::new("improvement.measures", percentile(&mut runs, 50.0), "ms", "< 500 ms (200 initiatives over 1,000,000 incidents)").against("one plain pass over the incidents table", percentile(&mut base, 50.0)))
}

/// SLA clocks over the million incidents: one resolution target on an office calendar that
/// applies to every incident (its creation computes every clock), then the report and the
/// trend chart. Baselines from the same run: the clocks against a naive walk minute by
/// minute through the calendar on a sample (scaled to the million, and agreeing with the
/// stored deadlines), the trend chart against the GROUP BY over every clock it replaces.
fn sla(w: &Workspace, ws_path: &Path) -> Result<Vec<Figure>, String> {
    use steward_core::directory::{create_vendor, VendorInput};
    use steward_core::sla::agreements::{create_agreement, create_target, save_calendar, AgreementInput, AgreementKind, AppliesTo, Metric, TargetInput};
    use steward_core::sla::report::sla_report;
    use steward_core::sla::CalendarSpec;
    let e = |e: steward_core::CoreError| e.to_string();
    let hours = ["mon", "tue", "wed", "thu", "fri"].iter().map(|d| (d.to_string(), vec![["08:00".to_string(), "18:00".to_string()]])).collect();
    let cal = save_calendar(w, None, "bench office", &CalendarSpec { timezone: "Europe/Berlin".into(), hours, holidays: vec!["2024-12-25".into()], ..Default::default() }).map_err(e)?;
    let vendor = create_vendor(w, &VendorInput { name: "bench vendor".into(), ..Default::default() }).map_err(e)?;
    let uc = create_agreement(w, &AgreementInput { kind: Some(AgreementKind::Uc), name: "bench contract".into(), vendor_id: Some(vendor.id.0), ..Default::default() }).map_err(e)?;
    let target = TargetInput {
        agreement_id: uc.id, name: "resolution".into(), metric: Metric::Resolution, applies_to: AppliesTo::Incident, priority: None, category: None, service_id: None, item_id: None,
        minutes: 960, calendar_id: cal.id, pause_reasons: vec![], warning_pct: 75,
    };
    let (clocks_ms, r) = ms(|| create_target(w, &target));
    r.map_err(e)?;
    let raw = rusqlite::Connection::open_with_flags(ws_path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| e.to_string())?;
    let clocks: u64 = raw.query_row("SELECT count(*) FROM sla_clocks", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    let (walk_ms, sample) = naive_clock_walk(&raw, 960)?;
    let walk_all = walk_ms / sample as f64 * clocks as f64;

    let mut samples: Vec<f64> = (0..5).map(|_| ms(|| sla_report(w, None, None)).0).collect();
    let mut chart: Vec<f64> = (0..5).map(|_| ms(|| steward_core::charts::sla_trend::sla_trend_svg(w, 95.0, steward_core::sla::report::TrendPeriod::Month, steward_core::charts::Theme::Light)).0).collect();
    let mut scan: Vec<f64> = (0..5)
        .map(|_| {
            ms(|| {
                raw.prepare("SELECT substr(stopped_at, 1, 7), count(*), count(CASE WHEN state = 'met' THEN 1 END) FROM sla_clocks WHERE stopped_at IS NOT NULL GROUP BY 1")
                    .and_then(|mut s| s.query_map([], |r| r.get::<_, i64>(1)).map(|rows| rows.count()))
            })
            .0
        })
        .collect();
    Ok(vec![
        Figure::new("sla.clocks", clocks_ms, "ms", &format!("< 10 s ({clocks} clocks computed and stored)"))
            .against(&format!("per-minute walk ({sample} sampled, scaled)"), walk_all),
        Figure::new("sla.report", percentile(&mut samples, 50.0), "ms", "informational"),
        Figure::new("sla.trend_chart", percentile(&mut chart, 50.0), "ms", &format!("< 50 ms (over {clocks} clocks)"))
            .against("GROUP BY month over every clock", percentile(&mut scan, 50.0)),
    ])
}

/// The naive clock: from each sampled incident's opening, minute by minute through the
/// office calendar (Europe/Berlin, Monday to Friday 08:00-18:00, 25 December 2024 closed),
/// to the deadline and to the resolution. Returns the time it took and the sample size;
/// refuses to report when a deadline it walked differs from the stored one by a minute or more.
fn naive_clock_walk(raw: &rusqlite::Connection, target_minutes: i64) -> Result<(f64, usize), String> {
    use chrono::Timelike;
    let tz: chrono_tz::Tz = "Europe/Berlin".parse().map_err(|_| "zone".to_string())?;
    let holiday = chrono::NaiveDate::from_ymd_opt(2024, 12, 25).ok_or("date")?;
    let mut stmt = raw
        .prepare("SELECT i.opened_at, i.resolved_at, c.deadline FROM incidents i JOIN sla_clocks c ON c.record_kind = 'incident' AND c.record_id = i.id WHERE i.id % 5000 = 7")
        .map_err(|e| e.to_string())?;
    let rows: Vec<(String, Option<String>, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).and_then(|rows| rows.collect()).map_err(|e| e.to_string())?;
    let secs = |t: &str| chrono::DateTime::parse_from_rfc3339(t).map(|t| t.timestamp()).map_err(|e| e.to_string());
    let open = |t: i64| {
        let local = chrono::DateTime::from_timestamp(t, 0).unwrap_or_default().with_timezone(&tz);
        let minute = local.hour() * 60 + local.minute();
        local.weekday().num_days_from_monday() < 5 && (480..1080).contains(&minute) && local.date_naive() != holiday
    };
    let start = Instant::now();
    let mut walked = Vec::with_capacity(rows.len());
    for (opened, resolved, _) in &rows {
        let t0 = secs(opened)?;
        let (mut t, mut counted) = (t0, 0);
        while counted < target_minutes {
            if open(t) {
                counted += 1;
            }
            t += 60;
        }
        let mut elapsed = 0;
        if let Some(r) = resolved {
            let end = secs(r)?;
            let mut u = t0;
            while u < end {
                if open(u) {
                    elapsed += 1;
                }
                u += 60;
            }
        }
        walked.push((t, elapsed));
    }
    let took = start.elapsed().as_secs_f64() * 1000.0;
    for ((deadline, _), (opened, _, stored)) in walked.iter().zip(&rows) {
        let stored = secs(stored)?;
        if (deadline - stored).abs() >= 120 {
            return Err(format!("the stored deadline {stored} of an incident opened {opened} is not the walked {deadline}"));
        }
    }
    if rows.is_empty() {
        return Err("no clocks to sample".into());
    }
    Ok((took, rows.len()))
}
