//! The one error type that crosses IPC: `{kind, message, field}`. Built from the core's
//! error in one `From`, so every command maps errors the same way.

use serde::{Deserialize, Serialize};
use steward_core::error::ErrorKind;
use steward_core::CoreError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct CommandError {
    pub kind: ErrorKind,
    pub message: String,
    pub field: Option<String>,
}

impl CommandError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        CommandError { kind, message: message.into(), field: None }
    }

    pub fn no_workspace() -> Self {
        Self::new(ErrorKind::NoWorkspace, "No workspace is open. Open or create one from the Workspace menu.")
    }
}

impl From<CoreError> for CommandError {
    fn from(e: CoreError) -> Self {
        CommandError { kind: e.kind(), message: e.to_string(), field: e.field().map(str::to_string) }
    }
}

pub type CmdResult<T> = Result<T, CommandError>;
