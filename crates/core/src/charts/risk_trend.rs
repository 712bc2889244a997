//! The risk trend: open risks per level over time (one line per level in its matrix colour),
//! from the register's daily snapshots.

use plotters::prelude::*;

use super::{hex_colour, text, Mark, Style, Theme};
use crate::error::{CoreError, Result};
use crate::risks::matrix::RiskMatrix;
use crate::risks::TrendPoint;
use crate::workspace::Workspace;

pub const WIDTH: u32 = 900;
pub const HEIGHT: u32 = 380;

fn chart_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::Conflict(format!("The risk trend could not be drawn: {e}"))
}

pub fn risk_trend_svg(ws: &Workspace, theme: Theme) -> Result<String> {
    let m = crate::risks::matrix::get_matrix(ws)?;
    let points = crate::risks::risk_trend(ws)?;
    let name = crate::settings::get_settings(ws)?.workspace_name;
    render(&m, &points, &format!("Open risks by level — {name}"), theme, crate::settings::today(ws)?)
}

/// Draws the trend as SVG; days without a snapshot carry the last one forward.
/// The last snapshot holds until `today`.
pub fn render(m: &RiskMatrix, points: &[TrendPoint], title: &str, theme: Theme, today: chrono::NaiveDate) -> Result<String> {
    super::fonts()?;
    let style = Style::of(theme);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&style.background).map_err(chart_error)?;
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let days: Vec<chrono::NaiveDate> = points.iter().filter_map(|p| day(&p.day)).collect();
        let (first, last) = match (days.first(), days.last()) {
            (Some(f), Some(l)) if f < l => (*f, (*l).max(today)),
            (Some(f), _) => (*f - chrono::Duration::days(1), *f + chrono::Duration::days(1)),
            _ => {
                (today - chrono::Duration::days(30), today)
            }
        };
        let top = points.iter().flat_map(|p| p.counts.iter()).copied().max().unwrap_or(0).max(5) as f64 * 1.15;
        let legend: Vec<(String, Mark)> = m.levels.iter().map(|l| (text(&l.name), Mark::Line(style.line_of(hex_colour(&l.colour))))).collect();
        let body = style.head(&root, &text(title), &legend, 1)?;
        let mut chart = ChartBuilder::on(&body)
            .margin(14)
            .margin_top(4)
            .x_label_area_size(32)
            .y_label_area_size(44)
            .build_cartesian_2d(0i64..(last - first).num_days(), 0f64..top)
            .map_err(chart_error)?;
        style
            .mesh(&mut chart.configure_mesh())
            .x_labels(8)
            .x_label_formatter(&|d| (first + chrono::Duration::days(*d)).format("%Y-%m-%d").to_string())
            .y_desc("open risks")
            .y_label_formatter(&|v| format!("{v:.0}"))
            .draw()
            .map_err(chart_error)?;
        for (k, level) in m.levels.iter().enumerate().rev() {
            let c = style.line_of(hex_colour(&level.colour));
            // A step line: each snapshot holds until the next one, and the last until today.
            let x = |d: &chrono::NaiveDate| (*d - first).num_days();
            let mut series: Vec<(i64, f64)> = Vec::new();
            for (p, d) in points.iter().zip(days.iter().map(x)) {
                let v = p.counts.get(k).copied().unwrap_or(0) as f64;
                if let Some(&(_, prev)) = series.last() {
                    series.push((d, prev));
                }
                series.push((d, v));
            }
            if let Some(&(_, v)) = series.last() {
                series.push((x(&last), v));
            }
            chart.draw_series(LineSeries::new(series, c.stroke_width(3))).map_err(chart_error)?;
        }
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_level_and_names_as_text() {
        let mut m = RiskMatrix::default();
        m.levels[4].name = "<b>Very high</b>".into();
        let points = vec![
            TrendPoint { day: "2026-06-01".into(), counts: vec![5, 10, 12, 8, 4] },
            TrendPoint { day: "2026-09-01".into(), counts: vec![6, 12, 14, 5, 2] },
        ];
        let today = chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        let svg = render(&m, &points, "Risks & <trend>", Theme::Light, today).unwrap();
        assert!(svg.contains("&lt;b&gt;Very high") && !svg.contains("<b>"));
        assert!(svg.contains("2026-06-01"));
        assert!(render(&m, &[], "empty", Theme::Dark, today).unwrap().contains("</svg>"), "no snapshots is an empty chart, not an error");
    }

    #[test]
    fn the_legend_is_above_the_plot_and_text_is_readable() {
        use crate::charts::{font_sizes, texts, HEAD_PX};
        let m = RiskMatrix::default();
        let points = vec![TrendPoint { day: "2026-06-01".into(), counts: vec![9, 9, 9, 9, 9] }, TrendPoint { day: "2026-06-20".into(), counts: vec![8, 9, 7, 9, 9] }];
        let svg = render(&m, &points, "Open risks", Theme::Light, chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()).unwrap();
        let names: Vec<(f64, String)> = texts(&svg).into_iter().filter(|(_, t)| m.levels.iter().any(|l| &l.name == t)).collect();
        assert_eq!(names.len(), m.levels.len(), "{names:?}");
        assert!(names.iter().all(|(y, _)| *y < HEAD_PX as f64), "{names:?}");
        assert!(font_sizes(&svg).iter().all(|px| *px >= 11.0), "{:?}", font_sizes(&svg));
    }

    #[test]
    fn every_level_line_stands_out_from_the_page_and_dark_colours_are_kept() {
        use crate::charts::{hex_colour, relative_luminance};
        let white = relative_luminance(plotters::style::RGBColor(255, 255, 255));
        let style = crate::charts::Style::of(Theme::Light);
        for l in RiskMatrix::default().levels {
            let line = style.line_of(hex_colour(&l.colour));
            assert!((white + 0.05) / (relative_luminance(line) + 0.05) >= 3.0, "{}: {line:?}", l.name);
        }
        let dark_red = hex_colour("#BD0026");
        assert_eq!(style.line_of(dark_red), dark_red);
        // On the dark theme a dark colour is lifted instead.
        let dark = crate::charts::Style::of(Theme::Dark);
        assert!(relative_luminance(dark.line_of(dark_red)) > relative_luminance(dark_red));
    }
}
