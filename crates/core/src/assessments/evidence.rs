//! Evidence for an assessment's answers: files kept in the workspace with their SHA-256
//! (as control evidence is), or records of the workspace (an SLA agreement, a risk, a change)
//! named with the words they had when chosen. A setting can require evidence for every
//! criterion answered `met` before an assessment is marked done.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{open_for_change, AssessmentId, CriterionId};
use crate::error::{CoreError, Result};
use crate::record::{RecordKind, RecordRef};
use crate::settings::Stored;
use crate::workspace::{Action, Subject, Tx, Workspace};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AnswerEvidence {
    pub id: i64,
    pub criterion: CriterionId,
    /// A kept file: its name, size and SHA-256.
    pub file_name: Option<String>,
    #[ts(type = "number | null")]
    pub bytes: Option<i64>,
    pub sha256: Option<String>,
    /// A record of the workspace, and what it was called when chosen.
    pub record: Option<RecordRef>,
    pub record_label: Option<String>,
    pub added_at: String,
    pub added_by: String,
}

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<AnswerEvidence> {
    let kind: Option<String> = r.get(5)?;
    let record = match (kind.as_deref().and_then(RecordKind::parse), r.get::<_, Option<i64>>(6)?) {
        (Some(kind), Some(id)) => Some(RecordRef { kind, id }),
        _ => None,
    };
    Ok(AnswerEvidence { id: r.get(0)?, criterion: CriterionId(r.get(1)?), file_name: r.get(2)?, bytes: r.get(3)?, sha256: r.get(4)?, record, record_label: r.get(7)?, added_at: r.get(8)?, added_by: r.get(9)? })
}

const SELECT: &str = "id, criterion_id, file_name, bytes, sha256, record_kind, record_id, record_label, added_at, added_by";

/// Every piece of evidence of an assessment, by criterion and the order it came in.
pub fn of(conn: &Connection, id: AssessmentId) -> Result<Vec<AnswerEvidence>> {
    Ok(conn.prepare_cached(&format!("SELECT {SELECT} FROM answer_evidence WHERE assessment_id = ?1 ORDER BY criterion_id, id"))?.query_map([id.0], map)?.collect::<rusqlite::Result<_>>()?)
}

pub fn assessment_evidence(ws: &Workspace, id: AssessmentId) -> Result<Vec<AnswerEvidence>> {
    of(ws.conn(), id)
}

fn in_scope(tx: &Tx<'_>, id: AssessmentId, criterion: CriterionId) -> Result<super::Assessment> {
    let a = open_for_change(tx, id)?;
    let practice: Option<String> = tx.query_row("SELECT practice FROM criteria WHERE id = ?1", [criterion.0], |r| r.get(0)).optional()?;
    match practice {
        Some(p) if a.practices.contains(&p) => Ok(a),
        _ => Err(CoreError::validation("criterion", "That criterion is not in the scope of this assessment.")),
    }
}

fn added(tx: &Tx<'_>, id: AssessmentId, criterion: CriterionId, what: serde_json::Value) -> Result<AnswerEvidence> {
    let eid = tx.last_insert_rowid();
    tx.audit(Action::did("assessment.evidence_added"), RecordRef::new(RecordKind::Assessment, id.0), serde_json::json!({"criterion": criterion.0, "evidence": eid, "what": what}))?;
    Ok(tx.query_row(&format!("SELECT {SELECT} FROM answer_evidence WHERE id = ?1"), [eid], map)?)
}

/// Keeps a file as evidence of one criterion's answer.
pub fn attach_file(ws: &Workspace, id: AssessmentId, criterion: CriterionId, path: &Path) -> Result<AnswerEvidence> {
    keep(ws, id, criterion, crate::evidence::read(path)?)
}

/// Keeps content made in Steward (the demo's documents) as evidence, as a file would be.
pub(crate) fn attach_content(ws: &Workspace, id: AssessmentId, criterion: CriterionId, name: &str, bytes: &[u8]) -> Result<AnswerEvidence> {
    keep(ws, id, criterion, crate::evidence::Kept::of(name, bytes.to_vec())?)
}

fn keep(ws: &Workspace, id: AssessmentId, criterion: CriterionId, kept: crate::evidence::Kept) -> Result<AnswerEvidence> {
    ws.write(|tx| {
        in_scope(tx, id, criterion)?;
        tx.execute(
            "INSERT INTO answer_evidence (assessment_id, criterion_id, file_name, bytes, sha256, content, added_at, added_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![id.0, criterion.0, kept.name, kept.bytes.len() as i64, kept.sha256, kept.bytes, tx.at(), tx.actor().as_str()],
        )?;
        added(tx, id, criterion, serde_json::json!({"file": kept.name, "bytes": kept.bytes.len(), "sha256": kept.sha256}))
    })
}

/// Names a record of the workspace as evidence of one criterion's answer.
pub fn attach_record(ws: &Workspace, id: AssessmentId, criterion: CriterionId, record: RecordRef) -> Result<AnswerEvidence> {
    ws.write(|tx| {
        in_scope(tx, id, criterion)?;
        let label = crate::links::record_name(tx, record)?.ok_or_else(|| CoreError::validation("record", format!("That {} does not exist (any more).", record.kind.label().to_lowercase())))?;
        tx.execute(
            "INSERT INTO answer_evidence (assessment_id, criterion_id, record_kind, record_id, record_label, added_at, added_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id.0, criterion.0, record.kind.as_str(), record.id, label, tx.at(), tx.actor().as_str()],
        )?;
        added(tx, id, criterion, serde_json::json!({"record": record, "label": label}))
    })
}

/// Removes one piece of evidence from an assessment that is not done.
pub fn remove(ws: &Workspace, evidence: i64) -> Result<()> {
    ws.write(|tx| {
        let (id, criterion): (i64, i64) = tx
            .query_row("SELECT assessment_id, criterion_id FROM answer_evidence WHERE id = ?1", [evidence], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| CoreError::NotFound { kind: "Evidence", id: evidence.to_string() })?;
        open_for_change(tx, AssessmentId(id))?;
        tx.execute("DELETE FROM answer_evidence WHERE id = ?1", [evidence])?;
        tx.audit(Action::did("assessment.evidence_removed"), RecordRef::new(RecordKind::Assessment, id), serde_json::json!({"criterion": criterion, "evidence": evidence}))
    })
}

/// A kept file written out to `dir`, checked against its SHA-256 first.
pub fn copy(ws: &Workspace, evidence: i64, dir: &Path) -> Result<PathBuf> {
    let (name, sha, content): (String, String, Vec<u8>) = ws
        .conn()
        .query_row("SELECT file_name, sha256, content FROM answer_evidence WHERE id = ?1 AND content IS NOT NULL", [evidence], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Evidence file", id: evidence.to_string() })?;
    crate::evidence::copy_out(ws, &name, &sha, &content, dir)
}

/// Whether an assessment can be marked done only when every criterion answered `met` has
/// evidence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct EvidenceRule {
    pub met_needs_evidence: bool,
}

const RULE: Stored<EvidenceRule> = Stored::new("assessment_evidence_rule", "The assessments' evidence rule");

pub fn evidence_rule(ws: &Workspace) -> Result<EvidenceRule> {
    RULE.get(ws.conn())
}

pub fn set_evidence_rule(ws: &Workspace, rule: EvidenceRule) -> Result<EvidenceRule> {
    ws.write(|tx| {
        let before = RULE.before(tx)?;
        RULE.put(tx, &rule)?;
        tx.audit(Action::did("settings.assessment_evidence_rule"), Subject::Setting("assessment_evidence_rule"), serde_json::json!({"from": before, "to": rule}))
    })?;
    Ok(rule)
}

/// The criteria answered `met` without evidence, when the rule asks for it: what keeps the
/// assessment from being marked done.
pub(crate) fn met_without_evidence(tx: &Tx<'_>, id: AssessmentId) -> Result<u64> {
    if !RULE.get(tx)?.met_needs_evidence {
        return Ok(0);
    }
    Ok(tx.query_row(
        "SELECT count(*) FROM assessment_answers a WHERE a.assessment_id = ?1 AND a.answer = 'met'
            AND NOT EXISTS (SELECT 1 FROM answer_evidence e WHERE e.assessment_id = a.assessment_id AND e.criterion_id = a.criterion_id)",
        [id.0],
        |r| r.get(0),
    )?)
}
