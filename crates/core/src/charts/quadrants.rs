//! The one quadrant chart: records placed by two scores of 1 to 5 (across and up), split
//! into four quadrants that each say what to do, named in their outer corners. The TIME
//! chart (applications by technical fitness and business value, the bubble's area what
//! each costs to run) and the power/interest grid (stakeholders by interest and influence)
//! are drawn by it. Records with the same two scores are set around their point so none
//! hides another; the quadrants' places are returned so a click on one can filter a list.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{text, Style, Theme, LEGEND_SIZE};
use crate::error::{CoreError, Result};

pub const WIDTH: u32 = 760;
pub const HEIGHT: u32 = 560;

/// The lowest score that counts as high, on both axes of every quadrant chart.
pub const HIGH: u8 = 3;

/// Dot radii in pixels: a weight of 1 gets `MAX_R`; area grows with the weight.
const MIN_R: f64 = 7.0;
const MAX_R: f64 = 34.0;

/// What a chart is of: its title, axes and quadrants (key, label), in the order top left,
/// top right, bottom left, bottom right.
pub struct Frame<'a> {
    pub title: &'a str,
    pub across: &'a str,
    pub up: &'a str,
    pub quadrants: [(&'a str, &'a str); 4],
}

/// One record on the chart: scores 1-5; `weight` (0 to 1) sizes its dot by area, `None`
/// draws a ring (no figure to size it by).
pub struct Dot {
    pub label: String,
    pub across: u8,
    pub up: u8,
    pub weight: Option<f64>,
}

/// Where a quadrant is drawn, as fractions of the chart's width and height.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct QuadrantArea {
    pub key: String,
    pub label: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct QuadrantChart {
    pub svg: String,
    pub quadrants: Vec<QuadrantArea>,
}

fn chart_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::Conflict(format!("The chart could not be drawn: {e}"))
}

pub fn render(frame: &Frame<'_>, dots: &[Dot], theme: Theme) -> Result<QuadrantChart> {
    super::fonts()?;
    let style = Style::of(theme);
    let mut svg = String::new();
    let mut quadrants = Vec::with_capacity(4);
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&style.background).map_err(chart_error)?;
        let body = style.head(&root, frame.title, &[], 1)?;
        let mut chart = ChartBuilder::on(&body)
            .margin(16)
            .margin_top(4)
            .x_label_area_size(44)
            .y_label_area_size(56)
            .build_cartesian_2d(0.5f64..5.5, 0.5f64..5.5)
            .map_err(chart_error)?;
        style
            .mesh(&mut chart.configure_mesh())
            .x_labels(5)
            .y_labels(5)
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .x_desc(frame.across)
            .y_desc(frame.up)
            .draw()
            .map_err(chart_error)?;
        // The quadrants: split just below a high score, each named in its outer corner.
        let split = f64::from(HIGH) - 0.5;
        chart.draw_series(std::iter::once(PathElement::new([(split, 0.5), (split, 5.5)], style.ink.stroke_width(2)))).map_err(chart_error)?;
        chart.draw_series(std::iter::once(PathElement::new([(0.5, split), (5.5, split)], style.ink.stroke_width(2)))).map_err(chart_error)?;
        let corner = style.text_style(LEGEND_SIZE + 4);
        let spans = [((0.5, split), (split, 5.5)), ((split, split), (5.5, 5.5)), ((0.5, 0.5), (split, split)), ((split, 0.5), (5.5, split))];
        for (i, ((key, label), ((x0, y0), (x1, y1)))) in frame.quadrants.iter().zip(spans).enumerate() {
            let (left, top) = chart.backend_coord(&(x0, y1));
            let (right, bottom) = chart.backend_coord(&(x1, y0));
            quadrants.push(QuadrantArea {
                key: key.to_string(),
                label: label.to_string(),
                x: f64::from(left) / f64::from(WIDTH),
                y: f64::from(top) / f64::from(HEIGHT),
                w: f64::from(right - left) / f64::from(WIDTH),
                h: f64::from(bottom - top) / f64::from(HEIGHT),
            });
            let (x, h) = if i % 2 == 0 { (0.6, HPos::Left) } else { (5.4, HPos::Right) };
            let (y, v) = if i < 2 { (5.4, VPos::Top) } else { (0.6, VPos::Bottom) };
            chart.draw_series(std::iter::once(Text::new(text(label), (x, y), corner.clone().pos(Pos::new(h, v))))).map_err(chart_error)?;
        }
        // Records sharing a point are set on a small circle around it.
        let mut seen: std::collections::HashMap<(u8, u8), usize> = std::collections::HashMap::new();
        let label = style.text_style(LEGEND_SIZE);
        for dot in dots {
            let key = (dot.across, dot.up);
            let same = dots.iter().filter(|d| (d.across, d.up) == key).count();
            let k = seen.entry(key).or_insert(0);
            let angle = std::f64::consts::TAU * (*k as f64) / same as f64;
            *k += 1;
            let spread = if same > 1 { 0.22 } else { 0.0 };
            let at = (f64::from(dot.across) + spread * angle.cos(), f64::from(dot.up) + spread * angle.sin());
            let r = dot.weight.map(|w| MIN_R + (MAX_R - MIN_R) * w.clamp(0.0, 1.0).sqrt()).unwrap_or(MIN_R);
            let shape = match dot.weight {
                Some(_) => Circle::new(at, r as i32, style.line.mix(0.45).filled()),
                None => Circle::new(at, r as i32, style.line.stroke_width(2)),
            };
            chart.draw_series(std::iter::once(shape)).map_err(chart_error)?;
            chart
                .draw_series(std::iter::once(EmptyElement::at(at) + Text::new(text(&dot.label), (r as i32 + 4, 0), label.clone().pos(Pos::new(HPos::Left, VPos::Center)))))
                .map_err(chart_error)?;
        }
        root.present().map_err(chart_error)?;
    }
    Ok(QuadrantChart { svg, quadrants })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAME: Frame<'static> = Frame { title: "Things", across: "Fitness", up: "Value", quadrants: [("a", "Migrate"), ("b", "Invest"), ("c", "Eliminate"), ("d", "Tolerate")] };

    fn dot(name: &str, across: u8, up: u8, weight: Option<f64>) -> Dot {
        Dot { label: name.into(), across, up, weight }
    }

    #[test]
    fn dots_sit_in_their_quadrants_sized_by_weight_with_names_escaped() {
        let dots = [dot("wms <core>", 4, 5, Some(1.0)), dot("edi-gateway", 1, 4, Some(0.25)), dot("intranet", 2, 2, None), dot("hr-portal", 2, 2, Some(0.01))];
        for theme in [Theme::Light, Theme::Dark] {
            let chart = render(&FRAME, &dots, theme).unwrap();
            let svg = &chart.svg;
            assert!(!svg.contains("<core>") && svg.contains("wms &lt;core&gt;"));
            for q in ["Invest", "Migrate", "Tolerate", "Eliminate", "Fitness", "Value"] {
                assert!(svg.contains(q), "{q}");
            }
            let radii: Vec<f64> = svg.split("<circle").skip(1).filter_map(|c| c.split(" r=\"").nth(1)?.split('"').next()?.parse().ok()).collect();
            assert_eq!(radii.len(), 4, "a dot each");
            assert_eq!(radii[0], MAX_R.trunc(), "the heaviest is the largest");
            assert!(radii[1] < radii[0] && radii[1] > radii[3], "{radii:?}");
        }
        // Nothing placed yet: the empty quadrants, still clickable.
        let empty = render(&FRAME, &[], Theme::Light).unwrap();
        assert!(empty.svg.contains("Invest"));
        let q = &empty.quadrants;
        assert_eq!(q.iter().map(|a| a.key.as_str()).collect::<Vec<_>>(), ["a", "b", "c", "d"]);
        assert!(q[0].x < q[1].x && q[0].y < q[2].y && (q[0].x - q[2].x).abs() < 1e-9, "top left, top right, bottom left");
        // Side by side they cover the plot without overlapping: the split is at the high score.
        assert!((q[0].x + q[0].w - q[1].x).abs() < 1e-9 && (q[0].y + q[0].h - q[2].y).abs() < 1e-9);
        assert!(q.iter().all(|a| a.x > 0.0 && a.y > 0.0 && a.x + a.w < 1.0 && a.y + a.h < 1.0 && a.w > 0.0 && a.h > 0.0));
        // Scores 1-2 are left of the split, 3-5 right of it: the low side is two fifths wide.
        assert!((q[0].w / (q[0].w + q[1].w) - 0.4).abs() < 0.01, "{}", q[0].w / (q[0].w + q[1].w));
    }
}
