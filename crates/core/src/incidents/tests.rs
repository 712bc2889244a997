use std::path::{Path, PathBuf};

use crate::import::{dates::DateOrder, ImportOptions};
use super::*;
use crate::workspace::Workspace;

fn ws() -> (tempfile::TempDir, Workspace) {
    crate::testing::ws("Desk Agent")
}

fn file(dir: &Path, name: &str, body: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

fn utc() -> ImportOptions {
    ImportOptions::default()
}

const SN_EVENT_LOG: &str = "number,incident_state,active,reassignment_count,reopen_count,sys_mod_count,made_sla,caller_id,opened_by,opened_at,sys_created_by,sys_created_at,sys_updated_by,sys_updated_at,contact_type,location,category,subcategory,u_symptom,cmdb_ci,impact,urgency,priority,assignment_group,assigned_to,knowledge,u_priority_confirmation,notify,problem_id,rfc,vendor,caused_by,closed_code,resolved_by,resolved_at,closed_at
INC0000045,New,true,0,0,0,true,Caller 2403,Opened by 8,29/2/2016 01:16,Created by 6,29/2/2016 01:23,Updated by 21,29/2/2016 01:23,Phone,Location 143,Category 55,Subcategory 170,Symptom 72,?,2 - Medium,2 - Medium,3 - Moderate,Group 56,?,true,false,Do Not Notify,?,?,?,?,code 5,Resolved by 149,?,?
INC0000045,Active,true,1,0,2,true,Caller 2403,Opened by 8,29/2/2016 01:16,Created by 6,29/2/2016 01:23,Updated by 642,29/2/2016 08:53,Phone,Location 143,Category 55,Subcategory 170,Symptom 72,?,2 - Medium,2 - Medium,3 - Moderate,Group 70,Resolver 89,true,false,Do Not Notify,?,?,?,?,code 5,Resolved by 149,?,?
INC0000045,Awaiting User Info,true,1,0,3,true,Caller 2403,Opened by 8,29/2/2016 01:16,Created by 6,29/2/2016 01:23,Updated by 804,29/2/2016 11:29,Phone,Location 143,Category 55,Subcategory 170,Symptom 72,?,2 - Medium,2 - Medium,3 - Moderate,Group 70,Resolver 89,true,false,Do Not Notify,?,?,?,?,code 5,Resolved by 149,?,?
INC0000045,Resolved,true,1,0,4,true,Caller 2403,Opened by 8,29/2/2016 01:16,Created by 6,29/2/2016 01:23,Updated by 149,9/3/2016 12:00,Phone,Location 143,Category 55,Subcategory 170,Symptom 72,?,2 - Medium,2 - Medium,3 - Moderate,Group 70,Resolver 89,true,false,Do Not Notify,?,?,?,?,code 5,Resolved by 149,9/3/2016 12:00,?
INC0000047,New,true,0,0,0,true,Caller 2403,Opened by 397,29/2/2016 04:40,Created by 171,29/2/2016 04:57,Updated by 746,29/2/2016 04:57,Phone,Location 165,Category 40,Subcategory 215,Symptom 471,?,2 - Medium,2 - Medium,3 - Moderate,Group 24,Resolver 31,true,false,Do Not Notify,?,?,?,?,code 5,Resolved by 81,?,?
INC0000047,Closed,false,0,0,8,true,Caller 2403,Opened by 397,29/2/2016 04:40,Created by 171,29/2/2016 04:57,Updated by 908,6/3/2016 10:00,Phone,Location 165,Category 40,Subcategory 215,Symptom 471,?,2 - Medium,2 - Medium,3 - Moderate,Group 24,Resolver 31,true,false,Do Not Notify,?,?,?,?,code 5,Resolved by 81,1/3/2016 09:52,6/3/2016 10:00
";

#[test]
fn a_servicenow_event_log_folds_into_incidents_with_history() {
    let (d, ws) = ws();
    let f = file(d.path(), "sn.csv", SN_EVENT_LOG);
    let r = import_incidents(&ws, IncidentSource::ServiceNow, &f, &utc()).unwrap();
    assert_eq!((r.report.rows_read, r.report.created, r.report.updated, r.report.rejected, r.events), (6, 2, 0, 0, 6));
    assert_eq!(r.references_created["people"], 3); // Caller 2403, Resolver 89, Resolver 31
    assert_eq!(r.references_created["support_groups"], 3);

    let inc = show_incident(&ws, "INC0000045").unwrap();
    assert_eq!(inc.incident.state, IncidentState::Resolved);
    assert_eq!(inc.incident.source_state.as_deref(), Some("Resolved"));
    assert_eq!((inc.incident.priority, inc.incident.impact, inc.incident.urgency), (Some(3), Some(2), Some(2)));
    assert_eq!(inc.incident.opened_at, "2016-02-29T01:16:00Z");
    assert_eq!(inc.incident.resolved_at.as_deref(), Some("2016-03-09T12:00:00Z"));
    assert_eq!(inc.incident.assignment_group.as_deref(), Some("Group 70"));
    assert_eq!(inc.incident.channel, "phone");
    let source = inc.incident.source.clone().unwrap();
    assert!(source.contains("sn.csv sha256:") && source.ends_with(" row 4"), "{source}");
    assert_eq!(inc.incident.title, "Category 55 / Subcategory 170 / Symptom 72");
    let h: Vec<(&str, Option<&str>, Option<&str>)> = inc.history.iter().map(|e| (e.field.as_str(), e.from.as_deref(), e.to.as_deref())).collect();
    assert_eq!(h[0], ("created", None, Some("new")));
    assert_eq!(inc.history[0].by.as_deref(), Some("Updated by 21"));
    assert!(h.contains(&("state", Some("new"), Some("in_progress"))));
    assert!(h.contains(&("assignment_group", Some("Group 56"), Some("Group 70"))));
    assert!(h.contains(&("assignee", None, Some("Resolver 89"))));
    assert!(h.contains(&("state", Some("in_progress"), Some("on_hold"))));
    assert!(h.contains(&("state", Some("on_hold"), Some("resolved"))));
    assert_eq!(inc.history.iter().filter(|e| e.field == "created").count(), 1);
    assert_eq!(inc.history.last().unwrap().at, "2016-03-09T12:00:00Z");

    // The same file again adds nothing.
    let again = import_incidents(&ws, IncidentSource::ServiceNow, &f, &utc()).unwrap();
    assert_eq!((again.report.created, again.report.updated, again.events), (0, 0, 0));
    assert_eq!(show_incident(&ws, "INC0000045").unwrap().history.len(), inc.history.len());
}

/// An event log whose rows include ones that change no field Steward keeps (only
/// `sys_mod_count` moves) and rows with equal timestamps, closed in its last rows.
const SN_EVENT_LOG_NO_OPS: &str = "number,incident_state,sys_mod_count,caller_id,opened_at,sys_updated_by,sys_updated_at,category,assignment_group,assigned_to,priority,resolved_at,closed_at
INC0000101,New,0,Caller 1,1/3/2016 09:00,Agent 1,1/3/2016 09:00,Network,Group 1,?,3 - Moderate,?,?
INC0000101,Active,1,Caller 1,1/3/2016 09:00,Agent 2,1/3/2016 10:00,Network,Group 1,Resolver 1,3 - Moderate,?,?
INC0000101,Active,2,Caller 1,1/3/2016 09:00,Agent 2,1/3/2016 10:00,Network,Group 1,Resolver 1,3 - Moderate,?,?
INC0000101,Resolved,3,Caller 1,1/3/2016 09:00,Resolver 1,2/3/2016 16:00,Network,Group 1,Resolver 1,3 - Moderate,2/3/2016 16:00,?
INC0000101,Resolved,4,Caller 1,1/3/2016 09:00,Resolver 1,2/3/2016 16:00,Network,Group 1,Resolver 1,3 - Moderate,2/3/2016 16:00,?
INC0000101,Closed,5,Caller 1,1/3/2016 09:00,System,2/3/2016 16:00,Network,Group 1,Resolver 1,3 - Moderate,2/3/2016 16:00,2/3/2016 16:00
INC0000101,Closed,6,Caller 1,1/3/2016 09:00,System,9/3/2016 16:00,Network,Group 1,Resolver 1,3 - Moderate,2/3/2016 16:00,2/3/2016 16:00
INC0000102,New,0,Caller 2,4/3/2016 08:00,Agent 1,4/3/2016 08:00,Email,Group 2,?,4 - Low,?,?
INC0000102,New,1,Caller 2,4/3/2016 08:00,Agent 1,4/3/2016 08:30,Email,Group 2,?,4 - Low,?,?
INC0000102,Closed,2,Caller 2,4/3/2016 08:00,Agent 1,13/3/2016 08:30,Email,Group 2,?,4 - Low,5/3/2016 08:00,13/3/2016 08:30
";

fn timeline(ws: &Workspace, number: &str) -> Vec<(String, String, Option<String>, Option<String>)> {
    show_incident(ws, number).unwrap().history.into_iter().map(|e| (e.at, e.field, e.from, e.to)).collect()
}

#[test]
fn an_event_log_with_no_op_rows_imports_twice_and_changes_nothing_the_second_time() {
    let (d, ws) = ws();
    let f = file(d.path(), "sn.csv", SN_EVENT_LOG_NO_OPS);
    let r = import_incidents(&ws, IncidentSource::ServiceNow, &f, &utc()).unwrap();
    // Ten rows: seven change something (two creations, five moves), three change nothing.
    assert_eq!((r.report.rows_read, r.report.created, r.report.updated, r.report.rejected), (10, 2, 0, 0));
    assert_eq!((r.events, r.report.unchanged), (6, 4));
    assert_eq!(r.report.rows_read, r.events + r.report.unchanged + r.report.rejected);
    let first = (timeline(&ws, "INC0000101"), timeline(&ws, "INC0000102"));
    assert_eq!(show_incident(&ws, "INC0000101").unwrap().incident.state, IncidentState::Closed);
    assert_eq!(first.0.iter().filter(|e| e.1 == "state").count(), 3, "{:?}", first.0);

    let again = import_incidents(&ws, IncidentSource::ServiceNow, &f, &utc()).unwrap();
    assert_eq!((again.report.rows_read, again.report.created, again.report.updated, again.events, again.report.unchanged), (10, 0, 0, 0, 10));
    assert_eq!(show_incident(&ws, "INC0000101").unwrap().incident.state, IncidentState::Closed);
    assert_eq!((timeline(&ws, "INC0000101"), timeline(&ws, "INC0000102")), first);
    let events: i64 = ws.conn().query_row("SELECT count(*) FROM incident_events", [], |r| r.get(0)).unwrap();
    assert_eq!(events, 10, "every source row is kept by its key, whether or not it changed anything");
}

#[test]
fn a_dated_row_older_than_the_incidents_newest_never_moves_its_fields() {
    let (d, ws) = ws();
    let f = file(d.path(), "sn.csv", SN_EVENT_LOG_NO_OPS);
    import_incidents(&ws, IncidentSource::ServiceNow, &f, &utc()).unwrap();
    let before = timeline(&ws, "INC0000101");
    // A workspace whose row keys are gone (as an import by an earlier version left the rows
    // that changed nothing): every row is older than, or as old as, what the record shows.
    ws.conn().execute("DELETE FROM incident_events", []).unwrap();
    let r = import_incidents(&ws, IncidentSource::ServiceNow, &f, &utc()).unwrap();
    assert_eq!((r.report.updated, r.events, r.report.unchanged), (0, 0, 10));
    assert_eq!(timeline(&ws, "INC0000101"), before);
    assert_eq!(show_incident(&ws, "INC0000101").unwrap().incident.state, IncidentState::Closed);

    // A later export with a newer row moves the incident on; an older row in it does not.
    let later = "number,incident_state,sys_mod_count,caller_id,opened_at,sys_updated_by,sys_updated_at,category,assignment_group,assigned_to,priority,resolved_at,closed_at
INC0000101,Active,9,Caller 1,1/3/2016 09:00,Agent 9,5/3/2016 10:00,Network,Group 1,Resolver 2,3 - Moderate,?,?
INC0000102,Active,7,Caller 2,4/3/2016 08:00,Agent 1,20/3/2016 08:30,Email,Group 2,Resolver 1,4 - Low,?,?
";
    let r = import_incidents(&ws, IncidentSource::ServiceNow, &file(d.path(), "later.csv", later), &utc()).unwrap();
    assert_eq!((r.report.updated, r.events, r.report.unchanged), (1, 1, 1));
    assert_eq!(show_incident(&ws, "INC0000101").unwrap().incident.state, IncidentState::Closed);
    assert_eq!(timeline(&ws, "INC0000101"), before);
    let moved = show_incident(&ws, "INC0000102").unwrap();
    assert_eq!((moved.incident.state, moved.incident.assignee.as_deref()), (IncidentState::InProgress, Some("Resolver 1")));
    let t = timeline(&ws, "INC0000102");
    assert!(t.windows(2).all(|w| w[0].0 <= w[1].0), "history in time order: {t:?}");
}

#[test]
fn naive_times_follow_the_tz_option() {
    let (d, ws) = ws();
    let f = file(d.path(), "sn.csv", SN_EVENT_LOG);
    let opts = ImportOptions { tz: "Europe/Berlin".parse().unwrap(), ..utc() };
    import_incidents(&ws, IncidentSource::ServiceNow, &f, &opts).unwrap();
    assert_eq!(show_incident(&ws, "INC0000045").unwrap().incident.opened_at, "2016-02-29T00:16:00Z");
}

#[test]
fn ambiguous_day_month_order_needs_date_order() {
    let (d, ws) = ws();
    let body = "number,state,short_description,opened_at\nINC1,New,Printer jam,1/2/2024 10:00\nINC2,New,VPN down,3/4/2024 11:00\n";
    let f = file(d.path(), "amb.csv", body);
    let err = import_incidents(&ws, IncidentSource::ServiceNow, &f, &utc()).unwrap_err();
    assert!(err.to_string().contains("--date-order"), "{err}");
    assert_eq!(incident_stats(&ws).unwrap().total, 0);
    let opts = ImportOptions { date_order: Some(DateOrder::Mdy), ..utc() };
    import_incidents(&ws, IncidentSource::ServiceNow, &f, &opts).unwrap();
    assert_eq!(show_incident(&ws, "INC2").unwrap().incident.opened_at, "2024-03-04T11:00:00Z");
}

#[test]
fn bad_rows_are_listed_and_the_rest_import() {
    let (d, ws) = ws();
    let body = "number,state,short_description,opened_at,priority\nINC1,New,Fine,2024-02-01 10:00:00,2 - High\nINC2,New,Bad date,yesterday,2\nINC3,Frobnicated,Bad state,2024-02-01 10:00:00,2\nINC4,Closed,Bad priority,2024-02-01 10:00:00,Whenever\n,New,No number,2024-02-01 10:00:00,1\n";
    let f = file(d.path(), "bad.csv", body);
    let r = import_incidents(&ws, IncidentSource::ServiceNow, &f, &utc()).unwrap();
    assert_eq!((r.report.rows_read, r.report.created, r.report.rejected), (5, 1, 4));
    let cols: Vec<(u64, Option<&str>)> = r.report.errors.iter().map(|e| (e.row, e.column.as_deref())).collect();
    assert_eq!(cols, [(2, Some("opened_at")), (3, Some("state")), (4, Some("priority")), (5, Some("number"))]);
}

#[test]
fn files_that_are_not_the_format_write_nothing() {
    let (d, ws) = ws();
    for (name, body) in [
        ("prose.txt", "This is a note, not an export\nof incidents.\n"),
        ("nostate.csv", "number,opened_at\nINC1,2024-01-01\n"),
        ("empty.csv", ""),
    ] {
        let f = file(d.path(), name, body);
        let err = import_incidents(&ws, IncidentSource::ServiceNow, &f, &utc()).unwrap_err();
        assert_eq!(err.kind(), "validation", "{name}");
    }
    assert_eq!(incident_stats(&ws).unwrap().total, 0);
}

const JIRA: &str = "\u{feff}Summary,Issue key,Issue id,Issue Type,Status,Priority,Assignee,Reporter,Created,Updated,Resolved,Description,Labels,Labels,Custom field (Request Type),Custom field (Impact),Custom field (Urgency),Custom field (Time to resolution),Comment,Comment\r\n\
\"Laptop, won't boot\",SD-101,10101,Incident,Waiting for customer,High,Ana Ops,Bob User,12/Mar/24 9:41 AM,13/Mar/24 2:05 PM,,\"It beeps three times.\r\nThen nothing.\",hardware,urgent,Get IT help,Significant / Large,High,-2h 30m,\"12/Mar/24 10:00 AM;ana;Tried \"\"power cycle\"\"\",\r\n\
VPN drops,SD-102,10102,Incident,Done,Lowest,,Cy User,01/Apr/24 8:00 AM,02/Apr/24 9:00 AM,02/Apr/24 9:00 AM,,network,,Report a problem,Minor / Localized,Low,4h,,\r\n";

#[test]
fn a_jira_export_with_bom_crlf_multiline_and_repeated_columns() {
    let (d, ws) = ws();
    let f = file(d.path(), "jira.csv", JIRA);
    let r = import_incidents(&ws, IncidentSource::Jira, &f, &utc()).unwrap();
    assert_eq!((r.report.rows_read, r.report.created, r.report.rejected), (2, 2, 0), "{:?}", r.report.errors);
    let a = show_incident(&ws, "SD-101").unwrap().incident;
    assert_eq!(a.title, "Laptop, won't boot");
    assert_eq!(a.description, "It beeps three times.\r\nThen nothing.");
    assert_eq!(a.state, IncidentState::OnHold);
    assert_eq!(a.source_state.as_deref(), Some("Waiting for customer"));
    assert_eq!((a.priority, a.impact, a.urgency), (Some(2), Some(2), Some(1)));
    assert_eq!(a.opened_at, "2024-03-12T09:41:00Z");
    assert_eq!(a.caller.as_deref(), Some("Bob User"));
    assert_eq!(a.category, "Get IT help");
    let b = show_incident(&ws, "SD-102").unwrap().incident;
    assert_eq!(b.state, IncidentState::Resolved);
    assert_eq!(b.resolved_at.as_deref(), Some("2024-04-02T09:00:00Z"));
    assert_eq!(b.priority, Some(5));
}

fn input(title: &str, impact: i64, urgency: i64) -> IncidentInput {
    IncidentInput { title: title.into(), impact, urgency, channel: "phone".into(), ..Default::default() }
}

#[test]
fn steward_csv_round_trips_exactly() {
    let (d, a) = ws();
    let f = file(d.path(), "sn.csv", SN_EVENT_LOG);
    import_incidents(&a, IncidentSource::ServiceNow, &f, &utc()).unwrap();
    let logged = log_incident(&a, &IncidentInput { description: "Line one\nline \"two\", with comma".into(), ..input("Printer on fire", 1, 2) }).unwrap();
    transition_incident(&a, logged.id, &Transition { to: IncidentState::OnHold, on_hold_reason: Some(OnHoldReason::AwaitingVendor), resolution_code: None, resolution_notes: None }).unwrap();
    let out1 = d.path().join("one.csv");
    let e = export_incidents(&a, ExportFormat::Csv, &out1, &ListRequest::default()).unwrap();
    assert_eq!(e.rows, 3);

    let d2 = tempfile::tempdir().unwrap();
    let b = crate::testing::pinned(&d2, "Other", crate::testing::NOW);
    let r = import_incidents(&b, IncidentSource::StewardCsv, &out1, &utc()).unwrap();
    assert_eq!((r.report.created, r.report.rejected), (3, 0), "{:?}", r.report.errors);
    let out2 = d2.path().join("two.csv");
    export_incidents(&b, ExportFormat::Csv, &out2, &ListRequest::default()).unwrap();
    assert_eq!(std::fs::read_to_string(&out1).unwrap(), std::fs::read_to_string(&out2).unwrap());
    // And again into the same workspace: nothing new.
    let again = import_incidents(&b, IncidentSource::StewardCsv, &out2, &utc()).unwrap();
    assert_eq!((again.report.created, again.report.updated, again.events), (0, 0, 0));

    for fmt in [ExportFormat::Json, ExportFormat::Xlsx] {
        let out = d.path().join(format!("x.{}", fmt.as_str()));
        assert_eq!(export_incidents(&a, fmt, &out, &ListRequest::default()).unwrap().rows, 3);
        assert!(std::fs::metadata(&out).unwrap().len() > 100);
    }
    let json: Vec<Incident> = serde_json::from_str(&std::fs::read_to_string(d.path().join("x.json")).unwrap()).unwrap();
    assert_eq!(json.len(), 3);
}

#[test]
fn the_matrix_sets_priority_when_logging_and_never_rewrites() {
    let (_d, ws) = ws();
    let i = log_incident(&ws, &input("Payroll down", 1, 1)).unwrap();
    assert_eq!((i.number.as_str(), i.priority, i.state), ("INC0000001", Some(1), IncidentState::New));
    assert_eq!(log_incident(&ws, &input("Slow", 2, 3)).unwrap().priority, Some(4));
    assert_eq!(log_incident(&ws, &input("x", 0, 1)).unwrap_err().field(), Some("impact"));
    let mut m = get_matrix(&ws).unwrap();
    m.cells[0][0] = 2;
    set_matrix(&ws, &m).unwrap();
    assert_eq!(get_incident(&ws, i.id).unwrap().priority, Some(1), "existing records keep their priority");
    assert_eq!(log_incident(&ws, &input("Again", 1, 1)).unwrap().priority, Some(2));
}

#[test]
fn the_lifecycle_allows_only_valid_moves_and_records_them() {
    let (_d, ws) = ws();
    let i = log_incident(&ws, &input("Mail delayed", 2, 2)).unwrap();
    let t = |to, hold, code: Option<&str>, notes: Option<&str>| Transition { to, on_hold_reason: hold, resolution_code: code.map(Into::into), resolution_notes: notes.map(Into::into) };
    assert_eq!(transition_incident(&ws, i.id, &t(IncidentState::Closed, None, None, None)).unwrap_err().field(), Some("to"));
    assert_eq!(transition_incident(&ws, i.id, &t(IncidentState::OnHold, None, None, None)).unwrap_err().field(), Some("on_hold_reason"));
    let p = transition_incident(&ws, i.id, &t(IncidentState::InProgress, None, None, None)).unwrap();
    assert!(p.first_response_at.is_some());
    assert_eq!(transition_incident(&ws, i.id, &t(IncidentState::Resolved, None, Some("fixed"), None)).unwrap_err().field(), Some("resolution_notes"));
    let r = transition_incident(&ws, i.id, &t(IncidentState::Resolved, None, Some("fixed"), Some("Queue restarted"))).unwrap();
    assert!(r.resolved_at.is_some());
    let reopened = transition_incident(&ws, i.id, &t(IncidentState::InProgress, None, None, None)).unwrap();
    assert_eq!((reopened.reopen_count, reopened.resolved_at.clone()), (1, None));
    transition_incident(&ws, i.id, &t(IncidentState::Resolved, None, Some("fixed"), Some("Again"))).unwrap();
    let closed = transition_incident(&ws, i.id, &t(IncidentState::Closed, None, None, None)).unwrap();
    assert!(closed.closed_at.is_some());
    assert_eq!(update_incident(&ws, i.id, &input("Edit after close", 1, 1)).unwrap_err().kind(), "conflict");
    let h = history(&ws, i.id).unwrap();
    let states: Vec<&str> = h.iter().filter(|e| e.field == "state").filter_map(|e| e.to.as_deref()).collect();
    assert_eq!(states, ["in_progress", "resolved", "in_progress", "resolved", "closed"]);
    assert!(h.iter().all(|e| e.by.as_deref() == Some("Desk Agent")));
}

#[test]
fn stats_and_search_cover_every_incident() {
    let (d, ws) = ws();
    import_incidents(&ws, IncidentSource::ServiceNow, &file(d.path(), "sn.csv", SN_EVENT_LOG), &utc()).unwrap();
    log_incident(&ws, &IncidentInput { description: "The payroll export hangs at 90%".into(), ..input("Payroll export hangs", 1, 2) }).unwrap();
    let s = incident_stats(&ws).unwrap();
    assert_eq!(s.total, 3);
    assert_eq!(s.by_state.values().sum::<u64>(), 3);
    assert_eq!(s.by_priority.values().sum::<u64>(), 3);
    assert_eq!((s.by_state["resolved"], s.by_state["closed"], s.by_state["new"]), (1, 1, 1));
    assert_eq!((s.by_priority["3"], s.by_priority["2"], s.by_priority["none"]), (2, 1, 0));
    let hits = search_incidents(&ws, "payroll", 10).unwrap();
    assert_eq!(hits.total, 1);
    assert_eq!(hits.hits[0].number, "INC0000048", "new numbers continue after imported ones");
    assert!(hits.hits[0].snippet.to_lowercase().contains("payroll"));
    assert_eq!(search_incidents(&ws, "category", 1).unwrap().total, 2);
}

#[test]
fn queues_filter_with_alternatives_and_missing_values() {
    use crate::list::FilterTerm;
    let (_d, ws) = ws();
    let g = crate::directory::create_group(&ws, &crate::directory::GroupInput { name: "Desk".into(), ..Default::default() }).unwrap();
    let a = log_incident(&ws, &input("Unassigned", 2, 2)).unwrap();
    let b = log_incident(&ws, &IncidentInput { assignment_group_id: Some(g.id.0), ..input("Assigned", 2, 2) }).unwrap();
    transition_incident(&ws, b.id, &Transition { to: IncidentState::OnHold, on_hold_reason: Some(OnHoldReason::AwaitingCaller), resolution_code: None, resolution_notes: None }).unwrap();
    let term = |f: &str, v: &str| FilterTerm { field: f.into(), value: v.into(), missing: false, op: None };
    let open = ListRequest { filters: vec![term("state", "new"), term("state", "in_progress"), term("state", "on_hold")], ..Default::default() };
    assert_eq!(list_incidents(&ws, &open).unwrap().total, Some(2));
    let unassigned = ListRequest { filters: vec![term("state", "new"), FilterTerm { field: "assignment_group_id".into(), value: String::new(), missing: true, op: None }], ..Default::default() };
    let page = list_incidents(&ws, &unassigned).unwrap();
    assert_eq!(page.items.iter().map(|i| i.id).collect::<Vec<_>>(), [a.id]);
    assert_eq!(page.total, Some(1), "a missing-value term is counted on the table");
    // Totals read from the kept counts (state and priority alone) are the rows' own count.
    let mut priorities = Vec::new();
    for i in 0..7 {
        priorities.push(log_incident(&ws, &input(&format!("More {i}"), 1 + i % 3, 2)).unwrap().priority.unwrap_or_default().to_string());
    }
    priorities.dedup();
    let (p1, p2) = (priorities[0].as_str(), priorities[1].as_str());
    let counted = |filters: Vec<FilterTerm>| {
        let req = ListRequest { filters, limit: Some(1000), ..Default::default() };
        let page = list_incidents(&ws, &req).unwrap();
        assert!(!page.items.is_empty());
        (page.total, Some(page.items.len() as u64))
    };
    for filters in [
        vec![term("state", "new")],
        vec![term("state", "new"), term("priority", p1)],
        vec![term("state", "new"), term("state", "on_hold"), term("priority", p2), term("priority", p1)],
        vec![term("priority", p2)],
        vec![term("state", "on_hold"), term("assignment_group_id", &g.id.0.to_string())],
    ] {
        let (total, rows) = counted(filters.clone());
        assert_eq!(total, rows, "{:?}", filters.iter().map(|t| (&t.field, &t.value)).collect::<Vec<_>>());
    }
}

#[test]
fn a_large_import_builds_indexes_and_search_once_and_keeps_the_schema() {
    let (d, ws) = ws();
    let schema = |ws: &Workspace| -> Vec<String> {
        let mut s = ws.conn().prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'incidents' ORDER BY name").unwrap();
        s.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
    };
    let before = schema(&ws);
    let mut body = String::from("number,title,state,opened_at,assignment_group\n");
    for i in 0..super::import::BULK_ROWS {
        body.push_str(&format!("INC{:07},Printer {} jammed,new,2024-01-01T10:00:00Z,Group {}\n", i + 1, i, i % 7));
    }
    let f = file(d.path(), "big.csv", &body);
    let r = import_incidents(&ws, IncidentSource::StewardCsv, &f, &utc()).unwrap();
    assert_eq!(r.report.created, super::import::BULK_ROWS);
    assert_eq!(schema(&ws), before, "indexes and triggers are back");
    assert_eq!(search_incidents(&ws, "printer 4242", 5).unwrap().hits[0].number, "INC0004243");
    // The triggers work again for records logged afterwards.
    log_incident(&ws, &input("Scanner offline", 2, 2)).unwrap();
    assert_eq!(search_incidents(&ws, "scanner", 5).unwrap().total, 1);

    // A second large import that moves half of them on keeps the counts exact.
    let mut body = String::from("number,title,state,opened_at,assignment_group,priority\n");
    for i in 0..super::import::BULK_ROWS {
        let state = if i % 2 == 0 { "resolved" } else { "new" };
        body.push_str(&format!("INC{:07},Printer {} jammed,{state},2024-01-01T10:00:00Z,Group {},{}\n", i + 1, i, i % 7, if i % 2 == 0 { "2" } else { "" }));
    }
    let f = file(d.path(), "big2.csv", &body);
    let r = import_incidents(&ws, IncidentSource::StewardCsv, &f, &utc()).unwrap();
    assert_eq!((r.report.created, r.report.updated), (0, super::import::BULK_ROWS / 2));
    let stats = incident_stats(&ws).unwrap();
    let counted: u64 = ws.conn().query_row("SELECT count(*) FROM incidents WHERE state = 'resolved' AND priority = 2", [], |r| r.get(0)).unwrap();
    assert_eq!((stats.total, stats.by_state["resolved"], stats.by_state["new"]), (super::import::BULK_ROWS + 1, counted, super::import::BULK_ROWS / 2 + 1));
    assert_eq!((stats.by_priority["2"], stats.by_priority["3"]), (counted, 1), "the scanner logged here is P3");
    let report = crate::workspace::check(ws.path()).unwrap();
    assert!(report.is_ok(), "{report:?}");
}

#[test]
fn desk_figures_count_first_contact_resolution_backlog_and_workload() {
    let (d, ws) = ws();
    let body = "number,title,state,opened_at,resolved_at,reassignment_count,channel,category,assignee\n\
        INC1,Quick fix,resolved,2024-03-04T08:00:00Z,2024-03-04T08:20:00Z,0,phone,Access,Ana\n\
        INC2,Reassigned,resolved,2024-03-04T08:00:00Z,2024-03-04T08:20:00Z,1,phone,Access,Ana\n\
        INC3,Slow fix,closed,2024-03-04T23:30:00Z,2024-03-06T08:00:00Z,0,email,Hardware,Ana\n\
        INC4,Still open,in_progress,2024-03-01T12:00:00Z,,0,portal,Hardware,Ben\n\
        INC5,Fresh,new,2024-03-10T07:00:00Z,,0,portal,,\n";
    import_incidents(&ws, IncidentSource::StewardCsv, &file(d.path(), "f.csv", body), &utc()).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2024-03-10T12:00:00Z").unwrap().with_timezone(&chrono::Utc);
    let f = figures::desk_figures(&ws, "Europe/Berlin".parse().unwrap(), now).unwrap();
    assert_eq!(f.resolved, 3);
    assert_eq!(f.first_contact_resolution_pct, Some(33.3));
    assert!(f.by_channel.contains(&crate::summary::Count { key: "phone".into(), count: 2 }));
    // 23:30 UTC on 4 March is 00:30 in Berlin.
    assert_eq!((f.by_hour[9], f.by_hour[0], f.by_hour[8]), (2, 1, 1));
    let age: Vec<i64> = f.backlog_age.iter().map(|c| c.count).collect();
    assert_eq!(age, [1, 0, 0, 1, 0]);
    assert_eq!(f.workload.iter().map(|c| (c.key.as_str(), c.count)).collect::<Vec<_>>(), [("Ben", 1), ("Unassigned", 1)]);
}

#[test]
fn resolved_incidents_logged_here_close_after_the_configured_days() {
    let (d, ws) = ws();
    import_incidents(&ws, IncidentSource::ServiceNow, &file(d.path(), "sn.csv", SN_EVENT_LOG), &utc()).unwrap();
    let i = log_incident(&ws, &input("Mail delayed", 2, 2)).unwrap();
    transition_incident(&ws, i.id, &Transition { to: IncidentState::Resolved, on_hold_reason: None, resolution_code: Some("fixed".into()), resolution_notes: Some("Queue flushed".into()) }).unwrap();
    let now = ws.now();
    assert_eq!(auto_close(&ws, now).unwrap(), 0, "not yet");
    assert_eq!(set_auto_close_days(&ws, 0).unwrap_err().field(), Some("auto_close_days"));
    set_auto_close_days(&ws, 2).unwrap();
    assert_eq!(auto_close(&ws, now + chrono::Duration::days(3)).unwrap(), 1, "only the one logged here");
    let closed = get_incident(&ws, i.id).unwrap();
    assert_eq!(closed.state, IncidentState::Closed);
    assert_eq!(history(&ws, i.id).unwrap().last().unwrap().by.as_deref(), Some("Steward (auto-close after 2 days)"));
    assert_eq!(show_incident(&ws, "INC0000045").unwrap().incident.state, IncidentState::Resolved, "imported records keep their state");
}

#[test]
fn child_incidents_link_to_their_major_incident() {
    use crate::links::{self, LinkType, NewLink};
    use crate::record::{RecordKind, RecordRef};
    let (_d, ws) = ws();
    let major = log_incident(&ws, &IncidentInput { major: true, ..input("Portal down for all customers", 1, 1) }).unwrap();
    let child = log_incident(&ws, &input("Cannot book shipment", 2, 2)).unwrap();
    let r = |id: IncidentId| RecordRef { kind: RecordKind::Incident, id: id.0 };
    links::create_link(&ws, &NewLink { from: r(child.id), link_type: LinkType::ChildOf, to: r(major.id) }).unwrap();
    let seen = links::links_of(&ws, r(major.id)).unwrap();
    assert_eq!((seen[0].phrase.as_str(), seen[0].other_name.as_str()), ("is the parent of", "INC0000002 Cannot book shipment"));
    let own = NewLink { from: r(major.id), link_type: LinkType::ChildOf, to: r(major.id) };
    assert_eq!(links::create_link(&ws, &own).unwrap_err().field(), Some("to"));
}

#[test]
fn an_import_is_undone_as_a_whole_newest_first() {
    use crate::import::{list_imports, undo_import};
    let (d, ws) = ws();
    let lines: Vec<&str> = SN_EVENT_LOG.lines().collect();
    let first = file(d.path(), "first.csv", &format!("{}\n{}\n{}\n", lines[0], lines[1], lines[2]));
    let full = file(d.path(), "full.csv", SN_EVENT_LOG);
    import_incidents(&ws, IncidentSource::ServiceNow, &first, &utc()).unwrap();
    let after_first = show_incident(&ws, "INC0000045").unwrap().incident;
    let history_first = history(&ws, after_first.id).unwrap().len();
    let r = import_incidents(&ws, IncidentSource::ServiceNow, &full, &utc()).unwrap();
    assert_eq!((r.report.created, r.report.updated), (1, 1));
    let runs = list_imports(&ws).unwrap();
    assert_eq!(runs.iter().map(|r| (r.file.ends_with("full.csv"), r.created, r.updated)).collect::<Vec<_>>(), [(true, 1, 1), (false, 1, 0)]);

    // The first import's incident was changed by the second: that one goes first.
    let refused = undo_import(&ws, runs[1].id).unwrap_err();
    assert_eq!(refused.kind(), "conflict");
    assert!(refused.to_string().contains("Undo that one first"), "{refused}");

    // A person the second import created is now also used by an incident logged here.
    let mut by_hand = IncidentInput { title: "Keyboard".into(), impact: 3, urgency: 3, ..Default::default() };
    by_hand.caller_id = show_incident(&ws, "INC0000047").unwrap().incident.assignee_id;
    let hand = log_incident(&ws, &by_hand).unwrap();

    let undone = undo_import(&ws, runs[0].id).unwrap();
    assert_eq!(undone.restored, 1);
    assert!(show_incident(&ws, "INC0000047").is_err(), "created by the undone import");
    let back = show_incident(&ws, "INC0000045").unwrap().incident;
    assert_eq!((back.state, back.assignment_group.as_deref()), (after_first.state, after_first.assignment_group.as_deref()));
    assert_eq!(back, after_first, "the row as it was before the second import");
    assert_eq!(history(&ws, back.id).unwrap().len(), history_first);
    assert_eq!(undone.kept_in_use, 1, "Resolver 31 is the caller of {}", hand.number);
    assert_eq!(undo_import(&ws, runs[0].id).unwrap_err().kind(), "conflict", "already undone");

    // Importing the full file again brings the undone rows back (their events are gone too).
    let again = import_incidents(&ws, IncidentSource::ServiceNow, &full, &utc()).unwrap();
    assert_eq!((again.report.created, again.report.updated), (1, 1));

    let stats = incident_stats(&ws).unwrap();
    assert_eq!(stats.total, 3);
    assert_eq!(search_incidents(&ws, "INC0000047", 10).unwrap().total, 1);
}

/// A real event log (the head of the UCI ServiceNow log, see tests/data/README.md): the
/// counts are computed from the file's text, not by the importer; imported twice, the second
/// import changes nothing (no incident, no event, no history entry, no state moved).
#[test]
fn a_real_servicenow_event_log_imports_twice_and_changes_nothing_the_second_time() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/uci-incident-event-log-head.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().skip(1).map(|l| l.split(',').collect()).collect();
    let numbers: std::collections::BTreeSet<&str> = rows.iter().map(|r| r[0]).collect();
    // An incident's state is that of its last row (the log is oldest first per incident).
    let steward_state = |label: &str| match label {
        "New" => "new",
        "Active" => "in_progress",
        "Resolved" => "resolved",
        "Closed" => "closed",
        _ => "on_hold",
    };
    let expected: Vec<(String, String)> =
        rows.iter().map(|r| (r[0], steward_state(r[1]))).collect::<std::collections::BTreeMap<_, _>>().into_iter().map(|(n, s)| (n.to_string(), s.to_string())).collect();
    assert_eq!((rows.len(), numbers.len()), (2000, 296));

    let (_d, ws) = ws();
    let first = import_incidents(&ws, IncidentSource::ServiceNow, &path, &utc()).unwrap();
    assert_eq!((first.report.rows_read, first.report.created, first.report.updated, first.report.rejected), (2000, 296, 0, 0));
    assert_eq!(first.report.rows_read, first.events + first.report.unchanged);
    assert!(first.report.unchanged > 0, "the log has rows that change nothing Steward keeps");
    let snapshot = |ws: &Workspace| -> (Vec<(String, String)>, i64, i64) {
        let c = ws.conn();
        let states = c.prepare("SELECT number, state FROM incidents ORDER BY number").unwrap().query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<rusqlite::Result<_>>().unwrap();
        let history: i64 = c.query_row("SELECT count(*) FROM incident_history", [], |r| r.get(0)).unwrap();
        let events: i64 = c.query_row("SELECT count(*) FROM incident_events", [], |r| r.get(0)).unwrap();
        (states, history, events)
    };
    let before = snapshot(&ws);
    assert_eq!(before.0, expected, "every incident in the state of its last row");
    // Every row of a multi-row history is kept by its key; a lone row (a list export's
    // shape) is recognised by comparing it with the record.
    let lone = numbers.iter().filter(|n| rows.iter().filter(|r| r[0] == **n).count() == 1).count() as i64;
    assert_eq!(before.2, 2000 - lone, "{lone} incidents with one row");

    let again = import_incidents(&ws, IncidentSource::ServiceNow, &path, &utc()).unwrap();
    assert_eq!((again.report.created, again.report.updated, again.events, again.report.unchanged, again.report.rejected), (0, 0, 0, 2000, 0));
    assert_eq!(snapshot(&ws), before);
}

/// The incident import holds text and numbers to the rules every importer holds them to:
/// control characters (NUL, ESC, a line break in a title) and a priority that only starts
/// like one ("1e308") reject their row, naming the column; the other rows import.
#[test]
fn incident_rows_are_held_to_the_text_and_number_rules_of_every_import() {
    let (_d, ws) = crate::testing::ws("Ida Import");
    let csv = "number,incident_state,short_description,priority,category,opened_at\n\
INC1,New,Clean title,2,Network,2024-03-01 10:00:00\n\
INC2,New,Bell \u{7}in title,2,Network,2024-03-01 10:00:00\n\
INC3,New,\"Two\nlines\",2,Network,2024-03-01 10:00:00\n\
INC4,New,Huge priority,1e308,Network,2024-03-01 10:00:00\n\
INC5,New,Escape in category,2,Net\u{1b}[31mwork,2024-03-01 10:00:00\n\
INC6,New,Nul in number,2,Network,2024-03-01 10:00:00\n";
    let csv = csv.replace("INC6", "INC\u{0}6");
    let r = import_incidents_text(&ws, IncidentSource::ServiceNow, "rules.csv", &csv, &ImportOptions::default()).unwrap();
    assert_eq!((r.report.created, r.report.rejected), (1, 5), "{r:?}");
    let rejected: Vec<(u64, Option<&str>)> = r.report.errors.iter().map(|e| (e.row, e.column.as_deref())).collect();
    assert_eq!(rejected, [(2, Some("title")), (3, Some("title")), (4, Some("priority")), (5, Some("category")), (6, Some("number"))]);
}

/// An import never trims leading whitespace into something else: a description keeps its
/// indentation (a leading tab included, so `\t=1+1` stays text and is marked again on export),
/// a title that starts with a tab is refused by name instead of becoming `=1+1`, and a title's
/// surrounding spaces are the only thing a one-line value loses, as in the window.
#[test]
fn leading_whitespace_is_kept_or_refused_never_trimmed_into_a_formula() {
    let (d, ws) = crate::testing::ws("Ida Import");
    let csv = "number,incident_state,short_description,description,priority,opened_at\n\
INC1,New,  Spaced title  ,\"\t=1+1\",2,2024-03-01 10:00:00\n\
INC2,New,\"\t=1+1\",Plain,2,2024-03-01 10:00:00\n\
INC3,New,Indented,\"    step one\n    step two\",2,2024-03-01 10:00:00\n";
    let r = import_incidents_text(&ws, IncidentSource::ServiceNow, "ws.csv", csv, &ImportOptions::default()).unwrap();
    assert_eq!((r.report.created, r.report.rejected), (2, 1), "{r:?}");
    assert_eq!((r.report.errors[0].row, r.report.errors[0].column.as_deref()), (2, Some("title")));
    let stored = |number: &str| {
        let id = crate::record::id_by_number(ws.conn(), crate::record::RecordKind::Incident, number).unwrap().unwrap();
        let i = get_incident(&ws, IncidentId(id)).unwrap();
        (i.title, i.description)
    };
    assert_eq!(stored("INC1"), ("Spaced title".to_string(), "\t=1+1".to_string()));
    assert_eq!(stored("INC3").1, "    step one\n    step two");
    // Out through steward-csv and back: the tab-led description is marked, then restored exactly.
    let out = d.path().join("out.csv");
    crate::incidents::export_incidents(&ws, crate::export::ExportFormat::Csv, &out, &Default::default()).unwrap();
    assert!(std::fs::read_to_string(&out).unwrap().contains("'\t=1+1"));
    let again = import_incidents(&ws, IncidentSource::StewardCsv, &out, &ImportOptions::default()).unwrap();
    assert_eq!((again.report.created, again.report.updated), (0, 0), "{again:?}");
    assert_eq!(stored("INC1").1, "\t=1+1");
}

#[test]
fn an_assignee_belongs_to_the_group_and_steward_s_state_replaces_the_source_label() {
    use crate::directory::{create_group, create_person, GroupInput, PersonInput};
    let (_d, ws) = ws();
    let group = |name: &str| create_group(&ws, &GroupInput { name: name.into(), email: String::new(), description: String::new() }).unwrap().id;
    let (network, desk, imported) = (group("Network"), group("Service Desk"), group("Imported team"));
    let nora = create_person(&ws, &PersonInput { name: "Nora Net".into(), group_ids: vec![network], ..Default::default() }).unwrap().id.0;
    let dan = create_person(&ws, &PersonInput { name: "Dan Desk".into(), group_ids: vec![desk], ..Default::default() }).unwrap().id.0;
    let mut i = IncidentInput { assignment_group_id: Some(network.0), assignee_id: Some(dan), ..input("VPN down", 2, 2) };
    let e = log_incident(&ws, &i).unwrap_err();
    assert_eq!(e.field(), Some("assignee_id"));
    assert!(e.to_string().contains("Dan Desk is not in Network"), "{e}");
    i.assignee_id = Some(nora);
    let logged = log_incident(&ws, &i).unwrap();
    // Moving it to the desk with Nora still assigned is refused, not done silently.
    i.assignment_group_id = Some(desk.0);
    assert_eq!(update_incident(&ws, logged.id, &i).unwrap_err().field(), Some("assignee_id"));
    i.assignee_id = None;
    assert_eq!(update_incident(&ws, logged.id, &i).unwrap().assignee_id, None);
    // A group that lists no members takes anyone.
    i.assignment_group_id = Some(imported.0);
    i.assignee_id = Some(dan);
    assert_eq!(update_incident(&ws, logged.id, &i).unwrap().assignee_id, Some(dan));

    // An imported incident's label from its source goes once Steward moves it.
    let csv = "number,incident_state,short_description,priority,category,opened_at\nINC9000001,Active,Imported,3,Network,2024-03-01 10:00:00\n";
    import_incidents_text(&ws, IncidentSource::ServiceNow, "sn.csv", csv, &ImportOptions::default()).unwrap();
    let imported = show_incident(&ws, "INC9000001").unwrap().incident;
    assert_eq!(imported.source_state.as_deref(), Some("Active"));
    let held = transition_incident(&ws, imported.id, &Transition { to: IncidentState::OnHold, on_hold_reason: Some(OnHoldReason::AwaitingCaller), resolution_code: None, resolution_notes: None }).unwrap();
    assert_eq!((held.state, held.source_state), (IncidentState::OnHold, None));
}

/// The filter box (and `incidents search`): words whole, quotes an exact phrase,
/// `field:value` one field exactly without case; what it understood said in words; the
/// count and an export of the same request the same rows.
#[test]
fn the_filter_box_means_whole_words_exact_phrases_and_one_field() {
    let (d, ws) = ws();
    let group = crate::directory::create_group(&ws, &crate::directory::GroupInput { name: "Network Team".into(), ..Default::default() }).unwrap();
    let ann = crate::directory::create_person(&ws, &crate::directory::PersonInput { name: "Ann Lee".into(), ..Default::default() }).unwrap();
    let log = |title: &str, category: &str, description: &str| {
        log_incident(&ws, &IncidentInput { description: description.into(), category: category.into(), ..input(title, 2, 2) }).unwrap()
    };
    let switch = log("Switch down in depot", "Network 12", "Core switch lost power");
    let toner = log("Toner low", "Printer 127", "The printer jam on floor 12 of the network wing");
    let jam = log("Jammed printer again", "Printer 127", "jam in the printer, 127 pages lost");
    let routed = log_incident(&ws, &IncidentInput { category: "network 12".into(), assignment_group_id: Some(group.id.0), assignee_id: Some(ann.id.0), ..input("VPN drops", 1, 1) }).unwrap();
    transition_incident(&ws, routed.id, &Transition { to: IncidentState::OnHold, on_hold_reason: Some(OnHoldReason::AwaitingCaller), resolution_code: None, resolution_notes: None }).unwrap();

    let found = |text: &str| -> Vec<IncidentId> {
        let page = list_incidents(&ws, &ListRequest { text: Some(text.into()), sort: Some(list::SortTerm { field: "number".into(), descending: false }), ..Default::default() }).unwrap();
        assert_eq!(page.total, Some(page.items.len() as u64), "{text}: the count is the rows");
        page.items.iter().map(|i| i.id).collect()
    };
    // Words are whole: "12" is not the start of "127"; all words are needed, anywhere searched.
    assert_eq!(found("12"), [toner.id]);
    assert_eq!(found("network 12"), [toner.id]);
    assert_eq!(found("printer jam"), [toner.id, jam.id]);
    // Quotes: the words next to each other, in that order.
    assert_eq!(found("\"printer jam\""), [toner.id]);
    // One field, exactly, without case; several fields all hold.
    assert_eq!(found("category:\"Network 12\""), [switch.id, routed.id]);
    assert_eq!(found("category:network"), Vec::<IncidentId>::new());
    assert_eq!(found("group:\"network team\" state:\"On hold\" priority:P1 assignee:\"ANN LEE\""), [routed.id]);
    assert_eq!(found("state:on_hold"), [routed.id]);
    assert_eq!(found("state:pending"), Vec::<IncidentId>::new(), "a value no state has matches nothing");
    assert_eq!(found("category:\"printer 127\" \"printer jam\""), [toner.id]);
    assert_eq!(found(&format!("number:{}", jam.number.to_lowercase())), [jam.id]);
    // A name that is no field is a word like the others.
    assert_eq!(found("colour:red"), Vec::<IncidentId>::new());

    let page = list_incidents(&ws, &ListRequest { text: Some("printer \"floor 12\" category:\"Printer 127\"".into()), ..Default::default() }).unwrap();
    assert_eq!(
        page.understood.as_deref(),
        Some("the word \u{201c}printer\u{201d} and the exact phrase \u{201c}floor 12\u{201d} in number, title, description and resolution notes; category is \u{201c}Printer 127\u{201d}")
    );

    // What the contract's search counts and the export writes are the same set.
    let search = search_incidents(&ws, "category:\"network 12\"", 10).unwrap();
    assert_eq!(search.total, 2);
    assert_eq!(search.hits.iter().map(|h| h.number.as_str()).collect::<Vec<_>>(), [routed.number.as_str(), switch.number.as_str()], "newest first");
    let out = d.path().join("network.json");
    let exported = export_incidents(&ws, ExportFormat::Json, &out, &ListRequest { text: Some("category:\"network 12\"".into()), ..Default::default() }).unwrap();
    assert_eq!(exported.rows, 2);
    // In the order they were made, a page at a time, both ways: cut from the index's matches.
    for descending in [false, true] {
        let mut req = ListRequest { text: Some("printer".into()), sort: Some(list::SortTerm { field: "created".into(), descending }), limit: Some(1), ..Default::default() };
        let mut seen = Vec::new();
        loop {
            let page = list_incidents(&ws, &req).unwrap();
            seen.extend(page.items.iter().map(|i| i.id));
            match page.next {
                Some(n) => req.after = Some(n),
                None => break,
            }
        }
        let mut expected = vec![toner.id, jam.id];
        if descending {
            expected.reverse();
        }
        assert_eq!(seen, expected, "descending: {descending}");
    }
    let words = search_incidents(&ws, "jam", 10).unwrap();
    assert_eq!(words.total, 2);
    assert!(words.hits.iter().all(|h| h.snippet.to_lowercase().contains("jam")), "{:?}", words.hits);
}

/// The `due` filter: breached, due by the end of today as the display zone reads it,
/// within hours, or no running clock; one at a time.
#[test]
fn the_deadline_filter_reads_today_in_the_display_zone() {
    use crate::list::FilterTerm;
    let (_d, ws) = crate::testing::ws_at("Desk Agent", "2026-03-02T20:00:00Z");
    ws.conn().execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('display_timezone', 'Asia/Tokyo')", []).unwrap();
    let at = |title: &str, due: Option<&str>| {
        let i = log_incident(&ws, &input(title, 2, 2)).unwrap();
        if let Some(due) = due {
            ws.conn().execute("UPDATE incidents SET sla_due = ?1 WHERE id = ?2", rusqlite::params![due, i.id.0]).unwrap();
        }
        i.id
    };
    // 20:00 UTC is 05:00 on 3 March in Tokyo: today there ends at 15:00 UTC on the 3rd.
    let late = at("Breached an hour ago", Some("2026-03-02T19:00:00Z"));
    let soon = at("Due in two hours", Some("2026-03-02T22:00:00Z"));
    let today = at("Due before Tokyo's midnight", Some("2026-03-03T14:59:59Z"));
    let tomorrow = at("Due at Tokyo's midnight", Some("2026-03-03T15:00:00Z"));
    let none = at("No clock", None);
    let due = |value: &str| -> Vec<IncidentId> {
        let req = ListRequest { filters: vec![FilterTerm { field: "due".into(), value: value.into(), missing: false, op: None }], sort: Some(list::SortTerm { field: "number".into(), descending: false }), ..Default::default() };
        list_incidents(&ws, &req).unwrap().items.iter().map(|i| i.id).collect()
    };
    assert_eq!(due("breached"), [late]);
    assert_eq!(due("hours:2"), [late, soon]);
    assert_eq!(due("today"), [late, soon, today]);
    assert_eq!(due("none"), [none]);
    assert!(!due("hours:24").contains(&none) && due("hours:24").contains(&tomorrow));
    let two = ListRequest { filters: vec![FilterTerm { field: "due".into(), value: "today".into(), missing: false, op: None }, FilterTerm { field: "due".into(), value: "none".into(), missing: false, op: None }], ..Default::default() };
    assert_eq!(list_incidents(&ws, &two).unwrap_err().field(), Some("due"));
}

/// Group and assignee sort by name, those without one first, and keyset pages of that
/// order visit every incident once.
#[test]
fn incidents_sort_by_group_and_assignee_name_across_pages() {
    let (_d, ws) = ws();
    let mut groups = Vec::new();
    for name in ["Network", "Desk", "Apps"] {
        groups.push(crate::directory::create_group(&ws, &crate::directory::GroupInput { name: name.into(), ..Default::default() }).unwrap().id.0);
    }
    for n in 0..9 {
        let group = (n % 4 < 3).then(|| groups[n % 4]);
        log_incident(&ws, &IncidentInput { assignment_group_id: group, ..input(&format!("Incident {n}"), 2, 2) }).unwrap();
    }
    let mut seen = Vec::new();
    let mut req = ListRequest { sort: Some(list::SortTerm { field: "group".into(), descending: false }), limit: Some(2), ..Default::default() };
    loop {
        let page = list_incidents(&ws, &req).unwrap();
        seen.extend(page.items.iter().map(|i| i.assignment_group.clone().unwrap_or_default()));
        match page.next {
            Some(n) => req.after = Some(n),
            None => break,
        }
    }
    assert_eq!(seen, ["", "", "Apps", "Apps", "Desk", "Desk", "Network", "Network", "Network"]);
    let by_assignee = ListRequest { sort: Some(list::SortTerm { field: "assignee".into(), descending: true }), ..Default::default() };
    assert_eq!(list_incidents(&ws, &by_assignee).unwrap().items.len(), 9);
}

/// The real ServiceNow log written as Excel and other tools write CSV on other systems:
/// UTF-16 with its mark and `;` between fields (Excel's "Unicode text"), and Windows-1252
/// with tabs. Each imports what the UTF-8 original imports, and each again changes nothing.
#[test]
fn a_log_in_utf16_or_windows_1252_with_another_delimiter_imports_as_the_original() {
    let (d, _) = ws();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/uci-incident-event-log-head.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let swap = |sep: &str| -> String { text.replace(',', sep) };
    assert!(!text.contains(';') && !text.contains('\t'), "the log's fields hold no ; or tab to be confused with");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(swap(";").encode_utf16().flat_map(u16::to_le_bytes));
    let tabbed = swap("\t");
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(&tabbed);
    let counts = |file: &Path| {
        let (_d, ws) = crate::testing::ws("Desk Agent");
        let r = import_incidents(&ws, IncidentSource::ServiceNow, file, &utc()).unwrap();
        let again = import_incidents(&ws, IncidentSource::ServiceNow, file, &utc()).unwrap();
        let states: Vec<(String, String)> = ws.conn().prepare("SELECT number, state FROM incidents ORDER BY number").unwrap().query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(|r| r.unwrap()).collect();
        ((r.report.rows_read, r.report.created, r.events, r.report.unchanged), (again.report.created, again.report.updated, again.events), states)
    };
    let original = counts(&path);
    assert_eq!(original.0, (2000, 296, original.0 .2, 2000 - original.0 .2));
    for (name, bytes) in [("log-utf16.csv", utf16), ("log-cp1252.csv", cp1252.into_owned())] {
        let f = file(d.path(), name, "");
        std::fs::write(&f, bytes).unwrap();
        let got = counts(&f);
        assert_eq!(got.0, original.0, "{name}");
        assert_eq!(got.1, (0, 0, 0), "{name}: again, nothing changes");
        assert_eq!(got.2, original.2, "{name}");
    }
}

/// A GLPI ticket export as a French desk writes it: `;` between fields, Windows-1252 text,
/// headers and values in French (GLPI's own French strings). Recognised as GLPI, each
/// status, priority, urgency, impact and source read; again, nothing changes. The same
/// tickets headed in English read the same.
#[test]
fn a_french_glpi_export_in_windows_1252_is_recognised_and_read() {
    let (d, ws) = ws();
    let french = "ID;Titre;Statut;Date d'ouverture;Dernière modification;Priorité;Demandeur - Demandeur;Attribué à - Technicien;Attribué à - Groupe de techniciens;Catégorie;Urgence;Impact;Source de la demande;Date de résolution;Date de clôture;Description\r\n\
101;Imprimante bloquée au 2e étage;Nouveau;2024-03-04 09:12;2024-03-04 09:12;Moyenne;Jean Dupont;;Support N1;Matériel > Imprimante;Moyenne;Basse;Téléphone;;;\"Le bac 2 ne prend plus le papier; rien à l'écran\"\r\n\
102;VPN coupé toutes les 5 minutes;En cours (Attribué);2024-03-04 10:00;2024-03-04 11:30;Haute;Marie Curie;Luc Martin;Réseau;Réseau > VPN;Haute;Haute;Courriel;;;\r\n\
103;Mot de passe expiré;Résolu;2024-03-05 08:00;2024-03-05 08:40;Très haute;Jean Dupont;Luc Martin;Support N1;Accès;Très haute;Moyenne;Helpdesk;2024-03-05 08:40;;\r\n\
104;Écran noir au démarrage;Clos;2024-03-01 14:00;2024-03-03 09:00;Basse;Sophie Germain;Luc Martin;Support N1;Matériel;Basse;Basse;Direct;2024-03-02 10:00;2024-03-03 09:00;\r\n\
105;Accès refusé au partage Finances;En attente;2024-03-05 09:30;2024-03-05 10:00;Majeure;Marie Curie;;Réseau;Accès;Très haute;Très haute;Téléphone;;;\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(french);
    let f = file(d.path(), "glpi-fr.csv", "");
    std::fs::write(&f, &bytes).unwrap();
    assert_eq!(crate::import_file::preview(&f, None).unwrap().detected, Some(crate::import_file::FileFormat::GlpiIncidents));

    let r = import_incidents(&ws, IncidentSource::Glpi, &f, &utc()).unwrap();
    assert_eq!((r.report.rows_read, r.report.created, r.report.rejected), (5, 5, 0), "{:?}", r.report.errors);
    let read: Vec<(String, String, Option<i64>, Option<i64>, Option<i64>, String, Option<String>)> = ws
        .conn()
        .prepare("SELECT i.number, i.state, i.priority, i.urgency, i.impact, i.channel, g.name FROM incidents i LEFT JOIN support_groups g ON g.id = i.assignment_group_id ORDER BY i.number")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let row = |n: &str, state: &str, p: i64, u: i64, i: i64, channel: &str, group: &str| (n.to_string(), state.to_string(), Some(p), Some(u), Some(i), channel.to_string(), Some(group.to_string()));
    assert_eq!(read, [
        row("101", "new", 3, 2, 3, "phone", "Support N1"),
        row("102", "in_progress", 2, 1, 1, "email", "Réseau"),
        row("103", "resolved", 1, 1, 2, "portal", "Support N1"),
        row("104", "closed", 4, 3, 3, "walk_in", "Support N1"),
        row("105", "on_hold", 1, 1, 1, "phone", "Réseau"),
    ]);
    let first = show_incident(&ws, "101").unwrap().incident;
    assert_eq!((first.title.as_str(), first.description.as_str(), first.category.as_str()), ("Imprimante bloquée au 2e étage", "Le bac 2 ne prend plus le papier; rien à l'écran", "Matériel > Imprimante"));
    assert_eq!(first.source_state.as_deref(), Some("Nouveau"));
    let again = import_incidents(&ws, IncidentSource::Glpi, &f, &utc()).unwrap();
    assert_eq!((again.report.created, again.report.updated, again.report.unchanged), (0, 0, 5));

    // In English, as GLPI writes it for an English-speaking user: the same tickets.
    let english = french
        .replacen("ID;Titre;Statut;Date d'ouverture;Dernière modification;Priorité;Demandeur - Demandeur;Attribué à - Technicien;Attribué à - Groupe de techniciens;Catégorie;Urgence;Impact;Source de la demande;Date de résolution;Date de clôture;Description",
            "ID;Title;Status;Opening date;Last update;Priority;Requester - Requester;Assigned to - Technician;Assigned to - Technician group;Category;Urgency;Impact;Request source;Resolution date;Closing date;Description", 1)
        .replace(";Nouveau;", ";New;").replace(";En cours (Attribué);", ";Processing (assigned);").replace(";Résolu;", ";Solved;").replace(";Clos;", ";Closed;").replace(";En attente;", ";Pending;")
        .replace(";Très haute;", ";Very high;").replace(";Haute;", ";High;").replace(";Moyenne;", ";Medium;").replace(";Basse;", ";Low;").replace(";Majeure;", ";Major;")
        .replace(";Téléphone;", ";Phone;").replace(";Courriel;", ";E-Mail;").replace(";Direct;", ";Direct;");
    let g = file(d.path(), "glpi-en.csv", &english);
    let (_d2, other) = crate::testing::ws("Desk Agent");
    assert_eq!(crate::import_file::preview(&g, None).unwrap().detected, Some(crate::import_file::FileFormat::GlpiIncidents));
    assert_eq!(import_incidents(&other, IncidentSource::Glpi, &g, &utc()).unwrap().report.created, 5);
    let states = |w: &Workspace| -> Vec<(String, String, Option<i64>)> { w.conn().prepare("SELECT number, state, priority FROM incidents ORDER BY number").unwrap().query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(|r| r.unwrap()).collect() };
    assert_eq!(states(&other), states(&ws));
}

/// What real French GLPI exports carry beyond the headers, as GLPI users describe them:
/// dates written DD-MM-YYYY HH:MM, ticket IDs with their digits grouped by non-breaking
/// spaces ("5 732 943"), and several technicians (or groups) in one cell, one per line.
/// Each ticket is read: the ID as one number, the first technician and group as the
/// incident's, the day before the month; again, nothing changes.
#[test]
fn a_glpi_export_with_grouped_ids_day_first_dates_and_several_technicians_is_read() {
    let (d, ws) = ws();
    let text = "\u{feff}ID;Titre;Statut;Date d'ouverture;Priorité;Attribué à - Technicien;Attribué à - Groupe de techniciens\r\n\
5\u{a0}732\u{a0}943;Imprimante bloquée;En cours (Attribué);05-01-2026 16:24;Haute;\"Luc Martin\nSara Blanc\";\"Support N1\nRéseau\"\r\n\
5\u{202f}733\u{202f}001;VPN coupé;Nouveau;17-01-2026 08:05;Moyenne;;Réseau\r\n\
987;Écran noir;Clos;02-02-2026 10:00;Basse;Sara Blanc;Support N1\r\n";
    let f = file(d.path(), "glpi-tickets.csv", text);
    let r = import_incidents(&ws, IncidentSource::Glpi, &f, &utc()).unwrap();
    assert_eq!((r.report.created, r.report.rejected), (3, 0), "{:?}", r.report.errors);
    let read: Vec<(String, String, Option<String>, Option<String>)> = ws
        .conn()
        .prepare("SELECT i.number, i.opened_at, p.name, g.name FROM incidents i LEFT JOIN people p ON p.id = i.assignee_id LEFT JOIN support_groups g ON g.id = i.assignment_group_id ORDER BY i.opened_at")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let row = |n: &str, at: &str, who: Option<&str>, group: &str| (n.to_string(), at.to_string(), who.map(str::to_string), Some(group.to_string()));
    assert_eq!(read, [
        row("5732943", "2026-01-05T16:24:00Z", Some("Luc Martin"), "Support N1"),
        row("5733001", "2026-01-17T08:05:00Z", None, "Réseau"),
        row("987", "2026-02-02T10:00:00Z", Some("Sara Blanc"), "Support N1"),
    ]);
    let again = import_incidents(&ws, IncidentSource::Glpi, &f, &utc()).unwrap();
    assert_eq!((again.report.created, again.report.updated, again.report.unchanged), (0, 0, 3));
}

/// A phrase most incidents hold, newest first: the pages (walked through the order's index,
/// the matches looked up by id) give every match once, in order, and the count is theirs;
/// with a field beside it too.
#[test]
fn a_common_phrase_pages_newest_first_through_every_match() {
    let (_d, ws) = ws();
    let mut csv = String::from("number,title,state,opened_at,priority\n");
    // Opened out of number order; two in three hold the phrase, split by one word in the rest.
    for i in 0..90u32 {
        let title = match i {
            _ if i % 3 == 0 => "Printer keeps jam paper",
            1 | 46 => "Printer jam near the lift",
            _ => "Printer jam on floor 2",
        };
        csv.push_str(&format!("INC{i:04},{title},new,2024-03-{:02} {:02}:{:02}:00,{}\n", 1 + (i * 7) % 28, i % 24, (i * 13) % 60, 1 + i % 4));
    }
    import_incidents_text(&ws, IncidentSource::StewardCsv, "phrases.csv", &csv, &utc()).unwrap();
    let all: Vec<(String, String, i64)> = ws
        .conn()
        .prepare("SELECT number, opened_at, priority FROM incidents WHERE title LIKE '%printer jam%' ORDER BY opened_at DESC, id DESC")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(all.len(), 60);
    let walk = |text: &str| -> (Option<u64>, Vec<String>) {
        let mut req = ListRequest { text: Some(text.into()), sort: Some(list::SortTerm { field: "opened_at".into(), descending: true }), limit: Some(7), ..Default::default() };
        let first = list_incidents(&ws, &req).unwrap();
        let (total, mut seen, mut next) = (first.total, first.items.iter().map(|i| i.number.clone()).collect::<Vec<_>>(), first.next);
        while let Some(after) = next {
            req.after = Some(after);
            let page = list_incidents(&ws, &req).unwrap();
            seen.extend(page.items.iter().map(|i| i.number.clone()));
            next = page.next;
        }
        (total, seen)
    };
    assert_eq!(walk("\"printer jam\""), (Some(60), all.iter().map(|a| a.0.clone()).collect::<Vec<_>>()));
    let p1: Vec<String> = all.iter().filter(|a| a.2 == 1).map(|a| a.0.clone()).collect();
    assert!(!p1.is_empty());
    assert_eq!(walk("\"printer jam\" priority:P1"), (Some(p1.len() as u64), p1));
    // A rare phrase: its rows are fetched by id and sorted, not found along the index.
    let lift: Vec<String> = ws.conn().prepare("SELECT number FROM incidents WHERE title LIKE '%near the lift' ORDER BY opened_at DESC, id DESC").unwrap().query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
    assert_eq!(lift.len(), 2);
    assert_eq!(walk("\"near the lift\""), (Some(2), lift));
}
