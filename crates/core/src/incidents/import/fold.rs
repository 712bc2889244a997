//! Folding an incident's rows (oldest first) into the incident, its history and the
//! events that make a second import recognise each row.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::params;

use crate::incidents::states::IncidentState;
use crate::incidents::{fetch, id_of, next_number, snapshot, write_history, IncidentId, Snapshot};
use crate::error::Result;
use crate::import::history::{self, ImportId};
use crate::references::{self, References};
use crate::record::{RecordKind, RecordRef};
use crate::workspace::deferred::{self, Deferred};
use crate::workspace::Tx;
use super::parse::Parsed;
use super::IncidentImportReport;

/// A source row with its references resolved: what the incident looks like after it.
pub(super) struct Resolved {
    pub(super) p: Parsed,
    pub(super) caller: Option<references::Resolved>,
    pub(super) service: Option<references::Resolved>,
    pub(super) ci: Option<references::Resolved>,
    pub(super) group: Option<references::Resolved>,
    pub(super) assignee: Option<references::Resolved>,
}

impl Resolved {
    pub(super) fn new(tx: &Tx<'_>, p: Parsed, refs: &mut References) -> Result<Self> {
        Ok(Resolved {
            caller: refs.resolve(tx, RecordKind::Person, p.caller.as_deref())?,
            service: refs.resolve(tx, RecordKind::Service, p.service.as_deref())?,
            ci: refs.resolve(tx, RecordKind::Ci, p.ci.as_deref())?,
            group: refs.resolve(tx, RecordKind::Group, p.group.as_deref())?,
            assignee: refs.resolve(tx, RecordKind::Person, p.assignee.as_deref())?,
            p,
        })
    }

    pub(super) fn id(r: &Option<references::Resolved>) -> Option<i64> {
        r.as_ref().map(|x| x.0)
    }

    /// The same snapshot `snapshot(&Incident)` takes of a stored incident.
    pub(super) fn snapshot(&self) -> Snapshot {
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


/// A large import writes the incidents with their indexes and triggers deferred, then puts
/// back what the triggers keep: the counts per state and priority, and the search index.
pub(super) struct BulkMode {
    pub(super) deferred: Deferred,
}

impl BulkMode {
    pub(super) fn enter(tx: &Tx<'_>) -> Result<Self> {
        Ok(BulkMode { deferred: Deferred::enter(tx, "incidents")? })
    }

    /// `counts`: how the import changed the number of incidents per (state, priority), which
    /// the dropped count triggers did not see.
    pub(super) fn leave(self, tx: &Tx<'_>, counts: HashMap<(IncidentState, i64), i64>) -> Result<()> {
        self.deferred.leave(tx)?;
        let mut add = tx.prepare_cached(
            "INSERT INTO incident_counts (state, priority, n) VALUES (?1, ?2, ?3) ON CONFLICT (state, priority) DO UPDATE SET n = n + excluded.n",
        )?;
        for ((state, priority), n) in counts {
            add.execute(params![state, priority, n])?;
        }
        // The search index missed every row written meanwhile (its triggers were dropped).
        deferred::reindex(tx, RecordKind::Incident, "number || ' ' || title", "description || ' ' || resolution_notes")?;
        Ok(())
    }
}

/// What folding rows into incidents needs across the whole import.
pub(super) struct Folding<'a, 's, 't> {
    pub(super) tx: &'s Tx<'t>,
    pub(super) run: ImportId,
    pub(super) origin: &'a str,
    pub(super) refs: References,
    /// Incidents this import created, by lower-case number.
    pub(super) created_here: foldhash::HashMap<String, IncidentId>,
    /// When the workspace had no incidents, only `created_here` can hold a number.
    pub(super) was_empty: bool,
    /// Count changes per (state, priority) while the count triggers are dropped.
    pub(super) counts: Option<HashMap<(IncidentState, i64), i64>>,
    /// Incidents whose SLA clocks need recomputing (a bulk import recomputes them all).
    pub(super) touched: Vec<IncidentId>,
    pub(super) report: &'a mut IncidentImportReport,
    /// The two statements every new incident runs, prepared once for the whole file.
    pub(super) insert: rusqlite::Statement<'s>,
    pub(super) created: rusqlite::Statement<'s>,
}

pub(super) const INSERT_INCIDENT: &str = "INSERT INTO incidents (number, title, description, caller_id, channel, category, subcategory, service_id, ci_id, impact,
    urgency, priority, assignment_group_id, assignee_id, state, source_state, on_hold_reason, resolution_code, resolution_notes,
    opened_at, first_response_at, resolved_at, closed_at, reassignment_count, reopen_count, major, created_at, updated_at, import_id, import_row)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?27, ?28, ?29)";

/// One source row recognised as part of an incident's history (whether or not it changed
/// anything), so that importing it again adds nothing. Params: incident, key, seq, at, import.
pub(super) const INSERT_EVENT: &str = "INSERT INTO incident_events (incident_id, event_key, seq, at, import_id) VALUES (?1, ?2, ?3, ?4, ?5)";

impl Folding<'_, '_, '_> {
/// Applies one incident's rows (oldest first): history per event, the incident row written
/// once with the newest values, and every new row's key. Counts it as created or updated,
/// and each row as an event or unchanged.
pub(super) fn fold(&mut self, events: Vec<Parsed>) -> Result<()> {
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
                None => next_number(tx)?,
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

