//! What the core's tests share: a workspace whose clock is pinned, so that what a test
//! asserts does not depend on the day or the time zone it runs in.

use crate::time::Clock;
use crate::workspace::{Actor, Workspace};

/// The instant the tests' workspaces are pinned at unless a test says otherwise: a Sunday
/// morning in December, in the weeks before the demo's year-end freeze.
pub(crate) const NOW: &str = "2026-12-06T09:30:00Z";

/// A new workspace `w.steward` in a fresh folder, written by `actor`, its clock at [`NOW`].
pub(crate) fn ws(actor: &str) -> (tempfile::TempDir, Workspace) {
    ws_at(actor, NOW)
}

/// As [`ws`], its clock at `at` (RFC 3339).
pub(crate) fn ws_at(actor: &str, at: &str) -> (tempfile::TempDir, Workspace) {
    let d = tempfile::tempdir().unwrap();
    let ws = pinned(&d, actor, at);
    (d, ws)
}

/// A new workspace `w.steward` in `dir`, its clock at `at`.
pub(crate) fn pinned(dir: &tempfile::TempDir, actor: &str, at: &str) -> Workspace {
    let mut ws = Workspace::create(&dir.path().join("w.steward"), Actor::parse(actor).unwrap()).unwrap();
    ws.set_clock(Clock::at(at).unwrap());
    ws
}
