//! Incident management and the service desk's queues.

use steward_core::incidents::communications::{self, Communication, CommunicationInput};
use steward_core::incidents::costs::{self, CostLineInput, IncidentCost};
use steward_core::incidents::{self, ExportFormat, ExportReport, Incident, IncidentDetail, IncidentId, IncidentInput, IncidentStats, Note, PriorityMatrix, Transition};
use steward_core::list::{ListRequest, Page};
use steward_core::views::{self, SavedView, ViewList};
use tauri::{AppHandle, Runtime, State};

use super::dialogs::save_file;
use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn list_incidents(state: State<'_, AppState>, request: ListRequest) -> CmdResult<Page<Incident>> {
    state.with(|ws| incidents::list_incidents(ws, &request))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_incident(state: State<'_, AppState>, id: IncidentId) -> CmdResult<IncidentDetail> {
    state.with(|ws| incidents::incident_detail(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn incident_notes(state: State<'_, AppState>, id: IncidentId) -> CmdResult<Vec<Note>> {
    state.with(|ws| incidents::notes(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn log_incident(state: State<'_, AppState>, input: IncidentInput) -> CmdResult<Incident> {
    state.with(|ws| incidents::log_incident(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_incident(state: State<'_, AppState>, id: IncidentId, input: IncidentInput) -> CmdResult<Incident> {
    state.with(|ws| incidents::update_incident(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn transition_incident(state: State<'_, AppState>, id: IncidentId, transition: Transition) -> CmdResult<Incident> {
    state.with(|ws| incidents::transition_incident(ws, id, &transition))
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_incident_note(state: State<'_, AppState>, id: IncidentId, body: String, visible_to_caller: bool) -> CmdResult<()> {
    state.with(|ws| incidents::add_note(ws, id, &body, visible_to_caller))
}

#[tauri::command(rename_all = "snake_case")]
pub fn incident_stats(state: State<'_, AppState>) -> CmdResult<IncidentStats> {
    state.with(incidents::incident_stats)
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_priority_matrix(state: State<'_, AppState>) -> CmdResult<PriorityMatrix> {
    state.with(incidents::get_matrix)
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_priority_matrix(state: State<'_, AppState>, matrix: PriorityMatrix) -> CmdResult<PriorityMatrix> {
    state.with(|ws| incidents::set_matrix(ws, &matrix))
}

/// Exports the list as it is filtered on screen.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_incidents<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, format: ExportFormat, request: ListRequest) -> CmdResult<Option<ExportReport>> {
    let ext = format.as_str();
    let Some(out) = save_file(&app, ext, "incidents")? else { return Ok(None) };
    Ok(Some(state.with(|ws| incidents::export_incidents(ws, format, &out, &request))?))
}

/// The service desk's figures, hours in the workspace's display time zone.
#[tauri::command(rename_all = "snake_case")]
pub fn desk_figures(state: State<'_, AppState>) -> CmdResult<incidents::figures::DeskFigures> {
    state.with(|ws| {
        incidents::figures::desk_figures(ws, steward_core::settings::display_zone(ws)?, ws.now())
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_auto_close_days(state: State<'_, AppState>) -> CmdResult<i64> {
    state.with(incidents::auto_close_days)
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_auto_close_days(state: State<'_, AppState>, days: i64) -> CmdResult<i64> {
    state.with(|ws| incidents::set_auto_close_days(ws, days))
}

/// The saved views of a desk list (incidents or requests).
#[tauri::command(rename_all = "snake_case")]
pub fn saved_views(state: State<'_, AppState>, list: ViewList) -> CmdResult<Vec<SavedView>> {
    state.with(|ws| views::saved_views(ws, list))
}

#[tauri::command(rename_all = "snake_case")]
pub fn save_view(state: State<'_, AppState>, view: SavedView) -> CmdResult<Vec<SavedView>> {
    state.with(|ws| views::save_view(ws, &view))
}

#[tauri::command(rename_all = "snake_case")]
pub fn delete_view(state: State<'_, AppState>, list: ViewList, name: String) -> CmdResult<Vec<SavedView>> {
    state.with(|ws| views::delete_view(ws, list, &name))
}

#[tauri::command(rename_all = "snake_case")]
pub fn incident_communications(state: State<'_, AppState>, id: IncidentId) -> CmdResult<Vec<Communication>> {
    state.with(|ws| communications::communications(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn log_communication(state: State<'_, AppState>, id: IncidentId, input: CommunicationInput) -> CmdResult<Communication> {
    state.with(|ws| communications::log_communication(ws, id, &input))
}

/// What a (major) incident cost: its lines of hours × rate and their total.
#[tauri::command(rename_all = "snake_case")]
pub fn incident_cost(state: State<'_, AppState>, id: IncidentId) -> CmdResult<IncidentCost> {
    state.with(|ws| costs::incident_cost(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_incident_cost(state: State<'_, AppState>, id: IncidentId, input: CostLineInput) -> CmdResult<IncidentCost> {
    state.with(|ws| costs::add_cost_line(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn remove_incident_cost(state: State<'_, AppState>, id: IncidentId, line: i64) -> CmdResult<IncidentCost> {
    state.with(|ws| costs::remove_cost_line(ws, id, line))
}

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        steward_core::incidents::IncidentId::decl(cfg),
        steward_core::views::ViewList::decl(cfg),
        steward_core::views::SavedView::decl(cfg),
        steward_core::incidents::IncidentState::decl(cfg),
        steward_core::incidents::OnHoldReason::decl(cfg),
        steward_core::incidents::Incident::decl(cfg),
        steward_core::incidents::HistoryEntry::decl(cfg),
        steward_core::incidents::IncidentDetail::decl(cfg),
        steward_core::incidents::IncidentInput::decl(cfg),
        steward_core::incidents::Transition::decl(cfg),
        steward_core::incidents::Note::decl(cfg),
        steward_core::incidents::IncidentStats::decl(cfg),
        steward_core::incidents::PriorityMatrix::decl(cfg),
        steward_core::incidents::IncidentSource::decl(cfg),
        steward_core::incidents::ExportFormat::decl(cfg),
        steward_core::incidents::ExportReport::decl(cfg),
        steward_core::incidents::IncidentImportReport::decl(cfg),
        steward_core::incidents::figures::DeskFigures::decl(cfg),
        steward_core::incidents::communications::Audience::decl(cfg),
        steward_core::incidents::communications::CommsChannel::decl(cfg),
        steward_core::incidents::communications::Communication::decl(cfg),
        steward_core::incidents::communications::CommunicationInput::decl(cfg),
        steward_core::incidents::costs::CostLine::decl(cfg),
        IncidentCost::decl(cfg),
        CostLineInput::decl(cfg),
    ]
}
