//! `chart`: the charts the window shows, drawn to a file.

use clap::Subcommand;
use std::path::PathBuf;

use crate::common::{open_reading, Outcome};
use crate::Cli;
use serde_json::json;
use steward_core::{charts, sla, CoreError};

#[derive(Subcommand)]
pub enum ChartWhat {
    /// The risk heatmap: open risks per matrix cell, the appetite outlined.
    RiskHeatmap {
        #[arg(long, value_name = "FILE.svg|FILE.png")]
        out: PathBuf,
        /// Which rating: inherent, current or target.
        #[arg(long, default_value = "current", value_parser = |s: &str| steward_core::risks::RatingKind::parse(s).ok_or("one of inherent, current, target"))]
        rating: steward_core::risks::RatingKind,
        #[arg(long)]
        dark: bool,
    },
    /// Monthly (or weekly) SLA compliance against the goal, with breaches as bars.
    SlaTrend {
        #[arg(long, value_name = "FILE.svg|FILE.png")]
        out: PathBuf,
        /// Weekly instead of monthly (the last 26 weeks).
        #[arg(long)]
        weekly: bool,
        /// The compliance goal drawn as a line, in percent.
        #[arg(long, default_value_t = 95.0)]
        goal: f64,
        #[arg(long)]
        dark: bool,
    },
    /// An assessment's levels per practice, its targets, and another assessment's levels.
    AssessmentRadar {
        #[arg(long)]
        assessment: i64,
        /// An earlier assessment drawn as a third series.
        #[arg(long)]
        compare: Option<i64>,
        #[arg(long, value_name = "FILE.svg|FILE.png")]
        out: PathBuf,
        #[arg(long)]
        dark: bool,
    },
}

pub fn run(cli: &Cli, what: &ChartWhat) -> Result<Outcome, CoreError> {
    match what {
        ChartWhat::RiskHeatmap { out, rating, dark } => {
            let ws = open_reading(cli)?;
            let theme = if *dark { charts::Theme::Dark } else { charts::Theme::Light };
            charts::risk_heatmap::write_risk_heatmap(&ws, *rating, theme, out)?;
            Ok(Outcome::Done(json!({"out": out.display().to_string()}), format!("Wrote {}.", out.display())))
        }
        ChartWhat::SlaTrend { out, goal, dark, weekly } => {
            let ws = open_reading(cli)?;
            let theme = if *dark { charts::Theme::Dark } else { charts::Theme::Light };
            let period = if *weekly { sla::report::TrendPeriod::Week } else { sla::report::TrendPeriod::Month };
            charts::sla_trend::write_sla_trend(&ws, *goal, period, theme, out)?;
            Ok(Outcome::Done(json!({"out": out.display().to_string()}), format!("Wrote {}.", out.display())))
        }
        ChartWhat::AssessmentRadar { assessment, compare, out, dark } => {
            use steward_core::assessments::AssessmentId;
            let ws = open_reading(cli)?;
            let theme = if *dark { charts::Theme::Dark } else { charts::Theme::Light };
            charts::assessment_radar::write_radar(&ws, AssessmentId(*assessment), compare.map(AssessmentId), theme, out)?;
            Ok(Outcome::Done(json!({"out": out.display().to_string()}), format!("Wrote {}.", out.display())))
        }
    }
}
