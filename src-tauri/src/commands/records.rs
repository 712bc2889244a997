//! What every record has: its links, its history, and the closed lists its forms pick from.

use steward_core::choices::Choices;
use steward_core::links::{self, LinkId, LinkView, NewLink};
use steward_core::list::Cursor;
use steward_core::list::Page;
use steward_core::record::RecordRef;
use steward_core::workspace::{self as core_ws, AuditEntry};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn links_of(state: State<'_, AppState>, record: RecordRef) -> CmdResult<Vec<LinkView>> {
    state.with(|ws| links::links_of(ws, record))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_link(state: State<'_, AppState>, link: NewLink) -> CmdResult<LinkView> {
    state.with(|ws| links::create_link(ws, &link))
}

#[tauri::command(rename_all = "snake_case")]
pub fn delete_link(state: State<'_, AppState>, id: LinkId) -> CmdResult<()> {
    state.with(|ws| links::delete_link(ws, id))
}

/// A record's history: its audit entries, newest first, a page at a time.

#[tauri::command(rename_all = "snake_case")]
pub fn record_history(state: State<'_, AppState>, record: RecordRef, after: Option<Cursor>) -> CmdResult<Page<AuditEntry>> {
    state.with(|ws| core_ws::record_history(ws, record, after))
}

/// The values and labels of every closed list, for the UI's pickers.

#[tauri::command(rename_all = "snake_case")]
pub fn choices() -> Choices {
    steward_core::choices::choices()
}

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        steward_core::error::ErrorKind::decl(cfg),
        steward_core::record::RecordKind::decl(cfg),
        steward_core::record::RecordRef::decl(cfg),
        steward_core::enums::Choice::decl(cfg),
        steward_core::choices::AllowedLink::decl(cfg),
        steward_core::choices::Choices::decl(cfg),
        steward_core::list::ListRequest::decl(cfg),
        steward_core::list::FilterTerm::decl(cfg),
        steward_core::list::FilterOp::decl(cfg),
        steward_core::list::SortTerm::decl(cfg),
        steward_core::list::Cursor::decl(cfg),
        <steward_core::list::Page<()>>::decl(cfg),
        steward_core::links::LinkType::decl(cfg),
        steward_core::links::LinkId::decl(cfg),
        steward_core::links::NewLink::decl(cfg),
        steward_core::links::LinkView::decl(cfg),
        steward_core::choices::KindChoice::decl(cfg),
    ]
}
