//! Problem management: problems, known errors, recurring-incident detection.

use steward_core::incidents::IncidentId;
use steward_core::list::{ListRequest, Page};
use steward_core::problems::detection::{self, Candidate, DetectionInput};
use steward_core::problems::{self, KnownErrorQuery, Problem, ProblemId, ProblemInput, ProblemState};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn list_problems(state: State<'_, AppState>, request: ListRequest) -> CmdResult<Page<Problem>> {
    state.with(|ws| problems::list_problems(ws, &request))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_problem(state: State<'_, AppState>, id: ProblemId) -> CmdResult<Problem> {
    state.with(|ws| problems::get_problem(ws, id))
}

/// Opens a problem, with the incidents that led to it (from a candidate or a list).
#[tauri::command(rename_all = "snake_case")]
pub fn create_problem(state: State<'_, AppState>, input: ProblemInput, incidents: Vec<i64>) -> CmdResult<Problem> {
    state.with(|ws| problems::create_problem(ws, &input, &incidents))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_problem(state: State<'_, AppState>, id: ProblemId, input: ProblemInput) -> CmdResult<Problem> {
    state.with(|ws| problems::update_problem(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn transition_problem(state: State<'_, AppState>, id: ProblemId, to: ProblemState) -> CmdResult<Problem> {
    state.with(|ws| problems::transition_problem(ws, id, to))
}

#[tauri::command(rename_all = "snake_case")]
pub fn problem_candidates(state: State<'_, AppState>, input: DetectionInput) -> CmdResult<Vec<Candidate>> {
    state.with(|ws| detection::detect(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn known_errors_for(state: State<'_, AppState>, incident: IncidentId) -> CmdResult<Vec<Problem>> {
    state.with(|ws| problems::known_errors_for(ws, incident))
}

/// Known errors matching an incident being logged (its CI, category, title so far).
#[tauri::command(rename_all = "snake_case")]
pub fn suggest_known_errors(state: State<'_, AppState>, query: KnownErrorQuery) -> CmdResult<Vec<Problem>> {
    state.with(|ws| problems::known_errors_matching(ws, &query))
}

/// Links many incidents to a problem at once; returns how many were not linked before.
#[tauri::command(rename_all = "snake_case")]
pub fn link_problem_incidents(state: State<'_, AppState>, id: ProblemId, incidents: Vec<i64>) -> CmdResult<u64> {
    state.with(|ws| problems::link_incidents(ws, id, &incidents))
}

#[tauri::command(rename_all = "snake_case")]
pub fn problem_figures(state: State<'_, AppState>) -> CmdResult<problems::ProblemFigures> {
    state.with(problems::figures)
}

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        steward_core::problems::ProblemId::decl(cfg),
        steward_core::problems::ProblemState::decl(cfg),
        steward_core::problems::CauseCategory::decl(cfg),
        steward_core::problems::Problem::decl(cfg),
        steward_core::problems::ProblemInput::decl(cfg),
        steward_core::problems::ProblemFigures::decl(cfg),
        steward_core::problems::detection::ClusterBasis::decl(cfg),
        steward_core::problems::detection::Candidate::decl(cfg),
        steward_core::problems::detection::DetectionInput::decl(cfg),
        steward_core::problems::KnownErrorQuery::decl(cfg),
    ]
}
