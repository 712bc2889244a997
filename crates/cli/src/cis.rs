//! `cis`: configuration items; `cis eol`, the end-of-life radar; `cis capacity`, what runs
//! out of capacity.

use clap::Subcommand;
use steward_core::cis::discovery::{accept_discoveries, list_discoveries};
use steward_core::cis::capacity::running_out;
use steward_core::cis::lifecycle::eol_radar;
use steward_core::CoreError;

use crate::common::{open, open_reading, printable, Outcome};
use crate::Cli;

#[derive(Subcommand)]
pub enum CisWhat {
    /// What falls out of warranty, support or life from today through MONTHS months ahead,
    /// soonest first.
    Eol {
        #[arg(long, value_name = "MONTHS")]
        within: u32,
    },
    /// Every capacity metric at or over its threshold, or whose trend reaches it within
    /// DAYS days, soonest first.
    Capacity {
        #[arg(long, value_name = "DAYS")]
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
        CisWhat::Capacity { within } => {
            let items = running_out(&open_reading(cli)?, *within)?;
            let doc: Vec<serde_json::Value> = items
                .iter()
                .map(|m| serde_json::json!({"ci": m.ci, "metric": m.name, "unit": m.unit, "latest": m.latest.as_ref().map(|l| l.value), "threshold": m.threshold, "capacity": m.capacity, "status": m.forecast.status, "threshold_on": m.forecast.threshold_on, "days_left": m.forecast.days_left}))
                .collect();
            let text = items
                .iter()
                .map(|m| format!("{}  {}  {}  {}", m.forecast.threshold_on.as_deref().unwrap_or("-"), m.forecast.status.label(), printable(&m.ci), printable(&m.name)))
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Outcome::Done(serde_json::Value::Array(doc), if text.is_empty() { format!("Nothing runs out of capacity within {within} days.") } else { text }))
        }
    }
}

#[derive(Subcommand)]
pub enum DiscoveriesWhat {
    /// The hosts an nmap scan proposed, awaiting review.
    List,
    /// Accept one proposal (ID) or every one (--all): a CI created for a new host, the
    /// matched CI brought up to date.
    Accept {
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        id: Option<i64>,
        #[arg(long)]
        all: bool,
    },
}

pub fn discoveries(cli: &Cli, what: &DiscoveriesWhat) -> Result<Outcome, CoreError> {
    match what {
        DiscoveriesWhat::List => {
            let list = list_discoveries(&open_reading(cli)?)?;
            let doc: Vec<serde_json::Value> = list
                .iter()
                .map(|d| serde_json::json!({"id": d.id, "address": d.address, "hostname": d.hostname, "ci": d.ci, "open_ports": d.open_ports}))
                .collect();
            let text = list
                .iter()
                .map(|d| format!("{:>4}  {}  {}  {}  {} open ports", d.id, d.address, printable(d.hostname.as_deref().unwrap_or("-")), printable(d.ci.as_deref().unwrap_or("(new)")), d.open_ports.len()))
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Outcome::Done(serde_json::Value::Array(doc), if text.is_empty() { "No proposal awaits review.".into() } else { text }))
        }
        DiscoveriesWhat::Accept { id, all } => {
            let r = accept_discoveries(&open(cli)?, if *all { None } else { *id })?;
            Ok(Outcome::Done(serde_json::json!({"created": r.created, "updated": r.updated}), format!("{} CIs created, {} brought up to date.", r.created, r.updated)))
        }
    }
}
