//! The service desk's figures: first-contact resolution, volume by channel, category and
//! hour of day (in the display time zone), backlog age, and open work per agent.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use rusqlite::OptionalExtension;
use crate::summary::Count;
use crate::workspace::Workspace;

/// Resolved within this many minutes of opening, never reassigned: resolved at first contact.
pub const FIRST_CONTACT_MINUTES: i64 = 60;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DeskFigures {
    /// Share of resolved incidents resolved at first contact, 0-100; null when none resolved.
    pub first_contact_resolution_pct: Option<f64>,
    pub resolved: i64,
    pub by_channel: Vec<Count>,
    /// The ten biggest categories.
    pub by_category: Vec<Count>,
    /// Incidents opened in each local hour of the day, 0-23.
    #[ts(type = "number[]")]
    pub by_hour: Vec<i64>,
    /// Open incidents by age: "< 1 day", "1-3 days", "3-7 days", "7-30 days", "> 30 days".
    pub backlog_age: Vec<Count>,
    /// Open incidents per assignee, the fifteen busiest ("Unassigned" included).
    pub workload: Vec<Count>,
}

fn counts(ws: &Workspace, sql: &str) -> Result<Vec<Count>> {
    let mut stmt = ws.conn().prepare(sql)?;
    let rows = stmt.query_map([], |r| Ok(Count { key: r.get(0)?, count: r.get(1)? }))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn desk_figures(ws: &Workspace, tz: Tz, now: DateTime<Utc>) -> Result<DeskFigures> {
    let conn = ws.conn();
    let (resolved, first_contact): (i64, i64) = conn.query_row(
        "SELECT count(*), coalesce(sum(reassignment_count = 0 AND (unixepoch(resolved_at) - unixepoch(opened_at)) <= ?1 * 60), 0)
           FROM incidents WHERE resolved_at IS NOT NULL",
        [FIRST_CONTACT_MINUTES],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    // Group by UTC hour first (a few thousand groups a year), then map each to local time:
    // right across DST changes without touching every row in Rust.
    let mut by_hour = vec![0i64; 24];
    let mut stmt = conn.prepare("SELECT substr(opened_at, 1, 13), count(*) FROM incidents GROUP BY 1")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (hour, n) = row?;
        if let Ok(t) = NaiveDateTime::parse_from_str(&format!("{hour}:00:00"), "%Y-%m-%dT%H:%M:%S") {
            by_hour[t.and_utc().with_timezone(&tz).hour() as usize] += n;
        }
    }
    let open = "state IN ('new', 'in_progress', 'on_hold')";
    let mut age: BTreeMap<usize, i64> = BTreeMap::new();
    let mut stmt = conn.prepare(&format!("SELECT (?1 - unixepoch(opened_at)) / 86400.0 FROM incidents WHERE {open}"))?;
    for d in stmt.query_map([now.timestamp()], |r| r.get::<_, f64>(0))? {
        let d = d?;
        let bucket = [1.0, 3.0, 7.0, 30.0].iter().position(|limit| d < *limit).unwrap_or(4);
        *age.entry(bucket).or_default() += 1;
    }
    let labels = ["< 1 day", "1-3 days", "3-7 days", "7-30 days", "> 30 days"];
    Ok(DeskFigures {
        first_contact_resolution_pct: (resolved > 0).then(|| (first_contact as f64 * 1000.0 / resolved as f64).round() / 10.0),
        resolved,
        by_channel: counts(ws, "SELECT CASE channel WHEN '' THEN '(none)' ELSE channel END, count(*) FROM incidents GROUP BY 1 ORDER BY 2 DESC, 1")?,
        by_category: counts(ws, "SELECT CASE category WHEN '' THEN '(none)' ELSE category END, count(*) FROM incidents GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10")?,
        by_hour,
        backlog_age: labels.iter().enumerate().map(|(i, l)| Count { key: l.to_string(), count: age.get(&i).copied().unwrap_or(0) }).collect(),
        workload: counts(
            ws,
            &format!("SELECT coalesce(p.name, 'Unassigned'), count(*) FROM incidents i LEFT JOIN people p ON p.id = i.assignee_id WHERE {open} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 15"),
        )?,
    })
}

/// The share (0-100) of incidents opened since `since` and resolved that were resolved at
/// first contact; None when none were. Reads the opening index, not the whole table.
pub(crate) fn first_contact_pct_since(conn: &rusqlite::Connection, since: &str) -> Result<Option<f64>> {
    let (resolved, first): (i64, i64) = conn.query_row(
        "SELECT count(*), coalesce(sum(reassignment_count = 0 AND (unixepoch(resolved_at) - unixepoch(opened_at)) <= ?2 * 60), 0)
           FROM incidents INDEXED BY incidents_opened WHERE opened_at >= ?1 AND resolved_at IS NOT NULL",
        rusqlite::params![since, FIRST_CONTACT_MINUTES],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((resolved > 0).then(|| (first as f64 * 1000.0 / resolved as f64).round() / 10.0))
}

/// The median age in days of the incidents still open at `now`; None when none are.
pub(crate) fn median_open_age_days(conn: &rusqlite::Connection, now: DateTime<Utc>) -> Result<Option<f64>> {
    let open: i64 = conn.query_row("SELECT coalesce(sum(n), 0) FROM incident_counts WHERE state IN ('new', 'in_progress', 'on_hold')", [], |r| r.get(0))?;
    if open == 0 {
        return Ok(None);
    }
    // The middle row by opening time among the open ones (the state index keeps each state's
    // rows in opening order; three ordered runs merged).
    let opened: Option<String> = conn
        .query_row(
            "SELECT opened_at FROM incidents WHERE state IN ('new', 'in_progress', 'on_hold') ORDER BY opened_at LIMIT 1 OFFSET ?1",
            [(open - 1) / 2],
            |r| r.get(0),
        )
        .optional()?;
    Ok(opened.and_then(|o| crate::time::parse(&o)).map(|o| ((now - o).num_minutes() as f64 / 144.0).round() / 10.0))
}
