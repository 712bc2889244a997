//! Service level management.

use steward_core::incidents::IncidentId;
use steward_core::sla::agreements::{self, Agreement, StoredCalendar, Target};
use steward_core::requests::RequestId;
use steward_core::sla::agreements::AppliesTo;
use steward_core::sla::clocks::{self, ClockExplanation, ClockView};
use steward_core::sla::report::{self, Breach, ComplianceBy, ComplianceRow, ReportRow, TrendPeriod};
use steward_core::sla::{self, CaseResult, WhatIf};
use steward_core::charts::{sla_trend, Theme};
use tauri::{AppHandle, Runtime, State};
use steward_core::sla::ics::{self, Holiday};

use super::dialogs::{pick_file, save_file};
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
    state.with(|ws| report::sla_report(ws, from.as_deref(), to.as_deref()))
}

#[tauri::command(rename_all = "snake_case")]
pub fn sla_compliance(state: State<'_, AppState>, by: ComplianceBy, from: Option<String>, to: Option<String>) -> CmdResult<Vec<ComplianceRow>> {
    state.with(|ws| report::compliance(ws, by, from.as_deref(), to.as_deref()))
}

#[tauri::command(rename_all = "snake_case")]
pub fn sla_breaches(state: State<'_, AppState>, from: Option<String>, to: Option<String>) -> CmdResult<Vec<Breach>> {
    state.with(|ws| report::breaches(ws, from.as_deref(), to.as_deref()))
}

#[tauri::command(rename_all = "snake_case")]
pub fn incident_clocks(state: State<'_, AppState>, id: IncidentId) -> CmdResult<Vec<ClockView>> {
    state.with(|ws| clocks::incident_clocks(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn request_clocks(state: State<'_, AppState>, id: RequestId) -> CmdResult<Vec<ClockView>> {
    state.with(|ws| clocks::request_clocks(ws, id))
}

/// Each clock of an incident or request worked through, span by span.
#[tauri::command(rename_all = "snake_case")]
pub fn explain_clocks(state: State<'_, AppState>, kind: AppliesTo, id: i64) -> CmdResult<Vec<ClockExplanation>> {
    state.with(|ws| clocks::explain_clocks(ws, kind, id))
}

/// The SLA trend chart as SVG, for the page to show.
#[tauri::command(rename_all = "snake_case")]
pub fn sla_trend(state: State<'_, AppState>, goal_pct: f64, period: TrendPeriod, theme: Theme) -> CmdResult<String> {
    state.with(|ws| sla_trend::sla_trend_svg(ws, goal_pct, period, theme))
}

/// Saves the SLA trend chart as SVG or PNG where the user chooses.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_sla_trend<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, png: bool, goal_pct: f64, period: TrendPeriod, theme: Theme) -> CmdResult<Option<String>> {
    let ext = if png { "png" } else { "svg" };
    let Some(out) = save_file(&app, ext, "sla-trend")? else { return Ok(None) };
    state.with(|ws| sla_trend::write_sla_trend(ws, goal_pct, period, theme, &out))?;
    Ok(Some(out.display().to_string()))
}

/// Opens an .ics file and returns its holidays for the calendar form (nothing is saved
/// until the form is).
#[tauri::command(rename_all = "snake_case")]
pub async fn pick_holidays<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, from_year: Option<i32>, to_year: Option<i32>) -> CmdResult<Option<Vec<Holiday>>> {
    let Some(path) = pick_file(&app, "iCalendar", &["ics", "ical", "ifb", "icalendar"], "Import holidays")? else { return Ok(None) };
    let (first, last) = ics::default_years(state.with(|ws| Ok(ws.now()))?);
    Ok(Some(ics::read_holidays(&path, from_year.unwrap_or(first), to_year.unwrap_or(last))?))
}

#[tauri::command(rename_all = "snake_case")]
pub fn save_calendar(state: State<'_, AppState>, id: Option<agreements::CalendarId>, name: String, spec: sla::CalendarSpec) -> CmdResult<StoredCalendar> {
    state.with(|ws| agreements::save_calendar(ws, id, &name, &spec))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_agreement(state: State<'_, AppState>, input: agreements::AgreementInput) -> CmdResult<Agreement> {
    state.with(|ws| agreements::create_agreement(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_agreement(state: State<'_, AppState>, id: agreements::AgreementId, input: agreements::AgreementInput) -> CmdResult<Agreement> {
    state.with(|ws| agreements::update_agreement(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_sla_target(state: State<'_, AppState>, input: agreements::TargetInput) -> CmdResult<Target> {
    state.with(|ws| agreements::create_target(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_sla_target(state: State<'_, AppState>, id: agreements::TargetId, input: agreements::TargetInput) -> CmdResult<Target> {
    state.with(|ws| agreements::update_target(ws, id, &input))
}

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        steward_core::sla::clock::SpanKind::decl(cfg),
        steward_core::sla::agreements::CalendarId::decl(cfg),
        steward_core::sla::agreements::AgreementId::decl(cfg),
        steward_core::sla::agreements::TargetId::decl(cfg),
        steward_core::sla::agreements::AgreementKind::decl(cfg),
        steward_core::sla::agreements::Metric::decl(cfg),
        steward_core::sla::CalendarSpec::decl(cfg),
        steward_core::sla::agreements::StoredCalendar::decl(cfg),
        steward_core::sla::ics::Holiday::decl(cfg),
        steward_core::sla::agreements::Agreement::decl(cfg),
        steward_core::sla::agreements::AgreementInput::decl(cfg),
        steward_core::sla::agreements::Target::decl(cfg),
        steward_core::sla::agreements::TargetInput::decl(cfg),
        steward_core::sla::clocks::ClockState::decl(cfg),
        steward_core::sla::clocks::ClockView::decl(cfg),
        steward_core::sla::report::ReportRow::decl(cfg),
        steward_core::sla::report::ComplianceBy::decl(cfg),
        steward_core::sla::report::ComplianceRow::decl(cfg),
        steward_core::sla::report::Breach::decl(cfg),
        steward_core::sla::report::TrendPeriod::decl(cfg),
        steward_core::sla::clocks::ClockExplanation::decl(cfg),
        steward_core::sla::agreements::AppliesTo::decl(cfg),
        steward_core::sla::eval::ExplainedSpan::decl(cfg),
        steward_core::sla::eval::CaseResult::decl(cfg),
        steward_core::sla::eval::Pause::decl(cfg),
        steward_core::sla::eval::WhatIf::decl(cfg),
    ]
}
