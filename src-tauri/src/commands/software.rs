//! Software development and management: the application portfolio and SBOMs.

use steward_core::list::{ListRequest, Page};
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
        steward_core::software::ApplicationDetail::decl(cfg),
        steward_core::software::Carrier::decl(cfg),
        steward_core::software::sbom::SbomError::decl(cfg),
        steward_core::software::sbom::SbomReport::decl(cfg),
    ]
}
