//! What every subcommand shares: who is writing, which workspace, how a result is told.

use std::io::IsTerminal;
use std::path::Path;

use steward_core::enums::Labelled;
use steward_core::error::WorkspaceError;
use steward_core::workspace::{Actor, Password, Workspace};
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

/// The password in STEWARD_PASSWORD, if set. A secret is never an argument: every user of
/// the machine can read a process's arguments.
pub fn password_from_env() -> Result<Option<Password>, CoreError> {
    std::env::var("STEWARD_PASSWORD").ok().map(Password::given).transpose()
}

/// The private key's passphrase: STEWARD_KEY_PASSPHRASE, or asked at the terminal.
pub fn key_passphrase() -> Result<Option<Password>, CoreError> {
    if let Ok(text) = std::env::var("STEWARD_KEY_PASSPHRASE") {
        return Password::given(text).map(Some);
    }
    ask("Passphrase of the key: ")?.map(Password::given).transpose()
}

/// Asks at the terminal, without echo; none when there is no terminal to ask at.
fn ask(prompt: &str) -> Result<Option<String>, CoreError> {
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    rpassword::prompt_password(prompt).map(Some).map_err(|e| CoreError::io("read the password", e))
}

/// A new secret: from the environment variable `var`, or typed twice at the terminal.
fn new_secret(var: &str, field: &str) -> Result<Password, CoreError> {
    if let Ok(text) = std::env::var(var) {
        return Password::chosen(text).map_err(|e| CoreError::validation(field, e.to_string()));
    }
    let none = || CoreError::validation(field, format!("Give the {field} in {var}, or run this at a terminal to type it."));
    let first = ask(&format!("New {field}: "))?.ok_or_else(none)?;
    let again = ask(&format!("The same {field} again: "))?.ok_or_else(none)?;
    if first != again {
        return Err(CoreError::validation(field, format!("The two {field}s differ; nothing was changed.")));
    }
    Password::chosen(first).map_err(|e| CoreError::validation(field, e.to_string()))
}

/// A new password for a workspace: STEWARD_PASSWORD, or typed twice at the terminal.
pub fn new_password() -> Result<Password, CoreError> {
    new_secret("STEWARD_PASSWORD", "password")
}

/// A new passphrase for a private key: STEWARD_KEY_PASSPHRASE, or typed twice.
pub fn new_key_passphrase() -> Result<Password, CoreError> {
    new_secret("STEWARD_KEY_PASSPHRASE", "passphrase")
}

/// Runs `open` with STEWARD_PASSWORD if set; a file that turns out to need a password is
/// asked for one at the terminal (once).
fn with_password<T>(open: impl Fn(Option<&Password>) -> Result<T, CoreError>) -> Result<T, CoreError> {
    let given = password_from_env()?;
    match open(given.as_ref()) {
        Err(CoreError::Workspace(WorkspaceError::NeedsPassword(p))) if given.is_none() => match ask(&format!("Password of {}: ", p.display()))? {
            Some(text) => open(Some(&Password::given(text)?)),
            // No terminal: the error stands (its kind, needs_password, tells a script to set
            // STEWARD_PASSWORD).
            None => Err(WorkspaceError::NeedsPassword(p).into()),
        },
        other => other,
    }
}

/// The workspace named by `--workspace`, opened for the actor.
pub fn open(cli: &Cli) -> Result<Workspace, CoreError> {
    let path = workspace_path(cli)?;
    with_password(|p| Workspace::open_with(path, actor()?, p))
}

/// The workspace, for a command that only reads it: works on a read-only file or medium.
pub fn open_reading(cli: &Cli) -> Result<Workspace, CoreError> {
    let path = workspace_path(cli)?;
    with_password(|p| Workspace::open_reading(path, actor()?, p))
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
