//! The DORA figures over deployments in a date range, exactly as the contract defines them,
//! each beside its performance band from thresholds kept as a workspace setting with their
//! source.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::settings::Stored;
use crate::workspace::{Action, Subject, Workspace};

/// Upper bounds of each band for a figure where less is better, or lower bounds where more
/// is better (deployment frequency): elite, high, medium; anything beyond is low.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BandLimits {
    pub elite: f64,
    pub high: f64,
    pub medium: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DoraBands {
    /// Deployments per week at least.
    pub deployment_frequency: BandLimits,
    /// Median hours at most.
    pub lead_time_hours: BandLimits,
    /// Percent at most.
    pub change_failure_rate_pct: BandLimits,
    /// Median hours at most.
    pub recovery_hours: BandLimits,
    /// Where the thresholds come from.
    pub source: String,
}

impl Default for DoraBands {
    fn default() -> Self {
        DoraBands {
            // On demand (several a day) / daily to weekly / weekly to monthly / less.
            deployment_frequency: BandLimits { elite: 7.0, high: 1.0, medium: 12.0 / 52.0 },
            // Under a day / a day to a week / a week to a month / longer.
            lead_time_hours: BandLimits { elite: 24.0, high: 168.0, medium: 720.0 },
            change_failure_rate_pct: BandLimits { elite: 5.0, high: 10.0, medium: 20.0 },
            // Under an hour / under a day / under a week / longer.
            recovery_hours: BandLimits { elite: 1.0, high: 24.0, medium: 168.0 },
            source: "DORA, Accelerate State of DevOps Report 2024, software delivery performance clusters. That table gives a change failure rate per cluster \
                     (elite 5 %, high 20 %, medium 10 %, low 40 %) and the same recovery time for high and medium; Steward orders the bands so that a lower \
                     rate is never a worse band. The 2025 report no longer publishes bands. Rework rate has no bands."
                .into(),
        }
    }
}

const BANDS: Stored<DoraBands> = Stored::new("dora_bands", "The DORA performance bands");

pub fn dora_bands(ws: &Workspace) -> Result<DoraBands> {
    BANDS.get(ws.conn())
}

pub fn set_dora_bands(ws: &Workspace, bands: &DoraBands) -> Result<DoraBands> {
    let ordered = |l: &BandLimits, more_is_better: bool| if more_is_better { l.elite >= l.high && l.high >= l.medium } else { l.elite <= l.high && l.high <= l.medium };
    if !ordered(&bands.deployment_frequency, true) || !ordered(&bands.lead_time_hours, false) || !ordered(&bands.change_failure_rate_pct, false) || !ordered(&bands.recovery_hours, false) {
        return Err(CoreError::validation("bands", "Each figure's limits must run from elite to medium in order."));
    }
    ws.write(|tx| {
        let before = BANDS.before(tx)?;
        BANDS.put(tx, bands)?;
        tx.audit(Action::did("settings.dora_bands"), Subject::Setting("dora_bands"), serde_json::json!({"from": before, "to": bands}))
    })?;
    Ok(bands.clone())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Elite,
    High,
    Medium,
    Low,
}

fn band(v: Option<f64>, l: &BandLimits, more_is_better: bool) -> Option<Band> {
    let v = v?;
    Some(if more_is_better {
        if v >= l.elite { Band::Elite } else if v >= l.high { Band::High } else if v >= l.medium { Band::Medium } else { Band::Low }
    } else if v <= l.elite {
        Band::Elite
    } else if v <= l.high {
        Band::High
    } else if v <= l.medium {
        Band::Medium
    } else {
        Band::Low
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Bands {
    pub deployment_frequency: Option<Band>,
    pub lead_time: Option<Band>,
    pub change_failure_rate: Option<Band>,
    pub failed_deployment_recovery: Option<Band>,
}

/// The contract's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DoraFigures {
    pub deployments: u64,
    pub deployment_frequency_per_week: f64,
    pub lead_time_hours_median: Option<f64>,
    pub change_failure_rate_pct: Option<f64>,
    pub failed_deployment_recovery_hours_median: Option<f64>,
    pub rework_rate_pct: Option<f64>,
    pub bands: Bands,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct DoraQuery {
    /// A service's name; none: every service.
    #[serde(default)]
    pub service: Option<String>,
    /// An environment's name; none: every environment.
    #[serde(default)]
    pub environment: Option<String>,
    /// Inclusive UTC dates.
    pub from: String,
    pub to: String,
}

crate::labelled_enum!(
    /// One of the five figures, for its trend.
    DoraMetric {
        DeploymentFrequency = "deployment_frequency": "Deployment frequency (per week)",
        LeadTime = "lead_time": "Lead time for changes (median hours)",
        ChangeFailureRate = "change_failure_rate": "Change failure rate (%)",
        Recovery = "recovery": "Failed deployment recovery (median hours)",
        Rework = "rework": "Deployment rework rate (%)",
    }
);

impl DoraMetric {
    /// Its value among the figures; none when there was nothing to measure.
    pub fn of(self, f: &DoraFigures) -> Option<f64> {
        match self {
            DoraMetric::DeploymentFrequency => (f.deployments > 0).then_some(f.deployment_frequency_per_week),
            DoraMetric::LeadTime => f.lead_time_hours_median,
            DoraMetric::ChangeFailureRate => f.change_failure_rate_pct,
            DoraMetric::Recovery => f.failed_deployment_recovery_hours_median,
            DoraMetric::Rework => f.rework_rate_pct,
        }
    }

    /// Its band limits (rework rate has none), and whether more is better.
    pub fn limits(self, b: &DoraBands) -> Option<(&BandLimits, bool)> {
        match self {
            DoraMetric::DeploymentFrequency => Some((&b.deployment_frequency, true)),
            DoraMetric::LeadTime => Some((&b.lead_time_hours, false)),
            DoraMetric::ChangeFailureRate => Some((&b.change_failure_rate_pct, false)),
            DoraMetric::Recovery => Some((&b.recovery_hours, false)),
            DoraMetric::Rework => None,
        }
    }
}

/// The figures of one calendar month of a range (the range's ends clip the first and last).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DoraMonth {
    /// YYYY-MM.
    pub month: String,
    /// The inclusive dates the figures cover.
    pub from: String,
    pub to: String,
    pub figures: DoraFigures,
}

/// One figure's trend as the window shows it: the months (its drill-down's rows) and the
/// chart drawn from them (SVG).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DoraTrend {
    pub months: Vec<DoraMonth>,
    pub chart: String,
}

/// The most months a trend covers: three years.
pub const MAX_MONTHS: usize = 36;

/// The figures month by month over the query's range, for the trend charts and the
/// drill-down (each month's dates give its deployments).
pub fn monthly(ws: &Workspace, q: &DoraQuery) -> Result<Vec<DoraMonth>> {
    let (from, to) = range(q)?;
    let mut out = Vec::new();
    let mut start = from;
    while start <= to {
        if out.len() == MAX_MONTHS {
            return Err(CoreError::validation("from", format!("A trend covers at most {MAX_MONTHS} months: choose a shorter range.")));
        }
        let next = start.with_day(1).and_then(|d| d.checked_add_months(chrono::Months::new(1))).ok_or_else(|| CoreError::validation("to", "The range ends beyond the calendar."))?;
        let end = (next - chrono::Duration::days(1)).min(to);
        let part = DoraQuery { from: start.to_string(), to: end.to_string(), ..q.clone() };
        out.push(DoraMonth { month: start.format("%Y-%m").to_string(), from: part.from.clone(), to: part.to.clone(), figures: figures(ws, &part)? });
        start = next;
    }
    Ok(out)
}

fn range(q: &DoraQuery) -> Result<(NaiveDate, NaiveDate)> {
    let date = |field: &str, s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| CoreError::validation(field, format!("\"{}\" is not a date (YYYY-MM-DD).", s.trim())));
    let (from, to) = (date("from", &q.from)?, date("to", &q.to)?);
    if to < from {
        return Err(CoreError::validation("to", "The range ends before it starts."));
    }
    Ok((from, to))
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The median of whole seconds, in hours, without sorting them all (a million commits are
/// common).
fn median_hours(mut v: Vec<i64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let n = v.len();
    let (below, &mut upper, _) = v.select_nth_unstable(n / 2);
    let seconds = if n % 2 == 1 { upper as f64 } else { (below.iter().copied().max().unwrap_or(upper) as f64 + upper as f64) / 2.0 };
    Some(seconds / 3600.0)
}

fn seconds(from: &str, to: &str) -> Option<i64> {
    Some((crate::time::parse(to)? - crate::time::parse(from)?).num_seconds())
}

pub fn figures(ws: &Workspace, q: &DoraQuery) -> Result<DoraFigures> {
    let (from, to) = range(q)?;
    let conn = ws.conn();
    let service = q.service.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let environment = q.environment.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let service_id: Option<i64> = match service {
        Some(s) => Some(conn.query_row("SELECT id FROM services WHERE name = ?1", [s], |r| r.get(0)).map_err(|_| CoreError::validation("service", format!("There is no service named \"{s}\".")))?),
        None => None,
    };
    let environment_id: Option<i64> = match environment {
        Some(e) => Some(conn.query_row("SELECT id FROM environments WHERE name = ?1 COLLATE NOCASE", [e], |r| r.get(0)).map_err(|_| CoreError::validation("environment", format!("There is no environment named \"{e}\".")))?),
        None => None,
    };
    // The deployments in range, in time order: id, time, service, environment, failed or
    // rolled back (recovery's start), planned, a change failure (`FAILED`).
    let scope = "FROM deployments d WHERE d.deployed_at >= ?1 AND d.deployed_at < ?2 AND (?3 IS NULL OR d.service_id = ?3) AND (?4 IS NULL OR d.environment_id = ?4)";
    let (lo, hi) = (format!("{from}T00:00:00Z"), format!("{}T00:00:00Z", to + chrono::Duration::days(1)));
    type Row = (i64, String, Option<i64>, i64, bool, bool, bool);
    let mut rows: Vec<Row> = Vec::new();
    // Each commit's lead time, from its deployment's list (`refresh_leads`).
    let mut lead: Vec<i64> = Vec::new();
    let mut stmt = conn.prepare(&format!("SELECT d.id, d.deployed_at, d.service_id, d.environment_id, d.result <> 'succeeded', d.planned, {}, d.commit_leads {scope} ORDER BY d.deployed_at, d.id", super::FAILED))?;
    let mut found = stmt.query(params![lo, hi, service_id, environment_id])?;
    while let Some(r) = found.next()? {
        rows.push((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?));
        if let rusqlite::types::ValueRef::Text(leads) = r.get_ref(7)? {
            lead.extend(leads.split(|b| *b == b',').filter_map(|s| std::str::from_utf8(s).ok()?.parse::<i64>().ok()));
        }
    }
    let n = rows.len() as f64;
    let days = ((to - from).num_days() + 1) as f64;
    // Recovery: a failed deployment's end to the end of the next successful deployment of the
    // same service and environment: found among the rows, else after the range.
    let mut next_ok = conn.prepare_cached(
        "SELECT deployed_at FROM deployments WHERE service_id IS ?1 AND environment_id = ?2 AND result = 'succeeded' AND (deployed_at, id) > (?3, ?4) ORDER BY deployed_at, id LIMIT 1",
    )?;
    let mut pending: HashMap<(Option<i64>, i64), Vec<usize>> = HashMap::new();
    let mut recovery = Vec::new();
    for (k, (_, at, svc, env, failed, ..)) in rows.iter().enumerate() {
        let line = pending.entry((*svc, *env)).or_default();
        if *failed {
            line.push(k);
        } else {
            recovery.extend(line.drain(..).filter_map(|f| seconds(&rows[f].1, at)));
        }
    }
    for f in pending.into_values().flatten() {
        let (id, at, svc, env, ..) = &rows[f];
        if let Some(next) = rusqlite::OptionalExtension::optional(next_ok.query_row(params![svc, env, at, id], |r| r.get::<_, String>(0)))? {
            recovery.extend(seconds(at, &next));
        }
    }
    let pct = |k: usize| (n > 0.0).then(|| round2(k as f64 * 100.0 / n));
    let frequency = round2(n / (days / 7.0));
    let lead_time = median_hours(lead).map(round2);
    let cfr = pct(rows.iter().filter(|r| r.6).count());
    let recovery = median_hours(recovery).map(round2);
    let l = BANDS.get(conn)?;
    Ok(DoraFigures {
        deployments: rows.len() as u64,
        deployment_frequency_per_week: frequency,
        lead_time_hours_median: lead_time,
        change_failure_rate_pct: cfr,
        failed_deployment_recovery_hours_median: recovery,
        rework_rate_pct: pct(rows.iter().filter(|r| !r.5).count()),
        bands: Bands {
            deployment_frequency: band((n > 0.0).then_some(frequency), &l.deployment_frequency, true),
            lead_time: band(lead_time, &l.lead_time_hours, false),
            change_failure_rate: band(cfr, &l.change_failure_rate_pct, false),
            failed_deployment_recovery: band(recovery, &l.recovery_hours, false),
        },
    })
}
