//! The evidence bundle benchmark: a signed bundle of a workspace of about 500 MB against
//! what no bundle can do with less, reading the file once for its SHA-256 and copying it
//! once (`sha256sum` + `cp`), in the same run on the same file.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};
use steward_core::bundle::{create_bundle, keys};
use steward_core::workspace::{Action, Actor, Subject, Workspace};

use crate::measure::{ms, Figure};

/// Audit entries of about 330 bytes each: some 1.5 million make the file about 500 MB.
const ENTRIES: u64 = 1_500_000;

fn big(dir: &Path) -> Result<std::path::PathBuf, String> {
    let path = dir.join("bundle-500mb.steward");
    // A file of an older schema would be migrated on open, its 500 MB backed up first, and
    // that copy still being written out would slow the bundle timed next (2.0 s, not 1.0).
    let current = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| c.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)))
        .is_ok_and(|v| v == steward_core::workspace::migrations::LATEST);
    if current && std::fs::metadata(&path).map(|m| m.len() > 400_000_000).unwrap_or(false) {
        return Ok(path);
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let ws = Workspace::create(&path, Actor::parse("benchmark").map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    let note = "x".repeat(200);
    ws.write(|tx| {
        for i in 1..ENTRIES {
            tx.audit(Action::did("bench.entry"), Subject::Setting("bench"), serde_json::json!({"n": i, "note": note}))?;
        }
        Ok(())
    })
    .map_err(|e| e.to_string())?;
    drop(ws);
    Ok(path)
}

/// `sha256sum` and `cp`: the file read once and hashed, and copied once.
fn hash_and_copy(path: &Path, to: &Path) -> Result<String, String> {
    let mut f = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    std::fs::copy(path, to).map_err(|e| e.to_string())?;
    Ok(format!("{:x}", h.finalize()))
}

pub fn run(dir: &Path) -> Result<Vec<Figure>, String> {
    eprintln!("bench: a workspace of about 500 MB ({ENTRIES} audit entries)");
    let path = big(dir)?;
    let mb = std::fs::metadata(&path).map_err(|e| e.to_string())?.len() as f64 / 1e6;
    let key_path = dir.join("bench.key");
    let _ = std::fs::remove_file(&key_path);
    keys::keygen(&key_path, None).map_err(|e| e.to_string())?;
    let key = keys::load(&key_path, None).map_err(|e| e.to_string())?;
    let copy = dir.join("bundle-baseline.copy");
    let out = dir.join("bundle-500mb.zip");
    let _ = std::fs::remove_file(&copy);
    let _ = std::fs::remove_file(&out);
    let ws = Workspace::open(&path, Actor::parse("benchmark").map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    let (baseline, hashed) = ms(|| hash_and_copy(&path, &copy));
    hashed?;
    let (value, made) = ms(|| create_bundle(&ws, &out, &key));
    let made = made.map_err(|e| e.to_string())?;
    let checked = steward_core::bundle::verify_bundle(&out, Some(&key.verifying_key()), None).map_err(|e| e.to_string())?;
    if !checked.valid {
        return Err(format!("the benchmark's bundle does not verify: {:?}", checked.problems));
    }
    let _ = std::fs::remove_file(&copy);
    let _ = std::fs::remove_file(&out);
    Ok(vec![Figure::new("bundle.create", value, "ms", &format!("< 2x baseline ({mb:.0} MB workspace, {} files)", made.files)).against("sha256 of the file + a copy of it", baseline)])
}
