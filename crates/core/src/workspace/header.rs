//! Tells whether a file is a Steward workspace that this build can open, before anything
//! is allowed to write to it: the SQLite magic is read by hand, then the application id and
//! schema version through a read-only connection (which also sees a WAL left by a crash).
//! A bulk import killed halfway leaves a hot rollback journal instead, which only a writer
//! can roll back: a read-write connection lets SQLite do so first (it leaves the journal of
//! a live writer alone), restoring the file to its last committed state.
//!
//! An encrypted workspace has no readable header (its first bytes are its salt): it is
//! inspected the same way through connections keyed with its password; without one it
//! "needs its password", and a key that does not decrypt its first page is the wrong one.

use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::migrations::{APPLICATION_ID, LATEST};
use super::password::Password;
use crate::error::{CoreError, Result, WorkspaceError};

pub(super) struct Found {
    pub version: i64,
    pub readonly: bool,
    pub encrypted: bool,
}

/// Opens `path` with `flags`, keyed when the file is encrypted.
pub(super) fn connect(path: &Path, flags: OpenFlags, password: Option<&Password>) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags).map_err(|e| super::corrupt(path, e))?;
    if let Some(p) = password {
        p.key(&conn).map_err(|e| super::corrupt(path, e))?;
    }
    // `rarray(?)`: a list's matches, read from the search index once, handed back as a set.
    rusqlite::vtab::array::load_module(&conn)?;
    crate::list::register_functions(&conn)?;
    Ok(conn)
}

/// The first read of a keyed connection: SQLite says "not a database" when the key does
/// not decrypt the first page.
fn first_read<T>(path: &Path, password: Option<&Password>, read: rusqlite::Result<T>) -> Result<T> {
    match read {
        Err(rusqlite::Error::SqliteFailure(f, _)) if password.is_some() && f.code == rusqlite::ErrorCode::NotADatabase => Err(WorkspaceError::WrongPassword(path.to_path_buf()).into()),
        other => other.map_err(|e| super::corrupt(path, e)),
    }
}

/// Whether the file starts like a Steward workspace (SQLite's header with our application
/// id), read from its first bytes only: SQLite never opens it.
pub(super) fn looks_like_workspace(path: &Path) -> bool {
    // An encrypted workspace's bytes look random: its name is all that tells it.
    if path.is_file() && path.extension().is_some_and(|e| e.eq_ignore_ascii_case("steward")) {
        return true;
    }
    let mut head = [0u8; 72];
    let Ok(mut file) = std::fs::File::open(path) else { return false };
    if file.read_exact(&mut head).is_err() || &head[..16] != b"SQLite format 3\0" {
        return false;
    }
    u32::from_be_bytes([head[68], head[69], head[70], head[71]]) == APPLICATION_ID
}

/// A size an encrypted workspace can have: whole pages of at least 512 bytes.
fn whole_pages(len: u64) -> bool {
    len >= 512 && len % 512 == 0
}

/// A file whose first bytes are not SQLite's header and whose size is whole pages.
pub(super) fn encrypted_look(path: &Path) -> bool {
    let mut magic = [0u8; 16];
    let Ok(mut file) = std::fs::File::open(path) else { return false };
    let sized = file.metadata().map(|m| m.is_file() && whole_pages(m.len())).unwrap_or(false);
    sized && file.read_exact(&mut magic).is_ok() && &magic != b"SQLite format 3\0"
}

pub(super) fn inspect(path: &Path, password: Option<&Password>) -> Result<Found> {
    let not_ours = || CoreError::from(WorkspaceError::NotAWorkspace(path.to_path_buf()));
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(WorkspaceError::Missing(path.to_path_buf()).into())
        }
        Err(e) => return Err(CoreError::io_at("read", path, e)),
    };
    let meta = file.metadata().map_err(|e| CoreError::io_at("read", path, e))?;
    if meta.is_dir() {
        return Err(not_ours());
    }
    let mut magic = [0u8; 16];
    if file.read_exact(&mut magic).is_err() {
        return Err(not_ours());
    }
    // A plain file opens as it is, whatever password came with it.
    let password = if &magic == b"SQLite format 3\0" {
        None
    } else if !whole_pages(meta.len()) {
        return Err(not_ours());
    } else {
        Some(password.ok_or_else(|| WorkspaceError::NeedsPassword(path.to_path_buf()))?)
    };
    let mut journal = path.as_os_str().to_owned();
    journal.push("-journal");
    if Path::new(&journal).exists() && !meta.permissions().readonly() {
        let rw = connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX, password)?;
        first_read(path, password, rw.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)))?;
    }
    let conn = connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX, password)?;
    let app_id: i64 = first_read(path, password, conn.pragma_query_value(None, "application_id", |r| r.get(0)))?;
    if app_id as u32 != APPLICATION_ID {
        return Err(not_ours());
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|e| super::corrupt(path, e))?;
    if version > LATEST {
        return Err(WorkspaceError::NewerVersion { path: path.to_path_buf(), found: version, supported: LATEST }.into());
    }
    Ok(Found { version, readonly: meta.permissions().readonly(), encrypted: password.is_some() })
}
