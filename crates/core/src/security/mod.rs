//! Risk management and information security: `cvss.rs` scores vulnerability vectors.

pub mod cvss;
