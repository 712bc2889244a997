//! Native file dialogs, opened from Rust so the page never names a path and needs no
//! dialog permission.

use steward_core::error::ErrorKind;
use std::path::PathBuf;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};

use crate::error::{CmdResult, CommandError};

/// A dialog's answer as a local path; None when it was closed.
pub fn picked(p: Option<FilePath>) -> CmdResult<Option<PathBuf>> {
    match p {
        None => Ok(None),
        Some(fp) => fp.into_path().map(Some).map_err(|_| CommandError::new(ErrorKind::Validation, "Choose a file on this computer.")),
    }
}

/// An open dialog for one kind of file (any file when `extensions` is empty).
pub fn pick_file<R: Runtime>(app: &AppHandle<R>, kind: &str, extensions: &[&str], title: &str) -> CmdResult<Option<PathBuf>> {
    // The end-to-end tests cannot drive a native dialog: they name the file instead.
    #[cfg(feature = "e2e")]
    if let Some(p) = std::env::var_os("STEWARD_E2E_PICK") {
        return Ok(Some(PathBuf::from(p)));
    }
    let dialog = app.dialog().file().set_title(title);
    let dialog = if extensions.is_empty() { dialog } else { dialog.add_filter(kind, extensions) };
    picked(dialog.blocking_pick_file())
}

/// An open dialog for a folder (a git repository: a clone's work tree or a bare one).
pub fn pick_folder<R: Runtime>(app: &AppHandle<R>, title: &str) -> CmdResult<Option<PathBuf>> {
    #[cfg(feature = "e2e")]
    if let Some(p) = std::env::var_os("STEWARD_E2E_PICK") {
        return Ok(Some(PathBuf::from(p)));
    }
    picked(app.dialog().file().set_title(title).blocking_pick_folder())
}

/// A save dialog for a file of type `ext` suggested as `name.ext`; the extension is added
/// when the user typed a name without one.
pub fn save_file<R: Runtime>(app: &AppHandle<R>, ext: &str, name: &str) -> CmdResult<Option<PathBuf>> {
    // The end-to-end tests cannot drive a native dialog: files go to the folder they name.
    #[cfg(feature = "e2e")]
    if let Some(dir) = std::env::var_os("STEWARD_E2E_SAVE_DIR") {
        return Ok(Some(PathBuf::from(dir).join(format!("{name}.{ext}"))));
    }
    let Some(mut out) = picked(app.dialog().file().add_filter(ext.to_uppercase(), &[ext]).set_file_name(format!("{name}.{ext}")).blocking_save_file())? else {
        return Ok(None);
    };
    if out.extension().is_none() {
        out.set_extension(ext);
    }
    Ok(Some(out))
}

/// The workspace file filter, for the workspace menu's dialogs.
pub fn workspace_filter<R: Runtime>(d: FileDialogBuilder<R>) -> FileDialogBuilder<R> {
    d.add_filter("Steward workspace", &["steward"])
}

/// Opens kept evidence with the system's viewer, from a copy `copy` writes (checked against
/// its SHA-256) into a fresh temporary folder: the workspace's copy is never handed out.
pub fn open_checked_copy(prefix: &str, copy: impl FnOnce(&std::path::Path) -> CmdResult<PathBuf>) -> CmdResult<String> {
    // Kept after this returns: the viewer opens the copy later.
    let dir = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .map_err(|e| CommandError::new(ErrorKind::Io, format!("Could not make a temporary folder: {e}")))?
        .keep();
    let path = copy(&dir)?;
    #[cfg(target_os = "macos")]
    let opener = "open";
    #[cfg(target_os = "windows")]
    let opener = "explorer";
    #[cfg(not(any(target_os = "macos", target_os = "windows")))]
    let opener = "xdg-open";
    // No shell: the path is one argument.
    std::process::Command::new(opener).arg(&path).spawn().map_err(|e| CommandError::new(ErrorKind::Io, format!("No program could open {}: {e}", path.display())))?;
    Ok(path.display().to_string())
}
