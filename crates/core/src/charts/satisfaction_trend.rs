//! Satisfaction over time: a service's CSAT % and NPS month by month, CSAT as a solid line
//! with dots, NPS in dashes, on one scale from -100 to 100 (CSAT lives in its upper half),
//! so the two read apart printed in grey too.

use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::{text, Mark, Style, Theme};
use crate::error::{CoreError, Result};
use crate::relationship::satisfaction::SatisfactionRow;

pub const WIDTH: u32 = 900;
pub const HEIGHT: u32 = 360;

fn chart_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::Conflict(format!("The satisfaction trend could not be drawn: {e}"))
}

/// Draws the months (`rows` keyed "YYYY-MM", oldest first) of `name` (user text).
pub fn render(rows: &[SatisfactionRow], name: &str, theme: Theme) -> Result<String> {
    super::fonts()?;
    let style = Style::of(theme);
    let n = rows.len().max(1) as i64;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&style.background).map_err(chart_error)?;
        let legend = vec![("CSAT %".to_string(), Mark::Line(style.line)), ("NPS".to_string(), Mark::Dashed(style.bars, 7))];
        let body = style.head(&root, &format!("Satisfaction of {}", text(name)), &legend, 1)?;
        let mut chart = ChartBuilder::on(&body)
            .margin(14)
            .margin_top(4)
            .x_label_area_size(32)
            .y_label_area_size(44)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), -100f64..100f64)
            .map_err(chart_error)?;
        let label = |x: &f64| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 { rows.get(i as usize).map(|r| r.key.clone()).unwrap_or_default() } else { String::new() }
        };
        style.mesh(&mut chart.configure_mesh()).x_labels(rows.len().clamp(1, 12)).x_label_formatter(&label).y_label_formatter(&|v| format!("{v:.0}")).draw().map_err(chart_error)?;
        chart.draw_series(std::iter::once(PathElement::new([(-0.5, 0.0), (n as f64 - 0.5, 0.0)], style.grid.stroke_width(2)))).map_err(chart_error)?;
        let csat: Vec<(f64, f64)> = rows.iter().enumerate().filter_map(|(i, r)| Some((i as f64, r.csat_pct?))).collect();
        let nps: Vec<(f64, f64)> = rows.iter().enumerate().filter_map(|(i, r)| Some((i as f64, r.nps?))).collect();
        chart.draw_series(LineSeries::new(csat.iter().copied(), style.line.stroke_width(3))).map_err(chart_error)?;
        chart.draw_series(csat.iter().map(|p| Circle::new(*p, 4, style.line.filled()))).map_err(chart_error)?;
        if nps.len() > 1 {
            chart.draw_series(std::iter::once(DashedPathElement::new(nps.clone(), 7, 4, style.bars.stroke_width(3)))).map_err(chart_error)?;
        }
        chart.draw_series(nps.iter().map(|p| TriangleMarker::new(*p, 6, style.bars.filled()))).map_err(chart_error)?;
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}
