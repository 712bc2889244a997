//! The SLA trend: monthly or weekly compliance % as a line against the goal line, with the
//! number of breaches per period as bars on a second axis.

use plotters::prelude::*;

use super::{text, Mark, Style, Theme, LEGEND_SIZE};
use crate::error::{CoreError, Result};
use crate::sla::report::{TrendPeriod, TrendRow};

pub const WIDTH: u32 = 900;
pub const HEIGHT: u32 = 420;

fn chart_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::Conflict(format!("The chart could not be drawn: {e}"))
}

fn data(ws: &crate::workspace::Workspace, goal_pct: f64, period: TrendPeriod) -> Result<(Vec<TrendRow>, String)> {
    if !(0.0..=100.0).contains(&goal_pct) {
        return Err(CoreError::validation("goal_pct", "The goal is a percentage from 0 to 100."));
    }
    let rows = crate::sla::report::trend(ws, period)?;
    let name = crate::settings::get_settings(ws)?.workspace_name;
    let by = match period {
        TrendPeriod::Month => "month",
        TrendPeriod::Week => "week",
    };
    Ok((rows, format!("SLA compliance by {by} — {name}")))
}

/// The workspace's SLA trend over every target, as SVG.
pub fn sla_trend_svg(ws: &crate::workspace::Workspace, goal_pct: f64, period: TrendPeriod, theme: Theme) -> Result<String> {
    let (rows, title) = data(ws, goal_pct, period)?;
    render(&rows, goal_pct, &title, theme)
}

/// Writes the trend to `out` as SVG or PNG, by its extension.
pub fn write_sla_trend(ws: &crate::workspace::Workspace, goal_pct: f64, period: TrendPeriod, theme: Theme, out: &std::path::Path) -> Result<()> {
    let ext = out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("svg" | "png")) {
        return Err(CoreError::validation("out", "Write the chart to a .svg or a .png file."));
    }
    let file = crate::workspace::output::prepare(ws, out)?;
    if ext.as_deref() == Some("svg") {
        std::fs::write(file.path(), sla_trend_svg(ws, goal_pct, period, theme)?).map_err(|e| CoreError::io_at("write", out, e))?;
    } else {
        let (rows, title) = data(ws, goal_pct, period)?;
        render_png(&rows, goal_pct, &title, theme, file.path())?;
    }
    file.commit()
}

/// Draws the trend as an SVG document. `title` is user text.
pub fn render(rows: &[TrendRow], goal_pct: f64, title: &str, theme: Theme) -> Result<String> {
    super::fonts()?;
    let mut svg = String::new();
    draw(SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area(), rows, goal_pct, title, theme)?;
    Ok(svg)
}

/// The same drawing as a PNG file (twice the size, for print).
pub fn render_png(rows: &[TrendRow], goal_pct: f64, title: &str, theme: Theme, out: &std::path::Path) -> Result<()> {
    super::fonts()?;
    let root = BitMapBackend::new(out, (WIDTH * 2, HEIGHT * 2)).into_drawing_area();
    draw(root, rows, goal_pct, title, theme)
}

fn draw<DB: DrawingBackend>(root: DrawingArea<DB, plotters::coord::Shift>, rows: &[TrendRow], goal_pct: f64, title: &str, theme: Theme) -> Result<()> {
    let style = Style::of(theme);
    let (w, _) = root.dim_in_pixel();
    let scale = (w / WIDTH).max(1);
    {
        root.fill(&style.background).map_err(chart_error)?;
        let months = rows.len().max(1) as u32;
        // A segmented range a..b has a segment per value up to and including b.
        let segments = months.saturating_sub(1).max(1);
        let max_breaches = rows.iter().map(|r| r.breached).max().unwrap_or(0).max(5) as f64 * 1.15;
        let ink = |size: u32| style.text_style(size * scale);
        let bars = style.bars.mix(0.55);
        let legend = [
            ("breaches".to_string(), Mark::Bar(bars)),
            (format!("goal {goal_pct:.0}%"), Mark::Line(style.goal)),
            ("compliance".to_string(), Mark::Line(style.line)),
        ];
        let body = style.head(&root, &text(title), &legend, scale)?;
        let mut chart = ChartBuilder::on(&body)
            .margin(16 * scale)
            .margin_top(4 * scale)
            .x_label_area_size(36 * scale)
            .y_label_area_size(52 * scale)
            .right_y_label_area_size(52 * scale)
            .build_cartesian_2d((0u32..segments).into_segmented(), 0f64..100f64)
            .map_err(chart_error)?
            .set_secondary_coord((0u32..segments).into_segmented(), 0f64..max_breaches);
        // Each period is a segment: its bar fills it, its point and label sit at its centre.
        let label = |v: &SegmentValue<u32>| match v {
            SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => rows.get(*i as usize).map(|r| r.period.clone()).unwrap_or_default(),
            SegmentValue::Last => String::new(),
        };
        style
            .mesh(&mut chart.configure_mesh())
            .x_labels(rows.len().clamp(1, 12))
            .x_label_formatter(&label)
            .y_desc("compliance %")
            .y_label_formatter(&|v| format!("{v:.0}"))
            .draw()
            .map_err(chart_error)?;
        chart
            .configure_secondary_axes()
            .axis_style(style.ink)
            .y_desc("breaches")
            .y_label_formatter(&|v| format!("{v:.0}"))
            .label_style(ink(LEGEND_SIZE))
            .axis_desc_style(ink(LEGEND_SIZE))
            .draw()
            .map_err(chart_error)?;
        chart
            .draw_secondary_series(rows.iter().enumerate().map(|(i, r)| {
                let x = i as u32;
                let mut bar = Rectangle::new([(SegmentValue::Exact(x), 0.0), (SegmentValue::Exact(x + 1), r.breached as f64)], bars.filled());
                bar.set_margin(0, 0, 8 * scale, 8 * scale);
                bar
            }))
            .map_err(chart_error)?;
        chart
            .draw_series(LineSeries::new([(SegmentValue::Exact(0), goal_pct), (SegmentValue::Last, goal_pct)], style.goal.stroke_width(2 * scale)))
            .map_err(chart_error)?;
        let points: Vec<(SegmentValue<u32>, f64)> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.measured > 0)
            .map(|(i, r)| (SegmentValue::CenterOf(i as u32), r.met as f64 * 100.0 / r.measured as f64))
            .collect();
        let centred = |p: &(SegmentValue<u32>, f64)| (p.0.clone(), p.1);
        chart
            .draw_series(LineSeries::new(points.iter().map(centred), style.line.stroke_width(3 * scale)))
            .map_err(chart_error)?;
        chart.draw_series(points.iter().map(|p| Circle::new(centred(p), 4 * scale, style.line.filled()))).map_err(chart_error)?;
        root.present().map_err(chart_error)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(period: &str, measured: u64, met: u64) -> TrendRow {
        TrendRow { period: period.into(), measured, met, breached: measured - met }
    }

    #[test]
    fn the_trend_is_an_svg_with_user_text_as_text() {
        let rows = [row("2026-08", 40, 38), row("2026-09", 52, 41), row("2026-10", 47, 45)];
        let svg = render(&rows, 95.0, "<script>alert(1)</script> & \"Portal\"", Theme::Light).unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(!svg.contains("<script>"), "markup in a name must not become markup");
        assert!(svg.contains("&lt;script&gt;"), "{}", &svg[..svg.len().min(600)]);
        assert!(svg.contains("2026-09") && svg.contains("goal 95%"));
        let dark = render(&rows, 95.0, "x", Theme::Dark).unwrap();
        assert_ne!(svg.len(), 0);
        assert!(dark.contains("#181C24") || dark.to_lowercase().contains("#181c24"), "dark background");
        assert!(render(&[], 95.0, "empty", Theme::Light).unwrap().contains("</svg>"), "no data is an empty chart, not an error");
        let d = tempfile::tempdir().unwrap();
        let png = d.path().join("trend.png");
        render_png(&rows, 95.0, "<b>Portal</b>", Theme::Light, &png).unwrap();
        let bytes = std::fs::read(&png).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert!(bytes.len() > 10_000, "a drawn chart, not an empty image");
    }

    /// The legend sits in the chart's head, above the plot: no bar, point or line of data is
    /// drawn where the legend is, whatever the first months hold; and no text is below 11 px
    /// (the window shows the chart at its own size).
    #[test]
    fn the_legend_never_covers_data_and_text_is_readable() {
        use crate::charts::{font_sizes, rects, texts, HEAD_PX};
        // The first months have the most breaches: the bars the old legend covered.
        let rows = [row("2026-01", 60, 20), row("2026-02", 55, 25), row("2026-03", 40, 38), row("2026-04", 42, 41)];
        for theme in [Theme::Light, Theme::Dark] {
            let svg = render(&rows, 95.0, "Portal", theme).unwrap();
            let head = HEAD_PX as f64;
            let in_head: Vec<String> = texts(&svg).into_iter().filter(|(y, _)| *y < head).map(|(_, t)| t).collect();
            assert_eq!(in_head, ["Portal", "breaches", "goal 95%", "compliance"], "the title and the legend are in the head");
            // Every rectangle but the background and the legend's swatch is a bar, below the head.
            let bars: Vec<_> = rects(&svg).into_iter().filter(|r| r.2 < WIDTH as f64 && r.1 >= head).collect();
            assert_eq!(bars.len(), 4, "one bar per month");
            let swatches: Vec<_> = rects(&svg).into_iter().filter(|r| r.1 < head && r.2 < WIDTH as f64).collect();
            assert_eq!(swatches.len(), 1, "the breaches swatch: {swatches:?}");
            let sizes = font_sizes(&svg);
            assert!(sizes.iter().all(|px| *px >= 11.0), "{sizes:?}");
        }
    }
}
