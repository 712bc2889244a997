//! Services, configuration items and the links between records: the SVS spine.

use steward_core::choices::Choices;
use steward_core::cis::{self, Ci, CiId, CiInput, Impact};
use steward_core::links::{self, LinkId, LinkView, NewLink};
use steward_core::list::{Cursor, ListRequest, Page};
use steward_core::record::RecordRef;
use steward_core::services::{self, Service, ServiceId, ServiceInput};
use steward_core::workspace::{self as core_ws, AuditEntry};
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

/// A record's history: its audit entries, newest first, a page at a time.
#[tauri::command(rename_all = "snake_case")]
pub fn record_history(state: State<'_, AppState>, record: RecordRef, after: Option<Cursor>) -> CmdResult<Page<AuditEntry>> {
    state.with(|ws| core_ws::record_history(ws, record, after))
}

/// The values and labels of every closed list, for the UI's pickers.
#[tauri::command(rename_all = "snake_case")]
pub fn choices() -> Choices {
    steward_core::choices::choices()
}

