//! The workspace file: `init`, `check`, `backup`, `restore`, `encrypt`, `copy-in-clear`.

use std::path::Path;

use serde_json::json;
use steward_core::workspace;
use steward_core::CoreError;

use crate::common::{actor, new_password, open, password_from_env, workspace_path, Outcome};
use crate::Cli;

/// Creates the workspace (with the demo engagement when asked), whole or not at all.
pub fn init(cli: &Cli, with_demo: bool, encrypted: bool) -> Result<Outcome, CoreError> {
    let path = workspace_path(cli)?;
    let password = if encrypted { Some(new_password()?) } else { None };
    let clock = steward_core::time::Clock::System;
    let ws = if with_demo {
        workspace::Workspace::create_demo(path, actor()?, clock, password.as_ref())?
    } else {
        workspace::Workspace::create_whole(path, actor()?, clock, password.as_ref(), |_| Ok(()))?
    };
    let version = ws.schema_version()?;
    Ok(Outcome::Done(
        json!({"workspace": path.display().to_string(), "schema_version": version, "encrypted": encrypted}),
        format!("Created {} (schema {version}){}{}.", path.display(), if with_demo { " with the demo engagement" } else { "" }, if encrypted { ", encrypted" } else { "" }),
    ))
}

/// Encrypts the workspace in place.
pub fn encrypt(cli: &Cli) -> Result<Outcome, CoreError> {
    let ws = open(cli)?;
    let password = new_password()?;
    let ws = workspace::encrypt(ws, &password)?;
    let path = ws.path().display().to_string();
    Ok(Outcome::Done(json!({"workspace": path, "encrypted": true}), format!("Encrypted {path}. Copies made before (backups, exports) are as they were.")))
}

/// A copy of an encrypted workspace in clear.
pub fn copy_in_clear(cli: &Cli, out: &Path) -> Result<Outcome, CoreError> {
    let ws = open(cli)?;
    let r = workspace::copy_in_clear(&ws, out)?;
    Ok(Outcome::Done(json!({"copy": r.backup, "bytes": r.bytes, "head": r.head}), format!("Wrote {} in clear ({} bytes): anyone who has it can read it.", r.backup, r.bytes)))
}

/// Verifies integrity and the audit chain; a problem is an `Outcome::Failed` (exit 1).
pub fn check(cli: &Cli, expect_head: Option<&str>) -> Result<Outcome, CoreError> {
    let path = workspace_path(cli)?;
    let report = workspace::verify_with(path, expect_head, password_from_env()?.as_ref())?;
    let doc = serde_json::to_value(&report).unwrap_or_default();
    if report.is_ok() {
        Ok(Outcome::Done(doc, format!("{}: integrity ok, audit chain ok, head {} (schema {}).", path.display(), report.head.as_deref().unwrap_or("-"), report.schema_version)))
    } else {
        let msg = match report.first_bad_entry {
            Some(id) => format!("{}: integrity {}, audit chain broken at entry {id}.", path.display(), report.integrity),
            None => format!("{}: integrity {}, audit chain {}{}.", path.display(), report.integrity, report.audit_chain, report.reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default()),
        };
        Ok(Outcome::Failed(doc, msg))
    }
}

/// A consistent copy of the open workspace.
pub fn backup(cli: &Cli, out: &Path) -> Result<Outcome, CoreError> {
    let ws = open(cli)?;
    let r = workspace::backup(&ws, out)?;
    Ok(Outcome::Done(
        json!({"backup": out.display().to_string(), "bytes": r.bytes, "head": r.head}),
        format!("Backed up to {} ({} bytes); its audit trail's head is {}: note it to check the copy later (check --expect-head).", out.display(), r.bytes, r.head),
    ))
}

/// Replaces the workspace with a backup (the current file is kept beside it).
pub fn restore(cli: &Cli, file: &Path, accept_broken_chain: bool) -> Result<Outcome, CoreError> {
    let path = workspace_path(cli)?;
    let broken = if accept_broken_chain { workspace::BrokenChain::Accept } else { workspace::BrokenChain::Refuse };
    workspace::Workspace::restore(path, file, actor()?, broken, password_from_env()?.as_ref())?;
    Ok(Outcome::Done(json!({"restored": file.display().to_string()}), format!("Restored {} from {}.", path.display(), file.display())))
}
