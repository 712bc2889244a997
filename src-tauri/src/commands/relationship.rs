//! Relationship management: the stakeholder register and its grid, the engagement log,
//! service reviews, and satisfaction figures per service or month.

use steward_core::charts::quadrants::QuadrantChart;
use steward_core::charts::Theme;
use steward_core::list::{ListRequest, Page};
use steward_core::export::ExportReport;
use steward_core::relationship::reviews::{self, ReviewActionInput, ReviewDetail, ReviewId, ServiceReviewInput, ServiceReview};
use steward_core::relationship::engagements::{self, Engagement, EngagementId, EngagementInput};
use steward_core::relationship::stakeholders::{self, Stakeholder, StakeholderDetail, StakeholderId, StakeholderInput};
use steward_core::relationship::satisfaction::{self, ResponseInput, SatisfactionBy, SatisfactionRow, SurveyComment};
use tauri::{AppHandle, Runtime, State};

use super::dialogs::save_file;

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

/// Records a survey answer typed in.
#[tauri::command(rename_all = "snake_case")]
pub fn record_survey_response(state: State<'_, AppState>, input: ResponseInput) -> CmdResult<()> {
    state.with(|ws| satisfaction::record_response(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_stakeholders(state: State<'_, AppState>, request: ListRequest) -> CmdResult<Page<Stakeholder>> {
    state.with(|ws| stakeholders::list_stakeholders(ws, &request))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_stakeholder(state: State<'_, AppState>, id: StakeholderId) -> CmdResult<StakeholderDetail> {
    state.with(|ws| stakeholders::get_stakeholder(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_stakeholder(state: State<'_, AppState>, input: StakeholderInput) -> CmdResult<StakeholderDetail> {
    state.with(|ws| stakeholders::create_stakeholder(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_stakeholder(state: State<'_, AppState>, id: StakeholderId, input: StakeholderInput) -> CmdResult<StakeholderDetail> {
    state.with(|ws| stakeholders::update_stakeholder(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn delete_stakeholder(state: State<'_, AppState>, id: StakeholderId) -> CmdResult<()> {
    state.with(|ws| stakeholders::delete_stakeholder(ws, id))
}

/// The power/interest grid, with each quadrant's place for a click to filter by.
#[tauri::command(rename_all = "snake_case")]
pub fn stakeholder_grid(state: State<'_, AppState>, theme: Theme) -> CmdResult<QuadrantChart> {
    state.with(|ws| stakeholders::stakeholder_grid(ws, theme))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_engagements(state: State<'_, AppState>, request: ListRequest) -> CmdResult<Page<Engagement>> {
    state.with(|ws| engagements::list_engagements(ws, &request))
}

#[tauri::command(rename_all = "snake_case")]
pub fn log_engagement(state: State<'_, AppState>, input: EngagementInput) -> CmdResult<Engagement> {
    state.with(|ws| engagements::log_engagement(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_engagement(state: State<'_, AppState>, id: EngagementId, input: EngagementInput) -> CmdResult<Engagement> {
    state.with(|ws| engagements::update_engagement(ws, id, &input))
}

/// Marks a commitment done today (in the workspace's zone) or open again.
#[tauri::command(rename_all = "snake_case")]
pub fn set_commitment_done(state: State<'_, AppState>, id: EngagementId, done: bool) -> CmdResult<Engagement> {
    state.with(|ws| engagements::set_commitment_done(ws, id, done, None))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_service_reviews(state: State<'_, AppState>, service: Option<i64>) -> CmdResult<Vec<ServiceReview>> {
    state.with(|ws| reviews::list_reviews(ws, service))
}

/// A review with its figures, computed from the records as they are now.
#[tauri::command(rename_all = "snake_case")]
pub fn get_service_review(state: State<'_, AppState>, id: ReviewId) -> CmdResult<ReviewDetail> {
    state.with(|ws| reviews::get_review(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_service_review(state: State<'_, AppState>, input: ServiceReviewInput) -> CmdResult<ReviewDetail> {
    state.with(|ws| reviews::create_review(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_service_review(state: State<'_, AppState>, id: ReviewId, input: ServiceReviewInput) -> CmdResult<ReviewDetail> {
    state.with(|ws| reviews::update_review(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_review_action(state: State<'_, AppState>, id: ReviewId, input: ReviewActionInput) -> CmdResult<ReviewDetail> {
    state.with(|ws| reviews::add_action(ws, id, &input))
}

/// Makes a review's action an improvement initiative.
#[tauri::command(rename_all = "snake_case")]
pub fn review_action_to_initiative(state: State<'_, AppState>, id: ReviewId, action: i64) -> CmdResult<ReviewDetail> {
    state.with(|ws| reviews::action_to_initiative(ws, id, action))
}

/// Saves the review as a workbook where the user chooses.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_service_review<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, id: ReviewId) -> CmdResult<Option<ExportReport>> {
    let Some(out) = save_file(&app, "xlsx", "service-review")? else { return Ok(None) };
    state.with(|ws| reviews::export_review(ws, id, &out)).map(Some)
}

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use steward_core::charts::quadrants::QuadrantArea;
    use steward_core::relationship::engagements::EngagementKind;
    use steward_core::relationship::stakeholders::{GridQuadrant, ServiceRelation, StakeholderAgreement, StakeholderKind, StakeholderService};
    use ts_rs::TS;
    vec![
        SatisfactionBy::decl(cfg),
        SatisfactionRow::decl(cfg),
        SurveyComment::decl(cfg),
        ResponseInput::decl(cfg),
        StakeholderId::decl(cfg),
        StakeholderKind::decl(cfg),
        ServiceRelation::decl(cfg),
        GridQuadrant::decl(cfg),
        Stakeholder::decl(cfg),
        StakeholderService::decl(cfg),
        StakeholderAgreement::decl(cfg),
        StakeholderDetail::decl(cfg),
        StakeholderInput::decl(cfg),
        QuadrantArea::decl(cfg),
        QuadrantChart::decl(cfg),
        EngagementId::decl(cfg),
        EngagementKind::decl(cfg),
        Engagement::decl(cfg),
        EngagementInput::decl(cfg),
        ReviewId::decl(cfg),
        ServiceReview::decl(cfg),
        reviews::ReviewAction::decl(cfg),
        reviews::ConsumerShare::decl(cfg),
        reviews::ReviewFigures::decl(cfg),
        ReviewDetail::decl(cfg),
        ServiceReviewInput::decl(cfg),
        ReviewActionInput::decl(cfg),
    ]
}
