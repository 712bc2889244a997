//! `check`: SQLite's integrity check plus a walk of the audit chain, on a read-only
//! connection so that judging a file never changes it.

use super::password::Password;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CheckReport {
    /// "ok" or SQLite's first message.
    pub integrity: String,
    /// "ok", "broken", or "unverified" when the chain could not be read (`reason` says why).
    pub audit_chain: String,
    #[ts(type = "number | null")]
    pub first_bad_entry: Option<i64>,
    pub schema_version: i64,
    /// The chain's head as read: entry count and the last entry's hash ("COUNT:HASH").
    pub head: Option<String>,
    pub reason: Option<String>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.integrity == "ok" && self.audit_chain == "ok"
    }

    /// The report for a file that could not be read at all: nothing about it is known.
    fn unverified(reason: String) -> Self {
        CheckReport { integrity: reason.clone(), audit_chain: "unverified".into(), first_bad_entry: None, schema_version: 0, head: None, reason: Some(reason) }
    }
}

/// Checks the file: integrity, and the whole audit chain walked from its first entry. An
/// error means the file could not be judged (missing, not a workspace, too new, unreadable).
pub fn check(path: &Path) -> Result<CheckReport> {
    judge(path, None, None)
}

/// What an auditor runs: [`check`], never failing (a file that cannot be read is
/// "unverified" with the reason), and with `expect_head` ("COUNT:HASH", as `head` printed it
/// earlier) a chain that ends before that head, or differs from it, is "broken" at the
/// first entry missing or different. A chain rewritten whole is consistent in itself: only
/// a head recorded outside the file shows it.
pub fn verify(path: &Path, expect_head: Option<&str>) -> Result<CheckReport> {
    verify_with(path, expect_head, None)
}

/// [`verify`] of a file that may be encrypted, with its password.
pub fn verify_with(path: &Path, expect_head: Option<&str>, password: Option<&Password>) -> Result<CheckReport> {
    let expected = expect_head.map(parse_head).transpose()?;
    Ok(judge(path, expected, password).unwrap_or_else(|e| CheckReport::unverified(e.to_string())))
}

/// SQLite's own integrity check, on a read-only connection of its own: "ok", or its first
/// finding.
fn integrity_of(path: &Path, password: Option<&Password>) -> String {
    let rows = super::open_read_only(path, password).and_then(|conn| {
        let mut s = conn.prepare("PRAGMA integrity_check")?;
        let rows: Vec<String> = s.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    });
    match rows {
        Ok(rows) if rows.len() == 1 && rows[0] == "ok" => "ok".to_string(),
        Ok(rows) => rows.into_iter().next().unwrap_or_else(|| "integrity check returned nothing".into()),
        Err(e) => e.to_string(),
    }
}

/// Both, side by side.
pub(super) fn judge(path: &Path, expected: Option<(i64, String)>, password: Option<&Password>) -> Result<CheckReport> {
    let conn = super::open_read_only(path, password)?;
    let schema_version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    // SQLite's integrity check and the walk of the chain each read the whole file: they run
    // side by side, on a connection each.
    let (integrity, walk) = std::thread::scope(|s| {
        let integrity = s.spawn(|| integrity_of(path, password));
        let walk = super::audit::walk_chain(&conn);
        (integrity.join().unwrap_or_else(|_| "the integrity check stopped unexpectedly".into()), walk)
    });
    let walk = match walk {
        Ok(walk) => walk,
        Err(e) => {
            let reason = Some(format!("the audit trail could not be read: {e}"));
            return Ok(CheckReport { integrity, audit_chain: "unverified".into(), first_bad_entry: None, schema_version, head: None, reason });
        }
    };
    let mut report = CheckReport {
        integrity,
        audit_chain: if walk.first_bad.is_none() { "ok" } else { "broken" }.into(),
        first_bad_entry: walk.first_bad,
        schema_version,
        head: Some(format!("{}:{}", walk.count, walk.last_hash)),
        reason: None,
    };
    let Some((count, hash)) = expected.filter(|_| walk.first_bad.is_none()) else { return Ok(report) };
    let at: Option<String> = conn.query_row("SELECT hash FROM audit_log WHERE id = ?1", [count], |r| r.get(0)).ok();
    let bad = if walk.count < count {
        Some((walk.count + 1, format!("the audit trail ends at entry {}, before the recorded head at entry {count}", walk.count)))
    } else if at.as_deref() != Some(hash.as_str()) {
        Some((count, format!("entry {count} differs from the recorded head")))
    } else {
        None
    };
    if let Some((entry, why)) = bad {
        report.audit_chain = "broken".into();
        report.first_bad_entry = Some(entry);
        report.reason = Some(why);
    }
    Ok(report)
}

/// The chain's head now, "COUNT:HASH", from its last entry (no walk): what the app records
/// outside the file each time it opens or closes a workspace.
pub fn head(ws: &super::Workspace) -> Result<String> {
    let (count, hash): (i64, String) = ws.conn().query_row("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(format!("{count}:{hash}"))
}

/// How the chain stands against a head verified earlier and recorded outside the file, in
/// words: None while it still holds that entry with that hash and every entry added since
/// follows from the one before (walked: the new entries only, so a million unchanged
/// entries cost one lookup); otherwise that it ends before the head, that the entry at the
/// head differs (the trail was cut or rewritten behind Steward's back), or which later
/// entry no longer follows. Entries before the head are [`walk_trail`]'s to verify.
pub fn compare_head(ws: &super::Workspace, recorded: &str) -> Result<Option<String>> {
    let (count, hash) = parse_head(recorded)?;
    let short = &hash[..8];
    let now: i64 = ws.conn().query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| r.get(0))?;
    if now < count {
        return Ok(Some(format!(
            "This workspace's audit trail had {count} entries ending in {short}… when Steward last had it open; it now has {now}: entries were removed behind Steward's back. Check it (Workspace → Check integrity) and restore it from a backup if you did not expect this."
        )));
    }
    let at: Option<String> = ws.conn().query_row("SELECT hash FROM audit_log WHERE id = ?1", [count], |r| r.get(0)).ok();
    if at.as_deref() != Some(hash.as_str()) {
        return Ok(Some(format!(
            "Entry {count} of this workspace's audit trail is not the one Steward saw when it last had it open (it ended in {short}…): the trail was rewritten behind Steward's back. Check it (Workspace → Check integrity) and restore it from a backup if you did not expect this."
        )));
    }
    let walk = super::audit::walk_after(ws.conn(), count, &hash)?;
    Ok(walk.first_bad.map(broken_words))
}

/// The verdict on a chain broken at `entry`, in words a person acts on.
pub fn broken_words(entry: i64) -> String {
    format!("The audit trail has been altered outside Steward: entry {entry} no longer follows from the entries before it, so it and every entry after it can no longer be trusted. Open the audit trail to see it, and restore the workspace from a backup if you did not expect this.")
}

/// What a whole walk of a file's chain found, for the window to say after it opened the
/// file: its head, and the first entry that does not verify.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TrailCheck {
    /// "COUNT:HASH" as walked.
    pub head: Option<String>,
    #[ts(type = "number | null")]
    pub first_bad_entry: Option<i64>,
}

/// Walks a file's whole chain on a read-only connection of its own (beside the open
/// workspace, in the background: a million entries take a second or two).
pub fn walk_trail(path: &Path, password: Option<&Password>) -> Result<TrailCheck> {
    let conn = super::open_read_only(path, password)?;
    let walk = super::audit::walk_chain(&conn)?;
    Ok(TrailCheck { head: (walk.count > 0).then(|| format!("{}:{}", walk.count, walk.last_hash)), first_bad_entry: walk.first_bad })
}

fn parse_head(text: &str) -> Result<(i64, String)> {
    let bad = || crate::error::CoreError::validation("expect_head", format!("\"{text}\" is not a head: write it as COUNT:HASH, as check prints it."));
    let (n, h) = text.trim().split_once(':').ok_or_else(bad)?;
    let n: i64 = n.parse().map_err(|_| bad())?;
    if n < 1 || h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    Ok((n, h.to_ascii_lowercase()))
}
