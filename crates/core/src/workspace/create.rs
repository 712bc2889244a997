//! Creating a workspace as a whole or not at all. It is built (and filled, e.g. with the
//! demo) in a file beside its target, made self-contained, and moved into place only when
//! complete: a kill at any moment leaves either no file at the target or a whole workspace,
//! never a stub that `init` calls "already exists" and `restore` refuses.

use std::path::{Path, PathBuf};

use super::password::Password;
use super::{with_suffix, Actor, Reactions, Workspace};
use crate::error::{CoreError, Result, WorkspaceError};
use crate::time::Clock;

impl Workspace {
    /// Folds the write-ahead log into the file and stops using one, so the file alone holds
    /// everything (it is about to be moved; a `-wal` beside it would not follow).
    pub(super) fn self_contained(&self) -> Result<()> {
        self.conn.pragma_update(None, "journal_mode", "DELETE")?;
        Ok(())
    }
}

/// The file a workspace at `path` is built in: hidden, beside it, one per target.
fn building(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.creating"))
}

/// Creates the workspace at `path`, filled by `fill` (nothing to add: `|_| Ok(())`), and
/// opens it on `clock`.
pub(crate) fn create_whole(path: &Path, actor: Actor, clock: Clock, password: Option<&Password>, fill: impl FnOnce(&Workspace) -> Result<()>, reactions: Reactions) -> Result<Workspace> {
    if path.exists() {
        return Err(WorkspaceError::AlreadyExists(path.to_path_buf()).into());
    }
    let temp = building(path);
    remove_abandoned(&temp)?;
    let built = (|| {
        let mut ws = Workspace::create_reacting(&temp, actor.clone(), reactions, password)?;
        ws.set_clock(clock);
        fill(&ws)?;
        ws.self_contained()?;
        drop(ws);
        place(&temp, path)
    })();
    if let Err(e) = built {
        for leftover in [temp.clone(), with_suffix(&temp, "-wal"), with_suffix(&temp, "-shm")] {
            let _ = std::fs::remove_file(leftover);
        }
        return Err(e);
    }
    let mut ws = Workspace::open_reacting(path, actor, reactions, password)?;
    ws.set_clock(clock);
    Ok(ws)
}

/// A build a killed process left behind is removed; one another process is still making
/// (its file locked) is left alone and said.
fn remove_abandoned(temp: &Path) -> Result<()> {
    let Ok(file) = std::fs::OpenOptions::new().read(true).write(true).open(temp) else { return Ok(()) };
    if file.try_lock().is_err() {
        return Err(WorkspaceError::Locked(temp.to_path_buf()).into());
    }
    drop(file);
    for leftover in [temp.to_path_buf(), with_suffix(temp, "-wal"), with_suffix(temp, "-shm")] {
        match std::fs::remove_file(&leftover) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(CoreError::io_at("remove the unfinished", &leftover, e)),
        }
    }
    Ok(())
}

/// Moves the finished file to `path`, never over a file that appeared there meanwhile: a
/// hard link fails if the name is taken; where the file system has none (FAT, exFAT), a
/// rename after checking.
pub(super) fn place(temp: &Path, path: &Path) -> Result<()> {
    std::fs::File::open(temp).and_then(|f| f.sync_all()).map_err(|e| CoreError::io_at("save", temp, e))?;
    match std::fs::hard_link(temp, path) {
        Ok(()) => std::fs::remove_file(temp).map_err(|e| CoreError::io_at("tidy up", temp, e)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(WorkspaceError::AlreadyExists(path.to_path_buf()).into()),
        Err(_) if !path.exists() => std::fs::rename(temp, path).map_err(|e| CoreError::io_at("create", path, e)),
        Err(_) => Err(WorkspaceError::AlreadyExists(path.to_path_buf()).into()),
    }?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        // The new name is durable once its folder is (best effort: not every system allows it).
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workspace_appears_whole_or_not_at_all() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("client.steward");
        let clock = Clock::at(crate::testing::NOW).unwrap();
        let actor = || Actor::parse("Cy Create").unwrap();

        // A fill that fails leaves nothing: no file, no hidden build, no WAL.
        let e = Workspace::create_whole(&path, actor(), clock, None, |_| Err(CoreError::validation("demo", "stop"))).unwrap_err();
        assert_eq!(e.field(), Some("demo"));
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0);

        // A build a killed process left behind (a stub) does not block the next create.
        std::fs::write(building(&path), b"half").unwrap();
        let ws = Workspace::create_whole(&path, actor(), clock, None, |ws| {
            // While it is being built, the target does not exist yet.
            assert!(!ws.path().ends_with("client.steward"));
            Ok(())
        })
        .unwrap();
        assert_eq!(ws.path(), path.as_path());
        drop(ws);
        let names: Vec<String> = std::fs::read_dir(d.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["client.steward"]);
        assert!(crate::workspace::check(&path).unwrap().is_ok());

        // An existing workspace is never replaced.
        let again = Workspace::create_whole(&path, actor(), clock, None, |_| Ok(())).unwrap_err();
        assert!(again.to_string().contains("already exists"), "{again}");
    }
}
