//! The Steward desktop shell: window, state, and the command layer over steward-core.
//!
//! **Boundary:** this crate only translates. It deserializes IPC arguments, calls one core
//! function and maps `CoreError` to [`error::CommandError`]. It owns the per-OS-user
//! preferences (identity, recent files) and the native dialogs.

pub mod commands;
pub mod error;
pub mod state;

#[cfg(test)]
mod bindings;
#[cfg(test)]
mod ipc_gen;

use std::path::PathBuf;

use tauri::{Manager, Runtime};

pub use state::AppState;

/// Adds every command and plugin to `base` (the real builder, or tauri's mock builder in
/// tests); state is managed by the caller.
pub fn builder<R: Runtime>(base: tauri::Builder<R>) -> tauri::Builder<R> {
    base.plugin(tauri_plugin_dialog::init())
        .invoke_handler(commands::handler())
}

/// `--workspace FILE` from the command line, if given.
fn workspace_arg() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        if a == "--workspace" {
            return args.next().map(PathBuf::from);
        }
        if let Some(v) = a.to_str().and_then(|s| s.strip_prefix("--workspace=")) {
            return Some(PathBuf::from(v));
        }
    }
    None
}

pub fn run() {
    builder(tauri::Builder::default())
        .setup(|app| {
            let config_dir = app.path().app_config_dir()?;
            let start = match workspace_arg() {
                Some(p) => p,
                None => app.path().app_data_dir()?.join("default.steward"),
            };
            app.manage(AppState::new(&config_dir, start));
            Ok(())
        })
        .build(tauri::generate_context!("tauri.conf.json"))
        .unwrap_or_else(|e| {
            eprintln!("Steward could not start: {e}");
            std::process::exit(1);
        })
        .run(on_run_event);
}

/// What the app does on the event loop's events (the mock runtime in tests delivers them
/// here too, where it delivers no per-window handler).
pub fn on_run_event<R: Runtime>(app: &tauri::AppHandle<R>, event: tauri::RunEvent) {
    match event {
        tauri::RunEvent::WindowEvent { label, event: tauri::WindowEvent::CloseRequested { api, .. }, .. } => {
            commands::workspace::on_close_requested(app, &label, &api);
        }
        // Close the workspace cleanly: SQLite folds the WAL back and the lock is released.
        tauri::RunEvent::Exit => app.state::<AppState>().close(),
        _ => {}
    }
}
