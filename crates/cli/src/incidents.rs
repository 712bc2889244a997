//! `incidents`: figures, one incident, search.

use crate::common::{open_reading, Outcome};
use crate::Cli;
use clap::Subcommand;
use steward_core::incidents;
use steward_core::CoreError;

#[derive(Subcommand)]
pub enum IncidentsWhat {
    /// Counts by state and priority.
    Stats,
    /// One incident with its history, oldest first.
    Show { number: String },
    /// Full-text search over number, title, description and resolution notes.
    Search {
        text: String,
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
}

pub fn run(cli: &Cli, what: &IncidentsWhat) -> Result<Outcome, CoreError> {
    let ws = open_reading(cli)?;
    match what {
        IncidentsWhat::Stats => {
            let s = incidents::incident_stats(&ws)?;
            let text = format!("{} incidents; by state {:?}; by priority {:?}", s.total, s.by_state, s.by_priority);
            Ok(Outcome::Done(serde_json::to_value(&s).unwrap_or_default(), text))
        }
        IncidentsWhat::Show { number } => {
            let d = incidents::show_incident(&ws, number)?;
            let mut doc = serde_json::to_value(&d.incident).unwrap_or_default();
            doc["history"] = serde_json::to_value(&d.history).unwrap_or_default();
            let text = format!("{} {} [{}]", d.incident.number, d.incident.title, d.incident.state.label());
            Ok(Outcome::Done(doc, text))
        }
        IncidentsWhat::Search { text, limit } => {
            let r = incidents::search_incidents(&ws, text, *limit)?;
            let lines: Vec<String> = r.hits.iter().map(|h| format!("{}  {}", h.number, h.title)).collect();
            let out = format!("{} matches\n{}", r.total, lines.join("\n"));
            Ok(Outcome::Done(serde_json::to_value(&r).unwrap_or_default(), out))
        }
    }
}
