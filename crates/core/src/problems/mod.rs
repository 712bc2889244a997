//! Problem management: problems with their root cause analysis (5 whys, Ishikawa), known
//! errors with workarounds suggested to the desk, incidents linked in bulk, and
//! recurring-incident detection (`detection.rs`).

pub(crate) mod demo;

pub mod detection;
#[cfg(test)]
mod tests;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::links::LinkType;
use crate::list::{self, Field, ListRequest, ListSpec, Page};
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Tx, Workspace};

/// What the practice registry knows of problem management (`crate::PRACTICES`).
pub(crate) const KINDS: &[crate::record::RecordKind] = &[crate::record::RecordKind::Problem];
pub(crate) const DEMO: Option<crate::practice::DemoPart> = Some(demo::problem_management);

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct ProblemId(pub i64);

labelled_enum!(
    ProblemState {
        New = "new": "New",
        Assessed = "assessed": "Assessed",
        RootCauseAnalysis = "root_cause_analysis": "Root cause analysis",
        KnownError = "known_error": "Known error",
        Resolved = "resolved": "Resolved",
        Closed = "closed": "Closed",
    }
);

impl ProblemState {
    /// The moves from here, in the order the window offers them: forward through the
    /// analysis, back one step (a resolved problem reopens into analysis), close any.
    pub fn next_states(self) -> Vec<ProblemState> {
        use ProblemState::*;
        match self {
            New => vec![Assessed, Closed],
            Assessed => vec![RootCauseAnalysis, New, Closed],
            RootCauseAnalysis => vec![KnownError, Resolved, Assessed, Closed],
            KnownError => vec![Resolved, RootCauseAnalysis, Closed],
            Resolved => vec![Closed, RootCauseAnalysis],
            Closed => vec![],
        }
    }

    pub fn can_move_to(self, to: ProblemState) -> bool {
        self.next_states().contains(&to)
    }
}

/// One branch of an Ishikawa (fishbone) diagram: a cause category and its causes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CauseCategory {
    pub category: String,
    pub causes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Problem {
    pub id: ProblemId,
    pub number: String,
    pub title: String,
    pub description: String,
    #[ts(type = "number | null")]
    pub priority: Option<i64>,
    pub state: ProblemState,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub root_cause: String,
    pub workaround: String,
    pub five_whys: Vec<String>,
    pub ishikawa: Vec<CauseCategory>,
    pub incidents: u64,
    pub known_error_at: Option<String>,
    pub created_at: String,
    /// The moves the window offers from its state.
    pub next_states: Vec<ProblemState>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ProblemInput {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub priority: Option<i64>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    #[serde(default)]
    pub root_cause: String,
    #[serde(default)]
    pub workaround: String,
    #[serde(default)]
    pub five_whys: Vec<String>,
    #[serde(default)]
    pub ishikawa: Vec<CauseCategory>,
}

const SELECT: &str = "p.id, p.number, p.title, p.description, p.priority, p.state, p.owner_id, o.name, p.root_cause, p.workaround, p.five_whys, p.ishikawa,
    (SELECT count(*) FROM links l WHERE l.to_kind = 'problem' AND l.to_id = p.id AND l.link_type = 'caused_by' AND l.from_kind = 'incident'),
    p.known_error_at, p.created_at";
const FROM: &str = "problems p LEFT JOIN people o ON o.id = p.owner_id";
static FIELDS: &[Field] = &[
    Field { name: "number", sql: "p.number", sortable: true, filterable: true },
    Field { name: "state", sql: "p.state", sortable: true, filterable: true },
    Field { name: "priority", sql: "p.priority", sortable: true, filterable: true },
    Field { name: "created_at", sql: "p.created_at", sortable: true, filterable: false },
];
static LIST: ListSpec = ListSpec { table: "problems p", from: FROM, id: "p.id", fields: FIELDS, default_sort: "created_at", search: Some(RecordKind::Problem), like_fields: &[], counts: None, memberships: &[], query: None };

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Problem> {
    let (whys, fish): (String, String) = (r.get(10)?, r.get(11)?);
    Ok(Problem {
        id: ProblemId(r.get(0)?),
        number: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
        priority: r.get(4)?,
        state: r.get(5)?,
        owner_id: r.get(6)?,
        owner: r.get(7)?,
        root_cause: r.get(8)?,
        workaround: r.get(9)?,
        five_whys: serde_json::from_str(&whys).unwrap_or_default(),
        ishikawa: serde_json::from_str(&fish).unwrap_or_default(),
        incidents: r.get(12)?,
        known_error_at: r.get(13)?,
        created_at: r.get(14)?,
        next_states: r.get::<_, ProblemState>(5)?.next_states(),
    })
}

pub(crate) fn fetch(conn: &Connection, id: ProblemId) -> Result<Problem> {
    conn.query_row(&format!("SELECT {SELECT} FROM {FROM} WHERE p.id = ?1"), [id.0], map)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Problem", id: id.0.to_string() })
}

pub fn get_problem(ws: &Workspace, id: ProblemId) -> Result<Problem> {
    fetch(ws.conn(), id)
}

pub fn list_problems(ws: &Workspace, req: &ListRequest) -> Result<Page<Problem>> {
    list::run(ws.conn(), &LIST, req, SELECT, map)
}

struct Checked {
    title: String,
    description: String,
    root_cause: String,
    workaround: String,
    whys: String,
    fish: String,
}

fn check(conn: &Connection, input: &ProblemInput) -> Result<Checked> {
    validate::exists(conn, "people", input.owner_id, "owner_id", "owner")?;
    if let Some(p) = input.priority {
        if !(1..=5).contains(&p) {
            return Err(CoreError::validation("priority", "Priorities run from 1 to 5."));
        }
    }
    if input.five_whys.len() > 10 || input.ishikawa.len() > 12 {
        return Err(CoreError::validation("five_whys", "Keep the analysis to at most 10 whys and 12 cause categories."));
    }
    let whys: Vec<String> = input.five_whys.iter().map(|w| validate::text("five_whys", w, 2000)).collect::<Result<_>>()?;
    let fish: Vec<CauseCategory> = input
        .ishikawa
        .iter()
        .map(|c| Ok(CauseCategory { category: validate::name("ishikawa", &c.category, 100)?, causes: c.causes.iter().map(|x| validate::text("ishikawa", x, 2000)).collect::<Result<_>>()? }))
        .collect::<Result<_>>()?;
    Ok(Checked {
        title: validate::name("title", &input.title, 300)?,
        description: validate::text("description", &input.description, 50_000)?,
        root_cause: validate::text("root_cause", &input.root_cause, 20_000)?,
        workaround: validate::text("workaround", &input.workaround, 20_000)?,
        whys: serde_json::to_string(&whys).unwrap_or_else(|_| "[]".into()),
        fish: serde_json::to_string(&fish).unwrap_or_else(|_| "[]".into()),
    })
}

/// Opens a problem, linking the given incidents to it ("is caused by").
pub fn create_problem(ws: &Workspace, input: &ProblemInput, incidents: &[i64]) -> Result<Problem> {
    ws.write(|tx| {
        let c = check(tx, input)?;
        let number = crate::record::next_number(tx, "problems", "PRB")?;
        tx.execute(
            "INSERT INTO problems (number, title, description, priority, state, owner_id, root_cause, workaround, five_whys, ishikawa, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'new', ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
            params![number, c.title, c.description, input.priority, input.owner_id, c.root_cause, c.workaround, c.whys, c.fish, tx.at()],
        )?;
        let id = ProblemId(tx.last_insert_rowid());
        tx.audit(Action::created("problem.created"), RecordRef::new(RecordKind::Problem, id.0), serde_json::json!({"number": number, "title": c.title}))?;
        link_in(tx, id, incidents)?;
        fetch(tx, id)
    })
}

pub fn update_problem(ws: &Workspace, id: ProblemId, input: &ProblemInput) -> Result<Problem> {
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        let c = check(tx, input)?;
        tx.execute(
            "UPDATE problems SET title = ?2, description = ?3, priority = ?4, owner_id = ?5, root_cause = ?6, workaround = ?7, five_whys = ?8, ishikawa = ?9, updated_at = ?10 WHERE id = ?1",
            params![id.0, c.title, c.description, input.priority, input.owner_id, c.root_cause, c.workaround, c.whys, c.fish, tx.at()],
        )?;
        let after = fetch(tx, id)?;
        tx.audit(Action::did("problem.updated"), RecordRef::new(RecordKind::Problem, id.0), validate::diff(&serde_json::to_value(&before).unwrap_or_default(), &serde_json::to_value(&after).unwrap_or_default()))?;
        Ok(after)
    })
}

pub fn transition_problem(ws: &Workspace, id: ProblemId, to: ProblemState) -> Result<Problem> {
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        if !before.state.can_move_to(to) {
            return Err(CoreError::validation("to", format!("{} cannot go from {} to {}.", before.number, before.state.label().to_lowercase(), to.label().to_lowercase())));
        }
        if to == ProblemState::KnownError && before.workaround.trim().is_empty() {
            return Err(CoreError::validation("workaround", "A known error records its workaround, so the desk can use it."));
        }
        tx.execute(
            "UPDATE problems SET state = ?1, updated_at = ?2, known_error_at = CASE WHEN ?1 = 'known_error' THEN coalesce(known_error_at, ?2) ELSE known_error_at END WHERE id = ?3",
            params![to, tx.at(), id.0],
        )?;
        tx.audit(Action::did("problem.state_changed"), RecordRef::new(RecordKind::Problem, id.0), serde_json::json!({"number": before.number, "state": {"from": before.state, "to": to}}))?;
        fetch(tx, id)
    })
}

fn link_in(tx: &Tx<'_>, id: ProblemId, incidents: &[i64]) -> Result<u64> {
    let mut n = 0;
    for i in incidents {
        validate::exists(tx, "incidents", Some(*i), "incidents", "incident")?;
        let link = crate::links::NewLink { from: RecordRef { kind: RecordKind::Incident, id: *i }, link_type: LinkType::CausedBy, to: RecordRef { kind: RecordKind::Problem, id: id.0 } };
        n += crate::links::ensure_in(tx, &link)? as u64;
    }
    if n > 0 {
        tx.audit(Action::did("problem.incidents_linked"), RecordRef::new(RecordKind::Problem, id.0), serde_json::json!({"incidents": n}))?;
    }
    Ok(n)
}

/// Links many incidents to a problem at once; returns how many were new.
pub fn link_incidents(ws: &Workspace, id: ProblemId, incidents: &[i64]) -> Result<u64> {
    ws.write(|tx| {
        fetch(tx, id)?;
        link_in(tx, id, incidents)
    })
}

/// What an incident is about, as far as matching known errors goes: an incident on record or
/// one being logged.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct KnownErrorQuery {
    #[serde(default)]
    #[ts(type = "number | null")]
    pub ci_id: Option<i64>,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub title: String,
}

/// Known errors whose workaround may help with this incident.
pub fn known_errors_for(ws: &Workspace, incident: crate::incidents::IncidentId) -> Result<Vec<Problem>> {
    let i = crate::incidents::fetch(ws.conn(), incident)?;
    known_errors_matching(ws, &KnownErrorQuery { ci_id: i.ci_id, category: i.category, title: i.title })
}

/// Known errors with linked incidents on the same CI or in the same category, or with words
/// of the title in the problem's number, title, description, root cause or workaround.
pub fn known_errors_matching(ws: &Workspace, q: &KnownErrorQuery) -> Result<Vec<Problem>> {
    let words = crate::list::fts_query(&q.title, crate::list::Words::Any);
    let sql = format!(
        "SELECT {SELECT} FROM {FROM} WHERE p.state = 'known_error' AND (
            p.id IN (SELECT l.to_id FROM links l JOIN incidents x ON x.id = l.from_id
                      WHERE l.from_kind = 'incident' AND l.link_type = 'caused_by' AND l.to_kind = 'problem'
                        AND ((?1 IS NOT NULL AND x.ci_id = ?1) OR (?2 <> '' AND x.category = ?2 COLLATE NOCASE)))
            OR (?3 IS NOT NULL AND p.id IN (SELECT rowid - 13 * 1099511627776 FROM search_index WHERE search_index MATCH ?3 AND rowid >= 13 * 1099511627776)))
         ORDER BY p.known_error_at DESC LIMIT 5"
    );
    let rows = ws.conn().prepare(&sql)?.query_map(params![q.ci_id, q.category.trim(), words], map)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// What problem management reports: problems by state, open ones by age, incidents per
/// problem, and how long it takes to reach a known error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ProblemFigures {
    #[ts(type = "Record<string, number>")]
    pub by_state: std::collections::BTreeMap<String, u64>,
    /// Open problems by age: under 30 days, 30 to 90, over 90.
    #[ts(type = "[number, number, number]")]
    pub open_by_age: [u64; 3],
    pub incidents_per_problem: Option<f64>,
    /// Median days from opening a problem to its known error.
    pub days_to_known_error: Option<f64>,
}

pub fn figures(ws: &Workspace) -> Result<ProblemFigures> {
    let conn = ws.conn();
    let mut by_state = std::collections::BTreeMap::new();
    for s in ProblemState::ALL {
        by_state.insert(s.as_str().to_string(), 0);
    }
    for row in conn.prepare("SELECT state, count(*) FROM problems GROUP BY state")?.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u64>(1)?)))? {
        let (s, n) = row?;
        by_state.insert(s, n);
    }
    let now = crate::time::to_text(ws.now());
    let (young, mid, old): (u64, u64, u64) = conn.query_row(
        "SELECT count(CASE WHEN d < 30 THEN 1 END), count(CASE WHEN d >= 30 AND d <= 90 THEN 1 END), count(CASE WHEN d > 90 THEN 1 END)
           FROM (SELECT julianday(?1) - julianday(created_at) AS d FROM problems WHERE state NOT IN ('resolved', 'closed'))",
        [&now],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let (problems, linked): (u64, u64) = conn.query_row(
        "SELECT (SELECT count(*) FROM problems), (SELECT count(*) FROM links WHERE from_kind = 'incident' AND link_type = 'caused_by' AND to_kind = 'problem')",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut days: Vec<f64> = conn
        .prepare("SELECT julianday(known_error_at) - julianday(created_at) FROM problems WHERE known_error_at IS NOT NULL")?
        .query_map([], |r| r.get::<_, f64>(0))?
        .collect::<rusqlite::Result<_>>()?;
    days.sort_by(|a, b| a.total_cmp(b));
    Ok(ProblemFigures {
        by_state,
        open_by_age: [young, mid, old],
        incidents_per_problem: (problems > 0).then(|| (linked as f64 * 10.0 / problems as f64).round() / 10.0),
        days_to_known_error: days.get(days.len() / 2).map(|d| (d * 10.0).round() / 10.0),
    })
}
