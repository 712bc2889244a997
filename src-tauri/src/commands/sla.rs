//! Service level management.

use steward_core::incidents::IncidentId;
use steward_core::sla::agreements::{self, Agreement, StoredCalendar, Target};
use steward_core::sla::clocks::{self, ClockView, ReportRow};
use steward_core::sla::{self, CaseResult, WhatIf};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// The what-if calculator: no workspace needed, the same engine as `sla eval`.
#[tauri::command(rename_all = "snake_case")]
pub fn sla_what_if(question: WhatIf) -> CmdResult<CaseResult> {
    Ok(sla::what_if(&question)?)
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_calendars(state: State<'_, AppState>) -> CmdResult<Vec<StoredCalendar>> {
    state.with(agreements::list_calendars)
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_agreements(state: State<'_, AppState>) -> CmdResult<Vec<Agreement>> {
    state.with(agreements::list_agreements)
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_sla_targets(state: State<'_, AppState>) -> CmdResult<Vec<Target>> {
    state.with(agreements::list_targets)
}

#[tauri::command(rename_all = "snake_case")]
pub fn sla_report(state: State<'_, AppState>, from: Option<String>, to: Option<String>) -> CmdResult<Vec<ReportRow>> {
    state.with(|ws| clocks::sla_report(ws, from.as_deref(), to.as_deref()))
}

#[tauri::command(rename_all = "snake_case")]
pub fn incident_clocks(state: State<'_, AppState>, id: IncidentId) -> CmdResult<Vec<ClockView>> {
    state.with(|ws| clocks::incident_clocks(ws, id))
}
