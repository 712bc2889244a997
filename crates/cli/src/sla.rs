//! `sla`: evaluate cases, calendars' holidays, explain clocks, compliance and breaches.

use clap::Subcommand;
use std::path::{Path, PathBuf};

use crate::common::{open, open_reading, Outcome};
use crate::Cli;
use serde_json::json;
use steward_core::sla;
use steward_core::CoreError;

#[derive(Subcommand)]
pub enum SlaWhat {
    /// Deadlines, elapsed business time and breaches for a JSON array of cases (no
    /// workspace needed). FILE or - for standard input.
    Eval {
        #[arg(default_value = "-")]
        file: String,
        /// Add the spans that counted, were paused, closed or holidays.
        #[arg(long)]
        explain: bool,
    },
    /// Add the holidays of an iCalendar (.ics) file to a stored calendar (its clocks are
    /// recomputed). Rules (yearly and others) are expanded over the years given.
    Holidays {
        /// The .ics file.
        file: PathBuf,
        /// The calendar's name.
        #[arg(long)]
        calendar: String,
        /// First year to take (default: last year).
        #[arg(long)]
        from_year: Option<i32>,
        /// Last year to take (default: two years ahead).
        #[arg(long)]
        to_year: Option<i32>,
    },
    /// Each SLA clock of an incident or request, span by span: what counted, was paused,
    /// closed or a holiday.
    Explain { number: String },
    /// Compliance grouped by agreement, target, service, priority or month.
    Compliance {
        /// agreement, target, service, priority or month.
        #[arg(long, default_value = "agreement", value_parser = |s: &str| sla::report::ComplianceBy::parse(s).ok_or("one of agreement, target, service, priority, month"))]
        by: sla::report::ComplianceBy,
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
    },
    /// Breached clocks (stopped within the dates, or running past their deadline), with
    /// what explains each breach.
    Breaches {
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
    },
    /// Compliance per target: clocks that stopped within the dates (inclusive, UTC).
    Report {
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
    },
}

pub fn run(cli: &Cli, what: &SlaWhat) -> Result<Outcome, CoreError> {
    match what {
        SlaWhat::Eval { file, explain } => {
            let text = if file == "-" {
                let mut s = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).map_err(|e| CoreError::io("Could not read standard input", e))?;
                s
            } else {
                std::fs::read_to_string(file).map_err(|e| CoreError::io_at("read", Path::new(file), e))?
            };
            let cases: Vec<sla::Case> =
                serde_json::from_str(&text).map_err(|e| CoreError::validation("cases", format!("The input is not a JSON array of SLA cases: {e}.")))?;
            let results = sla::evaluate(&cases, *explain)?;
            let lines: Vec<String> = results
                .iter()
                .map(|r| {
                    let mut l = format!("{}: deadline {}", r.id, r.deadline);
                    if let (Some(m), Some(b)) = (r.business_minutes_elapsed, r.breached) {
                        l.push_str(&format!(", {m} business minutes elapsed, {}", if b { "breached" } else { "met" }));
                    }
                    l
                })
                .collect();
            Ok(Outcome::Done(serde_json::to_value(&results).unwrap_or_default(), lines.join("\n")))
        }
        SlaWhat::Holidays { file, calendar, from_year, to_year } => {
            let ws = open(cli)?;
            let (first, last) = sla::ics::default_years(ws.now());
            let found = sla::ics::read_holidays(file, from_year.unwrap_or(first), to_year.unwrap_or(last))?;
            let (cal, added) = sla::agreements::add_holidays(&ws, calendar, &found)?;
            let text = format!("{} holidays in the file, {added} new in {}.", found.len(), cal.name);
            Ok(Outcome::Done(json!({"calendar": cal.name, "found": found.len(), "added": added, "holidays": found}), text))
        }
        SlaWhat::Explain { number } => {
            let ws = open_reading(cli)?;
            let clocks = sla::clocks::explain_number(&ws, number)?;
            let mut lines = Vec::new();
            for c in &clocks {
                lines.push(format!("{} / {} (calendar {}, {}): deadline {}", c.agreement, c.target, c.calendar, c.timezone, c.deadline));
                lines.extend(c.spans.iter().map(|s| format!("  {} → {}  {}", s.from, s.to, format!("{:?}", s.kind).to_lowercase())));
            }
            if clocks.is_empty() {
                lines.push(format!("No SLA clock runs on {number}."));
            }
            Ok(Outcome::Done(serde_json::to_value(&clocks).unwrap_or_default(), lines.join("\n")))
        }
        SlaWhat::Compliance { by, from, to } => {
            let ws = open_reading(cli)?;
            let rows = sla::report::compliance(&ws, *by, from.as_deref(), to.as_deref())?;
            let lines: Vec<String> = rows
                .iter()
                .map(|r| {
                    format!("{}: {} measured, {} breached, {}", r.key, r.measured, r.breached, r.compliance_pct.map(|p| format!("{p:.1}%")).unwrap_or_else(|| "—".into()))
                })
                .collect();
            Ok(Outcome::Done(serde_json::to_value(&rows).unwrap_or_default(), lines.join("\n")))
        }
        SlaWhat::Breaches { from, to } => {
            let ws = open_reading(cli)?;
            let rows = sla::report::breaches(&ws, from.as_deref(), to.as_deref())?;
            let lines: Vec<String> = rows.iter().map(|b| format!("{}  {} / {}: {}", b.number, b.agreement, b.target, b.reasons.join("; "))).collect();
            Ok(Outcome::Done(serde_json::to_value(&rows).unwrap_or_default(), lines.join("\n")))
        }
        SlaWhat::Report { from, to } => {
            let ws = open_reading(cli)?;
            let rows = sla::report::sla_report(&ws, from.as_deref(), to.as_deref())?;
            let lines: Vec<String> = rows
                .iter()
                .map(|r| {
                    let pct = r.compliance_pct.map(|p| format!("{p:.1}%")).unwrap_or_else(|| "—".into());
                    format!("{} / {}: {} measured, {} met, {} breached, {pct}", r.agreement, r.target, r.measured, r.met, r.breached)
                })
                .collect();
            Ok(Outcome::Done(serde_json::to_value(&rows).unwrap_or_default(), lines.join("\n")))
        }
    }
}
