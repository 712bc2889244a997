//! `cvss`: score a vector (no workspace needed).

use clap::Subcommand;
use steward_core::CoreError;

use crate::common::Outcome;

#[derive(Subcommand)]
pub enum CvssWhat {
    /// The base score and severity of a CVSS 3.0, 3.1 or 4.0 vector.
    Score { vector: String },
}

pub fn run(what: &CvssWhat) -> Result<Outcome, CoreError> {
    match what {
        CvssWhat::Score { vector } => {
            let r = steward_core::security::cvss::score(vector)?;
            let text =
                format!("CVSS {} base score {:.1} ({}){}", r.version, r.base_score, r.severity, r.nomenclature.as_deref().map(|n| format!(", {n}")).unwrap_or_default());
            Ok(Outcome::Done(serde_json::to_value(&r).unwrap_or_default(), text))
        }
    }
}
