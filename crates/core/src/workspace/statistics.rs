//! The query planner's statistics (`sqlite_stat1`). Without them SQLite guesses that a
//! state holds a handful of incidents and sorts every open one for a queue's first page
//! (0.6 s at a million); with them it walks the queue's index (under a millisecond). They
//! are taken again when a table has grown or shrunk by half since they were taken: on
//! open, and at the end of a very large write.

use rusqlite::Connection;

use crate::error::Result;

/// Tables smaller than this are planned well without statistics.
const WORTH_IT: i64 = 10_000;

/// Analyzes `table` if its size has moved by half or more since its statistics were taken
/// (or it has none and is large).
pub(crate) fn refresh(conn: &Connection, table: &str) -> Result<()> {
    refresh_known(conn, table, stats_kept(conn)?)
}

fn refresh_known(conn: &Connection, table: &str, kept: bool) -> Result<()> {
    if stale(conn, table, kept)? {
        conn.execute_batch(&format!("ANALYZE \"{}\"", table.replace('"', "\"\"")))?;
    }
    Ok(())
}

/// Whether `table`'s statistics are missing (and it is large) or were taken at a size half
/// or twice its size now. `kept`: whether any statistics were ever taken.
pub(crate) fn stale(conn: &Connection, table: &str, kept: bool) -> Result<bool> {
    // The largest rowid stands for the size (one index lookup); a table without rowids is
    // small here and left to the planner's guesses.
    let Ok(rows) = conn.query_row(&format!("SELECT coalesce(max(rowid), 0) FROM \"{}\"", table.replace('"', "\"\"")), [], |r| r.get::<_, i64>(0)) else { return Ok(false) };
    let known = if kept { taken(conn, table)? } else { None };
    Ok(match known {
        None => rows >= WORTH_IT,
        Some(then) => (rows.max(WORTH_IT) as f64 / then.max(WORTH_IT) as f64 - 1.0).abs() >= 0.5 && rows.max(then) >= WORTH_IT,
    })
}

/// Every ordinary table with an index, refreshed as [`refresh`] says.
pub(crate) fn refresh_all(conn: &Connection) -> Result<()> {
    let tables: Vec<String> = conn
        .prepare("SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'index' AND tbl_name NOT LIKE 'sqlite_%'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let kept = stats_kept(conn)?;
    tables.iter().try_for_each(|t| refresh_known(conn, t, kept))
}

/// Whether any statistics were ever taken (SQLite makes their table with the first ANALYZE).
fn stats_kept(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'", [], |r| r.get(0))?)
}

/// The row count the statistics were taken at: the largest first figure of its indexes'
/// (a partial index counts only the rows it holds, none for an import column never set).
fn taken(conn: &Connection, table: &str) -> Result<Option<i64>> {
    let stats: Vec<String> = conn.prepare_cached("SELECT stat FROM sqlite_stat1 WHERE tbl = ?1")?.query_map([table], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(stats.iter().filter_map(|s| s.split_whitespace().next().and_then(|n| n.parse::<i64>().ok())).max())
}
