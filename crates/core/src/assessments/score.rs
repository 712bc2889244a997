//! What an assessment finds: the level per practice by the contract's rule, the target, the
//! criteria that block the next level (the gap), the four dimensions' share met, and the
//! comparison of two assessments.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{fetch, items, Answer, Assessment, AssessmentId, Dimension, Item};
use crate::error::Result;
use crate::workspace::Workspace;

/// The contract's rule: 1 + the number of consecutive levels, from 2 upward, that have at
/// least one criterion not answered `na` and all such criteria answered `met` (`partly`,
/// `not_met` and unanswered are not met).
pub fn level_of(answers: impl IntoIterator<Item = (u8, Option<Answer>)>) -> u8 {
    let (mut counted, mut met) = ([0u32; 6], [0u32; 6]);
    for (level, answer) in answers {
        let l = level as usize;
        if !(2..=5).contains(&l) || answer == Some(Answer::Na) {
            continue;
        }
        counted[l] += 1;
        met[l] += u32::from(answer == Some(Answer::Met));
    }
    let mut level = 1;
    for l in 2..=5 {
        if counted[l] == 0 || met[l] != counted[l] {
            break;
        }
        level = l as u8;
    }
    level
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DimensionResult {
    pub dimension: Dimension,
    pub criteria: u64,
    pub met: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PracticeResult {
    pub practice: String,
    pub level: u8,
    pub target: Option<u8>,
    /// Criteria not answered `na` (unanswered included), and those met.
    pub criteria: u64,
    pub met: u64,
    /// Criteria answered (any answer).
    pub answered: u64,
    /// The criteria that keep the practice from the next level: those of that level not
    /// answered `met` or `na`.
    pub gap: Vec<Item>,
    pub dimensions: Vec<DimensionResult>,
    pub interview_notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Results {
    pub assessment: Assessment,
    pub practices: Vec<PracticeResult>,
}

/// Scores every practice in scope from `items` (all of one assessment).
pub fn score(scope: &[(String, Option<u8>, String)], items: &[Item]) -> Vec<PracticeResult> {
    scope
        .iter()
        .map(|(practice, target, notes)| {
            let mine: Vec<&Item> = items.iter().filter(|i| &i.practice == practice).collect();
            let level = level_of(mine.iter().map(|i| (i.level, i.answer)));
            let counted: Vec<&&Item> = mine.iter().filter(|i| i.answer != Some(Answer::Na)).collect();
            let dimensions = Dimension::ALL
                .iter()
                .map(|d| {
                    let of: Vec<&&&Item> = counted.iter().filter(|i| i.dimension == Some(*d)).collect();
                    DimensionResult { dimension: *d, criteria: of.len() as u64, met: of.iter().filter(|i| i.answer == Some(Answer::Met)).count() as u64 }
                })
                .collect();
            PracticeResult {
                practice: practice.clone(),
                level,
                target: *target,
                criteria: counted.len() as u64,
                met: counted.iter().filter(|i| i.answer == Some(Answer::Met)).count() as u64,
                answered: mine.iter().filter(|i| i.answer.is_some()).count() as u64,
                gap: mine.iter().filter(|i| i.level == level + 1 && !matches!(i.answer, Some(Answer::Met | Answer::Na))).map(|i| (*i).clone()).collect(),
                dimensions,
                interview_notes: notes.clone(),
            }
        })
        .collect()
}

fn scope_of(conn: &Connection, id: AssessmentId) -> Result<Vec<(String, Option<u8>, String)>> {
    let mut rows: Vec<(String, Option<u8>, String)> = conn
        .prepare_cached("SELECT practice, target_level, interview_notes FROM assessment_practices WHERE assessment_id = ?1")?
        .query_map([id.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.sort_by_key(|(p, ..)| super::practices::rank(p));
    Ok(rows)
}

pub fn results(ws: &Workspace, id: AssessmentId) -> Result<Results> {
    let conn = ws.conn();
    let assessment = fetch(conn, id)?;
    let practices = score(&scope_of(conn, id)?, &items(conn, id)?);
    Ok(Results { assessment, practices })
}

/// One practice's level in two assessments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LevelChange {
    pub practice: String,
    pub a: u8,
    pub b: u8,
    pub change: i8,
}

/// A criterion answered differently in two assessments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AnswerChange {
    pub practice: String,
    pub level: u8,
    pub text: String,
    pub a: Option<Answer>,
    pub b: Option<Answer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Comparison {
    /// The practices both assessed, in the catalogue's order.
    pub levels: Vec<LevelChange>,
    pub answers: Vec<AnswerChange>,
}

/// Compares assessment `a` with a later `b`: the level of each practice both have in scope,
/// and the criteria (the same practice, level and words) whose answer differs.
pub fn compare(ws: &Workspace, a: AssessmentId, b: AssessmentId) -> Result<Comparison> {
    let conn = ws.conn();
    let (ia, ib) = (items(conn, a)?, items(conn, b)?);
    let (ra, rb) = (score(&scope_of(conn, a)?, &ia), score(&scope_of(conn, b)?, &ib));
    let levels = ra
        .iter()
        .filter_map(|pa| {
            let pb = rb.iter().find(|p| p.practice == pa.practice)?;
            Some(LevelChange { practice: pa.practice.clone(), a: pa.level, b: pb.level, change: pb.level as i8 - pa.level as i8 })
        })
        .collect();
    let same = |x: &Item, y: &Item| x.practice == y.practice && x.level == y.level && x.text.to_lowercase() == y.text.to_lowercase();
    let answers = ia
        .iter()
        .filter_map(|x| {
            let y = ib.iter().find(|y| same(x, y))?;
            (x.answer != y.answer).then(|| AnswerChange { practice: x.practice.clone(), level: x.level, text: x.text.clone(), a: x.answer, b: y.answer })
        })
        .collect();
    Ok(Comparison { levels, answers })
}

/// A practice's level in every assessment that has it in scope, on the day each was held
/// (the day it was planned when none is set), oldest first; one per day (the latest
/// assessment of a day counts).
pub(crate) fn levels_over_time(conn: &Connection, practice: &str) -> Result<Vec<(String, u8)>> {
    let held: Vec<(i64, String)> = conn
        .prepare_cached(
            "SELECT a.id, coalesce(a.held_on, substr(a.created_at, 1, 10)) FROM assessments a JOIN assessment_practices p ON p.assessment_id = a.id AND p.practice = ?1
              ORDER BY 2, a.id",
        )?
        .query_map([practice], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out: Vec<(String, u8)> = Vec::new();
    for (id, day) in held {
        let mine: Vec<Item> = items(conn, AssessmentId(id))?.into_iter().filter(|i| i.practice == practice).collect();
        let level = level_of(mine.iter().map(|i| (i.level, i.answer)));
        match out.last_mut() {
            Some(last) if last.0 == day => last.1 = level,
            _ => out.push((day, level)),
        }
    }
    Ok(out)
}
