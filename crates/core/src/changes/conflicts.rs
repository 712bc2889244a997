//! Collision detection over every change that is not closed or cancelled and has a planned
//! period: two changes on the same CI at overlapping times (same_ci), or on CIs where one
//! depends on the other through CI relations, transitively either way (related_ci); a change
//! in a blackout window (blackout) or not inside a maintenance window of each of its CIs that
//! has one (outside_window); an assignee with two changes at once (assignee_busy).
//!
//! Periods are half open [start, end). Recurring windows repeat from their first occurrence
//! in UTC (daily, weekly, monthly) until `until`.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use chrono::{DateTime, Months, Utc};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Recurrence, WindowKind};
use crate::error::Result;
use crate::labelled_enum;
use crate::workspace::Workspace;

labelled_enum!(
    ConflictReason {
        SameCi = "same_ci": "Same CI at the same time",
        RelatedCi = "related_ci": "A related CI at the same time",
        Blackout = "blackout": "In a blackout window",
        OutsideWindow = "outside_window": "Outside its CIs' maintenance windows",
        AssigneeBusy = "assignee_busy": "Its assignee has another change at the same time",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Conflict {
    pub change: String,
    pub other: Option<String>,
    pub reason: ConflictReason,
}

impl Ord for Conflict {
    /// The contract's order: by change, then other (none first), then reason.
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        (&self.change, &self.other, self.reason.as_str()).cmp(&(&o.change, &o.other, o.reason.as_str()))
    }
}

impl PartialOrd for Conflict {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

struct Planned {
    number: String,
    start: i64,
    end: i64,
    assignee: Option<i64>,
    cis: Vec<i64>,
}

pub(super) struct Window {
    pub(super) kind: WindowKind,
    pub(super) start: DateTime<Utc>,
    pub(super) end: DateTime<Utc>,
    pub(super) recurrence: Recurrence,
    pub(super) until: Option<DateTime<Utc>>,
    /// None: applies to every CI.
    pub(super) cis: Option<HashSet<i64>>,
    /// The zone whose clocks a recurring window follows (the workspace's display zone): a
    /// window every Sunday at 22:00 stays at 22:00 there across both DST changes.
    pub(super) zone: chrono_tz::Tz,
}

impl Window {
    /// The occurrence `k` (0 = the first), or None past `until`.
    fn occurrence(&self, k: i64) -> Option<(i64, i64)> {
        use chrono::TimeZone;
        // Days, weeks and months are counted on the zone's wall clock, then read back as
        // instants (a time the clocks skip is the end of the gap, a repeated one the first).
        let back = |wall: chrono::NaiveDateTime| -> Option<DateTime<Utc>> {
            (0..=180).find_map(|m| self.zone.from_local_datetime(&(wall + chrono::Duration::minutes(m))).earliest()).map(|t| t.with_timezone(&Utc))
        };
        let shift = |t: DateTime<Utc>| -> Option<DateTime<Utc>> {
            let wall = t.with_timezone(&self.zone).naive_local();
            match self.recurrence {
                Recurrence::None => (k == 0).then_some(t),
                Recurrence::Daily => back(wall + chrono::Duration::days(k)),
                Recurrence::Weekly => back(wall + chrono::Duration::weeks(k)),
                Recurrence::Monthly => back(wall.checked_add_months(Months::new(u32::try_from(k).ok()?))?),
            }
        };
        let (s, e) = (shift(self.start)?, shift(self.end)?);
        if self.until.is_some_and(|u| s > u) {
            return None;
        }
        Some((s.timestamp(), e.timestamp()))
    }

    /// Occurrences that could touch [from, to), in order.
    pub(super) fn around(&self, from: i64, to: i64) -> impl Iterator<Item = (i64, i64)> + '_ {
        let period = match self.recurrence {
            Recurrence::None => i64::MAX,
            Recurrence::Daily => 86_400,
            Recurrence::Weekly => 7 * 86_400,
            // Months are at most 31 days: the estimate below never skips the occurrence.
            Recurrence::Monthly => 31 * 86_400,
        };
        let len = (self.end - self.start).num_seconds();
        // The first occurrence that can still reach `from`, conservatively early.
        let first = if period == i64::MAX { 0 } else { ((from - len - self.start.timestamp()) / period - 1).max(0) };
        (first..).map_while(move |k| self.occurrence(k)).take_while(move |(s, _)| *s < to).take(100_000)
    }

    fn overlaps(&self, s: i64, e: i64) -> bool {
        self.around(s, e).any(|(a, b)| a < e && s < b)
    }

    fn contains(&self, s: i64, e: i64) -> bool {
        self.around(s, e).any(|(a, b)| a <= s && e <= b)
    }
}

fn secs(t: &str) -> Option<i64> {
    crate::time::parse(t).map(|t| t.timestamp())
}

/// Which changes collisions are looked for among.
#[derive(Clone, Copy)]
enum Among {
    Every,
    /// One change and those whose planned period overlaps its own: every pair it can be in.
    Around(super::ChangeId),
}

fn load(ws: &Workspace, among: Among) -> Result<(Vec<Planned>, Vec<Window>, HashMap<i64, Vec<i64>>, HashMap<i64, Vec<i64>>)> {
    let conn = ws.conn();
    let mut cis: HashMap<i64, Vec<i64>> = HashMap::new();
    for row in conn.prepare("SELECT change_id, ci_id FROM change_cis")?.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
        let (c, ci) = row?;
        cis.entry(c).or_default().push(ci);
    }
    let mut planned = Vec::new();
    // Text instants in one format compare in time order.
    let around = match among {
        Among::Every => None,
        Among::Around(id) => Some(id.0),
    };
    let mut stmt = conn.prepare(
        "SELECT c.id, c.number, c.planned_start, c.planned_end, c.assignee_id FROM changes c
          WHERE c.state NOT IN ('closed', 'cancelled') AND c.planned_start IS NOT NULL AND c.planned_end IS NOT NULL
            AND (?1 IS NULL OR c.id = ?1 OR EXISTS (SELECT 1 FROM changes f WHERE f.id = ?1 AND c.planned_start < f.planned_end AND f.planned_start < c.planned_end))",
    )?;
    for row in stmt.query_map([around], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, Option<i64>>(4)?)))? {
        let (id, number, s, e, assignee) = row?;
        if let (Some(start), Some(end)) = (secs(&s), secs(&e)) {
            if end > start {
                planned.push(Planned { number, start, end, assignee, cis: cis.remove(&id).unwrap_or_default() });
            }
        }
    }
    // A service's window covers the CIs it depends on or runs on (direct links).
    let mut service_cis: HashMap<i64, HashSet<i64>> = HashMap::new();
    for row in conn
        .prepare("SELECT from_id, to_id FROM links WHERE from_kind = 'service' AND to_kind = 'ci'")?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?
    {
        let (s, c) = row?;
        service_cis.entry(s).or_default().insert(c);
    }
    let mut windows = Vec::new();
    let zone = crate::settings::display_zone(ws)?;
    let mut stmt = conn.prepare("SELECT kind, starts_at, ends_at, recurrence, until, ci_id, service_id FROM change_windows")?;
    for row in stmt.query_map([], |r| {
        Ok((r.get::<_, WindowKind>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, Recurrence>(3)?, r.get::<_, Option<String>>(4)?, r.get::<_, Option<i64>>(5)?, r.get::<_, Option<i64>>(6)?))
    })? {
        let (kind, s, e, recurrence, until, ci, service) = row?;
        let (Some(start), Some(end)) = (crate::time::parse(&s), crate::time::parse(&e)) else { continue };
        let cis = match (ci, service) {
            (Some(c), _) => Some(HashSet::from([c])),
            (None, Some(s)) => Some(service_cis.get(&s).cloned().unwrap_or_default()),
            (None, None) => None,
        };
        windows.push(Window { kind, start, end, recurrence, until: until.as_deref().and_then(crate::time::parse), cis, zone });
    }
    let (mut down, mut up): (HashMap<i64, Vec<i64>>, HashMap<i64, Vec<i64>>) = (HashMap::new(), HashMap::new());
    for row in conn.prepare("SELECT from_id, to_id FROM links WHERE from_kind = 'ci' AND to_kind = 'ci'")?.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
        let (f, t) = row?;
        down.entry(f).or_default().push(t);
        up.entry(t).or_default().push(f);
    }
    Ok((planned, windows, down, up))
}

/// Adds the pairs of `items` (indexes into `changes`) that overlap in time.
fn overlapping_pairs(changes: &[Planned], mut items: Vec<usize>, reason: ConflictReason, out: &mut BTreeSet<Conflict>) {
    items.sort_by_key(|i| changes[*i].start);
    items.dedup();
    for (k, &a) in items.iter().enumerate() {
        for &b in &items[k + 1..] {
            if changes[b].start >= changes[a].end {
                break;
            }
            push_pair(changes, a, b, reason, out);
        }
    }
}

fn push_pair(changes: &[Planned], a: usize, b: usize, reason: ConflictReason, out: &mut BTreeSet<Conflict>) {
    let (x, y) = (&changes[a].number, &changes[b].number);
    if x == y {
        return;
    }
    let (change, other) = if x < y { (x, y) } else { (y, x) };
    out.insert(Conflict { change: change.clone(), other: Some(other.clone()), reason });
}

/// Every CI reachable from `ci` along `edges`, not counting `ci` itself.
fn reach(ci: i64, edges: &HashMap<i64, Vec<i64>>) -> HashSet<i64> {
    let mut seen = HashSet::new();
    let mut queue = VecDeque::from([ci]);
    while let Some(c) = queue.pop_front() {
        for n in edges.get(&c).into_iter().flatten() {
            if *n != ci && seen.insert(*n) {
                queue.push_back(*n);
            }
        }
    }
    seen
}

/// All conflicts, sorted by change, then other, then reason.
pub fn conflicts(ws: &Workspace) -> Result<Vec<Conflict>> {
    detect(ws, Among::Every)
}

/// A change as a collision names it: enough to say which it is and to link to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChangeRef {
    pub id: i64,
    pub number: String,
    pub title: String,
}

/// A collision as a person reads it: both changes by number and title, and the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConflictView {
    pub change: ChangeRef,
    pub other: Option<ChangeRef>,
    pub reason: ConflictReason,
}

/// The collisions with the changes' titles and ids, in the same order.
pub fn views(ws: &Workspace, found: Vec<Conflict>) -> Result<Vec<ConflictView>> {
    let mut stmt = ws.conn().prepare_cached("SELECT id, number, title FROM changes WHERE number = ?1")?;
    let mut by_number: HashMap<String, ChangeRef> = HashMap::new();
    let mut find = |number: &str| -> Result<ChangeRef> {
        if let Some(c) = by_number.get(number) {
            return Ok(c.clone());
        }
        let c = stmt.query_row([number], |r| Ok(ChangeRef { id: r.get(0)?, number: r.get(1)?, title: r.get(2)? }))?;
        by_number.insert(number.to_string(), c.clone());
        Ok(c)
    };
    found
        .into_iter()
        .map(|c| Ok(ConflictView { change: find(&c.change)?, other: c.other.as_deref().map(&mut find).transpose()?, reason: c.reason }))
        .collect()
}

/// The conflicts change `id` is in, in the same order: found among the changes its period
/// overlaps alone, not the whole set (a change's page asks for these).
pub fn conflicts_of(ws: &Workspace, id: super::ChangeId) -> Result<Vec<Conflict>> {
    let number: Option<String> = ws.conn().query_row("SELECT number FROM changes WHERE id = ?1", [id.0], |r| r.get(0)).optional()?;
    let Some(number) = number else { return Ok(vec![]) };
    let found = detect(ws, Among::Around(id))?;
    Ok(found.into_iter().filter(|c| c.change == number || c.other.as_deref() == Some(number.as_str())).collect())
}

fn detect(ws: &Workspace, among: Among) -> Result<Vec<Conflict>> {
    let (changes, windows, down, up) = load(ws, among)?;
    let mut out = BTreeSet::new();
    let mut by_ci: HashMap<i64, Vec<usize>> = HashMap::new();
    let mut by_assignee: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, c) in changes.iter().enumerate() {
        for ci in &c.cis {
            by_ci.entry(*ci).or_default().push(i);
        }
        if let Some(a) = c.assignee {
            by_assignee.entry(a).or_default().push(i);
        }
    }
    for items in by_ci.values() {
        overlapping_pairs(&changes, items.clone(), ConflictReason::SameCi, &mut out);
    }
    for items in by_assignee.values() {
        overlapping_pairs(&changes, items.clone(), ConflictReason::AssigneeBusy, &mut out);
    }
    // related_ci: the CIs each touched CI depends on, and those depending on it, transitively.
    let mut related: HashMap<i64, HashSet<i64>> = HashMap::new();
    for &ci in by_ci.keys() {
        let mut r = reach(ci, &down);
        r.extend(reach(ci, &up));
        r.retain(|x| by_ci.contains_key(x));
        related.insert(ci, r);
    }
    for (a, change) in changes.iter().enumerate() {
        for ci in &change.cis {
            for r in related.get(ci).into_iter().flatten() {
                for &b in &by_ci[r] {
                    if b != a && changes[b].start < change.end && change.start < changes[b].end && !changes[b].cis.contains(ci) {
                        push_pair(&changes, a, b, ConflictReason::RelatedCi, &mut out);
                    }
                }
            }
        }
    }
    // Windows by the CI they cover; those for everything apart.
    let mut for_ci: HashMap<i64, Vec<&Window>> = HashMap::new();
    let mut everywhere: Vec<&Window> = Vec::new();
    for w in &windows {
        match &w.cis {
            None => everywhere.push(w),
            Some(set) => set.iter().for_each(|ci| for_ci.entry(*ci).or_default().push(w)),
        }
    }
    for c in &changes {
        let blackouts = everywhere.iter().chain(c.cis.iter().flat_map(|ci| for_ci.get(ci).into_iter().flatten())).filter(|w| w.kind == WindowKind::Blackout);
        if blackouts.into_iter().any(|w| w.overlaps(c.start, c.end)) {
            out.insert(Conflict { change: c.number.clone(), other: None, reason: ConflictReason::Blackout });
        }
        // Each CI with maintenance windows of its own must have the change inside one of them.
        let outside = c.cis.iter().any(|ci| {
            let mine: Vec<&&Window> = for_ci.get(ci).into_iter().flatten().filter(|w| w.kind == WindowKind::Maintenance).collect();
            !mine.is_empty() && !mine.iter().any(|w| w.contains(c.start, c.end))
        });
        if outside {
            out.insert(Conflict { change: c.number.clone(), other: None, reason: ConflictReason::OutsideWindow });
        }
    }
    Ok(out.into_iter().collect())
}
