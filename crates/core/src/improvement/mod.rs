//! Continual improvement: the register of improvement initiatives (value and effort give
//! the priority; states from proposed to closed), the continual improvement model's seven
//! steps as each initiative's notes, what motivated it (links), and its measures
//! (`measures.rs`), some of them Steward's own figures sampled by itself.

pub(crate) mod demo;

pub mod measures;
#[cfg(test)]
mod tests;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::assessments::{practices, AssessmentId};
use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::links::{LinkType, NewLink};
use crate::list::{self, Field, ListRequest, ListSpec, Page};
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Tx, Workspace};

/// What the practice registry knows of continual improvement (`crate::PRACTICES`).
pub(crate) const KINDS: &[crate::record::RecordKind] = &[crate::record::RecordKind::Initiative];
pub(crate) const DEMO: Option<crate::practice::DemoPart> = Some(demo::continual_improvement);

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct InitiativeId(pub i64);

labelled_enum!(
    InitiativeStatus {
        Proposed = "proposed": "Proposed",
        Accepted = "accepted": "Accepted",
        InProgress = "in_progress": "In progress",
        OnHold = "on_hold": "On hold",
        Monitoring = "monitoring": "Monitoring",
        Successful = "closed_successful": "Closed: successful",
        Unsuccessful = "closed_unsuccessful": "Closed: unsuccessful",
        Withdrawn = "withdrawn": "Withdrawn",
    }
);

impl InitiativeStatus {
    pub fn is_closed(self) -> bool {
        matches!(self, InitiativeStatus::Successful | InitiativeStatus::Unsuccessful | InitiativeStatus::Withdrawn)
    }

    /// The moves from here: on through the work, hold and resume, close when monitored;
    /// withdraw any time before it closes.
    pub fn next_states(self) -> Vec<InitiativeStatus> {
        use InitiativeStatus::*;
        match self {
            Proposed => vec![Accepted, Withdrawn],
            Accepted => vec![InProgress, OnHold, Withdrawn],
            InProgress => vec![Monitoring, OnHold, Withdrawn],
            OnHold => vec![InProgress, Withdrawn],
            Monitoring => vec![Successful, Unsuccessful, InProgress],
            Successful | Unsuccessful | Withdrawn => vec![],
        }
    }
}

labelled_enum!(
    /// The continual improvement model's seven questions, in order.
    Step {
        Vision = "vision": "What is the vision?",
        Now = "where_now": "Where are we now?",
        Want = "where_want": "Where do we want to be?",
        How = "how": "How do we get there?",
        Act = "act": "Take action",
        Check = "check": "Did we get there?",
        Momentum = "momentum": "How do we keep the momentum going?",
    }
);

labelled_enum!(
    /// Where value and effort put an initiative (value and effort from 1 to 5; 3 and above
    /// is high).
    Priority {
        QuickWin = "quick_win": "Quick win",
        MajorProject = "major_project": "Major project",
        FillIn = "fill_in": "Fill-in",
        Reconsider = "reconsider": "Reconsider",
    }
);

impl Priority {
    pub fn of(value: u8, effort: u8) -> Priority {
        match (value >= 3, effort >= 3) {
            (true, false) => Priority::QuickWin,
            (true, true) => Priority::MajorProject,
            (false, false) => Priority::FillIn,
            (false, true) => Priority::Reconsider,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StepNote {
    pub step: Step,
    pub notes: String,
    pub done_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Initiative {
    pub id: InitiativeId,
    pub number: String,
    pub title: String,
    pub description: String,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub value: u8,
    pub effort: u8,
    pub priority: Priority,
    pub status: InitiativeStatus,
    pub practices: Vec<String>,
    pub due_on: Option<String>,
    pub created_at: String,
    pub closed_at: Option<String>,
    pub next_states: Vec<InitiativeStatus>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct InitiativeInput {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    pub value: u8,
    pub effort: u8,
    #[serde(default)]
    pub practices: Vec<String>,
    #[serde(default)]
    pub due_on: Option<String>,
}

/// An initiative with its steps, measures and what motivated it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InitiativeDetail {
    pub initiative: Initiative,
    pub steps: Vec<StepNote>,
    pub measures: Vec<measures::Measure>,
}

const SELECT: &str = "i.id, i.number, i.title, i.description, i.owner_id, o.name, i.value, i.effort, i.status, i.practices, i.due_on, i.created_at, i.closed_at";
const FROM: &str = "initiatives i LEFT JOIN people o ON o.id = i.owner_id";
static FIELDS: &[Field] = &[
    Field { name: "number", sql: "i.number", sortable: true, filterable: true },
    Field { name: "status", sql: "i.status", sortable: true, filterable: true },
    Field { name: "value", sql: "i.value", sortable: true, filterable: true },
    Field { name: "effort", sql: "i.effort", sortable: true, filterable: true },
    Field { name: "due_on", sql: "i.due_on", sortable: true, filterable: false },
    Field { name: "created_at", sql: "i.created_at", sortable: true, filterable: false },
];
static LIST: ListSpec = ListSpec { table: "initiatives i", from: FROM, id: "i.id", fields: FIELDS, default_sort: "created_at", search: Some(RecordKind::Initiative), like_fields: &[], counts: None, memberships: &[], query: None };

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Initiative> {
    let (value, effort, status): (u8, u8, InitiativeStatus) = (r.get(6)?, r.get(7)?, r.get(8)?);
    let practices: String = r.get(9)?;
    Ok(Initiative {
        id: InitiativeId(r.get(0)?),
        number: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
        owner_id: r.get(4)?,
        owner: r.get(5)?,
        value,
        effort,
        priority: Priority::of(value, effort),
        status,
        practices: serde_json::from_str(&practices).unwrap_or_default(),
        due_on: r.get(10)?,
        created_at: r.get(11)?,
        closed_at: r.get(12)?,
        next_states: status.next_states(),
    })
}

pub(crate) fn fetch(conn: &Connection, id: InitiativeId) -> Result<Initiative> {
    conn.query_row(&format!("SELECT {SELECT} FROM {FROM} WHERE i.id = ?1"), [id.0], map)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Initiative", id: id.0.to_string() })
}

fn detail(conn: &Connection, id: InitiativeId) -> Result<InitiativeDetail> {
    let initiative = fetch(conn, id)?;
    let kept: Vec<StepNote> = conn
        .prepare_cached("SELECT step, notes, done_on FROM initiative_steps WHERE initiative_id = ?1")?
        .query_map([id.0], |r| Ok(StepNote { step: r.get(0)?, notes: r.get(1)?, done_on: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?;
    let steps = Step::ALL.iter().map(|s| kept.iter().find(|k| k.step == *s).cloned().unwrap_or(StepNote { step: *s, notes: String::new(), done_on: None })).collect();
    Ok(InitiativeDetail { initiative, steps, measures: measures::of(conn, id)? })
}

pub fn get_initiative(ws: &Workspace, id: InitiativeId) -> Result<InitiativeDetail> {
    detail(ws.conn(), id)
}

pub fn list_initiatives(ws: &Workspace, req: &ListRequest) -> Result<Page<Initiative>> {
    list::run(ws.conn(), &LIST, req, SELECT, map)
}

struct Checked {
    title: String,
    description: String,
    practices: String,
    due_on: Option<String>,
}

fn date(field: &str, d: Option<&str>) -> Result<Option<String>> {
    match d.map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(None),
        Some(d) => Ok(Some(chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| CoreError::validation(field, format!("\"{d}\" is not a date (YYYY-MM-DD).")))?.to_string())),
    }
}

fn check(conn: &Connection, input: &InitiativeInput) -> Result<Checked> {
    validate::exists(conn, "people", input.owner_id, "owner_id", "owner")?;
    for (field, v) in [("value", input.value), ("effort", input.effort)] {
        if !(1..=5).contains(&v) {
            return Err(CoreError::validation(field, format!("The {field} is from 1 (low) to 5 (high).")));
        }
    }
    let mut names: Vec<&'static str> = Vec::new();
    for p in input.practices.iter().filter(|p| !p.trim().is_empty()) {
        let n = practices::named("practices", p)?;
        if !names.contains(&n) {
            names.push(n);
        }
    }
    Ok(Checked {
        title: validate::name("title", &input.title, 300)?,
        description: validate::text("description", &input.description, 50_000)?,
        practices: serde_json::to_string(&names).unwrap_or_else(|_| "[]".into()),
        due_on: date("due_on", input.due_on.as_deref())?,
    })
}

pub(crate) fn create_in(tx: &Tx<'_>, input: &InitiativeInput) -> Result<InitiativeId> {
    let c = check(tx, input)?;
    let number = crate::record::next_number(tx, "initiatives", "IMP")?;
    tx.execute(
        "INSERT INTO initiatives (number, title, description, owner_id, value, effort, status, practices, due_on, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'proposed', ?7, ?8, ?9, ?9)",
        params![number, c.title, c.description, input.owner_id, input.value, input.effort, c.practices, c.due_on, tx.at()],
    )?;
    let id = InitiativeId(tx.last_insert_rowid());
    tx.audit(Action::created("initiative.created"), RecordRef::new(RecordKind::Initiative, id.0), serde_json::json!({"number": number, "title": c.title}))?;
    Ok(id)
}

/// Proposes an initiative; `motivated_by` links the records that gave rise to it.
pub fn create_initiative(ws: &Workspace, input: &InitiativeInput, motivated_by: &[RecordRef]) -> Result<InitiativeDetail> {
    ws.write(|tx| {
        let id = create_in(tx, input)?;
        for r in motivated_by {
            crate::links::ensure_in(tx, &NewLink { from: RecordRef::new(RecordKind::Initiative, id.0), link_type: LinkType::MotivatedBy, to: *r })?;
        }
        detail(tx, id)
    })
}

pub fn update_initiative(ws: &Workspace, id: InitiativeId, input: &InitiativeInput) -> Result<InitiativeDetail> {
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        let c = check(tx, input)?;
        tx.execute(
            "UPDATE initiatives SET title = ?2, description = ?3, owner_id = ?4, value = ?5, effort = ?6, practices = ?7, due_on = ?8, updated_at = ?9 WHERE id = ?1",
            params![id.0, c.title, c.description, input.owner_id, input.value, input.effort, c.practices, c.due_on, tx.at()],
        )?;
        let after = fetch(tx, id)?;
        tx.audit(Action::did("initiative.updated"), RecordRef::new(RecordKind::Initiative, id.0), validate::diff(&serde_json::to_value(&before).unwrap_or_default(), &serde_json::to_value(&after).unwrap_or_default()))?;
        detail(tx, id)
    })
}

pub fn transition_initiative(ws: &Workspace, id: InitiativeId, to: InitiativeStatus) -> Result<InitiativeDetail> {
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        if !before.status.next_states().contains(&to) {
            return Err(CoreError::validation("to", format!("{} cannot go from {} to {}.", before.number, before.status.label().to_lowercase(), to.label().to_lowercase())));
        }
        tx.execute(
            "UPDATE initiatives SET status = ?2, updated_at = ?3, closed_at = CASE WHEN ?4 THEN ?3 END WHERE id = ?1",
            params![id.0, to, tx.at(), to.is_closed()],
        )?;
        tx.audit(Action::did("initiative.status_changed"), RecordRef::new(RecordKind::Initiative, id.0), serde_json::json!({"number": before.number, "status": {"from": before.status, "to": to}}))?;
        detail(tx, id)
    })
}

/// Keeps one step's notes and the day it was done (None: not yet).
pub fn set_step(ws: &Workspace, id: InitiativeId, step: Step, notes: &str, done_on: Option<&str>) -> Result<InitiativeDetail> {
    ws.write(|tx| {
        let i = fetch(tx, id)?;
        let notes = validate::text("notes", notes, 50_000)?;
        let done_on = date("done_on", done_on)?;
        tx.execute(
            "INSERT INTO initiative_steps (initiative_id, step, notes, done_on) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (initiative_id, step) DO UPDATE SET notes = excluded.notes, done_on = excluded.done_on",
            params![id.0, step, notes, done_on],
        )?;
        tx.audit(Action::did("initiative.step_noted"), RecordRef::new(RecordKind::Initiative, id.0), serde_json::json!({"number": i.number, "step": step, "done_on": done_on}))?;
        detail(tx, id)
    })
}

/// Turns an assessment's gap for one practice into an initiative in one action: the
/// practice's current and target level become its measure (the assessed level, sampled
/// from the latest assessment of the practice), the assessment what motivated it.
pub fn from_gap(ws: &Workspace, assessment: AssessmentId, practice: &str) -> Result<InitiativeDetail> {
    let results = crate::assessments::score::results(ws, assessment)?;
    let name = practices::named("practice", practice)?;
    let p = results.practices.iter().find(|p| p.practice == name).ok_or_else(|| CoreError::validation("practice", format!("{name} is not in the scope of this assessment.")))?;
    let target = p.target.filter(|t| *t > p.level).unwrap_or((p.level + 1).min(5));
    if target <= p.level {
        return Err(CoreError::validation("practice", format!("{name} is already at level {}: there is no gap to close.", p.level)));
    }
    let gap: Vec<String> = p.gap.iter().map(|g| format!("- {}", g.text)).collect();
    let due = ws.now().date_naive().checked_add_months(chrono::Months::new(6)).map(|d| d.to_string());
    let input = InitiativeInput {
        title: format!("Raise {name} to capability level {target}"),
        description: format!("From the assessment \"{}\": {name} is at level {}, the target is {target}.\n\nWhat keeps it from level {}:\n{}", results.assessment.name, p.level, p.level + 1, gap.join("\n")),
        owner_id: None,
        value: 4,
        effort: 3,
        practices: vec![name.to_string()],
        due_on: due.clone(),
    };
    ws.write(|tx| {
        let id = create_in(tx, &input)?;
        crate::links::ensure_in(tx, &NewLink { from: RecordRef::new(RecordKind::Initiative, id.0), link_type: LinkType::MotivatedBy, to: RecordRef::new(RecordKind::Assessment, assessment.0) })?;
        measures::add_in(tx, id, &measures::MeasureInput {
            name: format!("Capability level of {name}"),
            metric: measures::MeasureKind::PracticeLevel,
            subject: Some(name.to_string()),
            unit: "level".into(),
            baseline: p.level as f64,
            target: target as f64,
            due_on: due.clone(),
        })?;
        detail(tx, id)
    })
}

/// What the register reports: initiatives by status, overdue ones (past their due day and
/// not closed), and the share of measures that reached their target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImprovementFigures {
    #[ts(type = "Record<string, number>")]
    pub by_status: std::collections::BTreeMap<String, u64>,
    pub overdue: u64,
    pub measures: u64,
    pub measures_reached: u64,
}

pub fn figures(ws: &Workspace) -> Result<ImprovementFigures> {
    let conn = ws.conn();
    let mut by_status: std::collections::BTreeMap<String, u64> = InitiativeStatus::ALL.iter().map(|s| (s.as_str().to_string(), 0)).collect();
    for row in conn.prepare("SELECT status, count(*) FROM initiatives GROUP BY status")?.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u64>(1)?)))? {
        let (s, n) = row?;
        by_status.insert(s, n);
    }
    let today = ws.now().date_naive().to_string();
    let closed = "('closed_successful', 'closed_unsuccessful', 'withdrawn')";
    let overdue: u64 = conn.query_row(&format!("SELECT count(*) FROM initiatives WHERE due_on < ?1 AND status NOT IN {closed}"), [&today], |r| r.get(0))?;
    let all = measures::all(conn)?;
    Ok(ImprovementFigures { by_status, overdue, measures: all.len() as u64, measures_reached: all.iter().filter(|m| m.reached).count() as u64 })
}
