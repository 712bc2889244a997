//! A value stream as a timeline: one row per step (incident, problem, change, deployment,
//! review) in time order, a bar from its start to its end (to now, dashed outline, while it
//! is open), a review as a diamond, and the hours the stream waited before a step written
//! in the gap; time across in hours from the stream's start.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{fit, Mark, Style, Theme, LEGEND_SIZE};
use crate::error::{CoreError, Result};
use crate::value_stream::ValueStream;

pub const WIDTH: u32 = 900;
const ROW_PX: u32 = 34;

fn chart_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::Conflict(format!("The value stream could not be drawn: {e}"))
}

fn parse(t: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(t).ok().map(|d| d.with_timezone(&chrono::Utc))
}

pub fn render(s: &ValueStream, now: chrono::DateTime<chrono::Utc>, theme: Theme) -> Result<String> {
    super::fonts()?;
    let style = Style::of(theme);
    let n = s.steps.len().max(1);
    let height = super::HEAD_PX + 70 + ROW_PX * n as u32;
    let start = s.steps.first().and_then(|x| parse(&x.started_at)).unwrap_or(now);
    let h = |t: chrono::DateTime<chrono::Utc>| (t - start).num_minutes() as f64 / 60.0;
    let span = s.total_hours.max(1.0) * 1.05;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&style.background).map_err(chart_error)?;
        let legend = vec![("done".to_string(), Mark::Bar(style.line.to_rgba())), ("still open".to_string(), Mark::Dashed(style.line, 4)), ("waited".to_string(), Mark::Dashed(style.bars, 2))];
        let body = style.head(&root, &format!("Value stream: {:.1} hours from first to last", s.total_hours), &legend, 1)?;
        let labels: Vec<String> = s.steps.iter().map(|x| format!("{}: {}", x.step, fit(&x.name, 30))).collect();
        let mut chart = ChartBuilder::on(&body)
            .margin(14)
            .margin_top(4)
            .x_label_area_size(32)
            .y_label_area_size(320)
            .build_cartesian_2d(0f64..span, -0.5f64..(n as f64 - 0.5))
            .map_err(chart_error)?;
        style
            .mesh(&mut chart.configure_mesh())
            .x_labels(8)
            .y_labels(n)
            .x_label_formatter(&|v| format!("{v:.0} h"))
            .y_label_formatter(&|v| {
                let i = v.round();
                if (v - i).abs() < 1e-6 && i >= 0.0 { labels.get(n - 1 - i as usize).cloned().unwrap_or_default() } else { String::new() }
            })
            .draw()
            .map_err(chart_error)?;
        let mut previous_end: Option<f64> = None;
        for (r, step) in s.steps.iter().enumerate() {
            let y = (n - 1 - r) as f64;
            let Some(from) = parse(&step.started_at).map(h) else { continue };
            let to = step.ended_at.as_deref().and_then(parse).map(h);
            if step.step == "Review" {
                chart.draw_series(std::iter::once(TriangleMarker::new((from, y), 9, style.ink.filled()))).map_err(chart_error)?;
            } else {
                let end = to.unwrap_or_else(|| h(now)).max(from + span / 400.0);
                let bar = Rectangle::new([(from, y - 0.3), (end, y + 0.3)], if to.is_some() { style.line.filled() } else { style.line.mix(0.25).filled() });
                chart.draw_series(std::iter::once(bar)).map_err(chart_error)?;
                if to.is_none() {
                    chart.draw_series(std::iter::once(Rectangle::new([(from, y - 0.3), (end, y + 0.3)], style.line.stroke_width(2)))).map_err(chart_error)?;
                }
            }
            if let (Some(w), Some(prev)) = (step.waited_hours, previous_end) {
                chart.draw_series(std::iter::once(PathElement::new(vec![(prev, y), (from, y)], style.bars.stroke_width(2)))).map_err(chart_error)?;
                chart
                    .draw_series(std::iter::once(Text::new(format!("waited {w:.1} h"), ((prev + from) / 2.0, y + 0.45), style.text_style(LEGEND_SIZE).pos(Pos::new(HPos::Center, VPos::Bottom)))))
                    .map_err(chart_error)?;
            }
            previous_end = Some(to.unwrap_or_else(|| h(now)));
        }
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}
