//! Backups are consistent snapshots taken with `VACUUM INTO` (readers and the WAL are
//! respected), or for an encrypted workspace exported into a copy keyed with the same
//! password (no copy of it is ever in clear unless the user asks for one, `copy_in_clear`);
//! restore validates the backup, keeps a copy of what it replaces, and swaps the file in
//! with a rename so a crash leaves either the old or the new workspace.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::password::Password;
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

/// Writes a consistent copy of the database `conn` reads into the new file `out`: with
/// `VACUUM INTO` when `key` is none; otherwise exported (SQLCipher's `sqlcipher_export`) into
/// a copy keyed with `key`, "" for one in clear (`VACUUM INTO` would not encrypt its pages).
fn copy_into(conn: &Connection, out: &Path, key: Option<&str>) -> Result<()> {
    let text = out.to_str().ok_or_else(|| CoreError::validation("out", "The copy's path must be valid Unicode."))?;
    let Some(key) = key else {
        conn.execute("VACUUM INTO ?1", [text])?;
        return Ok(());
    };
    // The workspace's connection may not create files: the copy starts as an empty one,
    // which SQLite takes for an empty database.
    std::fs::File::create_new(out).map_err(|e| CoreError::io_at("create", out, e))?;
    // The copy is keyed with Steward's settings whatever `conn` was opened with (a plain
    // workspace being encrypted has none yet).
    super::password::cipher_settings(conn)?;
    conn.execute("ATTACH DATABASE ?1 AS copy KEY ?2", [text, key])?;
    let exported = (|| -> Result<()> {
        conn.query_row("SELECT sqlcipher_export('copy')", [], |_| Ok(()))?;
        let (version, id): (i64, i64) = (conn.pragma_query_value(None, "user_version", |r| r.get(0))?, conn.pragma_query_value(None, "application_id", |r| r.get(0))?);
        conn.pragma_update(Some("copy"), "user_version", version)?;
        conn.pragma_update(Some("copy"), "application_id", id)?;
        Ok(())
    })();
    conn.execute("DETACH DATABASE copy", [])?;
    exported
}

/// The key a copy of `ws` is made with: its own password (none for a plain workspace).
fn same_key(password: Option<&Password>) -> Option<&str> {
    password.map(Password::text)
}

fn vacuum_into(conn: &Connection, out: &Path, password: Option<&Password>) -> Result<u64> {
    let tmp = sibling(out, "partial");
    let _ = std::fs::remove_file(&tmp);
    copy_into(conn, &tmp, same_key(password))?;
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
    let head = super::head(ws)?;
    copy_into(ws.conn(), file.path(), same_key(ws.password()))?;
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
    if let Some(password) = ws.password() {
        return read_encrypted_snapshot(ws, password, f);
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

/// An encrypted workspace's snapshot: its pages cannot be marked in place (they are
/// encrypted), so it is exported into a copy keyed with the same password, beside it (never
/// in clear, never in the temporary folder), read through a connection of its own, and
/// removed.
fn read_encrypted_snapshot<T>(ws: &Workspace, password: &Password, f: impl FnOnce(&Connection, &mut dyn std::io::Read) -> Result<T>) -> Result<T> {
    let copy = sibling(ws.path(), "snapshot");
    let _ = std::fs::remove_file(&copy);
    let out = (|| {
        copy_into(ws.conn(), &copy, Some(password.text()))?;
        let conn = super::open_read_only(&copy, Some(password))?;
        let file = std::fs::File::open(&copy).map_err(|e| CoreError::io_at("read", &copy, e))?;
        f(&conn, &mut std::io::BufReader::with_capacity(1 << 20, file))
    })();
    let _ = std::fs::remove_file(&copy);
    out
}

pub(super) fn backup_before_migration(conn: &Connection, path: &Path, from_version: i64, password: Option<&Password>) -> Result<()> {
    let out = sibling(path, &format!("pre-migration-v{from_version}.bak"));
    vacuum_into(conn, &out, password).map(|_| ())
}

/// A copy of an encrypted workspace in clear, asked for on purpose (to hand over or to
/// open elsewhere); the audit trail records who made it and where.
pub fn copy_in_clear(ws: &Workspace, out: &Path) -> Result<BackupReport> {
    if !ws.is_encrypted() {
        return Err(CoreError::validation("workspace", "This workspace is not encrypted: back it up instead."));
    }
    let file = super::output::prepare_for(ws, out, super::output::Replaces::ClosedWorkspace)?;
    let head = super::head(ws)?;
    copy_into(ws.conn(), file.path(), Some(""))?;
    file.commit()?;
    let bytes = std::fs::metadata(out).map_err(|e| CoreError::io_at("read", out, e))?.len();
    ws.write(|tx| tx.audit(Action::did("workspace.copied_in_clear"), Subject::Workspace, serde_json::json!({"copy": out.display().to_string(), "bytes": bytes, "head": head})))?;
    Ok(BackupReport { backup: out.display().to_string(), bytes, head })
}

/// Encrypts a plain workspace in place with `password`: an encrypted copy is made beside it
/// and moved over it by a rename (a crash leaves the plain file or the encrypted one, whole),
/// then opened. Copies made before (backups, exports) stay as they were.
pub fn encrypt(ws: Workspace, password: &Password) -> Result<Workspace> {
    if ws.is_encrypted() {
        return Err(CoreError::validation("workspace", "This workspace is already encrypted."));
    }
    if ws.is_read_only() {
        return Err(WorkspaceError::ReadOnly(ws.path().to_path_buf()).into());
    }
    let path = ws.path().to_path_buf();
    let tmp = sibling(&path, "encrypting");
    let _ = std::fs::remove_file(&tmp);
    if let Err(e) = copy_into(ws.conn(), &tmp, Some(password.text())) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    let (actor, clock, reactions) = (ws.actor().clone(), ws.clock, ws.reactions);
    // Closing folds the log into the plain file and removes it; the rename then replaces it.
    drop(ws);
    std::fs::rename(&tmp, &path).map_err(|e| CoreError::io_at("replace", &path, e))?;
    let mut ws = Workspace::open_reacting(&path, actor, reactions, Some(password))?;
    ws.set_clock(clock);
    ws.write(|tx| tx.audit(Action::did("workspace.encrypted"), Subject::Workspace, serde_json::json!({})))?;
    Ok(ws)
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
/// An encrypted backup is restored with its password (the workspace's own).
pub(crate) fn restore(target: &Path, from: &Path, actor: Actor, broken: BrokenChain, reactions: Reactions, password: Option<&Password>) -> Result<Workspace> {
    if target == from || matches!((target.canonicalize(), from.canonicalize()), (Ok(a), Ok(b)) if a == b) {
        return Err(CoreError::validation("from", "Choose a backup file, not the workspace itself."));
    }
    let report = super::check::judge(from, None, password)?;
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
    let staged = Workspace::open_reacting(&tmp, actor.clone(), reactions, password).and_then(|ws| ws.self_contained());
    if let Err(e) = staged {
        for leftover in [tmp.clone(), with_suffix(&tmp, "-wal"), with_suffix(&tmp, "-shm")] {
            let _ = std::fs::remove_file(leftover);
        }
        return Err(e);
    }
    let stamp = crate::time::Clock::System.now().format("%Y%m%dT%H%M%SZ").to_string();
    if target.exists() {
        match Workspace::open_reacting(target, actor.clone(), reactions, password) {
            Ok(current) => {
                // Opening takes the lock (refusing a workspace in use) and lets SQLite fold
                // any WAL into the copy kept.
                vacuum_into(current.conn(), &sibling(target, &format!("before-restore-{stamp}.bak")), current.password())?;
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
    let ws = Workspace::open_reacting(target, actor, reactions, password)?;
    ws.write(|tx| {
        tx.audit(Action::did("workspace.restored"), Subject::Workspace, serde_json::json!({
            "from": from.display().to_string(),
            "broken_chain_accepted_at": report.first_bad_entry,
        }))
    })?;
    Ok(ws)
}
