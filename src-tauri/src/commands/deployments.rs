//! Deployment management: deployments, environments, the DORA figures.

use steward_core::deployments::dora::{self, DoraFigures, DoraQuery};
use steward_core::deployments::{self, Deployment, DeploymentEnvironment, DeploymentId, DeploymentInput};
use steward_core::export::{ExportFormat, ExportReport};
use steward_core::incidents::Incident;
use steward_core::list::{ListRequest, Page};
use tauri::{AppHandle, Runtime, State};

use super::dialogs::save_file;
use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn list_deployments(state: State<'_, AppState>, request: ListRequest) -> CmdResult<Page<Deployment>> {
    state.with(|ws| deployments::list_deployments(ws, &request))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_deployment(state: State<'_, AppState>, id: DeploymentId) -> CmdResult<Deployment> {
    state.with(|ws| deployments::get_deployment(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_deployment(state: State<'_, AppState>, input: DeploymentInput) -> CmdResult<Deployment> {
    state.with(|ws| deployments::create_deployment(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_deployment(state: State<'_, AppState>, id: DeploymentId, input: DeploymentInput) -> CmdResult<Deployment> {
    state.with(|ws| deployments::update_deployment(ws, id, &input))
}

/// Logs the incident a deployment caused, linked to it.
#[tauri::command(rename_all = "snake_case")]
pub fn log_deployment_incident(state: State<'_, AppState>, id: DeploymentId, title: String) -> CmdResult<Incident> {
    state.with(|ws| deployments::log_incident_caused(ws, id, &title))
}

#[tauri::command(rename_all = "snake_case")]
pub fn deployments_of_change(state: State<'_, AppState>, change: i64) -> CmdResult<Vec<Deployment>> {
    state.with(|ws| deployments::deployments_of_change(ws, change))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_environments(state: State<'_, AppState>) -> CmdResult<Vec<DeploymentEnvironment>> {
    state.with(deployments::list_environments)
}

#[tauri::command(rename_all = "snake_case")]
pub fn dora_figures(state: State<'_, AppState>, query: DoraQuery) -> CmdResult<DoraFigures> {
    state.with(|ws| dora::figures(ws, &query))
}

#[tauri::command(rename_all = "snake_case")]
pub fn dora_bands(state: State<'_, AppState>) -> CmdResult<dora::DoraBands> {
    state.with(dora::dora_bands)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_deployments<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, format: ExportFormat) -> CmdResult<Option<ExportReport>> {
    let Some(out) = save_file(&app, format.as_str(), "deployments")? else { return Ok(None) };
    Ok(Some(state.with(|ws| deployments::import::export_deployments(ws, format, &out))?))
}

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        steward_core::deployments::DeploymentId::decl(cfg),
        steward_core::deployments::DeploymentResult::decl(cfg),
        steward_core::deployments::DeploymentMethod::decl(cfg),
        steward_core::deployments::DeploymentEnvironment::decl(cfg),
        steward_core::deployments::Deployment::decl(cfg),
        steward_core::deployments::DeploymentInput::decl(cfg),
        steward_core::deployments::dora::BandLimits::decl(cfg),
        steward_core::deployments::dora::DoraBands::decl(cfg),
        steward_core::deployments::dora::Band::decl(cfg),
        steward_core::deployments::dora::Bands::decl(cfg),
        steward_core::deployments::dora::DoraFigures::decl(cfg),
        steward_core::deployments::dora::DoraQuery::decl(cfg),
    ]
}
