//! `dora`: the DORA figures over deployments in a date range.

use serde_json::json;
use steward_core::deployments::dora::{self, DoraQuery};
use steward_core::CoreError;

use crate::common::{open_reading, Outcome};
use crate::Cli;

#[derive(clap::Args)]
pub struct DoraArgs {
    #[arg(long)]
    service: Option<String>,
    #[arg(long)]
    environment: Option<String>,
    /// First day (YYYY-MM-DD, UTC), inclusive.
    #[arg(long)]
    from: String,
    /// Last day (YYYY-MM-DD, UTC), inclusive.
    #[arg(long)]
    to: String,
}

pub fn dora(cli: &Cli, a: &DoraArgs) -> Result<Outcome, CoreError> {
    let ws = open_reading(cli)?;
    let f = dora::figures(&ws, &DoraQuery { service: a.service.clone(), environment: a.environment.clone(), from: a.from.clone(), to: a.to.clone() })?;
    let opt = |v: Option<f64>, unit: &str| v.map(|v| format!("{v}{unit}")).unwrap_or_else(|| "-".into());
    let text = format!(
        "{} deployments, {} a week; lead time {}; change failure rate {}; recovery {}; rework {}.",
        f.deployments,
        f.deployment_frequency_per_week,
        opt(f.lead_time_hours_median, " h"),
        opt(f.change_failure_rate_pct, " %"),
        opt(f.failed_deployment_recovery_hours_median, " h"),
        opt(f.rework_rate_pct, " %")
    );
    Ok(Outcome::Done(json!(f), text))
}
