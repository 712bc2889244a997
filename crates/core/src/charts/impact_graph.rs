//! The impact graph of a CI: the chain of what depends on it laid out left to right, one
//! column per step away from the CI, each node under the node it depends on, joined by
//! elbowed lines; CIs, applications and services told apart by colour; the records of the
//! practices touching a node written on it as counts by kind ("2 incidents · 1 risk"), so
//! the graph stays a tree and never a hairball. A column holds at most [`MAX_ROWS`] nodes,
//! the rest counted in a last box. The window gets each node's place to make it a link.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{fit, text, Mark, Style, Theme, HEAD_PX, LEGEND_SIZE};
use crate::cis::impact::{ChainNode, ImpactAnalysis, KindCount};
use crate::error::{CoreError, Result};
use crate::record::{RecordKind, RecordRef};

pub const MAX_ROWS: usize = 14;
const BOX_W: i32 = 200;
const BOX_H: i32 = 46;
const GAP_X: i32 = 56;
const PITCH_Y: i32 = 58;
const MARGIN: i32 = 20;

/// Where a node is drawn, as fractions of the graph's width and height.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NodeBox {
    pub record: RecordRef,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImpactGraph {
    pub svg: String,
    pub width: u32,
    pub height: u32,
    pub nodes: Vec<NodeBox>,
}

fn chart_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::Conflict(format!("The impact graph could not be drawn: {e}"))
}

/// "2 incidents · 1 risk".
pub fn counts_text(counts: &[KindCount]) -> String {
    counts
        .iter()
        .map(|c| {
            let (one, many) = match c.kind {
                RecordKind::Incident => ("incident", "incidents"),
                RecordKind::Problem => ("problem", "problems"),
                RecordKind::Change => ("change", "changes"),
                RecordKind::Deployment => ("deployment", "deployments"),
                RecordKind::Risk => ("risk", "risks"),
                RecordKind::Vulnerability => ("vulnerability", "vulnerabilities"),
                other => (other.label(), other.label()),
            };
            format!("{} {}", c.count, if c.count == 1 { one } else { many })
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The columns: each depth's nodes under their parents' order, those the chain goes on
/// from first (so a cut column never hides a way on), CIs before applications before
/// services, then by name; each cut at `MAX_ROWS` (how many more as the last).
fn columns(chain: &[ChainNode]) -> Vec<(Vec<&ChainNode>, usize)> {
    let depth = chain.iter().map(|n| n.depth).max().unwrap_or(0) as usize;
    let kind_rank = |k: RecordKind| match k {
        RecordKind::Ci => 0,
        RecordKind::Application => 1,
        _ => 2,
    };
    let leads_on: std::collections::HashSet<RecordRef> = chain.iter().filter_map(|n| n.via).collect();
    let ends = |n: &ChainNode| !leads_on.contains(&n.record);
    let mut out: Vec<(Vec<&ChainNode>, usize)> = Vec::with_capacity(depth + 1);
    for d in 0..=depth {
        let mut col: Vec<&ChainNode> = chain.iter().filter(|n| n.depth as usize == d).collect();
        let placed: Vec<RecordRef> = out.last().map(|(c, _)| c.iter().map(|n| n.record).collect()).unwrap_or_default();
        let parent = |n: &ChainNode| n.via.and_then(|v| placed.iter().position(|p| *p == v)).unwrap_or(usize::MAX);
        col.sort_by(|a, b| parent(a).cmp(&parent(b)).then(ends(a).cmp(&ends(b))).then(kind_rank(a.record.kind).cmp(&kind_rank(b.record.kind))).then_with(|| a.name.cmp(&b.name)));
        let more = col.len().saturating_sub(MAX_ROWS);
        col.truncate(MAX_ROWS);
        out.push((col, more));
    }
    out
}

pub fn render(a: &ImpactAnalysis, theme: Theme) -> Result<ImpactGraph> {
    super::fonts()?;
    let style = Style::of(theme);
    let cols = columns(&a.chain);
    let rows = cols.iter().map(|(c, more)| c.len() + usize::from(*more > 0)).max().unwrap_or(1).max(1);
    let width = (MARGIN * 2 + cols.len() as i32 * (BOX_W + GAP_X) - GAP_X).max(480) as u32;
    let height = (HEAD_PX as i32 + MARGIN * 2 + rows as i32 * PITCH_Y - (PITCH_Y - BOX_H)) as u32;
    let colour = |k: RecordKind| match k {
        RecordKind::Ci => style.line,
        RecordKind::Application => style.goal,
        _ => style.bars,
    };
    let place = |c: usize, r: usize| (MARGIN + c as i32 * (BOX_W + GAP_X), HEAD_PX as i32 + MARGIN + r as i32 * PITCH_Y);
    let mut at: std::collections::HashMap<RecordRef, (i32, i32)> = std::collections::HashMap::new();
    for (c, (col, _)) in cols.iter().enumerate() {
        for (r, n) in col.iter().enumerate() {
            at.insert(n.record, place(c, r));
        }
    }
    let mut svg = String::new();
    let mut nodes = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&style.background).map_err(chart_error)?;
        let ci = a.chain.first().map(|n| n.name.as_str()).unwrap_or("");
        let legend = vec![
            ("Configuration item".to_string(), Mark::Bar(style.line.mix(0.6))),
            ("Application".to_string(), Mark::Bar(style.goal.mix(0.6))),
            ("Service".to_string(), Mark::Bar(style.bars.mix(0.6))),
        ];
        style.head(&root, &format!("What depends on {}", text(ci)), &legend, 1)?;
        // Lines first, boxes over them.
        for n in a.chain.iter() {
            let (Some(&(x2, y2)), Some(&(x1, y1))) = (at.get(&n.record), n.via.and_then(|v| at.get(&v))) else { continue };
            let (sx, sy, ex, ey) = (x1 + BOX_W, y1 + BOX_H / 2, x2, y2 + BOX_H / 2);
            let mid = sx + GAP_X / 2;
            root.draw(&PathElement::new(vec![(sx, sy), (mid, sy), (mid, ey), (ex, ey)], style.ink.mix(0.5).stroke_width(1))).map_err(chart_error)?;
        }
        let name_font = style.text_style(LEGEND_SIZE + 2);
        let count_font = style.text_style(LEGEND_SIZE);
        for (c, (col, more)) in cols.iter().enumerate() {
            for n in col {
                let (x, y) = at[&n.record];
                let k = colour(n.record.kind);
                root.draw(&Rectangle::new([(x, y), (x + BOX_W, y + BOX_H)], k.mix(if n.depth == 0 { 0.35 } else { 0.15 }).filled())).map_err(chart_error)?;
                root.draw(&Rectangle::new([(x, y), (x + BOX_W, y + BOX_H)], k.stroke_width(if n.depth == 0 { 3 } else { 1 }))).map_err(chart_error)?;
                let counts = counts_text(&n.touched_by);
                let name_y = if counts.is_empty() { y + BOX_H / 2 } else { y + 15 };
                root.draw(&Text::new(fit(&n.name, 24), (x + 8, name_y), name_font.clone().pos(Pos::new(HPos::Left, VPos::Center)))).map_err(chart_error)?;
                if !counts.is_empty() {
                    root.draw(&Text::new(fit(&counts, 30), (x + 8, y + 34), count_font.clone().pos(Pos::new(HPos::Left, VPos::Center)))).map_err(chart_error)?;
                }
                nodes.push(NodeBox {
                    record: n.record,
                    x: f64::from(x) / f64::from(width),
                    y: f64::from(y) / f64::from(height),
                    w: f64::from(BOX_W) / f64::from(width),
                    h: f64::from(BOX_H) / f64::from(height),
                });
            }
            if *more > 0 {
                let (x, y) = place(c, col.len());
                root.draw(&Rectangle::new([(x, y), (x + BOX_W, y + BOX_H)], style.grid.stroke_width(1))).map_err(chart_error)?;
                root.draw(&Text::new(format!("+{more} more (see the list)"), (x + 8, y + BOX_H / 2), count_font.clone().pos(Pos::new(HPos::Left, VPos::Center)))).map_err(chart_error)?;
            }
        }
        root.present().map_err(chart_error)?;
    }
    Ok(ImpactGraph { svg, width, height, nodes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cis::CiId;

    fn node(kind: RecordKind, id: i64, name: &str, depth: u32, via: Option<(RecordKind, i64)>, counts: &[(RecordKind, u64)]) -> ChainNode {
        ChainNode {
            record: RecordRef::new(kind, id),
            name: name.into(),
            depth,
            via: via.map(|(k, i)| RecordRef::new(k, i)),
            touched_by: counts.iter().map(|(kind, count)| KindCount { kind: *kind, count: *count }).collect(),
        }
    }

    #[test]
    fn the_chain_draws_as_columns_with_counts_and_escaped_names() {
        let mut chain = vec![
            node(RecordKind::Ci, 1, "san <01>", 0, None, &[(RecordKind::Risk, 1)]),
            node(RecordKind::Ci, 2, "esx-01", 1, Some((RecordKind::Ci, 1)), &[]),
            node(RecordKind::Application, 3, "wms-core", 2, Some((RecordKind::Ci, 2)), &[]),
            node(RecordKind::Service, 4, "Warehouse", 3, Some((RecordKind::Application, 3)), &[(RecordKind::Incident, 2), (RecordKind::Change, 1)]),
        ];
        for i in 0..20 {
            chain.push(node(RecordKind::Ci, 100 + i, &format!("vm-{i:02}"), 2, Some((RecordKind::Ci, 2)), &[]));
        }
        let a = ImpactAnalysis { ci: CiId(1), chain, cut: false, records: vec![] };
        let g = render(&a, Theme::Light).unwrap();
        assert!(g.svg.contains("san &lt;01&gt;") && !g.svg.contains("<01>"));
        assert!(g.svg.contains("2 incidents · 1 change") && g.svg.contains("1 risk"));
        assert!(g.svg.contains("+7 more"), "21 nodes at depth 2: 14 drawn, 7 counted");
        assert_eq!(g.nodes.len(), 1 + 1 + MAX_ROWS + 1);
        // Columns left to right by depth; every box inside the graph.
        let x_of = |id: i64| g.nodes.iter().find(|n| n.record.id == id).unwrap().x;
        assert!(x_of(1) < x_of(2) && x_of(2) < x_of(3) && x_of(3) < x_of(4));
        assert!(g.nodes.iter().all(|n| n.x >= 0.0 && n.y >= 0.0 && n.x + n.w <= 1.0 && n.y + n.h <= 1.0));
        // The application (the service's way) comes before the VMs in its column.
        let y_of = |id: i64| g.nodes.iter().find(|n| n.record.id == id).unwrap().y;
        assert!(y_of(3) < y_of(100));
    }
}
