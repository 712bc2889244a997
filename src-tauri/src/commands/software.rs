//! Software development and management: the application portfolio and SBOMs.

use steward_core::list::{ListRequest, Page};
use steward_core::charts::Theme;
use steward_core::software::portfolio::{self, DebtInput, FeedbackInput, FeedbackStatus, Portfolio, QualityFigures, Rationalisation, TimeItem};
use steward_core::software::sbom::{import_sbom, SbomReport};
use steward_core::software::{self, Application, ApplicationDetail, ApplicationId, ApplicationInput};
use tauri::{AppHandle, Runtime, State};

use super::dialogs::pick_file;
use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn list_applications(state: State<'_, AppState>, request: ListRequest) -> CmdResult<Page<Application>> {
    state.with(|ws| software::list_applications(ws, &request))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_application(state: State<'_, AppState>, id: ApplicationId) -> CmdResult<ApplicationDetail> {
    state.with(|ws| software::get_application(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_application(state: State<'_, AppState>, input: ApplicationInput) -> CmdResult<Application> {
    state.with(|ws| software::create_application(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_application(state: State<'_, AppState>, id: ApplicationId, input: ApplicationInput) -> CmdResult<Application> {
    state.with(|ws| software::update_application(ws, id, &input))
}

/// The licences the workspace flags as copyleft.
#[tauri::command(rename_all = "snake_case")]
pub fn copyleft_list(state: State<'_, AppState>) -> CmdResult<software::CopyleftList> {
    state.with(software::copyleft_list)
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_copyleft_list(state: State<'_, AppState>, list: software::CopyleftList) -> CmdResult<software::CopyleftList> {
    state.with(|ws| software::set_copyleft_list(ws, &list))
}

/// Scores, cost, quality, debt and feedback of one application.
#[tauri::command(rename_all = "snake_case")]
pub fn application_portfolio(state: State<'_, AppState>, id: ApplicationId) -> CmdResult<Portfolio> {
    state.with(|ws| portfolio::portfolio(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_application_rationalisation(state: State<'_, AppState>, id: ApplicationId, input: Rationalisation) -> CmdResult<Portfolio> {
    state.with(|ws| portfolio::set_rationalisation(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn record_application_quality(state: State<'_, AppState>, id: ApplicationId, input: QualityFigures) -> CmdResult<Portfolio> {
    state.with(|ws| portfolio::record_quality(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_technical_debt(state: State<'_, AppState>, id: ApplicationId, input: DebtInput) -> CmdResult<Portfolio> {
    state.with(|ws| portfolio::add_debt(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_technical_debt(state: State<'_, AppState>, id: ApplicationId, debt: i64, input: DebtInput) -> CmdResult<Portfolio> {
    state.with(|ws| portfolio::update_debt(ws, id, debt, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_application_feedback(state: State<'_, AppState>, id: ApplicationId, input: FeedbackInput) -> CmdResult<Portfolio> {
    state.with(|ws| portfolio::add_feedback(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_application_feedback(state: State<'_, AppState>, id: ApplicationId, feedback: i64, status: FeedbackStatus, release_id: Option<i64>) -> CmdResult<Portfolio> {
    state.with(|ws| portfolio::update_feedback(ws, id, feedback, status, release_id))
}

/// Every scored application on the TIME chart.
#[tauri::command(rename_all = "snake_case")]
pub fn time_portfolio(state: State<'_, AppState>) -> CmdResult<Vec<TimeItem>> {
    state.with(portfolio::time_portfolio)
}

#[tauri::command(rename_all = "snake_case")]
pub fn time_chart(state: State<'_, AppState>, theme: Theme) -> CmdResult<String> {
    state.with(|ws| portfolio::time_chart(ws, theme))
}

/// The applications whose components are a vulnerability's package.
#[tauri::command(rename_all = "snake_case")]
pub fn vulnerability_carriers(state: State<'_, AppState>, id: i64) -> CmdResult<Vec<software::Carrier>> {
    state.with(|ws| software::carriers_of(ws, id))
}

/// An SBOM the user picks (CycloneDX or SPDX JSON), imported into the named application.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_application_sbom<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, application: String) -> CmdResult<Option<SbomReport>> {
    let Some(path) = pick_file(&app, "SBOM (CycloneDX or SPDX JSON)", &["json"], "Import an SBOM")? else { return Ok(None) };
    Ok(Some(state.with(|ws| import_sbom(ws, &path, Some(&application)))?))
}

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        steward_core::software::ApplicationId::decl(cfg),
        steward_core::software::ApplicationLifecycle::decl(cfg),
        steward_core::software::Application::decl(cfg),
        steward_core::software::ApplicationInput::decl(cfg),
        steward_core::software::Component::decl(cfg),
        steward_core::software::LicenceCount::decl(cfg),
        steward_core::software::CopyleftList::decl(cfg),
        steward_core::software::ApplicationDetail::decl(cfg),
        steward_core::software::Carrier::decl(cfg),
        steward_core::software::sbom::SbomError::decl(cfg),
        steward_core::software::sbom::SbomReport::decl(cfg),
        steward_core::software::portfolio::TimeQuadrant::decl(cfg),
        steward_core::software::portfolio::DebtStatus::decl(cfg),
        steward_core::software::portfolio::FeedbackKind::decl(cfg),
        steward_core::software::portfolio::FeedbackStatus::decl(cfg),
        steward_core::software::portfolio::Rationalisation::decl(cfg),
        steward_core::software::portfolio::TimeItem::decl(cfg),
        steward_core::software::portfolio::QualityFigures::decl(cfg),
        steward_core::software::portfolio::DebtItem::decl(cfg),
        steward_core::software::portfolio::DebtInput::decl(cfg),
        steward_core::software::portfolio::Feedback::decl(cfg),
        steward_core::software::portfolio::FeedbackInput::decl(cfg),
        steward_core::software::portfolio::Portfolio::decl(cfg),
    ]
}
