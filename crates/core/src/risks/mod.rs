//! Risk management: the register (`mod.rs`), the matrix that rates it (`matrix.rs`) and its
//! steward-csv / XLSX / JSON transfer (`transfer.rs`).
//!
//! A risk is rated three times on the matrix: inherent (before any control), current (with
//! the controls in place) and target (after the planned treatment). Each rating's level is
//! stored beside it so the register sorts and filters by level on an index; the matrix
//! module keeps the levels true when the matrix changes.

pub(crate) mod demo;
pub mod end_of_life;

pub mod matrix;
pub mod spreadsheet;
pub mod transfer;
#[cfg(test)]
mod tests;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::list::{self, Field, ListRequest, ListSpec, Page};
use crate::record::{RecordKind, RecordRef};
use crate::validate::{self, exists};
use crate::workspace::{Action, Tx, Workspace};
use matrix::RiskMatrix;

/// What the practice registry knows of risk management (`crate::PRACTICES`).
pub(crate) const KINDS: &[crate::record::RecordKind] = &[crate::record::RecordKind::Risk];
pub(crate) const DEMO: Option<crate::practice::DemoPart> = Some(demo::risk_register);

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct RiskId(pub i64);

labelled_enum!(
    Treatment {
        Mitigate = "mitigate": "Mitigate",
        Accept = "accept": "Accept",
        Transfer = "transfer": "Transfer",
        Avoid = "avoid": "Avoid",
    }
);

labelled_enum!(
    RiskStatus {
        Identified = "identified": "Identified",
        Assessed = "assessed": "Assessed",
        Treating = "treating": "Being treated",
        Accepted = "accepted": "Accepted",
        Closed = "closed": "Closed",
    }
);

labelled_enum!(
    ActionStatus {
        Open = "open": "Open",
        Done = "done": "Done",
        Cancelled = "cancelled": "Cancelled",
    }
);

/// A rating on the matrix: likelihood and impact, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Rating {
    pub likelihood: i64,
    pub impact: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Risk {
    pub id: RiskId,
    /// The register's key (RSK0000001, or the client's own id from an import).
    pub key: String,
    pub title: String,
    pub description: String,
    pub category: String,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub causes: String,
    pub consequences: String,
    pub inherent: Option<Rating>,
    pub current: Option<Rating>,
    pub target: Option<Rating>,
    /// Level indexes into the matrix's levels, for each rating.
    #[ts(type = "number | null")]
    pub inherent_level: Option<i64>,
    #[ts(type = "number | null")]
    pub current_level: Option<i64>,
    #[ts(type = "number | null")]
    pub target_level: Option<i64>,
    pub treatment: Option<Treatment>,
    pub status: RiskStatus,
    pub accepted_by: Option<String>,
    pub acceptance_reason: String,
    pub accepted_until: Option<String>,
    pub last_review: Option<String>,
    pub next_review: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct RiskInput {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    #[serde(default)]
    pub causes: String,
    #[serde(default)]
    pub consequences: String,
    #[serde(default)]
    pub inherent: Option<Rating>,
    #[serde(default)]
    pub current: Option<Rating>,
    #[serde(default)]
    pub target: Option<Rating>,
    #[serde(default)]
    pub treatment: Option<Treatment>,
    #[serde(default)]
    pub status: Option<RiskStatus>,
    #[serde(default)]
    pub accepted_by: Option<String>,
    #[serde(default)]
    pub acceptance_reason: String,
    #[serde(default)]
    pub accepted_until: Option<String>,
    #[serde(default)]
    pub last_review: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RiskAction {
    pub id: i64,
    pub title: String,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub due_on: Option<String>,
    pub status: ActionStatus,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct RiskActionInput {
    pub title: String,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    #[serde(default)]
    pub due_on: Option<String>,
    #[serde(default)]
    pub status: Option<ActionStatus>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RiskDetail {
    pub risk: Risk,
    pub actions: Vec<RiskAction>,
    /// Above the matrix's appetite (by its current rating, else its inherent one).
    pub above_appetite: bool,
    /// Accepted, and the acceptance has run out.
    pub acceptance_expired: bool,
    pub review_overdue: bool,
}

const SELECT: &str = "r.id, r.number, r.title, r.description, r.category, r.owner_id, p.name, r.causes, r.consequences,
    r.inherent_likelihood, r.inherent_impact, r.current_likelihood, r.current_impact, r.target_likelihood, r.target_impact,
    r.inherent_level, r.current_level, r.target_level, r.treatment, r.status, r.accepted_by, r.acceptance_reason, r.accepted_until,
    r.last_review, r.next_review, r.updated_at";
const FROM: &str = "risks r LEFT JOIN people p ON p.id = r.owner_id";
static FIELDS: &[Field] = &[
    Field { name: "key", sql: "r.number", sortable: true, filterable: true },
    Field { name: "title", sql: "r.title", sortable: true, filterable: false },
    Field { name: "category", sql: "r.category", sortable: true, filterable: true },
    Field { name: "status", sql: "r.status", sortable: true, filterable: true },
    Field { name: "owner_id", sql: "r.owner_id", sortable: false, filterable: true },
    Field { name: "current_level", sql: "r.current_level", sortable: true, filterable: true },
    Field { name: "inherent_level", sql: "r.inherent_level", sortable: true, filterable: true },
    Field { name: "target_level", sql: "r.target_level", sortable: true, filterable: true },
    Field { name: "current_likelihood", sql: "r.current_likelihood", sortable: false, filterable: true },
    Field { name: "current_impact", sql: "r.current_impact", sortable: false, filterable: true },
    Field { name: "inherent_likelihood", sql: "r.inherent_likelihood", sortable: false, filterable: true },
    Field { name: "inherent_impact", sql: "r.inherent_impact", sortable: false, filterable: true },
    Field { name: "target_likelihood", sql: "r.target_likelihood", sortable: false, filterable: true },
    Field { name: "target_impact", sql: "r.target_impact", sortable: false, filterable: true },
    Field { name: "next_review", sql: "r.next_review", sortable: true, filterable: false },
    Field { name: "updated_at", sql: "r.updated_at", sortable: true, filterable: false },
];
static LIST: ListSpec = ListSpec { table: "risks r", from: FROM, id: "r.id", fields: FIELDS, default_sort: "current_level", search: Some(RecordKind::Risk), like_fields: &[], counts: None, memberships: &[], query: None };

fn rating(l: Option<i64>, i: Option<i64>) -> Option<Rating> {
    Some(Rating { likelihood: l?, impact: i? })
}

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Risk> {
    Ok(Risk {
        id: RiskId(r.get(0)?),
        key: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
        category: r.get(4)?,
        owner_id: r.get(5)?,
        owner: r.get(6)?,
        causes: r.get(7)?,
        consequences: r.get(8)?,
        inherent: rating(r.get(9)?, r.get(10)?),
        current: rating(r.get(11)?, r.get(12)?),
        target: rating(r.get(13)?, r.get(14)?),
        inherent_level: r.get(15)?,
        current_level: r.get(16)?,
        target_level: r.get(17)?,
        treatment: r.get(18)?,
        status: r.get(19)?,
        accepted_by: r.get(20)?,
        acceptance_reason: r.get(21)?,
        accepted_until: r.get(22)?,
        last_review: r.get(23)?,
        next_review: r.get(24)?,
        updated_at: r.get(25)?,
    })
}

pub(crate) fn fetch(conn: &Connection, id: RiskId) -> Result<Risk> {
    conn.query_row(&format!("SELECT {SELECT} FROM {FROM} WHERE r.id = ?1"), [id.0], map)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Risk", id: id.0.to_string() })
}

pub(crate) fn id_of(conn: &Connection, key: &str) -> Result<Option<RiskId>> {
    Ok(crate::record::id_by_number(conn, RecordKind::Risk, key)?.map(RiskId))
}

pub fn list_risks(ws: &Workspace, req: &ListRequest) -> Result<Page<Risk>> {
    list::run(ws.conn(), &LIST, req, SELECT, map)
}

pub fn risk_detail(ws: &Workspace, id: RiskId) -> Result<RiskDetail> {
    detail_in(ws.conn(), id, ws.now().date_naive())
}

/// A risk as its page shows it; whether its review or acceptance is overdue is judged on `today`.
fn detail_in(conn: &Connection, id: RiskId, today: chrono::NaiveDate) -> Result<RiskDetail> {
    let risk = fetch(conn, id)?;
    let m = matrix::get_matrix_in(conn)?;
    let actions = conn
        .prepare_cached("SELECT a.id, a.title, a.owner_id, p.name, a.due_on, a.status FROM risk_actions a LEFT JOIN people p ON p.id = a.owner_id WHERE a.risk_id = ?1 ORDER BY a.id")?
        .query_map([id.0], |r| Ok(RiskAction { id: r.get(0)?, title: r.get(1)?, owner_id: r.get(2)?, owner: r.get(3)?, due_on: r.get(4)?, status: r.get(5)? }))?
        .collect::<rusqlite::Result<_>>()?;
    let today = today.format("%Y-%m-%d").to_string();
    let level = risk.current_level.or(risk.inherent_level);
    Ok(RiskDetail {
        above_appetite: level.is_some_and(|l| l > m.appetite as i64),
        acceptance_expired: risk.status == RiskStatus::Accepted && risk.accepted_until.as_deref().is_some_and(|u| u < today.as_str()),
        review_overdue: risk.status != RiskStatus::Closed && risk.next_review.as_deref().is_some_and(|n| n < today.as_str()),
        risk,
        actions,
    })
}

/// A risk's fields, checked against the matrix, with the levels and next review worked out.
pub(crate) struct Checked {
    title: String,
    description: String,
    category: String,
    causes: String,
    consequences: String,
    ratings: [Option<Rating>; 3],
    levels: [Option<i64>; 3],
    status: RiskStatus,
    accepted_by: Option<String>,
    acceptance_reason: String,
    accepted_until: Option<String>,
    last_review: Option<String>,
    next_review: Option<String>,
}

/// `since`: the day reviews count from when none was recorded (the day the risk was added),
/// so the next review does not drift with the day a risk is edited or re-imported.
pub(crate) fn check(conn: &Connection, m: &RiskMatrix, input: &RiskInput, since: chrono::NaiveDate) -> Result<Checked> {
    let title = validate::name("title", &input.title, 300)?;
    exists(conn, "people", input.owner_id, "owner_id", "owner")?;
    let ratings = [input.inherent, input.current, input.target];
    let mut levels = [None; 3];
    for (k, (r, field)) in ratings.iter().zip(["inherent", "current", "target"]).enumerate() {
        if let Some(r) = r {
            let level = m.level(r.likelihood, r.impact).ok_or_else(|| {
                CoreError::validation(field, format!("The {field} rating {}x{} is outside the matrix ({}x{}).", r.likelihood, r.impact, m.likelihood.len(), m.impact.len()))
            })?;
            levels[k] = Some(level as i64);
        }
    }
    let status = input.status.unwrap_or(if ratings.iter().any(Option::is_some) { RiskStatus::Assessed } else { RiskStatus::Identified });
    let accepted_until = validate::date("accepted_until", &input.accepted_until)?;
    let accepted_by = input.accepted_by.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(|s| validate::line("accepted_by", s, 200)).transpose()?;
    let acceptance_reason = validate::text("acceptance_reason", &input.acceptance_reason, 5000)?;
    if status == RiskStatus::Accepted && (accepted_by.is_none() || acceptance_reason.is_empty()) {
        return Err(CoreError::validation("acceptance_reason", "An accepted risk says who accepted it and why."));
    }
    let last_review = validate::date("last_review", &input.last_review)?;
    // The next review follows the level's cadence from the last review (or from today).
    let next_review = levels[1].or(levels[0]).and_then(|l| m.levels.get(l as usize)).map(|level| {
        let from = last_review.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).unwrap_or(since);
        (from + chrono::Duration::days(level.review_days)).format("%Y-%m-%d").to_string()
    });
    Ok(Checked {
        title,
        description: validate::text("description", &input.description, 20_000)?,
        category: validate::line("category", &input.category, 200)?,
        causes: validate::text("causes", &input.causes, 20_000)?,
        consequences: validate::text("consequences", &input.consequences, 20_000)?,
        ratings,
        levels,
        status,
        accepted_by,
        acceptance_reason,
        accepted_until,
        last_review,
        next_review,
    })
}

fn snapshot(r: &Risk) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        for k in ["id", "updated_at", "owner"] {
            o.remove(k);
        }
    }
    v
}

/// Adds a risk; `key` None gives it the next RSK number.
pub fn create_risk(ws: &Workspace, input: &RiskInput) -> Result<RiskDetail> {
    ws.write(|tx| {
        let id = create_in(tx, None, input)?;
        snapshot_today(tx)?;
        detail_in(tx, id, tx.now().date_naive())
    })
}

/// Records today's count of open risks per current level (the trend's data point).
pub(crate) fn snapshot_today(tx: &Tx<'_>) -> Result<()> {
    let day = tx.at().get(..10).unwrap_or_default().to_string();
    snapshot_on(tx, &day)
}

pub(crate) fn snapshot_on(conn: &Connection, day: &str) -> Result<()> {
    conn.execute("DELETE FROM risk_snapshots WHERE day = ?1", [day])?;
    conn.execute(
        "INSERT INTO risk_snapshots (day, level, risks) SELECT ?1, current_level, count(*) FROM risks
          WHERE status <> 'closed' AND current_level IS NOT NULL GROUP BY current_level",
        [day],
    )?;
    Ok(())
}

/// Writes a past day's counts per level (the demo's history; nothing else writes the past).
pub(crate) fn record_counts(ws: &Workspace, day: &str, counts: &[u64]) -> Result<()> {
    ws.write(|tx| {
        tx.execute("DELETE FROM risk_snapshots WHERE day = ?1", [day])?;
        for (level, n) in counts.iter().enumerate().filter(|(_, n)| **n > 0) {
            tx.execute("INSERT INTO risk_snapshots (day, level, risks) VALUES (?1, ?2, ?3)", rusqlite::params![day, level as i64, *n as i64])?;
        }
        Ok(())
    })
}

/// Open risks per level on each day a snapshot was taken, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TrendPoint {
    pub day: String,
    /// Counts per level index of the current matrix.
    #[ts(type = "number[]")]
    pub counts: Vec<u64>,
}

pub fn risk_trend(ws: &Workspace) -> Result<Vec<TrendPoint>> {
    let levels = matrix::get_matrix_in(ws.conn())?.levels.len();
    let mut out: Vec<TrendPoint> = Vec::new();
    let mut stmt = ws.conn().prepare_cached("SELECT day, level, risks FROM risk_snapshots ORDER BY day, level")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, u64>(2)?)))?;
    for row in rows {
        let (day, level, n) = row?;
        if out.last().map(|p| p.day != day).unwrap_or(true) {
            out.push(TrendPoint { day, counts: vec![0; levels] });
        }
        if let Some(c) = out.last_mut().and_then(|p| p.counts.get_mut(level as usize)) {
            *c = n;
        }
    }
    Ok(out)
}

pub(crate) fn create_in(tx: &Tx<'_>, key: Option<&str>, input: &RiskInput) -> Result<RiskId> {
    let m = matrix::get_matrix_in(tx)?;
    let c = check(tx, &m, input, tx.now().date_naive())?;
    let key = match key.map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => validate::line("id", k, 60)?,
        None => crate::record::next_number(tx, "risks", "RSK")?,
    };
    let [i, cu, t] = c.ratings;
    tx.execute(
        "INSERT INTO risks (number, title, description, category, owner_id, causes, consequences, inherent_likelihood, inherent_impact,
            current_likelihood, current_impact, target_likelihood, target_impact, inherent_level, current_level, target_level, treatment, status,
            accepted_by, acceptance_reason, accepted_until, last_review, next_review, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?24)",
        params![key, c.title, c.description, c.category, input.owner_id, c.causes, c.consequences,
            i.map(|r| r.likelihood), i.map(|r| r.impact), cu.map(|r| r.likelihood), cu.map(|r| r.impact), t.map(|r| r.likelihood), t.map(|r| r.impact),
            c.levels[0], c.levels[1], c.levels[2], input.treatment, c.status, c.accepted_by, c.acceptance_reason, c.accepted_until, c.last_review, c.next_review, tx.at()],
    )?;
    let id = RiskId(tx.last_insert_rowid());
    tx.audit(Action::created("risk.created"), RecordRef::new(RecordKind::Risk, id.0), snapshot(&fetch(tx, id)?))?;
    Ok(id)
}

pub fn update_risk(ws: &Workspace, id: RiskId, input: &RiskInput) -> Result<RiskDetail> {
    ws.write(|tx| {
        update_in(tx, id, input)?;
        snapshot_today(tx)?;
        detail_in(tx, id, tx.now().date_naive())
    })
}

/// Changes a risk; returns whether anything changed (an audit entry names what).
pub(crate) fn update_in(tx: &Tx<'_>, id: RiskId, input: &RiskInput) -> Result<bool> {
    let before = fetch(tx, id)?;
    let m = matrix::get_matrix_in(tx)?;
    let created: String = tx.query_row("SELECT created_at FROM risks WHERE id = ?1", [id.0], |r| r.get(0))?;
    let c = check(tx, &m, input, crate::time::parse(&created).map_or_else(|| tx.now().date_naive(), |t| t.date_naive()))?;
    let [i, cu, t] = c.ratings;
    tx.execute(
        "UPDATE risks SET title = ?2, description = ?3, category = ?4, owner_id = ?5, causes = ?6, consequences = ?7, inherent_likelihood = ?8, inherent_impact = ?9,
            current_likelihood = ?10, current_impact = ?11, target_likelihood = ?12, target_impact = ?13, inherent_level = ?14, current_level = ?15, target_level = ?16,
            treatment = ?17, status = ?18, accepted_by = ?19, acceptance_reason = ?20, accepted_until = ?21, last_review = ?22, next_review = ?23 WHERE id = ?1",
        params![id.0, c.title, c.description, c.category, input.owner_id, c.causes, c.consequences,
            i.map(|r| r.likelihood), i.map(|r| r.impact), cu.map(|r| r.likelihood), cu.map(|r| r.impact), t.map(|r| r.likelihood), t.map(|r| r.impact),
            c.levels[0], c.levels[1], c.levels[2], input.treatment, c.status, c.accepted_by, c.acceptance_reason, c.accepted_until, c.last_review, c.next_review],
    )?;
    let after = fetch(tx, id)?;
    let changes = validate::diff(&snapshot(&before), &snapshot(&after));
    let changed = changes.as_object().is_some_and(|c| !c.is_empty());
    if changed {
        tx.execute("UPDATE risks SET updated_at = ?1 WHERE id = ?2", params![tx.at(), id.0])?;
        tx.audit(Action::did("risk.updated"), RecordRef::new(RecordKind::Risk, id.0), changes)?;
    }
    Ok(changed)
}

/// Adds or changes a treatment action of a risk (`action` None adds one).
pub fn save_action(ws: &Workspace, risk: RiskId, action: Option<i64>, input: &RiskActionInput) -> Result<RiskDetail> {
    ws.write(|tx| {
        fetch(tx, risk)?;
        let title = validate::name("title", &input.title, 300)?;
        exists(tx, "people", input.owner_id, "owner_id", "owner")?;
        let due = validate::date("due_on", &input.due_on)?;
        let status = input.status.unwrap_or(ActionStatus::Open);
        match action {
            None => {
                tx.execute(
                    "INSERT INTO risk_actions (risk_id, title, owner_id, due_on, status) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![risk.0, title, input.owner_id, due, status],
                )?;
            }
            Some(a) => {
                let n = tx.execute(
                    "UPDATE risk_actions SET title = ?1, owner_id = ?2, due_on = ?3, status = ?4 WHERE id = ?5 AND risk_id = ?6",
                    params![title, input.owner_id, due, status, a, risk.0],
                )?;
                if n == 0 {
                    return Err(CoreError::NotFound { kind: "Risk action", id: a.to_string() });
                }
            }
        }
        tx.audit(Action::did("risk.action_saved"), RecordRef::new(RecordKind::Risk, risk.0), serde_json::json!({"action": title, "status": status, "due_on": due, "owner_id": input.owner_id}))?;
        detail_in(tx, risk, tx.now().date_naive())
    })
}

/// How many risks sit in each cell of the matrix for one of the three ratings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HeatmapCounts {
    /// `counts[l - 1][i - 1]`
    #[ts(type = "number[][]")]
    pub counts: Vec<Vec<u64>>,
    pub unrated: u64,
}

labelled_enum!(
    RatingKind {
        Inherent = "inherent": "Inherent",
        Current = "current": "Current",
        Target = "target": "Target (residual)",
    }
);

impl RatingKind {
    fn columns(self) -> (&'static str, &'static str) {
        match self {
            RatingKind::Inherent => ("inherent_likelihood", "inherent_impact"),
            RatingKind::Current => ("current_likelihood", "current_impact"),
            RatingKind::Target => ("target_likelihood", "target_impact"),
        }
    }
}

/// Counts per cell of open risks (closed ones are left out).
pub fn heatmap_counts(conn: &Connection, m: &RiskMatrix, kind: RatingKind) -> Result<HeatmapCounts> {
    let (l, i) = kind.columns();
    let mut counts = vec![vec![0u64; m.impact.len()]; m.likelihood.len()];
    let mut unrated = 0;
    let mut stmt = conn.prepare_cached(&format!("SELECT {l}, {i}, count(*) FROM risks WHERE status <> 'closed' GROUP BY 1, 2"))?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, u64>(2)?)))?;
    for row in rows {
        let (l, i, n) = row?;
        match (l, i) {
            (Some(l), Some(i)) if l >= 1 && i >= 1 && (l as usize) <= counts.len() && (i as usize) <= m.impact.len() => counts[l as usize - 1][i as usize - 1] += n,
            _ => unrated += n,
        }
    }
    Ok(HeatmapCounts { counts, unrated })
}
