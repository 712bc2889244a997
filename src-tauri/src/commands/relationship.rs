//! Relationship management: satisfaction figures per service or month.

use steward_core::relationship::satisfaction::{self, SatisfactionBy, SatisfactionRow};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn satisfaction_figures(state: State<'_, AppState>, by: SatisfactionBy) -> CmdResult<Vec<SatisfactionRow>> {
    state.with(|ws| satisfaction::satisfaction(ws, by))
}

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![SatisfactionBy::decl(cfg), SatisfactionRow::decl(cfg)]
}
