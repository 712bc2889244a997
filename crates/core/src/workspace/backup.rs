//! Backups are consistent snapshots taken with `VACUUM INTO` (readers and the WAL are
//! respected); restore validates the backup, keeps a copy of what it replaces, and swaps
//! the file in with a rename so a crash leaves either the old or the new workspace.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Actor, Workspace};
use crate::error::{CoreError, Result, WorkspaceError};
use crate::record::RecordKind;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BackupReport {
    pub backup: String,
    pub bytes: u64,
}

fn vacuum_into(conn: &Connection, out: &Path) -> Result<u64> {
    let tmp = sibling(out, "partial");
    let _ = std::fs::remove_file(&tmp);
    let tmp_text = tmp.to_str().ok_or_else(|| CoreError::validation("out", "The backup path must be valid Unicode."))?;
    conn.execute("VACUUM INTO ?1", [tmp_text])?;
    std::fs::rename(&tmp, out).map_err(|e| CoreError::io_at("write the backup to", out, e))?;
    let bytes = std::fs::metadata(out).map_err(|e| CoreError::io_at("read", out, e))?.len();
    Ok(bytes)
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".{suffix}"));
    path.with_file_name(name)
}

/// Writes a consistent copy of the open workspace to `out` (replacing it if it exists and
/// is not a workspace).
pub fn backup(ws: &Workspace, out: &Path) -> Result<BackupReport> {
    let file = super::output::prepare_for(ws, out, super::output::Replaces::ClosedWorkspace)?;
    let temp = file.path().to_str().ok_or_else(|| CoreError::validation("out", "The backup path must be valid Unicode."))?;
    ws.conn().execute("VACUUM INTO ?1", [temp])?;
    file.commit()?;
    let bytes = std::fs::metadata(out).map_err(|e| CoreError::io_at("read", out, e))?.len();
    ws.write(|tx| {
        tx.audit("workspace.backed_up", RecordKind::Workspace, "workspace", serde_json::json!({
            "backup": out.display().to_string(), "bytes": bytes,
        }))
    })?;
    Ok(BackupReport { backup: out.display().to_string(), bytes })
}

pub(super) fn backup_before_migration(conn: &Connection, path: &Path, from_version: i64) -> Result<()> {
    let out = sibling(path, &format!("pre-migration-v{from_version}.bak"));
    vacuum_into(conn, &out).map(|_| ())
}

/// Replaces the workspace at `target` with the backup `from`. The current file, if any, is
/// kept beside it as `<name>.before-restore-<timestamp>.bak`. `target` must not be open.
pub fn restore(target: &Path, from: &Path, actor: Actor) -> Result<Workspace> {
    if target == from {
        return Err(CoreError::validation("from", "Choose a backup file, not the workspace itself."));
    }
    // The backup must be a healthy workspace before anything is replaced.
    let report = super::check(from)?;
    if report.integrity != "ok" {
        return Err(WorkspaceError::Corrupt { path: from.to_path_buf(), detail: report.integrity }.into());
    }
    if target.exists() {
        // Opening takes the lock (refusing a workspace that is in use) and lets SQLite fold
        // any WAL into the copy we keep.
        let current = Workspace::open(target, actor.clone())?;
        let keep = sibling(target, &format!("before-restore-{}.bak", current.now().format("%Y%m%dT%H%M%SZ")));
        vacuum_into(current.conn(), &keep)?;
        let tmp = sibling(target, "restoring");
        std::fs::copy(from, &tmp).map_err(|e| CoreError::io_at("copy", from, e))?;
        std::fs::File::open(&tmp).and_then(|f| f.sync_all()).map_err(|e| CoreError::io_at("write", &tmp, e))?;
        drop(current);
        for suffix in ["-wal", "-shm"] {
            let mut p = target.as_os_str().to_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
        std::fs::rename(&tmp, target).map_err(|e| CoreError::io_at("replace", target, e))?;
    } else {
        std::fs::copy(from, target).map_err(|e| CoreError::io_at("copy", from, e))?;
    }
    let ws = Workspace::open(target, actor)?;
    ws.write(|tx| {
        tx.audit("workspace.restored", RecordKind::Workspace, "workspace", serde_json::json!({
            "from": from.display().to_string(),
        }))
    })?;
    Ok(ws)
}
