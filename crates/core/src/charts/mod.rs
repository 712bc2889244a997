//! Charts drawn in Rust with plotters, as SVG strings the UI shows inline and the CLI
//! writes to files. One style for every chart (`Style`), in a light and a dark variant.
//!
//! **Invariant:** user text in a chart (names, titles) goes through [`text`]; plotters' SVG
//! backend escapes text content itself (the chart tests pin that markup stays text).

pub mod risk_heatmap;
pub mod risk_trend;
pub mod sla_trend;

use plotters::chart::{ChartContext, SeriesLabelPosition};
use plotters::coord::CoordTranslate;
use plotters::prelude::{Color, DrawingBackend, IntoFont, TextStyle};
use plotters::style::RGBColor;
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

    /// Text of `size` pixels in the style's font and ink.
    pub(crate) fn text_style(&self, size: u32) -> TextStyle<'static> {
        (self.font, size).into_font().color(&self.ink)
    }

    /// The series legend every chart draws: a box over the plot in the background and grid
    /// colours, its names in `size`-pixel ink, placed at `at`.
    pub(crate) fn draw_legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(&self, chart: &mut ChartContext<'a, DB, CT>, size: u32, at: SeriesLabelPosition) -> crate::error::Result<()> {
        chart
            .configure_series_labels()
            .background_style(self.background.mix(0.9))
            .border_style(self.grid)
            .label_font(self.text_style(size))
            .position(at)
            .draw()
            .map_err(|e| crate::error::CoreError::Conflict(format!("The chart's legend could not be drawn: {e}")))
    }
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

/// A "#RRGGBB" colour from user settings (the risk matrix's levels); grey if malformed.
pub(crate) fn hex_colour(hex: &str) -> RGBColor {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0x808080);
    RGBColor((v >> 16) as u8, (v >> 8) as u8, v as u8)
}
