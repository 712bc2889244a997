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

/// A record as a picker offers it: its id and the name it is known by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Named {
    pub id: i64,
    pub name: String,
}

/// Records of one kind that `text` names (its words, the last one a prefix), best match
/// first; with no text, the newest. What a picker offers as the user types.
pub fn find(ws: &Workspace, kind: RecordKind, text: &str, limit: u32) -> Result<Vec<Named>> {
    if limit == 0 || limit > 200 {
        return Err(CoreError::validation("limit", "Ask for 1 to 200 results."));
    }
    let Some((table, name)) = kind.stored() else {
        return Err(CoreError::validation("kind", format!("{} records cannot be picked.", kind.label())));
    };
    let conn = ws.conn();
    let map = |r: &rusqlite::Row<'_>| Ok(Named { id: r.get(0)?, name: r.get(1)? });
    let found = match (fts_query(text, Words::LastIsPrefix), kind.fts_range()) {
        (None, _) => conn
            .prepare_cached(&format!("SELECT id, {name} FROM {table} ORDER BY id DESC LIMIT ?1"))?
            .query_map([limit], map)?
            .collect::<rusqlite::Result<Vec<_>>>()?,
        (Some(q), Some((lo, hi))) => conn
            .prepare_cached(&format!(
                "WITH hits AS (SELECT rowid - ?2 AS id, rank AS fts_rank FROM search_index WHERE search_index MATCH ?1 AND rowid >= ?2 AND rowid < ?3 ORDER BY rank LIMIT ?4)
                 SELECT id, {name} FROM hits JOIN {table} USING (id) ORDER BY fts_rank"
            ))?
            .query_map(rusqlite::params![q, lo, hi, limit], map)?
            .collect::<rusqlite::Result<Vec<_>>>()?,
        // Kinds outside the search index: their name contains the text.
        (Some(_), None) => conn
            .prepare_cached(&format!("SELECT id, {name} FROM {table} WHERE instr(lower({name}), lower(?1)) > 0 ORDER BY id DESC LIMIT ?2"))?
            .query_map(rusqlite::params![text.trim(), limit], map)?
            .collect::<rusqlite::Result<Vec<_>>>()?,
    };
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A picker finds records of the kind it was asked for only, by words of their name or
    /// number (the last typed word a prefix), best first; with nothing typed, the newest.
    #[test]
    fn find_offers_records_of_one_kind_named_by_the_text() {
        let (_d, ws) = crate::testing::ws("Pia Picker");
        crate::demo::load_demo(&ws).unwrap();
        let names = |kind: RecordKind, text: &str| -> Vec<String> { find(&ws, kind, text, 8).unwrap().into_iter().map(|n| n.name).collect() };

        let cis = names(RecordKind::Ci, "pg");
        assert_eq!(cis, ["pg-wms-01 (production)", "pg-portal-01 (production)"]);
        let services = names(RecordKind::Service, "portal");
        assert!(!services.is_empty() && services.iter().all(|n| !n.ends_with(')')), "only services: {services:?}");
        let newest_incident = find(&ws, RecordKind::Incident, "", 1).unwrap().remove(0).name;
        let number = newest_incident.split(' ').next().unwrap_or_default();
        assert_eq!(names(RecordKind::Incident, number), [newest_incident.clone()]);

        // Nothing typed: the newest first.
        let newest = find(&ws, RecordKind::Change, "", 3).unwrap();
        assert_eq!(newest.len(), 3);
        assert!(newest.windows(2).all(|w| w[0].id > w[1].id), "{newest:?}");
        // A kind outside the search index is found by a part of its name.
        let items = find(&ws, RecordKind::CatalogueItem, "", 50).unwrap();
        let some = &items[0].name;
        let part: String = some.chars().skip(1).take(4).collect();
        assert!(find(&ws, RecordKind::CatalogueItem, &part.to_uppercase(), 50).unwrap().iter().any(|n| &n.name == some));
        assert_eq!(find(&ws, RecordKind::Setting, "x", 8).unwrap_err().field(), Some("kind"));
    }
}
