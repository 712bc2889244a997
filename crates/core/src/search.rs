//! Global search across every record kind, through the one FTS5 index.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::list::{fts_query, Words};
use crate::record::{RecordKind, RecordRef, FTS_STRIDE};
use crate::workspace::Workspace;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SearchHit {
    pub record: RecordRef,
    pub kind_label: String,
    pub title: String,
    /// Plain text around the match; the UI marks the match itself (no markup crosses IPC).
    pub snippet: String,
}

pub fn search(ws: &Workspace, text: &str, limit: u32) -> Result<Vec<SearchHit>> {
    if limit == 0 || limit > 200 {
        return Err(CoreError::validation("limit", "Ask for 1 to 200 results."));
    }
    let Some(q) = fts_query(text, Words::LastIsPrefix) else { return Ok(vec![]) };
    let mut stmt = ws.conn().prepare_cached(
        "SELECT rowid, title, snippet(search_index, 1, '', '', ' … ', 12) FROM search_index WHERE search_index MATCH ?1 ORDER BY rank LIMIT ?2",
    )?;
    let hits = stmt
        .query_map(rusqlite::params![q, limit], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(hits
        .into_iter()
        .filter_map(|(rowid, title, snippet)| {
            let kind = RecordKind::from_fts_code(rowid / FTS_STRIDE)?;
            Some(SearchHit { record: RecordRef { kind, id: rowid % FTS_STRIDE }, kind_label: kind.label().into(), title, snippet })
        })
        .collect())
}
