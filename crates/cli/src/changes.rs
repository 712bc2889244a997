//! `changes`: a change, the calendar, figures, collisions.

use crate::common::{open_reading, Outcome};
use crate::Cli;
use clap::Subcommand;
use steward_core::CoreError;

#[derive(Subcommand)]
pub enum ChangesWhat {
    /// Every collision among changes not closed or cancelled.
    Conflicts,
    /// One change with its assessment, authorization, review and the incidents it caused.
    Show { number: String },
    /// Changes and window occurrences in a period (instants with offsets).
    Calendar {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    /// Success rate, emergency share, changes causing incidents, lead time.
    Figures,
}

pub fn run(cli: &Cli, what: &ChangesWhat) -> Result<Outcome, CoreError> {
    match what {
        ChangesWhat::Show { number } => {
            let ws = open_reading(cli)?;
            let c = steward_core::changes::show_change(&ws, number)?;
            let d = steward_core::changes::change_detail(&ws, c.id)?;
            let mut text = vec![
                format!("{} {} [{} {}]", c.number, c.title, c.change_type.label(), c.state.label()),
                format!(
                    "Risk: {}  Authorization: {} ({} of {} approvals{})",
                    if c.risk.is_empty() { "-" } else { &c.risk },
                    d.authorization.decision.label(),
                    d.authorization.approvals,
                    d.authorization.approvals_needed,
                    d.authorization.board.as_deref().map(|b| format!(", {b}")).unwrap_or_default()
                ),
            ];
            if let Some(r) = &d.review {
                text.push(format!("Review: {}{}", r.outcome.label(), if r.lessons.is_empty() { String::new() } else { format!(": {}", r.lessons) }));
            }
            text.extend(d.caused_incidents.iter().map(|i| format!("Caused {} {}", i.number, i.title)));
            text.extend(d.conflicts.iter().map(|x| {
                // The change named beside this one in the collision (none for a window).
                let other = x.other.as_ref().map(|o| if o.id == c.id.0 { &x.change } else { o });
                format!("Collides: {}{}", x.reason.label(), other.map(|o| format!(" with {} {}", o.number, o.title)).unwrap_or_default())
            }));
            Ok(Outcome::Done(serde_json::to_value(&d).unwrap_or_default(), text.join("\n")))
        }
        ChangesWhat::Calendar { from, to } => {
            let ws = open_reading(cli)?;
            let cal = steward_core::changes::calendar::calendar(&ws, from, to)?;
            let mut rows: Vec<(String, String)> = cal
                .changes
                .iter()
                .map(|c| {
                    (
                        c.start.clone(),
                        format!(
                            "{} – {}  {} {} [{}]{}",
                            c.start,
                            c.end,
                            c.number,
                            c.title,
                            c.state.as_str(),
                            if c.conflicts.is_empty() {
                                String::new()
                            } else {
                                format!(" collides: {}", c.conflicts.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", "))
                            }
                        ),
                    )
                })
                .collect();
            rows.extend(cal.windows.iter().map(|w| (w.start.clone(), format!("{} – {}  {}: {} ({})", w.start, w.end, w.kind.as_str(), w.name, w.scope))));
            rows.sort();
            let text = if rows.is_empty() { "Nothing planned.".to_string() } else { rows.into_iter().map(|r| r.1).collect::<Vec<_>>().join("\n") };
            Ok(Outcome::Done(serde_json::to_value(&cal).unwrap_or_default(), text))
        }
        ChangesWhat::Figures => {
            let ws = open_reading(cli)?;
            let f = steward_core::changes::figures(&ws)?;
            let pct = |v: Option<f64>| v.map(|v| format!("{v}%")).unwrap_or_else(|| "-".into());
            let text = format!(
                "{} changes, {} ended: {} successful; {} emergency; {} caused incidents; lead time {}",
                f.changes,
                f.ended,
                pct(f.success_pct),
                pct(f.emergency_pct),
                f.causing_incidents,
                f.lead_time_days.map(|d| format!("{d} d")).unwrap_or_else(|| "-".into())
            );
            Ok(Outcome::Done(serde_json::to_value(&f).unwrap_or_default(), text))
        }
        ChangesWhat::Conflicts => {
            let ws = open_reading(cli)?;
            let found = steward_core::changes::conflicts::conflicts(&ws)?;
            let lines: Vec<String> = found.iter().map(|c| format!("{} {} {}", c.change, c.other.as_deref().unwrap_or("-"), c.reason.as_str())).collect();
            let text = if lines.is_empty() { "No conflicts.".to_string() } else { lines.join("\n") };
            Ok(Outcome::Done(serde_json::to_value(&found).unwrap_or_default(), text))
        }
    }
}
