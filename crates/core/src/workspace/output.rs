//! Every file Steward writes for the user (a backup, an export, a chart, the audit trail, an
//! evidence copy) goes through here. The target is resolved (its real folder, and the same
//! file under another name: a hard link, `./name`, `sub/../name`) and refused when it is the
//! open workspace or one of its files, or any workspace at all; then the file is written
//! beside it under a hidden name and renamed into place only when complete, so a failed
//! write leaves the target as it was and nothing else behind.

use std::path::{Path, PathBuf};

use super::Workspace;
use crate::error::{CoreError, Result};

/// A file being written: write to [`path`](Output::path), then [`commit`](Output::commit).
/// Dropped without a commit, the partial file is removed.
pub(crate) struct Output {
    target: PathBuf,
    temp: PathBuf,
    committed: bool,
}

impl Output {
    /// Where to write now (a hidden file beside the target).
    pub fn path(&self) -> &Path {
        &self.temp
    }

    /// Moves the finished file into place.
    pub fn commit(mut self) -> Result<()> {
        std::fs::rename(&self.temp, &self.target).map_err(|e| CoreError::io_at("write", &self.target, e))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// What a write may replace besides ordinary files.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Replaces {
    /// No workspace at all (exports, charts, copies: never meant to replace an engagement).
    NoWorkspace,
    /// A workspace that is not open anywhere (a backup may refresh an older backup).
    ClosedWorkspace,
}

/// Checks `target` against the open workspace `ws` and returns where to write it.
pub(crate) fn prepare(ws: &Workspace, target: &Path) -> Result<Output> {
    prepare_for(ws, target, Replaces::NoWorkspace)
}

/// As [`prepare`], for a write that may replace `replaces`.
pub(crate) fn prepare_for(ws: &Workspace, target: &Path, replaces: Replaces) -> Result<Output> {
    let refuse = |why: &str| CoreError::validation("out", format!("{} {why}; choose another file name.", target.display()));
    let name = target.file_name().filter(|n| !n.is_empty() && *n != "." && *n != "..").ok_or_else(|| refuse("is not a file name"))?;
    let folder = match target.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.to_path_buf(),
        None => PathBuf::from("."),
    };
    let folder = folder.canonicalize().map_err(|_| CoreError::validation("out", format!("The folder {} does not exist.", folder.display())))?;
    let resolved = folder.join(name);
    if resolved.is_dir() {
        return Err(refuse("is a folder"));
    }
    let own = ws.path().canonicalize().map_err(|e| CoreError::io_at("read", ws.path(), e))?;
    let named = followed(&resolved);
    if is_workspace_file(&resolved, &own) || is_workspace_file(&named, &own) || same_file(&resolved, &own) {
        return Err(refuse("is the open workspace (or one of its files)"));
    }
    if super::header::looks_like_workspace(&resolved) {
        if is_open(&resolved) {
            return Err(refuse("is a workspace open in Steward"));
        }
        if replaces == Replaces::NoWorkspace {
            return Err(refuse("is a Steward workspace"));
        }
    }
    // Hidden, and ending in the target's own name: writers that go by the extension (a PNG)
    // see the right one.
    let temp = folder.join(format!(".partial-{}-{}", std::process::id(), name.to_string_lossy()));
    Ok(Output { target: resolved, temp, committed: false })
}

/// Where a chain of symbolic links ends, the last link's target named even when it does
/// not exist (yet): a link to the workspace's `-wal` names it while SQLite has none.
fn followed(path: &Path) -> PathBuf {
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        let Ok(next) = std::fs::read_link(&at) else { break };
        let next = match at.parent() {
            Some(dir) if next.is_relative() => dir.join(next),
            _ => next,
        };
        at = match (next.parent().and_then(|d| d.canonicalize().ok()), next.file_name()) {
            (Some(dir), Some(name)) => dir.join(name),
            _ => next,
        };
    }
    at
}

/// The workspace file itself, SQLite's files beside it, and the copies Steward keeps of it.
fn is_workspace_file(path: &Path, workspace: &Path) -> bool {
    if path == workspace {
        return true;
    }
    let (Some(name), Some(own)) = (path.file_name().and_then(|n| n.to_str()), workspace.file_name().and_then(|n| n.to_str())) else { return false };
    if path.parent() != workspace.parent() {
        return false;
    }
    let rest = name.strip_prefix(own).unwrap_or("");
    ["-wal", "-shm", "-journal"].contains(&rest) || rest.starts_with(".pre-migration-") || rest.starts_with(".before-restore-")
}

/// Whether a process (this one included) holds the workspace's lock: it is open.
fn is_open(path: &Path) -> bool {
    match std::fs::File::open(path) {
        Ok(f) => f.try_lock().is_err(),
        Err(_) => false,
    }
}

/// The same file under another name (a hard link), where the system says so.
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_is_never_an_output_under_any_name() {
        let (d, ws) = crate::testing::ws("Otto Output");
        std::fs::create_dir(d.path().join("sub")).unwrap();
        std::fs::hard_link(ws.path(), d.path().join("linked.steward")).unwrap();
        let other = d.path().join("other.steward");
        drop(Workspace::create(&other, crate::workspace::Actor::parse("Otto Output").unwrap()).unwrap());
        let cwd = std::env::current_dir().unwrap();
        for bad in [
            ws.path().to_path_buf(),
            d.path().join("sub/../w.steward"),
            d.path().join("./w.steward"),
            d.path().join("linked.steward"),
            d.path().join("w.steward-wal"),
            d.path().join("w.steward.pre-migration-v3.bak"),
            other.clone(),
            d.path().to_path_buf(),
        ] {
            let e = prepare(&ws, &bad).err().unwrap_or_else(|| panic!("{} was accepted", bad.display()));
            assert_eq!(e.field(), Some("out"), "{e}");
        }
        assert!(std::env::current_dir().unwrap() == cwd);

        // An ordinary file: written beside, renamed into place; a dropped write leaves nothing.
        let fine = d.path().join("sub/incidents.csv");
        let out = prepare(&ws, &fine).unwrap();
        std::fs::write(out.path(), "a,b\n").unwrap();
        out.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&fine).unwrap(), "a,b\n");
        let out = prepare(&ws, &fine).unwrap();
        std::fs::write(out.path(), "half").unwrap();
        drop(out);
        assert_eq!(std::fs::read_to_string(&fine).unwrap(), "a,b\n");
        assert_eq!(std::fs::read_dir(d.path().join("sub")).unwrap().count(), 1, "no partial file left");
        assert_eq!(prepare(&ws, &d.path().join("missing/x.csv")).err().unwrap().field(), Some("out"));

        // A backup may refresh an older backup (a closed workspace), never an open one.
        assert!(prepare_for(&ws, &other, Replaces::ClosedWorkspace).is_ok());
        let open = Workspace::open(&other, crate::workspace::Actor::parse("Otto Output").unwrap()).unwrap();
        let e = prepare_for(&ws, &other, Replaces::ClosedWorkspace).err().unwrap();
        assert!(e.to_string().contains("open in Steward"), "{e}");
        drop(open);
    }

    /// Random spellings of output paths (absolute or relative to the working folder, with
    /// `.` and `..` steps, through symlinked folders, as symlinks or hard links to files):
    /// whatever names the open workspace or one of its files is refused and the workspace
    /// stays whole; every other name is written.
    #[test]
    fn no_spelling_of_an_output_path_writes_over_the_open_workspace() {
        use std::os::unix::fs::symlink;
        let (d, ws) = crate::testing::ws("Pat Paths");
        let root = d.path().canonicalize().unwrap();
        for dir in ["a", "a/b", "c"] {
            std::fs::create_dir(root.join(dir)).unwrap();
        }
        symlink(root.join("a/b"), root.join("c/to-b")).unwrap();
        symlink(root.join("w.steward"), root.join("a/ws-link")).unwrap();
        std::fs::hard_link(root.join("w.steward"), root.join("a/b/ws-hard")).unwrap();
        symlink(root.join("w.steward-wal"), root.join("c/wal-link")).unwrap();
        let before = crate::workspace::check(ws.path()).unwrap().head;
        // Names that are the workspace, one of its files, or another name for them.
        let bad = ["w.steward", "w.steward-wal", "w.steward-shm", "a/ws-link", "a/b/ws-hard", "c/to-b/ws-hard", "c/wal-link"];
        let good = ["out.bak", "a/out.bak", "c/to-b/out.bak", "a/b/w.steward.copy"];
        // Ways to spell a folder of the tree: plain, through `.` and `..`, through the link.
        let ways: &[fn(&str) -> String] = &[
            |p| p.to_string(),
            |p| format!("./{p}"),
            |p| format!("a/../{p}"),
            |p| format!("a/b/../../{p}"),
            |p| format!("c/to-b/../../{p}"),
        ];
        let cwd = std::env::current_dir().unwrap().canonicalize().unwrap();
        let up = "../".repeat(cwd.components().count().saturating_sub(1));
        let mut rng = crate::rng::Rng::new(7);
        let (mut refused, mut written) = (0, 0);
        for i in 0..300 {
            let is_bad = rng.below(2) == 0;
            let name = if is_bad { bad[rng.below(bad.len() as u64) as usize] } else { good[rng.below(good.len() as u64) as usize] };
            let spelled = ways[rng.below(ways.len() as u64) as usize](name);
            // Absolute, or relative to the working folder (up to / and down again).
            let path = if rng.below(2) == 0 { root.join(&spelled) } else { PathBuf::from(format!("{up}{}/{spelled}", root.display().to_string().trim_start_matches('/'))) };
            let out = crate::workspace::backup(&ws, &path);
            if is_bad {
                assert!(out.is_err(), "{i}: {} was written", path.display());
                refused += 1;
            } else {
                out.unwrap_or_else(|e| panic!("{i}: {}: {e}", path.display()));
                written += 1;
            }
        }
        assert!(refused > 100 && written > 100, "{refused} refused, {written} written");
        // Whole: its chain is unbroken and holds one entry per backup written, after those it had.
        let report = crate::workspace::check(ws.path()).unwrap();
        assert!(report.is_ok(), "{report:?}");
        let count = |h: &Option<String>| h.as_deref().and_then(|h| h.split(':').next()).and_then(|c| c.parse::<u64>().ok()).unwrap_or(0);
        assert_eq!(count(&report.head), count(&before) + written);
        assert!(crate::services::list_services(&ws, &Default::default()).is_ok());
    }
}
