//! The TIME chart: each scored application a bubble placed by technical fitness (across)
//! and business value (up), its area by what it costs to run a month, in the quadrant that
//! says what to do with it: invest (both high), migrate (valuable, unfit), tolerate (fit,
//! of little value), eliminate (neither). Applications with no cost are drawn as rings.
//! Applications with the same two scores are set around their point so none hides another.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{text, Style, Theme, LEGEND_SIZE};
use crate::error::{CoreError, Result};
use crate::software::portfolio::{TimeItem, HIGH};

pub const WIDTH: u32 = 760;
pub const HEIGHT: u32 = 560;

fn chart_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::Conflict(format!("The TIME chart could not be drawn: {e}"))
}

/// Bubble radii in pixels: the largest cost gets `MAX_R`; area grows with cost.
const MIN_R: f64 = 7.0;
const MAX_R: f64 = 34.0;

pub fn render(items: &[TimeItem], theme: Theme) -> Result<String> {
    super::fonts()?;
    let style = Style::of(theme);
    let most = items.iter().filter_map(|i| i.monthly_cost_cents).max().unwrap_or(0).max(1) as f64;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&style.background).map_err(chart_error)?;
        let body = style.head(&root, "Application portfolio: TIME", &[], 1)?;
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
            .x_desc("Technical fitness")
            .y_desc("Business value")
            .draw()
            .map_err(chart_error)?;
        // The quadrants: split just below a high score, each named in its outer corner.
        let split = f64::from(HIGH) - 0.5;
        chart.draw_series(std::iter::once(PathElement::new([(split, 0.5), (split, 5.5)], style.ink.stroke_width(2)))).map_err(chart_error)?;
        chart.draw_series(std::iter::once(PathElement::new([(0.5, split), (5.5, split)], style.ink.stroke_width(2)))).map_err(chart_error)?;
        let corner = style.text_style(LEGEND_SIZE + 4);
        for (name, x, y, h) in [("Migrate", 0.6, 5.4, HPos::Left), ("Invest", 5.4, 5.4, HPos::Right), ("Eliminate", 0.6, 0.6, HPos::Left), ("Tolerate", 5.4, 0.6, HPos::Right)] {
            let v = if y > 3.0 { VPos::Top } else { VPos::Bottom };
            chart.draw_series(std::iter::once(Text::new(name.to_string(), (x, y), corner.clone().pos(Pos::new(h, v))))).map_err(chart_error)?;
        }
        // Applications sharing a point are set on a small circle around it.
        let mut seen: std::collections::HashMap<(u8, u8), usize> = std::collections::HashMap::new();
        let label = style.text_style(LEGEND_SIZE);
        for item in items {
            let key = (item.technical_fitness, item.business_value);
            let same = items.iter().filter(|i| (i.technical_fitness, i.business_value) == key).count();
            let k = seen.entry(key).or_insert(0);
            let angle = std::f64::consts::TAU * (*k as f64) / same as f64;
            *k += 1;
            let spread = if same > 1 { 0.22 } else { 0.0 };
            let at = (f64::from(item.technical_fitness) + spread * angle.cos(), f64::from(item.business_value) + spread * angle.sin());
            let r = item.monthly_cost_cents.map(|c| MIN_R + (MAX_R - MIN_R) * (c as f64 / most).sqrt()).unwrap_or(MIN_R);
            let colour = style.line;
            let bubble = match item.monthly_cost_cents {
                Some(_) => Circle::new(at, r as i32, colour.mix(0.45).filled()),
                None => Circle::new(at, r as i32, colour.stroke_width(2)),
            };
            chart.draw_series(std::iter::once(bubble)).map_err(chart_error)?;
            chart
                .draw_series(std::iter::once(EmptyElement::at(at) + Text::new(text(&item.application), (r as i32 + 4, 0), label.clone().pos(Pos::new(HPos::Left, VPos::Center)))))
                .map_err(chart_error)?;
        }
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::software::portfolio::quadrant;
    use crate::software::ApplicationId;

    fn item(name: &str, value: u8, fitness: u8, cost: Option<i64>) -> TimeItem {
        TimeItem { application_id: ApplicationId(1), application: name.into(), business_value: value, technical_fitness: fitness, monthly_cost_cents: cost, quadrant: quadrant(value, fitness) }
    }

    #[test]
    fn bubbles_sit_in_their_quadrants_sized_by_cost_with_names_escaped() {
        let items = [item("wms <core>", 5, 4, Some(1_250_000)), item("edi-gateway", 4, 1, Some(310_000)), item("intranet", 2, 2, None), item("hr-portal", 2, 2, Some(10_000))];
        for theme in [Theme::Light, Theme::Dark] {
            let svg = render(&items, theme).unwrap();
            assert!(!svg.contains("<core>") && svg.contains("wms &lt;core&gt;"));
            for q in ["Invest", "Migrate", "Tolerate", "Eliminate", "Technical fitness", "Business value"] {
                assert!(svg.contains(q), "{q}");
            }
            let radii: Vec<f64> = svg.split("<circle").skip(1).filter_map(|c| c.split(" r=\"").nth(1)?.split('"').next()?.parse().ok()).collect();
            assert_eq!(radii.len(), 4, "a bubble each");
            assert_eq!(radii[0], MAX_R.trunc(), "the costliest is the largest");
            assert!(radii[1] < radii[0] && radii[1] > radii[3], "{radii:?}");
        }
        // Nothing scored yet: the empty quadrants.
        assert!(render(&[], Theme::Light).unwrap().contains("Invest"));
    }
}
