//! Knowledge articles.

use steward_core::knowledge::{self, Article, ArticleId, ArticleInput};
use steward_core::list::{ListRequest, Page};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn list_articles(state: State<'_, AppState>, request: ListRequest) -> CmdResult<Page<Article>> {
    state.with(|ws| knowledge::list_articles(ws, &request))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_article(state: State<'_, AppState>, id: ArticleId) -> CmdResult<Article> {
    state.with(|ws| knowledge::get_article(ws, id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_article(state: State<'_, AppState>, input: ArticleInput) -> CmdResult<Article> {
    state.with(|ws| knowledge::create_article(ws, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_article(state: State<'_, AppState>, id: ArticleId, input: ArticleInput) -> CmdResult<Article> {
    state.with(|ws| knowledge::update_article(ws, id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn suggest_articles(state: State<'_, AppState>, text: String) -> CmdResult<Vec<Article>> {
    state.with(|ws| knowledge::suggest_articles(ws, &text, 5))
}

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        steward_core::knowledge::ArticleId::decl(cfg),
        steward_core::knowledge::ArticleStatus::decl(cfg),
        steward_core::knowledge::Article::decl(cfg),
        steward_core::knowledge::ArticleInput::decl(cfg),
    ]
}
