//! The change risk assessment: a questionnaire kept in the workspace (settings key
//! `change_risk_questionnaire`), each answer scored, the total mapped to a risk level by
//! thresholds. An assessment stores the questions and answers as given, so editing the
//! questionnaire later never rewrites an assessment already made.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{fetch, Change, ChangeId, ChangeState};
use crate::settings::Stored;
use crate::error::{CoreError, Result};
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Subject, Workspace};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AnswerOption {
    pub label: String,
    pub score: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Question {
    pub text: String,
    pub answers: Vec<AnswerOption>,
}

/// A risk level reached from `min_score` points up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Threshold {
    pub level: String,
    pub min_score: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Questionnaire {
    pub questions: Vec<Question>,
    /// Ascending by `min_score`, the first at 0.
    pub levels: Vec<Threshold>,
}

/// One question as it was answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct GivenAnswer {
    pub question: String,
    pub answer: String,
    pub score: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Assessment {
    pub answers: Vec<GivenAnswer>,
    pub score: u32,
    pub level: String,
}

fn q(text: &str, answers: &[(&str, u32)]) -> Question {
    Question { text: text.into(), answers: answers.iter().map(|(l, s)| AnswerOption { label: (*l).into(), score: *s }).collect() }
}

impl Default for Questionnaire {
    /// The questions change managers commonly ask: reach, criticality, experience, testing,
    /// reversibility, outage. Scores 0-22; levels as ServiceNow names them.
    fn default() -> Self {
        Questionnaire {
            questions: vec![
                q("How many users would notice if the change went wrong?", &[("Fewer than 50", 0), ("50 to 500", 2), ("More than 500", 4)]),
                q("How critical are the affected services to the business?", &[("Supporting", 0), ("Important", 2), ("Critical", 4)]),
                q("Has this change been done successfully before?", &[("Yes, routinely", 0), ("Once or twice", 1), ("Never", 3)]),
                q("Has it been tested outside production?", &[("Fully", 0), ("Partly", 2), ("Not at all", 4)]),
                q("Can it be backed out?", &[("Yes, quickly, and the back-out is tested", 0), ("Yes, but slowly or untested", 2), ("No", 4)]),
                q("Does it need a service outage?", &[("No", 0), ("Inside a maintenance window", 1), ("Yes, outside any window", 3)]),
            ],
            levels: vec![
                Threshold { level: "Low".into(), min_score: 0 },
                Threshold { level: "Moderate".into(), min_score: 5 },
                Threshold { level: "High".into(), min_score: 10 },
                Threshold { level: "Very high".into(), min_score: 16 },
            ],
        }
    }
}

impl Questionnaire {
    /// Every question has text and two or more distinct answers; levels are named, distinct,
    /// start at 0 and rise.
    pub fn check(&self) -> Result<()> {
        if self.questions.is_empty() {
            return Err(CoreError::validation("questions", "A questionnaire needs at least one question."));
        }
        for (i, q) in self.questions.iter().enumerate() {
            validate::name("questions", &q.text, 300).map_err(|_| CoreError::validation("questions", format!("Question {} has no text.", i + 1)))?;
            if q.answers.len() < 2 {
                return Err(CoreError::validation("questions", format!("\"{}\" needs at least two answers to choose from.", q.text.trim())));
            }
            let mut seen = std::collections::HashSet::new();
            for a in &q.answers {
                if a.label.trim().is_empty() || !seen.insert(a.label.trim().to_lowercase()) {
                    return Err(CoreError::validation("questions", format!("The answers to \"{}\" must be named and differ.", q.text.trim())));
                }
            }
        }
        if self.levels.first().map(|l| l.min_score) != Some(0) {
            return Err(CoreError::validation("levels", "The lowest risk level starts at 0 points."));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, l) in self.levels.iter().enumerate() {
            if l.level.trim().is_empty() || l.level.len() > 60 || !seen.insert(l.level.trim().to_lowercase()) {
                return Err(CoreError::validation("levels", "Every risk level has its own name (up to 60 characters)."));
            }
            if i > 0 && l.min_score <= self.levels[i - 1].min_score {
                return Err(CoreError::validation("levels", format!("\"{}\" must start at more points than \"{}\".", l.level, self.levels[i - 1].level)));
            }
        }
        Ok(())
    }

    /// Scores one answer (an index into its question's answers) per question.
    pub fn assess(&self, choices: &[usize]) -> Result<Assessment> {
        if choices.len() != self.questions.len() {
            return Err(CoreError::validation("answers", format!("Answer all {} questions ({} answered).", self.questions.len(), choices.len())));
        }
        let answers = self
            .questions
            .iter()
            .zip(choices)
            .map(|(q, &c)| {
                let a = q.answers.get(c).ok_or_else(|| CoreError::validation("answers", format!("\"{}\" has no answer number {}.", q.text, c + 1)))?;
                Ok(GivenAnswer { question: q.text.clone(), answer: a.label.clone(), score: a.score })
            })
            .collect::<Result<Vec<_>>>()?;
        let score = answers.iter().map(|a| a.score).sum();
        let level = self.levels.iter().rev().find(|l| score >= l.min_score).map(|l| l.level.clone()).unwrap_or_default();
        Ok(Assessment { answers, score, level })
    }
}

const STORED: Stored<Questionnaire> = Stored::new("change_risk_questionnaire", "The change risk questionnaire");

fn get_in(conn: &Connection) -> Result<Questionnaire> {
    STORED.get(conn)
}

pub fn get_questionnaire(ws: &Workspace) -> Result<Questionnaire> {
    get_in(ws.conn())
}

/// Replaces the questionnaire; assessments already made keep their answers and level.
pub fn set_questionnaire(ws: &Workspace, q: &Questionnaire) -> Result<Questionnaire> {
    q.check()?;
    ws.write(|tx| {
        let before = STORED.before(tx)?;
        STORED.put(tx, q)?;
        tx.audit(Action::did("change.questionnaire_updated"), Subject::Setting("change_risk_questionnaire"), serde_json::json!({"from": before, "to": q}))?;
        Ok(q.clone())
    })
}

/// Answers the questionnaire for a change in draft or assessment: its risk becomes the level.
pub fn assess_change(ws: &Workspace, id: ChangeId, choices: &[usize]) -> Result<Change> {
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        if !matches!(before.state, ChangeState::Draft | ChangeState::Assess) {
            return Err(CoreError::Conflict(format!("{} is {}: its risk is assessed before authorization.", before.number, before.state.label().to_lowercase())));
        }
        let a = get_in(tx)?.assess(choices)?;
        tx.execute(
            "UPDATE changes SET risk = ?1, risk_answers = ?2, updated_at = ?3 WHERE id = ?4",
            params![a.level, serde_json::to_string(&a.answers).unwrap_or_default(), tx.at(), id.0],
        )?;
        tx.audit(Action::did("change.risk_assessed"), RecordRef::new(RecordKind::Change, id.0), serde_json::json!({"number": before.number, "risk": {"from": before.risk, "to": a.level}, "score": a.score, "answers": a.answers}))?;
        fetch(tx, id)
    })
}
