//! steward-core: everything Steward knows that is not UI or transport.
//!
//! One engagement is one workspace file ([`workspace::Workspace`]). Practices are modules
//! that take a workspace and a typed request and return a typed result or a [`CoreError`].
//! The Tauri commands and `steward-cli` are thin adapters over these functions.
//!
//! **Invariant:** no dependency on Tauri, and no module but `workspace` opens SQLite.

mod cells;
pub mod bundle;
pub mod charts;
pub mod choices;
pub mod cmdb;
pub mod demo;
pub mod enums;
pub mod error;
pub mod evidence;
pub mod export;
pub mod import;
pub mod import_file;
pub mod links;
pub mod list;
pub mod money;
pub mod practice;
pub mod record;
pub mod references;
pub mod report;
pub mod rng;
pub mod search;
pub mod settings;
pub mod views;
pub mod summary;
pub mod time;
pub mod validate;
pub mod value_chain;
pub mod value_stream;
pub mod workspace;
mod wiring;

/// Declares each practice's module and its row of [`PRACTICES`] from its `KINDS` and `DEMO`.
macro_rules! practices {
    ($($name:ident),+ $(,)?) => {
        $(pub mod $name;)+
        /// Every practice, in the order the demo engagement fills them. A new practice is
        /// one name here.
        pub const PRACTICES: &[practice::Practice] = &[$(practice::Practice { name: stringify!($name), kinds: $name::KINDS, demo: $name::DEMO }),+];
    };
}

practices! {
    services, cis, directory, knowledge, requests, incidents, sla, risks, security, changes, problems, assessments, improvement, deployments, software, finance, relationship,
}

pub use error::{CoreError, Result, WorkspaceError};

#[cfg(test)]
pub(crate) mod testing;
