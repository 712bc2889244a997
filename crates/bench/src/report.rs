//! The engagement report benchmark: the demo's whole report rendered as PDF, the first time
//! in the process (fonts and Typst's library loaded then), against the same report written
//! as HTML in the same run.

use std::path::Path;

use steward_core::report::{write_report, ReportSection};
use steward_core::workspace::{Actor, Workspace};

use crate::measure::{ms, Figure};

pub fn run(dir: &Path) -> Result<Vec<Figure>, String> {
    let path = dir.join("report-demo.steward");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let ws = Workspace::create(&path, Actor::parse("benchmark").map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    steward_core::demo::load_demo(&ws).map_err(|e| e.to_string())?;
    let (html_out, pdf_out) = (dir.join("report.html"), dir.join("report.pdf"));
    let (baseline, html) = ms(|| write_report(&ws, &html_out, ReportSection::ALL));
    html.map_err(|e| e.to_string())?;
    let (value, pdf) = ms(|| write_report(&ws, &pdf_out, ReportSection::ALL));
    let pages = pdf.map_err(|e| e.to_string())?.pages.unwrap_or(0);
    if pages < 12 {
        return Err(format!(
            "the demo's report is {pages} pages, not at least 12"
        ));
    }
    Ok(vec![Figure::new(
        "report.pdf",
        value,
        "ms",
        &format!("< 3000 ms (the demo's {pages} pages, first render in the process)"),
    )
    .against("the same report as HTML", baseline)])
}
