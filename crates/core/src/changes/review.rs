//! Post-implementation review: the outcome in four words, the lessons, and the incidents the
//! change caused (incidents linked "caused by" the change). Recording it sets the change's
//! two-way outcome the figures count.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{fetch, ChangeId, ChangeState};
use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Tx, Workspace};

labelled_enum!(
    ReviewOutcome {
        Successful = "successful": "Successful",
        SuccessfulWithIssues = "successful_with_issues": "Successful with issues",
        Failed = "failed": "Failed",
        BackedOut = "backed_out": "Backed out",
    }
);

impl ReviewOutcome {
    /// The figures' two-way outcome.
    pub fn succeeded(self) -> bool {
        matches!(self, ReviewOutcome::Successful | ReviewOutcome::SuccessfulWithIssues)
    }

    /// ServiceNow's close codes ("Successful", "Successful with issues", "Unsuccessful") and
    /// the labels above.
    pub fn from_close_code(code: &str) -> Option<Self> {
        match code.trim().to_lowercase().as_str() {
            "unsuccessful" => Some(ReviewOutcome::Failed),
            "backed out" | "rolled back" => Some(ReviewOutcome::BackedOut),
            other => ReviewOutcome::parse(other),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CausedIncident {
    pub id: i64,
    pub number: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Review {
    pub outcome: ReviewOutcome,
    pub lessons: String,
    pub reviewed_at: String,
    pub reviewed_by: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReviewInput {
    pub outcome: ReviewOutcome,
    #[serde(default)]
    pub lessons: String,
}

pub(crate) fn get_in(conn: &Connection, id: ChangeId) -> Result<Option<Review>> {
    Ok(conn
        .query_row("SELECT outcome, lessons, reviewed_at, reviewed_by FROM change_reviews WHERE change_id = ?1", [id.0], |r| {
            Ok(Review { outcome: r.get(0)?, lessons: r.get(1)?, reviewed_at: r.get(2)?, reviewed_by: r.get(3)? })
        })
        .optional()?)
}

pub fn get_review(ws: &Workspace, id: ChangeId) -> Result<Option<Review>> {
    get_in(ws.conn(), id)
}

/// The incidents linked as caused by the change.
pub fn caused_incidents(ws: &Workspace, id: ChangeId) -> Result<Vec<CausedIncident>> {
    Ok(ws
        .conn()
        .prepare(
            "SELECT i.id, i.number, i.title FROM links l JOIN incidents i ON i.id = l.from_id
              WHERE l.from_kind = 'incident' AND l.link_type = 'caused_by' AND l.to_kind = 'change' AND l.to_id = ?1 ORDER BY i.number",
        )?
        .query_map([id.0], |r| Ok(CausedIncident { id: r.get(0)?, number: r.get(1)?, title: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Records (or corrects) the review of a change in review or failed.
pub fn review_change(ws: &Workspace, id: ChangeId, input: &ReviewInput) -> Result<Review> {
    let lessons = validate::text("lessons", &input.lessons, 50_000)?;
    if input.outcome != ReviewOutcome::Successful && lessons.trim().is_empty() {
        return Err(CoreError::validation("lessons", "Say what went wrong and what to do differently next time."));
    }
    ws.write(|tx| {
        let change = fetch(tx, id)?;
        if !matches!(change.state, ChangeState::Review | ChangeState::Failed) {
            return Err(CoreError::Conflict(format!("{} is {}: a change is reviewed after implementation.", change.number, change.state.label().to_lowercase())));
        }
        if change.state == ChangeState::Failed && input.outcome.succeeded() {
            return Err(CoreError::validation("outcome", format!("{} failed: its review outcome is failed or backed out.", change.number)));
        }
        let before = get_in(tx, id)?;
        record_in(tx, id, input.outcome, &lessons)?;
        tx.audit(
            Action::did("change.reviewed"),
            RecordRef::new(RecordKind::Change, id.0),
            serde_json::json!({"number": change.number, "outcome": {"from": before.as_ref().map(|r| r.outcome), "to": input.outcome}, "lessons": {"from": before.map(|r| r.lessons), "to": lessons}}),
        )?;
        get_in(tx, id)?.ok_or_else(|| CoreError::NotFound { kind: "Review", id: change.number })
    })
}

/// Stores a review and the change's two-way outcome (imports call this for a source's
/// close code).
pub(crate) fn record_in(tx: &Tx<'_>, id: ChangeId, outcome: ReviewOutcome, lessons: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO change_reviews (change_id, outcome, lessons, reviewed_at, reviewed_by) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (change_id) DO UPDATE SET outcome = excluded.outcome, lessons = excluded.lessons, reviewed_at = excluded.reviewed_at, reviewed_by = excluded.reviewed_by",
        params![id.0, outcome, lessons, tx.at(), tx.actor().as_str()],
    )?;
    tx.execute("UPDATE changes SET outcome = ?1 WHERE id = ?2", params![if outcome.succeeded() { "successful" } else { "failed" }, id.0])?;
    Ok(())
}
