//! Charts drawn in Rust with plotters, as SVG strings the UI shows inline and the CLI
//! writes to files. One style for every chart (`Style`), in a light and a dark variant.
//!
//! **Invariant:** user text in a chart (names, titles) goes through [`text`]; plotters' SVG
//! backend escapes text content itself (the chart tests pin that markup stays text).

pub mod assessment_radar;
pub mod budget_trend;
pub mod capacity_forecast;
pub mod dora_trend;
pub mod eol_timeline;
pub mod impact_graph;
pub mod measure_trend;
pub mod quadrants;
pub mod risk_heatmap;
pub mod risk_trend;
pub mod satisfaction_trend;
pub mod sla_trend;
pub mod stream_timeline;

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::chart::MeshStyle;
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::prelude::{Color, DrawingArea, DrawingBackend, IntoFont, PathElement, Rectangle, Text, TextStyle, TRANSPARENT};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{RGBAColor, RGBColor};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    Light,
    Dark,
}

/// The one chart style: background, ink, grid, and the series colours, per theme.
pub struct Style {
    pub background: RGBColor,
    pub ink: RGBColor,
    pub grid: RGBColor,
    pub line: RGBColor,
    pub goal: RGBColor,
    pub bars: RGBColor,
    pub font: &'static str,
}

impl Style {
    pub fn of(theme: Theme) -> Style {
        match theme {
            Theme::Light => Style {
                background: RGBColor(255, 255, 255),
                ink: RGBColor(31, 41, 55),
                grid: RGBColor(226, 232, 240),
                line: RGBColor(29, 94, 140),
                goal: RGBColor(2, 164, 90),
                bars: RGBColor(230, 120, 100),
                font: "sans-serif",
            },
            Theme::Dark => Style {
                background: RGBColor(24, 28, 36),
                ink: RGBColor(226, 232, 240),
                grid: RGBColor(55, 65, 81),
                line: RGBColor(125, 185, 235),
                goal: RGBColor(80, 210, 140),
                bars: RGBColor(240, 130, 110),
                font: "sans-serif",
            },
        }
    }

    /// `c` as a line on this style's background: moved towards the ink, keeping its hue, until
    /// it stands out by the 3:1 contrast WCAG asks of graphics (a pale level colour that fills
    /// a heatmap cell well would vanish as a line on white).
    pub(crate) fn line_of(&self, c: RGBColor) -> RGBColor {
        let contrast = |c: RGBColor| {
            let (a, b) = (relative_luminance(c), relative_luminance(self.background));
            (a.max(b) + 0.05) / (a.min(b) + 0.05)
        };
        let toward = if relative_luminance(self.background) > 0.5 { 0.0 } else { 255.0 };
        let mix = |v: u8, t: f64| (f64::from(v) * (1.0 - t) + toward * t).round() as u8;
        (0..=20).map(|i| f64::from(i) * 0.05).map(|t| RGBColor(mix(c.0, t), mix(c.1, t), mix(c.2, t))).find(|m| contrast(*m) >= 3.0).unwrap_or(self.ink)
    }

    /// Text of `size` pixels in the style's font and ink.
    pub(crate) fn text_style(&self, size: u32) -> TextStyle<'static> {
        (self.font, size).into_font().color(&self.ink)
    }

    /// The one mesh of a chart over time: horizontal grid lines only, in the grid colour,
    /// axes and labels in ink at the legend's size. The chart adds its own labels.
    pub(crate) fn mesh<'m, 'a, 'b, X, Y, XT, YT, DB>(&self, m: &'m mut MeshStyle<'a, 'b, X, Y, DB>) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
    where
        X: Ranged<ValueType = XT> + ValueFormatter<XT>,
        Y: Ranged<ValueType = YT> + ValueFormatter<YT>,
        DB: DrawingBackend,
    {
        m.light_line_style(TRANSPARENT)
            .bold_line_style(self.grid)
            .disable_x_mesh()
            .axis_style(self.ink)
            .label_style(self.text_style(LEGEND_SIZE))
            .axis_desc_style(self.text_style(LEGEND_SIZE))
    }

    /// A chart's head: its title, and under it on a line of its own the legend, so that a
    /// legend never covers data. Returns the area left for the plot. `scale` is 2 for PNG.
    pub(crate) fn head<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, title: &str, legend: &[(String, Mark)], scale: u32) -> crate::error::Result<DrawingArea<DB, Shift>> {
        let failed = |e: &dyn std::fmt::Display| crate::error::CoreError::Conflict(format!("The chart's title and legend could not be drawn: {e}"));
        let s = scale as i32;
        let (head, body) = root.split_vertically(HEAD_PX * scale);
        let (w, _) = head.dim_in_pixel();
        let centred = Pos::new(HPos::Center, VPos::Center);
        head.draw(&Text::new(text(title), (w as i32 / 2, 16 * s), self.text_style(20 * scale).pos(centred))).map_err(|e| failed(&e))?;
        let font = self.text_style(LEGEND_SIZE * scale);
        let widths: Vec<i32> = legend.iter().map(|(name, _)| head.estimate_text_size(name, &font).map(|(w, _)| w as i32).unwrap_or(0)).collect();
        let (mark, gap, between) = (16 * s, 6 * s, 22 * s);
        let total: i32 = widths.iter().map(|w| mark + gap + w).sum::<i32>() + between * (legend.len() as i32 - 1).max(0);
        let (mut x, y) = ((w as i32 - total) / 2, 42 * s);
        for ((name, m), width) in legend.iter().zip(widths) {
            match m {
                Mark::Line(c) => head.draw(&PathElement::new([(x, y), (x + mark, y)], c.stroke_width(3 * scale))),
                Mark::Bar(c) => head.draw(&Rectangle::new([(x, y - 6 * s), (x + mark, y + 6 * s)], c.filled())),
                Mark::Dashed(c, dash) => head.draw(&DashedPathElement::new([(x, y), (x + mark, y)], dash * s, 3 * s, c.stroke_width(3 * scale))),
            }
            .map_err(|e| failed(&e))?;
            head.draw(&Text::new(name.clone(), (x + mark + gap, y), font.pos(Pos::new(HPos::Left, VPos::Center)))).map_err(|e| failed(&e))?;
            x += mark + gap + width + between;
        }
        Ok(body)
    }
}

/// The height of a chart's head (title and legend), before scaling.
pub(crate) const HEAD_PX: u32 = 60;
/// Plotters writes a font of size n as 0.806 n px: 14 is 11.3 px, the smallest text a chart has.
pub(crate) const LEGEND_SIZE: u32 = 14;

/// What a legend entry shows beside its name.
pub(crate) enum Mark {
    Line(RGBColor),
    Bar(RGBAColor),
    /// A line of dashes this long (pixels before scaling), for series told apart in grey.
    Dashed(RGBColor, i32),
}

/// The font text is measured and (in PNG) drawn with, embedded so no system font is needed.
static FONT: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");

pub(crate) fn fonts() -> crate::error::Result<()> {
    static REGISTERED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| plotters::style::register_font("sans-serif", plotters::style::FontStyle::Normal, FONT).is_ok());
    if ok {
        Ok(())
    } else {
        Err(crate::error::CoreError::Conflict("The chart font could not be loaded.".into()))
    }
}

/// User text for a chart: one line (control characters would break the SVG), escaped by
/// the backend when written.
pub fn text(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// User text for a chart cut to at most `chars` characters, an ellipsis marking the cut.
pub(crate) fn fit(s: &str, chars: usize) -> String {
    let t = text(s);
    if t.chars().count() <= chars {
        t
    } else {
        format!("{}…", t.chars().take(chars.saturating_sub(1)).collect::<String>())
    }
}

/// A "#RRGGBB" colour from user settings (the risk matrix's levels); grey if malformed.
pub(crate) fn hex_colour(hex: &str) -> RGBColor {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0x808080);
    RGBColor((v >> 16) as u8, (v >> 8) as u8, v as u8)
}

/// WCAG relative luminance of a colour: how light it reads, and how it prints in grey.
pub(crate) fn relative_luminance(c: RGBColor) -> f64 {
    linear_luminance([c.0, c.1, c.2].map(|v| {
        let s = f64::from(v) / 255.0;
        if s <= 0.03928 { s / 12.92 } else { ((s + 0.055) / 1.055).powf(2.4) }
    }))
}

fn linear_luminance([r, g, b]: [f64; 3]) -> f64 {
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

/// The luminance of a colour as a reader with deuteranopia sees it (Machado, Oliveira and
/// Fernandes 2009, severity 1, applied to linear RGB).
#[cfg(test)]
pub(crate) fn deuteranopia_luminance(c: RGBColor) -> f64 {
    const M: [[f64; 3]; 3] = [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]];
    let l = [c.0, c.1, c.2].map(|v| {
        let s = f64::from(v) / 255.0;
        if s <= 0.03928 { s / 12.92 } else { ((s + 0.055) / 1.055).powf(2.4) }
    });
    linear_luminance(M.map(|row| (row[0] * l[0] + row[1] * l[1] + row[2] * l[2]).clamp(0.0, 1.0)))
}

/// The font sizes (px) of every text element of an SVG chart, as drawn.
#[cfg(test)]
pub(crate) fn font_sizes(svg: &str) -> Vec<f64> {
    svg.split("<text").skip(1).filter_map(|t| t.split("font-size=\"").nth(1)?.split('"').next()?.parse().ok()).collect()
}

/// The rectangles of an SVG chart (x, y, width, height), in document order.
#[cfg(test)]
pub(crate) fn rects(svg: &str) -> Vec<(f64, f64, f64, f64, String)> {
    let attr = |t: &str, name: &str| -> Option<f64> { t.split(&format!(" {name}=\"")).nth(1)?.split('"').next()?.parse().ok() };
    svg.split("<rect")
        .skip(1)
        .filter_map(|t| {
            let t = t.split('>').next()?;
            Some((attr(t, "x")?, attr(t, "y")?, attr(t, "width")?, attr(t, "height")?, t.to_string()))
        })
        .collect()
}

/// The texts of an SVG chart with the y of their anchor, in document order.
#[cfg(test)]
pub(crate) fn texts(svg: &str) -> Vec<(f64, String)> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let y = t.split(" y=\"").nth(1)?.split('"').next()?.parse().ok()?;
            let body = t.split('>').nth(1)?.split("</text").next()?.trim().to_string();
            Some((y, body))
        })
        .collect()
}
