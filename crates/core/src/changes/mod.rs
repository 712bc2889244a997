//! Change control: changes (standard, normal, emergency) with their state, plans, schedule,
//! assignee and affected CIs; maintenance and blackout windows. Beside this file: the risk
//! questionnaire (`assessment.rs`), change authorities and votes (`authorization.rs`),
//! post-implementation reviews (`review.rs`), standard-change templates (`templates.rs`),
//! collision detection (`conflicts.rs`), the calendar (`calendar.rs`), imports (`import.rs`).

pub(crate) mod demo;

pub mod assessment;
pub mod authorization;
pub mod calendar;
pub mod conflicts;
pub mod import;
pub mod review;
pub mod templates;
#[cfg(test)]
mod tests;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::list::{self, Field, ListRequest, ListSpec, Page};
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Tx, Workspace};

/// What the practice registry knows of change control (`crate::PRACTICES`).
pub(crate) const KINDS: &[crate::record::RecordKind] = &[crate::record::RecordKind::Change, crate::record::RecordKind::ChangeWindow, crate::record::RecordKind::ChangeTemplate, crate::record::RecordKind::ChangeBoard];
pub(crate) const DEMO: Option<crate::practice::DemoPart> = Some(demo::change_control);

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct ChangeId(pub i64);

labelled_enum!(
    ChangeType {
        Standard = "standard": "Standard",
        Normal = "normal": "Normal",
        Emergency = "emergency": "Emergency",
    }
);

impl Default for ChangeType {
    fn default() -> Self {
        ChangeType::Normal
    }
}

labelled_enum!(
    ChangeState {
        Draft = "draft": "Draft",
        Assess = "assess": "Assess",
        Authorize = "authorize": "Authorize",
        Scheduled = "scheduled": "Scheduled",
        Implement = "implement": "Implement",
        Review = "review": "Review",
        Closed = "closed": "Closed",
        Cancelled = "cancelled": "Cancelled",
        Failed = "failed": "Failed",
    }
);

impl ChangeState {
    /// The moves a change of type `kind` may make: forward through the lifecycle, back one
    /// step for rework, cancel before implementation, fail during implementation or review;
    /// a failed change is closed once reviewed. A standard change is pre-authorized (draft
    /// straight to scheduled); an emergency change may skip assessment (draft straight to
    /// authorize).
    pub fn can_move_to(self, kind: ChangeType, to: ChangeState) -> bool {
        use ChangeState::*;
        match (kind, self, to) {
            (ChangeType::Standard, Draft, Scheduled) | (ChangeType::Emergency, Draft, Authorize) => return true,
            (ChangeType::Standard, Draft, Assess) => return false,
            _ => {}
        }
        matches!(
            (self, to),
            (Draft, Assess)
                | (Assess, Authorize)
                | (Assess, Draft)
                | (Authorize, Scheduled)
                | (Authorize, Assess)
                | (Scheduled, Implement)
                | (Scheduled, Authorize)
                | (Implement, Review)
                | (Implement, Failed)
                | (Review, Closed)
                | (Review, Failed)
                | (Failed, Closed)
                | (Draft | Assess | Authorize | Scheduled, Cancelled)
        )
    }

    /// Every state a change of type `kind` may move to from here, in lifecycle order: what
    /// the window offers.
    pub fn next_states(self, kind: ChangeType) -> Vec<ChangeState> {
        ChangeState::ALL.iter().copied().filter(|to| self.can_move_to(kind, *to)).collect()
    }

    /// Still to happen or happening: what collision detection considers.
    pub fn is_live(self) -> bool {
        !matches!(self, ChangeState::Closed | ChangeState::Cancelled)
    }
}

labelled_enum!(
    WindowKind {
        Maintenance = "maintenance": "Maintenance window",
        Blackout = "blackout": "Blackout (change freeze)",
    }
);

labelled_enum!(
    Recurrence {
        None = "none": "Once",
        Daily = "daily": "Every day",
        Weekly = "weekly": "Every week",
        Monthly = "monthly": "Every month",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Change {
    pub id: ChangeId,
    pub number: String,
    pub title: String,
    pub description: String,
    pub change_type: ChangeType,
    pub state: ChangeState,
    pub risk: String,
    pub impact: String,
    pub planned_start: Option<String>,
    pub planned_end: Option<String>,
    #[ts(type = "number | null")]
    pub assignment_group_id: Option<i64>,
    pub assignment_group: Option<String>,
    #[ts(type = "number | null")]
    pub assignee_id: Option<i64>,
    pub assignee: Option<String>,
    pub close_code: String,
    /// Names of the affected CIs.
    pub cis: Vec<String>,
    pub justification: String,
    pub implementation_plan: String,
    pub backout_plan: String,
    pub test_plan: String,
    /// When implementation began and ended (set by the state moves).
    pub actual_start: Option<String>,
    pub actual_end: Option<String>,
    #[ts(type = "number | null")]
    pub template_id: Option<i64>,
    pub template: Option<String>,
    /// The risk assessment's answers; `risk` is the level they gave.
    pub risk_answers: Vec<assessment::GivenAnswer>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ChangeInput {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub change_type: ChangeType,
    #[serde(default)]
    pub risk: String,
    #[serde(default)]
    pub impact: String,
    #[serde(default)]
    pub planned_start: Option<String>,
    #[serde(default)]
    pub planned_end: Option<String>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub assignment_group_id: Option<i64>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub assignee_id: Option<i64>,
    #[serde(default)]
    #[ts(type = "number[]")]
    pub ci_ids: Vec<i64>,
    #[serde(default)]
    pub justification: String,
    #[serde(default)]
    pub implementation_plan: String,
    #[serde(default)]
    pub backout_plan: String,
    #[serde(default)]
    pub test_plan: String,
    /// The standard-change template it comes from (only when creating; a standard change
    /// needs one).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub template_id: Option<i64>,
}

/// The columns `map` reads, from `FROM`.
const SELECT_COLUMNS: &str = "c.id, c.number, c.title, c.description, c.change_type, c.state, c.risk, c.impact, c.planned_start, c.planned_end,
    c.assignment_group_id, g.name, c.assignee_id, p.name, c.close_code,
    (SELECT group_concat(ci.name, '\n') FROM change_cis cc JOIN cis ci ON ci.id = cc.ci_id WHERE cc.change_id = c.id),
    c.justification, c.implementation_plan, c.backout_plan, c.test_plan, c.actual_start, c.actual_end, c.template_id, t.name, c.risk_answers";

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Change> {
    let cis: Option<String> = r.get(15)?;
    Ok(Change {
        id: ChangeId(r.get(0)?),
        number: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
        change_type: r.get(4)?,
        state: r.get(5)?,
        risk: r.get(6)?,
        impact: r.get(7)?,
        planned_start: r.get(8)?,
        planned_end: r.get(9)?,
        assignment_group_id: r.get(10)?,
        assignment_group: r.get(11)?,
        assignee_id: r.get(12)?,
        assignee: r.get(13)?,
        close_code: r.get(14)?,
        cis: cis.map(|s| s.split('\n').map(str::to_string).collect()).unwrap_or_default(),
        justification: r.get(16)?,
        implementation_plan: r.get(17)?,
        backout_plan: r.get(18)?,
        test_plan: r.get(19)?,
        actual_start: r.get(20)?,
        actual_end: r.get(21)?,
        template_id: r.get(22)?,
        template: r.get(23)?,
        risk_answers: serde_json::from_str(&r.get::<_, String>(24)?).unwrap_or_default(),
    })
}

pub(crate) fn fetch(conn: &Connection, id: ChangeId) -> Result<Change> {
    conn.query_row(&format!("SELECT {SELECT_COLUMNS} FROM {FROM} WHERE c.id = ?1"), [id.0], map)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { kind: "Change", id: id.0.to_string() })
}

pub fn show_change(ws: &Workspace, number: &str) -> Result<Change> {
    let id = crate::record::require_by_number(ws.conn(), RecordKind::Change, number)?;
    fetch(ws.conn(), ChangeId(id))
}

const FROM: &str = "changes c LEFT JOIN support_groups g ON g.id = c.assignment_group_id LEFT JOIN people p ON p.id = c.assignee_id
    LEFT JOIN change_templates t ON t.id = c.template_id";
const FIELDS: &[Field] = &[
    Field { name: "id", sql: "c.id", sortable: false, filterable: true },
    Field { name: "number", sql: "c.number", sortable: true, filterable: true },
    Field { name: "state", sql: "c.state", sortable: true, filterable: true },
    Field { name: "change_type", sql: "c.change_type", sortable: true, filterable: true },
    Field { name: "risk", sql: "c.risk", sortable: true, filterable: true },
    Field { name: "planned_start", sql: "c.planned_start", sortable: true, filterable: false },
    Field { name: "assignee_id", sql: "c.assignee_id", sortable: false, filterable: true },
    Field { name: "assignment_group_id", sql: "c.assignment_group_id", sortable: false, filterable: true },
];
static LIST: ListSpec = ListSpec { table: "changes c", from: FROM, id: "c.id", fields: FIELDS, default_sort: "number", search: Some(RecordKind::Change), like_fields: &[], counts: None, memberships: &[], query: None };

/// Changes through the one list mechanism: filtered, searched, sorted, a keyset page at a time.
pub fn list_changes(ws: &Workspace, req: &ListRequest) -> Result<Page<Change>> {
    list::run(ws.conn(), &LIST, req, SELECT_COLUMNS, map)
}

fn instant(field: &str, v: &Option<String>) -> Result<Option<String>> {
    match v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => crate::time::parse(v)
            .map(|t| Some(crate::time::to_text(t)))
            .ok_or_else(|| CoreError::validation(field, format!("\"{v}\" is not a date and time with its offset (2026-12-05T22:00:00Z)."))),
    }
}

/// Plans a change (state draft); a scheduled period must end after it starts; a standard
/// change comes from a template, whose plans and risk fill what the input leaves blank.
pub fn create_change(ws: &Workspace, input: &ChangeInput) -> Result<Change> {
    ws.write(|tx| {
        let id = create_in(tx, None, input, ChangeState::Draft)?;
        fetch(tx, id)
    })
}

/// An input checked against the workspace, ready to store.
struct Checked {
    title: String,
    description: String,
    risk: String,
    impact: String,
    start: Option<String>,
    end: Option<String>,
    justification: String,
    implementation_plan: String,
    backout_plan: String,
    test_plan: String,
}

fn check(tx: &Tx<'_>, input: &ChangeInput) -> Result<Checked> {
    let (start, end) = (instant("planned_start", &input.planned_start)?, instant("planned_end", &input.planned_end)?);
    if let (Some(s), Some(e)) = (&start, &end) {
        if e <= s {
            return Err(CoreError::validation("planned_end", "A change must end after it starts."));
        }
    }
    validate::exists(tx, "support_groups", input.assignment_group_id, "assignment_group_id", "support group")?;
    validate::exists(tx, "people", input.assignee_id, "assignee_id", "assignee")?;
    for ci in &input.ci_ids {
        validate::exists(tx, "cis", Some(*ci), "ci_ids", "configuration item")?;
    }
    Ok(Checked {
        title: validate::name("title", &input.title, 300)?,
        description: validate::text("description", &input.description, 50_000)?,
        risk: validate::line("risk", &input.risk, 60)?,
        impact: validate::line("impact", &input.impact, 60)?,
        start,
        end,
        justification: validate::text("justification", &input.justification, 20_000)?,
        implementation_plan: validate::text("implementation_plan", &input.implementation_plan, 50_000)?,
        backout_plan: validate::text("backout_plan", &input.backout_plan, 50_000)?,
        test_plan: validate::text("test_plan", &input.test_plan, 50_000)?,
    })
}

fn set_cis(tx: &Tx<'_>, id: ChangeId, ci_ids: &[i64]) -> Result<()> {
    tx.execute("DELETE FROM change_cis WHERE change_id = ?1", [id.0])?;
    for ci in ci_ids {
        tx.execute("INSERT OR IGNORE INTO change_cis (change_id, ci_id) VALUES (?1, ?2)", params![id.0, ci])?;
    }
    Ok(())
}

pub(crate) fn create_in(tx: &Tx<'_>, number: Option<&str>, input: &ChangeInput, state: ChangeState) -> Result<ChangeId> {
    let mut c = check(tx, input)?;
    let template = match input.template_id {
        Some(t) => Some(templates::fetch(tx, t)?),
        None => None,
    };
    match (&template, input.change_type) {
        (None, ChangeType::Standard) if number.is_none() => {
            return Err(CoreError::validation("template_id", "A standard change comes from a pre-approved template: pick one."));
        }
        (Some(_), t) if t != ChangeType::Standard => {
            return Err(CoreError::validation("template_id", "Only standard changes come from templates."));
        }
        (Some(t), _) if !t.active => {
            return Err(CoreError::validation("template_id", format!("The template \"{}\" is retired.", t.name)));
        }
        _ => {}
    }
    if let Some(t) = &template {
        for (mine, theirs) in [(&mut c.implementation_plan, &t.implementation_plan), (&mut c.backout_plan, &t.backout_plan), (&mut c.test_plan, &t.test_plan), (&mut c.risk, &t.risk), (&mut c.description, &t.description)] {
            if mine.is_empty() {
                mine.clone_from(theirs);
            }
        }
    }
    let number = match number.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => validate::line("number", n, 60)?,
        None => crate::record::next_number(tx, "changes", "CHG")?,
    };
    tx.execute(
        "INSERT INTO changes (number, title, description, change_type, state, risk, impact, planned_start, planned_end, assignment_group_id, assignee_id, created_at, updated_at,
            justification, implementation_plan, backout_plan, test_plan, template_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![number, c.title, c.description, input.change_type, state, c.risk, c.impact, c.start, c.end, input.assignment_group_id, input.assignee_id, tx.at(),
            c.justification, c.implementation_plan, c.backout_plan, c.test_plan, input.template_id],
    )?;
    let id = ChangeId(tx.last_insert_rowid());
    set_cis(tx, id, &input.ci_ids)?;
    tx.audit(Action::created("change.created"), RecordRef::new(RecordKind::Change, id.0), serde_json::to_value(fetch(tx, id)?).unwrap_or_default())?;
    Ok(id)
}

/// Moves a change along its lifecycle; only valid moves, and only when what the move
/// stands on is there: a planned period to schedule, a risk assessment to ask a normal
/// change's authority, the authority's approval to schedule, a review to close. Entering
/// authorization opens a new round of votes; implementation and its end are timed.
pub fn transition_change(ws: &Workspace, id: ChangeId, to: ChangeState) -> Result<Change> {
    transition_change_because(ws, id, to, None)
}

/// [`transition_change`], with the reason a change must be scheduled into a blackout window
/// (none is accepted without one; the reason is kept in the audit trail with the move).
pub fn transition_change_because(ws: &Workspace, id: ChangeId, to: ChangeState, blackout_reason: Option<&str>) -> Result<Change> {
    let in_blackout = to == ChangeState::Scheduled && conflicts::conflicts_of(ws, id)?.iter().any(|c| c.reason == conflicts::ConflictReason::Blackout);
    let reason = blackout_reason.map(str::trim).filter(|r| !r.is_empty());
    let reason = match (in_blackout, reason) {
        (true, None) => {
            return Err(CoreError::validation("blackout_reason", "This change falls in a blackout window: say why it must go ahead then (the override is recorded in the audit trail), or move it."));
        }
        (true, Some(r)) => Some(validate::text("blackout_reason", r, 2_000)?),
        (false, _) => None,
    };
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        if !before.state.can_move_to(before.change_type, to) {
            return Err(CoreError::validation("to", format!("{} cannot go from {} to {}.", before.number, before.state.label().to_lowercase(), to.label().to_lowercase())));
        }
        use ChangeState::*;
        match (before.state, to) {
            (_, Scheduled) if before.planned_start.is_none() || before.planned_end.is_none() => {
                return Err(CoreError::validation("planned_start", "Plan the start and end before scheduling the change."));
            }
            (Assess, Authorize) if before.change_type == ChangeType::Normal && before.risk.trim().is_empty() => {
                return Err(CoreError::validation("risk", "Assess the change's risk before asking for authorization."));
            }
            // Urgency skips the assessment, not the reasons and the way back.
            (_, Authorize) if before.change_type == ChangeType::Emergency && before.justification.trim().is_empty() => {
                return Err(CoreError::validation("justification", "An emergency change still needs its justification before it is authorized."));
            }
            (_, Authorize) if before.change_type == ChangeType::Emergency && before.backout_plan.trim().is_empty() => {
                return Err(CoreError::validation("backout_plan", "An emergency change still needs its back-out plan before it is authorized."));
            }
            (Authorize, Scheduled) => {
                let a = authorization::authorization_in(tx, &before)?;
                if a.decision != authorization::Decision::Authorized {
                    return Err(CoreError::validation("to", format!("{} is not authorized yet: {}.", before.number, a.explain())));
                }
            }
            (Review | Failed, Closed) if review::get_in(tx, id)?.is_none() => {
                return Err(CoreError::validation("to", "Record the post-implementation review before closing the change."));
            }
            _ => {}
        }
        tx.execute(
            "UPDATE changes SET state = ?1, updated_at = ?2,
                outcome = CASE WHEN ?1 = 'failed' THEN 'failed' ELSE outcome END,
                authorization_round = authorization_round + (?1 = 'authorize'),
                actual_start = CASE WHEN ?1 = 'implement' THEN ?2 ELSE actual_start END,
                actual_end = CASE WHEN ?1 IN ('review', 'failed') AND state = 'implement' THEN ?2 ELSE actual_end END
              WHERE id = ?3",
            params![to, tx.at(), id.0],
        )?;
        let mut detail = serde_json::json!({"number": before.number, "state": {"from": before.state, "to": to}});
        if let Some(r) = &reason {
            detail["blackout_override"] = serde_json::Value::String(r.clone());
        }
        tx.audit(Action::did("change.state_changed"), RecordRef::new(RecordKind::Change, id.0), detail)?;
        fetch(tx, id)
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChangeWindow {
    pub id: i64,
    pub kind: WindowKind,
    pub name: String,
    #[ts(type = "number | null")]
    pub ci_id: Option<i64>,
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    pub starts_at: String,
    pub ends_at: String,
    pub recurrence: Recurrence,
    pub until: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct WindowInput {
    pub kind: WindowKind,
    pub name: String,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub ci_id: Option<i64>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    pub starts_at: String,
    pub ends_at: String,
    pub recurrence: Recurrence,
    #[serde(default)]
    pub until: Option<String>,
}

/// Adds a maintenance or blackout window for a CI, a service (its CIs), or everything.
pub fn create_window(ws: &Workspace, input: &WindowInput) -> Result<ChangeWindow> {
    let name = validate::name("name", &input.name, 200)?;
    let (s, e) = (instant("starts_at", &Some(input.starts_at.clone()))?, instant("ends_at", &Some(input.ends_at.clone()))?);
    let (Some(s), Some(e)) = (s, e) else { return Err(CoreError::validation("starts_at", "A window has a start and an end.")) };
    if e <= s {
        return Err(CoreError::validation("ends_at", "A window must end after it starts."));
    }
    let until = instant("until", &input.until)?;
    ws.write(|tx| {
        validate::exists(tx, "cis", input.ci_id, "ci_id", "configuration item")?;
        validate::exists(tx, "services", input.service_id, "service_id", "service")?;
        tx.execute(
            "INSERT INTO change_windows (kind, name, ci_id, service_id, starts_at, ends_at, recurrence, until, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![input.kind, name, input.ci_id, input.service_id, s, e, input.recurrence, until, tx.at()],
        )?;
        let id = tx.last_insert_rowid();
        let w = ChangeWindow { id, kind: input.kind, name: name.clone(), ci_id: input.ci_id, service_id: input.service_id, starts_at: s.clone(), ends_at: e.clone(), recurrence: input.recurrence, until: until.clone() };
        tx.audit(Action::created("change_window.created"), RecordRef::new(RecordKind::ChangeWindow, id), serde_json::to_value(&w).unwrap_or_default())?;
        Ok(w)
    })
}

/// Removes a window (audited with what it was).
pub fn delete_window(ws: &Workspace, id: i64) -> Result<()> {
    ws.write(|tx| {
        let w = list_windows_in(tx)?.into_iter().find(|w| w.id == id).ok_or_else(|| CoreError::NotFound { kind: "Change window", id: id.to_string() })?;
        tx.execute("DELETE FROM change_windows WHERE id = ?1", [id])?;
        tx.audit(Action::did("change_window.deleted"), RecordRef::new(RecordKind::ChangeWindow, id), serde_json::to_value(&w).unwrap_or_default())
    })
}

pub fn list_windows(ws: &Workspace) -> Result<Vec<ChangeWindow>> {
    list_windows_in(ws.conn())
}

fn list_windows_in(conn: &Connection) -> Result<Vec<ChangeWindow>> {
    let rows = conn
        .prepare("SELECT id, kind, name, ci_id, service_id, starts_at, ends_at, recurrence, until FROM change_windows ORDER BY starts_at")?
        .query_map([], |r| {
            Ok(ChangeWindow { id: r.get(0)?, kind: r.get(1)?, name: r.get(2)?, ci_id: r.get(3)?, service_id: r.get(4)?, starts_at: r.get(5)?, ends_at: r.get(6)?, recurrence: r.get(7)?, until: r.get(8)? })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Edits a change that is not closed or cancelled: what, why, how, when, who, which CIs.
pub fn update_change(ws: &Workspace, id: ChangeId, input: &ChangeInput) -> Result<Change> {
    ws.write(|tx| {
        let before = fetch(tx, id)?;
        if !before.state.is_live() {
            return Err(CoreError::Conflict(format!("{} is {} and can no longer be edited.", before.number, before.state.label().to_lowercase())));
        }
        if input.change_type != before.change_type && before.state != ChangeState::Draft {
            return Err(CoreError::validation("change_type", "Only a draft change can change its type."));
        }
        if input.change_type == ChangeType::Standard && before.change_type != ChangeType::Standard {
            return Err(CoreError::validation("change_type", "A standard change comes from a pre-approved template: create it from one."));
        }
        let c = check(tx, input)?;
        tx.execute(
            "UPDATE changes SET title = ?2, description = ?3, change_type = ?4, risk = ?5, impact = ?6, planned_start = ?7, planned_end = ?8,
                assignment_group_id = ?9, assignee_id = ?10, updated_at = ?11, justification = ?12, implementation_plan = ?13, backout_plan = ?14, test_plan = ?15
              WHERE id = ?1",
            params![id.0, c.title, c.description, input.change_type, c.risk, c.impact, c.start, c.end, input.assignment_group_id, input.assignee_id, tx.at(),
                c.justification, c.implementation_plan, c.backout_plan, c.test_plan],
        )?;
        set_cis(tx, id, &input.ci_ids)?;
        let after = fetch(tx, id)?;
        tx.audit(Action::did("change.updated"), RecordRef::new(RecordKind::Change, id.0), validate::diff(&serde_json::to_value(&before).unwrap_or_default(), &serde_json::to_value(&after).unwrap_or_default()))?;
        Ok(after)
    })
}

pub fn get_change(ws: &Workspace, id: ChangeId) -> Result<Change> {
    fetch(ws.conn(), id)
}

/// One of a change's CIs, by id and name (its page edits the list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChangeCi {
    pub id: i64,
    pub name: String,
}

/// Everything a change's page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChangeDetail {
    pub change: Change,
    pub cis: Vec<ChangeCi>,
    /// Its collisions, both changes named by number and title.
    pub conflicts: Vec<conflicts::ConflictView>,
    pub authorization: authorization::Authorization,
    pub review: Option<review::Review>,
    pub caused_incidents: Vec<review::CausedIncident>,
    /// The states the change may move to now (the core's lifecycle; the window offers these).
    pub next_states: Vec<ChangeState>,
}

pub fn change_detail(ws: &Workspace, id: ChangeId) -> Result<ChangeDetail> {
    let change = fetch(ws.conn(), id)?;
    let cis = ws
        .conn()
        .prepare("SELECT ci.id, ci.name FROM change_cis cc JOIN cis ci ON ci.id = cc.ci_id WHERE cc.change_id = ?1 ORDER BY ci.name")?
        .query_map([id.0], |r| Ok(ChangeCi { id: r.get(0)?, name: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?;
    let conflicts = conflicts::views(ws, conflicts::conflicts_of(ws, id)?)?;
    Ok(ChangeDetail {
        cis,
        conflicts,
        authorization: authorization::authorization_in(ws.conn(), &change)?,
        review: review::get_review(ws, id)?,
        caused_incidents: review::caused_incidents(ws, id)?,
        next_states: change.state.next_states(change.change_type),
        change,
    })
}

/// What change control reports: how often changes succeed, how many are emergencies, how
/// many caused incidents, and how far ahead they are planned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChangeFigures {
    pub changes: u64,
    pub ended: u64,
    /// Successful share of the ended changes (0-100), None when none ended.
    pub success_pct: Option<f64>,
    pub emergency_pct: Option<f64>,
    pub causing_incidents: u64,
    /// Median days from recording a change to its planned start.
    pub lead_time_days: Option<f64>,
}

/// How the changes that ended turned out, for every figure that counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Outcomes {
    pub ok: u64,
    pub failed: u64,
}

/// Counts the changes (not cancelled) that ended: reviewed, or implemented by a deployment.
/// A change failed when its review says so or when a deployment implementing it is a change
/// failure in DORA's sense (`deployments::FAILED`): the two rates read one set of facts, so
/// a deployment that fails moves both.
pub(crate) fn outcomes(conn: &rusqlite::Connection) -> Result<Outcomes> {
    let sql = format!(
        "SELECT count(CASE WHEN NOT failed THEN 1 END), count(CASE WHEN failed THEN 1 END) FROM (
           SELECT coalesce(c.outcome = 'failed', 0) OR EXISTS (SELECT 1 FROM deployments d WHERE d.change_id = c.id AND {failed}) AS failed
             FROM changes c
            WHERE c.state <> 'cancelled' AND (c.outcome IS NOT NULL OR EXISTS (SELECT 1 FROM deployments d WHERE d.change_id = c.id)))",
        failed = crate::deployments::FAILED
    );
    Ok(conn.query_row(&sql, [], |r| Ok(Outcomes { ok: r.get(0)?, failed: r.get(1)? }))?)
}

pub fn figures(ws: &Workspace) -> Result<ChangeFigures> {
    let conn = ws.conn();
    let (changes, emergency): (u64, u64) =
        conn.query_row("SELECT count(*), count(CASE WHEN change_type = 'emergency' THEN 1 END) FROM changes WHERE state <> 'cancelled'", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let Outcomes { ok, failed } = outcomes(conn)?;
    let causing: u64 = conn.query_row("SELECT count(DISTINCT to_id) FROM links WHERE from_kind = 'incident' AND link_type = 'caused_by' AND to_kind = 'change'", [], |r| r.get(0))?;
    let mut leads: Vec<f64> = conn
        .prepare("SELECT julianday(planned_start) - julianday(created_at) FROM changes WHERE planned_start IS NOT NULL AND state <> 'cancelled'")?
        .query_map([], |r| r.get::<_, f64>(0))?
        .collect::<rusqlite::Result<_>>()?;
    leads.sort_by(|a, b| a.total_cmp(b));
    let pct = |n: u64, of: u64| (of > 0).then(|| (n as f64 * 1000.0 / of as f64).round() / 10.0);
    Ok(ChangeFigures {
        changes,
        ended: ok + failed,
        success_pct: pct(ok, ok + failed),
        emergency_pct: pct(emergency, changes),
        causing_incidents: causing,
        lead_time_days: leads.get(leads.len() / 2).map(|d| (d * 10.0).round() / 10.0),
    })
}
