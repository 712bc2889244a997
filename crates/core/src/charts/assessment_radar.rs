//! The assessment radar: one axis per practice in scope, rings for levels 1 to 5, the
//! assessed level as a filled solid shape, the target dashed, and an earlier assessment in
//! short dashes, so the three read apart in colour and printed in grey.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{text, Mark, Style, Theme, LEGEND_SIZE};
use crate::assessments::score::{results, PracticeResult};
use crate::assessments::AssessmentId;
use crate::error::{CoreError, Result};
use crate::workspace::Workspace;

pub const WIDTH: u32 = 900;
pub const HEIGHT: u32 = 720;

fn chart_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::Conflict(format!("The radar chart could not be drawn: {e}"))
}

/// What the radar shows: its axes (practices) and, per axis, the level of each series.
pub struct Radar {
    pub title: String,
    pub axes: Vec<String>,
    pub current: Vec<u8>,
    pub target: Vec<Option<u8>>,
    /// An earlier assessment's name and its levels on the same axes (None: not in its scope).
    pub earlier: Option<(String, Vec<Option<u8>>)>,
}

/// The radar of assessment `id`, with `earlier`'s levels as a third series.
pub fn radar(ws: &Workspace, id: AssessmentId, earlier: Option<AssessmentId>) -> Result<Radar> {
    let now = results(ws, id)?;
    let level_in = |rs: &[PracticeResult], p: &str| rs.iter().find(|r| r.practice == p).map(|r| r.level);
    let earlier = match earlier {
        Some(e) => {
            let then = results(ws, e)?;
            Some((then.assessment.name.clone(), now.practices.iter().map(|p| level_in(&then.practices, &p.practice)).collect()))
        }
        None => None,
    };
    Ok(Radar {
        title: format!("Capability by practice — {}", now.assessment.name),
        axes: now.practices.iter().map(|p| p.practice.clone()).collect(),
        current: now.practices.iter().map(|p| p.level).collect(),
        target: now.practices.iter().map(|p| p.target).collect(),
        earlier,
    })
}

pub fn radar_svg(ws: &Workspace, id: AssessmentId, earlier: Option<AssessmentId>, theme: Theme) -> Result<String> {
    render(&radar(ws, id, earlier)?, theme)
}

/// Writes the radar to `out` as SVG or PNG, by its extension.
pub fn write_radar(ws: &Workspace, id: AssessmentId, earlier: Option<AssessmentId>, theme: Theme, out: &std::path::Path) -> Result<()> {
    let ext = out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("svg" | "png")) {
        return Err(CoreError::validation("out", "Write the chart to a .svg or a .png file."));
    }
    let r = radar(ws, id, earlier)?;
    let file = crate::workspace::output::prepare(ws, out)?;
    if ext.as_deref() == Some("svg") {
        std::fs::write(file.path(), render(&r, theme)?).map_err(|e| CoreError::io_at("write", out, e))?;
    } else {
        super::fonts()?;
        draw(BitMapBackend::new(file.path(), (WIDTH * 2, HEIGHT * 2)).into_drawing_area(), &r, theme)?;
    }
    file.commit()
}

/// Draws the radar as an SVG document; names are user text.
pub fn render(r: &Radar, theme: Theme) -> Result<String> {
    super::fonts()?;
    let mut svg = String::new();
    draw(SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area(), r, theme)?;
    Ok(svg)
}

/// A practice's name on its axis, cut to what fits beside the ring.
fn axis_label(name: &str) -> String {
    super::fit(name, 40)
}

fn draw<DB: DrawingBackend>(root: DrawingArea<DB, Shift>, r: &Radar, theme: Theme) -> Result<()> {
    let style = Style::of(theme);
    let (w, _) = root.dim_in_pixel();
    let s = (w / WIDTH).max(1) as i32;
    root.fill(&style.background).map_err(chart_error)?;
    let earlier_colour = style.bars;
    let mut legend = vec![("assessed level".to_string(), Mark::Line(style.line)), ("target".to_string(), Mark::Dashed(style.goal, 7))];
    if let Some((name, _)) = &r.earlier {
        legend.push((text(name), Mark::Dashed(earlier_colour, 2)));
    }
    let body = style.head(&root, &text(&r.title), &legend, s as u32)?;
    let (bw, bh) = body.dim_in_pixel();
    let (cx, cy) = (bw as i32 / 2, bh as i32 / 2);
    let radius = (bh as i32 / 2 - 40 * s).min(bw as i32 / 2 - 190 * s).max(40 * s) as f64;
    let n = r.axes.len().max(1);
    let at = |axis: usize, level: f64| -> (i32, i32) {
        let angle = -std::f64::consts::FRAC_PI_2 + axis as f64 * std::f64::consts::TAU / n as f64;
        (cx + (radius * level / 5.0 * angle.cos()).round() as i32, cy + (radius * level / 5.0 * angle.sin()).round() as i32)
    };
    let ring = |level: f64| -> Vec<(i32, i32)> {
        let mut pts: Vec<(i32, i32)> = (0..n).map(|a| at(a, level)).collect();
        pts.push(at(0, level));
        pts
    };
    let font = |size: u32| style.text_style(size * s as u32);
    for level in 1..=5 {
        // Two axes or one make no polygon: their rings are circles.
        if n < 3 {
            body.draw(&Circle::new((cx, cy), (radius * level as f64 / 5.0).round() as i32, style.grid.stroke_width(s as u32))).map_err(chart_error)?;
        } else {
            body.draw(&PathElement::new(ring(level as f64), style.grid.stroke_width(s as u32))).map_err(chart_error)?;
        }
        let (x, y) = at(0, level as f64);
        body.draw(&Text::new(level.to_string(), (x + 5 * s, y), font(LEGEND_SIZE - 2).pos(Pos::new(HPos::Left, VPos::Center)))).map_err(chart_error)?;
    }
    for (a, name) in r.axes.iter().enumerate() {
        body.draw(&PathElement::new([(cx, cy), at(a, 5.0)], style.grid.stroke_width(s as u32))).map_err(chart_error)?;
        let (x, y) = at(a, 5.55);
        let h = if (x - cx).abs() < 8 * s { HPos::Center } else if x > cx { HPos::Left } else { HPos::Right };
        body.draw(&Text::new(axis_label(name), (x, y), font(LEGEND_SIZE).pos(Pos::new(h, VPos::Center)))).map_err(chart_error)?;
    }
    if r.axes.is_empty() {
        return Ok(());
    }
    // The assessed levels: filled lightly, outlined solid, a dot per practice.
    let current: Vec<(i32, i32)> = r.current.iter().enumerate().map(|(a, l)| at(a, *l as f64)).collect();
    body.draw(&Polygon::new(current.clone(), style.line.mix(0.18).filled())).map_err(chart_error)?;
    let mut closed = current.clone();
    closed.push(current[0]);
    body.draw(&PathElement::new(closed, style.line.stroke_width(3 * s as u32))).map_err(chart_error)?;
    for p in &current {
        body.draw(&Circle::new(*p, 4 * s, style.line.filled())).map_err(chart_error)?;
    }
    // Target and earlier: dashed outlines over the axes that have a value.
    let outline = |levels: Vec<Option<u8>>, colour: RGBColor, dash: i32| -> Result<()> {
        let pts: Vec<Option<(i32, i32)>> = levels.iter().enumerate().map(|(a, l)| l.map(|l| at(a, l as f64))).collect();
        for i in 0..n {
            if let (Some(p), Some(q)) = (pts[i], pts[(i + 1) % n]) {
                if n > 1 {
                    body.draw(&DashedPathElement::new([p, q], dash * s, 4 * s, colour.stroke_width(2 * s as u32))).map_err(chart_error)?;
                }
            }
            if let Some(p) = pts[i] {
                body.draw(&Rectangle::new([(p.0 - 3 * s, p.1 - 3 * s), (p.0 + 3 * s, p.1 + 3 * s)], colour.filled())).map_err(chart_error)?;
            }
        }
        Ok(())
    };
    outline(r.target.clone(), style.goal, 7)?;
    if let Some((_, levels)) = &r.earlier {
        outline(levels.clone(), earlier_colour, 2)?;
    }
    root.present().map_err(chart_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(axes: usize) -> Radar {
        Radar {
            title: "Capability — <script>alert(1)</script>".into(),
            axes: (0..axes).map(|i| if i == 0 { "incident <b>management</b>".to_string() } else { format!("practice {i}") }).collect(),
            current: (0..axes).map(|i| (i % 5 + 1) as u8).collect(),
            target: (0..axes).map(|i| if i % 2 == 0 { Some(4) } else { None }).collect(),
            earlier: Some(("Baseline & co".into(), (0..axes).map(|_| Some(2)).collect())),
        }
    }

    #[test]
    fn user_text_stays_text_and_every_series_is_drawn() {
        for theme in [Theme::Light, Theme::Dark] {
            let svg = render(&sample(13), theme).unwrap();
            assert!(!svg.contains("<script>") && !svg.contains("<b>"), "markup escaped");
            assert!(svg.contains("&lt;b&gt;management&lt;/b&gt;") && svg.contains("Baseline &amp; co"));
            assert_eq!(svg.matches("<polygon").count(), 1, "one filled shape: the assessed levels");
            let texts = super::super::texts(&svg);
            assert_eq!(texts.iter().filter(|(_, t)| t.starts_with("practice ")).count(), 12, "every axis named");
            assert!(super::super::font_sizes(&svg).iter().all(|px| *px >= 9.5), "readable");
        }
    }

    #[test]
    fn the_radar_is_drawn_for_34_practices_and_for_one() {
        assert!(render(&sample(34), Theme::Light).unwrap().contains("practice 33"));
        let one = render(&sample(1), Theme::Light).unwrap();
        assert!(one.contains("incident"));
        let none = Radar { title: "Empty".into(), axes: vec![], current: vec![], target: vec![], earlier: None };
        assert!(render(&none, Theme::Light).unwrap().contains("Empty"));
    }
}
