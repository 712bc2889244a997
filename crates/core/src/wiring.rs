//! What follows a write, wired above the practices: the SLA clocks follow the incidents and
//! requests that changed, and an import's history notes the records it created. The
//! workspace's transaction calls these (as `workspace::Reactions`) without knowing what is
//! behind them; every way to open a workspace is here, so none opens without them.

use std::path::Path;

use crate::error::Result;
use crate::time::Clock;
use crate::workspace::{create_whole_reacting, restore_reacting, Actor, BrokenChain, Reactions, Workspace};

const REACTIONS: Reactions = Reactions { settle: crate::sla::clocks::follow, created_in_import: crate::import::history::created_in_import };

impl Workspace {
    /// Creates a new, empty workspace file. Fails if `path` exists.
    pub fn create(path: &Path, actor: Actor) -> Result<Self> {
        Self::create_reacting(path, actor, REACTIONS)
    }

    /// Opens an existing workspace, migrating it (after a backup) if it is older than this build.
    pub fn open(path: &Path, actor: Actor) -> Result<Self> {
        Self::open_reacting(path, actor, REACTIONS)
    }

    /// Opens a workspace to read it only (see `Workspace::open_reading_reacting`).
    pub fn open_reading(path: &Path, actor: Actor) -> Result<Self> {
        Self::open_reading_reacting(path, actor, REACTIONS)
    }

    /// Creates the workspace at `path` as a whole or not at all, filled by `fill` (nothing to
    /// add: `|_| Ok(())`), and opens it on `clock` (see `workspace/create.rs`).
    pub fn create_whole(path: &Path, actor: Actor, clock: Clock, fill: impl FnOnce(&Workspace) -> Result<()>) -> Result<Self> {
        create_whole_reacting(path, actor, clock, fill, REACTIONS)
    }

    /// Restores the backup `from` over `target` and opens it (see `workspace/backup.rs`).
    pub fn restore(target: &Path, from: &Path, actor: Actor, broken: BrokenChain) -> Result<Self> {
        restore_reacting(target, from, actor, broken, REACTIONS)
    }
}
