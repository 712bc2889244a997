//! Information security: controls, their tests and evidence, framework catalogues, coverage
//! and the statement of applicability; CVSS scores.

use steward_core::export::{ExportFormat, ExportReport};
use steward_core::list::{ListRequest, Page};
use steward_core::security::controls::{self, Control, ControlDetail, ControlId, ControlInput, ControlTestInput, EvidenceFile};
use steward_core::security::cvss::{self, CvssScore};
use steward_core::security::frameworks::{self, Coverage, Framework, FrameworkId, Requirement};
use steward_core::security::vulnerabilities::{self, DueDays, Vulnerability, VulnerabilityId, VulnerabilityInput};
use tauri::{AppHandle, Runtime, State};

use super::dialogs::{open_checked_copy, pick_file, save_file};
use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn cvss_score(vector: String) -> CmdResult<CvssScore> {
    Ok(cvss::score(&vector)?)
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_controls(state: State<'_, AppState>, request: ListRequest) -> CmdResult<Page<Control>> {
    state.with(|ws| controls::list_controls(ws, &request))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_control(state: State<'_, AppState>, id: ControlId) -> CmdResult<ControlDetail> {
    state.with(|ws| controls::control_detail(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_control(state: State<'_, AppState>, input: ControlInput) -> CmdResult<ControlDetail> {
    state.with(|ws| controls::create_control(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_control(state: State<'_, AppState>, id: ControlId, input: ControlInput) -> CmdResult<ControlDetail> {
    state.with(|ws| controls::update_control(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn record_control_test(state: State<'_, AppState>, id: ControlId, input: ControlTestInput) -> CmdResult<ControlDetail> {
    state.with(|ws| controls::record_test(ws, id, &input))
}

/// Picks a file and keeps it inside the workspace as evidence of a test.
#[tauri::command(rename_all = "snake_case")]
pub async fn attach_evidence<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, test: i64) -> CmdResult<Option<EvidenceFile>> {
    let Some(path) = pick_file(&app, "Any file", &[], "Attach evidence")? else { return Ok(None) };
    Ok(Some(state.with(|ws| controls::attach_evidence(ws, test, &path))?))
}

/// Opens an evidence file with the system's viewer, from a checked copy in a fresh
/// temporary folder (the workspace's copy is never handed out).
#[tauri::command(rename_all = "snake_case")]
pub fn open_evidence(state: State<'_, AppState>, id: i64) -> CmdResult<String> {
    open_checked_copy(&format!("steward-evidence-{id}-"), |dir| Ok(state.with(|ws| controls::evidence_copy(ws, id, dir))?))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_frameworks(state: State<'_, AppState>) -> CmdResult<Vec<Framework>> {
    state.with(frameworks::list_frameworks)
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_nist_csf(state: State<'_, AppState>) -> CmdResult<FrameworkId> {
    state.with(frameworks::add_nist_csf)
}

#[tauri::command(rename_all = "snake_case")]
pub fn framework_requirements(state: State<'_, AppState>, id: FrameworkId) -> CmdResult<Vec<Requirement>> {
    state.with(|ws| frameworks::requirements(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn framework_coverage(state: State<'_, AppState>, id: FrameworkId) -> CmdResult<Vec<Coverage>> {
    state.with(|ws| frameworks::coverage(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_control_requirements(state: State<'_, AppState>, id: ControlId, requirements: Vec<i64>) -> CmdResult<ControlDetail> {
    state.with(|ws| {
        frameworks::set_control_requirements(ws, id, &requirements)?;
        controls::control_detail(ws, id)
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_applicability(state: State<'_, AppState>, requirement: i64, applicable: bool, justification: String) -> CmdResult<()> {
    state.with(|ws| frameworks::set_applicability(ws, requirement, applicable, &justification))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_soa<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, id: FrameworkId, format: ExportFormat) -> CmdResult<Option<ExportReport>> {
    let Some(out) = save_file(&app, format.as_str(), "statement-of-applicability")? else { return Ok(None) };
    Ok(Some(state.with(|ws| frameworks::export_soa(ws, id, format, &out))?))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_vulnerabilities(state: State<'_, AppState>, request: ListRequest) -> CmdResult<Page<Vulnerability>> {
    state.with(|ws| vulnerabilities::list_vulnerabilities(ws, &request))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_vulnerability(state: State<'_, AppState>, id: VulnerabilityId) -> CmdResult<Vulnerability> {
    state.with(|ws| vulnerabilities::get_vulnerability(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_vulnerability(state: State<'_, AppState>, input: VulnerabilityInput) -> CmdResult<Vulnerability> {
    state.with(|ws| vulnerabilities::create_vulnerability(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_vulnerability(state: State<'_, AppState>, id: VulnerabilityId, input: VulnerabilityInput) -> CmdResult<Vulnerability> {
    state.with(|ws| vulnerabilities::update_vulnerability(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_vulnerability_due_days(state: State<'_, AppState>) -> CmdResult<DueDays> {
    state.with(vulnerabilities::get_due_days)
}

/// Sets days to fix per severity; returns how many open vulnerabilities were rescheduled.
#[tauri::command(rename_all = "snake_case")]
pub fn set_vulnerability_due_days(state: State<'_, AppState>, days: DueDays) -> CmdResult<u64> {
    state.with(|ws| vulnerabilities::set_due_days(ws, &days))
}

/// Flags an incident as a security incident with what it harmed, or clears the flag.
#[tauri::command(rename_all = "snake_case")]
pub fn classify_incident(state: State<'_, AppState>, id: steward_core::incidents::IncidentId, class: Option<steward_core::security::incidents::SecurityClass>) -> CmdResult<steward_core::incidents::Incident> {
    state.with(|ws| steward_core::security::incidents::classify_incident(ws, id, class))
}

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        steward_core::security::cvss::CvssScore::decl(cfg),
        steward_core::security::controls::ControlId::decl(cfg),
        steward_core::security::controls::ControlType::decl(cfg),
        steward_core::security::controls::Implementation::decl(cfg),
        steward_core::security::controls::Effectiveness::decl(cfg),
        steward_core::security::controls::TestResult::decl(cfg),
        steward_core::security::controls::Control::decl(cfg),
        steward_core::security::controls::ControlInput::decl(cfg),
        steward_core::security::controls::EvidenceFile::decl(cfg),
        steward_core::security::controls::ControlTest::decl(cfg),
        steward_core::security::controls::ControlTestInput::decl(cfg),
        steward_core::security::controls::ControlDetail::decl(cfg),
        steward_core::security::frameworks::FrameworkId::decl(cfg),
        steward_core::security::frameworks::Framework::decl(cfg),
        steward_core::security::frameworks::Requirement::decl(cfg),
        steward_core::security::frameworks::Coverage::decl(cfg),
        steward_core::security::frameworks::SoaLine::decl(cfg),
        steward_core::security::incidents::SecurityClass::decl(cfg),
        steward_core::security::vulnerabilities::VulnerabilityId::decl(cfg),
        steward_core::security::vulnerabilities::VulnerabilityStatus::decl(cfg),
        steward_core::security::vulnerabilities::DueDays::decl(cfg),
        steward_core::security::vulnerabilities::Vulnerability::decl(cfg),
        steward_core::security::vulnerabilities::VulnerabilityInput::decl(cfg),
    ]
}
