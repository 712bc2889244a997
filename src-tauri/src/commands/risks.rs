//! Risk management: the matrix, the register, the heatmap, imports and exports.

use steward_core::charts::risk_heatmap::{self, Heatmap};
use steward_core::charts::Theme;
use steward_core::export::{ExportFormat, ExportReport};
use steward_core::list::{ListRequest, Page};
use steward_core::risks::matrix::{self, ReRating, RiskMatrix, RiskMove};
use steward_core::risks::{self, transfer, RatingKind, Risk, RiskActionInput, RiskDetail, RiskId, RiskInput};
use tauri::{AppHandle, Runtime, State};

use super::dialogs::save_file;
use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn get_risk_matrix(state: State<'_, AppState>) -> CmdResult<RiskMatrix> {
    state.with(matrix::get_matrix)
}

/// Replaces the matrix; the register is re-rated and the answer says how many risks changed.
#[tauri::command(rename_all = "snake_case")]
pub fn set_risk_matrix(state: State<'_, AppState>, matrix: RiskMatrix) -> CmdResult<ReRating> {
    state.with(|ws| matrix::set_matrix(ws, &matrix))
}

/// `matrix` at another size with the same level bands (nothing saved).
#[tauri::command(rename_all = "snake_case")]
pub fn resized_risk_matrix(matrix: RiskMatrix, likelihood: usize, impact: usize) -> CmdResult<RiskMatrix> {
    Ok(matrix::resized(&matrix, likelihood, impact)?)
}

/// The ratings saving `matrix` would move, from which cell to which (nothing saved).
#[tauri::command(rename_all = "snake_case")]
pub fn preview_risk_matrix(state: State<'_, AppState>, matrix: RiskMatrix) -> CmdResult<Vec<RiskMove>> {
    state.with(|ws| matrix::preview_matrix(ws, &matrix))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_risks(state: State<'_, AppState>, request: ListRequest) -> CmdResult<Page<Risk>> {
    state.with(|ws| risks::list_risks(ws, &request))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_risk(state: State<'_, AppState>, id: RiskId) -> CmdResult<RiskDetail> {
    state.with(|ws| risks::risk_detail(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_risk(state: State<'_, AppState>, input: RiskInput) -> CmdResult<RiskDetail> {
    state.with(|ws| risks::create_risk(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_risk(state: State<'_, AppState>, id: RiskId, input: RiskInput) -> CmdResult<RiskDetail> {
    state.with(|ws| risks::update_risk(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn save_risk_action(state: State<'_, AppState>, risk: RiskId, action: Option<i64>, input: RiskActionInput) -> CmdResult<RiskDetail> {
    state.with(|ws| risks::save_action(ws, risk, action, &input))
}

/// The heatmap for one rating, with each cell's place for click targets.
#[tauri::command(rename_all = "snake_case")]
pub fn risk_heatmap(state: State<'_, AppState>, rating: RatingKind, theme: Theme) -> CmdResult<Heatmap> {
    state.with(|ws| risk_heatmap::risk_heatmap(ws, rating, theme, risk_heatmap::HeatmapSize::Panel))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_risk_heatmap<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, png: bool, rating: RatingKind, theme: Theme) -> CmdResult<Option<String>> {
    let ext = if png { "png" } else { "svg" };
    let Some(out) = save_file(&app, ext, "risk-heatmap")? else { return Ok(None) };
    state.with(|ws| risk_heatmap::write_risk_heatmap(ws, rating, theme, &out))?;
    Ok(Some(out.display().to_string()))
}

/// Exports the register as it is filtered on screen.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_risks<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, format: ExportFormat, request: ListRequest) -> CmdResult<Option<ExportReport>> {
    let Some(out) = save_file(&app, format.as_str(), "risk-register")? else { return Ok(None) };
    Ok(Some(state.with(|ws| transfer::export_risks(ws, format, &out, &request))?))
}

/// Picks a steward-csv register and imports it.
/// Open risks per level over time, as SVG.
#[tauri::command(rename_all = "snake_case")]
pub fn risk_trend(state: State<'_, AppState>, theme: Theme) -> CmdResult<String> {
    state.with(|ws| steward_core::charts::risk_trend::risk_trend_svg(ws, theme))
}

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        steward_core::risks::RiskId::decl(cfg),
        steward_core::risks::matrix::RiskMove::decl(cfg),
        steward_core::risks::Treatment::decl(cfg),
        steward_core::risks::RiskStatus::decl(cfg),
        steward_core::risks::ActionStatus::decl(cfg),
        steward_core::risks::Rating::decl(cfg),
        steward_core::risks::Risk::decl(cfg),
        steward_core::risks::RiskInput::decl(cfg),
        steward_core::risks::RiskAction::decl(cfg),
        steward_core::risks::RiskActionInput::decl(cfg),
        steward_core::risks::RiskDetail::decl(cfg),
        steward_core::risks::RatingKind::decl(cfg),
        steward_core::risks::TrendPoint::decl(cfg),
        steward_core::risks::matrix::ScaleStep::decl(cfg),
        steward_core::risks::matrix::Level::decl(cfg),
        steward_core::risks::matrix::RiskMatrix::decl(cfg),
        steward_core::risks::matrix::ReRating::decl(cfg),
    ]
}
