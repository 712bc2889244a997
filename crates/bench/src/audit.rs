//! The audit benchmark: `check` of a workspace whose trail has a million entries, against
//! hashing the same rows with SHA-256 in one SQL pass (what no check can do with less).

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};
use steward_core::workspace::{self, Action, Actor, Subject, Workspace};

use crate::measure::{ms, Figure};

const ENTRIES: u64 = 1_000_000;

/// A workspace with `ENTRIES` audit entries (written through the core, in one transaction:
/// the chain is the one the app writes).
fn trail(dir: &Path) -> Result<std::path::PathBuf, String> {
    let path = dir.join("audit-1m.steward");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let ws = Workspace::create(&path, Actor::parse("benchmark").map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    ws.write(|tx| {
        for i in 1..ENTRIES {
            tx.audit(Action::did("bench.entry"), Subject::Setting("bench"), serde_json::json!({"n": i, "note": "a typical entry's detail"}))?;
        }
        Ok(())
    })
    .map_err(|e| e.to_string())?;
    Ok(path)
}

/// SHA-256 over every row's fields, read in one pass: the least any check of the chain reads
/// and hashes.
fn hash_rows(path: &Path) -> Result<String, String> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| e.to_string())?;
    let mut stmt = conn.prepare("SELECT id, at, actor, action, record_kind, record_id, detail, prev_hash FROM audit_log ORDER BY id").map_err(|e| e.to_string())?;
    let mut rows = stmt.query([]).map_err(|e| e.to_string())?;
    let mut last = String::new();
    while let Some(r) = rows.next().map_err(|e| e.to_string())? {
        let mut h = Sha256::new();
        h.update(r.get::<_, i64>(0).map_err(|e| e.to_string())?.to_be_bytes());
        for i in 1..8 {
            h.update(r.get_ref(i).map_err(|e| e.to_string())?.as_str().map_err(|e| e.to_string())?.as_bytes());
        }
        last = format!("{:x}", h.finalize());
    }
    Ok(last)
}

pub fn run(dir: &Path) -> Result<Vec<Figure>, String> {
    eprintln!("bench: a workspace with {ENTRIES} audit entries");
    let path = trail(dir)?;
    let (baseline, _) = ms(|| hash_rows(&path));
    let (value, report) = ms(|| workspace::check(&path));
    let report = report.map_err(|e| e.to_string())?;
    if !report.is_ok() || report.head.as_deref().is_none_or(|h| !h.starts_with(&format!("{ENTRIES}:"))) {
        return Err(format!("check of the generated trail did not pass: {report:?}"));
    }
    let mut out = vec![Figure::new("audit.check", value, "ms", &format!("<= 2x baseline ({ENTRIES} entries: integrity and chain)")).against("sha256 of the same rows, one SQL pass", baseline)];
    out.push(verify_open(&path)?);
    Ok(out)
}

/// Opening the million-entry workspace as the app does when it last left the trail verified
/// at its head: open, then check the head and walk the entries added since (none). Against
/// the open alone, in the same run; the median of ten after one open that takes the
/// planner's statistics.
fn verify_open(path: &Path) -> Result<Figure, String> {
    let actor = || Actor::parse("benchmark").map_err(|e| e.to_string());
    let head = {
        let ws = Workspace::open(path, actor()?).map_err(|e| e.to_string())?;
        workspace::head(&ws).map_err(|e| e.to_string())?
    };
    let mut opens = Vec::new();
    let mut verified = Vec::new();
    for _ in 0..10 {
        let (t, ws) = ms(|| Workspace::open(path, actor()?).map_err(|e| e.to_string()));
        drop(ws?);
        opens.push(t);
        let (t, found) = ms(|| -> Result<Option<String>, String> {
            let ws = Workspace::open(path, actor()?).map_err(|e| e.to_string())?;
            workspace::compare_head(&ws, &head).map_err(|e| e.to_string())
        });
        if let Some(w) = found? {
            return Err(format!("the unchanged trail did not verify: {w}"));
        }
        verified.push(t);
    }
    let median = |v: &mut Vec<f64>| crate::measure::percentile(v, 50.0);
    Ok(Figure::new("audit.verify_open", median(&mut verified), "ms", &format!("< 50 ms ({ENTRIES} entries, unchanged since the last open)")).against("the open alone", median(&mut opens)))
}
