//! The clocks of records against the targets that apply to them, kept current by the core:
//! recomputed when an incident or request changes, after an import, and when a target or
//! calendar changes. Each clock is computed from the record's own timeline by `clock.rs`.
//!
//! An incident's clock starts when it is opened and pauses while it is on hold for one of
//! the target's reasons. A request's clock starts when it is ready to fulfil: when it was
//! approved, or raised if its item needs no approval; response stops at the first finished
//! task, resolution at fulfilment. Cancelled and rejected records have no clocks.

use std::collections::HashMap;

use chrono::DateTime;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::{self, AppliesTo, CalendarId, Metric, Target};
use super::calendar::{Calendar, Span};
use super::clock::{self, Timeline};
use crate::error::{CoreError, Result};
use crate::incidents::{IncidentId, OnHoldReason};
use crate::record::{RecordKind, RecordRef};
use crate::labelled_enum;
use crate::workspace::deferred::Deferred;
use crate::workspace::{Tx, Workspace};

labelled_enum!(
    ClockState {
        Running = "running": "Running",
        Paused = "paused": "Paused",
        Met = "met": "Met",
        Breached = "breached": "Breached",
    }
);

fn secs(text: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.timestamp())
}

fn text(t: i64) -> String {
    crate::time::to_text(DateTime::from_timestamp(t, 0).unwrap_or_default())
}

/// What a clock needs of a record.
struct Subject {
    id: i64,
    opened: i64,
    first_response: Option<i64>,
    resolved: Option<i64>,
}

/// On-hold spans for the given reasons, from the incident's timeline.
pub(crate) struct Pauses {
    pub spans: Vec<Span>,
    /// The last span is still open (it was cut at `until`).
    pub ongoing: bool,
}

/// The pauses of an incident for the given reasons up to `until`: its holds, as the
/// incident's timeline tells them (`incidents::holds`).
pub(crate) fn pauses_of(conn: &Connection, incident: i64, reasons: &[OnHoldReason], until: i64) -> Result<Pauses> {
    let held = crate::incidents::holds(conn, incident, reasons, until)?;
    Ok(Pauses { spans: held.spans.into_iter().map(|(from, to)| Span { from, to }).collect(), ongoing: held.ongoing })
}

/// When a clock stops: the record's first response or its resolution.
fn stop_of(target: &Target, s: &Subject) -> Option<i64> {
    match target.metric {
        Metric::Response => s.first_response.or(s.resolved),
        Metric::Resolution => s.resolved,
    }
}

/// Computes and stores one clock.
fn store(tx: &Tx<'_>, cal: &Timeline<'_>, target: &Target, s: &Subject, now: i64) -> Result<()> {
    let stop = stop_of(target, s);
    let until = stop.unwrap_or(now);
    let Pauses { spans: pauses, ongoing } = match target.applies_to {
        AppliesTo::Incident => pauses_of(tx, s.id, &target.pause_reasons, until)?,
        AppliesTo::Request => Pauses { spans: vec![], ongoing: false },
    };
    let deadline = cal.deadline(s.opened, target.minutes * 60, &pauses)?;
    let elapsed = cal.elapsed(s.opened, until, &pauses);
    let paused_now = stop.is_none() && ongoing;
    // Only a clock that still runs can still warn.
    let warn_at = match stop {
        None => Some(cal.deadline(s.opened, target.minutes * 60 * target.warning_pct / 100, &pauses)?),
        Some(_) => None,
    };
    let state = match stop {
        Some(t) if t > deadline => ClockState::Breached,
        Some(_) => ClockState::Met,
        None if paused_now => ClockState::Paused,
        None if now > deadline => ClockState::Breached,
        None => ClockState::Running,
    };
    tx.prepare_cached(
        "INSERT INTO sla_clocks (record_kind, record_id, target_id, started_at, deadline, stopped_at, elapsed_secs, state, warn_at)
         VALUES (?8, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?9)
         ON CONFLICT (record_kind, record_id, target_id) DO UPDATE SET started_at = excluded.started_at, deadline = excluded.deadline,
            stopped_at = excluded.stopped_at, elapsed_secs = excluded.elapsed_secs, state = excluded.state, warn_at = excluded.warn_at",
    )?
    .execute(params![s.id, target.id.0, text(s.opened), text(deadline), stop.map(text), elapsed, state, target.applies_to, warn_at.map(text)])?;
    Ok(())
}

/// The incidents a target applies to: its own conditions, its agreement's scope (an SLA
/// covers its service's incidents, an OLA its support group's) and validity period.
/// Parameters: ?1 agreement, ?2 priority, ?3 category, ?4 service, ?5 request item.
const INCIDENTS: &str = "SELECT i.id, i.opened_at, i.first_response_at, i.resolved_at FROM incidents i
    JOIN agreements a ON a.id = ?1
    WHERE i.state <> 'cancelled' AND ?5 IS NULL
      AND (?2 IS NULL OR i.priority = ?2) AND (?3 IS NULL OR i.category = ?3 COLLATE NOCASE) AND (?4 IS NULL OR i.service_id = ?4)
      AND (a.kind <> 'sla' OR a.service_id IS NULL OR i.service_id = a.service_id)
      AND (a.kind <> 'ola' OR a.group_id IS NULL OR i.assignment_group_id = a.group_id)
      AND (a.valid_from IS NULL OR substr(i.opened_at, 1, 10) >= a.valid_from)
      AND (a.valid_to IS NULL OR substr(i.opened_at, 1, 10) <= a.valid_to)";

/// The requests a target applies to, the same way; a request waiting for approval has no
/// start yet (NULL) and gets no clock.
const REQUESTS: &str = "SELECT r.id, coalesce(r.approved_at, CASE WHEN ci.needs_approval = 1 THEN NULL ELSE r.opened_at END),
        (SELECT min(t.done_at) FROM request_tasks t WHERE t.request_id = r.id), r.fulfilled_at
    FROM requests r JOIN catalogue_items ci ON ci.id = r.item_id JOIN agreements a ON a.id = ?1
    WHERE r.state NOT IN ('rejected', 'cancelled') AND ?2 IS NULL
      AND (?3 IS NULL OR ci.category = ?3 COLLATE NOCASE) AND (?4 IS NULL OR r.service_id = ?4) AND (?5 IS NULL OR r.item_id = ?5)
      AND (a.kind <> 'sla' OR a.service_id IS NULL OR r.service_id = a.service_id)
      AND (a.kind <> 'ola' OR a.group_id IS NULL OR r.assignment_group_id = a.group_id)
      AND (a.valid_from IS NULL OR substr(r.opened_at, 1, 10) >= a.valid_from)
      AND (a.valid_to IS NULL OR substr(r.opened_at, 1, 10) <= a.valid_to)";

fn subjects_sql(kind: AppliesTo) -> &'static str {
    match kind {
        AppliesTo::Incident => INCIDENTS,
        AppliesTo::Request => REQUESTS,
    }
}

fn calendars(conn: &Connection, targets: &[Target]) -> Result<HashMap<CalendarId, Calendar>> {
    let mut out = HashMap::new();
    for t in targets {
        if !out.contains_key(&t.calendar_id) {
            out.insert(t.calendar_id, model::calendar(conn, t.calendar_id)?.spec.parse()?);
        }
    }
    Ok(out)
}

/// Recomputes the clocks of the targets matching `condition` (on `t`, the targets table,
/// with one `?` bound to `value`) over every incident they apply to. Returns how many.
pub(crate) fn recompute_where(tx: &Tx<'_>, condition: &str, value: i64) -> Result<u64> {
    let ids: Vec<i64> = tx.prepare(&format!("SELECT t.id FROM sla_targets t WHERE {condition}"))?.query_map([value], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let targets: Vec<Target> = model::targets(tx)?.into_iter().filter(|t| ids.contains(&t.id.0)).collect();
    recompute(tx, &targets, None)
}

/// Recomputes every clock of every target (after a large import or an undo).
fn recompute_all(tx: &Tx<'_>) -> Result<u64> {
    let targets = model::targets(tx)?;
    if targets.is_empty() {
        return Ok(0);
    }
    recompute(tx, &targets, None)
}

/// What follows from records changed in a transaction (`Tx::settle`): each incident's and
/// request's clocks are recomputed from its timeline, the targets that apply now get a clock,
/// the others lose theirs.
pub(crate) fn follow(tx: &Tx<'_>, changed: &[RecordRef], every: &[RecordKind]) -> Result<()> {
    if every.iter().any(|k| matches!(k, RecordKind::Incident | RecordKind::Request)) {
        // Every clock of every target, once, covers the single records too.
        return recompute_all(tx).map(|_| ());
    }
    for r in changed {
        match r.kind {
            RecordKind::Incident => recompute_record(tx, AppliesTo::Incident, r.id)?,
            RecordKind::Request => recompute_record(tx, AppliesTo::Request, r.id)?,
            _ => 0,
        };
    }
    Ok(())
}

fn recompute_record(tx: &Tx<'_>, kind: AppliesTo, id: i64) -> Result<u64> {
    let targets: Vec<Target> = model::targets(tx)?.into_iter().filter(|t| t.applies_to == kind).collect();
    // Clocks of targets that no longer apply go; refresh_due then sees only current ones.
    let removed = tx.execute("DELETE FROM sla_clocks WHERE record_kind = ?1 AND record_id = ?2", params![kind, id])?;
    if targets.is_empty() && removed == 0 {
        return Ok(0);
    }
    recompute(tx, &targets, Some((kind, id)))
}

/// No running clock: the far future, so such incidents sort after every real deadline.
pub const NO_DEADLINE: &str = "9999-12-31T23:59:59Z";

/// The records whose earliest running deadline must be set, with it: `id, due, warn_at`
/// (a paused clock cannot breach while it waits; no running clock: [`NO_DEADLINE`]). The
/// owners of `incidents.sla_due` and `requests.sla_due` write them from this read
/// (`incidents::set_due`, `requests::set_due`), binding ?1 to the record (for one).
pub(crate) fn due_rows(kind: AppliesTo, one: bool) -> String {
    // The kind and the far-future deadline are this module's constants, not user text.
    let running = format!("FROM sla_clocks c WHERE c.record_kind = '{}' AND c.stopped_at IS NULL AND c.state <> 'paused'", kind.as_str());
    if one {
        return format!(
            "SELECT ?1 AS id, coalesce((SELECT min(c.deadline) {running} AND c.record_id = ?1), '{NO_DEADLINE}') AS due,
                    (SELECT c.warn_at {running} AND c.record_id = ?1 ORDER BY c.deadline LIMIT 1) AS warn_at"
        );
    }
    // Every record at once: the earliest running deadline per record in one pass over the
    // clocks (with its clock's warning instant: SQLite takes a bare column from the row
    // min() chose), and the records left with no running clock.
    let table = match kind {
        AppliesTo::Incident => "incidents",
        AppliesTo::Request => "requests",
    };
    format!(
        "SELECT c.record_id AS id, min(c.deadline) AS due, c.warn_at {running} GROUP BY c.record_id
         UNION ALL
         SELECT id, '{NO_DEADLINE}', NULL FROM {table} WHERE sla_due <> '{NO_DEADLINE}' AND id NOT IN (SELECT c.record_id {running})"
    )
}

/// Has the records' owners set their earliest running deadline from their clocks.
fn refresh_due(tx: &Tx<'_>, only: Option<(AppliesTo, i64)>) -> Result<()> {
    match only {
        Some((AppliesTo::Incident, id)) => crate::incidents::set_due(tx, &due_rows(AppliesTo::Incident, true), Some(id)),
        Some((AppliesTo::Request, id)) => crate::requests::set_due(tx, &due_rows(AppliesTo::Request, true), Some(id)),
        None => {
            crate::incidents::set_due(tx, &due_rows(AppliesTo::Incident, false), None)?;
            crate::requests::set_due(tx, &due_rows(AppliesTo::Request, false), None)
        }
    }
}

fn recompute(tx: &Tx<'_>, targets: &[Target], only: Option<(AppliesTo, i64)>) -> Result<u64> {
    let n = compute(tx, targets, only)?;
    refresh_due(tx, only)?;
    Ok(n)
}

/// The records `t` applies to (or just record `only`), with what their clocks need; those
/// whose clock has not started yet are left out.
fn subjects(conn: &Connection, t: &Target, only: Option<i64>) -> Result<Vec<Subject>> {
    let base = subjects_sql(t.applies_to);
    let alias = match t.applies_to {
        AppliesTo::Incident => "i",
        AppliesTo::Request => "r",
    };
    let sql = match only {
        Some(_) => format!("{base} AND {alias}.id = ?6"),
        None => base.to_string(),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let map = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(i64, Option<String>, Option<String>, Option<String>)> { Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)) };
    let rows: Vec<_> = match only {
        Some(id) => stmt.query_map(params![t.agreement_id.0, t.priority, t.category, t.service_id, t.item_id, id], map)?.collect::<rusqlite::Result<_>>()?,
        None => stmt.query_map(params![t.agreement_id.0, t.priority, t.category, t.service_id, t.item_id], map)?.collect::<rusqlite::Result<_>>()?,
    };
    Ok(rows
        .into_iter()
        .filter_map(|(id, opened, first, resolved)| {
            Some(Subject { id, opened: opened.as_deref().and_then(secs)?, first_response: first.as_deref().and_then(secs), resolved: resolved.as_deref().and_then(secs) })
        })
        .collect())
}

/// How far past the last stop (or now) a clock timeline reaches.
const TIMELINE_AHEAD_SECS: i64 = 120 * 86_400;

/// From this many clocks on, a recompute writes them with the clock table's indexes and
/// triggers deferred (a new target over a million incidents).
const BULK_CLOCKS: usize = 20_000;

/// Runs a write that recomputes whole targets' clocks: in bulk-journal mode
/// (`Workspace::write_large`) when the workspace holds enough records for that to be a
/// large write, else as any write.
pub(crate) fn write_recomputing<T>(ws: &Workspace, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
    let n: i64 = ws.conn().query_row(
        "SELECT (SELECT count(*) FROM (SELECT 1 FROM incidents LIMIT ?1)) + (SELECT count(*) FROM (SELECT 1 FROM requests LIMIT ?1))",
        [BULK_CLOCKS as i64],
        |r| r.get(0),
    )?;
    if n >= BULK_CLOCKS as i64 { ws.write_large(f) } else { ws.write(f) }
}

fn compute(tx: &Tx<'_>, targets: &[Target], only: Option<(AppliesTo, i64)>) -> Result<u64> {
    let cals = calendars(tx, targets)?;
    let now = secs(tx.at()).unwrap_or_default();
    let work: Vec<(&Target, Vec<Subject>)> = targets.iter().map(|t| Ok((t, subjects(tx, t, only.map(|(_, id)| id))?))).collect::<Result<_>>()?;
    let total: usize = work.iter().map(|(_, s)| s.len()).sum();
    let deferred = (total >= BULK_CLOCKS).then(|| Deferred::enter(tx, "sla_clocks")).transpose()?;
    let mut n = 0;
    for (t, subjects) in &work {
        let (Some(first), Some(last)) = (subjects.iter().map(|s| s.opened).min(), subjects.iter().map(|s| stop_of(t, s).unwrap_or(now)).max()) else {
            continue;
        };
        // Deadlines run past the last stop by the target and its closed hours; further out
        // the timeline hands back to the walk.
        let timeline = Timeline::new(&cals[&t.calendar_id], first, last.max(now) + TIMELINE_AHEAD_SECS);
        for s in subjects {
            store(tx, &timeline, t, s, now)?;
            n += 1;
        }
    }
    if let Some(d) = deferred {
        d.leave(tx)?;
        // The day counts the dropped triggers keep, counted afresh.
        tx.execute_batch(
            "DELETE FROM sla_clock_days;
             INSERT INTO sla_clock_days (day, met, breached)
                SELECT substr(stopped_at, 1, 10), sum(state = 'met'), sum(state = 'breached') FROM sla_clocks WHERE stopped_at IS NOT NULL GROUP BY 1;",
        )?;
    }
    Ok(n)
}

/// A clock worked through: the spans that counted, were paused, closed or holidays, from
/// its start to its stop (a running clock: to now).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ClockExplanation {
    pub target: String,
    pub agreement: String,
    pub calendar: String,
    pub timezone: String,
    pub deadline: String,
    /// How the clock ran, from its start to its stop (to now while it runs).
    pub spans: Vec<super::eval::ExplainedSpan>,
    /// A running or paused clock's path from now to its deadline, if nothing pauses it
    /// again: which of the hours ahead count and which the calendar closes.
    pub ahead: Vec<super::eval::ExplainedSpan>,
}

/// Explains the clocks of the incident or request numbered `number` (INC…, REQ…).
pub fn explain_number(ws: &Workspace, number: &str) -> Result<Vec<ClockExplanation>> {
    for kind in [AppliesTo::Incident, AppliesTo::Request] {
        if let Some(id) = crate::record::id_by_number(ws.conn(), kind.record_kind(), number)? {
            return explain_clocks(ws, kind, id);
        }
    }
    Err(CoreError::NotFound { kind: "Incident or request", id: number.to_string() })
}

/// Explains each clock of a record, recomputed by the same engine that stored it.
pub fn explain_clocks(ws: &Workspace, kind: AppliesTo, id: i64) -> Result<Vec<ClockExplanation>> {
    let conn = ws.conn();
    let target_ids: Vec<i64> = conn
        .prepare_cached("SELECT target_id FROM sla_clocks WHERE record_kind = ?1 AND record_id = ?2 ORDER BY deadline")?
        .query_map(params![kind, id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let all = model::targets(conn)?;
    let now = ws.now().timestamp();
    let mut out = Vec::new();
    for t in target_ids.iter().filter_map(|tid| all.iter().find(|t| t.id.0 == *tid)) {
        let Some(s) = subjects(conn, t, Some(id))?.pop() else { continue };
        let stored = model::calendar(conn, t.calendar_id)?;
        let cal = stored.spec.parse()?;
        let until = stop_of(t, &s).unwrap_or(now);
        let pauses = match t.applies_to {
            AppliesTo::Incident => pauses_of(conn, s.id, &t.pause_reasons, until)?.spans,
            AppliesTo::Request => vec![],
        };
        let deadline = clock::deadline(&cal, s.opened, t.minutes * 60, &pauses)?;
        let words = |xs: Vec<clock::Explained>| xs.into_iter().map(|x| super::eval::ExplainedSpan { from: text(x.span.from), to: text(x.span.to), kind: x.kind }).collect::<Vec<_>>();
        let spans = words(clock::explain(&cal, s.opened, until, &pauses));
        let ahead = if stop_of(t, &s).is_none() && deadline > now { words(clock::explain(&cal, now, deadline, &[])) } else { vec![] };
        let agreement: String = conn.query_row("SELECT name FROM agreements WHERE id = ?1", [t.agreement_id.0], |r| r.get(0))?;
        out.push(ClockExplanation { target: t.name.clone(), agreement, calendar: stored.name, timezone: stored.spec.timezone.clone(), deadline: text(deadline), spans, ahead });
    }
    Ok(out)
}

/// One clock as a queue or a record page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ClockView {
    pub target: String,
    pub agreement: String,
    pub metric: Metric,
    pub started_at: String,
    pub deadline: String,
    pub stopped_at: Option<String>,
    pub elapsed_minutes: i64,
    pub target_minutes: i64,
    pub state: ClockState,
    /// Still running and past the target's warning threshold (now).
    pub warning: bool,
    /// When it reaches (or reached) the warning threshold; None once stopped.
    pub warn_at: Option<String>,
}

pub fn incident_clocks(ws: &Workspace, id: IncidentId) -> Result<Vec<ClockView>> {
    record_clocks(ws, AppliesTo::Incident, id.0)
}

pub fn request_clocks(ws: &Workspace, id: crate::requests::RequestId) -> Result<Vec<ClockView>> {
    record_clocks(ws, AppliesTo::Request, id.0)
}

fn record_clocks(ws: &Workspace, kind: AppliesTo, id: i64) -> Result<Vec<ClockView>> {
    let now = crate::time::to_text(ws.now());
    let mut stmt = ws.conn().prepare_cached(
        "SELECT t.name, a.name, t.metric, c.started_at, c.deadline, c.stopped_at, c.elapsed_secs, t.minutes, c.state, c.warn_at
           FROM sla_clocks c JOIN sla_targets t ON t.id = c.target_id JOIN agreements a ON a.id = t.agreement_id
          WHERE c.record_kind = ?2 AND c.record_id = ?1 ORDER BY c.deadline",
    )?;
    let rows = stmt.query_map(params![id, kind], |r| {
        let (elapsed, minutes, state, warn_at): (i64, i64, ClockState, Option<String>) = (r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?);
        // Text instants in one format compare in time order.
        let warning = matches!(state, ClockState::Running | ClockState::Paused) && warn_at.as_deref().is_some_and(|w| w <= now.as_str());
        Ok(ClockView {
            target: r.get(0)?,
            agreement: r.get(1)?,
            metric: r.get(2)?,
            started_at: r.get(3)?,
            deadline: r.get(4)?,
            stopped_at: r.get(5)?,
            elapsed_minutes: elapsed / 60,
            target_minutes: minutes,
            warning,
            warn_at,
            state,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
