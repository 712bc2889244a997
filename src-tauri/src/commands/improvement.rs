//! Continual improvement: the register of initiatives, their steps and measures.

use steward_core::assessments::AssessmentId;
use steward_core::charts::Theme;
use steward_core::improvement::measures::{self, MeasureId, MeasureInput};
use steward_core::improvement::{self, ImprovementFigures, Initiative, InitiativeDetail, InitiativeId, InitiativeInput, InitiativeStatus, Step};
use steward_core::list::{ListRequest, Page};
use steward_core::record::RecordRef;
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn list_initiatives(state: State<'_, AppState>, request: ListRequest) -> CmdResult<Page<Initiative>> {
    state.with(|ws| improvement::list_initiatives(ws, &request))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_initiative(state: State<'_, AppState>, id: InitiativeId) -> CmdResult<InitiativeDetail> {
    state.with(|ws| improvement::get_initiative(ws, id))
}

/// Proposes an initiative, linked to the records that motivated it.
#[tauri::command(rename_all = "snake_case")]
pub fn create_initiative(state: State<'_, AppState>, input: InitiativeInput, motivated_by: Vec<RecordRef>) -> CmdResult<InitiativeDetail> {
    state.with(|ws| improvement::create_initiative(ws, &input, &motivated_by))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_initiative(state: State<'_, AppState>, id: InitiativeId, input: InitiativeInput) -> CmdResult<InitiativeDetail> {
    state.with(|ws| improvement::update_initiative(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn transition_initiative(state: State<'_, AppState>, id: InitiativeId, to: InitiativeStatus) -> CmdResult<InitiativeDetail> {
    state.with(|ws| improvement::transition_initiative(ws, id, to))
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_initiative_step(state: State<'_, AppState>, id: InitiativeId, step: Step, notes: String, done_on: Option<String>) -> CmdResult<InitiativeDetail> {
    state.with(|ws| improvement::set_step(ws, id, step, &notes, done_on.as_deref()))
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_measure(state: State<'_, AppState>, initiative: InitiativeId, input: MeasureInput) -> CmdResult<InitiativeDetail> {
    state.with(|ws| measures::add_measure(ws, initiative, &input))
}

/// Types in a typed measure's value on a day.
#[tauri::command(rename_all = "snake_case")]
pub fn record_measure_value(state: State<'_, AppState>, measure: MeasureId, day: String, value: f64) -> CmdResult<InitiativeDetail> {
    state.with(|ws| measures::record_value(ws, measure, &day, value))
}

#[tauri::command(rename_all = "snake_case")]
pub fn measure_trend(state: State<'_, AppState>, measure: MeasureId, theme: Theme) -> CmdResult<String> {
    state.with(|ws| measures::trend_svg(ws, measure, theme))
}

/// Turns an assessment's gap for a practice into an initiative in one action.
#[tauri::command(rename_all = "snake_case")]
pub fn initiative_from_gap(state: State<'_, AppState>, assessment: AssessmentId, practice: String) -> CmdResult<InitiativeDetail> {
    state.with(|ws| improvement::from_gap(ws, assessment, &practice))
}

#[tauri::command(rename_all = "snake_case")]
pub fn improvement_figures(state: State<'_, AppState>) -> CmdResult<ImprovementFigures> {
    state.with(improvement::figures)
}

/// Samples Steward's own figures for today's values of the improvement measures (the window
/// asks while it stays open across days); how many values changed.
#[tauri::command(rename_all = "snake_case")]
pub fn sample_measures(state: State<'_, AppState>) -> CmdResult<u64> {
    state.with(measures::sample)
}

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        steward_core::improvement::InitiativeId::decl(cfg),
        steward_core::improvement::InitiativeStatus::decl(cfg),
        steward_core::improvement::Step::decl(cfg),
        steward_core::improvement::Priority::decl(cfg),
        steward_core::improvement::StepNote::decl(cfg),
        steward_core::improvement::Initiative::decl(cfg),
        steward_core::improvement::InitiativeInput::decl(cfg),
        steward_core::improvement::InitiativeDetail::decl(cfg),
        steward_core::improvement::ImprovementFigures::decl(cfg),
        steward_core::improvement::measures::MeasureKind::decl(cfg),
        steward_core::improvement::measures::MeasureId::decl(cfg),
        steward_core::improvement::measures::MeasureValue::decl(cfg),
        steward_core::improvement::measures::Measure::decl(cfg),
        steward_core::improvement::measures::MeasureInput::decl(cfg),
    ]
}
