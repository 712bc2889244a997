//! What the desktop shell keeps between commands: the open workspace, and per-OS-user
//! preferences (who the user is, recent workspaces) stored outside any workspace file.

use steward_core::error::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use steward_core::time::Clock;
use steward_core::workspace::{Actor, Workspace};

use crate::error::{CmdResult, CommandError};

const MAX_RECENT: usize = 8;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    pub name: String,
    #[serde(default)]
    pub email: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Prefs {
    pub identity: Option<Identity>,
    #[serde(default)]
    pub recent: Vec<String>,
    /// Each workspace's audit-trail head ("COUNT:HASH") as this app last left it, by path:
    /// what a trail cut or rewritten behind its back is found against.
    #[serde(default)]
    pub heads: std::collections::BTreeMap<String, String>,
}

pub struct AppState {
    workspace: Mutex<Option<Workspace>>,
    prefs: Mutex<Prefs>,
    prefs_path: PathBuf,
    /// The file `--workspace` named, or the default workspace in the app-data folder.
    pub start_path: PathBuf,
    /// The file the user picked to import: chosen in a native dialog, never named by the page.
    pending_import: Mutex<Option<PathBuf>>,
    /// Set by "Cancel" while an import runs (outside the workspace lock the import holds).
    import_cancel: Arc<AtomicBool>,
    /// Where every workspace this app opens takes "now" from: the system's clock, or the
    /// instant a command-layer test pinned.
    clock: Clock,
    /// The page holds a form with changes not saved: closing the window asks first.
    unsaved: AtomicBool,
    /// What the audit trail of the workspace just opened says against the head recorded when
    /// the app last had it (told to the window once).
    trail_warning: Mutex<Option<String>>,
    /// The whole walk of the open workspace's chain, running beside it after each open.
    trail: Arc<Mutex<TrailWalk>>,
}

/// How the background walk of the open workspace's audit chain stands, as the window asks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct TrailStatus {
    /// The walk is still running.
    pub checking: bool,
    /// The verdict in words when the chain does not verify.
    pub warning: Option<String>,
    #[ts(type = "number | null")]
    pub first_bad_entry: Option<i64>,
}

#[derive(Default)]
struct TrailWalk {
    /// Which open the walk belongs to: a walk finishing after another file opened is dropped.
    generation: u64,
    status: TrailStatus,
    /// The walk found every entry sound: the head the app leaves may be recorded as verified.
    verified: bool,
    /// The running walk, joined when the workspace closes before it is done.
    running: Option<std::thread::JoinHandle<()>>,
}

impl AppState {
    pub fn new(config_dir: &Path, start_path: PathBuf) -> Self {
        let prefs_path = config_dir.join("prefs.json");
        // Unreadable preferences are not worth refusing to start over: start fresh.
        let prefs = std::fs::read(&prefs_path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
        AppState {
            workspace: Mutex::new(None),
            prefs: Mutex::new(prefs),
            prefs_path,
            start_path,
            pending_import: Mutex::new(None),
            import_cancel: Arc::new(AtomicBool::new(false)),
            clock: Clock::System,
            unsaved: AtomicBool::new(false),
            trail_warning: Mutex::new(None),
            trail: Arc::new(Mutex::new(TrailWalk::default())),
        }
    }

    /// Records the workspace's audit-trail head as the app leaves it: the next open walks
    /// only the entries after it. Recorded only once this open's walk has verified the chain
    /// (the entries the app wrote since are its own); a chain found broken, or not yet
    /// walked, keeps the head recorded before.
    fn record_head(&self, ws: &Workspace) {
        // Closed before the walk was done: it finishes first (a second or two at a million).
        let running = self.trail.lock().ok().and_then(|mut t| t.running.take());
        if let Some(walk) = running {
            let _ = walk.join();
        }
        if !self.trail.lock().map(|t| t.verified).unwrap_or(false) {
            return;
        }
        let (Ok(head), Some(key)) = (steward_core::workspace::head(ws), head_key(ws.path())) else { return };
        // Best effort: a head not recorded only means the next open compares with an older one.
        let _ = self.update_prefs(|p| {
            p.heads.insert(key, head);
        });
    }

    /// Forgets the recorded head of `path` (a restore replaces the trail on purpose).
    pub fn forget_head(&self, path: &Path) {
        if let Some(key) = head_key(path) {
            let _ = self.update_prefs(|p| {
                p.heads.remove(&key);
            });
        }
    }

    /// How the background walk of the open workspace's chain stands.
    pub fn trail_status(&self) -> TrailStatus {
        self.trail.lock().map(|t| t.status.clone()).unwrap_or_default()
    }

    /// Walks the open workspace's whole chain in the background, on a connection of its own;
    /// what the open's own check found (`warning`) stands until the walk finds a bad entry.
    fn walk_trail_beside(&self, ws: &Workspace, warning: Option<String>) {
        let generation = match self.trail.lock() {
            Ok(mut t) => {
                t.generation += 1;
                t.status = TrailStatus { checking: true, warning, first_bad_entry: None };
                t.verified = false;
                t.generation
            }
            Err(_) => return,
        };
        let (trail, path, password) = (self.trail.clone(), ws.path().to_path_buf(), ws.password().cloned());
        let walk = std::thread::spawn(move || {
            let found = steward_core::workspace::walk_trail(&path, password.as_ref());
            let Ok(mut t) = trail.lock() else { return };
            if t.generation != generation {
                return;
            }
            t.status.checking = false;
            match found {
                Ok(c) => {
                    if let Some(n) = c.first_bad_entry {
                        t.status.first_bad_entry = Some(n);
                        t.status.warning = Some(steward_core::workspace::broken_words(n));
                    }
                    t.verified = c.first_bad_entry.is_none();
                }
                Err(e) => t.status.warning = Some(format!("The audit trail could not be walked to verify it: {e}")),
            }
        });
        if let Ok(mut t) = self.trail.lock() {
            t.running = Some(walk);
        }
    }

    /// What the trail of the workspace just opened says against its recorded head, once.
    pub fn take_trail_warning(&self) -> Option<String> {
        self.trail_warning.lock().ok().and_then(|mut w| w.take())
    }

    pub fn set_unsaved(&self, unsaved: bool) {
        self.unsaved.store(unsaved, Ordering::SeqCst);
    }

    pub fn unsaved(&self) -> bool {
        self.unsaved.load(Ordering::SeqCst)
    }

    /// The same state with every workspace it opens on `clock` (tests pin the day).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// The app's folder in the OS user's config folder (preferences, the assessor's key).
    pub fn config_dir(&self) -> &Path {
        self.prefs_path.parent().unwrap_or(Path::new("."))
    }

    pub fn prefs(&self) -> Prefs {
        self.prefs.lock().map(|p| p.clone()).unwrap_or_default()
    }

    pub fn update_prefs(&self, f: impl FnOnce(&mut Prefs)) -> CmdResult<()> {
        let mut p = self.prefs.lock().map_err(|_| CommandError::new(ErrorKind::Internal, "Preferences are unavailable."))?;
        f(&mut p);
        if let Some(dir) = self.prefs_path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| CommandError::new(ErrorKind::Io, format!("Could not save preferences: {e}")))?;
        }
        let tmp = self.prefs_path.with_extension("json.tmp");
        let bytes = serde_json::to_vec_pretty(&*p).unwrap_or_default();
        std::fs::write(&tmp, bytes)
            .and_then(|_| std::fs::rename(&tmp, &self.prefs_path))
            .map_err(|e| CommandError::new(ErrorKind::Io, format!("Could not save preferences: {e}")))
    }

    pub fn actor(&self) -> CmdResult<Actor> {
        let id = self.prefs().identity.ok_or_else(|| CommandError::new(ErrorKind::NoIdentity, "Say who you are first: the audit trail records it."))?;
        Ok(Actor::parse(&id.name)?)
    }

    /// Runs `f` on the open workspace.
    pub fn with<T>(&self, f: impl FnOnce(&Workspace) -> Result<T, steward_core::CoreError>) -> CmdResult<T> {
        let guard = self.workspace.lock().map_err(|_| CommandError::new(ErrorKind::Internal, "The workspace is unavailable after an earlier failure; restart Steward."))?;
        let ws = guard.as_ref().ok_or_else(CommandError::no_workspace)?;
        Ok(f(ws)?)
    }

    /// Replaces the open workspace (closing the old one first, releasing its lock).
    pub fn swap(&self, open: impl FnOnce() -> Result<Workspace, steward_core::CoreError>) -> CmdResult<()> {
        let mut guard = self.workspace.lock().map_err(|_| CommandError::new(ErrorKind::Internal, "The workspace is unavailable; restart Steward."))?;
        let previous = guard.take();
        let previous_path = previous.as_ref().map(|w| w.path().to_path_buf());
        if let Some(prev) = &previous {
            self.record_head(prev);
        }
        drop(previous);
        if let Ok(mut t) = self.trail.lock() {
            t.generation += 1;
            t.verified = false;
            t.status = TrailStatus::default();
        }
        match open() {
            Ok(mut ws) => {
                ws.set_clock(self.clock);
                let recorded = head_key(ws.path()).and_then(|k| self.prefs().heads.get(&k).cloned());
                let warning = recorded.and_then(|h| steward_core::workspace::compare_head(&ws, &h).ok().flatten());
                if let Ok(mut w) = self.trail_warning.lock() {
                    *w = warning.clone();
                }
                self.walk_trail_beside(&ws, warning);
                let path = ws.path().display().to_string();
                *guard = Some(ws);
                drop(guard);
                self.update_prefs(|p| {
                    p.recent.retain(|r| r != &path);
                    p.recent.insert(0, path);
                    p.recent.truncate(MAX_RECENT);
                })
            }
            Err(e) => {
                // Keep working in the previous workspace if the new one cannot be opened.
                if let Some(prev) = previous_path {
                    if let Ok(actor) = self.actor() {
                        *guard = Workspace::open(&prev, actor).ok().map(|mut ws| {
                            ws.set_clock(self.clock);
                            ws
                        });
                    }
                }
                Err(e.into())
            }
        }
    }

    pub fn set_pending_import(&self, path: PathBuf) {
        if let Ok(mut p) = self.pending_import.lock() {
            *p = Some(path);
        }
    }

    pub fn pending_import(&self) -> CmdResult<PathBuf> {
        self.pending_import
            .lock()
            .ok()
            .and_then(|p| p.clone())
            .ok_or_else(|| CommandError::new(ErrorKind::Validation, "Choose the file to import first."))
    }

    /// A fresh cancel flag for the import about to start.
    pub fn import_cancel_flag(&self) -> Arc<AtomicBool> {
        self.import_cancel.store(false, Ordering::SeqCst);
        self.import_cancel.clone()
    }

    pub fn cancel_import(&self) {
        self.import_cancel.store(true, Ordering::SeqCst);
    }

    pub fn close(&self) {
        drop(self.take());
    }

    /// Takes the open workspace out (its head recorded), to hand it to something that
    /// consumes it (encryption); `swap` puts one back.
    pub fn take(&self) -> Option<Workspace> {
        let ws = self.workspace.lock().ok()?.take()?;
        self.record_head(&ws);
        Some(ws)
    }

    pub fn is_open(&self) -> bool {
        self.workspace.lock().map(|g| g.is_some()).unwrap_or(false)
    }

    pub fn set_actor(&self, actor: Actor) {
        if let Ok(mut g) = self.workspace.lock() {
            if let Some(ws) = g.as_mut() {
                ws.set_actor(actor);
            }
        }
    }
}

/// The key a workspace's head is recorded under: its canonical path.
fn head_key(path: &Path) -> Option<String> {
    path.canonicalize().ok().map(|p| p.display().to_string())
}
