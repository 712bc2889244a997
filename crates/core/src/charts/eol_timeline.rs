//! The end-of-life radar as a timeline: one row per service put at risk (and one for CIs
//! no service depends on), today to the radar's horizon across, a mark on each day a CI
//! the service depends on leaves warranty (circle), support (triangle) or life (square),
//! so the kinds read apart printed in grey too.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{fit, Mark, Style, Theme, LEGEND_SIZE};
use crate::cis::lifecycle::{EolByService, EolKind};
use crate::error::{CoreError, Result};

pub const WIDTH: u32 = 900;
/// Rows shown; the rest are listed under the chart.
pub const MAX_ROWS: usize = 16;
const ROW_PX: u32 = 30;

fn chart_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::Conflict(format!("The end-of-life timeline could not be drawn: {e}"))
}

/// Draws the rows (at most [`MAX_ROWS`]) from `from` to `until`.
pub fn render(rows: &[EolByService], from: chrono::NaiveDate, until: chrono::NaiveDate, theme: Theme) -> Result<String> {
    super::fonts()?;
    let style = Style::of(theme);
    let rows = &rows[..rows.len().min(MAX_ROWS)];
    let n = rows.len().max(1);
    let height = super::HEAD_PX + 70 + ROW_PX * n as u32;
    let span = (until - from).num_days().max(1);
    let (warranty, support, life) = (style.goal, style.bars, style.ink);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&style.background).map_err(chart_error)?;
        let legend = vec![
            ("warranty ends".to_string(), Mark::Line(warranty)),
            ("support ends".to_string(), Mark::Line(support)),
            ("end of life".to_string(), Mark::Line(life)),
        ];
        let body = style.head(&root, "What falls out of warranty, support or life, by service", &legend, 1)?;
        let label = |i: usize| -> String {
            match rows.get(i) {
                Some(r) if r.service.is_empty() => "(no service depends on it)".to_string(),
                Some(r) => fit(&r.service, 28),
                None => String::new(),
            }
        };
        let mut chart = ChartBuilder::on(&body)
            .margin(14)
            .margin_top(4)
            .x_label_area_size(32)
            .y_label_area_size(210)
            .build_cartesian_2d(0i64..span, -0.5f64..(n as f64 - 0.5))
            .map_err(chart_error)?;
        style
            .mesh(&mut chart.configure_mesh())
            .x_labels(7)
            .y_labels(n)
            .x_label_formatter(&|d| (from + chrono::Duration::days(*d)).format("%Y-%m-%d").to_string())
            .y_label_formatter(&|v| {
                let i = v.round();
                if (v - i).abs() < 1e-6 && i >= 0.0 { label(n - 1 - i as usize) } else { String::new() }
            })
            .draw()
            .map_err(chart_error)?;
        for (r, row) in rows.iter().enumerate() {
            let y = (n - 1 - r) as f64;
            for item in &row.items {
                let Ok(day) = chrono::NaiveDate::parse_from_str(&item.date, "%Y-%m-%d") else { continue };
                let x = (day - from).num_days();
                match item.kind {
                    EolKind::WarrantyEnd => chart.draw_series(std::iter::once(Circle::new((x, y), 6, warranty.filled()))).map(|_| ()),
                    EolKind::EndOfSupport => chart.draw_series(std::iter::once(TriangleMarker::new((x, y), 8, support.filled()))).map(|_| ()),
                    EolKind::EndOfLife => chart.draw_series(std::iter::once(EmptyElement::at((x, y)) + Rectangle::new([(-6, -6), (6, 6)], life.filled()))).map(|_| ()),
                }
                .map_err(chart_error)?;
            }
        }
        if rows.is_empty() {
            chart
                .draw_series(std::iter::once(Text::new("Nothing ends in this period.".to_string(), (span / 2, 0.0), style.text_style(LEGEND_SIZE + 2).pos(Pos::new(HPos::Center, VPos::Center)))))
                .map_err(chart_error)?;
        }
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}
