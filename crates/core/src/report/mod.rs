//! The engagement report: one content (`build`), written as one self-contained HTML file
//! (`html`) or as a PDF typeset in-process (`pdf`). A title block (engagement, period,
//! author), contents, then the sections the user chose: the dashboard's figures, risks,
//! service levels, problems, improvement, the capability assessment, costs and satisfaction,
//! and what the figures mean. Laid out to print in greyscale.

mod html;
mod pdf;

pub use html::esc;

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

labelled_enum!(
    ReportFormat {
        Pdf = "pdf": "PDF",
        Html = "html": "HTML",
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

/// Sections named in a list ("risks,costs"); empty: every one.
pub fn parse_sections(list: &str) -> Result<Vec<ReportSection>> {
    let names: Vec<&str> = list
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if names.is_empty() {
        return Ok(ReportSection::ALL.to_vec());
    }
    names
        .iter()
        .map(|n| {
            ReportSection::parse(n).ok_or_else(|| {
                CoreError::validation(
                    "sections",
                    format!(
                        "\"{n}\" is not a section of the report ({}).",
                        ReportSection::ALL
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })
        })
        .collect()
}

/// One report, whatever it is written as: the title block and the chosen sections' blocks,
/// with every piece of text as the user typed it (each renderer makes it safe for its format).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub title: String,
    pub period: String,
    pub author: String,
    pub date: String,
    pub audit_head: String,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub section: ReportSection,
    pub blocks: Vec<Block>,
}

/// What a section is made of. A chart is an SVG (drawn by `charts`, its own text escaped by
/// the backend) embedded as a vector in both formats.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Figures {
        items: Vec<(String, String)>,
    },
    Chart {
        #[serde(skip)]
        svg: String,
        caption: String,
    },
    Heading {
        text: String,
    },
    Text {
        text: String,
    },
    /// Said when there is nothing to show.
    Muted {
        text: String,
    },
    /// `numeric`: per column, whether every cell is a figure (set flush right).
    Table {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
        empty: String,
        numeric: Vec<bool>,
    },
    Terms {
        items: Vec<(String, String)>,
    },
}

/// The blocks of one section, added in reading order.
#[derive(Default)]
struct Blocks(Vec<Block>);

impl Blocks {
    fn figures(&mut self, items: &[(&str, String)]) {
        self.0.push(Block::Figures {
            items: items
                .iter()
                .map(|(k, v)| ((*k).to_string(), v.clone()))
                .collect(),
        });
    }
    /// A chart that cannot be drawn (nothing to draw) is left out.
    fn chart(&mut self, svg: Result<String>, caption: &str) {
        if let Ok(svg) = svg {
            self.0.push(Block::Chart {
                svg,
                caption: caption.into(),
            });
        }
    }
    fn heading(&mut self, text: impl Into<String>) {
        self.0.push(Block::Heading { text: text.into() });
    }
    fn text(&mut self, text: impl Into<String>) {
        self.0.push(Block::Text { text: text.into() });
    }
    fn muted(&mut self, text: &str) {
        self.0.push(Block::Muted { text: text.into() });
    }
    fn table(&mut self, head: &[&str], rows: Vec<Vec<String>>, empty: &str) {
        let figure = |c: &str| {
            c == NONE
                || (c.chars().any(|ch| ch.is_ascii_digit())
                    && c.chars()
                        .all(|ch| ch.is_ascii_digit() || " .,-+%".contains(ch)))
        };
        let numeric = (0..head.len())
            .map(|i| !rows.is_empty() && rows.iter().all(|r| r.get(i).is_some_and(|c| figure(c))))
            .collect();
        self.0.push(Block::Table {
            head: head.iter().map(|h| (*h).to_string()).collect(),
            rows,
            empty: empty.into(),
            numeric,
        });
    }
}

/// The report's content with the sections chosen, in the report's order whatever the order
/// asked. The period is the twelve months up to the workspace's today.
pub fn build(ws: &Workspace, sections: &[ReportSection]) -> Result<Report> {
    let settings = crate::settings::get_settings(ws)?;
    let today = crate::settings::today(ws)?;
    let from = (today - chrono::Duration::days(365))
        .format("%Y-%m-%d")
        .to_string();
    let to = today.format("%Y-%m-%d").to_string();
    let period = Period {
        from: from.clone(),
        to: to.clone(),
        today,
        zone: crate::settings::display_zone(ws)?,
        format: settings.date_format,
    };
    let mut out = Vec::new();
    for s in ReportSection::ALL
        .iter()
        .copied()
        .filter(|s| sections.contains(s))
    {
        let mut blocks = Blocks::default();
        section(ws, s, &mut blocks, &period)?;
        out.push(Section {
            section: s,
            blocks: blocks.0,
        });
    }
    Ok(Report {
        title: settings.workspace_name,
        period: format!("{from} to {to}"),
        author: ws.actor().as_str().to_string(),
        date: to,
        audit_head: crate::workspace::head(ws)?,
        sections: out,
    })
}

/// The twelve months reported on, and how times are shown (the workspace's zone and format).
struct Period {
    from: String,
    to: String,
    today: chrono::NaiveDate,
    zone: chrono_tz::Tz,
    format: crate::settings::DateFormat,
}

impl Period {
    /// A stored instant (RFC 3339) as the people in the room read it.
    fn at(&self, instant: &str) -> String {
        chrono::DateTime::parse_from_rfc3339(instant)
            .map(|t| {
                t.with_timezone(&self.zone)
                    .format(self.format.date_time())
                    .to_string()
            })
            .unwrap_or_else(|_| instant.to_string())
    }
}

/// What a table cell says for a figure there is none of.
const NONE: &str = "—";

/// A figure with one decimal and its unit, or "—" when there is none.
fn one_decimal(v: Option<f64>, unit: &str) -> String {
    v.map(|v| format!("{v:.1}{unit}")).unwrap_or_else(|| NONE.into())
}

/// A stored amount ("1213845.40") with its thousands grouped.
fn amount(decimal: &str) -> String {
    crate::money::parse_cents("amount", decimal)
        .map(crate::money::grouped)
        .unwrap_or_else(|_| decimal.to_string())
}

fn section(ws: &Workspace, s: ReportSection, out: &mut Blocks, period: &Period) -> Result<()> {
    let (from, to, today) = (period.from.as_str(), period.to.as_str(), period.today);
    let theme = Theme::Light;
    match s {
        ReportSection::Dashboard => {
            let sum = crate::summary::summarize(ws)?;
            let risks: i64 = ws.conn().query_row(
                "SELECT count(*) FROM risks WHERE status <> 'closed'",
                [],
                |r| r.get(0),
            )?;
            let problems: i64 = ws.conn().query_row(
                "SELECT count(*) FROM problems WHERE state NOT IN ('resolved', 'closed')",
                [],
                |r| r.get(0),
            )?;
            let initiatives: i64 = ws.conn().query_row("SELECT count(*) FROM initiatives WHERE status NOT IN ('closed_successful', 'closed_unsuccessful', 'withdrawn')", [], |r| r.get(0))?;
            out.figures(&[
                ("Open incidents", sum.open_incidents.to_string()),
                (
                    "Major incidents open",
                    sum.attention.major_incidents.len().to_string(),
                ),
                ("Open service requests", sum.open_requests.to_string()),
                ("Services", sum.services.to_string()),
                ("Configuration items", sum.cis.to_string()),
                ("Open risks", risks.to_string()),
                ("Open problems", problems.to_string()),
                ("Open improvement initiatives", initiatives.to_string()),
                (
                    "Commitments overdue",
                    sum.attention.overdue_commitments.len().to_string(),
                ),
            ]);
        }
        ReportSection::Risks => {
            out.chart(
                crate::charts::risk_heatmap::risk_heatmap(
                    ws,
                    crate::risks::RatingKind::Current,
                    theme,
                    crate::charts::risk_heatmap::HeatmapSize::Full,
                )
                .map(|h| h.svg),
                "Open risks by their current rating; the outline is the risk appetite.",
            );
            out.chart(
                crate::charts::risk_trend::risk_trend_svg(ws, theme),
                "Open risks per level over time.",
            );
            let m = crate::risks::matrix::get_matrix(ws)?;
            let page = crate::risks::list_risks(
                ws,
                &ListRequest {
                    sort: Some(SortTerm {
                        field: "current_level".into(),
                        descending: true,
                    }),
                    limit: Some(15),
                    skip_count: true,
                    ..Default::default()
                },
            )?;
            let rows: Vec<Vec<String>> = page
                .items
                .iter()
                .filter(|r| r.status.as_str() != "closed")
                .map(|r| {
                    vec![
                        r.key.clone(),
                        r.title.clone(),
                        r.current_level
                            .and_then(|l| m.levels.get(l as usize))
                            .map(|l| l.name.clone())
                            .unwrap_or_else(|| "not rated".into()),
                        r.owner.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            out.heading("Top risks");
            out.table(
                &["Risk", "Title", "Current level", "Owner"],
                rows,
                "No open risk.",
            );
        }
        ReportSection::ServiceLevels => {
            out.chart(
                crate::charts::sla_trend::sla_trend_svg(
                    ws,
                    95.0,
                    crate::sla::report::TrendPeriod::Month,
                    theme,
                ),
                "Service level compliance month by month against a 95 % goal; breaches as bars.",
            );
            let by = crate::sla::report::compliance(
                ws,
                crate::sla::report::ComplianceBy::Service,
                Some(from),
                Some(to),
            )?;
            let rows: Vec<Vec<String>> = by
                .iter()
                .map(|c| {
                    vec![
                        c.key.clone(),
                        c.measured.to_string(),
                        c.breached.to_string(),
                        one_decimal(c.compliance_pct, " %"),
                    ]
                })
                .collect();
            out.heading("Compliance by service");
            out.table(
                &["Service", "Measured", "Breached", "Compliance"],
                rows,
                "No clock stopped in the period.",
            );
            let breaches = crate::sla::report::breaches(ws, Some(from), Some(to))?;
            let rows: Vec<Vec<String>> = breaches
                .iter()
                .take(20)
                .map(|b| {
                    vec![
                        b.number.clone(),
                        b.title.clone(),
                        format!("{} / {}", b.agreement, b.target),
                        period.at(&b.deadline),
                        b.reasons.first().cloned().unwrap_or_default(),
                    ]
                })
                .collect();
            out.heading("Latest breaches");
            let deadline = format!("Deadline ({})", period.zone.name());
            out.table(
                &[
                    "Record",
                    "Title",
                    "Agreement / target",
                    &deadline,
                    "What explains it",
                ],
                rows,
                "No breach in the period.",
            );
        }
        ReportSection::Problems => {
            let open = |v: &str| FilterTerm {
                field: "state".into(),
                value: v.into(),
                ..Default::default()
            };
            let page = crate::problems::list_problems(
                ws,
                &ListRequest {
                    filters: ["new", "assessed", "root_cause_analysis", "known_error"]
                        .into_iter()
                        .map(open)
                        .collect(),
                    limit: Some(25),
                    skip_count: true,
                    ..Default::default()
                },
            )?;
            let rows: Vec<Vec<String>> = page
                .items
                .iter()
                .map(|p| {
                    vec![
                        p.number.clone(),
                        p.title.clone(),
                        p.state.label().into(),
                        p.owner.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            out.table(
                &["Problem", "Title", "State", "Owner"],
                rows,
                "No open problem.",
            );
        }
        ReportSection::Improvement => {
            let page = crate::improvement::list_initiatives(
                ws,
                &ListRequest {
                    limit: Some(50),
                    skip_count: true,
                    ..Default::default()
                },
            )?;
            let rows: Vec<Vec<String>> = page
                .items
                .iter()
                .filter(|i| !i.status.is_closed())
                .map(|i| {
                    vec![
                        i.number.clone(),
                        i.title.clone(),
                        i.status.label().into(),
                        i.owner.clone().unwrap_or_default(),
                        i.due_on.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            out.table(
                &["Initiative", "Title", "Status", "Owner", "Due"],
                rows,
                "No open initiative.",
            );
        }
        ReportSection::Assessment => {
            let all = crate::assessments::list_assessments(ws)?;
            let Some(latest) = all.first() else {
                out.muted("No capability assessment in this workspace.");
                return Ok(());
            };
            let earlier = all.get(1).map(|a| a.id);
            out.chart(crate::charts::assessment_radar::radar_svg(ws, latest.id, earlier, theme), "Assessed capability level per practice (solid), the target (long dashes), the earlier assessment (short dashes).");
            let r = crate::assessments::score::results(ws, latest.id)?;
            let rows: Vec<Vec<String>> = r
                .practices
                .iter()
                .map(|p| {
                    vec![
                        p.practice.clone(),
                        p.level.to_string(),
                        p.target.map(|t| t.to_string()).unwrap_or_else(|| NONE.into()),
                        format!("{} of {}", p.met, p.criteria),
                        p.gap
                            .iter()
                            .take(3)
                            .map(|g| g.text.clone())
                            .collect::<Vec<_>>()
                            .join("; "),
                    ]
                })
                .collect();
            out.heading(latest.name.clone());
            out.table(
                &[
                    "Practice",
                    "Level",
                    "Target",
                    "Criteria met",
                    "What keeps it from the next level",
                ],
                rows,
                "No practice in scope.",
            );
        }
        ReportSection::Costs => {
            use chrono::Datelike;
            let fy_start = crate::finance::finance_settings(ws)?.fiscal_year_start;
            let fy = if today.month() >= u32::from(fy_start) {
                today.year()
            } else {
                today.year() - 1
            };
            out.chart(
                crate::finance::budget::budget_chart(ws, fy, "", None, theme),
                "Budget, actual and run-rate forecast over the fiscal year, cumulative.",
            );
            let a = crate::finance::allocation::allocate(ws, from, to)?;
            let rows: Vec<Vec<String>> = a
                .services
                .iter()
                .map(|s| {
                    vec![
                        s.service.clone(),
                        amount(&s.direct),
                        amount(&s.allocated),
                        amount(&s.total),
                    ]
                })
                .collect();
            out.heading(format!("What each service cost ({})", a.currency));
            out.text(format!(
                "Ledger {} {}; unallocated {}.",
                amount(&a.ledger_total),
                a.currency,
                amount(&a.unallocated)
            ));
            out.table(
                &["Service", "Direct", "Allocated", "Total"],
                rows,
                "No ledger line in the period.",
            );
            out.chart(
                crate::relationship::satisfaction::satisfaction_trend(ws, None, theme),
                "Satisfaction of every service, month by month.",
            );
            let sat = crate::relationship::satisfaction::satisfaction_of(
                ws,
                crate::relationship::satisfaction::SatisfactionBy::Service,
                None,
            )?;
            let rows: Vec<Vec<String>> = sat
                .iter()
                .map(|r| {
                    vec![
                        r.key.clone(),
                        r.responses.to_string(),
                        one_decimal(r.csat_pct, ""),
                        one_decimal(r.nps, ""),
                    ]
                })
                .collect();
            out.heading("Satisfaction by service");
            out.table(
                &["Service", "Answers", "CSAT %", "NPS"],
                rows,
                "No survey answer.",
            );
        }
        ReportSection::Appendix => {
            let mut items = Vec::new();
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
                items.push((term.to_string(), meaning.to_string()));
            }
            out.0.push(Block::Terms { items });
        }
    }
    Ok(())
}

/// The whole report as HTML and as PDF, from one content.
pub fn rendered(ws: &Workspace) -> Result<(String, Vec<u8>)> {
    let report = build(ws, ReportSection::ALL)?;
    Ok((html::render(&report), pdf::render(&report)?.bytes))
}

/// Writes the report to `out` as PDF or HTML, by its extension, with the sections chosen.
pub fn write_report(
    ws: &Workspace,
    out: &Path,
    sections: &[ReportSection],
) -> Result<ReportOutcome> {
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let pdf = match ext.as_deref() {
        Some("html" | "htm") => false,
        Some("pdf") => true,
        _ => {
            return Err(CoreError::validation(
                "out",
                "Write the report to a .pdf or a .html file.",
            ))
        }
    };
    let report = build(ws, sections)?;
    let (bytes, pages) = if pdf {
        let made = pdf::render(&report)?;
        (made.bytes, Some(made.pages))
    } else {
        (html::render(&report).into_bytes(), None)
    };
    let file = crate::workspace::output::prepare(ws, out)?;
    std::fs::write(file.path(), bytes).map_err(|e| CoreError::io_at("write", out, e))?;
    file.commit()?;
    let chosen = report
        .sections
        .iter()
        .map(|s| s.section)
        .collect();
    Ok(ReportOutcome {
        out: out.display().to_string(),
        pages,
        sections: chosen,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The demo with one more risk, rated at the top, titled `title`.
    fn demo_with_risk(title: &str) -> (tempfile::TempDir, Workspace) {
        let (d, ws) = crate::testing::ws("Ada Assessor");
        crate::demo::load_demo(&ws).unwrap();
        let current = Some(crate::risks::Rating { likelihood: 5, impact: 5 });
        crate::risks::create_risk(&ws, &crate::risks::RiskInput { title: title.into(), current, ..Default::default() }).unwrap();
        (d, ws)
    }

    #[test]
    fn the_demo_report_is_one_file_with_its_sections_charts_and_user_text_escaped() {
        let (d, ws) = demo_with_risk("<script>alert(1)</script> & \"friends\"");
        let html = html::render(&build(&ws, ReportSection::ALL).unwrap());
        assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>"));
        for s in ReportSection::ALL {
            assert!(
                html.contains(&format!("<h2 id=\"{}\">", s.as_str())),
                "{s:?}"
            );
        }
        assert!(
            !html.contains("<script"),
            "no script, and user text escaped"
        );
        assert!(
            html.matches("<svg").count() >= 6,
            "the charts inline: {}",
            html.matches("<svg").count()
        );
        assert!(html.contains("Harbourside Logistics"));
        assert!(
            !html.contains("src=\"http") && !html.contains("href=\"http"),
            "nothing fetched"
        );
        // Sections chosen, in the report's order whatever the order asked.
        let two = html::render(&build(&ws, &parse_sections("costs, risks").unwrap()).unwrap());
        assert!(two.find("id=\"risks\"").unwrap() < two.find("id=\"costs\"").unwrap());
        assert!(!two.contains("id=\"problems\""));
        assert_eq!(
            parse_sections("risks,nope").unwrap_err().field(),
            Some("sections")
        );
        let out = d.path().join("report.html");
        let r = write_report(&ws, &out, &parse_sections("").unwrap()).unwrap();
        assert_eq!((r.pages, r.sections.len()), (None, 8));
        assert!(std::fs::read_to_string(&out)
            .unwrap()
            .contains("What the figures mean"));
        assert_eq!(
            write_report(&ws, &d.path().join("r.docx"), &[])
                .unwrap_err()
                .field(),
            Some("out")
        );
        assert_eq!(
            esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn the_demo_report_as_pdf_has_every_section_on_its_pages_and_user_text_is_never_typst_markup() {
        // Typst markup and code in user text: set as text, or the layout would fail or run it.
        let (d, ws) = demo_with_risk("#panic(\"boom\") *bold* $x$ #include \"/etc/passwd\" ]");
        let out = d.path().join("report.pdf");
        let r = write_report(&ws, &out, ReportSection::ALL).unwrap();
        let bytes = std::fs::read(&out).unwrap();
        assert!(
            bytes.starts_with(b"%PDF-") && bytes.windows(5).rev().take(64).any(|w| w == b"%%EOF")
        );
        let pages = r.pages.unwrap();
        assert!(pages >= 12, "the demo's report is {pages} pages");
        // Fewer sections, fewer pages.
        let one = write_report(&ws, &d.path().join("one.pdf"), &[ReportSection::Appendix]).unwrap();
        assert!(
            one.pages.unwrap() < pages && one.pages.unwrap() >= 2,
            "{one:?}"
        );
    }
}
