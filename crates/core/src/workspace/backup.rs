//! Backups are consistent snapshots taken with `VACUUM INTO` (readers and the WAL are
//! respected); restore validates the backup, keeps a copy of what it replaces, and swaps
//! the file in with a rename so a crash leaves either the old or the new workspace.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{with_suffix, Action, Actor, Reactions, Subject, Workspace};
use crate::error::{CoreError, Result, WorkspaceError};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BackupReport {
    pub backup: String,
    pub bytes: u64,
    /// The backup's audit-trail head ("COUNT:HASH"), recorded outside it: `check
    /// --expect-head` on the copy later shows whether its trail was cut or rewritten.
    pub head: String,
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

/// `path` with `.suffix` appended to its name (a copy kept beside the workspace).
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    with_suffix(path, &format!(".{suffix}"))
}

/// Writes a consistent copy of the open workspace to `out` (replacing it if it exists and
/// is not a workspace).
pub fn backup(ws: &Workspace, out: &Path) -> Result<BackupReport> {
    let file = super::output::prepare_for(ws, out, super::output::Replaces::ClosedWorkspace)?;
    let temp = file.path().to_str().ok_or_else(|| CoreError::validation("out", "The backup path must be valid Unicode."))?;
    let head = super::head(ws)?;
    ws.conn().execute("VACUUM INTO ?1", [temp])?;
    file.commit()?;
    let bytes = std::fs::metadata(out).map_err(|e| CoreError::io_at("read", out, e))?.len();
    ws.write(|tx| {
        tx.audit(Action::did("workspace.backed_up"), Subject::Workspace, serde_json::json!({
            "backup": out.display().to_string(), "bytes": bytes, "head": head,
        }))
    })?;
    Ok(BackupReport { backup: out.display().to_string(), bytes, head })
}

/// Runs `f` inside one read transaction of the open workspace, handing it the connection
/// (what it reads is that snapshot) and the snapshot's file as bytes to stream, marked as a
/// rollback-journal file (header bytes 18 and 19) so that it opens read-only on its own: an
/// evidence bundle's snapshot. The write-ahead log is first checkpointed whole into the file,
/// and only this process writes the workspace (its lock is exclusive) and not while `f`
/// runs, so the file read as it is holds exactly the pages of the transaction: one read of
/// the file and no copy of it, a bundle of a large workspace costing little more than
/// hashing and copying it.
pub fn read_snapshot<T>(ws: &Workspace, f: impl FnOnce(&Connection, &mut dyn std::io::Read) -> Result<T>) -> Result<T> {
    if ws.is_read_only() {
        return Err(CoreError::validation("workspace", "A workspace opened read-only is not bundled: open it to work first."));
    }
    let conn = ws.conn();
    let (busy, _, _): (i64, i64, i64) = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    if busy != 0 {
        return Err(CoreError::Conflict("The workspace is busy: its log could not be written into the file. Try again.".into()));
    }
    let read = conn.unchecked_transaction()?;
    // The read transaction holds its snapshot from its first read.
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0))?;
    let path = ws.path();
    let mut file = std::fs::File::open(path).map_err(|e| CoreError::io_at("read", path, e))?;
    let mut head = [0u8; 100];
    std::io::Read::read_exact(&mut file, &mut head).map_err(|e| CoreError::io_at("read", path, e))?;
    head[18] = 1;
    head[19] = 1;
    let mut bytes = std::io::Read::chain(&head[..], std::io::BufReader::with_capacity(1 << 20, file));
    let out = f(conn, &mut bytes);
    read.rollback()?;
    out
}

pub(super) fn backup_before_migration(conn: &Connection, path: &Path, from_version: i64) -> Result<()> {
    let out = sibling(path, &format!("pre-migration-v{from_version}.bak"));
    vacuum_into(conn, &out).map(|_| ())
}

/// Whether a backup whose audit trail is broken may replace a workspace: refused unless the
/// user chose to restore it anyway (the restore's audit entry then names where it breaks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrokenChain {
    Refuse,
    Accept,
}

/// Replaces the workspace at `target` with the backup `from`, as a whole or not at all.
/// The backup must be a healthy workspace (integrity, schema, an unbroken audit chain)
/// before anything is touched. The current file, if any, is kept beside it as
/// `<name>.before-restore-<timestamp>.bak`; a damaged one that cannot be opened is moved
/// aside whole as `<name>.damaged-<timestamp>.bak` (never deleted). `target` must not be open.
pub(crate) fn restore(target: &Path, from: &Path, actor: Actor, broken: BrokenChain, reactions: Reactions) -> Result<Workspace> {
    if target == from || matches!((target.canonicalize(), from.canonicalize()), (Ok(a), Ok(b)) if a == b) {
        return Err(CoreError::validation("from", "Choose a backup file, not the workspace itself."));
    }
    let report = super::check(from)?;
    if report.integrity != "ok" {
        return Err(WorkspaceError::Corrupt { path: from.to_path_buf(), detail: report.integrity }.into());
    }
    if report.schema_version < 1 {
        return Err(CoreError::validation("from", format!("{} has no Steward tables: it is not a backup of a workspace.", from.display())));
    }
    match (report.first_bad_entry, broken) {
        (Some(entry), BrokenChain::Refuse) => {
            return Err(CoreError::validation(
                "from",
                format!(
                    "{}: its audit trail is broken at entry {entry}, so it was not restored. Restoring it anyway takes an explicit choice (steward-cli restore --accept-broken-chain), which the audit trail records.",
                    from.display()
                ),
            ));
        }
        _ => {}
    }
    // The copy is made and opened (migrated if older) beside the target first; the target
    // changes only by a rename.
    let tmp = sibling(target, "restoring");
    let _ = std::fs::remove_file(&tmp);
    std::fs::copy(from, &tmp).map_err(|e| CoreError::io_at("copy", from, e))?;
    let staged = Workspace::open_reacting(&tmp, actor.clone(), reactions).and_then(|ws| ws.self_contained());
    if let Err(e) = staged {
        for leftover in [tmp.clone(), with_suffix(&tmp, "-wal"), with_suffix(&tmp, "-shm")] {
            let _ = std::fs::remove_file(leftover);
        }
        return Err(e);
    }
    let stamp = crate::time::Clock::System.now().format("%Y%m%dT%H%M%SZ").to_string();
    if target.exists() {
        match Workspace::open_reacting(target, actor.clone(), reactions) {
            Ok(current) => {
                // Opening takes the lock (refusing a workspace in use) and lets SQLite fold
                // any WAL into the copy kept.
                vacuum_into(current.conn(), &sibling(target, &format!("before-restore-{stamp}.bak")))?;
                drop(current);
            }
            Err(CoreError::Workspace(WorkspaceError::Corrupt { .. })) => {
                for (suffix, keep) in [("", format!("damaged-{stamp}.bak")), ("-wal", format!("damaged-{stamp}.bak-wal")), ("-shm", format!("damaged-{stamp}.bak-shm"))] {
                    let file = with_suffix(target, suffix);
                    if file.exists() {
                        std::fs::rename(&file, sibling(target, &keep)).map_err(|e| CoreError::io_at("move aside", &file, e))?;
                    }
                }
            }
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        }
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(with_suffix(target, suffix));
        }
        std::fs::rename(&tmp, target).map_err(|e| CoreError::io_at("replace", target, e))?;
    } else {
        super::create::place(&tmp, target)?;
    }
    let ws = Workspace::open_reacting(target, actor, reactions)?;
    ws.write(|tx| {
        tx.audit(Action::did("workspace.restored"), Subject::Workspace, serde_json::json!({
            "from": from.display().to_string(),
            "broken_chain_accepted_at": report.first_bad_entry,
        }))
    })?;
    Ok(ws)
}
