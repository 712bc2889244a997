//! `cis`: configuration items; `cis eol`, the end-of-life radar.

use clap::Subcommand;
use steward_core::cis::lifecycle::eol_radar;
use steward_core::CoreError;

use crate::common::{open_reading, printable, Outcome};
use crate::Cli;

#[derive(Subcommand)]
pub enum CisWhat {
    /// What falls out of warranty, support or life from today through MONTHS months ahead,
    /// soonest first.
    Eol {
        #[arg(long, value_name = "MONTHS")]
        within: u32,
    },
}

pub fn run(cli: &Cli, what: &CisWhat) -> Result<Outcome, CoreError> {
    match what {
        CisWhat::Eol { within } => {
            let items = eol_radar(&open_reading(cli)?, *within)?;
            let doc: Vec<serde_json::Value> = items.iter().map(|i| serde_json::json!({"ci": i.ci, "kind": i.kind, "date": i.date})).collect();
            let text = items.iter().map(|i| format!("{}  {}  {}", i.date, i.kind.label(), printable(&i.ci))).collect::<Vec<_>>().join("\n");
            Ok(Outcome::Done(serde_json::Value::Array(doc), if text.is_empty() { format!("Nothing ends within {within} months.") } else { text }))
        }
    }
}
