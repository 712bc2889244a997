//! An assessment written out: as a workbook with one sheet of answers and one of results,
//! or its answers alone as CSV (the columns `assessments answer` reads, so a client's
//! answers can be carried into another workspace) or JSON.

use std::path::Path;

use super::evidence;
use super::score::results;
use super::{items, AssessmentId, Item};
use crate::error::Result;
use crate::export::{write_table, write_workbook, ExportFormat, ExportReport, Sheet};
use crate::workspace::Workspace;

pub const ANSWER_COLUMNS: &[&str] = &["practice", "level", "criterion", "answer", "note", "dimension", "evidence"];
pub const RESULT_COLUMNS: &[&str] = &["practice", "level", "target", "criteria", "met", "answered", "gap"];

pub fn export_assessment(ws: &Workspace, id: AssessmentId, format: ExportFormat, out: &Path) -> Result<ExportReport> {
    let all = items(ws.conn(), id)?;
    let kept = evidence::of(ws.conn(), id)?;
    let answer_row = |i: &Item| -> Vec<String> {
        let ev: Vec<String> = kept
            .iter()
            .filter(|e| e.criterion == i.criterion)
            .map(|e| match (&e.file_name, &e.sha256, &e.record_label) {
                (Some(f), Some(h), _) => format!("{f} (sha256 {h})"),
                (_, _, Some(label)) => label.clone(),
                _ => String::new(),
            })
            .collect();
        vec![
            i.practice.clone(),
            i.level.to_string(),
            i.text.clone(),
            i.answer.map(|a| a.as_str().to_string()).unwrap_or_default(),
            i.note.clone(),
            i.dimension.map(|d| d.label().to_string()).unwrap_or_default(),
            ev.join("; "),
        ]
    };
    match format {
        ExportFormat::Xlsx => {
            let r = results(ws, id)?;
            let result_rows = r
                .practices
                .iter()
                .map(|p| {
                    vec![
                        p.practice.clone(),
                        p.level.to_string(),
                        p.target.map(|t| t.to_string()).unwrap_or_default(),
                        p.criteria.to_string(),
                        p.met.to_string(),
                        p.answered.to_string(),
                        p.gap.iter().map(|g| g.text.clone()).collect::<Vec<_>>().join("; "),
                    ]
                })
                .collect();
            write_workbook(ws, out, &[
                Sheet { name: "Answers", columns: ANSWER_COLUMNS, rows: all.iter().map(answer_row).collect() },
                Sheet { name: "Results", columns: RESULT_COLUMNS, rows: result_rows },
            ])
        }
        _ => write_table(ws, format, out, "Answers", ANSWER_COLUMNS, answer_row, |f| {
            for i in &all {
                f(i)?;
            }
            Ok(all.len() as u64)
        }),
    }
}
