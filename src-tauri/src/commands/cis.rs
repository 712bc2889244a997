//! Configuration items and what depends on them.

use steward_core::cis::capacity::{self, CapacityMetric, MeasurementInput, MetricDetail, MetricId, MetricInput};
use steward_core::charts::Theme;
use steward_core::cis::{self, discovery, lifecycle, platform, Ci, CiId, CiInput, Impact};
use steward_core::list::{ListRequest, Page};
use tauri::{AppHandle, Runtime, State};

use super::dialogs::pick_file;

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

/// The estate counted and costed by environment, location, vendor or type.
#[tauri::command(rename_all = "snake_case")]
pub fn platform_view(state: State<'_, AppState>, by: platform::PlatformDimension) -> CmdResult<Vec<platform::PlatformRow>> {
    state.with(|ws| platform::platform_view(ws, by))
}

/// What falls out of warranty, support or life within the months ahead, soonest first.
#[tauri::command(rename_all = "snake_case")]
pub fn eol_radar(state: State<'_, AppState>, months: u32) -> CmdResult<Vec<lifecycle::EolItem>> {
    state.with(|ws| lifecycle::eol_radar(ws, months))
}

/// A risk raised from the radar: the CI leaving warranty, support or life, rated by the
/// services depending on it (the same risk while it is open).
#[tauri::command(rename_all = "snake_case")]
pub fn raise_end_of_life_risk(state: State<'_, AppState>, ci: CiId, kind: lifecycle::EolKind) -> CmdResult<steward_core::risks::RiskDetail> {
    state.with(|ws| steward_core::risks::end_of_life::raise_for_end_of_life(ws, ci, kind))
}

#[tauri::command(rename_all = "snake_case")]
pub fn capacity_metrics(state: State<'_, AppState>, ci: CiId) -> CmdResult<Vec<CapacityMetric>> {
    state.with(|ws| capacity::metrics_of(ws, ci))
}

#[tauri::command(rename_all = "snake_case")]
pub fn capacity_metric(state: State<'_, AppState>, id: MetricId) -> CmdResult<MetricDetail> {
    state.with(|ws| capacity::get_metric(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_capacity_metric(state: State<'_, AppState>, ci: CiId, input: MetricInput) -> CmdResult<CapacityMetric> {
    state.with(|ws| capacity::create_metric(ws, ci, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_capacity_metric(state: State<'_, AppState>, id: MetricId, input: MetricInput) -> CmdResult<CapacityMetric> {
    state.with(|ws| capacity::update_metric(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn delete_capacity_metric(state: State<'_, AppState>, id: MetricId) -> CmdResult<()> {
    state.with(|ws| capacity::delete_metric(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn record_capacity_measurement(state: State<'_, AppState>, id: MetricId, input: MeasurementInput) -> CmdResult<MetricDetail> {
    state.with(|ws| capacity::record_measurement(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn delete_capacity_measurement(state: State<'_, AppState>, id: MetricId, measurement: i64) -> CmdResult<MetricDetail> {
    state.with(|ws| capacity::delete_measurement(ws, id, measurement))
}

#[tauri::command(rename_all = "snake_case")]
pub fn capacity_chart(state: State<'_, AppState>, id: MetricId, theme: Theme) -> CmdResult<String> {
    state.with(|ws| capacity::chart(ws, id, theme))
}

/// Every metric over its threshold or whose trend reaches it within the days ahead.
#[tauri::command(rename_all = "snake_case")]
pub fn capacity_running_out(state: State<'_, AppState>, days: u32) -> CmdResult<Vec<CapacityMetric>> {
    state.with(|ws| capacity::running_out(ws, days))
}

/// The radar's items by the service each puts at risk.
#[tauri::command(rename_all = "snake_case")]
pub fn eol_by_service(state: State<'_, AppState>, months: u32) -> CmdResult<Vec<lifecycle::EolByService>> {
    state.with(|ws| lifecycle::eol_by_service(ws, months))
}

#[tauri::command(rename_all = "snake_case")]
pub fn eol_timeline(state: State<'_, AppState>, months: u32, theme: Theme) -> CmdResult<String> {
    state.with(|ws| lifecycle::eol_timeline(ws, months, theme))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_discoveries(state: State<'_, AppState>) -> CmdResult<Vec<discovery::Discovery>> {
    state.with(discovery::list_discoveries)
}

/// Accepts one proposal, or every one (no id).
#[tauri::command(rename_all = "snake_case")]
pub fn accept_discoveries(state: State<'_, AppState>, id: Option<i64>) -> CmdResult<discovery::AcceptReport> {
    state.with(|ws| discovery::accept_discoveries(ws, id))
}

/// Merges a proposal into the CI the user chose (a host the scan could not match).
#[tauri::command(rename_all = "snake_case")]
pub fn merge_discovery(state: State<'_, AppState>, id: i64, ci: CiId) -> CmdResult<discovery::AcceptReport> {
    state.with(|ws| discovery::merge_discovery(ws, id, ci))
}

#[tauri::command(rename_all = "snake_case")]
pub fn ignore_discovery(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    state.with(|ws| discovery::ignore_discovery(ws, id))
}

/// An nmap XML scan the user picks, read into proposals.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_nmap_scan<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<Option<discovery::NmapReport>> {
    let Some(path) = pick_file(&app, "nmap XML scan", &["xml"], "Import an nmap scan")? else { return Ok(None) };
    Ok(Some(state.with(|ws| discovery::import_nmap(ws, &path))?))
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

/// Everything that depends on the CI, transitively, and the records touching it.
#[tauri::command(rename_all = "snake_case")]
pub fn impact_analysis(state: State<'_, AppState>, id: CiId) -> CmdResult<steward_core::cis::impact::ImpactAnalysis> {
    state.with(|ws| steward_core::cis::impact::impact_analysis(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn impact_graph(state: State<'_, AppState>, id: CiId, theme: Theme) -> CmdResult<steward_core::charts::impact_graph::ImpactGraph> {
    state.with(|ws| steward_core::cis::impact::impact_graph(ws, id, theme))
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
        steward_core::cis::lifecycle::EolByService::decl(cfg),
        steward_core::cis::discovery::OpenPort::decl(cfg),
        steward_core::cis::discovery::DiscoveryStatus::decl(cfg),
        steward_core::cis::discovery::Discovery::decl(cfg),
        steward_core::cis::discovery::NmapReport::decl(cfg),
        steward_core::cis::discovery::AcceptReport::decl(cfg),
        steward_core::cis::platform::PlatformDimension::decl(cfg),
        steward_core::cis::platform::PlatformRow::decl(cfg),
        steward_core::cis::impact::ChainNode::decl(cfg),
        steward_core::cis::impact::KindCount::decl(cfg),
        steward_core::cis::impact::TouchingRecord::decl(cfg),
        steward_core::cis::impact::ImpactAnalysis::decl(cfg),
        steward_core::charts::impact_graph::NodeBox::decl(cfg),
        steward_core::charts::impact_graph::ImpactGraph::decl(cfg),
        steward_core::cis::capacity::MetricId::decl(cfg),
        steward_core::cis::capacity::CapacityStatus::decl(cfg),
        steward_core::cis::capacity::MetricInput::decl(cfg),
        steward_core::cis::capacity::Forecast::decl(cfg),
        steward_core::cis::capacity::CapacityMetric::decl(cfg),
        steward_core::cis::capacity::Measurement::decl(cfg),
        steward_core::cis::capacity::MetricDetail::decl(cfg),
        steward_core::cis::capacity::MeasurementInput::decl(cfg),
    ]
}
