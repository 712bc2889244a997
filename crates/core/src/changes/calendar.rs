//! The change calendar: the changes planned in a period (all but cancelled ones) with their
//! collisions, every occurrence of the maintenance and blackout windows in it, and the
//! release layer (deployment management's releases: their deployments and planned
//! production dates). The UI lays these out as a month, a week or a list, layers chosen.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::conflicts::{conflicts, ConflictReason, Window};
use super::{ChangeId, ChangeState, ChangeType, WindowKind};
use crate::error::{CoreError, Result};
use crate::workspace::Workspace;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CalendarChange {
    pub id: ChangeId,
    pub number: String,
    pub title: String,
    pub change_type: ChangeType,
    pub state: ChangeState,
    pub start: String,
    pub end: String,
    pub assignee: Option<String>,
    /// The reasons it collides (with another change or a window), each once.
    pub conflicts: Vec<ConflictReason>,
}

/// One occurrence of a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct WindowSlot {
    pub window_id: i64,
    pub kind: WindowKind,
    pub name: String,
    /// What it covers: a CI's name, "Service …", or "Everything".
    pub scope: String,
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Calendar {
    pub changes: Vec<CalendarChange>,
    pub windows: Vec<WindowSlot>,
    /// The release layer: deployments of releases and planned production dates.
    pub releases: Vec<crate::deployments::releases::ReleaseSlot>,
}

/// Longest period one calendar call covers: a year and a bit, enough for any view.
const MAX_DAYS: i64 = 400;

/// The calendar for [from, to) (instants with offsets).
pub fn calendar(ws: &Workspace, from: &str, to: &str) -> Result<Calendar> {
    let parse = |field: &str, v: &str| crate::time::parse(v).ok_or_else(|| CoreError::validation(field, format!("\"{v}\" is not a date and time with its offset.")));
    let (f, t) = (parse("from", from)?, parse("to", to)?);
    if t <= f || (t - f).num_days() > MAX_DAYS {
        return Err(CoreError::validation("to", format!("A calendar shows between a moment and {MAX_DAYS} days.")));
    }
    let (from_text, to_text) = (crate::time::to_text(f), crate::time::to_text(t));
    let mut reasons: HashMap<String, Vec<ConflictReason>> = HashMap::new();
    for c in conflicts(ws)? {
        for n in std::iter::once(&c.change).chain(c.other.as_ref()) {
            let r = reasons.entry(n.clone()).or_default();
            if !r.contains(&c.reason) {
                r.push(c.reason);
            }
        }
    }
    let conn = ws.conn();
    let changes = conn
        .prepare(
            "SELECT c.id, c.number, c.title, c.change_type, c.state, c.planned_start, c.planned_end, p.name FROM changes c LEFT JOIN people p ON p.id = c.assignee_id
              WHERE c.state <> 'cancelled' AND c.planned_start < ?2 AND c.planned_end > ?1 ORDER BY c.planned_start, c.number",
        )?
        .query_map([&from_text, &to_text], |r| {
            let number: String = r.get(1)?;
            Ok(CalendarChange {
                id: ChangeId(r.get(0)?),
                conflicts: reasons.get(&number).cloned().unwrap_or_default(),
                number,
                title: r.get(2)?,
                change_type: r.get(3)?,
                state: r.get(4)?,
                start: r.get(5)?,
                end: r.get(6)?,
                assignee: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    /// A stored window with what it covers, named.
    struct Stored {
        id: i64,
        kind: WindowKind,
        name: String,
        window: Option<Window>,
        scope: String,
    }
    let zone = crate::settings::display_zone(ws)?;
    let stored: Vec<Stored> = conn
        .prepare(
            "SELECT w.id, w.kind, w.name, w.starts_at, w.ends_at, w.recurrence, w.until, ci.name, s.name FROM change_windows w
               LEFT JOIN cis ci ON ci.id = w.ci_id LEFT JOIN services s ON s.id = w.service_id",
        )?
        .query_map([], |r| {
            let (kind, s, e, until): (WindowKind, String, String, Option<String>) = (r.get(1)?, r.get(3)?, r.get(4)?, r.get(6)?);
            let window = match (crate::time::parse(&s), crate::time::parse(&e)) {
                (Some(start), Some(end)) => Some(Window { kind, start, end, recurrence: r.get(5)?, until: until.as_deref().and_then(crate::time::parse), cis: None, zone }),
                _ => None,
            };
            let scope = match (r.get::<_, Option<String>>(7)?, r.get::<_, Option<String>>(8)?) {
                (Some(c), _) => c,
                (None, Some(s)) => format!("Service {s}"),
                (None, None) => "Everything".into(),
            };
            Ok(Stored { id: r.get(0)?, kind, name: r.get(2)?, window, scope })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let text = |x: i64| chrono::DateTime::from_timestamp(x, 0).map(crate::time::to_text).unwrap_or_default();
    let mut windows = Vec::new();
    for w in &stored {
        let Some(win) = &w.window else { continue };
        for (a, b) in win.around(f.timestamp(), t.timestamp()).filter(|(a, b)| *a < t.timestamp() && *b > f.timestamp()) {
            windows.push(WindowSlot { window_id: w.id, kind: w.kind, name: w.name.clone(), scope: w.scope.clone(), start: text(a), end: text(b) });
        }
    }
    windows.sort_by(|a, b| (&a.start, a.window_id).cmp(&(&b.start, b.window_id)));
    let releases = crate::deployments::releases::calendar_slots(conn, &from_text, &to_text)?;
    Ok(Calendar { changes, windows, releases })
}
