//! What follows a write, wired above the practices: the SLA clocks follow the incidents and
//! requests that changed, and an import's history notes the records it created. The
//! workspace's transaction calls these (as `workspace::Reactions`) without knowing what is
//! behind them; every way to open a workspace is here, so none opens without them.

use std::path::Path;

use crate::error::Result;
use crate::time::Clock;
use crate::workspace::{create_whole_reacting, restore_reacting, Actor, BrokenChain, Password, Reactions, Workspace};

const REACTIONS: Reactions = Reactions { settle: crate::sla::clocks::follow, created_in_import: crate::import::history::created_in_import };

impl Workspace {
    /// Creates a new, empty workspace file. Fails if `path` exists.
    pub fn create(path: &Path, actor: Actor) -> Result<Self> {
        Self::create_reacting(path, actor, REACTIONS, None)
    }

    /// Creates a new, empty workspace file encrypted with `password` from its first page.
    pub fn create_encrypted(path: &Path, actor: Actor, password: &Password) -> Result<Self> {
        Self::create_reacting(path, actor, REACTIONS, Some(password))
    }

    /// Opens an existing workspace, migrating it (after a backup) if it is older than this build.
    pub fn open(path: &Path, actor: Actor) -> Result<Self> {
        Self::open_reacting(path, actor, REACTIONS, None)
    }

    /// [`Workspace::open`], with the password of an encrypted workspace (ignored for a plain
    /// one; an encrypted one opened without it "needs its password").
    pub fn open_with(path: &Path, actor: Actor, password: Option<&Password>) -> Result<Self> {
        Self::open_reacting(path, actor, REACTIONS, password)
    }

    /// Opens a workspace to read it only (see `Workspace::open_reading_reacting`).
    pub fn open_reading(path: &Path, actor: Actor, password: Option<&Password>) -> Result<Self> {
        Self::open_reading_reacting(path, actor, REACTIONS, password)
    }

    /// Creates the workspace at `path` as a whole or not at all, filled by `fill` (nothing to
    /// add: `|_| Ok(())`), its times shown in the computer's zone, encrypted with `password`
    /// if one is given, and opens it on `clock` (see `workspace/create.rs`).
    pub fn create_whole(path: &Path, actor: Actor, clock: Clock, password: Option<&Password>, fill: impl FnOnce(&Workspace) -> Result<()>) -> Result<Self> {
        create_whole_reacting(path, actor, clock, password, |ws| crate::settings::start_in_os_zone(ws).and_then(|_| fill(ws)), REACTIONS)
    }

    /// Creates the demo engagement at `path` as [`create_whole`](Self::create_whole) does, in
    /// the zone of its story (Berlin) rather than the computer's. Its records are made by
    /// its own people (the head of IT builds it, the desk and the security officer write and
    /// flag what is theirs), not by whoever opens it; the workspace then opens as `actor`.
    pub fn create_demo(path: &Path, actor: Actor, clock: Clock, password: Option<&Password>) -> Result<Self> {
        let mut ws = create_whole_reacting(path, crate::demo::builder()?, clock, password, crate::demo::load_demo, REACTIONS)?;
        ws.set_actor(actor);
        Ok(ws)
    }

    /// Restores the backup `from` over `target` and opens it (see `workspace/backup.rs`); an
    /// encrypted backup with its password.
    pub fn restore(target: &Path, from: &Path, actor: Actor, broken: BrokenChain, password: Option<&Password>) -> Result<Self> {
        restore_reacting(target, from, actor, broken, REACTIONS, password)
    }
}
