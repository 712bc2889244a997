//! Tells whether a file is a Steward workspace that this build can open, before anything
//! is allowed to write to it: the SQLite magic is read by hand, then the application id and
//! schema version through a read-only connection (which also sees a WAL left by a crash).
//! A bulk import killed halfway leaves a hot rollback journal instead, which only a writer
//! can roll back: a read-write connection lets SQLite do so first (it leaves the journal of
//! a live writer alone), restoring the file to its last committed state.

use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::migrations::{APPLICATION_ID, LATEST};
use crate::error::{CoreError, Result, WorkspaceError};

pub(super) struct Found {
    pub version: i64,
    pub readonly: bool,
}

/// Whether the file starts like a Steward workspace (SQLite's header with our application
/// id), read from its first bytes only: SQLite never opens it.
pub(super) fn looks_like_workspace(path: &Path) -> bool {
    let mut head = [0u8; 72];
    let Ok(mut file) = std::fs::File::open(path) else { return false };
    if file.read_exact(&mut head).is_err() || &head[..16] != b"SQLite format 3\0" {
        return false;
    }
    u32::from_be_bytes([head[68], head[69], head[70], head[71]]) == APPLICATION_ID
}

pub(super) fn inspect(path: &Path) -> Result<Found> {
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
    if file.read_exact(&mut magic).is_err() || &magic != b"SQLite format 3\0" {
        return Err(not_ours());
    }
    let mut journal = path.as_os_str().to_owned();
    journal.push("-journal");
    if Path::new(&journal).exists() && !meta.permissions().readonly() {
        let rw = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX).map_err(|e| super::corrupt(path, e))?;
        rw.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)).map_err(|e| super::corrupt(path, e))?;
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| super::corrupt(path, e))?;
    let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(|e| super::corrupt(path, e))?;
    if app_id as u32 != APPLICATION_ID {
        return Err(not_ours());
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|e| super::corrupt(path, e))?;
    if version > LATEST {
        return Err(WorkspaceError::NewerVersion { path: path.to_path_buf(), found: version, supported: LATEST }.into());
    }
    Ok(Found { version, readonly: meta.permissions().readonly() })
}
