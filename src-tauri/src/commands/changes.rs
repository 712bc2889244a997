//! Change control: changes, their assessment, authorization and review; templates, boards
//! and authorities; windows, the calendar and collisions.

use steward_core::changes::assessment::{self, Questionnaire};
use steward_core::changes::authorization::{self, Authority, Authorization, Board, BoardInput, VoteInput};
use steward_core::changes::calendar::{self, Calendar};
use steward_core::changes::conflicts::{self, ConflictView};
use steward_core::changes::review::{self, Review, ReviewInput};
use steward_core::changes::templates::{self, Template, TemplateInput};
use steward_core::changes::{self, Change, ChangeDetail, ChangeId, ChangeInput, ChangeState, ChangeType, ChangeWindow, WindowInput};
use steward_core::list::{ListRequest, Page};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn list_changes(state: State<'_, AppState>, request: ListRequest) -> CmdResult<Page<Change>> {
    state.with(|ws| changes::list_changes(ws, &request))
}

/// A change with its CIs, conflicts, authorization, review and the incidents it caused.
#[tauri::command(rename_all = "snake_case")]
pub fn get_change(state: State<'_, AppState>, id: ChangeId) -> CmdResult<ChangeDetail> {
    state.with(|ws| changes::change_detail(ws, id))
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
pub fn transition_change(state: State<'_, AppState>, id: ChangeId, to: ChangeState, blackout_reason: Option<String>) -> CmdResult<Change> {
    state.with(|ws| changes::transition_change_because(ws, id, to, blackout_reason.as_deref()))
}

#[tauri::command(rename_all = "snake_case")]
pub fn change_questionnaire(state: State<'_, AppState>) -> CmdResult<Questionnaire> {
    state.with(assessment::get_questionnaire)
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_change_questionnaire(state: State<'_, AppState>, questionnaire: Questionnaire) -> CmdResult<Questionnaire> {
    state.with(|ws| assessment::set_questionnaire(ws, &questionnaire))
}

/// `answers`: the chosen answer's index for each question, in order.
#[tauri::command(rename_all = "snake_case")]
pub fn assess_change(state: State<'_, AppState>, id: ChangeId, answers: Vec<usize>) -> CmdResult<Change> {
    state.with(|ws| assessment::assess_change(ws, id, &answers))
}

#[tauri::command(rename_all = "snake_case")]
pub fn vote_on_change(state: State<'_, AppState>, id: ChangeId, input: VoteInput) -> CmdResult<Authorization> {
    state.with(|ws| authorization::vote(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn review_change(state: State<'_, AppState>, id: ChangeId, input: ReviewInput) -> CmdResult<Review> {
    state.with(|ws| review::review_change(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_change_boards(state: State<'_, AppState>) -> CmdResult<Vec<Board>> {
    state.with(authorization::list_boards)
}

#[tauri::command(rename_all = "snake_case")]
pub fn save_change_board(state: State<'_, AppState>, id: Option<i64>, input: BoardInput) -> CmdResult<Board> {
    state.with(|ws| authorization::save_board(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_change_authorities(state: State<'_, AppState>) -> CmdResult<Vec<Authority>> {
    state.with(authorization::list_authorities)
}

/// `board_id` None removes the rule for that type and risk.
#[tauri::command(rename_all = "snake_case")]
pub fn set_change_authority(state: State<'_, AppState>, change_type: ChangeType, risk: String, board_id: Option<i64>, approvals_needed: u32) -> CmdResult<Vec<Authority>> {
    state.with(|ws| authorization::set_authority(ws, change_type, &risk, board_id, approvals_needed))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_change_templates(state: State<'_, AppState>) -> CmdResult<Vec<Template>> {
    state.with(templates::list_templates)
}

#[tauri::command(rename_all = "snake_case")]
pub fn save_change_template(state: State<'_, AppState>, id: Option<i64>, input: TemplateInput) -> CmdResult<Template> {
    state.with(|ws| templates::save_template(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn change_conflicts(state: State<'_, AppState>) -> CmdResult<Vec<ConflictView>> {
    state.with(|ws| conflicts::views(ws, conflicts::conflicts(ws)?))
}

#[tauri::command(rename_all = "snake_case")]
pub fn change_calendar(state: State<'_, AppState>, from: String, to: String) -> CmdResult<Calendar> {
    state.with(|ws| calendar::calendar(ws, &from, &to))
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
pub fn delete_change_window(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    state.with(|ws| changes::delete_window(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn change_figures(state: State<'_, AppState>) -> CmdResult<changes::ChangeFigures> {
    state.with(changes::figures)
}

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        steward_core::changes::ChangeId::decl(cfg),
        steward_core::changes::ChangeType::decl(cfg),
        steward_core::changes::ChangeState::decl(cfg),
        steward_core::changes::Change::decl(cfg),
        steward_core::changes::ChangeInput::decl(cfg),
        steward_core::changes::ChangeFigures::decl(cfg),
        steward_core::changes::WindowKind::decl(cfg),
        steward_core::changes::Recurrence::decl(cfg),
        steward_core::changes::ChangeWindow::decl(cfg),
        steward_core::changes::WindowInput::decl(cfg),
        steward_core::changes::conflicts::ConflictReason::decl(cfg),
        steward_core::changes::conflicts::Conflict::decl(cfg),
        steward_core::changes::conflicts::ChangeRef::decl(cfg),
        steward_core::changes::conflicts::ConflictView::decl(cfg),
        steward_core::changes::assessment::AnswerOption::decl(cfg),
        steward_core::changes::assessment::Question::decl(cfg),
        steward_core::changes::assessment::Threshold::decl(cfg),
        steward_core::changes::assessment::Questionnaire::decl(cfg),
        steward_core::changes::assessment::GivenAnswer::decl(cfg),
        steward_core::changes::authorization::Vote::decl(cfg),
        steward_core::changes::authorization::Decision::decl(cfg),
        steward_core::changes::authorization::Member::decl(cfg),
        steward_core::changes::authorization::Board::decl(cfg),
        steward_core::changes::authorization::BoardInput::decl(cfg),
        steward_core::changes::authorization::Authority::decl(cfg),
        steward_core::changes::authorization::CastVote::decl(cfg),
        steward_core::changes::authorization::Authorization::decl(cfg),
        steward_core::changes::authorization::VoteInput::decl(cfg),
        steward_core::changes::review::ReviewOutcome::decl(cfg),
        steward_core::changes::review::CausedIncident::decl(cfg),
        steward_core::changes::review::Review::decl(cfg),
        steward_core::changes::review::ReviewInput::decl(cfg),
        steward_core::changes::templates::Template::decl(cfg),
        steward_core::changes::templates::TemplateInput::decl(cfg),
        steward_core::changes::calendar::CalendarChange::decl(cfg),
        steward_core::changes::calendar::WindowSlot::decl(cfg),
        steward_core::changes::calendar::Calendar::decl(cfg),
        steward_core::changes::ChangeCi::decl(cfg),
        steward_core::changes::ChangeDetail::decl(cfg),
    ]
}
