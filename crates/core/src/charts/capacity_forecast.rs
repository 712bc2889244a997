//! A capacity metric over time: its measurements as a line with a dot each, the trend as
//! a dashed line on to the day it reaches the threshold (or the capacity), the threshold in
//! long dashes and the capacity in short ones, so the four read apart printed in grey too.

use chrono::{DateTime, Utc};
use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::{text, Mark, Style, Theme};
use crate::cis::capacity::{trend_line, MetricDetail};
use crate::error::{CoreError, Result};

pub const WIDTH: u32 = 900;
pub const HEIGHT: u32 = 360;

fn chart_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::Conflict(format!("The capacity chart could not be drawn: {e}"))
}

/// Draws the metric as SVG (days in `zone`); names are user text.
pub fn render(d: &MetricDetail, zone: chrono_tz::Tz, theme: Theme) -> Result<String> {
    super::fonts()?;
    let style = Style::of(theme);
    let m = &d.metric;
    let points: Vec<(DateTime<Utc>, f64)> = d.measurements.iter().filter_map(|x| Some((crate::time::parse(&x.measured_at)?, x.value))).collect();
    let line = trend_line(&d.measurements).filter(|(_, _, slope)| *slope > 1e-12);
    // The trend runs on to the threshold, or to the capacity when already past it, at
    // most a year beyond the latest measurement.
    let trend_end = line.map(|(last, base, slope)| {
        let level = if base < m.threshold { m.threshold } else { m.capacity };
        let days = ((level - base) / slope).clamp(0.0, 365.0);
        (last, base, slope, days)
    });
    let first = points.first().map(|p| p.0).unwrap_or_default();
    let last = points.last().map(|p| p.0).unwrap_or(first);
    let end = trend_end.map(|(l, _, _, days)| l + chrono::Duration::seconds((days * 86_400.0) as i64)).unwrap_or(last).max(last);
    let day = |t: DateTime<Utc>| (t - first).num_seconds() as f64 / 86_400.0;
    let span = day(end).max(1.0);
    let hi = points.iter().map(|p| p.1).fold(m.capacity, f64::max) * 1.08;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&style.background).map_err(chart_error)?;
        let unit = if m.unit.is_empty() { String::new() } else { format!(" ({})", text(&m.unit)) };
        let mut legend = vec![(format!("{}{unit}", text(&m.name)), Mark::Line(style.line))];
        if trend_end.is_some() {
            legend.push(("trend".to_string(), Mark::Dashed(style.line, 4)));
        }
        legend.push((format!("threshold {}", m.threshold), Mark::Dashed(style.bars, 7)));
        legend.push((format!("capacity {}", m.capacity), Mark::Dashed(style.ink, 2)));
        let body = style.head(&root, &format!("{} on {}", text(&m.name), text(&m.ci)), &legend, 1)?;
        let mut chart = ChartBuilder::on(&body)
            .margin(14)
            .margin_top(4)
            .x_label_area_size(32)
            .y_label_area_size(60)
            .build_cartesian_2d(0f64..span, 0f64..hi)
            .map_err(chart_error)?;
        style
            .mesh(&mut chart.configure_mesh())
            .x_labels(6)
            .x_label_formatter(&|x| (first + chrono::Duration::seconds((*x * 86_400.0) as i64)).with_timezone(&zone).format("%Y-%m-%d").to_string())
            .y_label_formatter(&|v| format!("{v:.0}"))
            .draw()
            .map_err(chart_error)?;
        chart.draw_series(std::iter::once(DashedPathElement::new([(0.0, m.capacity), (span, m.capacity)], 2, 4, style.ink.stroke_width(2)))).map_err(chart_error)?;
        chart.draw_series(std::iter::once(DashedPathElement::new([(0.0, m.threshold), (span, m.threshold)], 7, 4, style.bars.stroke_width(2)))).map_err(chart_error)?;
        if let Some((last, base, slope, days)) = trend_end {
            let from = (-(crate::cis::capacity::TREND_DAYS as f64)).max(-day(last));
            let at = |x: f64| (day(last) + x, base + slope * x);
            chart.draw_series(std::iter::once(DashedPathElement::new([at(from), at(days)], 4, 4, style.line.stroke_width(2)))).map_err(chart_error)?;
        }
        chart.draw_series(LineSeries::new(points.iter().map(|(t, v)| (day(*t), *v)), style.line.stroke_width(3))).map_err(chart_error)?;
        chart.draw_series(points.iter().map(|(t, v)| Circle::new((day(*t), *v), 4, style.line.filled()))).map_err(chart_error)?;
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cis::capacity::{CapacityMetric, CapacityStatus, Forecast, Measurement, MetricId};
    use crate::cis::CiId;

    fn detail(values: &[(&str, f64)]) -> MetricDetail {
        let measurements: Vec<Measurement> = values.iter().enumerate().map(|(i, (at, v))| Measurement { id: i as i64, measured_at: (*at).into(), value: *v }).collect();
        MetricDetail {
            metric: CapacityMetric {
                id: MetricId(1),
                ci_id: CiId(1),
                ci: "db <01>".into(),
                name: "Disk <script>x</script>".into(),
                unit: "GB".into(),
                capacity: 1000.0,
                threshold: 800.0,
                latest: measurements.last().cloned(),
                forecast: Forecast { status: CapacityStatus::Rising, per_day: None, threshold_on: None, days_left: None, full_on: None },
            },
            measurements,
        }
    }

    #[test]
    fn the_chart_draws_measurements_trend_threshold_and_capacity_with_user_text_escaped() {
        let d = detail(&[("2026-11-26T00:00:00Z", 500.0), ("2026-12-01T00:00:00Z", 550.0), ("2026-12-06T00:00:00Z", 600.0)]);
        for theme in [Theme::Light, Theme::Dark] {
            let svg = render(&d, chrono_tz::Europe::Paris, theme).unwrap();
            assert!(!svg.contains("<script>") && svg.contains("&lt;script&gt;") && svg.contains("db &lt;01&gt;"));
            assert_eq!(svg.matches("<circle").count(), 3, "a dot per measurement");
            assert!(svg.contains("threshold 800") && svg.contains("capacity 1000") && svg.contains("trend"));
            // The axis runs on to the day the trend reaches 800: 20 days after 6 December.
            assert!(svg.contains("2026-12-2"), "the axis reaches the crossing");
        }
        // No measurement, or one: still a chart with its lines and no trend.
        let none = render(&detail(&[]), chrono_tz::UTC, Theme::Light).unwrap();
        assert!(none.contains("capacity 1000") && !none.contains("trend"));
        assert_eq!(render(&detail(&[("2026-12-01T00:00:00Z", 10.0)]), chrono_tz::UTC, Theme::Light).unwrap().matches("<circle").count(), 1);
    }
}
