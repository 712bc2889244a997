//! steward-core: everything Steward knows that is not UI or transport.
//!
//! One engagement is one workspace file ([`workspace::Workspace`]). Practices are modules
//! that take a workspace and a typed request and return a typed result or a [`CoreError`].
//! The Tauri commands and `steward-cli` are thin adapters over these functions.
//!
//! **Invariant:** no dependency on Tauri, and no module but `workspace` opens SQLite.

mod cells;
pub mod assessments;
pub mod charts;
pub mod changes;
pub mod choices;
pub mod cis;
pub mod cmdb;
pub mod demo;
pub mod deployments;
pub mod directory;
pub mod enums;
pub mod error;
pub mod evidence;
pub mod export;
pub mod import;
pub mod import_file;
pub mod improvement;
pub mod incidents;
pub mod knowledge;
pub mod links;
pub mod list;
pub mod record;
pub mod references;
pub mod problems;
pub mod requests;
pub mod risks;
pub mod rng;
pub mod search;
pub mod security;
pub mod services;
pub mod settings;
pub mod sla;
pub mod summary;
pub mod time;
pub mod validate;
pub mod workspace;
mod wiring;

pub use error::{CoreError, Result, WorkspaceError};

#[cfg(test)]
pub(crate) mod testing;
