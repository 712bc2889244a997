//! An improvement measure over time: its values as a line with a dot per value, the
//! baseline in short dashes and the target in long dashes, so the three read apart printed
//! in grey as well.

use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::{text, Mark, Style, Theme};
use crate::error::{CoreError, Result};
use crate::improvement::measures::Measure;

pub const WIDTH: u32 = 900;
pub const HEIGHT: u32 = 360;

fn chart_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::Conflict(format!("The measure's chart could not be drawn: {e}"))
}

/// Draws the measure as SVG, over its values' days up to its due day (when later); names are
/// user text.
pub fn render(m: &Measure, theme: Theme) -> Result<String> {
    super::fonts()?;
    let style = Style::of(theme);
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let days: Vec<(chrono::NaiveDate, f64)> = m.values.iter().filter_map(|v| Some((day(&v.day)?, v.value))).collect();
    let due = m.due_on.as_deref().and_then(day);
    let first = days.first().map(|d| d.0).or(due).unwrap_or_default();
    let last = days.last().map(|d| d.0).into_iter().chain(due).max().unwrap_or(first);
    let (first, last) = if last <= first { (first - chrono::Duration::days(15), first + chrono::Duration::days(15)) } else { (first, last) };
    let span = (last - first).num_days().max(1);
    let all: Vec<f64> = days.iter().map(|d| d.1).chain([m.baseline, m.target]).collect();
    let (lo, hi) = (all.iter().copied().fold(f64::INFINITY, f64::min), all.iter().copied().fold(f64::NEG_INFINITY, f64::max));
    let pad = ((hi - lo) * 0.15).max(0.5);
    let (lo, hi) = (if lo >= 0.0 { (lo - pad).max(0.0) } else { lo - pad }, hi + pad);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&style.background).map_err(chart_error)?;
        let unit = if m.unit.is_empty() { String::new() } else { format!(" ({})", text(&m.unit)) };
        let legend = vec![
            (format!("{}{unit}", text(&m.name)), Mark::Line(style.line)),
            (format!("baseline {}", m.baseline), Mark::Dashed(style.ink, 2)),
            (format!("target {}", m.target), Mark::Dashed(style.goal, 7)),
        ];
        let body = style.head(&root, &text(&m.name), &legend, 1)?;
        let mut chart = ChartBuilder::on(&body)
            .margin(14)
            .margin_top(4)
            .x_label_area_size(32)
            .y_label_area_size(52)
            .build_cartesian_2d(0i64..span, lo..hi)
            .map_err(chart_error)?;
        style
            .mesh(&mut chart.configure_mesh())
            .x_labels(6)
            .x_label_formatter(&|d| (first + chrono::Duration::days(*d)).format("%Y-%m-%d").to_string())
            .y_label_formatter(&|v| format!("{v:.1}"))
            .draw()
            .map_err(chart_error)?;
        let x = |d: chrono::NaiveDate| (d - first).num_days();
        chart.draw_series(std::iter::once(DashedPathElement::new([(0, m.baseline), (span, m.baseline)], 2, 4, style.ink.stroke_width(2)))).map_err(chart_error)?;
        chart.draw_series(std::iter::once(DashedPathElement::new([(0, m.target), (span, m.target)], 7, 4, style.goal.stroke_width(2)))).map_err(chart_error)?;
        chart.draw_series(LineSeries::new(days.iter().map(|(d, v)| (x(*d), *v)), style.line.stroke_width(3))).map_err(chart_error)?;
        chart.draw_series(days.iter().map(|(d, v)| Circle::new((x(*d), *v), 4, style.line.filled()))).map_err(chart_error)?;
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::improvement::measures::{MeasureId, MeasureValue, MeasureKind};
    use crate::improvement::InitiativeId;

    fn measure(values: &[(&str, f64)]) -> Measure {
        Measure {
            id: MeasureId(1),
            initiative: InitiativeId(1),
            name: "Desk <script>x</script> FCR".into(),
            metric: MeasureKind::Typed,
            subject: None,
            unit: "%".into(),
            baseline: 40.0,
            target: 70.0,
            due_on: Some("2027-06-30".into()),
            values: values.iter().map(|(d, v)| MeasureValue { day: (*d).into(), value: *v, sampled: false }).collect(),
            reached: false,
            realised_pct: None,
        }
    }

    #[test]
    fn the_trend_draws_values_baseline_and_target_with_user_text_escaped() {
        for theme in [Theme::Light, Theme::Dark] {
            let svg = render(&measure(&[("2026-09-01", 42.0), ("2026-10-01", 51.5), ("2026-11-01", 58.0)]), theme).unwrap();
            assert!(!svg.contains("<script>") && svg.contains("&lt;script&gt;"));
            assert_eq!(svg.matches("<circle").count(), 3, "a dot per value");
            assert!(svg.contains("baseline 40") && svg.contains("target 70"));
        }
        // No value yet, or one: still a chart with its lines.
        assert!(render(&measure(&[]), Theme::Light).unwrap().contains("target 70"));
        assert_eq!(render(&measure(&[("2027-06-30", 71.0)]), Theme::Light).unwrap().matches("<circle").count(), 1);
    }
}
