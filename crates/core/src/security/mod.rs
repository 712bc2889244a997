//! Information security management: `controls.rs` (the controls register, tests and
//! evidence), `frameworks.rs` (catalogues such as NIST CSF 2.0, mapping, coverage, the
//! statement of applicability), `cvss.rs` (vulnerability scores).

pub(crate) mod demo;

pub mod controls;
pub mod cvss;
pub mod frameworks;
pub mod incidents;
pub mod vulnerabilities;
#[cfg(test)]
mod tests;

/// What the practice registry knows of information security management (`crate::PRACTICES`).
pub(crate) const KINDS: &[crate::record::RecordKind] = &[crate::record::RecordKind::Control, crate::record::RecordKind::Vulnerability, crate::record::RecordKind::Framework, crate::record::RecordKind::Requirement];
pub(crate) const DEMO: Option<crate::practice::DemoPart> = Some(demo::security_controls);
