//! The workspace menu, first start, identity, settings, search, audit trail.

use steward_core::error::ErrorKind;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use steward_core::list::{ListRequest, Page};
use steward_core::record::RecordKind;
use steward_core::search::{Named, SearchHit};
use steward_core::settings::{self, Settings};
use steward_core::summary::Summary;
use steward_core::workspace::{self as core_ws, AuditEntry, AuditExportFormat, BackupReport, CheckReport, Password, Workspace};
use steward_core::directory;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;

use super::dialogs::{picked, save_file, workspace_filter};
use crate::error::{CmdResult, CommandError};
use crate::state::{AppState, Identity};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct WorkspaceInfo {
    pub path: String,
    pub name: String,
    pub schema_version: i64,
    pub settings: Settings,
    /// Opened to read only (a bundle's snapshot): nothing can be changed.
    pub read_only: bool,
    /// Encrypted at rest with a password.
    pub encrypted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct IdentityView {
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AppStatus {
    pub identity: Option<IdentityView>,
    pub workspace: Option<WorkspaceInfo>,
    /// The file Steward starts on: `--workspace FILE` or the default workspace.
    pub start_path: String,
    pub start_exists: bool,
    pub recent: Vec<String>,
    /// Housekeeping that failed as the workspace opened (the workspace is open all the same);
    /// the window shows it once.
    pub housekeeping_error: Option<CommandError>,
    /// The audit trail was cut or rewritten since the app last had this workspace open.
    pub trail_warning: Option<String>,
    /// The workspace asked for is encrypted: the window asks its password (nothing was
    /// closed or opened yet).
    pub password_for: Option<String>,
}

fn info(ws: &Workspace) -> Result<WorkspaceInfo, steward_core::CoreError> {
    let settings = settings::get_settings(ws)?;
    Ok(WorkspaceInfo { path: ws.path().display().to_string(), name: settings.workspace_name.clone(), schema_version: ws.schema_version()?, settings, read_only: ws.is_read_only(), encrypted: ws.is_encrypted() })
}

/// Keeps the window title "Steward — <workspace name>".
pub fn sync_title<R: Runtime>(app: &AppHandle<R>, state: &AppState) {
    let title = match state.with(|ws| settings::get_settings(ws)) {
        Ok(s) => format!("Steward — {}", s.workspace_name),
        Err(_) => "Steward".to_string(),
    };
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.set_title(&title);
    }
}

pub(crate) fn status(state: &AppState) -> AppStatus {
    let prefs = state.prefs();
    AppStatus {
        identity: prefs.identity.map(|i| IdentityView { name: i.name, email: i.email }),
        workspace: state.with(info).ok(),
        start_path: state.start_path.display().to_string(),
        start_exists: state.start_path.exists(),
        recent: prefs.recent,
        housekeeping_error: None,
        trail_warning: None,
        password_for: None,
    }
}

#[tauri::command(rename_all = "snake_case")]
pub fn app_status(state: State<'_, AppState>) -> AppStatus {
    status(&state)
}

/// How the walk of the open workspace's whole audit chain, started when it opened, stands:
/// the window asks until it is done and shows a chain that does not verify.
#[tauri::command(rename_all = "snake_case")]
pub fn trail_status(state: State<'_, AppState>) -> crate::state::TrailStatus {
    state.trail_status()
}

/// Opens the start file if it exists and nothing is open yet; errors explain why not.
#[tauri::command(rename_all = "snake_case")]
pub fn open_start_workspace<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<AppStatus> {
    if !state.is_open() && state.start_path.exists() {
        return open_path(&app, &state, state.start_path.clone(), None);
    }
    Ok(status(&state))
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_identity<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, name: String, email: String) -> CmdResult<AppStatus> {
    let actor = steward_core::workspace::Actor::parse(&name)?;
    let email = steward_core::validate::email("email", &email)?.unwrap_or_default();
    state.update_prefs(|p| p.identity = Some(Identity { name: actor.as_str().to_string(), email }))?;
    state.set_actor(actor);
    sync_title(&app, &state);
    Ok(status(&state))
}

/// First start: creates the start file, empty or with the demo engagement.
#[tauri::command(rename_all = "snake_case")]
pub fn create_start_workspace<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, demo: bool) -> CmdResult<AppStatus> {
    let actor = state.actor()?;
    let path = state.start_path.clone();
    state.swap(|| create(&path, actor, demo, state.clock()))?;
    // Opened like any other: the demo's measures are sampled for today as the window opens it.
    let housekeeping_error = after_open(&app, &state);
    Ok(AppStatus { housekeeping_error, ..status(&state) })
}

fn create(path: &std::path::Path, actor: core_ws::Actor, with_demo: bool, clock: steward_core::time::Clock) -> Result<Workspace, steward_core::CoreError> {
    if with_demo {
        core_ws::Workspace::create_demo(path, actor, clock, None)
    } else {
        core_ws::Workspace::create_whole(path, actor, clock, None, |_| Ok(()))
    }
}

/// Encrypts the open workspace in place with the password chosen. Should it fail, the
/// workspace is opened again as it was.
#[tauri::command(rename_all = "snake_case")]
pub fn encrypt_workspace<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, password: String) -> CmdResult<AppStatus> {
    let password = Password::chosen(password)?;
    let (path, encrypted) = state.with(|ws| Ok((ws.path().to_path_buf(), ws.is_encrypted())))?;
    if encrypted {
        return Err(CommandError::new(ErrorKind::Validation, "This workspace is already encrypted."));
    }
    let Some(ws) = state.take() else { return Err(CommandError::no_workspace()) };
    let actor = ws.actor().clone();
    let result = match core_ws::encrypt(ws, &password) {
        Ok(ws) => state.swap(|| Ok(ws)),
        Err(e) => {
            let _ = state.swap(|| Workspace::open(&path, actor));
            Err(e.into())
        }
    };
    sync_title(&app, &state);
    result.map(|_| status(&state))
}

/// A copy of the encrypted workspace in clear, where the user says, on purpose.
#[tauri::command(rename_all = "snake_case")]
pub async fn copy_in_clear<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<Option<BackupReport>> {
    let stem = state.with(|ws| Ok(ws.path().file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()))?;
    let Some(out) = picked(workspace_filter(app.dialog().file()).set_title("Save a copy in clear").set_file_name(format!("{stem}-in-clear.steward")).blocking_save_file())? else {
        return Ok(None);
    };
    Ok(Some(state.with(|ws| core_ws::copy_in_clear(ws, &out))?))
}


/// Workspace menu → New: a save dialog, then an empty workspace there.
#[tauri::command(rename_all = "snake_case")]
pub async fn new_workspace<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<AppStatus> {
    let Some(mut path) = picked(workspace_filter(app.dialog().file()).set_title("New workspace").set_file_name("engagement.steward").blocking_save_file())? else {
        return Ok(status(&state));
    };
    if path.extension().is_none() {
        path.set_extension("steward");
    }
    if path.exists() {
        return Err(CommandError::new(ErrorKind::WorkspaceExists, format!("{} already exists. Open it from Workspace → Open instead.", path.display())));
    }
    let actor = state.actor()?;
    state.swap(|| create(&path, actor, false, state.clock()))?;
    sync_title(&app, &state);
    Ok(status(&state))
}

/// Workspace menu → Open: a file dialog, then open the chosen workspace.
#[tauri::command(rename_all = "snake_case")]
pub async fn open_workspace_dialog<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<AppStatus> {
    let Some(path) = picked(workspace_filter(app.dialog().file()).set_title("Open workspace").blocking_pick_file())? else {
        return Ok(status(&state));
    };
    open_path(&app, &state, path, None)
}

#[tauri::command(rename_all = "snake_case")]
pub fn open_workspace<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, path: String, password: Option<String>) -> CmdResult<AppStatus> {
    open_path(&app, &state, PathBuf::from(path), password)
}

/// Opens `path`. An encrypted one without its password is not opened: the status asks for
/// it; a password is tried before the open workspace is closed, so a wrong one leaves the
/// window as it was.
fn open_path<R: Runtime>(app: &AppHandle<R>, state: &AppState, path: PathBuf, password: Option<String>) -> CmdResult<AppStatus> {
    let password = password.map(Password::given).transpose()?;
    if password.is_none() && core_ws::is_encrypted_file(&path) {
        return Ok(AppStatus { password_for: Some(path.display().to_string()), ..status(state) });
    }
    if let Some(p) = &password {
        core_ws::unlocks(&path, p)?;
    }
    let actor = state.actor()?;
    state.swap(|| Workspace::open_with(&path, actor, password.as_ref()))?;
    let housekeeping_error = after_open(app, state);
    Ok(AppStatus { housekeeping_error, trail_warning: state.take_trail_warning(), ..status(state) })
}

/// What runs whenever a workspace opens in the app: the title, and the housekeeping a
/// desk expects (resolved incidents close after the configured days). Housekeeping never
/// keeps a workspace from opening: its failure is what the window is told.
fn after_open<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> Option<CommandError> {
    sync_title(app, state);
    let closed = state
        .with(|ws| steward_core::incidents::auto_close(ws, ws.now()))
        .err()
        .map(|e| CommandError { message: format!("Resolved incidents could not be closed automatically: {}", e.message), ..e });
    let sampled = state
        .with(steward_core::improvement::measures::sample)
        .err()
        .map(|e| CommandError { message: format!("Improvement measures could not be sampled: {}", e.message), ..e });
    closed.or(sampled)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn backup_workspace<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<Option<BackupReport>> {
    let (stem, now) = state.with(|ws| Ok((ws.path().file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(), ws.now())))?;
    let name = format!("{stem}-{}.steward", now.format("%Y%m%d-%H%M"));
    let Some(out) = picked(workspace_filter(app.dialog().file()).set_title("Back up workspace").set_file_name(&name).blocking_save_file())? else {
        return Ok(None);
    };
    Ok(Some(state.with(|ws| core_ws::backup(ws, &out))?))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn restore_workspace<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<AppStatus> {
    let target = state.with(|ws| Ok(ws.path().to_path_buf()))?;
    let Some(from) = picked(workspace_filter(app.dialog().file()).set_title("Restore from backup").blocking_pick_file())? else {
        return Ok(status(&state));
    };
    let actor = state.actor()?;
    // A backup of an encrypted workspace has its password.
    let password = state.with(|ws| Ok(ws.password().cloned()))?;
    state.close();
    state.forget_head(&target);
    let restored = core_ws::Workspace::restore(&target, &from, actor.clone(), core_ws::BrokenChain::Refuse, password.as_ref());
    // Whatever happened, reopen the workspace (restored or untouched).
    let result = match restored {
        Ok(ws) => state.swap(|| Ok(ws)),
        Err(e) => {
            let _ = state.swap(|| Workspace::open_with(&target, actor, password.as_ref()));
            Err(e.into())
        }
    };
    sync_title(&app, &state);
    result.map(|_| status(&state))
}

#[tauri::command(rename_all = "snake_case")]
pub fn check_workspace(state: State<'_, AppState>) -> CmdResult<CheckReport> {
    let (path, password) = state.with(|ws| Ok((ws.path().to_path_buf(), ws.password().cloned())))?;
    Ok(core_ws::verify_with(&path, None, password.as_ref())?)
}

#[tauri::command(rename_all = "snake_case")]
pub fn workspace_summary(state: State<'_, AppState>) -> CmdResult<Summary> {
    state.with(steward_core::summary::summarize)
}

/// The service value chain: its activities, their practices and each one's live figure.
#[tauri::command(rename_all = "snake_case")]
pub fn value_chain(state: State<'_, AppState>) -> CmdResult<Vec<steward_core::value_chain::Activity>> {
    state.with(steward_core::value_chain::value_chain)
}

/// The value stream a record belongs to, and as a timeline chart.
#[tauri::command(rename_all = "snake_case")]
pub fn value_stream(state: State<'_, AppState>, record: steward_core::record::RecordRef) -> CmdResult<steward_core::value_stream::ValueStream> {
    state.with(|ws| steward_core::value_stream::trace(ws, record))
}

#[tauri::command(rename_all = "snake_case")]
pub fn value_stream_chart(state: State<'_, AppState>, record: steward_core::record::RecordRef, theme: steward_core::charts::Theme) -> CmdResult<String> {
    state.with(|ws| steward_core::value_stream::stream_chart(ws, record, theme))
}

/// The median hours of each step of restoring service and delivering a change.
#[tauri::command(rename_all = "snake_case")]
pub fn stream_medians(state: State<'_, AppState>, service: Option<i64>, from: String, to: String) -> CmdResult<Vec<steward_core::value_stream::StepMedian>> {
    state.with(|ws| steward_core::value_stream::step_medians(ws, service, &from, &to))
}

#[tauri::command(rename_all = "snake_case")]
pub fn search(state: State<'_, AppState>, text: String) -> CmdResult<Vec<SearchHit>> {
    state.with(|ws| steward_core::search::search(ws, &text, 30))
}

/// Records of one kind named by the text typed into a picker.
#[tauri::command(rename_all = "snake_case")]
pub fn find_records(state: State<'_, AppState>, kind: RecordKind, text: String) -> CmdResult<Vec<Named>> {
    state.with(|ws| steward_core::search::find(ws, kind, &text, 8))
}

#[tauri::command(rename_all = "snake_case")]
pub fn audit_trail(state: State<'_, AppState>, request: ListRequest) -> CmdResult<Page<AuditEntry>> {
    state.with(|ws| core_ws::audit_trail(ws, &request))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_audit<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, format: AuditExportFormat) -> CmdResult<Option<u64>> {
    let ext = match format {
        AuditExportFormat::Csv => "csv",
        AuditExportFormat::Json => "json",
    };
    let Some(out) = save_file(&app, ext, "audit-trail")? else { return Ok(None) };
    Ok(Some(state.with(|ws| core_ws::export_audit(ws, format, &out))?))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_settings(state: State<'_, AppState>) -> CmdResult<Settings> {
    state.with(settings::get_settings)
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_settings<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, settings: Settings) -> CmdResult<Settings> {
    let s = state.with(|ws| settings::update_settings(ws, &settings))?;
    sync_title(&app, &state);
    Ok(s)
}

#[tauri::command(rename_all = "snake_case")]
pub fn time_zones() -> Vec<String> {
    settings::time_zones()
}

#[tauri::command(rename_all = "snake_case")]
pub fn whoami(state: State<'_, AppState>) -> CmdResult<directory::Me> {
    let id = state.prefs().identity.ok_or_else(|| CommandError::new(ErrorKind::NoIdentity, "Say who you are first."))?;
    state.with(|ws| directory::whoami(ws, &id.name, Some(&id.email)))
}

/// The page says whether a form holds changes not saved yet; while it does, closing the
/// window asks the page first (`steward:close-requested`) instead of closing.
#[tauri::command(rename_all = "snake_case")]
pub fn set_unsaved(state: State<'_, AppState>, unsaved: bool) {
    state.set_unsaved(unsaved);
}

/// Closes the window after the user chose to save or discard what the page held.
#[tauri::command(rename_all = "snake_case")]
pub fn close_window<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<()> {
    state.set_unsaved(false);
    if let Some(w) = app.get_webview_window("main") {
        w.close().map_err(|e| CommandError::new(ErrorKind::Internal, format!("The window could not close: {e}")))?;
    }
    Ok(())
}

/// A close request while the page holds unsaved changes: kept open, and the page asks the
/// user (save, discard, stay).
pub fn on_close_requested<R: Runtime>(app: &AppHandle<R>, window: &str, api: &tauri::CloseRequestApi) {
    if app.state::<AppState>().unsaved() {
        api.prevent_close();
        if let Some(w) = app.get_webview_window(window) {
            let _ = w.eval("window.dispatchEvent(new Event('steward:close-requested'))");
        }
    }
}

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        WorkspaceInfo::decl(cfg),
        IdentityView::decl(cfg),
        AppStatus::decl(cfg),
        crate::state::TrailStatus::decl(cfg),
        steward_core::charts::Theme::decl(cfg),
        steward_core::charts::risk_heatmap::HeatmapCell::decl(cfg),
        steward_core::charts::risk_heatmap::Heatmap::decl(cfg),
        steward_core::settings::DateFormat::decl(cfg),
        steward_core::settings::Settings::decl(cfg),
        steward_core::search::SearchHit::decl(cfg),
        steward_core::search::Named::decl(cfg),
        steward_core::summary::Count::decl(cfg),
        steward_core::summary::Summary::decl(cfg),
        steward_core::summary::Brief::decl(cfg),
        steward_core::value_chain::PracticeFigure::decl(cfg),
        steward_core::value_chain::Activity::decl(cfg),
        steward_core::value_stream::StreamStep::decl(cfg),
        steward_core::value_stream::ValueStream::decl(cfg),
        steward_core::value_stream::StepMedian::decl(cfg),
        steward_core::summary::Attention::decl(cfg),
        steward_core::summary::RecentChange::decl(cfg),
        steward_core::workspace::AuditEntry::decl(cfg),
        steward_core::workspace::AuditExportFormat::decl(cfg),
        steward_core::workspace::CheckReport::decl(cfg),
        steward_core::workspace::BackupReport::decl(cfg),
    ]
}
