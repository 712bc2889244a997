//! Configuration items and what depends on them.

use steward_core::cis::{self, lifecycle, Ci, CiId, CiInput, Impact};
use steward_core::list::{ListRequest, Page};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn ci_lifecycle(state: State<'_, AppState>, id: CiId) -> CmdResult<lifecycle::CiLifecycle> {
    state.with(|ws| lifecycle::get_ci_lifecycle(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_ci_lifecycle(state: State<'_, AppState>, id: CiId, input: lifecycle::CiLifecycle) -> CmdResult<lifecycle::CiLifecycle> {
    state.with(|ws| lifecycle::set_ci_lifecycle(ws, id, &input))
}

/// What falls out of warranty, support or life within the months ahead, soonest first.
#[tauri::command(rename_all = "snake_case")]
pub fn eol_radar(state: State<'_, AppState>, months: u32) -> CmdResult<Vec<lifecycle::EolItem>> {
    state.with(|ws| lifecycle::eol_radar(ws, months))
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

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        steward_core::cis::CiId::decl(cfg),
        steward_core::cis::CiType::decl(cfg),
        steward_core::cis::Environment::decl(cfg),
        steward_core::cis::Lifecycle::decl(cfg),
        steward_core::cis::Ci::decl(cfg),
        steward_core::cis::CiInput::decl(cfg),
        steward_core::cis::Impact::decl(cfg),
        steward_core::cis::ImpactItem::decl(cfg),
        steward_core::cis::lifecycle::CiLifecycle::decl(cfg),
        steward_core::cis::lifecycle::EolKind::decl(cfg),
        steward_core::cis::lifecycle::EolItem::decl(cfg),
    ]
}
