//! Services, configuration items and the links between records: the SVS spine.

use serde::{Deserialize, Serialize};
use steward_core::cis::{self, Ci, CiId, CiInput, CiType, Environment, Impact, Lifecycle};
use steward_core::enums::Choice;
use steward_core::links::{self, LinkId, LinkType, LinkView, NewLink};
use steward_core::list::{ListRequest, Page};
use steward_core::record::RecordRef;
use steward_core::services::{self, Criticality, Service, ServiceId, ServiceInput, ServiceStatus};
use steward_core::incidents::{IncidentState, OnHoldReason};
use steward_core::knowledge::ArticleStatus;
use steward_core::incidents::communications::{Audience, CommsChannel};
use steward_core::import::ImportPhase;
use steward_core::import_file::FileFormat;
use steward_core::requests::{RequestState, TaskState};
use steward_core::sla::agreements::{AgreementKind, AppliesTo, Metric};
use steward_core::sla::report::ComplianceBy;
use steward_core::changes::authorization::{Decision, Vote};
use steward_core::changes::conflicts::ConflictReason;
use steward_core::changes::review::ReviewOutcome;
use steward_core::changes::{ChangeState, ChangeType, Recurrence, WindowKind};
use steward_core::export::ExportFormat;
use steward_core::problems::detection::ClusterBasis;
use steward_core::problems::ProblemState;
use steward_core::security::controls::{ControlType, Effectiveness, Implementation, TestResult};
use steward_core::security::vulnerabilities::VulnerabilityStatus;
use steward_core::risks::{ActionStatus, RatingKind, RiskStatus, Treatment};
use steward_core::sla::clocks::ClockState;
use steward_core::settings::DateFormat;
use steward_core::workspace::{self as core_ws, AuditEntry};
use steward_core::choices;
use tauri::State;
use ts_rs::TS;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn list_services(state: State<'_, AppState>, request: ListRequest) -> CmdResult<Page<Service>> {
    state.with(|ws| services::list_services(ws, &request))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_service(state: State<'_, AppState>, id: ServiceId) -> CmdResult<Service> {
    state.with(|ws| services::get_service(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_service(state: State<'_, AppState>, input: ServiceInput) -> CmdResult<Service> {
    state.with(|ws| services::create_service(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_service(state: State<'_, AppState>, id: ServiceId, input: ServiceInput) -> CmdResult<Service> {
    state.with(|ws| services::update_service(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn delete_service(state: State<'_, AppState>, id: ServiceId, remove_links: bool) -> CmdResult<()> {
    state.with(|ws| services::delete_service(ws, id, remove_links))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_cis(state: State<'_, AppState>, request: ListRequest) -> CmdResult<Page<Ci>> {
    state.with(|ws| cis::list_cis(ws, &request))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_ci(state: State<'_, AppState>, id: CiId) -> CmdResult<Ci> {
    state.with(|ws| cis::get_ci(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_ci(state: State<'_, AppState>, input: CiInput) -> CmdResult<Ci> {
    state.with(|ws| cis::create_ci(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_ci(state: State<'_, AppState>, id: CiId, input: CiInput) -> CmdResult<Ci> {
    state.with(|ws| cis::update_ci(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn delete_ci(state: State<'_, AppState>, id: CiId, remove_links: bool) -> CmdResult<()> {
    state.with(|ws| cis::delete_ci(ws, id, remove_links))
}

#[tauri::command(rename_all = "snake_case")]
pub fn impact_of_ci(state: State<'_, AppState>, id: CiId) -> CmdResult<Impact> {
    state.with(|ws| cis::impact_of_ci(ws, id, 200))
}

#[tauri::command(rename_all = "snake_case")]
pub fn links_of(state: State<'_, AppState>, record: RecordRef) -> CmdResult<Vec<LinkView>> {
    state.with(|ws| links::links_of(ws, record))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_link(state: State<'_, AppState>, link: NewLink) -> CmdResult<LinkView> {
    state.with(|ws| links::create_link(ws, &link))
}

#[tauri::command(rename_all = "snake_case")]
pub fn delete_link(state: State<'_, AppState>, id: LinkId) -> CmdResult<()> {
    state.with(|ws| links::delete_link(ws, id))
}

/// A record's history: its audit entries, newest first.
#[tauri::command(rename_all = "snake_case")]
pub fn record_history(state: State<'_, AppState>, record: RecordRef) -> CmdResult<Page<AuditEntry>> {
    use steward_core::list::FilterTerm;
    let req = ListRequest {
        filters: vec![
            FilterTerm { field: "record_kind".into(), value: record.kind.as_str().into(), missing: false },
            FilterTerm { field: "record_id".into(), value: record.id.to_string(), missing: false },
        ],
        limit: Some(200),
        ..Default::default()
    };
    state.with(|ws| core_ws::audit_trail(ws, &req))
}

/// The values and labels of every closed list, for the UI's pickers.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Choices {
    pub criticality: Vec<Choice>,
    pub service_status: Vec<Choice>,
    pub ci_type: Vec<Choice>,
    pub environment: Vec<Choice>,
    pub lifecycle: Vec<Choice>,
    pub link_type: Vec<Choice>,
    pub date_format: Vec<Choice>,
    pub incident_state: Vec<Choice>,
    pub on_hold_reason: Vec<Choice>,
    pub article_status: Vec<Choice>,
    pub request_state: Vec<Choice>,
    pub task_state: Vec<Choice>,
    pub audience: Vec<Choice>,
    pub comms_channel: Vec<Choice>,
    pub file_format: Vec<Choice>,
    pub import_phase: Vec<Choice>,
    pub agreement_kind: Vec<Choice>,
    pub sla_metric: Vec<Choice>,
    pub clock_state: Vec<Choice>,
    pub applies_to: Vec<Choice>,
    pub compliance_by: Vec<Choice>,
    pub treatment: Vec<Choice>,
    pub risk_status: Vec<Choice>,
    pub action_status: Vec<Choice>,
    pub rating_kind: Vec<Choice>,
    pub export_format: Vec<Choice>,
    pub control_type: Vec<Choice>,
    pub implementation: Vec<Choice>,
    pub effectiveness: Vec<Choice>,
    pub test_result: Vec<Choice>,
    pub vulnerability_status: Vec<Choice>,
    pub change_type: Vec<Choice>,
    pub change_state: Vec<Choice>,
    pub window_kind: Vec<Choice>,
    pub recurrence: Vec<Choice>,
    pub conflict_reason: Vec<Choice>,
    pub problem_state: Vec<Choice>,
    pub cluster_basis: Vec<Choice>,
    pub review_outcome: Vec<Choice>,
    pub vote: Vec<Choice>,
    pub decision: Vec<Choice>,
    /// Allowed link triples as "from_kind:link_type:to_kind".
    pub allowed_links: Vec<String>,
}

#[tauri::command(rename_all = "snake_case")]
pub fn choices() -> Choices {
    Choices {
        criticality: choices!(Criticality),
        service_status: choices!(ServiceStatus),
        ci_type: choices!(CiType),
        environment: choices!(Environment),
        lifecycle: choices!(Lifecycle),
        link_type: choices!(LinkType),
        date_format: choices!(DateFormat),
        incident_state: choices!(IncidentState),
        on_hold_reason: choices!(OnHoldReason),
        article_status: choices!(ArticleStatus),
        request_state: choices!(RequestState),
        task_state: choices!(TaskState),
        audience: choices!(Audience),
        comms_channel: choices!(CommsChannel),
        file_format: choices!(FileFormat),
        import_phase: choices!(ImportPhase),
        agreement_kind: choices!(AgreementKind),
        sla_metric: choices!(Metric),
        clock_state: choices!(ClockState),
        applies_to: choices!(AppliesTo),
        compliance_by: choices!(ComplianceBy),
        treatment: choices!(Treatment),
        risk_status: choices!(RiskStatus),
        action_status: choices!(ActionStatus),
        rating_kind: choices!(RatingKind),
        export_format: choices!(ExportFormat),
        control_type: choices!(ControlType),
        implementation: choices!(Implementation),
        effectiveness: choices!(Effectiveness),
        test_result: choices!(TestResult),
        vulnerability_status: choices!(VulnerabilityStatus),
        change_type: choices!(ChangeType),
        change_state: choices!(ChangeState),
        window_kind: choices!(WindowKind),
        recurrence: choices!(Recurrence),
        conflict_reason: choices!(ConflictReason),
        problem_state: choices!(ProblemState),
        cluster_basis: choices!(ClusterBasis),
        review_outcome: choices!(ReviewOutcome),
        vote: choices!(Vote),
        decision: choices!(Decision),
        allowed_links: links::ALLOWED.iter().map(|(f, t, to)| format!("{}:{}:{}", f.as_str(), t.as_str(), to.as_str())).collect(),
    }
}
