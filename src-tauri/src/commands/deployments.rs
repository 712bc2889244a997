//! Deployment management: deployments, environments, releases, the DORA figures.

use steward_core::deployments::dora::{self, DoraFigures, DoraQuery};
use steward_core::deployments::{self, Deployment, DeploymentEnvironment, DeploymentId, DeploymentInput, RelatedDeployment};
use steward_core::record::RecordRef;
use steward_core::charts::Theme;
use steward_core::export::{ExportFormat, ExportReport};
use steward_core::incidents::Incident;
use steward_core::list::{ListRequest, Page};
use tauri::{AppHandle, Runtime, State};

use super::dialogs::{pick_folder, save_file};
use steward_core::deployments::git::{import_git, GitImport, GitTarget};
use steward_core::deployments::environments;
use steward_core::deployments::releases::{self, Release, ReleaseDetail, ReleaseId, ReleaseInput};
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

/// The commits a deployment carried, with their lead times.
#[tauri::command(rename_all = "snake_case")]
pub fn deployment_commits(state: State<'_, AppState>, id: DeploymentId) -> CmdResult<Vec<deployments::DeploymentCommit>> {
    state.with(|ws| deployments::commits_of(ws, id))
}

/// The deployments in a record's chain (an incident's cause or fix, a problem's shipped
/// fix, a change's implementations).
#[tauri::command(rename_all = "snake_case")]
pub fn related_deployments(state: State<'_, AppState>, record: RecordRef) -> CmdResult<Vec<RelatedDeployment>> {
    state.with(|ws| deployments::related_deployments(ws, record))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_releases(state: State<'_, AppState>, request: ListRequest) -> CmdResult<Page<Release>> {
    state.with(|ws| releases::list_releases(ws, &request))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_release(state: State<'_, AppState>, id: ReleaseId) -> CmdResult<ReleaseDetail> {
    state.with(|ws| releases::get_release(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_release(state: State<'_, AppState>, input: ReleaseInput) -> CmdResult<ReleaseDetail> {
    state.with(|ws| releases::create_release(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_release(state: State<'_, AppState>, id: ReleaseId, input: ReleaseInput) -> CmdResult<ReleaseDetail> {
    state.with(|ws| releases::update_release(ws, id, &input))
}

/// Puts a deployment in a release, or takes it out (no release).
#[tauri::command(rename_all = "snake_case")]
pub fn set_deployment_release(state: State<'_, AppState>, deployment: DeploymentId, release: Option<ReleaseId>) -> CmdResult<Deployment> {
    state.with(|ws| releases::set_deployment_release(ws, deployment, release))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_environments(state: State<'_, AppState>) -> CmdResult<Vec<DeploymentEnvironment>> {
    state.with(deployments::list_environments)
}

/// Adds an environment (no id) or renames one, making it production if asked.
#[tauri::command(rename_all = "snake_case")]
pub fn save_environment(state: State<'_, AppState>, id: Option<i64>, input: environments::EnvironmentInput) -> CmdResult<Vec<DeploymentEnvironment>> {
    state.with(|ws| environments::save_environment(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn move_environment(state: State<'_, AppState>, id: i64, earlier: bool) -> CmdResult<Vec<DeploymentEnvironment>> {
    state.with(|ws| environments::move_environment(ws, id, earlier))
}

/// A service's environments in order (those named for it and those it deployed to).
#[tauri::command(rename_all = "snake_case")]
pub fn service_environments(state: State<'_, AppState>, service: i64) -> CmdResult<Vec<DeploymentEnvironment>> {
    state.with(|ws| environments::service_environments(ws, service))
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_service_environments(state: State<'_, AppState>, service: i64, environments: Vec<i64>) -> CmdResult<Vec<DeploymentEnvironment>> {
    state.with(|ws| self::environments::set_service_environments(ws, service, &environments))
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
pub fn set_dora_bands(state: State<'_, AppState>, bands: dora::DoraBands) -> CmdResult<dora::DoraBands> {
    state.with(|ws| dora::set_dora_bands(ws, &bands))
}

/// One figure's trend over the query's range: the figures month by month (the drill-down's
/// rows) and the chart of the one figure beside its band limits, from one reading.
#[tauri::command(rename_all = "snake_case")]
pub fn dora_trend(state: State<'_, AppState>, query: DoraQuery, metric: dora::DoraMetric, theme: Theme) -> CmdResult<dora::DoraTrend> {
    state.with(|ws| {
        let months = dora::monthly(ws, &query)?;
        let chart = steward_core::charts::dora_trend::render(&months, metric, &dora::dora_bands(ws)?, theme)?;
        Ok(dora::DoraTrend { months, chart })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_deployments<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, format: ExportFormat) -> CmdResult<Option<ExportReport>> {
    let Some(out) = save_file(&app, format.as_str(), "deployments")? else { return Ok(None) };
    Ok(Some(state.with(|ws| deployments::import::export_deployments(ws, format, &out))?))
}

/// Deployments from a git repository the user picks (a clone or a bare repository): each
/// tag matching the target's pattern one deployment, through the import history (undoable).
#[tauri::command(rename_all = "snake_case")]
pub async fn import_git_deployments<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, target: GitTarget) -> CmdResult<Option<GitImport>> {
    let Some(repository) = pick_folder(&app, "Choose a git repository (a clone or a bare repository)")? else { return Ok(None) };
    Ok(Some(state.with(|ws| import_git(ws, &repository, &target))?))
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
        steward_core::deployments::DeploymentRole::decl(cfg),
        steward_core::deployments::DeploymentCommit::decl(cfg),
        steward_core::deployments::git::GitTarget::decl(cfg),
        steward_core::deployments::git::GitImport::decl(cfg),
        steward_core::deployments::dora::DoraMetric::decl(cfg),
        steward_core::deployments::dora::DoraMonth::decl(cfg),
        steward_core::deployments::dora::DoraTrend::decl(cfg),
        steward_core::deployments::RelatedDeployment::decl(cfg),
        steward_core::deployments::dora::BandLimits::decl(cfg),
        steward_core::deployments::dora::DoraBands::decl(cfg),
        steward_core::deployments::dora::Band::decl(cfg),
        steward_core::deployments::dora::Bands::decl(cfg),
        steward_core::deployments::dora::DoraFigures::decl(cfg),
        steward_core::deployments::dora::DoraQuery::decl(cfg),
        releases::ReleaseId::decl(cfg),
        releases::Release::decl(cfg),
        releases::ReleaseStep::decl(cfg),
        releases::ReleaseChange::decl(cfg),
        releases::ReleaseDetail::decl(cfg),
        releases::ReleaseInput::decl(cfg),
        releases::ReleaseSlot::decl(cfg),
        environments::EnvironmentInput::decl(cfg),
    ]
}
