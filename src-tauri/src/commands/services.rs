//! Services: the catalogue every practice's records point at.

use steward_core::list::{ListRequest, Page};
use steward_core::services::{self, Service, ServiceId, ServiceInput};
use tauri::State;

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

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        steward_core::services::ServiceId::decl(cfg),
        steward_core::services::Criticality::decl(cfg),
        steward_core::services::ServiceStatus::decl(cfg),
        steward_core::services::Service::decl(cfg),
        steward_core::services::ServiceInput::decl(cfg),
    ]
}
