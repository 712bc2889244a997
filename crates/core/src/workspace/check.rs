//! `check`: SQLite's integrity check plus a walk of the audit chain, on a read-only
//! connection so that judging a file never changes it.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CheckReport {
    /// "ok" or SQLite's first message.
    pub integrity: String,
    /// "ok" or "broken".
    pub audit_chain: String,
    #[ts(type = "number | null")]
    pub first_bad_entry: Option<i64>,
    pub schema_version: i64,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.integrity == "ok" && self.audit_chain == "ok"
    }
}

pub fn check(path: &Path) -> Result<CheckReport> {
    let conn = super::open_read_only(path)?;
    let schema_version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let integrity = match conn.prepare("PRAGMA integrity_check").and_then(|mut s| {
        let rows: Vec<String> = s.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }) {
        Ok(rows) if rows.len() == 1 && rows[0] == "ok" => "ok".to_string(),
        Ok(rows) => rows.into_iter().next().unwrap_or_else(|| "integrity check returned nothing".into()),
        Err(e) => e.to_string(),
    };
    let first_bad_entry = super::audit::first_bad_entry(&conn).unwrap_or(Some(0));
    Ok(CheckReport {
        integrity,
        audit_chain: if first_bad_entry.is_none() { "ok".into() } else { "broken".into() },
        first_bad_entry,
        schema_version,
    })
}
