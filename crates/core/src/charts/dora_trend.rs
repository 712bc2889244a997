//! One DORA figure month by month: the value as a line with a dot per month that has one
//! (a month with nothing to measure is a gap), and the elite, high and medium limits of its
//! bands in dashes of three lengths, so that they read apart printed in grey as well.

use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::{Mark, Style, Theme};
use crate::deployments::dora::{DoraBands, DoraMetric, DoraMonth};
use crate::error::{CoreError, Result};

pub const WIDTH: u32 = 900;
pub const HEIGHT: u32 = 340;

fn chart_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::Conflict(format!("The DORA trend could not be drawn: {e}"))
}

/// Draws `metric` over `months` (as `dora::monthly` gives them) beside its band limits.
pub fn render(months: &[DoraMonth], metric: DoraMetric, bands: &DoraBands, theme: Theme) -> Result<String> {
    super::fonts()?;
    let style = Style::of(theme);
    let values: Vec<(i64, f64)> = months.iter().enumerate().filter_map(|(i, m)| Some((i as i64, metric.of(&m.figures)?))).collect();
    let limits = metric.limits(bands);
    let levels: Vec<(&str, f64, i32)> = limits.map(|(l, _)| vec![("elite", l.elite, 2), ("high", l.high, 5), ("medium", l.medium, 9)]).unwrap_or_default();
    let all: Vec<f64> = values.iter().map(|v| v.1).chain(levels.iter().map(|l| l.1)).collect();
    let hi = all.iter().copied().fold(0.0_f64, f64::max);
    let hi = if hi <= 0.0 { 1.0 } else { hi * 1.12 };
    let span = (months.len() as i64 - 1).max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&style.background).map_err(chart_error)?;
        let mut legend = vec![(metric.label().to_string(), Mark::Line(style.line))];
        let more = limits.is_some_and(|(_, more)| more);
        for (name, v, dash) in &levels {
            legend.push((format!("{name} {} {}", if more { "from" } else { "up to" }, trim(*v)), Mark::Dashed(style.ink, *dash)));
        }
        if limits.is_none() {
            legend.push(("no bands".to_string(), Mark::Dashed(style.grid, 2)));
        }
        let body = style.head(&root, metric.label(), &legend, 1)?;
        let mut chart = ChartBuilder::on(&body)
            .margin(14)
            .margin_top(4)
            .x_label_area_size(32)
            .y_label_area_size(52)
            .build_cartesian_2d(-0.3f64..span as f64 + 0.3, 0.0..hi)
            .map_err(chart_error)?;
        let label = |x: &f64| {
            let i = x.round();
            if (x - i).abs() > 0.01 || i < 0.0 { String::new() } else { months.get(i as usize).map(|m| m.month.clone()).unwrap_or_default() }
        };
        style
            .mesh(&mut chart.configure_mesh())
            .x_labels(months.len().min(12))
            .x_label_formatter(&label)
            .y_label_formatter(&|v| trim(*v))
            .draw()
            .map_err(chart_error)?;
        for (_, v, dash) in &levels {
            chart
                .draw_series(std::iter::once(DashedPathElement::new([(-0.3, *v), (span as f64 + 0.3, *v)], *dash, 4, style.ink.stroke_width(1))))
                .map_err(chart_error)?;
        }
        // A line through consecutive months only: a month without a value breaks it.
        for run in values.chunk_by(|a, b| b.0 == a.0 + 1) {
            chart.draw_series(LineSeries::new(run.iter().map(|(i, v)| (*i as f64, *v)), style.line.stroke_width(3))).map_err(chart_error)?;
        }
        chart.draw_series(values.iter().map(|(i, v)| Circle::new((*i as f64, *v), 4, style.line.filled()))).map_err(chart_error)?;
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}

/// A number as a person writes it: no trailing zeros.
fn trim(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deployments::dora::{Bands, DoraFigures};

    fn month(m: &str, cfr: Option<f64>) -> DoraMonth {
        let figures = DoraFigures {
            deployments: u64::from(cfr.is_some()) * 4,
            deployment_frequency_per_week: 1.0,
            lead_time_hours_median: None,
            change_failure_rate_pct: cfr,
            failed_deployment_recovery_hours_median: None,
            rework_rate_pct: None,
            bands: Bands { deployment_frequency: None, lead_time: None, change_failure_rate: None, failed_deployment_recovery: None },
        };
        DoraMonth { month: m.into(), from: format!("{m}-01"), to: format!("{m}-28"), figures }
    }

    #[test]
    fn the_trend_draws_a_dot_per_month_measured_a_gap_for_the_others_and_the_band_limits() {
        let months = [month("2026-01", Some(25.0)), month("2026-02", None), month("2026-03", Some(12.5)), month("2026-04", Some(4.0))];
        for theme in [Theme::Light, Theme::Dark] {
            let svg = render(&months, DoraMetric::ChangeFailureRate, &DoraBands::default(), theme).unwrap();
            assert_eq!(svg.matches("<circle").count(), 3, "a dot per measured month");
            for text in ["Change failure rate (%)", "elite up to 5", "high up to 10", "medium up to 20", "2026-01", "2026-04"] {
                assert!(svg.contains(text), "{text} in the chart");
            }
        }
        let rework = render(&months, DoraMetric::Rework, &DoraBands::default(), Theme::Light).unwrap();
        assert!(rework.contains("no bands") && !rework.contains("elite"));
        let frequency = render(&months, DoraMetric::DeploymentFrequency, &DoraBands::default(), Theme::Light).unwrap();
        assert!(frequency.contains("elite from 7"), "more is better: limits are floors");
    }
}
