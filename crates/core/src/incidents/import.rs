//! Incident imports: ServiceNow list and event-log exports, Jira Service Management
//! exports, and Steward's own CSV. Every format becomes the same `Parsed` rows; one
//! transaction then folds them into incidents, their history and their source events.
//!
//! Idempotent: each source row is an event keyed by a hash of its content, so a row seen
//! before adds nothing. Reference values (caller, group, assignee, service, CI) are matched
//! by name ignoring case, or created.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use chrono_tz::Tz;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::states::{map_source_state, Channel, IncidentState, OnHoldReason};
use super::{fetch, id_of, snapshot, write_history, IncidentId, Snapshot};
use crate::error::Result;
use crate::import::history::{self, ImportId};
use crate::import::references;
use crate::import::dates::{self, DateOrder, DateScan, Detected};
use crate::import::{file_error, CsvSource, Headers, ImportOptions, ImportPhase, ImportReport, References};
use crate::labelled_enum;
use crate::record::{RecordKind, RecordRef};
use crate::workspace::deferred::Deferred;
use crate::workspace::{Tx, Workspace};

labelled_enum!(
    IncidentSource {
        ServiceNow = "servicenow": "ServiceNow",
        Jira = "jira": "Jira Service Management",
        StewardCsv = "steward-csv": "Steward CSV",
    }
);

/// The contract's import report plus the events stored and the reference records created.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct IncidentImportReport {
    #[serde(flatten)]
    pub report: ImportReport,
    pub events: u64,
    /// How many callers, groups, assignees, services and CIs were created, by kind.
    #[ts(type = "Record<string, number>")]
    pub references_created: BTreeMap<String, u64>,
}

/// One source row, in Steward's terms.
#[derive(Debug, Clone)]
struct Parsed {
    row: u64,
    number: Option<String>,
    title: String,
    description: String,
    state: IncidentState,
    source_state: Option<String>,
    on_hold_reason: Option<OnHoldReason>,
    priority: Option<i64>,
    impact: Option<i64>,
    urgency: Option<i64>,
    channel: String,
    category: String,
    subcategory: String,
    caller: Option<String>,
    service: Option<String>,
    ci: Option<String>,
    group: Option<String>,
    assignee: Option<String>,
    opened_at: String,
    first_response_at: Option<String>,
    resolved_at: Option<String>,
    closed_at: Option<String>,
    resolution_code: String,
    resolution_notes: String,
    reassignment_count: i64,
    reopen_count: i64,
    major: bool,
    event_at: String,
    /// Whether `event_at` is the row's own update time (an event log, a dated list export)
    /// rather than its opening date standing in for one.
    event_dated: bool,
    event_by: Option<String>,
    key: String,
}

/// A cell's value; "", "?", "NULL" and "(empty)" mean no value.
fn val(s: &str) -> Option<&str> {
    let t = s.trim();
    match t {
        "" | "?" | "NULL" | "null" | "(empty)" | "-" => None,
        _ => Some(t),
    }
}

#[derive(Clone, Copy)]
enum Scale {
    Priority,
    ImpactUrgency,
}

/// "1 - Critical", "2", "High", "P2", Jira's "Highest" ... → 1..=5.
fn level(s: &str, scale: Scale) -> Option<i64> {
    let t = s.trim();
    let lead: String = t.trim_start_matches(['P', 'p']).chars().take_while(|c| c.is_ascii_digit()).collect();
    if let Ok(n) = lead.parse::<i64>() {
        return (1..=5).contains(&n).then_some(n);
    }
    let l = t.to_lowercase();
    let word = l.split(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty()).unwrap_or("");
    match scale {
        Scale::Priority => match word {
            "highest" | "blocker" | "critical" | "urgent" => Some(1),
            "high" | "major" => Some(2),
            "medium" | "moderate" | "normal" => Some(3),
            "low" | "minor" => Some(4),
            "lowest" | "trivial" | "planning" => Some(5),
            _ => None,
        },
        Scale::ImpactUrgency => match word {
            "critical" | "extensive" | "highest" => Some(1),
            "high" | "significant" => Some(if word == "significant" { 2 } else { 1 }),
            "medium" | "moderate" => Some(2),
            "low" | "minor" | "lowest" => Some(3),
            _ => None,
        },
    }
}

fn channel(raw: &str) -> String {
    let l = raw.trim().to_lowercase();
    let mapped = match l.as_str() {
        "telephone" | "call" | "ivr" => Channel::Phone,
        "e-mail" | "mail" => Channel::Email,
        "self service" | "self-service" | "web" | "customer portal" => Channel::Portal,
        "virtual agent" | "teams" | "slack" => Channel::Chat,
        "walk-in" | "walk in" | "walkin" => Channel::WalkIn,
        "event" | "alert" => Channel::Monitoring,
        other => match Channel::parse(other) {
            Some(c) => c,
            None => return raw.trim().to_string(),
        },
    };
    mapped.as_str().to_string()
}

/// Where each field sits in a particular file.
#[derive(Default)]
struct Columns {
    number: Option<usize>,
    title: Option<usize>,
    description: Option<usize>,
    state: Option<usize>,
    source_state: Option<usize>,
    on_hold_reason: Option<usize>,
    priority: Option<usize>,
    impact: Option<usize>,
    urgency: Option<usize>,
    channel: Option<usize>,
    category: Option<usize>,
    subcategory: Option<usize>,
    symptom: Option<usize>,
    caller: Option<usize>,
    service: Option<usize>,
    ci: Option<usize>,
    group: Option<usize>,
    assignee: Option<usize>,
    opened_at: Option<usize>,
    created_at: Option<usize>,
    first_response_at: Option<usize>,
    resolved_at: Option<usize>,
    closed_at: Option<usize>,
    updated_at: Option<usize>,
    updated_by: Option<usize>,
    created_by: Option<usize>,
    resolution_code: Option<usize>,
    resolution_notes: Option<usize>,
    reassignment_count: Option<usize>,
    reopen_count: Option<usize>,
    major: Option<usize>,
}

impl Columns {
    fn for_source(t: &Headers, path: &Path, source: IncidentSource) -> Result<Self> {
        Ok(match source {
            IncidentSource::ServiceNow => Columns {
                number: Some(t.require(path, &["number"])?),
                state: Some(t.require(path, &["incident_state", "state"])?),
                title: t.column(&["short_description"]),
                description: t.column(&["description"]),
                priority: t.column(&["priority"]),
                impact: t.column(&["impact"]),
                urgency: t.column(&["urgency"]),
                channel: t.column(&["contact_type"]),
                category: t.column(&["category"]),
                subcategory: t.column(&["subcategory"]),
                symptom: t.column(&["u_symptom"]),
                caller: t.column(&["caller_id", "caller"]),
                service: t.column(&["business_service", "u_business_service", "service"]),
                ci: t.column(&["cmdb_ci"]),
                group: t.column(&["assignment_group"]),
                assignee: t.column(&["assigned_to"]),
                opened_at: t.column(&["opened_at"]),
                created_at: t.column(&["sys_created_at"]),
                resolved_at: t.column(&["resolved_at"]),
                closed_at: t.column(&["closed_at"]),
                updated_at: t.column(&["sys_updated_at"]),
                updated_by: t.column(&["sys_updated_by"]),
                created_by: t.column(&["opened_by", "sys_created_by"]),
                resolution_code: t.column(&["close_code", "closed_code"]),
                resolution_notes: t.column(&["close_notes"]),
                reassignment_count: t.column(&["reassignment_count"]),
                reopen_count: t.column(&["reopen_count"]),
                major: t.column(&["major_incident"]),
                ..Default::default()
            },
            IncidentSource::Jira => Columns {
                number: Some(t.require(path, &["issue key", "key"])?),
                title: Some(t.require(path, &["summary"])?),
                state: Some(t.require(path, &["status"])?),
                description: t.column(&["description"]),
                priority: t.column(&["priority"]),
                impact: t.column(&["custom field (impact)"]),
                urgency: t.column(&["custom field (urgency)"]),
                channel: t.column(&["custom field (request channel)", "custom field (channel)", "custom field (source)"]),
                category: t.column(&["custom field (request type)", "issue type"]),
                subcategory: t.column(&["custom field (category)", "component/s"]),
                caller: t.column(&["reporter", "custom field (customer)"]),
                service: t.column(&["custom field (affected services)", "custom field (service)"]),
                ci: t.column(&["custom field (configuration item)", "custom field (affected hardware)"]),
                group: t.column(&["custom field (assignment group)", "custom field (team)", "custom field (support group)"]),
                assignee: t.column(&["assignee"]),
                opened_at: Some(t.require(path, &["created"])?),
                resolved_at: t.column(&["resolved"]),
                updated_at: t.column(&["updated"]),
                resolution_code: t.column(&["resolution"]),
                ..Default::default()
            },
            IncidentSource::StewardCsv => Columns {
                number: Some(t.require(path, &["number"])?),
                title: Some(t.require(path, &["title"])?),
                state: Some(t.require(path, &["state"])?),
                opened_at: Some(t.require(path, &["opened_at"])?),
                description: t.column(&["description"]),
                source_state: t.column(&["source_state"]),
                on_hold_reason: t.column(&["on_hold_reason"]),
                priority: t.column(&["priority"]),
                impact: t.column(&["impact"]),
                urgency: t.column(&["urgency"]),
                channel: t.column(&["channel"]),
                category: t.column(&["category"]),
                subcategory: t.column(&["subcategory"]),
                caller: t.column(&["caller"]),
                service: t.column(&["service"]),
                ci: t.column(&["ci"]),
                group: t.column(&["assignment_group"]),
                assignee: t.column(&["assignee"]),
                first_response_at: t.column(&["first_response_at"]),
                resolved_at: t.column(&["resolved_at"]),
                closed_at: t.column(&["closed_at"]),
                resolution_code: t.column(&["resolution_code"]),
                resolution_notes: t.column(&["resolution_notes"]),
                reassignment_count: t.column(&["reassignment_count"]),
                reopen_count: t.column(&["reopen_count"]),
                major: t.column(&["major"]),
                ..Default::default()
            },
        })
    }

    /// Which Steward field each used column feeds, for the import preview.
    fn used(&self) -> Vec<(usize, &'static str)> {
        [
            (self.number, "number"), (self.title, "title"), (self.description, "description"), (self.state, "state"),
            (self.source_state, "state label"), (self.on_hold_reason, "on-hold reason"), (self.priority, "priority"),
            (self.impact, "impact"), (self.urgency, "urgency"), (self.channel, "channel"), (self.category, "category"),
            (self.subcategory, "subcategory"), (self.symptom, "title when there is none (symptom)"), (self.caller, "caller"), (self.service, "service"),
            (self.ci, "configuration item"), (self.group, "assignment group"), (self.assignee, "assignee"), (self.opened_at, "opened"),
            (self.created_at, "opened (when no opened_at)"), (self.first_response_at, "first response"), (self.resolved_at, "resolved"),
            (self.closed_at, "closed"), (self.updated_at, "event time"), (self.updated_by, "event by"), (self.created_by, "opened by"),
            (self.resolution_code, "resolution code"), (self.resolution_notes, "resolution notes"),
            (self.reassignment_count, "reassignment count"), (self.reopen_count, "reopen count"), (self.major, "major incident"),
        ]
        .into_iter()
        .filter_map(|(i, f)| i.map(|i| (i, f)))
        .collect()
    }

    fn date_columns(&self) -> Vec<(&'static str, usize)> {
        [
            ("opened_at", self.opened_at),
            ("sys_created_at", self.created_at),
            ("first_response_at", self.first_response_at),
            ("resolved_at", self.resolved_at),
            ("closed_at", self.closed_at),
            ("updated_at", self.updated_at),
        ]
        .into_iter()
        .filter_map(|(n, i)| i.map(|i| (n, i)))
        .collect()
    }
}

/// The columns of a file this source would use, and what for (an error when a required
/// column is missing).
pub fn columns_used(headers: &Headers, path: &Path, source: IncidentSource) -> Result<Vec<(usize, &'static str)>> {
    Ok(Columns::for_source(headers, path, source)?.used())
}

/// Decides day/month order for the file: from the columns that can tell, else `--date-order`.
fn date_order(path: &Path, scans: &[(&'static str, usize, DateScan)], given: Option<DateOrder>) -> Result<Option<DateOrder>> {
    let mut found: Option<DateOrder> = None;
    let mut ambiguous = false;
    for (name, _, scan) in scans {
        match scan.result() {
            Detected::NotNeeded => {}
            Detected::Ambiguous => ambiguous = true,
            Detected::Order(o) => {
                if found.is_some_and(|f| f != o) {
                    return Err(file_error(path, format!("the date columns disagree on day/month order (see {name}); use --date-order")));
                }
                found = Some(o);
            }
            Detected::Contradictory => {
                return Err(file_error(path, format!("the column {name} mixes day-first and month-first dates")));
            }
        }
    }
    match (found, ambiguous, given) {
        (_, _, Some(o)) => Ok(Some(o)),
        (Some(o), _, None) => Ok(Some(o)),
        (None, true, None) => Err(file_error(
            path,
            "the dates could be day/month or month/day (no day is over 12); say which with --date-order dmy|mdy|ymd",
        )),
        (None, false, None) => Ok(None),
    }
}

struct RowError {
    column: &'static str,
    message: String,
}

fn parse_row(rec: &csv::StringRecord, row: u64, cols: &Columns, source: IncidentSource, order: Option<DateOrder>, tz: Tz) -> std::result::Result<Parsed, RowError> {
    // The `'` that keeps a formula inert comes off after trimming, so what it protected
    // (a leading tab included) is kept as written.
    let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).and_then(val).map(crate::import::unescaped);
    let text = |i: Option<usize>| get(i).unwrap_or("").to_string();
    let date = |col: &'static str, i: Option<usize>| -> std::result::Result<Option<String>, RowError> {
        match get(i) {
            None => Ok(None),
            Some(v) => dates::parse(v, order, tz).map(|d| Some(crate::time::to_text(d))).map_err(|m| RowError { column: col, message: m }),
        }
    };
    let lvl = |col: &'static str, i: Option<usize>, scale: Scale| -> std::result::Result<Option<i64>, RowError> {
        match get(i) {
            None => Ok(None),
            Some(v) => level(v, scale).map(Some).ok_or_else(|| RowError { column: col, message: format!("\"{v}\" is not a {col} Steward knows") }),
        }
    };
    let count = |col: &'static str, i: Option<usize>| -> std::result::Result<i64, RowError> {
        match get(i) {
            None => Ok(0),
            Some(v) => v.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| RowError { column: col, message: format!("\"{v}\" is not a count") }),
        }
    };

    let number = get(cols.number).map(str::to_string);
    if number.is_none() && source != IncidentSource::StewardCsv {
        return Err(RowError { column: "number", message: "the incident number is missing".into() });
    }
    let state_label = get(cols.state).ok_or_else(|| RowError { column: "state", message: "the state is missing".into() })?;
    let (state, mut hold) = if source == IncidentSource::StewardCsv {
        (IncidentState::parse(state_label).ok_or_else(|| RowError { column: "state", message: format!("\"{state_label}\" is not a Steward state") })?, None)
    } else {
        map_source_state(state_label).ok_or_else(|| RowError { column: "state", message: format!("\"{state_label}\" is not a state Steward can map") })?
    };
    if let Some(h) = get(cols.on_hold_reason) {
        hold = Some(OnHoldReason::parse(h).ok_or_else(|| RowError { column: "on_hold_reason", message: format!("\"{h}\" is not an on-hold reason") })?);
    }
    let source_state = match source {
        IncidentSource::StewardCsv => get(cols.source_state).map(str::to_string),
        _ => Some(state_label.to_string()),
    };
    let opened_at = match date("opened_at", cols.opened_at)? {
        Some(d) => d,
        None => date("sys_created_at", cols.created_at)?.ok_or_else(|| RowError { column: "opened_at", message: "the opening date is missing".into() })?,
    };
    let title = match get(cols.title) {
        Some(t) => t.to_string(),
        None if source == IncidentSource::StewardCsv => return Err(RowError { column: "title", message: "the title is missing".into() }),
        // ServiceNow event logs often carry no short description: describe the incident by
        // what they do carry.
        None => {
            let parts: Vec<&str> = [cols.category, cols.subcategory, cols.symptom].into_iter().filter_map(get).collect();
            if parts.is_empty() { number.clone().unwrap_or_default() } else { parts.join(" / ") }
        }
    };
    if title.chars().count() > 1000 {
        return Err(RowError { column: "title", message: "the title is longer than 1,000 characters".into() });
    }
    let by = get(cols.updated_by).or_else(|| get(cols.created_by)).map(str::to_string);
    let (event_at, event_dated) = match date("updated_at", cols.updated_at)? {
        Some(d) => (d, true),
        None => (opened_at.clone(), false),
    };
    let major = matches!(get(cols.major).map(|m| m.to_lowercase()).as_deref(), Some("true" | "1" | "yes" | "y" | "accepted"));
    let mut h = Sha256::new();
    for f in rec.iter() {
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    }
    let key = hex16(&h.finalize());
    Ok(Parsed {
        row,
        number,
        title,
        description: text(cols.description),
        state,
        source_state,
        on_hold_reason: if state == IncidentState::OnHold { hold } else { None },
        priority: lvl("priority", cols.priority, Scale::Priority)?,
        impact: lvl("impact", cols.impact, Scale::ImpactUrgency)?,
        urgency: lvl("urgency", cols.urgency, Scale::ImpactUrgency)?,
        channel: if source == IncidentSource::StewardCsv { text(cols.channel) } else { channel(&text(cols.channel)) },
        category: text(cols.category),
        subcategory: text(cols.subcategory),
        caller: get(cols.caller).map(str::to_string),
        service: get(cols.service).map(str::to_string),
        ci: get(cols.ci).map(str::to_string),
        group: get(cols.group).map(str::to_string),
        assignee: get(cols.assignee).map(str::to_string),
        first_response_at: date("first_response_at", cols.first_response_at)?,
        resolved_at: date("resolved_at", cols.resolved_at)?,
        closed_at: date("closed_at", cols.closed_at)?,
        opened_at,
        resolution_code: text(cols.resolution_code),
        resolution_notes: text(cols.resolution_notes),
        reassignment_count: count("reassignment_count", cols.reassignment_count)?,
        reopen_count: count("reopen_count", cols.reopen_count)?,
        major,
        event_at,
        event_dated,
        event_by: by,
        key,
    })
}

/// The first 16 bytes of a digest as 32 lower-case hex digits (an event's key).
fn hex16(digest: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(32);
    for b in digest.iter().take(16) {
        s.push(HEX[usize::from(b >> 4)] as char);
        s.push(HEX[usize::from(b & 15)] as char);
    }
    s
}

/// A source row with its references resolved: what the incident looks like after it.
struct Resolved {
    p: Parsed,
    caller: Option<references::Resolved>,
    service: Option<references::Resolved>,
    ci: Option<references::Resolved>,
    group: Option<references::Resolved>,
    assignee: Option<references::Resolved>,
}

impl Resolved {
    fn new(tx: &Tx<'_>, p: Parsed, refs: &mut References) -> Result<Self> {
        Ok(Resolved {
            caller: refs.resolve(tx, RecordKind::Person, p.caller.as_deref())?,
            service: refs.resolve(tx, RecordKind::Service, p.service.as_deref())?,
            ci: refs.resolve(tx, RecordKind::Ci, p.ci.as_deref())?,
            group: refs.resolve(tx, RecordKind::Group, p.group.as_deref())?,
            assignee: refs.resolve(tx, RecordKind::Person, p.assignee.as_deref())?,
            p,
        })
    }

    fn id(r: &Option<references::Resolved>) -> Option<i64> {
        r.as_ref().map(|x| x.0)
    }

    /// The same snapshot `snapshot(&Incident)` takes of a stored incident.
    fn snapshot(&self) -> Snapshot {
        let p = &self.p;
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let name = |r: &Option<references::Resolved>| r.as_ref().map(|x| x.1.to_string());
        let num = |n: Option<i64>| n.map(|v| v.to_string());
        BTreeMap::from([
            ("title", Some(p.title.clone())),
            ("description", opt(&p.description)),
            ("state", Some(p.state.as_str().to_string())),
            ("priority", num(p.priority)),
            ("impact", num(p.impact)),
            ("urgency", num(p.urgency)),
            ("category", opt(&p.category)),
            ("subcategory", opt(&p.subcategory)),
            ("channel", opt(&p.channel)),
            ("caller", name(&self.caller)),
            ("service", name(&self.service)),
            ("ci", name(&self.ci)),
            ("assignment_group", name(&self.group)),
            ("assignee", name(&self.assignee)),
            ("on_hold_reason", p.on_hold_reason.map(|r| r.as_str().to_string())),
            ("resolution_code", opt(&p.resolution_code)),
            ("resolved_at", p.resolved_at.clone()),
            ("closed_at", p.closed_at.clone()),
        ])
    }
}

/// Imports incidents from the file at `path` as `source`, in one transaction.
pub fn import_incidents(ws: &Workspace, source: IncidentSource, path: &Path, opts: &ImportOptions) -> Result<IncidentImportReport> {
    import_from(ws, source, &CsvSource::file(path).with_progress(opts.progress.clone()), opts)
}

/// The same import from CSV text in memory (`label` names it in messages and the audit trail).
pub fn import_incidents_text(ws: &Workspace, source: IncidentSource, label: &str, text: &str, opts: &ImportOptions) -> Result<IncidentImportReport> {
    import_from(ws, source, &CsvSource::text(Path::new(label), text.as_bytes()).with_progress(opts.progress.clone()), opts)
}

/// Two passes over the source: the first checks the whole file (format, UTF-8, line sizes,
/// required columns, day/month order) and writes nothing; the second folds consecutive rows
/// of one incident into it, inside a single transaction. Memory stays flat in file size.
fn import_from(ws: &Workspace, source: IncidentSource, src: &CsvSource<'_>, opts: &ImportOptions) -> Result<IncidentImportReport> {
    let path = src.label();
    let checked = src.check(
        |h| {
            let cols = Columns::for_source(h, path, source)?;
            let scans: Vec<(&'static str, usize, DateScan)> = cols.date_columns().into_iter().map(|(n, i)| (n, i, DateScan::default())).collect();
            Ok((cols, scans))
        },
        |(_, scans), rec| {
            for (_, i, scan) in scans.iter_mut() {
                scan.feed(rec.get(*i).unwrap_or(""));
            }
        },
    )?;
    let (cols, scans) = checked.state;
    let order = date_order(path, &scans, opts.date_order)?;

    let mut report = IncidentImportReport { report: ImportReport::new(source.as_str()), ..Default::default() };
    // Every imported record remembers where it came from: file, its SHA-256, and the row.
    let origin = format!("{} sha256:{}", path.display(), checked.sha256);
    let bulk = checked.rows >= BULK_ROWS;
    let write = |f: &mut dyn FnMut(&Tx<'_>) -> Result<()>| if bulk { ws.write_resolved(|tx| f(tx)) } else { ws.write(|tx| f(tx)) };
    write(&mut |tx| {
        let run = history::begin(tx, "incidents", source.as_str(), &path.display().to_string(), &checked.sha256)?;
        let was_empty: bool = tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM incidents)", [], |r| r.get(0))?;
        let bulk = bulk.then(|| BulkMode::enter(tx)).transpose()?;
        let mut f = Folding {
            tx,
            run,
            origin: &origin,
            refs: References::new(run),
            created_here: Default::default(),
            was_empty,
            counts: bulk.as_ref().map(|_| HashMap::new()),
            touched: Vec::new(),
            report: &mut report,
            insert: tx.prepare(INSERT_INCIDENT)?,
            created: tx.prepare(super::INSERT_CREATED)?,
        };
        let mut group: Vec<Parsed> = Vec::new();
        src.each(checked.rows, |row, rec| {
            f.report.report.rows_read += 1;
            match parse_row(rec, row, &cols, source, order, opts.tz) {
                Ok(p) => {
                    let same = match (group.first().and_then(|g| g.number.as_deref()), p.number.as_deref()) {
                        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                        _ => false,
                    };
                    if !same && !group.is_empty() {
                        f.fold(std::mem::take(&mut group))?;
                    }
                    group.push(p);
                }
                Err(e) => f.report.report.reject(row, Some(e.column), e.message),
            }
            Ok(())
        })?;
        if !group.is_empty() {
            f.fold(group)?;
        }
        opts.progress.tell(ImportPhase::Indexing, 0, 0)?;
        let Folding { refs, counts, touched, .. } = f;
        match bulk {
            Some(b) => {
                b.leave(tx, counts.unwrap_or_default())?;
                tx.changed_every(RecordKind::Incident);
            }
            None => {
                for id in touched {
                    tx.changed(RecordRef { kind: RecordKind::Incident, id: id.0 });
                }
            }
        }
        history::finish(tx, run, &report.report)?;
        report.references_created = refs.created().clone();
        tx.audit("incidents.imported", RecordKind::Incident, "*", serde_json::json!({
            "file": path.display().to_string(), "sha256": checked.sha256, "format": source.as_str(), "import": run.0,
            "rows_read": report.report.rows_read, "created": report.report.created, "updated": report.report.updated,
            "unchanged": report.report.unchanged, "rejected": report.report.rejected, "events": report.events,
            "references_created": report.references_created,
        }))
    })?;
    Ok(report)
}

/// From this many rows on, an import builds the incident indexes and the search index once
/// at the end instead of row by row (what makes a million rows take seconds, not minutes).
pub(super) const BULK_ROWS: u64 = 20_000;

/// A large import writes the incidents with their indexes and triggers deferred, then puts
/// back what the triggers keep: the counts per state and priority, and the search index.
struct BulkMode {
    deferred: Deferred,
}

impl BulkMode {
    fn enter(tx: &Tx<'_>) -> Result<Self> {
        Ok(BulkMode { deferred: Deferred::enter(tx, "incidents")? })
    }

    /// `counts`: how the import changed the number of incidents per (state, priority), which
    /// the dropped count triggers did not see.
    fn leave(self, tx: &Tx<'_>, counts: HashMap<(IncidentState, i64), i64>) -> Result<()> {
        self.deferred.leave(tx)?;
        let mut add = tx.prepare_cached(
            "INSERT INTO incident_counts (state, priority, n) VALUES (?1, ?2, ?3) ON CONFLICT (state, priority) DO UPDATE SET n = n + excluded.n",
        )?;
        for ((state, priority), n) in counts {
            add.execute(params![state, priority, n])?;
        }
        // The search index missed every row written meanwhile: renew its incident part.
        let (lo, hi) = RecordKind::Incident.fts_range().unwrap_or_default();
        let indexed: i64 = tx.query_row("SELECT count(*) FROM search_index WHERE rowid > ?1 AND rowid < ?2", params![lo, hi], |r| r.get(0))?;
        if indexed > 0 {
            tx.execute("DELETE FROM search_index WHERE rowid > ?1 AND rowid < ?2", params![lo, hi])?;
        }
        // Merging segments while a million rows stream in costs a fifth of the time and buys
        // nothing: merge later, at the normal pace of everyday writes (queries are as fast).
        tx.execute_batch("INSERT INTO search_index(search_index, rank) VALUES ('automerge', 16)")?;
        tx.execute(
            "INSERT INTO search_index(rowid, title, body) SELECT ?1 + id, number || ' ' || title, description || ' ' || resolution_notes FROM incidents",
            [lo],
        )?;
        tx.execute_batch("INSERT INTO search_index(search_index, rank) VALUES ('automerge', 4)")?;
        Ok(())
    }
}

/// What folding rows into incidents needs across the whole import.
struct Folding<'a, 's, 't> {
    tx: &'s Tx<'t>,
    run: ImportId,
    origin: &'a str,
    refs: References,
    /// Incidents this import created, by lower-case number.
    created_here: foldhash::HashMap<String, IncidentId>,
    /// When the workspace had no incidents, only `created_here` can hold a number.
    was_empty: bool,
    /// Count changes per (state, priority) while the count triggers are dropped.
    counts: Option<HashMap<(IncidentState, i64), i64>>,
    /// Incidents whose SLA clocks need recomputing (a bulk import recomputes them all).
    touched: Vec<IncidentId>,
    report: &'a mut IncidentImportReport,
    /// The two statements every new incident runs, prepared once for the whole file.
    insert: rusqlite::Statement<'s>,
    created: rusqlite::Statement<'s>,
}

const INSERT_INCIDENT: &str = "INSERT INTO incidents (number, title, description, caller_id, channel, category, subcategory, service_id, ci_id, impact,
    urgency, priority, assignment_group_id, assignee_id, state, source_state, on_hold_reason, resolution_code, resolution_notes,
    opened_at, first_response_at, resolved_at, closed_at, reassignment_count, reopen_count, major, created_at, updated_at, import_id, import_row)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?27, ?28, ?29)";

/// One source row recognised as part of an incident's history (whether or not it changed
/// anything), so that importing it again adds nothing. Params: incident, key, seq, at, import.
const INSERT_EVENT: &str = "INSERT INTO incident_events (incident_id, event_key, seq, at, import_id) VALUES (?1, ?2, ?3, ?4, ?5)";

impl Folding<'_, '_, '_> {
/// Applies one incident's rows (oldest first): history per event, the incident row written
/// once with the newest values, and every new row's key. Counts it as created or updated,
/// and each row as an event or unchanged.
fn fold(&mut self, events: Vec<Parsed>) -> Result<()> {
    let (tx, run, origin) = (self.tx, self.run, self.origin);
    let number = events[0].number.clone();
    let here = number.as_ref().and_then(|n| self.created_here.get(&n.to_lowercase()).copied());
    let existing = match (&number, here) {
        (_, Some(id)) => Some(id),
        (Some(n), None) if !self.was_empty => id_of(tx, n)?,
        _ => None,
    };
    let known_before = existing.is_some() && here.is_none();
    let initial: Option<Snapshot> = existing.map(|id| fetch(tx, id).map(|i| snapshot(&i))).transpose()?;
    let mut seen: HashSet<String> = HashSet::new();
    if let Some(id) = existing {
        let mut stmt = tx.prepare_cached("SELECT event_key FROM incident_events WHERE incident_id = ?1")?;
        for k in stmt.query_map([id.0], |r| r.get::<_, String>(0))? {
            seen.insert(k?);
        }
    }
    let mut seq: i64 = match existing {
        Some(id) => tx.query_row("SELECT coalesce(max(seq), 0) FROM incident_events WHERE incident_id = ?1", [id.0], |r| r.get(0))?,
        None => 0,
    };
    // The newest moment the incident's timeline or its recognised rows show. A dated row at or before it
    // is older news than the record holds (an earlier export, a row an earlier import
    // skipped): it is recognised, and never moves the current fields.
    let newest: Option<String> = match existing {
        Some(id) if known_before => tx
            .prepare_cached(
                "SELECT max(at) FROM (SELECT max(at) AS at FROM incident_history WHERE incident_id = ?1
                 UNION ALL SELECT max(at) FROM incident_events WHERE incident_id = ?1)",
            )?
            .query_row([id.0], |r| r.get(0))?,
        _ => None,
    };
    // Resolve the new rows in memory first. Every row of a multi-row group (an event log) is
    // kept by its key, including the rows that change nothing, so that importing the file
    // again recognises each one; a single row (a list export) is recognised by comparing it.
    let keep_keys = events.len() > 1;
    let single_new = existing.is_none() && events.len() == 1;
    let mut applied: Vec<(Resolved, Option<Snapshot>)> = Vec::new();
    let mut recognised: Vec<(String, String)> = Vec::new();
    let mut current = initial.clone();
    for p in events {
        if !seen.insert(p.key.clone()) {
            self.report.report.unchanged += 1;
            continue;
        }
        if p.event_dated && newest.as_deref().is_some_and(|n| p.event_at.as_str() <= n) {
            self.report.report.unchanged += 1;
            recognised.push((p.key, p.event_at));
            continue;
        }
        let r = Resolved::new(tx, p, &mut self.refs)?;
        if single_new {
            // A new incident from one row: its history is just "created".
            recognised.push((r.p.key.clone(), r.p.event_at.clone()));
            applied.push((r, None));
            continue;
        }
        let snap = r.snapshot();
        recognised.push((r.p.key.clone(), r.p.event_at.clone()));
        if current.as_ref() == Some(&snap) {
            self.report.report.unchanged += 1;
            continue;
        }
        current = Some(snap.clone());
        applied.push((r, Some(snap)));
    }
    let Some((last, _)) = applied.last() else {
        if let (Some(id), true) = (existing, keep_keys) {
            let mut event = tx.prepare_cached(INSERT_EVENT)?;
            for (key, at) in &recognised {
                seq += 1;
                event.execute(params![id.0, key, seq, at, run.0])?;
            }
        }
        return Ok(());
    };
    if let (Some(i), true) = (existing, known_before) {
        history::before_change(tx, run, RecordRef { kind: RecordKind::Incident, id: i.0 })?;
    }
    let p = &last.p;
    // An event log shows when work began even where the export has no first-response
    // column: the first later event that leaves New or names an assignee.
    let first_response = p.first_response_at.clone().or_else(|| {
        let derived = applied.iter().skip(1).find(|(r, _)| r.p.state != IncidentState::New || r.assignee.is_some());
        (existing.is_none() && applied.len() > 1).then(|| derived.map(|(r, _)| r.p.event_at.clone())).flatten()
    });
    let ids = [Resolved::id(&last.caller), Resolved::id(&last.service), Resolved::id(&last.ci), Resolved::id(&last.group), Resolved::id(&last.assignee)];
    let id = match existing {
        Some(i) => {
            tx.prepare_cached(
                "UPDATE incidents SET title = ?1, description = ?2, caller_id = ?3, channel = ?4, category = ?5, subcategory = ?6,
                    service_id = ?7, ci_id = ?8, impact = ?9, urgency = ?10, priority = ?11, assignment_group_id = ?12, assignee_id = ?13,
                    state = ?14, source_state = ?15, on_hold_reason = ?16, resolution_code = ?17, resolution_notes = ?18, opened_at = ?19,
                    first_response_at = coalesce(?20, first_response_at), resolved_at = ?21, closed_at = ?22, reassignment_count = ?23,
                    reopen_count = ?24, major = ?25, source = ?26, updated_at = ?27, import_row = coalesce(?29, import_row) WHERE id = ?28",
            )?
            .execute(params![p.title, p.description, ids[0], p.channel, p.category, p.subcategory, ids[1], ids[2], p.impact, p.urgency, p.priority,
                ids[3], ids[4], p.state, p.source_state, p.on_hold_reason, p.resolution_code, p.resolution_notes, p.opened_at,
                first_response, p.resolved_at, p.closed_at, p.reassignment_count, p.reopen_count, p.major,
                // Created by this import: its row number (file and hash are the import's);
                // changed by it: the whole origin, since import_id names its creator.
                known_before.then(|| format!("{origin} row {}", p.row)), tx.at(), i.0, (!known_before).then_some(p.row)])?;
            i
        }
        None => {
            let number = match &number {
                Some(n) => n.clone(),
                None => super::next_number(tx)?,
            };
            self.insert.execute(params![number, p.title, p.description, ids[0], p.channel, p.category, p.subcategory, ids[1], ids[2], p.impact, p.urgency,
                p.priority, ids[3], ids[4], p.state, p.source_state, p.on_hold_reason, p.resolution_code, p.resolution_notes, p.opened_at,
                first_response, p.resolved_at, p.closed_at, p.reassignment_count, p.reopen_count, p.major, tx.at(), run.0, p.row])?;
            let id = IncidentId(tx.last_insert_rowid());
            self.created_here.insert(number.to_lowercase(), id);
            id
        }
    };
    if self.counts.is_none() {
        self.touched.push(id);
    }
    let history_mark: i64 = if known_before { tx.query_row("SELECT coalesce(max(id), 0) FROM incident_history", [], |r| r.get(0))? } else { 0 };
    let mut before = initial.clone();
    for (r, snap) in &applied {
        match snap {
            None => {
                self.created.execute(params![id.0, r.p.event_at, r.p.state.as_str(), r.p.event_by])?;
            }
            Some(snap) => {
                write_history(tx, id, &r.p.event_at, r.p.event_by.as_deref(), before.as_ref(), snap)?;
                before = Some(snap.clone());
            }
        }
        self.report.events += 1;
    }
    if keep_keys {
        let mut event = tx.prepare_cached(INSERT_EVENT)?;
        for (key, at) in &recognised {
            seq += 1;
            event.execute(params![id.0, key, seq, at, run.0])?;
        }
    }
    if known_before {
        // Its history from this import goes if the import is undone (the history of
        // incidents the import created goes with them).
        tx.prepare_cached("UPDATE incident_history SET import_id = ?1 WHERE incident_id = ?2 AND id > ?3")?
            .execute(params![run.0, id.0, history_mark])?;
    }
    if let Some(counts) = self.counts.as_mut() {
        let key = |s: &Snapshot| -> Option<(IncidentState, i64)> {
            let state = s.get("state").cloned().flatten().and_then(|v| IncidentState::parse(&v))?;
            Some((state, s.get("priority").cloned().flatten().and_then(|v| v.parse().ok()).unwrap_or(0)))
        };
        if let Some(k) = initial.as_ref().and_then(key) {
            *counts.entry(k).or_default() -= 1;
        }
        *counts.entry((p.state, p.priority.unwrap_or(0))).or_default() += 1;
    }
    match (known_before, existing) {
        (false, None) => self.report.report.created += 1,
        (true, _) if initial != current => self.report.report.updated += 1,
        _ => {}
    }
    Ok(())
}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_read_every_common_spelling() {
        assert_eq!(level("1 - Critical", Scale::Priority), Some(1));
        assert_eq!(level("3 - Moderate", Scale::Priority), Some(3));
        assert_eq!(level("Highest", Scale::Priority), Some(1));
        assert_eq!(level("P4", Scale::Priority), Some(4));
        assert_eq!(level("2 - Medium", Scale::ImpactUrgency), Some(2));
        assert_eq!(level("High", Scale::ImpactUrgency), Some(1));
        assert_eq!(level("Extensive / Widespread", Scale::ImpactUrgency), Some(1));
        assert_eq!(level("Significant / Large", Scale::ImpactUrgency), Some(2));
        assert_eq!(level("Whenever", Scale::Priority), None);
        assert_eq!(level("9", Scale::Priority), None);
    }

    #[test]
    fn channels_map_when_known_and_stay_as_they_are_otherwise() {
        assert_eq!(channel("Self service"), "portal");
        assert_eq!(channel("Phone"), "phone");
        assert_eq!(channel("Direct opening"), "Direct opening");
    }
}
