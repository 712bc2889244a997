//! The append-only, hash-chained audit trail. Each entry's hash covers its own fields and the
//! previous entry's hash, so changing, removing or reordering any row behind the app's back
//! breaks the chain at that row, which `check` reports.

use std::io::Write;
use std::path::Path;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::list::{self, Field, ListRequest, ListSpec, Page};
use crate::record::{RecordKind, RecordRef};

/// What an audit entry says was done: its text ("incident.logged"), static, and whether it
/// creates the record it is about (inside an import, a created record is noted in the
/// import's history, so undoing the import removes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Action {
    text: &'static str,
    creates: bool,
}

impl Action {
    /// An action on a record that exists.
    pub const fn did(text: &'static str) -> Self {
        Action { text, creates: false }
    }

    /// The action that creates its record.
    pub const fn created(text: &'static str) -> Self {
        Action { text, creates: true }
    }

    pub fn as_str(self) -> &'static str {
        self.text
    }

    pub fn creates(self) -> bool {
        self.creates
    }
}

/// What an audit entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// One record.
    Record(RecordRef),
    /// Every record of a kind at once (a bulk write: an import, housekeeping).
    Every(RecordKind),
    /// One of the workspace's settings, by its key.
    Setting(&'static str),
    /// The workspace file as a whole (created, backed up, restored).
    Workspace,
}

impl Subject {
    /// The entry's `record_kind` and `record_id`, as the chain stores them.
    pub(super) fn parts(self) -> (&'static str, String) {
        match self {
            Subject::Record(r) => (r.kind.as_str(), r.id.to_string()),
            Subject::Every(kind) => (kind.as_str(), "*".to_string()),
            Subject::Setting(key) => (RecordKind::Setting.as_str(), key.to_string()),
            Subject::Workspace => (RecordKind::Workspace.as_str(), "workspace".to_string()),
        }
    }
}

impl From<RecordRef> for Subject {
    fn from(r: RecordRef) -> Self {
        Subject::Record(r)
    }
}

pub(super) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub record_kind: String,
    pub record_id: String,
    #[ts(type = "unknown")]
    pub detail: serde_json::Value,
    pub prev_hash: String,
    pub hash: String,
    /// What was done, in words ("Incident: state changed"); `action` keeps the stored name.
    #[serde(default)]
    pub action_words: String,
    /// The record as a person knows it ("Incident INC0000042 Payroll export hangs"), or its
    /// kind and id when it has no name or is gone; `record_kind` and `record_id` stay raw.
    #[serde(default)]
    pub record_words: String,
}

pub(super) fn entry_hash(prev: &str, id: i64, at: &str, actor: &str, action: &str, kind: &str, record_id: &str, detail: &str) -> String {
    String::from_utf8_lossy(&entry_hash_hex(prev, id, at, actor, action, kind, record_id, detail)).into_owned()
}

/// The entry's hash as 64 lower-case hex digits, on the stack (the walk of a million entries
/// compares them without allocating).
#[allow(clippy::too_many_arguments)]
fn entry_hash_hex(prev: &str, id: i64, at: &str, actor: &str, action: &str, kind: &str, record_id: &str, detail: &str) -> [u8; 64] {
    let mut h = Sha256::new();
    let id = id.to_string();
    for part in [prev, &id, at, actor, action, kind, record_id, detail] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 64];
    for (i, b) in h.finalize().iter().enumerate() {
        out[2 * i] = HEX[usize::from(b >> 4)];
        out[2 * i + 1] = HEX[usize::from(b & 15)];
    }
    out
}

/// An entry written later than its transaction (`Workspace::in_time_order`), as it would
/// have been appended.
pub(crate) struct HeldEntry {
    pub(super) at: String,
    actor: String,
    action: String,
    kind: &'static str,
    record_id: String,
    detail: serde_json::Value,
}

impl HeldEntry {
    pub(super) fn new(at: &str, actor: &str, action: &str, kind: &'static str, record_id: String, detail: serde_json::Value) -> Self {
        HeldEntry { at: at.to_string(), actor: actor.to_string(), action: action.to_string(), kind, record_id, detail }
    }

    pub(super) fn append(&self, conn: &Connection) -> Result<()> {
        append(conn, &self.at, &self.actor, &self.action, self.kind, &self.record_id, &self.detail)
    }
}

pub(super) fn append(conn: &Connection, at: &str, actor: &str, action: &str, kind: &str, record_id: &str, detail: &serde_json::Value) -> Result<()> {
    let (last_id, prev): (i64, String) = conn
        .query_row("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok((0, GENESIS.to_string())),
            e => Err(e),
        })?;
    let id = last_id + 1;
    let detail = detail.to_string();
    let hash = entry_hash(&prev, id, at, actor, action, kind, record_id, &detail);
    conn.prepare_cached(
        "INSERT INTO audit_log (id, at, actor, action, record_kind, record_id, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(rusqlite::params![id, at, actor, action, kind, record_id, detail, prev, hash])?;
    Ok(())
}

/// What walking the chain found: its first bad entry (if any), how many entries it has and
/// the last one's hash.
pub(super) struct ChainWalk {
    pub first_bad: Option<i64>,
    pub count: i64,
    pub last_hash: String,
}

/// Walks the chain in id order, once: the first entry that does not verify, and the
/// chain's length and last hash (counted to its end whether or not it verified).
pub(super) fn walk_chain(conn: &Connection) -> Result<ChainWalk> {
    walk_after(conn, 0, GENESIS)
}

/// [`walk_chain`] from the entry after `after` (whose hash is `hash`, verified earlier): the
/// entries added since, one index range, so an unchanged million-entry chain costs a lookup.
pub(super) fn walk_after(conn: &Connection, after: i64, hash: &str) -> Result<ChainWalk> {
    let mut stmt = conn.prepare_cached("SELECT id, at, actor, action, record_kind, record_id, detail, prev_hash, hash FROM audit_log WHERE id > ?1 ORDER BY id")?;
    let mut rows = stmt.query([after])?;
    let mut walk = ChainWalk { first_bad: None, count: after, last_hash: String::new() };
    let mut prev = hash.as_bytes().to_vec();
    while let Some(r) = rows.next()? {
        // Read in place: a million entries are walked without copying their fields.
        let text = |i: usize| -> rusqlite::Result<std::borrow::Cow<'_, str>> {
            // A value whose type was changed behind our back is a broken entry, not a crash.
            Ok(match r.get_ref(i)? {
                rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t),
                other => format!("{other:?}").into(),
            })
        };
        walk.count += 1;
        let stored_hash = text(8)?;
        if walk.first_bad.is_none() {
            let id: i64 = r.get(0)?;
            let stored_prev = text(7)?;
            let recomputed = entry_hash_hex(&stored_prev, id, &text(1)?, &text(2)?, &text(3)?, &text(4)?, &text(5)?, &text(6)?);
            if id != walk.count || stored_prev.as_bytes() != prev.as_slice() || recomputed.as_slice() != stored_hash.as_bytes() {
                walk.first_bad = Some(id);
            }
        }
        prev.clear();
        prev.extend_from_slice(stored_hash.as_bytes());
    }
    walk.last_hash = String::from_utf8_lossy(&prev).into_owned();
    if walk.count == 0 {
        walk.last_hash.clear();
    }
    Ok(walk)
}

static AUDIT_FIELDS: &[Field] = &[
    Field { name: "id", sql: "id", sortable: true, filterable: true },
    Field { name: "at", sql: "at", sortable: true, filterable: false },
    Field { name: "actor", sql: "actor", sortable: false, filterable: true },
    Field { name: "action", sql: "action", sortable: false, filterable: true },
    Field { name: "record_kind", sql: "record_kind", sortable: false, filterable: true },
    Field { name: "record_id", sql: "record_id", sortable: false, filterable: true },
];

static AUDIT_LIST: ListSpec = ListSpec {
    table: "audit_log",
    from: "audit_log",
    id: "id",
    fields: AUDIT_FIELDS,
    default_sort: "id",
    search: None,
    like_fields: &["actor", "action", "detail"],
    counts: None,
    memberships: &[],
    query: None,
};

const AUDIT_SELECT: &str = "id, at, actor, action, record_kind, record_id, detail, prev_hash, hash";

fn map_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    let detail: String = r.get(6)?;
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        record_kind: r.get(4)?,
        record_id: r.get(5)?,
        detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::String(detail)),
        prev_hash: r.get(7)?,
        hash: r.get(8)?,
        action_words: String::new(),
        record_words: String::new(),
    })
}

/// "incident.state_changed" → "Incident: state changed".
fn action_words(action: &str) -> String {
    let (subject, verb) = action.split_once('.').unwrap_or((action, ""));
    let subject = crate::record::RecordKind::parse(subject).map(|k| k.label().to_string()).unwrap_or_else(|| {
        let s = subject.replace('_', " ");
        let mut c = s.chars();
        c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
    });
    if verb.is_empty() { subject } else { format!("{subject}: {}", verb.replace(['_', '.'], " ")) }
}

/// A link by what it joins, as its entry recorded them ("Payroll depends on db-01").
fn link_words(detail: &serde_json::Value) -> Option<String> {
    let (from, kind, to) = (detail.get("from_name")?.as_str()?, detail.get("link_type")?.as_str()?, detail.get("to_name")?.as_str()?);
    Some(format!("Link: {from} {} {to}", kind.replace('_', " ")))
}

/// The record an entry is about, by the name it has now.
fn record_words(conn: &Connection, kind: &str, id: &str) -> String {
    let Some(k) = crate::record::RecordKind::parse(kind) else { return format!("{kind} {id}") };
    let named = k.stored().zip(id.parse::<i64>().ok()).and_then(|((table, name), id)| {
        conn.prepare_cached(&format!("SELECT {name} FROM {table} WHERE id = ?1")).and_then(|mut s| s.query_row([id], |r| r.get::<_, String>(0))).ok()
    });
    match named {
        Some(name) => format!("{} {name}", k.label()),
        None if k.stored().is_some() && id.parse::<i64>().is_ok() => format!("{} #{id} (no longer there)", k.label()),
        None if id.is_empty() => k.label().to_string(),
        None => format!("{} {id}", k.label()),
    }
}

/// A page of the audit trail (newest first unless the request sorts otherwise).
pub type AuditQuery = ListRequest;

pub fn audit_trail(ws: &super::Workspace, req: &AuditQuery) -> Result<Page<AuditEntry>> {
    let mut req = req.clone();
    if req.sort.is_none() {
        req.sort = Some(list::SortTerm { field: "id".into(), descending: true });
    }
    let mut page = list::run(ws.conn(), &AUDIT_LIST, &req, AUDIT_SELECT, map_entry)?;
    for e in &mut page.items {
        e.action_words = action_words(&e.action);
        e.record_words = link_words(&e.detail).unwrap_or_else(|| record_words(ws.conn(), &e.record_kind, &e.record_id));
    }
    Ok(page)
}

/// How many of a record's entries a page of its history holds.
pub const HISTORY_PAGE: u32 = 100;

/// A record's audit entries, newest first, a page at a time: the first page counts them all,
/// `after` (the previous page's `next`) continues with older ones.
pub fn record_history(ws: &super::Workspace, record: crate::record::RecordRef, after: Option<list::Cursor>) -> Result<Page<AuditEntry>> {
    let term = |field: &str, value: String| list::FilterTerm { field: field.into(), value, missing: false, op: None };
    audit_trail(ws, &AuditQuery {
        filters: vec![term("record_kind", record.kind.as_str().into()), term("record_id", record.id.to_string())],
        limit: Some(HISTORY_PAGE),
        after,
        ..Default::default()
    })
}

crate::labelled_enum!(
    AuditExportFormat {
        Csv = "csv": "CSV",
        Json = "json": "JSON",
    }
);

/// Writes the whole trail, oldest first, for auditors. Returns the number of entries.
pub fn export_audit(ws: &super::Workspace, format: AuditExportFormat, out: &Path) -> Result<u64> {
    let target = super::output::prepare(ws, out)?;
    let file = std::fs::File::create(target.path()).map_err(|e| CoreError::io_at("write", out, e))?;
    let mut w = std::io::BufWriter::new(file);
    let mut stmt = ws.conn().prepare(&format!("SELECT {AUDIT_SELECT} FROM audit_log ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    let mut n = 0u64;
    let io = |e: std::io::Error| CoreError::io_at("write", out, e);
    match format {
        AuditExportFormat::Csv => {
            let mut c = csv::Writer::from_writer(&mut w);
            c.write_record(["id", "at", "actor", "action", "record_kind", "record_id", "detail", "prev_hash", "hash"])
                .map_err(|e| CoreError::io("Could not write the CSV", e.into()))?;
            while let Some(r) = rows.next()? {
                let e = map_entry(r)?;
                c.write_record(
                    [e.id.to_string(), e.at, e.actor, e.action, e.record_kind, e.record_id, e.detail.to_string(), e.prev_hash, e.hash]
                        .iter()
                        .map(|c| crate::cells::csv_cell(c))
                        .collect::<Vec<_>>()
                        .iter()
                        .map(|c| c.as_bytes()),
                )
                .map_err(|e| CoreError::io("Could not write the CSV", e.into()))?;
                n += 1;
            }
            c.flush().map_err(io)?;
        }
        AuditExportFormat::Json => {
            w.write_all(b"[").map_err(io)?;
            while let Some(r) = rows.next()? {
                if n > 0 {
                    w.write_all(b",\n").map_err(io)?;
                }
                serde_json::to_writer(&mut w, &map_entry(r)?).map_err(|e| CoreError::io("Could not write the JSON", e.into()))?;
                n += 1;
            }
            w.write_all(b"]\n").map_err(io)?;
        }
    }
    w.flush().map_err(io)?;
    drop(w);
    target.commit()?;
    Ok(n)
}
