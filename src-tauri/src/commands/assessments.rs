//! Capability assessments and the criteria pack.

use steward_core::assessments::criteria::{self, Criterion, CriterionId, CriterionInput};
use steward_core::assessments::score::{self, Comparison, Results};
use steward_core::assessments::{self, Answer, Assessment, AssessmentId, AssessmentInput, AssessmentStatus, Item};
use steward_core::charts::{assessment_radar, Theme};
use steward_core::export::{ExportFormat, ExportReport};
use tauri::{AppHandle, Runtime, State};


use super::dialogs::{open_checked_copy, pick_file, save_file};
use steward_core::assessments::evidence::{self, AnswerEvidence, EvidenceRule};
use steward_core::record::RecordRef;
use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn list_assessments(state: State<'_, AppState>) -> CmdResult<Vec<Assessment>> {
    state.with(assessments::list_assessments)
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_assessment(state: State<'_, AppState>, input: AssessmentInput) -> CmdResult<Assessment> {
    state.with(|ws| assessments::create_assessment(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_assessment(state: State<'_, AppState>, id: AssessmentId, input: AssessmentInput) -> CmdResult<Assessment> {
    state.with(|ws| assessments::update_assessment(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn transition_assessment(state: State<'_, AppState>, id: AssessmentId, to: AssessmentStatus) -> CmdResult<Assessment> {
    state.with(|ws| assessments::transition_assessment(ws, id, to))
}

/// An assessment's results: level, target, gap and dimensions per practice.
#[tauri::command(rename_all = "snake_case")]
pub fn assessment_results(state: State<'_, AppState>, id: AssessmentId) -> CmdResult<Results> {
    state.with(|ws| score::results(ws, id))
}

/// Every criterion in scope with its answer, for answering one at a time.
#[tauri::command(rename_all = "snake_case")]
pub fn assessment_items(state: State<'_, AppState>, id: AssessmentId) -> CmdResult<Vec<Item>> {
    state.with(|ws| assessments::assessment_items(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn answer_criterion(state: State<'_, AppState>, id: AssessmentId, criterion: CriterionId, answer: Option<Answer>, note: String) -> CmdResult<Item> {
    state.with(|ws| assessments::answer(ws, id, criterion, answer, &note))
}

/// A practice's target level and interview notes.
#[tauri::command(rename_all = "snake_case")]
pub fn set_assessment_practice(state: State<'_, AppState>, id: AssessmentId, practice: String, target: Option<u8>, notes: String) -> CmdResult<Assessment> {
    state.with(|ws| assessments::set_practice(ws, id, &practice, target, &notes))
}

#[tauri::command(rename_all = "snake_case")]
pub fn compare_assessments(state: State<'_, AppState>, a: AssessmentId, b: AssessmentId) -> CmdResult<Comparison> {
    state.with(|ws| score::compare(ws, a, b))
}

/// The radar as SVG, with an earlier assessment as a third series.
#[tauri::command(rename_all = "snake_case")]
pub fn assessment_radar(state: State<'_, AppState>, id: AssessmentId, earlier: Option<AssessmentId>, theme: Theme) -> CmdResult<String> {
    state.with(|ws| assessment_radar::radar_svg(ws, id, earlier, theme))
}

/// Saves the radar as SVG or PNG where the user chooses.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_assessment_radar<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, png: bool, id: AssessmentId, earlier: Option<AssessmentId>, theme: Theme) -> CmdResult<Option<String>> {
    let ext = if png { "png" } else { "svg" };
    let Some(out) = save_file(&app, ext, "assessment-radar")? else { return Ok(None) };
    state.with(|ws| assessment_radar::write_radar(ws, id, earlier, theme, &out))?;
    Ok(Some(out.display().to_string()))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_criteria(state: State<'_, AppState>) -> CmdResult<Vec<Criterion>> {
    state.with(criteria::list_criteria)
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_criterion(state: State<'_, AppState>, input: CriterionInput) -> CmdResult<Criterion> {
    state.with(|ws| criteria::add_criterion(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_criterion(state: State<'_, AppState>, id: CriterionId, input: CriterionInput) -> CmdResult<Criterion> {
    state.with(|ws| criteria::update_criterion(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn delete_criterion(state: State<'_, AppState>, id: CriterionId) -> CmdResult<()> {
    state.with(|ws| criteria::delete_criterion(ws, id))
}

/// The 34 ITIL 4 practices, Steward's first, for choosing an assessment's scope.
#[tauri::command(rename_all = "snake_case")]
pub fn itil_practices() -> CmdResult<Vec<assessments::practices::Practice>> {
    Ok(assessments::practices::all().to_vec())
}

#[tauri::command(rename_all = "snake_case")]
pub fn assessment_evidence(state: State<'_, AppState>, id: AssessmentId) -> CmdResult<Vec<AnswerEvidence>> {
    state.with(|ws| evidence::assessment_evidence(ws, id))
}

/// Picks a file and keeps it as evidence of one criterion's answer.
#[tauri::command(rename_all = "snake_case")]
pub async fn attach_answer_file<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, id: AssessmentId, criterion: CriterionId) -> CmdResult<Option<AnswerEvidence>> {
    let Some(path) = pick_file(&app, "Any file", &[], "Attach evidence")? else { return Ok(None) };
    Ok(Some(state.with(|ws| evidence::attach_file(ws, id, criterion, &path))?))
}

/// Names a record of the workspace as evidence of one criterion's answer.
#[tauri::command(rename_all = "snake_case")]
pub fn attach_answer_record(state: State<'_, AppState>, id: AssessmentId, criterion: CriterionId, record: RecordRef) -> CmdResult<AnswerEvidence> {
    state.with(|ws| evidence::attach_record(ws, id, criterion, record))
}

#[tauri::command(rename_all = "snake_case")]
pub fn remove_answer_evidence(state: State<'_, AppState>, evidence: i64) -> CmdResult<()> {
    state.with(|ws| evidence::remove(ws, evidence))
}

/// Opens a kept file with the system's viewer, from a checked copy.
#[tauri::command(rename_all = "snake_case")]
pub fn open_answer_evidence(state: State<'_, AppState>, evidence: i64) -> CmdResult<String> {
    open_checked_copy(&format!("steward-answer-evidence-{evidence}-"), |dir| Ok(state.with(|ws| evidence::copy(ws, evidence, dir))?))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_evidence_rule(state: State<'_, AppState>) -> CmdResult<EvidenceRule> {
    state.with(evidence::evidence_rule)
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_evidence_rule(state: State<'_, AppState>, rule: EvidenceRule) -> CmdResult<EvidenceRule> {
    state.with(|ws| evidence::set_evidence_rule(ws, rule))
}

/// Saves the assessment as a workbook (answers and results) or its answers as CSV or JSON.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_assessment<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, id: AssessmentId, format: ExportFormat) -> CmdResult<Option<ExportReport>> {
    let Some(out) = save_file(&app, format.as_str(), "assessment")? else { return Ok(None) };
    Ok(Some(state.with(|ws| steward_core::assessments::export::export_assessment(ws, id, format, &out))?))
}

/// What the workspace's own records say about a practice, beside its criteria.
#[tauri::command(rename_all = "snake_case")]
pub fn practice_facts(state: State<'_, AppState>, practice: String) -> CmdResult<Vec<steward_core::assessments::facts::Fact>> {
    state.with(|ws| steward_core::assessments::facts::practice_facts(ws, &practice))
}

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        steward_core::assessments::AssessmentId::decl(cfg),
        steward_core::assessments::AssessmentStatus::decl(cfg),
        steward_core::assessments::Answer::decl(cfg),
        steward_core::assessments::Dimension::decl(cfg),
        steward_core::assessments::Assessment::decl(cfg),
        steward_core::assessments::AssessmentInput::decl(cfg),
        steward_core::assessments::Item::decl(cfg),
        steward_core::assessments::criteria::CriterionId::decl(cfg),
        steward_core::assessments::criteria::Criterion::decl(cfg),
        steward_core::assessments::criteria::CriterionInput::decl(cfg),
        steward_core::assessments::practices::Practice::decl(cfg),
        steward_core::assessments::score::DimensionResult::decl(cfg),
        steward_core::assessments::score::PracticeResult::decl(cfg),
        steward_core::assessments::score::Results::decl(cfg),
        steward_core::assessments::score::LevelChange::decl(cfg),
        steward_core::assessments::score::AnswerChange::decl(cfg),
        steward_core::assessments::score::Comparison::decl(cfg),
        steward_core::assessments::evidence::AnswerEvidence::decl(cfg),
        steward_core::assessments::evidence::EvidenceRule::decl(cfg),
        steward_core::assessments::facts::Fact::decl(cfg),
    ]
}
