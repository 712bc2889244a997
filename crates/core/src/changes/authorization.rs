//! Change authorities: boards (a CAB, an emergency CAB, one approver), the rules saying which
//! board authorizes which type of change at which risk level and with how many approvals,
//! and the votes. Each time a change enters "authorize" a new round of votes opens; a change
//! is authorized once enough members approve and none rejects. With no rule for its type and
//! risk, one approval from anyone (the change manager) authorizes it. Standard changes are
//! pre-authorized by their template and never come here.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{fetch, Change, ChangeId, ChangeState, ChangeType};
use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Subject, Workspace};

labelled_enum!(
    Vote {
        Approve = "approve": "Approve",
        Reject = "reject": "Reject",
    }
);

labelled_enum!(
    Decision {
        Pending = "pending": "Waiting for votes",
        Authorized = "authorized": "Authorized",
        Rejected = "rejected": "Rejected",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Member {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Board {
    pub id: i64,
    pub name: String,
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BoardInput {
    pub name: String,
    #[ts(type = "number[]")]
    pub member_ids: Vec<i64>,
}

/// Which board authorizes changes of a type at a risk level ("" = any level).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Authority {
    pub change_type: ChangeType,
    pub risk: String,
    pub board_id: i64,
    pub board: String,
    pub approvals_needed: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CastVote {
    pub round: u32,
    pub person_id: i64,
    pub person: String,
    pub vote: Vote,
    pub comment: String,
    pub at: String,
}

/// Where a change's authorization stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Authorization {
    /// 0 before the change first asked for authorization.
    pub round: u32,
    /// None: no rule applies, anyone may approve.
    pub board: Option<String>,
    pub members: Vec<Member>,
    pub approvals_needed: u32,
    pub approvals: u32,
    pub rejections: u32,
    pub decision: Decision,
    /// Every vote, newest round first.
    pub votes: Vec<CastVote>,
}

impl Authorization {
    /// Why it is not authorized, in words.
    pub fn explain(&self) -> String {
        match self.decision {
            Decision::Authorized => "authorized".into(),
            Decision::Rejected => format!("{} rejected it", self.votes.iter().filter(|v| v.round == self.round && v.vote == Vote::Reject).map(|v| v.person.as_str()).collect::<Vec<_>>().join(", ")),
            Decision::Pending => format!(
                "{} of {} approvals{}",
                self.approvals,
                self.approvals_needed,
                self.board.as_ref().map(|b| format!(" from {b}")).unwrap_or_default()
            ),
        }
    }
}

fn members(conn: &Connection, board: i64) -> Result<Vec<Member>> {
    Ok(conn
        .prepare("SELECT p.id, p.name FROM change_board_members m JOIN people p ON p.id = m.person_id WHERE m.board_id = ?1 ORDER BY p.name")?
        .query_map([board], |r| Ok(Member { id: r.get(0)?, name: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?)
}

pub fn list_boards(ws: &Workspace) -> Result<Vec<Board>> {
    let conn = ws.conn();
    let ids: Vec<(i64, String)> = conn.prepare("SELECT id, name FROM change_boards ORDER BY name")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    ids.into_iter().map(|(id, name)| Ok(Board { id, name, members: members(conn, id)? })).collect()
}

/// Creates a board (`id` None) or replaces its name and members.
pub fn save_board(ws: &Workspace, id: Option<i64>, input: &BoardInput) -> Result<Board> {
    let name = validate::name("name", &input.name, 200)?;
    if input.member_ids.is_empty() {
        return Err(CoreError::validation("member_ids", "A board needs at least one member."));
    }
    ws.write(|tx| {
        for p in &input.member_ids {
            validate::exists(tx, "people", Some(*p), "member_ids", "person")?;
        }
        let taken: Option<i64> = tx.query_row("SELECT id FROM change_boards WHERE name = ?1", [&name], |r| r.get(0)).optional()?;
        if taken.is_some_and(|t| Some(t) != id) {
            return Err(CoreError::validation("name", format!("There is already a board called \"{name}\".")));
        }
        let id = match id {
            Some(id) => {
                if tx.execute("UPDATE change_boards SET name = ?1 WHERE id = ?2", params![name, id])? == 0 {
                    return Err(CoreError::NotFound { kind: "Board", id: id.to_string() });
                }
                tx.execute("DELETE FROM change_board_members WHERE board_id = ?1", [id])?;
                id
            }
            None => {
                tx.execute("INSERT INTO change_boards (name, created_at) VALUES (?1, ?2)", params![name, tx.at()])?;
                tx.last_insert_rowid()
            }
        };
        for p in &input.member_ids {
            tx.execute("INSERT OR IGNORE INTO change_board_members (board_id, person_id) VALUES (?1, ?2)", params![id, p])?;
        }
        let board = Board { id, name: name.clone(), members: members(tx, id)? };
        tx.audit(Action::did("change.board_saved"), RecordRef::new(RecordKind::ChangeBoard, id), serde_json::to_value(&board).unwrap_or_default())?;
        Ok(board)
    })
}

pub fn list_authorities(ws: &Workspace) -> Result<Vec<Authority>> {
    Ok(ws
        .conn()
        .prepare("SELECT a.change_type, a.risk, a.board_id, b.name, a.approvals_needed FROM change_authorities a JOIN change_boards b ON b.id = a.board_id ORDER BY a.change_type, a.risk")?
        .query_map([], |r| Ok(Authority { change_type: r.get(0)?, risk: r.get(1)?, board_id: r.get(2)?, board: r.get(3)?, approvals_needed: r.get(4)? }))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Sets (or, with `board_id` None, removes) the authority for a type and risk level.
pub fn set_authority(ws: &Workspace, change_type: ChangeType, risk: &str, board_id: Option<i64>, approvals_needed: u32) -> Result<Vec<Authority>> {
    if change_type == ChangeType::Standard {
        return Err(CoreError::validation("change_type", "Standard changes are pre-authorized by their template."));
    }
    let risk = validate::line("risk", risk, 60)?;
    ws.write(|tx| {
        match board_id {
            None => {
                tx.execute("DELETE FROM change_authorities WHERE change_type = ?1 AND risk = ?2", params![change_type, risk])?;
            }
            Some(b) => {
                validate::exists(tx, "change_boards", Some(b), "board_id", "board")?;
                let size: u32 = tx.query_row("SELECT count(*) FROM change_board_members WHERE board_id = ?1", [b], |r| r.get(0))?;
                if approvals_needed == 0 || approvals_needed > size {
                    return Err(CoreError::validation("approvals_needed", format!("Approvals needed must be between 1 and the board's {size} members.")));
                }
                tx.execute(
                    "INSERT INTO change_authorities (change_type, risk, board_id, approvals_needed) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (change_type, risk) DO UPDATE SET board_id = excluded.board_id, approvals_needed = excluded.approvals_needed",
                    params![change_type, risk, b, approvals_needed],
                )?;
            }
        }
        tx.audit(Action::did("change.authority_set"), Subject::Setting("change authorities"), serde_json::json!({"change_type": change_type, "risk": risk, "board_id": board_id, "approvals_needed": approvals_needed}))
    })?;
    list_authorities(ws)
}

/// The rule for the change's type and risk level, else the type's rule for any level.
fn authority_for(conn: &Connection, change: &Change) -> Result<Option<(i64, String, u32)>> {
    Ok(conn
        .query_row(
            "SELECT a.board_id, b.name, a.approvals_needed FROM change_authorities a JOIN change_boards b ON b.id = a.board_id
              WHERE a.change_type = ?1 AND a.risk IN (?2, '') ORDER BY a.risk = '' LIMIT 1",
            params![change.change_type, change.risk.trim()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

pub(crate) fn authorization_in(conn: &Connection, change: &Change) -> Result<Authorization> {
    let round: u32 = conn.query_row("SELECT authorization_round FROM changes WHERE id = ?1", [change.id.0], |r| r.get(0))?;
    let rule = authority_for(conn, change)?;
    let votes: Vec<CastVote> = conn
        .prepare("SELECT v.round, v.person_id, p.name, v.vote, v.comment, v.at FROM change_votes v JOIN people p ON p.id = v.person_id WHERE v.change_id = ?1 ORDER BY v.round DESC, v.at, v.id")?
        .query_map([change.id.0], |r| Ok(CastVote { round: r.get(0)?, person_id: r.get(1)?, person: r.get(2)?, vote: r.get(3)?, comment: r.get(4)?, at: r.get(5)? }))?
        .collect::<rusqlite::Result<_>>()?;
    let current = || votes.iter().filter(|v| v.round == round);
    let (approvals, rejections) = (current().filter(|v| v.vote == Vote::Approve).count() as u32, current().filter(|v| v.vote == Vote::Reject).count() as u32);
    let (board, members, needed) = match &rule {
        Some((id, name, n)) => (Some(name.clone()), members(conn, *id)?, *n),
        None => (None, Vec::new(), 1),
    };
    let decision = if change.change_type == ChangeType::Standard {
        Decision::Authorized
    } else if rejections > 0 {
        Decision::Rejected
    } else if round > 0 && approvals >= needed {
        Decision::Authorized
    } else {
        Decision::Pending
    };
    Ok(Authorization { round, board, members, approvals_needed: needed, approvals, rejections, decision, votes })
}

pub fn authorization(ws: &Workspace, id: ChangeId) -> Result<Authorization> {
    authorization_in(ws.conn(), &fetch(ws.conn(), id)?)
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct VoteInput {
    pub person_id: i64,
    pub vote: Vote,
    #[serde(default)]
    pub comment: String,
}

/// Records a member's vote in the current round (a second vote by the same person replaces
/// the first; both are in the audit trail). A rejection says why.
pub fn vote(ws: &Workspace, id: ChangeId, input: &VoteInput) -> Result<Authorization> {
    let comment = validate::text("comment", &input.comment, 5_000)?;
    if input.vote == Vote::Reject && comment.trim().is_empty() {
        return Err(CoreError::validation("comment", "Say why the change is rejected."));
    }
    ws.write(|tx| {
        let change = fetch(tx, id)?;
        if change.state != ChangeState::Authorize {
            return Err(CoreError::Conflict(format!("{} is not waiting for authorization (it is {}).", change.number, change.state.label().to_lowercase())));
        }
        validate::exists(tx, "people", Some(input.person_id), "person_id", "person")?;
        let before = authorization_in(tx, &change)?;
        if before.board.is_some() && !before.members.iter().any(|m| m.id == input.person_id) {
            let who: String = tx.query_row("SELECT name FROM people WHERE id = ?1", [input.person_id], |r| r.get(0))?;
            return Err(CoreError::validation("person_id", format!("{who} is not a member of {}.", before.board.as_deref().unwrap_or_default())));
        }
        tx.execute(
            "INSERT INTO change_votes (change_id, round, person_id, vote, comment, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (change_id, round, person_id) DO UPDATE SET vote = excluded.vote, comment = excluded.comment, at = excluded.at",
            params![id.0, before.round, input.person_id, input.vote, comment, tx.at()],
        )?;
        let after = authorization_in(tx, &change)?;
        let who: String = tx.query_row("SELECT name FROM people WHERE id = ?1", [input.person_id], |r| r.get(0))?;
        let earlier = before.votes.iter().find(|v| v.round == before.round && v.person_id == input.person_id).map(|v| v.vote);
        let said = if comment.is_empty() { String::new() } else { format!(": {comment}") };
        tx.audit(
            Action::did("change.voted"),
            RecordRef::new(RecordKind::Change, id.0),
            serde_json::json!({
                "number": change.number, "round": after.round, "person_id": input.person_id, "comment": comment,
                "vote": {"from": earlier.map(|v| format!("{} by {who}", v.as_str())), "to": format!("{} by {who}{said}", input.vote.as_str())},
                "decision": {"from": before.decision, "to": after.decision},
            }),
        )?;
        Ok(after)
    })
}
