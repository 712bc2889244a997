//! One source row in Steward's terms: cells read, levels and channels mapped, dates in UTC.

use std::path::Path;

use chrono_tz::Tz;
use sha2::{Digest, Sha256};

use crate::incidents::states::{map_source_state, Channel, IncidentState, OnHoldReason};
use crate::error::Result;
use crate::import::ValueMap;
use crate::import::dates::{self, DateOrder, DateScan, Detected};
use crate::import::file_error;
use crate::validate;
use super::columns::Columns;
use super::IncidentSource;

/// One source row, in Steward's terms.
#[derive(Debug, Clone)]
pub(super) struct Parsed {
    pub(super) row: u64,
    pub(super) number: Option<String>,
    pub(super) title: String,
    pub(super) description: String,
    pub(super) state: IncidentState,
    pub(super) source_state: Option<String>,
    pub(super) on_hold_reason: Option<OnHoldReason>,
    pub(super) priority: Option<i64>,
    pub(super) impact: Option<i64>,
    pub(super) urgency: Option<i64>,
    pub(super) channel: String,
    pub(super) category: String,
    pub(super) subcategory: String,
    pub(super) caller: Option<String>,
    pub(super) service: Option<String>,
    pub(super) ci: Option<String>,
    pub(super) group: Option<String>,
    pub(super) assignee: Option<String>,
    pub(super) opened_at: String,
    pub(super) first_response_at: Option<String>,
    pub(super) resolved_at: Option<String>,
    pub(super) closed_at: Option<String>,
    pub(super) resolution_code: String,
    pub(super) resolution_notes: String,
    pub(super) reassignment_count: i64,
    pub(super) reopen_count: i64,
    pub(super) major: bool,
    pub(super) event_at: String,
    /// Whether `event_at` is the row's own update time (an event log, a dated list export)
    /// rather than its opening date standing in for one.
    pub(super) event_dated: bool,
    pub(super) event_by: Option<String>,
    pub(super) key: String,
}

/// A cell's value without trailing whitespace (leading whitespace is the value's: see
/// `validate`); "", "?", "NULL" and "(empty)" mean no value.
pub(super) fn val(s: &str) -> Option<&str> {
    let t = s.trim_end();
    match t.trim_start() {
        "" | "?" | "NULL" | "null" | "(empty)" | "-" => None,
        _ => Some(t),
    }
}

#[derive(Clone, Copy)]
pub(super) enum Scale {
    Priority,
    ImpactUrgency,
}

/// A level as `source` writes it: GLPI's "Major" is its top priority (Jira's is its second).
pub(super) fn source_level(v: &str, scale: Scale, source: IncidentSource) -> Option<i64> {
    if source == IncidentSource::Glpi && matches!(scale, Scale::Priority) && v.trim().eq_ignore_ascii_case("major") {
        Some(1)
    } else {
        level(v, scale)
    }
}

/// "1 - Critical", "2", "High", "P2", Jira's "Highest" ... → 1..=5.
pub(super) fn level(s: &str, scale: Scale) -> Option<i64> {
    let t = s.trim();
    let digits = t.trim_start_matches(['P', 'p']);
    let lead: String = digits.chars().take_while(|c| c.is_ascii_digit()).collect();
    // A level is a whole number ("2", "P2", "2 - High"), not the start of another ("1e308", "1.5").
    let whole = digits[lead.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric() && c != '.' && c != ',');
    if let (Ok(n), true) = (lead.parse::<i64>(), whole) {
        return (1..=5).contains(&n).then_some(n);
    }
    if !lead.is_empty() {
        return None;
    }
    let l = t.to_lowercase();
    // GLPI's five steps, in English and French ("Très haute" … "Très basse"); its "Major"
    // priority, above them, is read where the source is known (`source_level`).
    match (scale, l.as_str()) {
        (Scale::Priority, "very high" | "très haute" | "majeure") => return Some(1),
        (Scale::Priority, "haute") => return Some(2),
        (Scale::Priority, "moyenne") => return Some(3),
        (Scale::Priority, "basse") => return Some(4),
        (Scale::Priority, "very low" | "très basse") => return Some(5),
        (Scale::ImpactUrgency, "very high" | "très haute" | "haute") => return Some(1),
        (Scale::ImpactUrgency, "moyenne" | "moyen") => return Some(2),
        (Scale::ImpactUrgency, "very low" | "très basse" | "basse" | "bas") => return Some(3),
        _ => {}
    }
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

pub(super) fn channel(raw: &str) -> String {
    let l = raw.trim().to_lowercase();
    let mapped = match l.as_str() {
        "telephone" | "call" | "ivr" | "téléphone" => Channel::Phone,
        "e-mail" | "mail" | "courriel" => Channel::Email,
        "self service" | "self-service" | "web" | "customer portal" | "helpdesk" => Channel::Portal,
        "virtual agent" | "teams" | "slack" => Channel::Chat,
        "walk-in" | "walk in" | "walkin" | "direct" => Channel::WalkIn,
        "event" | "alert" => Channel::Monitoring,
        other => match Channel::parse(other) {
            Some(c) => c,
            None => return raw.trim().to_string(),
        },
    };
    mapped.as_str().to_string()
}

/// Decides day/month order for the file: from the columns that can tell, else `--date-order`.
pub(super) fn date_order(path: &Path, scans: &[(&'static str, usize, DateScan)], given: Option<DateOrder>) -> Result<Option<DateOrder>> {
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

pub(super) struct RowError {
    pub(super) column: &'static str,
    pub(super) message: String,
}

pub(super) fn parse_row(rec: &csv::StringRecord, row: u64, cols: &Columns, source: IncidentSource, order: Option<DateOrder>, tz: Tz, values: &ValueMap) -> std::result::Result<Parsed, RowError> {
    // Free text (descriptions, notes) is kept as written; a one-line value loses the spaces
    // before it, never a tab (the line rule refuses it). The `'` that keeps a formula inert
    // comes off last, so what it protected is kept as written.
    let raw = |i: Option<usize>| i.and_then(|i| rec.get(i)).and_then(val).map(crate::import::unescaped);
    let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).and_then(val).map(|v| crate::import::unescaped(v.trim_start_matches(' ')));
    // GLPI lists several requesters, groups or technicians in one cell, one per line;
    // Steward keeps one of each: the first.
    let person_or_group = |i: Option<usize>| match source {
        IncidentSource::Glpi => get(i).and_then(|v| v.lines().map(str::trim).find(|l| !l.is_empty())),
        _ => get(i),
    };
    // The rules every importer holds text to (`validate`): one line without control
    // characters for names and codes, free text for descriptions and notes.
    // One pass over the whole row finds whether any cell could hold a control character (a
    // C0 or DEL byte, or the lead byte of a C1 character); most rows have none, and their
    // cells need only their lengths checked.
    let suspicious = rec.as_slice().bytes().any(|c| c < 0x20 || c == 0x7f || c == 0xC2);
    let checked = |col: &'static str, v: Option<&str>, max: usize, multiline: bool| -> std::result::Result<(), RowError> {
        let Some(v) = v else { return Ok(()) };
        if !suspicious && v.len() <= max {
            return Ok(());
        }
        let ok = if multiline { validate::check_text(col, v, max) } else { validate::check_line(col, v, max) };
        ok.map_err(|e| RowError { column: col, message: e.to_string() })
    };
    for (col, i, max) in [
        ("number", cols.number, 100), ("category", cols.category, 200), ("subcategory", cols.subcategory, 200),
        ("channel", cols.channel, 100), ("service", cols.service, 200), ("ci", cols.ci, 200), ("resolution_code", cols.resolution_code, 200),
    ] {
        checked(col, get(i), max, false)?;
    }
    for (col, i) in [("caller", cols.caller), ("assignment_group", cols.group), ("assignee", cols.assignee)] {
        checked(col, person_or_group(i), 200, false)?;
    }
    checked("description", raw(cols.description), 100_000, true)?;
    checked("resolution_notes", raw(cols.resolution_notes), 100_000, true)?;
    let text = |i: Option<usize>| get(i).unwrap_or("").to_string();
    let free_text = |i: Option<usize>| raw(i).unwrap_or("").to_string();
    let date = |col: &'static str, i: Option<usize>| -> std::result::Result<Option<String>, RowError> {
        match get(i) {
            None => Ok(None),
            Some(v) => dates::parse(v, order, tz).map(|d| Some(crate::time::to_text(d))).map_err(|m| RowError { column: col, message: m }),
        }
    };
    let lvl = |col: &'static str, i: Option<usize>, scale: Scale| -> std::result::Result<Option<i64>, RowError> {
        let Some(v) = get(i) else { return Ok(None) };
        match values.get(col, v) {
            Some(said) => Ok(level(said, scale)),
            None => source_level(v, scale, source).map(Some).ok_or_else(|| RowError { column: col, message: format!("\"{v}\" is not a {col} Steward knows") }),
        }
    };
    let count = |col: &'static str, i: Option<usize>| -> std::result::Result<i64, RowError> {
        match get(i) {
            None => Ok(0),
            Some(v) => v.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| RowError { column: col, message: format!("\"{v}\" is not a count") }),
        }
    };

    // GLPI groups an ID's digits with (non-breaking) spaces: "5 732 943" is ticket 5732943.
    let number = get(cols.number).map(|n| match source {
        IncidentSource::Glpi if n.chars().all(|c| c.is_ascii_digit() || c.is_whitespace()) => n.chars().filter(|c| !c.is_whitespace()).collect(),
        _ => n.to_string(),
    });
    if number.is_none() && source != IncidentSource::StewardCsv {
        return Err(RowError { column: "number", message: "the incident number is missing".into() });
    }
    let state_label = get(cols.state).ok_or_else(|| RowError { column: "state", message: "the state is missing".into() })?;
    let (state, mut hold) = if let Some(said) = values.get("state", state_label) {
        (IncidentState::parse(said).ok_or_else(|| RowError { column: "state", message: format!("\"{said}\" is not a Steward state") })?, None)
    } else if source == IncidentSource::StewardCsv {
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
    checked("title", Some(&title), 1000, false)?;
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
        description: free_text(cols.description),
        state,
        source_state,
        on_hold_reason: if state == IncidentState::OnHold { hold } else { None },
        priority: lvl("priority", cols.priority, Scale::Priority)?,
        impact: lvl("impact", cols.impact, Scale::ImpactUrgency)?,
        urgency: lvl("urgency", cols.urgency, Scale::ImpactUrgency)?,
        channel: if source == IncidentSource::StewardCsv { text(cols.channel) } else { channel(&text(cols.channel)) },
        category: text(cols.category),
        subcategory: text(cols.subcategory),
        caller: person_or_group(cols.caller).map(str::to_string),
        service: get(cols.service).map(str::to_string),
        ci: get(cols.ci).map(str::to_string),
        group: person_or_group(cols.group).map(str::to_string),
        assignee: person_or_group(cols.assignee).map(str::to_string),
        first_response_at: date("first_response_at", cols.first_response_at)?,
        resolved_at: date("resolved_at", cols.resolved_at)?,
        closed_at: date("closed_at", cols.closed_at)?,
        opened_at,
        resolution_code: text(cols.resolution_code),
        resolution_notes: free_text(cols.resolution_notes),
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
pub(super) fn hex16(digest: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(32);
    for b in digest.iter().take(16) {
        s.push(HEX[usize::from(b >> 4)] as char);
        s.push(HEX[usize::from(b & 15)] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_level_is_a_whole_number_not_the_start_of_another() {
        assert_eq!(level("1e308", Scale::Priority), None);
        assert_eq!(level("1.5", Scale::Priority), None);
        assert_eq!(level("2,0", Scale::Priority), None);
        assert_eq!(level("2 - High", Scale::Priority), Some(2));
        assert_eq!(level("P3", Scale::Priority), Some(3));
        assert_eq!(level("7", Scale::Priority), None);
    }

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
