//! Practice capability assessments: an assessment of an organisation over practices in scope,
//! answered criterion by criterion against the user's own criteria pack (`criteria.rs`),
//! scored by the contract's rule (`score.rs`). A done assessment is locked: its criteria and
//! answers are kept as they were (`assessment_kept`), so editing the pack later never
//! rewrites it.

pub(crate) mod demo;

pub mod answers;
pub mod criteria;
pub mod evidence;
pub mod export;
pub mod facts;
pub mod practices;
pub mod score;
#[cfg(test)]
mod tests;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Tx, Workspace};

pub use criteria::{Criterion, CriterionId};

/// What the practice registry knows of capability assessments (`crate::PRACTICES`).
pub(crate) const KINDS: &[crate::record::RecordKind] = &[crate::record::RecordKind::Assessment, crate::record::RecordKind::Criterion];
pub(crate) const DEMO: Option<crate::practice::DemoPart> = Some(demo::capability_assessments);

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct AssessmentId(pub i64);

labelled_enum!(
    AssessmentStatus {
        Planned = "planned": "Planned",
        InProgress = "in_progress": "In progress",
        InReview = "in_review": "In review",
        Done = "done": "Done",
    }
);

impl AssessmentStatus {
    /// The moves from here: forward, or back one step while not done; done is final.
    pub fn next_states(self) -> Vec<AssessmentStatus> {
        use AssessmentStatus::*;
        match self {
            Planned => vec![InProgress],
            InProgress => vec![InReview, Planned],
            InReview => vec![Done, InProgress],
            Done => vec![],
        }
    }
}

labelled_enum!(
    Answer {
        Met = "met": "Met",
        Partly = "partly": "Partly met",
        NotMet = "not_met": "Not met",
        Na = "na": "Not applicable",
    }
);

impl Answer {
    /// The answer a cell means: the stored words, the labels, or "not met", "n/a".
    pub fn read(s: &str) -> Option<Answer> {
        let t = s.trim().to_lowercase();
        Answer::parse(&t).or(match t.as_str() {
            "not met" | "notmet" | "no" => Some(Answer::NotMet),
            "n/a" | "not applicable" => Some(Answer::Na),
            "partly met" | "partial" | "partially" => Some(Answer::Partly),
            "yes" => Some(Answer::Met),
            _ => None,
        })
    }
}

labelled_enum!(
    /// ITIL 4's four dimensions of service management.
    Dimension {
        People = "organizations_and_people": "Organizations and people",
        Technology = "information_and_technology": "Information and technology",
        Partners = "partners_and_suppliers": "Partners and suppliers",
        ValueStreams = "value_streams_and_processes": "Value streams and processes",
    }
);

impl Dimension {
    /// The dimension a cell names (its label, its stored word, British spelling too).
    pub fn read(s: &str) -> Option<Dimension> {
        Dimension::parse(&s.trim().replace("organisations", "organizations").replace("Organisations", "Organizations"))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Assessment {
    pub id: AssessmentId,
    pub name: String,
    pub organisation: String,
    pub assessors: String,
    pub held_on: Option<String>,
    pub status: AssessmentStatus,
    /// The practices in scope, in the catalogue's order.
    pub practices: Vec<String>,
    pub created_at: String,
    pub done_at: Option<String>,
    pub next_states: Vec<AssessmentStatus>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct AssessmentInput {
    pub name: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub assessors: String,
    #[serde(default)]
    pub held_on: Option<String>,
    /// Practice names (any of the 34, old names accepted); none: the practices the criteria
    /// pack covers, or Steward's thirteen when it is empty.
    #[serde(default)]
    pub practices: Vec<String>,
}

const SELECT: &str = "a.id, a.name, a.organisation, a.assessors, a.held_on, a.status, a.created_at, a.done_at";

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Assessment> {
    let status: AssessmentStatus = r.get(5)?;
    Ok(Assessment {
        id: AssessmentId(r.get(0)?),
        name: r.get(1)?,
        organisation: r.get(2)?,
        assessors: r.get(3)?,
        held_on: r.get(4)?,
        status,
        practices: vec![],
        created_at: r.get(6)?,
        done_at: r.get(7)?,
        next_states: status.next_states(),
    })
}

pub(crate) fn fetch(conn: &Connection, id: AssessmentId) -> Result<Assessment> {
    let mut a = conn
        .query_row(&format!("SELECT {SELECT} FROM assessments a WHERE a.id = ?1"), [id.0], map)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Assessment", id: id.0.to_string() })?;
    a.practices = scope(conn, id)?;
    Ok(a)
}

/// The practices in scope, in the catalogue's order.
pub(crate) fn scope(conn: &Connection, id: AssessmentId) -> Result<Vec<String>> {
    let mut names: Vec<String> = conn.prepare_cached("SELECT practice FROM assessment_practices WHERE assessment_id = ?1")?.query_map([id.0], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    names.sort_by_key(|n| practices::rank(n));
    Ok(names)
}

pub fn get_assessment(ws: &Workspace, id: AssessmentId) -> Result<Assessment> {
    fetch(ws.conn(), id)
}

/// Every assessment, the latest held first.
pub fn list_assessments(ws: &Workspace) -> Result<Vec<Assessment>> {
    let conn = ws.conn();
    let rows: Vec<Assessment> = conn
        .prepare(&format!("SELECT {SELECT} FROM assessments a ORDER BY coalesce(a.held_on, substr(a.created_at, 1, 10)) DESC, a.id DESC"))?
        .query_map([], map)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(|mut a| {
        a.practices = scope(conn, a.id)?;
        Ok(a)
    }).collect()
}

struct Checked {
    name: String,
    organisation: String,
    assessors: String,
    held_on: Option<String>,
    practices: Vec<&'static str>,
}

fn check(tx: &Tx<'_>, input: &AssessmentInput) -> Result<Checked> {
    let held_on = match input.held_on.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(d) => Some(chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| CoreError::validation("held_on", format!("\"{d}\" is not a date (YYYY-MM-DD).")))?.to_string()),
    };
    let mut chosen: Vec<&'static str> = Vec::new();
    for p in input.practices.iter().filter(|p| !p.trim().is_empty()) {
        let name = practices::named("practices", p)?;
        if !chosen.contains(&name) {
            chosen.push(name);
        }
    }
    if chosen.is_empty() && input.practices.iter().all(|p| p.trim().is_empty()) {
        let covered: Vec<String> = tx.prepare_cached("SELECT DISTINCT practice FROM criteria")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        chosen = practices::all().iter().filter(|p| covered.contains(&p.name)).map(|p| p.name.as_str()).collect();
        if chosen.is_empty() {
            chosen = practices::STEWARD_PRACTICES.to_vec();
        }
    }
    Ok(Checked {
        name: validate::name("name", &input.name, 200)?,
        organisation: validate::line("organisation", &input.organisation, 200)?,
        assessors: validate::line("assessors", &input.assessors, 500)?,
        held_on,
        practices: chosen,
    })
}

/// Plans an assessment of the practices asked for (see [`AssessmentInput::practices`]).
pub fn create_assessment(ws: &Workspace, input: &AssessmentInput) -> Result<Assessment> {
    ws.write(|tx| {
        let c = check(tx, input)?;
        tx.execute(
            "INSERT INTO assessments (name, organisation, assessors, held_on, status, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'planned', ?5, ?5)",
            params![c.name, c.organisation, c.assessors, c.held_on, tx.at()],
        )?;
        let id = AssessmentId(tx.last_insert_rowid());
        for p in &c.practices {
            tx.execute("INSERT INTO assessment_practices (assessment_id, practice) VALUES (?1, ?2)", params![id.0, p])?;
        }
        tx.audit(Action::created("assessment.created"), RecordRef::new(RecordKind::Assessment, id.0), serde_json::json!({"name": c.name, "practices": c.practices}))?;
        fetch(tx, id)
    })
}

/// Changes what an assessment is (name, organisation, assessors, date, practices) while it
/// is not done; answers to practices taken out of scope go with them.
pub fn update_assessment(ws: &Workspace, id: AssessmentId, input: &AssessmentInput) -> Result<Assessment> {
    ws.write(|tx| {
        let before = open_for_change(tx, id)?;
        let c = check(tx, input)?;
        tx.execute(
            "UPDATE assessments SET name = ?2, organisation = ?3, assessors = ?4, held_on = ?5, updated_at = ?6 WHERE id = ?1",
            params![id.0, c.name, c.organisation, c.assessors, c.held_on, tx.at()],
        )?;
        for gone in before.practices.iter().filter(|p| !c.practices.contains(&p.as_str())) {
            tx.execute("DELETE FROM assessment_practices WHERE assessment_id = ?1 AND practice = ?2", params![id.0, gone])?;
        }
        tx.execute("DELETE FROM assessment_answers WHERE assessment_id = ?1 AND criterion_id NOT IN (SELECT c.id FROM criteria c JOIN assessment_practices p ON p.practice = c.practice AND p.assessment_id = ?1)", [id.0])?;
        for p in &c.practices {
            tx.execute("INSERT OR IGNORE INTO assessment_practices (assessment_id, practice) VALUES (?1, ?2)", params![id.0, p])?;
        }
        let after = fetch(tx, id)?;
        tx.audit(Action::did("assessment.updated"), RecordRef::new(RecordKind::Assessment, id.0), validate::diff(&serde_json::to_value(&before).unwrap_or_default(), &serde_json::to_value(&after).unwrap_or_default()))?;
        Ok(after)
    })
}

/// The assessment, refusing with the reason when it is done (locked).
pub(crate) fn open_for_change(tx: &Tx<'_>, id: AssessmentId) -> Result<Assessment> {
    let a = fetch(tx, id)?;
    if a.status == AssessmentStatus::Done {
        return Err(CoreError::Conflict(format!(
            "The assessment \"{}\" is done and locked: its answers and figures stay as they were. Plan a new assessment to assess again.",
            a.name
        )));
    }
    Ok(a)
}

/// Moves an assessment on (or back); marking it done keeps its criteria and answers as they
/// are, so its figures never change after.
pub fn transition_assessment(ws: &Workspace, id: AssessmentId, to: AssessmentStatus) -> Result<Assessment> {
    ws.write(|tx| {
        let before = open_for_change(tx, id)?;
        if !before.status.next_states().contains(&to) {
            return Err(CoreError::validation("to", format!("An assessment cannot go from {} to {}.", before.status.label().to_lowercase(), to.label().to_lowercase())));
        }
        if to == AssessmentStatus::Done {
            let missing = evidence::met_without_evidence(tx, id)?;
            if missing > 0 {
                return Err(CoreError::validation("to", format!(
                    "{missing} criteria answered met have no evidence, and the workspace's rule asks for evidence of every one. Attach it, or change the answer, before marking the assessment done."
                )));
            }
        }
        tx.execute("UPDATE assessments SET status = ?2, updated_at = ?3, done_at = CASE WHEN ?2 = 'done' THEN ?3 END WHERE id = ?1", params![id.0, to, tx.at()])?;
        if to == AssessmentStatus::Done {
            tx.execute(
                "INSERT INTO assessment_kept (assessment_id, criterion_id, practice, level, text, dimension, position, answer, note)
                 SELECT ?1, c.id, c.practice, c.level, c.text, c.dimension, c.position, a.answer, coalesce(a.note, '')
                   FROM criteria c JOIN assessment_practices p ON p.practice = c.practice AND p.assessment_id = ?1
                   LEFT JOIN assessment_answers a ON a.assessment_id = ?1 AND a.criterion_id = c.id",
                [id.0],
            )?;
        }
        tx.audit(Action::did("assessment.status_changed"), RecordRef::new(RecordKind::Assessment, id.0), serde_json::json!({"name": before.name, "status": {"from": before.status, "to": to}}))?;
        fetch(tx, id)
    })
}

/// One criterion of an assessment with its answer: live from the pack while the assessment
/// is open, as kept once it is done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Item {
    pub criterion: CriterionId,
    pub practice: String,
    pub level: u8,
    pub text: String,
    pub dimension: Option<Dimension>,
    pub answer: Option<Answer>,
    pub note: String,
}

/// Every criterion in scope with its answer, by practice (catalogue order), level and the
/// pack's order.
pub fn items(conn: &Connection, id: AssessmentId) -> Result<Vec<Item>> {
    let done: bool = conn.query_row("SELECT status = 'done' FROM assessments WHERE id = ?1", [id.0], |r| r.get(0)).optional()?.ok_or_else(|| CoreError::NotFound { kind: "Assessment", id: id.0.to_string() })?;
    let sql = if done {
        "SELECT criterion_id, practice, level, text, dimension, answer, note FROM assessment_kept WHERE assessment_id = ?1 ORDER BY level, position, criterion_id"
    } else {
        "SELECT c.id, c.practice, c.level, c.text, c.dimension, a.answer, coalesce(a.note, '')
           FROM criteria c JOIN assessment_practices p ON p.practice = c.practice AND p.assessment_id = ?1
           LEFT JOIN assessment_answers a ON a.assessment_id = ?1 AND a.criterion_id = c.id
          ORDER BY c.level, c.position, c.id"
    };
    let mut rows: Vec<Item> = conn
        .prepare_cached(sql)?
        .query_map([id.0], |r| {
            Ok(Item { criterion: CriterionId(r.get(0)?), practice: r.get(1)?, level: r.get(2)?, text: r.get(3)?, dimension: r.get(4)?, answer: r.get(5)?, note: r.get(6)? })
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.sort_by_key(|i| practices::rank(&i.practice));
    Ok(rows)
}

pub fn assessment_items(ws: &Workspace, id: AssessmentId) -> Result<Vec<Item>> {
    items(ws.conn(), id)
}

/// Answers one criterion of an open assessment (None clears the answer); a planned
/// assessment is in progress from its first answer.
pub fn answer(ws: &Workspace, id: AssessmentId, criterion: CriterionId, answer: Option<Answer>, note: &str) -> Result<Item> {
    ws.write(|tx| {
        let a = open_for_change(tx, id)?;
        let practice: String = tx
            .query_row("SELECT practice FROM criteria WHERE id = ?1", [criterion.0], |r| r.get(0))
            .optional()?
            .ok_or_else(|| CoreError::validation("criterion", "That criterion is no longer in the pack."))?;
        if !a.practices.contains(&practice) {
            return Err(CoreError::validation("criterion", format!("{practice} is not in the scope of this assessment.")));
        }
        let note = validate::text("note", note, 20_000)?;
        record_answer(tx, &a, criterion, answer, &note)?;
        items(tx, id)?.into_iter().find(|i| i.criterion == criterion).ok_or_else(|| CoreError::NotFound { kind: "Criterion", id: criterion.0.to_string() })
    })
}

/// Writes one answer: created (none before), updated, or unchanged.
pub(crate) fn record_answer(tx: &Tx<'_>, a: &Assessment, criterion: CriterionId, answer: Option<Answer>, note: &str) -> Result<crate::import::Outcome> {
    use crate::import::Outcome;
    let before: Option<(Answer, String)> = tx
        .prepare_cached("SELECT answer, note FROM assessment_answers WHERE assessment_id = ?1 AND criterion_id = ?2")?
        .query_row(params![a.id.0, criterion.0], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let now = match answer {
        Some(ans) => Some((ans, note.to_string())),
        None => None,
    };
    if before == now {
        return Ok(Outcome::Unchanged);
    }
    match &now {
        Some((ans, note)) => tx.execute(
            "INSERT INTO assessment_answers (assessment_id, criterion_id, answer, note, answered_at, answered_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (assessment_id, criterion_id) DO UPDATE SET answer = excluded.answer, note = excluded.note, answered_at = excluded.answered_at, answered_by = excluded.answered_by",
            params![a.id.0, criterion.0, ans, note, tx.at(), tx.actor().as_str()],
        )?,
        None => tx.execute("DELETE FROM assessment_answers WHERE assessment_id = ?1 AND criterion_id = ?2", params![a.id.0, criterion.0])?,
    };
    if a.status == AssessmentStatus::Planned {
        tx.execute("UPDATE assessments SET status = 'in_progress', updated_at = ?2 WHERE id = ?1 AND status = 'planned'", params![a.id.0, tx.at()])?;
    }
    tx.audit(Action::did("assessment.answered"), RecordRef::new(RecordKind::Assessment, a.id.0), serde_json::json!({
        "criterion": criterion.0, "answer": {"from": before.as_ref().map(|b| b.0), "to": now.as_ref().map(|n| n.0)},
    }))?;
    Ok(if before.is_none() { Outcome::Created } else { Outcome::Updated })
}

/// A practice's target level (1-5; None: none set) and interview notes in an open assessment.
pub fn set_practice(ws: &Workspace, id: AssessmentId, practice: &str, target: Option<u8>, notes: &str) -> Result<Assessment> {
    ws.write(|tx| {
        let a = open_for_change(tx, id)?;
        let name = practices::named("practice", practice)?;
        if !a.practices.iter().any(|p| p == name) {
            return Err(CoreError::validation("practice", format!("{name} is not in the scope of this assessment.")));
        }
        if target.is_some_and(|t| !(1..=5).contains(&t)) {
            return Err(CoreError::validation("target", "A target level is from 1 to 5."));
        }
        let notes = validate::text("notes", notes, 50_000)?;
        tx.execute("UPDATE assessment_practices SET target_level = ?3, interview_notes = ?4 WHERE assessment_id = ?1 AND practice = ?2", params![id.0, name, target, notes])?;
        tx.audit(Action::did("assessment.practice_set"), RecordRef::new(RecordKind::Assessment, id.0), serde_json::json!({"practice": name, "target": target}))?;
        fetch(tx, id)
    })
}

/// An assessment by its id as the CLI names it.
pub fn assessment_id(ws: &Workspace, id: i64) -> Result<AssessmentId> {
    fetch(ws.conn(), AssessmentId(id)).map(|a| a.id)
}
