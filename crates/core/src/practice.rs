//! What the core knows of each practice as a whole: the record kinds it keeps and its part of
//! the demo engagement. `lib.rs` lists every practice once (`practices!`), which declares its
//! module and its row of [`crate::PRACTICES`]; the demo and the house rules walk that list.

use crate::demo::Spine;
use crate::error::Result;
use crate::record::RecordKind;
use crate::workspace::Workspace;

/// A practice's records in the demo engagement, made after the spine (people, groups,
/// vendors, services, CIs and their relations) in the order of [`crate::PRACTICES`].
pub type DemoPart = fn(&Workspace, &Spine) -> Result<()>;

#[derive(Clone, Copy)]
pub struct Practice {
    /// Its module, which is also its window folder (`ui/src/<name>/`) and its commands file
    /// (`src-tauri/src/commands/<name>.rs`).
    pub name: &'static str,
    /// The record kinds it keeps (each kind belongs to one practice, or to the workspace).
    pub kinds: &'static [RecordKind],
    /// Its demo records; none for the spine, which the demo builds first.
    pub demo: Option<DemoPart>,
}

/// The kinds no practice keeps: the workspace's own records.
pub const WORKSPACE_KINDS: &[RecordKind] = &[RecordKind::Import, RecordKind::Link, RecordKind::Setting, RecordKind::Workspace];

#[cfg(test)]
mod tests {
    use crate::record::RecordKind;

    #[test]
    fn every_record_kind_belongs_to_one_practice_or_to_the_workspace() {
        for kind in RecordKind::ALL {
            let owners: Vec<&str> = crate::PRACTICES.iter().filter(|p| p.kinds.contains(kind)).map(|p| p.name).collect();
            let workspace = super::WORKSPACE_KINDS.contains(kind);
            assert!(owners.len() + usize::from(workspace) == 1, "{kind:?} is kept by {owners:?} (workspace: {workspace})");
        }
        let mut names: Vec<&str> = crate::PRACTICES.iter().map(|p| p.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), crate::PRACTICES.len(), "a practice listed twice");
    }
}
