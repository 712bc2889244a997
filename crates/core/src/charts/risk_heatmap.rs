//! The risk heatmap: the matrix's cells coloured by level, each with the number of open
//! risks rated in it (inherent, current or target), the appetite drawn as a thick outline
//! around the cells within it, likelihood up the side and impact along the bottom. The
//! window gets each cell's place too, so a click on a cell can filter the register.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{hex_colour, text, Style, Theme};
use crate::error::{CoreError, Result};
use crate::risks::matrix::RiskMatrix;
use crate::risks::{heatmap_counts, HeatmapCounts, RatingKind};
use crate::workspace::Workspace;

/// Where the heatmap is shown: beside the register in the window, drawn at the size it is
/// shown (no title, the level names in the panel's legend), or on its own (a saved file,
/// the CLI), with its title and each cell's level. No text is smaller than 11 px in either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HeatmapSize {
    Panel,
    Full,
}

struct Layout {
    width: u32,
    height: u32,
    left: u32,
    right: u32,
    top: u32,
    bottom: u32,
    title: bool,
    count_px: i32,
    label_px: i32,
    /// The level's name in each cell (0: none).
    level_px: i32,
    /// Impact labels on two alternating lines, so long ones do not run into each other.
    stagger: bool,
}

// Sizes are plotters' font sizes, which it writes as 0.806 of themselves in px: 14 is 11.3 px.
const FULL: Layout = Layout { width: 760, height: 560, left: 170, right: 20, top: 56, bottom: 84, title: true, count_px: 24, label_px: 15, level_px: 14, stagger: false };
const PANEL: Layout = Layout { width: 330, height: 310, left: 110, right: 8, top: 26, bottom: 84, title: false, count_px: 20, label_px: 14, level_px: 0, stagger: true };

impl HeatmapSize {
    fn layout(self) -> &'static Layout {
        match self {
            HeatmapSize::Panel => &PANEL,
            HeatmapSize::Full => &FULL,
        }
    }

    /// The size the chart is drawn at, in CSS pixels.
    pub fn pixels(self) -> (u32, u32) {
        let l = self.layout();
        (l.width, l.height)
    }
}

/// Where a cell is, as fractions of the chart's width and height (for click targets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HeatmapCell {
    pub likelihood: i64,
    pub impact: i64,
    pub count: u64,
    pub level: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Heatmap {
    pub svg: String,
    pub cells: Vec<HeatmapCell>,
    pub unrated: u64,
}

fn chart_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::Conflict(format!("The heatmap could not be drawn: {e}"))
}

/// Black or white, whichever reads better on `c` (WCAG relative luminance).
fn ink_on(c: RGBColor) -> RGBColor {
    let l = super::relative_luminance(c);
    // Contrast with black (l + 0.05) / 0.05 against white 1.05 / (l + 0.05).
    if (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) { RGBColor(0, 0, 0) } else { RGBColor(255, 255, 255) }
}

fn kind_title(kind: RatingKind) -> &'static str {
    match kind {
        RatingKind::Inherent => "inherent",
        RatingKind::Current => "current",
        RatingKind::Target => "target (residual)",
    }
}

/// The workspace's heatmap for one rating, as SVG with the cells' places.
pub fn risk_heatmap(ws: &Workspace, kind: RatingKind, theme: Theme, size: HeatmapSize) -> Result<Heatmap> {
    let m = crate::risks::matrix::get_matrix(ws)?;
    let counts = heatmap_counts(ws.conn(), &m, kind)?;
    let name = crate::settings::get_settings(ws)?.workspace_name;
    let title = format!("Open risks by {} rating — {name}", kind_title(kind));
    render(&m, &counts, &title, theme, size)
}

/// Writes the heatmap to `out` as SVG or PNG, by its extension.
pub fn write_risk_heatmap(ws: &Workspace, kind: RatingKind, theme: Theme, out: &std::path::Path) -> Result<()> {
    let ext = out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("svg" | "png")) {
        return Err(CoreError::validation("out", "Write the chart to a .svg or a .png file."));
    }
    let file = crate::workspace::output::prepare(ws, out)?;
    if ext.as_deref() == Some("svg") {
        std::fs::write(file.path(), risk_heatmap(ws, kind, theme, HeatmapSize::Full)?.svg).map_err(|e| CoreError::io_at("write", out, e))?;
    } else {
        let m = crate::risks::matrix::get_matrix(ws)?;
        let counts = heatmap_counts(ws.conn(), &m, kind)?;
        let name = crate::settings::get_settings(ws)?.workspace_name;
        super::fonts()?;
        let root = BitMapBackend::new(file.path(), (FULL.width * 2, FULL.height * 2)).into_drawing_area();
        draw(root, &m, &counts, &format!("Open risks by {} rating — {name}", kind_title(kind)), theme, &FULL)?;
    }
    file.commit()
}

/// Draws the heatmap as SVG. `title` and the matrix's labels are user text.
pub fn render(m: &RiskMatrix, counts: &HeatmapCounts, title: &str, theme: Theme, size: HeatmapSize) -> Result<Heatmap> {
    super::fonts()?;
    let mut svg = String::new();
    let layout = size.layout();
    let cells = draw(SVGBackend::with_string(&mut svg, (layout.width, layout.height)).into_drawing_area(), m, counts, title, theme, layout)?;
    Ok(Heatmap { svg, cells, unrated: counts.unrated })
}

fn draw<DB: DrawingBackend>(root: DrawingArea<DB, plotters::coord::Shift>, m: &RiskMatrix, counts: &HeatmapCounts, title: &str, theme: Theme, at: &Layout) -> Result<Vec<HeatmapCell>> {
    let style = Style::of(theme);
    let (w, _) = root.dim_in_pixel();
    let s = (w / at.width).max(1) as i32;
    let (width, height) = (at.width as i32 * s, at.height as i32 * s);
    let (rows, cols) = (m.likelihood.len() as i32, m.impact.len() as i32);
    let (left, top) = (at.left as i32 * s, at.top as i32 * s);
    let cw = (at.width - at.left - at.right) as i32 * s / cols;
    let ch = (at.height - at.top - at.bottom) as i32 * s / rows;
    let font = |size: i32, c: RGBColor| (style.font, (size * s) as f64).into_font().color(&c);
    let centred = |size: i32, c: RGBColor| font(size, c).pos(Pos::new(HPos::Center, VPos::Center));
    root.fill(&style.background).map_err(chart_error)?;
    if at.title {
        root.draw(&Text::new(text(title), (width / 2, 22 * s), centred(20, style.ink))).map_err(chart_error)?;
    }
    let mut cells = Vec::new();
    // Row 0 at the top is the highest likelihood.
    for r in 0..rows {
        let l = rows - r;
        let y = top + r * ch;
        root.draw(&Text::new(text(&m.likelihood[(l - 1) as usize].label), (left - 10 * s, y + ch / 2), font(at.label_px, style.ink).pos(Pos::new(HPos::Right, VPos::Center))))
            .map_err(chart_error)?;
        for c in 0..cols {
            let i = c + 1;
            let x = left + c * cw;
            let level = &m.levels[m.cells[(l - 1) as usize][c as usize]];
            let fill = hex_colour(&level.colour);
            root.draw(&Rectangle::new([(x, y), (x + cw, y + ch)], fill.filled())).map_err(chart_error)?;
            root.draw(&Rectangle::new([(x, y), (x + cw, y + ch)], style.background.stroke_width(2 * s as u32))).map_err(chart_error)?;
            let n = counts.counts.get((l - 1) as usize).and_then(|row| row.get(c as usize)).copied().unwrap_or(0);
            let ink = ink_on(fill);
            if n > 0 {
                let lift = if at.level_px > 0 { 6 * s } else { 0 };
                root.draw(&Text::new(n.to_string(), (x + cw / 2, y + ch / 2 - lift), centred(at.count_px, ink))).map_err(chart_error)?;
            }
            if at.level_px > 0 {
                root.draw(&Text::new(text(&level.name), (x + cw / 2, y + ch - 12 * s), centred(at.level_px, ink))).map_err(chart_error)?;
            }
            cells.push(HeatmapCell {
                likelihood: l as i64,
                impact: i as i64,
                count: n,
                level: level.name.clone(),
                x: x as f64 / width as f64,
                y: y as f64 / height as f64,
                w: cw as f64 / width as f64,
                h: ch as f64 / height as f64,
            });
        }
    }
    for c in 0..cols {
        let x = left + c * cw + cw / 2;
        let line = if at.stagger && c % 2 == 1 { 17 * s } else { 0 };
        root.draw(&Text::new(text(&m.impact[c as usize].label), (x, top + rows * ch + 14 * s + line), centred(at.label_px, style.ink))).map_err(chart_error)?;
    }
    let below = if at.stagger { 50 } else { 44 };
    root.draw(&Text::new("impact →", (left + cols * cw / 2, top + rows * ch + below * s), centred(at.label_px, style.ink))).map_err(chart_error)?;
    root.draw(&Text::new("likelihood ↑", (left - 10 * s, top - 14 * s), font(at.label_px, style.ink).pos(Pos::new(HPos::Right, VPos::Center)))).map_err(chart_error)?;
    // The appetite: a thick line on every edge between a cell within it and one above it,
    // or the matrix's border next to a cell within it.
    let within = |l: i32, c: i32| -> Option<bool> {
        if l < 1 || l > rows || c < 0 || c >= cols {
            return None;
        }
        Some(m.cells[(l - 1) as usize][c as usize] <= m.appetite)
    };
    let line = style.ink.stroke_width(4 * s as u32);
    for r in 0..rows {
        let l = rows - r;
        for c in 0..cols {
            if within(l, c) != Some(true) {
                continue;
            }
            let (x0, y0, x1, y1) = (left + c * cw, top + r * ch, left + (c + 1) * cw, top + (r + 1) * ch);
            let edges = [((x0, y0), (x1, y0), within(l + 1, c)), ((x0, y1), (x1, y1), within(l - 1, c)), ((x0, y0), (x0, y1), within(l, c - 1)), ((x1, y0), (x1, y1), within(l, c + 1))];
            for (a, b, other) in edges {
                if other != Some(true) {
                    root.draw(&PathElement::new(vec![a, b], line)).map_err(chart_error)?;
                }
            }
        }
    }
    root.draw(&Text::new(format!("outline: risk appetite (up to {})", text(&m.levels[m.appetite].name)), (left + cols * cw, top + rows * ch + (below + 20) * s), font(14, style.ink).pos(Pos::new(HPos::Right, VPos::Center))))
        .map_err(chart_error)?;
    root.present().map_err(chart_error)?;
    Ok(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_counts_and_user_text_as_text() {
        let mut m = RiskMatrix::default();
        m.levels[4].name = "<script>alert(1)</script> & \"VH\"".into();
        m.likelihood[4].label = "<img src=x onerror=alert(1)>".into();
        let mut counts = vec![vec![0u64; 5]; 5];
        counts[4][4] = 7;
        counts[0][0] = 2;
        let h = render(&m, &HeatmapCounts { counts: counts.clone(), unrated: 3 }, "Risks <b>now</b>", Theme::Light, HeatmapSize::Full).unwrap();
        assert!(h.svg.starts_with("<svg") && h.svg.trim_end().ends_with("</svg>"));
        assert!(!h.svg.contains("<script>") && !h.svg.contains("<img") && !h.svg.contains("<b>"), "markup stays text");
        assert!(h.svg.contains("&lt;script&gt;"));
        assert_eq!(h.cells.len(), 25);
        let top_right = h.cells.iter().find(|c| c.likelihood == 5 && c.impact == 5).unwrap();
        assert_eq!(top_right.count, 7);
        let bottom_left = h.cells.iter().find(|c| c.likelihood == 1 && c.impact == 1).unwrap();
        assert!(top_right.y < bottom_left.y && top_right.x > bottom_left.x, "likelihood up, impact right");
        assert!(h.cells.iter().all(|c| c.x >= 0.0 && c.x + c.w <= 1.0 && c.y >= 0.0 && c.y + c.h <= 1.0));
        assert!(h.svg.to_uppercase().contains("#BD0026"), "level colours");
        let dark = render(&m, &HeatmapCounts { counts: vec![vec![0; 5]; 5], unrated: 0 }, "x", Theme::Dark, HeatmapSize::Full).unwrap();
        assert!(dark.svg.to_lowercase().contains("#181c24"));
        // The panel: the same cells, drawn at the size it is shown, with no title.
        let panel = render(&m, &HeatmapCounts { counts, unrated: 3 }, "Risks <b>now</b>", Theme::Light, HeatmapSize::Panel).unwrap();
        assert_eq!(panel.cells.len(), 25);
        assert!(panel.svg.contains(r#"width="330""#) && !panel.svg.contains("Risks"), "{}", &panel.svg[..200]);
    }

    /// Every piece of text of both sizes is at least 11 px as drawn (each is shown at the
    /// size it is drawn), and fits inside the chart.
    #[test]
    fn no_text_is_smaller_than_11_px() {
        let m = RiskMatrix::default();
        for size in [HeatmapSize::Panel, HeatmapSize::Full] {
            let h = render(&m, &HeatmapCounts { counts: vec![vec![3; 5]; 5], unrated: 0 }, "Open risks", Theme::Light, size).unwrap();
            let sizes = crate::charts::font_sizes(&h.svg);
            assert!(sizes.len() > 10, "{size:?}: {sizes:?}");
            assert!(sizes.iter().all(|px| *px >= 11.0), "{size:?}: {sizes:?}");
        }
    }

    #[test]
    fn the_default_levels_read_in_order_in_grey_and_to_a_reader_with_deuteranopia() {
        let colours: Vec<RGBColor> = RiskMatrix::default().levels.iter().map(|l| hex_colour(&l.colour)).collect();
        for (what, lum) in [("grey", super::super::relative_luminance as fn(RGBColor) -> f64), ("deuteranopia", super::super::deuteranopia_luminance)] {
            let l: Vec<f64> = colours.iter().map(|c| lum(*c)).collect();
            // Each level darker than the one below it, by a step a printer keeps apart.
            assert!(l.windows(2).all(|w| w[0] - w[1] >= 0.08), "{what}: {l:?}");
        }
    }

    #[test]
    fn text_stays_readable_on_every_default_colour() {
        let inks: Vec<RGBColor> = RiskMatrix::default().levels.iter().map(|l| ink_on(hex_colour(&l.colour))).collect();
        // By WCAG contrast: black on the yellows, orange and red; white on the dark red.
        assert_eq!(inks, [RGBColor(0, 0, 0), RGBColor(0, 0, 0), RGBColor(0, 0, 0), RGBColor(0, 0, 0), RGBColor(255, 255, 255)]);
    }
}
