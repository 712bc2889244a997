//! One very large write into a table runs fastest with the table's secondary indexes and
//! triggers out of the way: each is dropped, and recreated afterwards from its own stored
//! SQL (sorting once instead of inserting at random a million times), all inside the
//! write's transaction, so a failure or a kill leaves the schema as it was.
//!
//! What the dropped triggers would have kept (counts, summaries, the search index) is the
//! caller's to rebuild before it commits.

use rusqlite::params;

use crate::error::Result;
use crate::record::RecordKind;
use crate::workspace::Tx;

pub(crate) struct Deferred {
    table: String,
    schema: Vec<String>,
}

impl Deferred {
    /// Drops `table`'s indexes (but the primary key) and triggers.
    pub(crate) fn enter(tx: &Tx<'_>, table: &str) -> Result<Self> {
        let mut stmt = tx.prepare("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ?1 AND type IN ('index', 'trigger') AND sql IS NOT NULL")?;
        let items = stmt
            .query_map([table], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (kind, name, _) in &items {
            tx.execute_batch(&format!("DROP {} \"{}\"", kind.to_uppercase(), name.replace('"', "\"\"")))?;
        }
        Ok(Deferred { table: table.to_string(), schema: items.into_iter().map(|(_, _, sql)| sql).collect() })
    }

    /// Recreates what `enter` dropped.
    pub(crate) fn leave(self, tx: &Tx<'_>) -> Result<()> {
        // Sorting for the indexes may use both cores, in small runs: with a large page cache
        // the sorter sorts huge in-memory runs that miss the CPU caches (a third slower).
        let cache: i64 = tx.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        tx.pragma_update(None, "threads", 2)?;
        tx.pragma_update(None, "cache_size", -2000)?;
        let built = self.schema.iter().try_for_each(|sql| tx.execute_batch(sql));
        tx.pragma_update(None, "threads", 0)?;
        tx.pragma_update(None, "cache_size", cache)?;
        built?;
        // The table's size has changed a lot: the planner's statistics follow it.
        super::statistics::refresh(tx, &self.table)
    }
}

/// Renews the search index's part for `kind` from its table, as its triggers would have
/// written each row (`title` and `body`: the SQL of the triggers' two columns). For after a
/// write that ran with the kind's triggers dropped.
pub(crate) fn reindex(tx: &Tx<'_>, kind: RecordKind, title: &str, body: &str) -> Result<()> {
    let (Some((lo, hi)), Some((table, _))) = (kind.fts_range(), kind.stored()) else { return Ok(()) };
    let indexed: i64 = tx.query_row("SELECT count(*) FROM search_index WHERE rowid > ?1 AND rowid < ?2", params![lo, hi], |r| r.get(0))?;
    if indexed > 0 {
        tx.execute("DELETE FROM search_index WHERE rowid > ?1 AND rowid < ?2", params![lo, hi])?;
    }
    // Merging segments while a million rows stream in costs a fifth of the time and buys
    // nothing: merge later, at the normal pace of everyday writes (queries are as fast).
    tx.execute_batch("INSERT INTO search_index(search_index, rank) VALUES ('automerge', 16)")?;
    tx.execute(&format!("INSERT INTO search_index(rowid, title, body) SELECT ?1 + id, {title}, {body} FROM {table}"), [lo])?;
    tx.execute_batch("INSERT INTO search_index(search_index, rank) VALUES ('automerge', 4)")?;
    Ok(())
}
