//! Service requests and the request catalogue.

use steward_core::list::{ListRequest, Page};
use steward_core::requests::{
    self, CatalogueItem, CatalogueItemId, CatalogueItemInput, Request, RequestDetail, RequestId, RequestInput, RequestTaskId, RequestTransition, TaskUpdate,
};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn list_catalogue(state: State<'_, AppState>, request: ListRequest) -> CmdResult<Page<CatalogueItem>> {
    state.with(|ws| requests::list_catalogue(ws, &request))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_catalogue_item(state: State<'_, AppState>, id: CatalogueItemId) -> CmdResult<CatalogueItem> {
    state.with(|ws| requests::get_catalogue_item(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_catalogue_item(state: State<'_, AppState>, input: CatalogueItemInput) -> CmdResult<CatalogueItem> {
    state.with(|ws| requests::create_catalogue_item(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_catalogue_item(state: State<'_, AppState>, id: CatalogueItemId, input: CatalogueItemInput) -> CmdResult<CatalogueItem> {
    state.with(|ws| requests::update_catalogue_item(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_requests(state: State<'_, AppState>, request: ListRequest) -> CmdResult<Page<Request>> {
    state.with(|ws| requests::list_requests(ws, &request))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_request(state: State<'_, AppState>, id: RequestId) -> CmdResult<RequestDetail> {
    state.with(|ws| requests::request_detail(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn raise_request(state: State<'_, AppState>, input: RequestInput) -> CmdResult<RequestDetail> {
    state.with(|ws| requests::raise_request(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_request(state: State<'_, AppState>, id: RequestId, input: RequestInput) -> CmdResult<RequestDetail> {
    state.with(|ws| requests::update_request(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn transition_request(state: State<'_, AppState>, id: RequestId, transition: RequestTransition) -> CmdResult<RequestDetail> {
    state.with(|ws| requests::transition_request(ws, id, &transition))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_request_task(state: State<'_, AppState>, id: RequestTaskId, update: TaskUpdate) -> CmdResult<RequestDetail> {
    state.with(|ws| requests::update_task(ws, id, &update))
}

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        steward_core::requests::CatalogueItemId::decl(cfg),
        steward_core::requests::TaskTemplate::decl(cfg),
        steward_core::requests::CatalogueItem::decl(cfg),
        steward_core::requests::CatalogueItemInput::decl(cfg),
        steward_core::requests::RequestId::decl(cfg),
        steward_core::requests::RequestTaskId::decl(cfg),
        steward_core::requests::RequestState::decl(cfg),
        steward_core::requests::TaskState::decl(cfg),
        steward_core::requests::Request::decl(cfg),
        steward_core::requests::RequestTask::decl(cfg),
        steward_core::requests::RequestDetail::decl(cfg),
        steward_core::requests::RequestInput::decl(cfg),
        steward_core::requests::RequestTransition::decl(cfg),
        steward_core::requests::TaskUpdate::decl(cfg),
    ]
}
