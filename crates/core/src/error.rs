//! The core's one error type. Adapters map it: the Tauri layer to `{kind, message, field}`,
//! the CLI to the contract's exit codes. Messages are written for the person at the keyboard.

use std::path::{Path, PathBuf};

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The request or a file row is wrong; `field` names the input that caused it.
    #[error("{reason}")]
    Validation { field: Option<String>, row: Option<u64>, reason: String },
    #[error("{kind} {id} does not exist")]
    NotFound { kind: &'static str, id: String },
    /// The request is well-formed but clashes with what is stored (duplicate name, links in the way).
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error("The workspace could not be read or written: {0}")]
    Storage(rusqlite::Error),
    #[error("{context}: {source}")]
    Io { context: String, source: std::io::Error },
    /// The user stopped a long operation; its transaction was rolled back.
    #[error("Cancelled; nothing was changed.")]
    Cancelled,
}

/// Why a workspace file cannot be used. Each leaves the file untouched.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("There is no workspace at {0}.")]
    Missing(PathBuf),
    #[error("{0} already exists; choose another file name or open it instead.")]
    AlreadyExists(PathBuf),
    #[error("{0} is not a Steward workspace.")]
    NotAWorkspace(PathBuf),
    #[error("{path} was written by a newer version of Steward (schema {found}; this version knows up to {supported}). Update Steward to open it.")]
    NewerVersion { path: PathBuf, found: i64, supported: i64 },
    #[error("{0} is read-only. Make it writable or copy it somewhere you can write to.")]
    ReadOnly(PathBuf),
    #[error("{0} is already open in another Steward window or program. Close it there first.")]
    Locked(PathBuf),
    #[error("{path} is damaged ({detail}). Restore it from a backup.")]
    Corrupt { path: PathBuf, detail: String },
    /// Encrypted (or not a workspace at all: without the password the two look alike).
    #[error("{0} is encrypted: give its password to open it.")]
    NeedsPassword(PathBuf),
    #[error("The password does not open {0}. Check it and try again (nothing was changed).")]
    WrongPassword(PathBuf),
}

impl CoreError {
    pub fn validation(field: &str, reason: impl Into<String>) -> Self {
        CoreError::Validation { field: Some(field.to_string()), row: None, reason: reason.into() }
    }

    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        CoreError::Io { context: context.into(), source }
    }

    pub fn io_at(action: &str, path: &Path, source: std::io::Error) -> Self {
        CoreError::Io { context: format!("Could not {action} {}", path.display()), source }
    }

    /// A stable machine-readable name, used on the wire and by the CLI's `{"error": {"kind"}}`.
    pub fn kind(&self) -> ErrorKind {
        match self {
            CoreError::Validation { .. } => ErrorKind::Validation,
            CoreError::NotFound { .. } => ErrorKind::NotFound,
            CoreError::Conflict(_) => ErrorKind::Conflict,
            CoreError::Workspace(w) => match w {
                WorkspaceError::Missing(_) => ErrorKind::WorkspaceMissing,
                WorkspaceError::AlreadyExists(_) => ErrorKind::WorkspaceExists,
                WorkspaceError::NotAWorkspace(_) => ErrorKind::NotAWorkspace,
                WorkspaceError::NewerVersion { .. } => ErrorKind::NewerVersion,
                WorkspaceError::ReadOnly(_) => ErrorKind::ReadOnly,
                WorkspaceError::Locked(_) => ErrorKind::Locked,
                WorkspaceError::Corrupt { .. } => ErrorKind::Corrupt,
                WorkspaceError::NeedsPassword(_) => ErrorKind::NeedsPassword,
                WorkspaceError::WrongPassword(_) => ErrorKind::WrongPassword,
            },
            CoreError::Storage(_) => ErrorKind::Storage,
            CoreError::Io { .. } => ErrorKind::Io,
            CoreError::Cancelled => ErrorKind::Cancelled,
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            CoreError::Validation { field, .. } => field.as_deref(),
            _ => None,
        }
    }

    pub fn row(&self) -> Option<u64> {
        match self {
            CoreError::Validation { row, .. } => *row,
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for CoreError {
    fn from(e: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(f, msg) = &e {
            use rusqlite::ErrorCode::*;
            match f.code {
                DatabaseCorrupt | NotADatabase => {
                    return CoreError::Workspace(WorkspaceError::Corrupt {
                        path: PathBuf::from("The workspace"),
                        detail: msg.clone().unwrap_or_else(|| f.to_string()),
                    })
                }
                ReadOnly => {
                    return CoreError::Workspace(WorkspaceError::ReadOnly(PathBuf::from("The workspace")))
                }
                DatabaseBusy | DatabaseLocked => {
                    return CoreError::Workspace(WorkspaceError::Locked(PathBuf::from("The workspace")))
                }
                ConstraintViolation => {
                    return CoreError::Conflict(constraint_message(msg.as_deref()));
                }
                _ => {}
            }
        }
        CoreError::Storage(e)
    }
}

/// Turns SQLite's constraint text into a sentence; the use cases check the common cases
/// first, so this is the safety net for races and rare paths.
fn constraint_message(msg: Option<&str>) -> String {
    match msg {
        Some(m) if m.contains("UNIQUE") => {
            let field = m.rsplit('.').next().unwrap_or("value");
            format!("Another record already has this {field}.")
        }
        Some(m) if m.contains("FOREIGN KEY") => "Other records still refer to this one.".to_string(),
        Some(m) => format!("The change was refused: {m}."),
        None => "The change was refused by a data rule.".to_string(),
    }
}

crate::labelled_enum!(
    /// What kind of failure an error is, by a stable name: the window's `AppError.kind` (a
    /// TypeScript union generated from this) and the CLI's `{"error": {"kind"}}`. The last
    /// three are raised by the adapters (no workspace open, no identity given, a failure
    /// of the adapter itself), never by the core.
    ErrorKind {
        Validation = "validation": "Invalid input",
        NotFound = "not_found": "Not found",
        Conflict = "conflict": "Conflict",
        WorkspaceMissing = "workspace_missing": "Workspace missing",
        WorkspaceExists = "workspace_exists": "Workspace exists",
        NotAWorkspace = "not_a_workspace": "Not a workspace",
        NewerVersion = "newer_version": "From a newer Steward",
        ReadOnly = "read_only": "Read-only",
        Locked = "locked": "Open elsewhere",
        Corrupt = "corrupt": "Damaged",
        NeedsPassword = "needs_password": "Password needed",
        WrongPassword = "wrong_password": "Wrong password",
        Storage = "storage": "Storage",
        Io = "io": "File access",
        Cancelled = "cancelled": "Cancelled",
        NoWorkspace = "no_workspace": "No workspace open",
        NoIdentity = "no_identity": "No identity",
        Internal = "internal": "Internal",
    }
);

impl PartialEq<&str> for ErrorKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}
