//! Budget against actual against forecast over a fiscal year, cumulative month by month:
//! the budget in long dashes, the actual so far as a solid line with dots, the run-rate
//! forecast in short dashes from the last actual to the year's end.

use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::{text, Mark, Style, Theme};
use crate::error::{CoreError, Result};
use crate::finance::budget::BudgetVsActual;
use crate::money::parse_cents;

pub const WIDTH: u32 = 900;
pub const HEIGHT: u32 = 360;

fn chart_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::Conflict(format!("The budget chart could not be drawn: {e}"))
}

pub fn render(b: &BudgetVsActual, currency: &str, theme: Theme) -> Result<String> {
    super::fonts()?;
    let style = Style::of(theme);
    let cents = |s: &str| parse_cents("amount", s).unwrap_or(0) as f64 / 100.0;
    let mut budget = Vec::new();
    let mut actual = Vec::new();
    let mut forecast = Vec::new();
    let (mut cb, mut ca) = (0.0, 0.0);
    for (i, m) in b.months.iter().enumerate() {
        cb += cents(&m.budget);
        budget.push((i as f64, cb));
        match &m.forecast {
            None => {
                ca += cents(&m.actual);
                actual.push((i as f64, ca));
            }
            Some(f) => {
                if forecast.is_empty() {
                    forecast.push(actual.last().copied().unwrap_or((i as f64 - 1.0, 0.0)));
                }
                ca += cents(f);
                forecast.push((i as f64, ca));
            }
        }
    }
    let hi = budget.iter().chain(&actual).chain(&forecast).map(|p| p.1).fold(1.0f64, f64::max) * 1.1;
    let lo = budget.iter().chain(&actual).chain(&forecast).map(|p| p.1).fold(0.0f64, f64::min) * 1.1;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&style.background).map_err(chart_error)?;
        let centre = if b.cost_centre.is_empty() { "every cost centre".to_string() } else { text(&b.cost_centre) };
        let who = match &b.service {
            Some(s) if b.cost_centre.is_empty() => text(s),
            Some(s) => format!("{}, {centre}", text(s)),
            None => centre,
        };
        let legend = vec![
            ("budget".to_string(), Mark::Dashed(style.goal, 7)),
            ("actual".to_string(), Mark::Line(style.line)),
            ("forecast (run-rate)".to_string(), Mark::Dashed(style.bars, 2)),
        ];
        let body = style.head(&root, &format!("Fiscal year {}, {who}: cumulative {}", b.fiscal_year, text(currency)), &legend, 1)?;
        let mut chart = ChartBuilder::on(&body).margin(14).margin_top(4).x_label_area_size(32).y_label_area_size(70).build_cartesian_2d(-0.5f64..11.5, lo..hi).map_err(chart_error)?;
        let label = |x: &f64| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 { b.months.get(i as usize).map(|m| m.month.clone()).unwrap_or_default() } else { String::new() }
        };
        style.mesh(&mut chart.configure_mesh()).x_labels(12).x_label_formatter(&label).y_label_formatter(&|v| format!("{v:.0}")).draw().map_err(chart_error)?;
        chart.draw_series(std::iter::once(DashedPathElement::new(budget.clone(), 7, 4, style.goal.stroke_width(2)))).map_err(chart_error)?;
        chart.draw_series(LineSeries::new(actual.iter().copied(), style.line.stroke_width(3))).map_err(chart_error)?;
        chart.draw_series(actual.iter().map(|p| Circle::new(*p, 4, style.line.filled()))).map_err(chart_error)?;
        if forecast.len() > 1 {
            chart.draw_series(std::iter::once(DashedPathElement::new(forecast, 2, 4, style.bars.stroke_width(3)))).map_err(chart_error)?;
        }
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}
