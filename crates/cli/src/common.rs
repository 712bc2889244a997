//! What every subcommand shares: who is writing, which workspace, how a result is told.

use std::path::Path;

use steward_core::enums::Labelled;
use steward_core::workspace::{Actor, Workspace};
use steward_core::CoreError;

use crate::Cli;

/// Who the audit trail records for CLI changes.
pub fn actor() -> Result<Actor, CoreError> {
    let name = std::env::var("STEWARD_ACTOR")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| format!("{} (steward-cli)", std::env::var("USER").unwrap_or_else(|_| "unknown user".into())));
    Actor::parse(&name)
}

pub enum Outcome {
    /// Success: a JSON document and the line a person reads.
    Done(serde_json::Value, String),
    /// `check` found a problem: its report, exit 1.
    Failed(serde_json::Value, String),
}

pub fn workspace_path(cli: &Cli) -> Result<&Path, CoreError> {
    cli.workspace.as_deref().ok_or_else(|| CoreError::validation("workspace", "Say which workspace file to use with --workspace PATH."))
}

/// The workspace named by `--workspace`, opened for the actor.
pub fn open(cli: &Cli) -> Result<Workspace, CoreError> {
    Workspace::open(workspace_path(cli)?, actor()?)
}

/// The workspace, for a command that only reads it: works on a read-only file or medium.
pub fn open_reading(cli: &Cli) -> Result<Workspace, CoreError> {
    Workspace::open_reading(workspace_path(cli)?, actor()?)
}

/// Parses one of the core's closed sets by its own values: the CLI keeps no copy of them.
pub fn core_enum<E: Labelled>() -> impl clap::builder::TypedValueParser<Value = E> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(E::ALL.iter().map(|v| v.as_str()))
        .try_map(|s| E::ALL.iter().copied().find(|v| v.as_str() == s).ok_or(format!("\"{s}\" is not one of the values")))
}

/// Text from a file or a user, made safe for a terminal: control characters (an escape
/// sequence, a carriage return, a newline inside a cell) are shown escaped, never obeyed.
pub fn printable(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { c.escape_default().collect::<String>() } else { c.to_string() }).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(super::printable("row \u{1b}[31mred\u{1b}[0m\r\nnext"), "row \\u{1b}[31mred\\u{1b}[0m\\r\\nnext");
        assert_eq!(super::printable("Zoë's café"), "Zoë's café");
    }
}
