//! Importing a file from the window: pick it (native dialog), preview it, run it with
//! progress and cancel, and the import history with undo.

use steward_core::error::ErrorKind;
use std::sync::atomic::Ordering;

use steward_core::import::dates::DateOrder;
use steward_core::import::{self, ImportId, ImportOptions, ImportProgress, ImportRun, ProgressHook, UndoReport, ValueMap};
use steward_core::import::values::FieldValues;
use steward_core::import_file::{self, FileFormat, ImportOutcome, ImportPreview};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};

use super::dialogs::pick_file;
use crate::error::{CmdResult, CommandError};
use crate::state::AppState;


/// Opens the file dialog and previews the chosen file (None when the dialog was closed).
#[tauri::command(rename_all = "snake_case")]
pub async fn pick_import_file<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<Option<ImportPreview>> {
    let Some(path) = pick_file(&app, "CSV, workbook or JSON export", &["csv", "txt", "xlsx", "xlsm", "xls", "ods", "json"], "Import a file")? else { return Ok(None) };
    let preview = state.with(|ws| import_file::preview_in(ws, &path, None))?;
    state.set_pending_import(path);
    Ok(Some(preview))
}

/// The picked file previewed as another format.
#[tauri::command(rename_all = "snake_case")]
pub fn preview_import(state: State<'_, AppState>, format: Option<FileFormat>) -> CmdResult<ImportPreview> {
    let path = state.pending_import()?;
    state.with(|ws| import_file::preview_in(ws, &path, format))
}

/// The different states and levels in the picked file as `mapping` reads it, with what
/// Steward reads each as: the values whose meaning the mapping step asks (the whole file is
/// read, so off the window's thread).
#[tauri::command(rename_all = "snake_case")]
pub async fn import_values<R: Runtime>(app: AppHandle<R>, format: FileFormat, mapping: Option<Vec<Option<String>>>) -> CmdResult<Vec<FieldValues>> {
    let path = app.state::<AppState>().pending_import()?;
    tauri::async_runtime::spawn_blocking(move || import_file::values_seen(&path, format, mapping.as_deref()))
        .await
        .map_err(|_| CommandError::new(ErrorKind::Internal, "Reading the file's values stopped unexpectedly."))?
        .map_err(Into::into)
}

/// Imports the picked file, reporting progress on `on_progress` until done or cancelled;
/// `mapping`, `values` and `name` for the formats that take them (see `ImportPreview`).
#[tauri::command(rename_all = "snake_case")]
#[allow(clippy::too_many_arguments)]
pub async fn run_import<R: Runtime>(
    app: AppHandle<R>,
    format: FileFormat,
    tz: String,
    date_order: Option<DateOrder>,
    mapping: Option<Vec<Option<String>>>,
    values: Option<ValueMap>,
    name: Option<String>,
    on_progress: Channel<ImportProgress>,
) -> CmdResult<ImportOutcome> {
    let tz = steward_core::time::parse_zone("tz", &tz)?;
    let state = app.state::<AppState>();
    let path = state.pending_import()?;
    let cancel = state.import_cancel_flag();
    let progress = ProgressHook::new(move |p| {
        // A closed window cannot be told; the import goes on.
        let _ = on_progress.send(p.clone());
        !cancel.load(Ordering::SeqCst)
    });
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        app.state::<AppState>().with(|ws| import_file::import(ws, &path, format, &ImportOptions { tz, date_order, progress, mapping, name, values: values.unwrap_or_default() }))
    })
    .await
    .map_err(|_| CommandError::new(ErrorKind::Internal, "The import stopped unexpectedly; nothing was changed."))?
}

#[tauri::command(rename_all = "snake_case")]
pub fn cancel_import(state: State<'_, AppState>) {
    state.cancel_import();
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_imports(state: State<'_, AppState>) -> CmdResult<Vec<ImportRun>> {
    state.with(import::list_imports)
}

#[tauri::command(rename_all = "snake_case")]
pub fn undo_import(state: State<'_, AppState>, id: ImportId) -> CmdResult<UndoReport> {
    state.with(|ws| import::undo_import(ws, id))
}

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        steward_core::import::ImportReport::decl(cfg),
        steward_core::import::RowError::decl(cfg),
        steward_core::import::ImportPhase::decl(cfg),
        steward_core::import::ImportProgress::decl(cfg),
        steward_core::import::ImportId::decl(cfg),
        steward_core::import::ImportRun::decl(cfg),
        steward_core::import::UndoReport::decl(cfg),
        steward_core::import_file::FileFormat::decl(cfg),
        steward_core::import_file::ColumnUse::decl(cfg),
        steward_core::import_file::ImportPreview::decl(cfg),
        steward_core::import_file::ImportOutcome::decl(cfg),
        steward_core::import::dates::DateOrder::decl(cfg),
        steward_core::import::ValueMap::decl(cfg),
        steward_core::import::values::FieldValues::decl(cfg),
        steward_core::import::values::SeenValue::decl(cfg),
    ]
}
