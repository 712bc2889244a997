use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use super::states::{Channel, IncidentState, OnHoldReason};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct IncidentId(pub i64);

/// An incident as stored, with referenced records by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Incident {
    pub id: IncidentId,
    pub number: String,
    pub title: String,
    pub description: String,
    pub caller: Option<String>,
    #[ts(type = "number | null")]
    pub caller_id: Option<i64>,
    pub channel: String,
    pub category: String,
    pub subcategory: String,
    pub service: Option<String>,
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    pub ci: Option<String>,
    #[ts(type = "number | null")]
    pub ci_id: Option<i64>,
    #[ts(type = "number | null")]
    pub impact: Option<i64>,
    #[ts(type = "number | null")]
    pub urgency: Option<i64>,
    #[ts(type = "number | null")]
    pub priority: Option<i64>,
    pub assignment_group: Option<String>,
    #[ts(type = "number | null")]
    pub assignment_group_id: Option<i64>,
    pub assignee: Option<String>,
    #[ts(type = "number | null")]
    pub assignee_id: Option<i64>,
    pub state: IncidentState,
    /// The state label of the tool it was imported from, kept visible.
    pub source_state: Option<String>,
    pub on_hold_reason: Option<OnHoldReason>,
    pub resolution_code: String,
    pub resolution_notes: String,
    pub opened_at: String,
    pub first_response_at: Option<String>,
    pub resolved_at: Option<String>,
    pub closed_at: Option<String>,
    pub reassignment_count: i64,
    pub reopen_count: i64,
    pub major: bool,
    /// Where an imported incident came from: file, its SHA-256 and the row; null if logged here.
    pub source: Option<String>,
    /// The earliest deadline of its SLA clocks that still run, if any.
    pub sla_due: Option<String>,
    /// When the clock behind `sla_due` reaches its warning threshold.
    pub sla_warn_at: Option<String>,
    /// Flagged as a security incident; `security_cia` says what it harmed ("c", "i", "a").
    pub security: bool,
    pub security_cia: String,
    pub updated_at: String,
}

/// One changed field in an incident's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HistoryEntry {
    pub at: String,
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct IncidentDetail {
    pub incident: Incident,
    pub history: Vec<HistoryEntry>,
    /// The states a user may move it to now.
    pub next_states: Vec<IncidentState>,
}

/// What a desk agent enters to log or edit an incident. Priority is not entered: the
/// workspace's impact x urgency matrix derives it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct IncidentInput {
    pub title: String,
    pub description: String,
    #[ts(type = "number | null")]
    pub caller_id: Option<i64>,
    pub channel: String,
    pub category: String,
    pub subcategory: String,
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    #[ts(type = "number | null")]
    pub ci_id: Option<i64>,
    pub impact: i64,
    pub urgency: i64,
    #[ts(type = "number | null")]
    pub assignment_group_id: Option<i64>,
    #[ts(type = "number | null")]
    pub assignee_id: Option<i64>,
    pub major: bool,
}

/// A move to another state, with what that state needs.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Transition {
    pub to: IncidentState,
    pub on_hold_reason: Option<OnHoldReason>,
    pub resolution_code: Option<String>,
    pub resolution_notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct IncidentStats {
    pub total: u64,
    #[ts(type = "Record<string, number>")]
    pub by_state: std::collections::BTreeMap<String, u64>,
    #[ts(type = "Record<string, number>")]
    pub by_priority: std::collections::BTreeMap<String, u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct IncidentHit {
    pub number: String,
    pub title: String,
    pub snippet: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct IncidentSearch {
    pub hits: Vec<IncidentHit>,
    pub total: u64,
}

/// A work note (internal) or a comment the caller can see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Note {
    pub at: String,
    pub by: String,
    pub visible_to_caller: bool,
    pub body: String,
}
