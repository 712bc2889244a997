//! Information security management: `controls.rs` (the controls register, tests and
//! evidence), `frameworks.rs` (catalogues such as NIST CSF 2.0, mapping, coverage, the
//! statement of applicability), `cvss.rs` (vulnerability scores).

pub mod controls;
pub mod cvss;
pub mod frameworks;
pub mod incidents;
pub mod vulnerabilities;
#[cfg(test)]
mod tests;
