//! The engagement report as one self-contained HTML file: inline CSS and the charts as
//! inline SVG, no script, every piece of user text escaped here (the charts' text escaped by
//! their backend). A title block (engagement, period, author), contents, then the sections
//! the user chose: the dashboard's figures, risks, service levels, problems, improvement,
//! the capability assessment, costs and satisfaction, and what the figures mean. The period
//! is the twelve months up to the workspace's today. Laid out to print in greyscale.

use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::charts::Theme;
use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::list::{FilterTerm, ListRequest, SortTerm};
use crate::workspace::Workspace;

labelled_enum!(
    ReportSection {
        Dashboard = "dashboard": "Dashboard",
        Risks = "risks": "Risks",
        ServiceLevels = "service_levels": "Service levels",
        Problems = "problems": "Problems",
        Improvement = "improvement": "Improvement",
        Assessment = "assessment": "Capability assessment",
        Costs = "costs": "Costs and satisfaction",
        Appendix = "appendix": "What the figures mean",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReportOutcome {
    pub out: String,
    /// Pages of a PDF; none for HTML.
    #[ts(type = "number | null")]
    pub pages: Option<u32>,
    pub sections: Vec<ReportSection>,
}

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

/// Sections named in a list ("risks,costs"); empty: every one.
pub fn parse_sections(list: &str) -> Result<Vec<ReportSection>> {
    let names: Vec<&str> = list.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    if names.is_empty() {
        return Ok(ReportSection::ALL.to_vec());
    }
    names
        .iter()
        .map(|n| {
            ReportSection::parse(n).ok_or_else(|| {
                CoreError::validation("sections", format!("\"{n}\" is not a section of the report ({}).", ReportSection::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")))
            })
        })
        .collect()
}

/// A table with its head; cells are escaped.
fn table(out: &mut String, head: &[&str], rows: &[Vec<String>], empty: &str) {
    if rows.is_empty() {
        let _ = write!(out, "<p class=\"muted\">{}</p>", esc(empty));
        return;
    }
    out.push_str("<table><thead><tr>");
    for h in head {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for r in rows {
        out.push_str("<tr>");
        for c in r {
            let _ = write!(out, "<td>{}</td>", esc(c));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

fn figure(out: &mut String, svg: Result<String>, caption: &str) {
    if let Ok(svg) = svg {
        // The chart's SVG as the renderer wrote it: its text escaped by the backend, no script.
        let _ = write!(out, "<figure>{svg}<figcaption>{}</figcaption></figure>", esc(caption));
    }
}

fn figures(out: &mut String, items: &[(&str, String)]) {
    out.push_str("<dl class=\"figures\">");
    for (k, v) in items {
        let _ = write!(out, "<div><dt>{}</dt><dd>{}</dd></div>", esc(k), esc(v));
    }
    out.push_str("</dl>");
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;color:#111;margin:2rem auto;max-width:60rem;line-height:1.4}
h1{font-size:1.9rem;margin:0 0 .3rem}h2{border-bottom:2px solid #111;padding-bottom:.2rem;margin-top:2.2rem;page-break-before:always}
.title{border:2px solid #111;padding:1.5rem;margin-bottom:2rem}.muted{color:#555}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.9rem}th,td{border:1px solid #777;padding:.25rem .45rem;text-align:left;vertical-align:top}th{background:#e6e6e6}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:.5rem}.figures div{border:1px solid #777;padding:.4rem .6rem}
.figures dt{font-size:.8rem;color:#333}.figures dd{margin:0;font-size:1.3rem;font-weight:bold}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto;border:1px solid #bbb}figcaption{font-size:.85rem;color:#333}
@media print{body{margin:0;max-width:none}h2{page-break-before:always}}";

/// The whole report.
pub fn html(ws: &Workspace) -> Result<String> {
    render_html(ws, ReportSection::ALL)
}

/// The report with the sections chosen, in the report's order.
pub fn render_html(ws: &Workspace, sections: &[ReportSection]) -> Result<String> {
    let settings = crate::settings::get_settings(ws)?;
    let today = crate::settings::today(ws)?;
    let from = (today - chrono::Duration::days(365)).format("%Y-%m-%d").to_string();
    let to = today.format("%Y-%m-%d").to_string();
    let chosen: Vec<ReportSection> = ReportSection::ALL.iter().copied().filter(|s| sections.contains(s)).collect();
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"><title>{}</title><style>{STYLE}</style></head><body>",
        esc(&settings.workspace_name)
    );
    let _ = write!(
        out,
        "<section class=\"title\"><h1>{}</h1><p>Engagement report for the period {from} to {to}</p><p>Prepared by {} on {to}, from the Steward workspace whose audit trail ends at {}.</p></section>",
        esc(&settings.workspace_name),
        esc(ws.actor().as_str()),
        esc(&crate::workspace::head(ws)?)
    );
    out.push_str("<nav><h3>Contents</h3><ol>");
    for s in &chosen {
        let _ = write!(out, "<li><a href=\"#{}\">{}</a></li>", s.as_str(), esc(s.label()));
    }
    out.push_str("</ol></nav>");
    for s in &chosen {
        let _ = write!(out, "<h2 id=\"{}\">{}</h2>", s.as_str(), esc(s.label()));
        section(ws, *s, &mut out, &from, &to, today)?;
    }
    out.push_str("</body></html>");
    Ok(out)
}

fn section(ws: &Workspace, s: ReportSection, out: &mut String, from: &str, to: &str, today: chrono::NaiveDate) -> Result<()> {
    let theme = Theme::Light;
    match s {
        ReportSection::Dashboard => {
            let sum = crate::summary::summarize(ws)?;
            let risks: i64 = ws.conn().query_row("SELECT count(*) FROM risks WHERE status <> 'closed'", [], |r| r.get(0))?;
            let problems: i64 = ws.conn().query_row("SELECT count(*) FROM problems WHERE state NOT IN ('resolved', 'closed')", [], |r| r.get(0))?;
            let initiatives: i64 = ws.conn().query_row("SELECT count(*) FROM initiatives WHERE status NOT IN ('closed_successful', 'closed_unsuccessful', 'withdrawn')", [], |r| r.get(0))?;
            figures(out, &[
                ("Open incidents", sum.open_incidents.to_string()),
                ("Major incidents open", sum.attention.major_incidents.len().to_string()),
                ("Open service requests", sum.open_requests.to_string()),
                ("Services", sum.services.to_string()),
                ("Configuration items", sum.cis.to_string()),
                ("Open risks", risks.to_string()),
                ("Open problems", problems.to_string()),
                ("Open improvement initiatives", initiatives.to_string()),
                ("Commitments overdue", sum.attention.overdue_commitments.len().to_string()),
            ]);
        }
        ReportSection::Risks => {
            figure(out, crate::charts::risk_heatmap::risk_heatmap(ws, crate::risks::RatingKind::Current, theme, crate::charts::risk_heatmap::HeatmapSize::Full).map(|h| h.svg), "Open risks by their current rating; the outline is the risk appetite.");
            figure(out, crate::charts::risk_trend::risk_trend_svg(ws, theme), "Open risks per level over time.");
            let m = crate::risks::matrix::get_matrix(ws)?;
            let page = crate::risks::list_risks(ws, &ListRequest { sort: Some(SortTerm { field: "current_level".into(), descending: true }), limit: Some(15), skip_count: true, ..Default::default() })?;
            let rows: Vec<Vec<String>> = page
                .items
                .iter()
                .filter(|r| r.status.as_str() != "closed")
                .map(|r| vec![r.key.clone(), r.title.clone(), r.current_level.and_then(|l| m.levels.get(l as usize)).map(|l| l.name.clone()).unwrap_or_else(|| "not rated".into()), r.owner.clone().unwrap_or_default()])
                .collect();
            out.push_str("<h3>Top risks</h3>");
            table(out, &["Risk", "Title", "Current level", "Owner"], &rows, "No open risk.");
        }
        ReportSection::ServiceLevels => {
            figure(out, crate::charts::sla_trend::sla_trend_svg(ws, 95.0, crate::sla::report::TrendPeriod::Month, theme), "Service level compliance month by month against a 95 % goal; breaches as bars.");
            let by = crate::sla::report::compliance(ws, crate::sla::report::ComplianceBy::Service, Some(from), Some(to))?;
            let rows: Vec<Vec<String>> = by.iter().map(|c| vec![c.key.clone(), c.measured.to_string(), c.breached.to_string(), c.compliance_pct.map(|p| format!("{p:.1} %")).unwrap_or_else(|| "—".into())]).collect();
            out.push_str("<h3>Compliance by service</h3>");
            table(out, &["Service", "Measured", "Breached", "Compliance"], &rows, "No clock stopped in the period.");
            let breaches = crate::sla::report::breaches(ws, Some(from), Some(to))?;
            let rows: Vec<Vec<String>> = breaches.iter().take(20).map(|b| vec![b.number.clone(), b.title.clone(), format!("{} / {}", b.agreement, b.target), b.deadline.clone(), b.reasons.first().cloned().unwrap_or_default()]).collect();
            out.push_str("<h3>Latest breaches</h3>");
            table(out, &["Record", "Title", "Agreement / target", "Deadline", "What explains it"], &rows, "No breach in the period.");
        }
        ReportSection::Problems => {
            let open = |v: &str| FilterTerm { field: "state".into(), value: v.into(), ..Default::default() };
            let page = crate::problems::list_problems(ws, &ListRequest {
                filters: ["new", "assessed", "root_cause_analysis", "known_error"].into_iter().map(open).collect(),
                limit: Some(25),
                skip_count: true,
                ..Default::default()
            })?;
            let rows: Vec<Vec<String>> = page.items.iter().map(|p| vec![p.number.clone(), p.title.clone(), p.state.label().into(), p.owner.clone().unwrap_or_default()]).collect();
            table(out, &["Problem", "Title", "State", "Owner"], &rows, "No open problem.");
        }
        ReportSection::Improvement => {
            let page = crate::improvement::list_initiatives(ws, &ListRequest { limit: Some(50), skip_count: true, ..Default::default() })?;
            let rows: Vec<Vec<String>> = page
                .items
                .iter()
                .filter(|i| !i.status.is_closed())
                .map(|i| vec![i.number.clone(), i.title.clone(), i.status.label().into(), i.owner.clone().unwrap_or_default(), i.due_on.clone().unwrap_or_default()])
                .collect();
            table(out, &["Initiative", "Title", "Status", "Owner", "Due"], &rows, "No open initiative.");
        }
        ReportSection::Assessment => {
            let all = crate::assessments::list_assessments(ws)?;
            let Some(latest) = all.first() else {
                out.push_str("<p class=\"muted\">No capability assessment in this workspace.</p>");
                return Ok(());
            };
            let earlier = all.get(1).map(|a| a.id);
            figure(out, crate::charts::assessment_radar::radar_svg(ws, latest.id, earlier, theme), "Assessed capability level per practice (solid), the target (long dashes), the earlier assessment (short dashes).");
            let r = crate::assessments::score::results(ws, latest.id)?;
            let rows: Vec<Vec<String>> = r
                .practices
                .iter()
                .map(|p| vec![p.practice.clone(), p.level.to_string(), p.target.map(|t| t.to_string()).unwrap_or_else(|| "—".into()), format!("{} of {}", p.met, p.criteria), p.gap.iter().take(3).map(|g| g.text.clone()).collect::<Vec<_>>().join("; ")])
                .collect();
            let _ = write!(out, "<h3>{}</h3>", esc(&latest.name));
            table(out, &["Practice", "Level", "Target", "Criteria met", "What keeps it from the next level"], &rows, "No practice in scope.");
        }
        ReportSection::Costs => {
            use chrono::Datelike;
            let fy_start = crate::finance::finance_settings(ws)?.fiscal_year_start;
            let fy = if today.month() >= u32::from(fy_start) { today.year() } else { today.year() - 1 };
            figure(out, crate::finance::budget::budget_chart(ws, fy, "", None, theme), "Budget, actual and run-rate forecast over the fiscal year, cumulative.");
            let a = crate::finance::allocation::allocate(ws, from, to)?;
            let rows: Vec<Vec<String>> = a.services.iter().map(|s| vec![s.service.clone(), s.direct.clone(), s.allocated.clone(), s.total.clone()]).collect();
            let _ = write!(out, "<h3>What each service cost ({})</h3><p>Ledger {} {}; unallocated {}.</p>", esc(&a.currency), esc(&a.ledger_total), esc(&a.currency), esc(&a.unallocated));
            table(out, &["Service", "Direct", "Allocated", "Total"], &rows, "No ledger line in the period.");
            figure(out, crate::relationship::satisfaction::satisfaction_trend(ws, None, theme), "Satisfaction of every service, month by month.");
            let sat = crate::relationship::satisfaction::satisfaction_of(ws, crate::relationship::satisfaction::SatisfactionBy::Service, None)?;
            let rows: Vec<Vec<String>> = sat.iter().map(|r| vec![r.key.clone(), r.responses.to_string(), r.csat_pct.map(|p| format!("{p:.1}")).unwrap_or_else(|| "—".into()), r.nps.map(|p| format!("{p:.1}")).unwrap_or_else(|| "—".into())]).collect();
            out.push_str("<h3>Satisfaction by service</h3>");
            table(out, &["Service", "Answers", "CSAT %", "NPS"], &rows, "No survey answer.");
        }
        ReportSection::Appendix => {
            out.push_str("<dl>");
            for (term, meaning) in [
                ("Compliance", "Of the service level clocks that stopped in the period, the share that met their target."),
                ("Risk level", "The level the risk matrix gives a likelihood and an impact; the appetite is the highest level accepted without treatment."),
                ("Capability level", "The highest level whose criteria, and every level's below it, are met or not applicable."),
                ("CSAT", "Answers of 4 or 5 out of all CSAT answers (1-5), as a percentage."),
                ("NPS", "The share of 9s and 10s minus the share of 0 to 6 among the NPS answers (0-10)."),
                ("Allocated cost", "A cost pool's amount split among services by its rules; cents that do not divide go to the largest remainders."),
                ("Run-rate forecast", "The actual so far plus the average month so far for each month left."),
                ("Audit trail head", "The number of entries and the last entry's hash: a copy of the workspace with a different head has been changed since."),
            ] {
                let _ = write!(out, "<dt><strong>{}</strong></dt><dd>{}</dd>", esc(term), esc(meaning));
            }
            out.push_str("</dl>");
        }
    }
    Ok(())
}

/// Writes the report to `out` (.html; a PDF is not made yet), with the sections chosen.
pub fn write_report(ws: &Workspace, out: &Path, sections: &[ReportSection]) -> Result<ReportOutcome> {
    let ext = out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => {}
        Some("pdf") => return Err(CoreError::validation("out", "Steward cannot write the report as PDF yet: write it as .html and print it from a browser.")),
        _ => return Err(CoreError::validation("out", "Write the report to a .html file.")),
    }
    let html = render_html(ws, sections)?;
    let file = crate::workspace::output::prepare(ws, out)?;
    std::fs::write(file.path(), html).map_err(|e| CoreError::io_at("write", out, e))?;
    file.commit()?;
    let chosen: Vec<ReportSection> = ReportSection::ALL.iter().copied().filter(|s| sections.contains(s)).collect();
    Ok(ReportOutcome { out: out.display().to_string(), pages: None, sections: chosen })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_report_is_one_file_with_its_sections_charts_and_user_text_escaped() {
        let (d, ws) = crate::testing::ws("Ada Assessor");
        crate::demo::load_demo(&ws).unwrap();
        crate::risks::create_risk(&ws, &crate::risks::RiskInput { title: "<script>alert(1)</script> & \"friends\"".into(), current: Some(crate::risks::Rating { likelihood: 5, impact: 5 }), ..Default::default() }).unwrap();
        let html = html(&ws).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>"));
        for s in ReportSection::ALL {
            assert!(html.contains(&format!("<h2 id=\"{}\">", s.as_str())), "{s:?}");
        }
        assert!(!html.contains("<script"), "no script, and user text escaped");
        assert!(html.matches("<svg").count() >= 6, "the charts inline: {}", html.matches("<svg").count());
        assert!(html.contains("Harbourside Logistics"));
        assert!(!html.contains("src=\"http") && !html.contains("href=\"http"), "nothing fetched");
        // Sections chosen, in the report's order whatever the order asked.
        let two = render_html(&ws, &parse_sections("costs, risks").unwrap()).unwrap();
        assert!(two.find("id=\"risks\"").unwrap() < two.find("id=\"costs\"").unwrap());
        assert!(!two.contains("id=\"problems\""));
        assert_eq!(parse_sections("risks,nope").unwrap_err().field(), Some("sections"));
        let out = d.path().join("report.html");
        let r = write_report(&ws, &out, &parse_sections("").unwrap()).unwrap();
        assert_eq!((r.pages, r.sections.len()), (None, 8));
        assert!(std::fs::read_to_string(&out).unwrap().contains("What the figures mean"));
        assert_eq!(write_report(&ws, &d.path().join("r.pdf"), &[]).unwrap_err().field(), Some("out"));
        assert_eq!(esc("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }
}
