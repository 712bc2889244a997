//! Evidence files kept inside the workspace with their SHA-256 (a control test's, an
//! assessment answer's): read once, bounded in size, and handed back out only as a checked
//! copy, so what an auditor opens is what was kept.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{CoreError, Result};
use crate::validate;
use crate::workspace::Workspace;

/// Largest evidence file kept in a workspace: the file travels with the engagement.
pub const MAX_EVIDENCE_BYTES: u64 = 25 * 1024 * 1024;

/// A file read to be kept: its name, its bytes and their SHA-256.
pub(crate) struct Kept {
    pub name: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
}

/// Reads `path` to keep it: a folder or a file over the limit is refused, saying what to do.
pub(crate) fn read(path: &Path) -> Result<Kept> {
    let meta = std::fs::metadata(path).map_err(|e| CoreError::io_at("read", path, e))?;
    if meta.is_dir() {
        return Err(CoreError::validation("file", format!("{} is a folder; choose a file.", path.display())));
    }
    if meta.len() > MAX_EVIDENCE_BYTES {
        return Err(CoreError::validation("file", format!(
            "{} is {:.1} MB; evidence files can be at most {} MB. Keep large files outside the workspace and record where they are in the notes.",
            path.display(), meta.len() as f64 / 1_048_576.0, MAX_EVIDENCE_BYTES / 1_048_576,
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| CoreError::io_at("read", path, e))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "evidence".into());
    Kept::of(&name, bytes)
}

impl Kept {
    /// Content to keep under `name`, with its SHA-256.
    pub(crate) fn of(name: &str, bytes: Vec<u8>) -> Result<Kept> {
        let sha256 = format!("{:x}", Sha256::digest(&bytes));
        Ok(Kept { name: validate::line("file", name, 255)?, bytes, sha256 })
    }
}

/// Writes kept content out to `dir` (a fresh temporary folder the caller owns) under a safe
/// name, after checking it still matches its SHA-256; returns the path to open.
pub(crate) fn copy_out(ws: &Workspace, name: &str, sha256: &str, content: &[u8], dir: &Path) -> Result<PathBuf> {
    if format!("{:x}", Sha256::digest(content)) != sha256 {
        return Err(CoreError::Conflict(format!("The evidence file {name} no longer matches its SHA-256; it was not opened.")));
    }
    // Only the name's last part, with anything a shell or a path could misread replaced.
    let safe: String = name.rsplit(['/', '\\']).next().unwrap_or("evidence").chars().map(|c| if c.is_alphanumeric() || ".-_ ".contains(c) { c } else { '_' }).collect();
    let safe = safe.trim_start_matches('.').to_string();
    let out = dir.join(if safe.is_empty() { "evidence".to_string() } else { safe });
    let file = crate::workspace::output::prepare(ws, &out)?;
    std::fs::write(file.path(), content).map_err(|e| CoreError::io_at("write", &out, e))?;
    file.commit()?;
    Ok(out)
}
