//! Relationship management: satisfaction figures per service or month.

use steward_core::charts::Theme;
use steward_core::relationship::satisfaction::{self, SatisfactionBy, SatisfactionRow, SurveyComment};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn satisfaction_figures(state: State<'_, AppState>, by: SatisfactionBy, service: Option<i64>) -> CmdResult<Vec<SatisfactionRow>> {
    state.with(|ws| satisfaction::satisfaction_of(ws, by, service))
}

/// The monthly CSAT and NPS of a service (or of all) as a chart.
#[tauri::command(rename_all = "snake_case")]
pub fn satisfaction_trend(state: State<'_, AppState>, service: Option<i64>, theme: Theme) -> CmdResult<String> {
    state.with(|ws| satisfaction::satisfaction_trend(ws, service, theme))
}

/// The survey comments containing the text, newest first.
#[tauri::command(rename_all = "snake_case")]
pub fn survey_comments(state: State<'_, AppState>, text: String, service: Option<i64>) -> CmdResult<Vec<SurveyComment>> {
    state.with(|ws| satisfaction::survey_comments(ws, &text, service, 200))
}

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![SatisfactionBy::decl(cfg), SatisfactionRow::decl(cfg), SurveyComment::decl(cfg)]
}
