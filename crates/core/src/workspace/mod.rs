//! The workspace file: one SQLite database per engagement.
//!
//! **Invariant:** this is the only module that opens SQLite connections. A file is inspected
//! (header, application id, schema version, permissions, lock) before SQLite is allowed to
//! write to it, so a file that is not ours, too new, read-only or in use is left untouched.
//!
//! **Invariant:** every change goes through [`Workspace::write`], whose [`Tx`] appends to the
//! hash-chained audit trail in the same transaction as the change.

mod audit;
mod backup;
mod check;
mod create;
pub(crate) mod deferred;
mod header;
pub mod migrations;
pub(crate) mod output;
mod password;
pub(crate) mod statistics;

pub use audit::{audit_trail, export_audit, record_history, Action, AuditEntry, AuditExportFormat, AuditQuery, Subject, HISTORY_PAGE};
pub use backup::{backup, copy_in_clear, encrypt, read_snapshot, BackupReport, BrokenChain};
pub(crate) use backup::restore as restore_reacting;
pub(crate) use create::create_whole as create_whole_reacting;
pub use check::{broken_words, check, compare_head, head, verify, verify_with, walk_trail, CheckReport, TrailCheck};
pub use password::{Password, MIN_CHARS as PASSWORD_MIN_CHARS};

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::error::{CoreError, Result, WorkspaceError};
use crate::record::{RecordKind, RecordRef};

/// Who is making changes, as recorded in the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor(String);

impl Actor {
    pub fn parse(name: &str) -> Result<Self> {
        let name = name.trim();
        if name.is_empty() {
            return Err(CoreError::validation("actor", "Say who you are: the audit trail records a name for every change."));
        }
        if name.chars().count() > 120 {
            return Err(CoreError::validation("actor", "A name can have at most 120 characters."));
        }
        Ok(Actor(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What follows from writes, wired by the layer above the practices (`crate::wiring`) into
/// every workspace it opens: the transaction calls them without knowing what is behind.
#[derive(Clone, Copy)]
pub(crate) struct Reactions {
    /// What follows from the records changed (each once) and the kinds changed wholesale,
    /// before the transaction commits.
    pub settle: fn(&Tx<'_>, &[RecordRef], &[RecordKind]) -> Result<()>,
    /// A record an import created (the import's history row, the record), so that undoing
    /// the import removes it.
    pub created_in_import: fn(&Tx<'_>, i64, RecordRef) -> Result<()>,
}

/// An open workspace. Holds an exclusive lock on the file for as long as it lives.
pub struct Workspace {
    // Field order matters: the connection must close before the lock file handle does.
    conn: Connection,
    path: PathBuf,
    actor: Actor,
    clock: crate::time::Clock,
    /// While set (`as_of`), who writes and when, in place of `actor` and `clock`.
    replay: std::cell::RefCell<Option<(Actor, chrono::DateTime<chrono::Utc>)>>,
    /// While set (`in_time_order`), the audit entries of the committed transactions, held to
    /// be written in the order of their times.
    held: std::cell::RefCell<Option<Vec<audit::HeldEntry>>>,
    reactions: Reactions,
    /// Opened to read only (a read-only file or folder): every write is refused.
    read_only: bool,
    /// The password of an encrypted workspace, for the copies made of it (backups,
    /// snapshots), which stay encrypted with it.
    password: Option<Password>,
    _lock: File,
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace").field("path", &self.path).finish()
    }
}

impl Workspace {
    /// Creates a new, empty workspace file. Fails if `path` exists.
    /// With a password it is encrypted from its first page.
    pub(crate) fn create_reacting(path: &Path, actor: Actor, reactions: Reactions, password: Option<&Password>) -> Result<Self> {
        if path.exists() {
            return Err(WorkspaceError::AlreadyExists(path.to_path_buf()).into());
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| CoreError::io_at("create the folder", dir, e))?;
        }
        let lock = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| CoreError::io_at("create", path, e))?;
        lock.try_lock().map_err(|_| WorkspaceError::Locked(path.to_path_buf()))?;
        let ws = Self::connect(path, actor, lock, 0, reactions, password);
        match ws {
            Ok(ws) => {
                ws.write(|tx| {
                    tx.audit(Action::did("workspace.created"), Subject::Workspace, serde_json::json!({
                        "schema_version": migrations::LATEST,
                        "encrypted": password.is_some(),
                    }))
                })?;
                Ok(ws)
            }
            Err(e) => {
                // A half-made file is worse than none.
                let _ = std::fs::remove_file(path);
                Err(e)
            }
        }
    }

    /// Opens an existing workspace, migrating it (after a backup) if it is older than this build.
    /// An encrypted one needs its password (`password` is ignored for a plain one).
    pub(crate) fn open_reacting(path: &Path, actor: Actor, reactions: Reactions, password: Option<&Password>) -> Result<Self> {
        let found = header::inspect(path, password)?;
        let password = password.filter(|_| found.encrypted);
        if found.readonly {
            return Err(WorkspaceError::ReadOnly(path.to_path_buf()).into());
        }
        let lock = OpenOptions::new().read(true).write(true).open(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                CoreError::Workspace(WorkspaceError::ReadOnly(path.to_path_buf()))
            }
            _ => CoreError::io_at("open", path, e),
        })?;
        lock.try_lock().map_err(|_| WorkspaceError::Locked(path.to_path_buf()))?;
        Self::connect(path, actor, lock, found.version, reactions, password)
    }

    /// Opens a workspace to read it only (lists, figures, exports), on a read-only file or
    /// medium as well; every write through it is refused as read-only. Another program
    /// writing it holds it (locked); a workspace of an older schema must be opened once to
    /// be updated before it can be read this way.
    pub(crate) fn open_reading_reacting(path: &Path, actor: Actor, reactions: Reactions, password: Option<&Password>) -> Result<Self> {
        let found = header::inspect(path, password)?;
        let password = password.filter(|_| found.encrypted);
        if found.version < migrations::LATEST {
            return Err(CoreError::validation(
                "workspace",
                format!("{} was written by an older Steward; open it once to update it (a backup is kept) before reading it this way.", path.display()),
            ));
        }
        let lock = File::open(path).map_err(|e| CoreError::io_at("open", path, e))?;
        lock.try_lock_shared().map_err(|_| WorkspaceError::Locked(path.to_path_buf()))?;
        let conn = read_only_connection(path, password)?;
        Ok(Workspace { conn, path: path.to_path_buf(), actor, clock: crate::time::Clock::System, replay: Default::default(), held: Default::default(), reactions, read_only: true, password: password.cloned(), _lock: lock })
    }

    fn connect(path: &Path, actor: Actor, lock: File, found_version: i64, reactions: Reactions, password: Option<&Password>) -> Result<Self> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = header::connect(path, flags, password)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // WAL: readers never block the writer; synchronous=NORMAL keeps every committed
        // transaction across a process kill (only a power cut may lose the last ones).
        conn.pragma_update(None, "journal_mode", "WAL").map_err(|e| corrupt(path, e))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.pragma_update(None, "cache_size", -32_000)?;
        if found_version > 0 && found_version < migrations::LATEST {
            backup::backup_before_migration(&conn, path, found_version, password)?;
        }
        migrations::migrations().to_latest(&mut conn).map_err(|e| match e {
            rusqlite_migration::Error::RusqliteError { err, .. } => corrupt(path, err),
            other => CoreError::Workspace(WorkspaceError::Corrupt { path: path.to_path_buf(), detail: other.to_string() }),
        })?;
        statistics::refresh_all(&conn)?;
        Ok(Workspace { conn, path: path.to_path_buf(), actor, clock: crate::time::Clock::System, replay: Default::default(), held: Default::default(), reactions, read_only: false, password: password.cloned(), _lock: lock })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opened to read only (a CLI reading command, a bundle's snapshot): every write refused.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Encrypted at rest (opened with its password).
    pub fn is_encrypted(&self) -> bool {
        self.password.is_some()
    }

    /// The password it was opened with (for a backup restored over it, which has the same).
    pub fn password(&self) -> Option<&Password> {
        self.password.as_ref()
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Changes who later changes are recorded as (the user said who they are).
    pub fn set_actor(&mut self, actor: Actor) {
        self.actor = actor;
    }

    /// Now, as this workspace's clock tells it (the system's, unless a test pinned it; the
    /// time being replayed, inside [`as_of`](Self::as_of)).
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        match &*self.replay.borrow() {
            Some((_, at)) => *at,
            None => self.clock.now(),
        }
    }

    /// Sets where "now" comes from for everything done through this workspace. Tests pin it
    /// so that what they assert does not depend on the day they run.
    pub fn set_clock(&mut self, clock: crate::time::Clock) {
        self.clock = clock;
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Refuses a file SQLite finds damaged anywhere (`PRAGMA quick_check`, which reads every
    /// page once): a large write (an import) must not pile onto damage it would not touch
    /// itself. Returns the damage as `WorkspaceError::Corrupt`.
    pub(crate) fn ensure_sound(&self) -> Result<()> {
        let found: Vec<String> = self.conn.prepare("PRAGMA quick_check")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>().map_err(|e| corrupt(&self.path, e))?;
        match found.first().map(String::as_str) {
            Some("ok") => Ok(()),
            other => Err(WorkspaceError::Corrupt { path: self.path.clone(), detail: other.unwrap_or("the check returned nothing").to_string() }.into()),
        }
    }

    /// Read access for queries. Use cases that change data use [`Workspace::write`].
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one transaction; it commits only if `f` succeeds.
    pub fn write<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        match &*self.replay.borrow() {
            Some((actor, at)) => self.transaction(actor, *at, f),
            None => self.transaction(&self.actor, self.clock.now(), f),
        }
    }

    fn transaction<T>(&self, actor: &Actor, now: chrono::DateTime<chrono::Utc>, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        if self.read_only {
            return Err(WorkspaceError::ReadOnly(self.path.clone()).into());
        }
        let tx = self.conn.unchecked_transaction()?;
        let wrapped = Tx {
            tx,
            actor,
            now,
            at: crate::time::to_text(now),
            reactions: self.reactions,
            import: std::cell::RefCell::new(None),
            changed: Default::default(),
            changed_every: Default::default(),
            numbers: Default::default(),
            held: self.held.borrow().is_some().then(Default::default),
        };
        let out = f(&wrapped)?;
        wrapped.settle()?;
        let Tx { tx, held, .. } = wrapped;
        tx.commit()?;
        if let (Some(held), Some(all)) = (held, self.held.borrow_mut().as_mut()) {
            all.extend(held.into_inner());
        }
        Ok(out)
    }

    /// Like [`write`](Self::write) without SQLite checking foreign keys row by row. Only for
    /// bulk imports, whose every reference is an id the import itself just found or
    /// inserted in the same transaction (so the checks could never fail, and on a million
    /// rows they cost seconds). The checks are back on when it returns.
    pub(crate) fn write_resolved<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        self.conn.pragma_update(None, "foreign_keys", false)?;
        let out = self.bulk(|| self.write(f));
        let restored = self.conn.pragma_update(None, "foreign_keys", true);
        let out = out?;
        restored?;
        Ok(out)
    }

    /// Like [`write`](Self::write) for a write that touches a large part of the file (clocks
    /// recomputed over a million records): written as [`bulk`](Self::bulk) says.
    pub(crate) fn write_large<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        self.bulk(|| self.write(f))
    }

    /// Runs one very large write the way SQLite writes those fastest, as durably as ever:
    /// in rollback-journal mode with full syncs (a WAL would first receive the whole
    /// gigabyte, then copy it into the file at the next checkpoint), with temporary files
    /// on disk (the sorter building indexes in memory runs at half speed). Killed halfway,
    /// it leaves a hot journal that the next open rolls back (`header::inspect`). When the
    /// journal mode cannot change (another connection reads), it runs in WAL as usual.
    fn bulk<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let switched = self.conn.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0)).is_ok_and(|m| m.eq_ignore_ascii_case("delete"));
        if switched {
            self.conn.pragma_update(None, "synchronous", "FULL")?;
        }
        self.conn.pragma_update(None, "temp_store", "FILE")?;
        let out = f();
        // Best effort: the write is committed (or rolled back) whatever happens here, and
        // the next open is in WAL mode again in any case.
        let _ = self.conn.pragma_update(None, "temp_store", "MEMORY");
        if switched {
            let _ = self.conn.pragma_update(None, "synchronous", "NORMAL");
            let _ = self.conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0));
        }
        out
    }

    /// Everything `f` does through this workspace, as if `actor` did it at `at`: the
    /// demo engagement replays its people's past work through the real use cases.
    pub(crate) fn as_of<T>(&self, actor: &Actor, at: chrono::DateTime<chrono::Utc>, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let before = self.replay.replace(Some((actor.clone(), at)));
        let out = f();
        self.replay.replace(before);
        out
    }

    /// Runs `f`, a past replayed in many transactions (`as_of`), and writes their audit
    /// entries at its end in the order of their times (the order of their writing where
    /// times are equal), in one transaction: the trail then reads forward in time, as it
    /// would have been kept as things happened, whatever order the past was replayed in.
    /// Only for a workspace being built whole (`create.rs`), which nothing else reads
    /// meanwhile and which a failure leaves no file of.
    pub(crate) fn in_time_order<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let before = self.held.replace(Some(Vec::new()));
        let out = f();
        let mut held = self.held.replace(before).unwrap_or_default();
        let out = out?;
        held.sort_by(|a, b| a.at.cmp(&b.at));
        self.transaction(&self.actor, self.clock.now(), |tx| held.iter().try_for_each(|e| e.append(&tx.tx)))?;
        Ok(out)
    }

    /// One transaction as if `actor` wrote it at `at` (see [`as_of`](Self::as_of)).
    pub(crate) fn replay_as<T>(&self, actor: &Actor, at: chrono::DateTime<chrono::Utc>, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        self.as_of(actor, at, || self.write(f))
    }
}

/// A write transaction that knows who is writing and when.
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
    actor: &'a Actor,
    now: chrono::DateTime<chrono::Utc>,
    at: String,
    reactions: Reactions,
    /// The import this transaction is running, while it runs (see [`Tx::audit`]).
    import: std::cell::RefCell<Option<ImportScope>>,
    /// The records changed so far whose consequences have not run yet (see [`Tx::changed`]).
    changed: std::cell::RefCell<Vec<crate::record::RecordRef>>,
    /// Records of these kinds changed wholesale (a bulk import, an undo).
    changed_every: std::cell::RefCell<Vec<crate::record::RecordKind>>,
    /// The last number this transaction gave a record, per table (`record::next_number`).
    numbers: std::cell::RefCell<std::collections::HashMap<&'static str, i64>>,
    /// Its audit entries, while the workspace holds them (`Workspace::in_time_order`).
    held: Option<std::cell::RefCell<Vec<audit::HeldEntry>>>,
}

/// What an import gathers while it runs: its history row, and the audit entries its rows
/// would have written one by one, counted by action, for its one entry.
pub(crate) struct ImportScope {
    /// The import's history row.
    pub run: i64,
    pub folded: std::collections::BTreeMap<String, u64>,
}

impl Tx<'_> {
    /// The last number given per table in this transaction, for `record::next_number`.
    pub(crate) fn numbers(&self) -> std::cell::RefMut<'_, std::collections::HashMap<&'static str, i64>> {
        self.numbers.borrow_mut()
    }

    /// The transaction's timestamp: every row and audit entry it writes carries the same one.
    pub fn at(&self) -> &str {
        &self.at
    }

    /// The transaction's instant as a time (the same as [`at`](Self::at)).
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.now
    }

    pub fn actor(&self) -> &Actor {
        self.actor
    }

    /// Appends an entry to the audit chain, inside this transaction. While an import runs,
    /// the entries of the records it writes are not appended one by one: they are counted
    /// into the import's one entry (its history lists each record), and a record it
    /// creates is noted in that history so that undoing the import removes it.
    pub fn audit(&self, action: Action, subject: impl Into<Subject>, detail: serde_json::Value) -> Result<()> {
        let subject = subject.into();
        let run = self.import.borrow().as_ref().map(|s| s.run);
        match run {
            None => {
                let (kind, id) = subject.parts();
                match &self.held {
                    Some(held) => {
                        held.borrow_mut().push(audit::HeldEntry::new(&self.at, self.actor.as_str(), action.as_str(), kind, id, detail));
                        Ok(())
                    }
                    None => audit::append(&self.tx, &self.at, self.actor.as_str(), action.as_str(), kind, &id, &detail),
                }
            }
            Some(run) => {
                if let (true, Subject::Record(r)) = (action.creates(), subject) {
                    (self.reactions.created_in_import)(self, run, r)?;
                }
                if let Some(scope) = self.import.borrow_mut().as_mut() {
                    match scope.folded.get_mut(action.as_str()) {
                        Some(n) => *n += 1,
                        None => {
                            scope.folded.insert(action.as_str().to_string(), 1);
                        }
                    }
                }
                Ok(())
            }
        }
    }

    /// Notes that a record changed. What follows from a change (today: the record's SLA
    /// clocks and its earliest deadline) runs once per record, before the transaction
    /// commits, in one place: [`settle`](Self::settle). A practice says what it changed and
    /// never calls another practice's recompute itself.
    pub(crate) fn changed(&self, record: crate::record::RecordRef) {
        self.changed.borrow_mut().push(record);
    }

    /// Notes that records of `kind` changed wholesale (a bulk import, an undo): what follows
    /// runs once for all of them.
    pub(crate) fn changed_every(&self, kind: crate::record::RecordKind) {
        self.changed_every.borrow_mut().push(kind);
    }

    /// Runs what follows from the changes noted so far, each record once. The transaction
    /// does this before it commits; a use case that returns what follows (a record with its
    /// deadline) calls it before reading.
    pub(crate) fn settle(&self) -> Result<()> {
        if self.changed.borrow().is_empty() && self.changed_every.borrow().is_empty() {
            return Ok(());
        }
        let noted = std::mem::take(&mut *self.changed.borrow_mut());
        let mut seen = std::collections::HashSet::new();
        let records: Vec<crate::record::RecordRef> = noted.into_iter().filter(|r| seen.insert(*r)).collect();
        let mut every = std::mem::take(&mut *self.changed_every.borrow_mut());
        every.dedup();
        (self.reactions.settle)(self, &records, &every)
    }

    /// Starts gathering for import `run` (the import history's `begin`).
    pub(crate) fn enter_import(&self, run: i64) {
        *self.import.borrow_mut() = Some(ImportScope { run, folded: Default::default() });
    }

    /// Stops gathering; what was folded, by action (the import history's `finish`).
    pub(crate) fn leave_import(&self) -> std::collections::BTreeMap<String, u64> {
        self.import.borrow_mut().take().map(|s| s.folded).unwrap_or_default()
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.tx
    }
}

fn corrupt(path: &Path, e: rusqlite::Error) -> CoreError {
    match CoreError::from(e) {
        CoreError::Workspace(WorkspaceError::Corrupt { detail, .. }) => {
            WorkspaceError::Corrupt { path: path.to_path_buf(), detail }.into()
        }
        CoreError::Workspace(WorkspaceError::ReadOnly(_)) => WorkspaceError::ReadOnly(path.to_path_buf()).into(),
        CoreError::Workspace(WorkspaceError::Locked(_)) => WorkspaceError::Locked(path.to_path_buf()).into(),
        other => other,
    }
}

/// Opens a workspace read-only without locking or migrating it: for `check` and restore
/// validation, which must not change the file they judge (beyond what opening does: an
/// interrupted bulk write is rolled back, see `header::inspect`).
/// `path` with `suffix` appended to its name (SQLite's `-wal`, Steward's `.restoring`).
pub(super) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_os_string();
    p.push(suffix);
    PathBuf::from(p)
}

/// Whether the file at `path` has no readable SQLite header: an encrypted workspace (or no
/// workspace at all), which takes a password to tell. Reads its first bytes only.
pub fn is_encrypted_file(path: &Path) -> bool {
    header::encrypted_look(path)
}

/// Whether `password` opens the workspace at `path`: its header read with it, nothing
/// written (a window asks this before it closes the workspace it has open).
pub fn unlocks(path: &Path, password: &Password) -> Result<()> {
    header::inspect(path, Some(password)).map(|_| ())
}

pub(crate) fn open_read_only(path: &Path, password: Option<&Password>) -> Result<Connection> {
    let found = header::inspect(path, password)?;
    read_only_connection(path, password.filter(|_| found.encrypted))
}

/// A read-only connection to a file already inspected.
fn read_only_connection(path: &Path, password: Option<&Password>) -> Result<Connection> {
    let conn = header::connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX, password)?;
    if conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)).is_ok() {
        return Ok(conn);
    }
    // A WAL file in a folder it cannot write (read-only media) cannot be read the usual way
    // (SQLite needs its -shm beside it): read the file as it is, writing nothing beside it.
    drop(conn);
    let uri = format!("file:{}?immutable=1", path.display().to_string().replace('%', "%25").replace('?', "%3f").replace('#', "%23"));
    let conn = Connection::open_with_flags(uri, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI).map_err(|e| corrupt(path, e))?;
    if let Some(p) = password {
        p.key(&conn).map_err(|e| corrupt(path, e))?;
    }
    rusqlite::vtab::array::load_module(&conn)?;
    crate::list::register_functions(&conn)?;
    Ok(conn)
}

#[cfg(test)]
mod tests;
