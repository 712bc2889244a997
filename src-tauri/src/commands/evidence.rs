//! The engagement report and evidence bundles: the report saved as PDF or HTML, the assessor's key
//! (kept in the app's config folder), a signed bundle made, one verified, and one opened
//! read-only to browse its snapshot.

use std::path::PathBuf;

use steward_core::bundle::{self, keys, BundleReport, BundleVerification};
use steward_core::report::{self, ReportFormat, ReportOutcome, ReportSection};
use steward_core::workspace::{Password, Workspace};
use tauri::{AppHandle, Runtime, State};

use super::dialogs::{pick_file, save_file};
use super::workspace::{status, sync_title, AppStatus};
use crate::error::{CmdResult, CommandError};
use crate::state::AppState;

/// Saves the report with the sections chosen, as PDF or HTML, where the user says.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_report<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, sections: Vec<ReportSection>, format: ReportFormat) -> CmdResult<Option<ReportOutcome>> {
    let Some(out) = save_file(&app, format.as_str(), "engagement-report")? else { return Ok(None) };
    state.with(|ws| report::write_report(ws, &out, &sections)).map(Some)
}

fn key_path(state: &AppState) -> PathBuf {
    state.config_dir().join("assessor.key")
}

/// The assessor's public key, when one was made.
#[tauri::command(rename_all = "snake_case")]
pub fn assessor_key(state: State<'_, AppState>) -> CmdResult<Option<keys::PublicKeyInfo>> {
    let path = key_path(&state);
    if !path.exists() {
        return Ok(None);
    }
    Ok(Some(keys::public_of(&path)?))
}

/// Makes the assessor's key pair (once: an existing key is never replaced), sealed with a
/// passphrase when one is given.
#[tauri::command(rename_all = "snake_case")]
pub fn make_assessor_key(state: State<'_, AppState>, passphrase: Option<String>) -> CmdResult<keys::PublicKeyInfo> {
    let passphrase = passphrase.filter(|p| !p.is_empty()).map(|p| Password::chosen(p).map_err(|e| steward_core::CoreError::validation("passphrase", e.to_string()))).transpose()?;
    let path = key_path(&state);
    std::fs::create_dir_all(state.config_dir()).map_err(|e| CommandError::from(steward_core::CoreError::io_at("write", state.config_dir(), e)))?;
    Ok(keys::keygen(&path, passphrase.as_ref())?)
}

/// A signed bundle of the open workspace, saved where the user says.
#[tauri::command(rename_all = "snake_case")]
pub async fn create_evidence_bundle<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, passphrase: Option<String>) -> CmdResult<Option<BundleReport>> {
    let path = key_path(&state);
    if !path.exists() {
        return Err(CommandError::new(steward_core::error::ErrorKind::Validation, "Make your signing key first: a bundle is signed with it."));
    }
    let passphrase = passphrase.filter(|p| !p.is_empty()).map(Password::given).transpose()?;
    let key = keys::load(&path, passphrase.as_ref())?;
    let Some(out) = save_file(&app, "zip", "evidence-bundle")? else { return Ok(None) };
    state.with(|ws| bundle::create_bundle(ws, &out, &key)).map(Some)
}

/// Verifies a bundle the user picks, against the public key given when one is.
#[tauri::command(rename_all = "snake_case")]
pub async fn verify_evidence_bundle<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, public_key: Option<String>) -> CmdResult<Option<BundleVerification>> {
    let expected = public_key.as_deref().map(str::trim).filter(|k| !k.is_empty()).map(keys::parse_public).transpose()?;
    let Some(path) = pick_file(&app, "Evidence bundle", &["zip"], "Verify an evidence bundle")? else { return Ok(None) };
    Ok(Some(bundle::verify_bundle(&path, expected.as_ref(), open_password(&state).as_ref())?))
}

/// The open workspace's password: a bundle of it is encrypted with the same one.
fn open_password(state: &AppState) -> Option<Password> {
    state.with(|ws| Ok(ws.password().cloned())).ok().flatten()
}

/// A bundle opened to read: what its verification found, and the window's state with its
/// snapshot open.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct OpenedBundle {
    pub verification: BundleVerification,
    pub status: AppStatus,
}

/// Opens a bundle's snapshot read-only in the window (after verifying the bundle: the
/// answer says whether it holds), from a copy in a folder of its own.
#[tauri::command(rename_all = "snake_case")]
pub async fn open_evidence_bundle<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<Option<OpenedBundle>> {
    let Some(path) = pick_file(&app, "Evidence bundle", &["zip"], "Open an evidence bundle to read")? else { return Ok(None) };
    let password = open_password(&state);
    let verification = bundle::verify_bundle(&path, None, password.as_ref())?;
    let dir = tempfile::Builder::new()
        .prefix("steward-bundle-")
        .tempdir()
        .map_err(|e| CommandError::from(steward_core::CoreError::io_at("write", std::path::Path::new("temporary folder"), e)))?
        .keep();
    let snapshot = bundle::extract_snapshot(&path, &dir)?;
    let actor = state.actor()?;
    state.swap(|| Workspace::open_reading(&snapshot, actor, password.as_ref()))?;
    sync_title(&app, &state);
    Ok(Some(OpenedBundle { verification, status: status(&state) }))
}

/// The types these commands carry, declared in TypeScript for `ui/src/lib/bindings.ts`.
#[cfg(test)]
pub(crate) fn types(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![ReportSection::decl(cfg), ReportFormat::decl(cfg), ReportOutcome::decl(cfg), keys::PublicKeyInfo::decl(cfg), BundleReport::decl(cfg), BundleVerification::decl(cfg), OpenedBundle::decl(cfg)]
}
