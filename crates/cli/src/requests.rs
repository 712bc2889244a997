//! `requests`: list and show service requests.

use crate::common::{open_reading, Outcome};
use crate::Cli;
use clap::Subcommand;
use serde_json::json;
use steward_core::list::{FilterTerm, ListRequest, SortTerm};
use steward_core::requests;
use steward_core::CoreError;

#[derive(Subcommand)]
pub enum RequestsWhat {
    /// Requests, newest first; `--state` may repeat (new, awaiting_approval, in_fulfilment, ...).
    List {
        #[arg(long)]
        state: Vec<String>,
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    /// One request with its fulfilment tasks.
    Show { number: String },
}

pub fn run(cli: &Cli, what: &RequestsWhat) -> Result<Outcome, CoreError> {
    let ws = open_reading(cli)?;
    match what {
        RequestsWhat::List { state, limit } => {
            let req = ListRequest {
                filters: state.iter().map(|s| FilterTerm { field: "state".into(), value: s.clone(), missing: false, op: None }).collect(),
                sort: Some(SortTerm { field: "opened_at".into(), descending: true }),
                limit: Some(*limit),
                ..Default::default()
            };
            let page = requests::list_requests(&ws, &req)?;
            let lines: Vec<String> =
                page.items.iter().map(|r| format!("{}  {:<18} {}/{} tasks  {}", r.number, r.state.label(), r.tasks_finished, r.tasks_total, r.title)).collect();
            Ok(Outcome::Done(json!({"total": page.total, "requests": page.items}), lines.join("\n")))
        }
        RequestsWhat::Show { number } => {
            let d = requests::show_request(&ws, number)?;
            let text = format!("{} {} [{}]", d.request.number, d.request.title, d.request.state.label());
            Ok(Outcome::Done(serde_json::to_value(&d).unwrap_or_default(), text))
        }
    }
}
