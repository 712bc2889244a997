//! Exports of an incident list (all incidents, or a filtered list) as steward-csv, XLSX or
//! JSON. steward-csv is what the steward-csv import reads: export then import round-trips.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{list_incidents, Incident};
use crate::error::{CoreError, Result};
use crate::labelled_enum;
use crate::list::{ListRequest, SortTerm};
use crate::workspace::Workspace;

labelled_enum!(
    ExportFormat {
        Csv = "csv": "CSV (steward-csv)",
        Xlsx = "xlsx": "Excel workbook",
        Json = "json": "JSON",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ExportReport {
    pub format: String,
    #[ts(type = "number")]
    pub rows: u64,
    pub out: String,
}

/// The columns of steward-csv, in order.
pub const STEWARD_CSV_COLUMNS: &[&str] = &[
    "number", "title", "description", "state", "source_state", "on_hold_reason", "priority", "impact", "urgency", "channel",
    "category", "subcategory", "caller", "service", "ci", "assignment_group", "assignee", "opened_at", "first_response_at",
    "resolved_at", "closed_at", "resolution_code", "resolution_notes", "reassignment_count", "reopen_count", "major",
];

fn cells(i: &Incident) -> Vec<String> {
    let o = |s: &Option<String>| s.clone().unwrap_or_default();
    let n = |x: Option<i64>| x.map(|v| v.to_string()).unwrap_or_default();
    vec![
        i.number.clone(), i.title.clone(), i.description.clone(), i.state.as_str().into(), o(&i.source_state),
        i.on_hold_reason.map(|r| r.as_str().to_string()).unwrap_or_default(), n(i.priority), n(i.impact), n(i.urgency),
        i.channel.clone(), i.category.clone(), i.subcategory.clone(), o(&i.caller), o(&i.service), o(&i.ci),
        o(&i.assignment_group), o(&i.assignee), i.opened_at.clone(), o(&i.first_response_at), o(&i.resolved_at),
        o(&i.closed_at), i.resolution_code.clone(), i.resolution_notes.clone(), i.reassignment_count.to_string(),
        i.reopen_count.to_string(), if i.major { "true".into() } else { "false".into() },
    ]
}

/// Walks the (filtered) list in opening order, a keyset page at a time.
fn each(ws: &Workspace, filter: &ListRequest, mut f: impl FnMut(&Incident) -> Result<()>) -> Result<u64> {
    let mut req = ListRequest { sort: Some(SortTerm { field: "opened_at".into(), descending: false }), limit: Some(1000), after: None, at: None, ..filter.clone() };
    let mut n = 0;
    loop {
        let page = list_incidents(ws, &req)?;
        for i in &page.items {
            f(i)?;
            n += 1;
        }
        match page.next {
            Some(next) => req.after = Some(next),
            None => return Ok(n),
        }
    }
}

/// Writes the incidents matching `filter` to `out` (through a temporary file, so a failed
/// export never leaves half a file under the chosen name).
pub fn export_incidents(ws: &Workspace, format: ExportFormat, out: &Path, filter: &ListRequest) -> Result<ExportReport> {
    let tmp = out.with_extension("partial");
    let io = |e: std::io::Error| CoreError::io_at("write", out, e);
    let rows = match format {
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_path(&tmp).map_err(|e| CoreError::io_at("write", out, e.into()))?;
            w.write_record(STEWARD_CSV_COLUMNS).map_err(|e| CoreError::io_at("write", out, e.into()))?;
            let n = each(ws, filter, |i| w.write_record(cells(i)).map_err(|e| CoreError::io_at("write", out, e.into())))?;
            w.flush().map_err(io)?;
            n
        }
        ExportFormat::Json => {
            use std::io::Write;
            let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp).map_err(io)?);
            w.write_all(b"[").map_err(io)?;
            let mut first = true;
            let n = each(ws, filter, |i| {
                if !first {
                    w.write_all(b",\n").map_err(io)?;
                }
                first = false;
                serde_json::to_writer(&mut w, i).map_err(|e| CoreError::io_at("write", out, e.into()))
            })?;
            w.write_all(b"]\n").map_err(io)?;
            w.flush().map_err(io)?;
            n
        }
        ExportFormat::Xlsx => {
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet();
            let xl = |e: rust_xlsxwriter::XlsxError| CoreError::io("Could not write the workbook", std::io::Error::other(e.to_string()));
            sheet.set_name("Incidents").map_err(xl)?;
            let bold = rust_xlsxwriter::Format::new().set_bold();
            for (c, h) in STEWARD_CSV_COLUMNS.iter().enumerate() {
                sheet.write_string_with_format(0, c as u16, *h, &bold).map_err(xl)?;
            }
            let mut r = 0u32;
            let n = each(ws, filter, |i| {
                r += 1;
                for (c, v) in cells(i).iter().enumerate() {
                    // Text cells stay text: a number like "0012" or a formula-looking "=1+1" is data.
                    sheet.write_string(r, c as u16, v).map_err(xl)?;
                }
                Ok(())
            })?;
            sheet.set_freeze_panes(1, 0).map_err(xl)?;
            book.save(&tmp).map_err(xl)?;
            n
        }
    };
    std::fs::rename(&tmp, out).map_err(io)?;
    Ok(ExportReport { format: format.as_str().into(), rows, out: out.display().to_string() })
}
