//! The report as one self-contained HTML file: inline CSS and the charts as inline SVG, no
//! script, a CSP that fetches nothing; every piece of user text escaped here (the charts'
//! text escaped by their backend).

use std::fmt::Write as _;

use super::{Block, Report};

/// Text made safe for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;color:#111;margin:2rem auto;max-width:60rem;line-height:1.4}
h1{font-size:1.9rem;margin:0 0 .3rem}h2{border-bottom:2px solid #111;padding-bottom:.2rem;margin-top:2.2rem;page-break-before:always}
.title{border:2px solid #111;padding:1.5rem;margin-bottom:2rem}.muted{color:#555}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.9rem}th,td{border:1px solid #777;padding:.25rem .45rem;text-align:left;vertical-align:top}th{background:#e6e6e6}.num{text-align:right;font-variant-numeric:tabular-nums}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:.5rem}.figures div{border:1px solid #777;padding:.4rem .6rem}
.figures dt{font-size:.8rem;color:#333}.figures dd{margin:0;font-size:1.3rem;font-weight:bold}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto;border:1px solid #bbb}figcaption{font-size:.85rem;color:#333}
@media print{body{margin:0;max-width:none}h2{page-break-before:always}}";

pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"><title>{}</title><style>{STYLE}</style></head><body>",
        esc(&r.title)
    );
    let _ = write!(
        out,
        "<section class=\"title\"><h1>{}</h1><p>Engagement report for the period {}</p><p>Prepared by {} on {}, from the Steward workspace whose audit trail ends at {}.</p></section>",
        esc(&r.title),
        esc(&r.period),
        esc(&r.author),
        esc(&r.date),
        esc(&r.audit_head)
    );
    out.push_str("<nav><h3>Contents</h3><ol>");
    for s in &r.sections {
        let _ = write!(out, "<li><a href=\"#{}\">{}</a></li>", s.section.as_str(), esc(s.section.label()));
    }
    out.push_str("</ol></nav>");
    for s in &r.sections {
        let _ = write!(out, "<h2 id=\"{}\">{}</h2>", s.section.as_str(), esc(s.section.label()));
        for b in &s.blocks {
            block(&mut out, b);
        }
    }
    out.push_str("</body></html>");
    out
}

fn block(out: &mut String, b: &Block) {
    match b {
        Block::Figures { items } => {
            out.push_str("<dl class=\"figures\">");
            for (k, v) in items {
                let _ = write!(out, "<div><dt>{}</dt><dd>{}</dd></div>", esc(k), esc(v));
            }
            out.push_str("</dl>");
        }
        // The chart's SVG as the renderer wrote it: its text escaped by the backend, no script.
        Block::Chart { svg, caption } => {
            let _ = write!(
                out,
                "<figure>{svg}<figcaption>{}</figcaption></figure>",
                esc(caption)
            );
        }
        Block::Heading { text } => {
            let _ = write!(out, "<h3>{}</h3>", esc(text));
        }
        Block::Text { text } => {
            let _ = write!(out, "<p>{}</p>", esc(text));
        }
        Block::Muted { text } => {
            let _ = write!(out, "<p class=\"muted\">{}</p>", esc(text));
        }
        Block::Table {
            head,
            rows,
            empty,
            numeric,
        } => {
            if rows.is_empty() {
                let _ = write!(out, "<p class=\"muted\">{}</p>", esc(empty));
                return;
            }
            out.push_str("<table><thead><tr>");
            let class = |i: usize| {
                if numeric.get(i).copied().unwrap_or(false) {
                    " class=\"num\""
                } else {
                    ""
                }
            };
            for (i, h) in head.iter().enumerate() {
                let _ = write!(out, "<th{}>{}</th>", class(i), esc(h));
            }
            out.push_str("</tr></thead><tbody>");
            for r in rows {
                out.push_str("<tr>");
                for (i, c) in r.iter().enumerate() {
                    let _ = write!(out, "<td{}>{}</td>", class(i), esc(c));
                }
                out.push_str("</tr>");
            }
            out.push_str("</tbody></table>");
        }
        Block::Terms { items } => {
            out.push_str("<dl>");
            for (term, meaning) in items {
                let _ = write!(
                    out,
                    "<dt><strong>{}</strong></dt><dd>{}</dd>",
                    esc(term),
                    esc(meaning)
                );
            }
            out.push_str("</dl>");
        }
    }
}
