//! Change control: changes, windows and collisions.

use steward_core::changes::conflicts::{self, Conflict};
use steward_core::changes::{self, Change, ChangeId, ChangeInput, ChangeState, ChangeWindow, WindowInput};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn list_changes(state: State<'_, AppState>) -> CmdResult<Vec<Change>> {
    state.with(changes::all_changes)
}

/// A change, the ids of its CIs, and its conflicts.
#[tauri::command(rename_all = "snake_case")]
pub fn get_change(state: State<'_, AppState>, id: ChangeId) -> CmdResult<(Change, Vec<i64>, Vec<Conflict>)> {
    state.with(|ws| {
        let c = changes::get_change(ws, id)?;
        Ok((c.clone(), changes::change_ci_ids(ws, c.id)?, changes::conflicts_of(ws, c.id)?))
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_change(state: State<'_, AppState>, input: ChangeInput) -> CmdResult<Change> {
    state.with(|ws| changes::create_change(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_change(state: State<'_, AppState>, id: ChangeId, input: ChangeInput) -> CmdResult<Change> {
    state.with(|ws| changes::update_change(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn transition_change(state: State<'_, AppState>, id: ChangeId, to: ChangeState) -> CmdResult<Change> {
    state.with(|ws| changes::transition_change(ws, id, to))
}

#[tauri::command(rename_all = "snake_case")]
pub fn change_conflicts(state: State<'_, AppState>) -> CmdResult<Vec<Conflict>> {
    state.with(conflicts::conflicts)
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_change_windows(state: State<'_, AppState>) -> CmdResult<Vec<ChangeWindow>> {
    state.with(changes::list_windows)
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_change_window(state: State<'_, AppState>, input: WindowInput) -> CmdResult<ChangeWindow> {
    state.with(|ws| changes::create_window(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn change_figures(state: State<'_, AppState>) -> CmdResult<changes::ChangeFigures> {
    state.with(changes::figures)
}
