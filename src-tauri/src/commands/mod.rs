//! Tauri commands: each deserializes its arguments, calls one core function through the
//! app state and serializes the result. Logic that needs an `if` belongs in the core.

pub mod assessments;
pub mod changes;
pub mod deployments;
pub mod dialogs;
pub mod directory;
pub mod imports;
pub mod improvement;
pub mod incidents;
pub mod knowledge;
pub mod problems;
pub mod records;
pub mod requests;
pub mod risks;
pub mod security;
pub mod sla;
pub mod workspace;
