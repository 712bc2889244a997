//! Writing a list of records as steward-csv, XLSX or JSON: one way for every register.
//! The file is written under a temporary name and renamed, so a failed export never leaves
//! half a file under the chosen name.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::cells::csv_cell;
use crate::labelled_enum;

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
    pub rows: u64,
    pub out: String,
    /// The workspace's audit-trail head ("COUNT:HASH") when the rows were read: noted with
    /// the file (and kept in an XLSX's properties) so the export can be tied to the trail later
    /// with `check --expect-head`.
    pub head: String,
}

/// Writes the records `each` walks to `out`: CSV and XLSX as `columns` with `cells` of each
/// record, JSON as the records themselves.
pub(crate) fn write_table<T: Serialize>(
    ws: &crate::workspace::Workspace,
    format: ExportFormat,
    out: &Path,
    sheet_name: &str,
    columns: &[&str],
    cells: impl Fn(&T) -> Vec<String>,
    each: impl FnOnce(&mut dyn FnMut(&T) -> Result<()>) -> Result<u64>,
) -> Result<ExportReport> {
    let file = crate::workspace::output::prepare(ws, out)?;
    let head = crate::workspace::head(ws)?;
    let tmp = file.path().to_path_buf();
    let io = |e: std::io::Error| CoreError::io_at("write", out, e);
    let csv_err = |e: csv::Error| CoreError::io_at("write", out, e.into());
    let rows = match format {
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_path(&tmp).map_err(csv_err)?;
            w.write_record(columns).map_err(csv_err)?;
            let n = each(&mut |t| {
                let row = cells(t);
                w.write_record(row.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().iter().map(|c| c.as_bytes())).map_err(csv_err)
            })?;
            w.flush().map_err(io)?;
            n
        }
        ExportFormat::Json => {
            use std::io::Write;
            let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp).map_err(io)?);
            w.write_all(b"[").map_err(io)?;
            let mut first = true;
            let n = each(&mut |t| {
                if !first {
                    w.write_all(b",\n").map_err(io)?;
                }
                first = false;
                serde_json::to_writer(&mut w, t).map_err(|e| CoreError::io_at("write", out, e.into()))
            })?;
            w.write_all(b"]\n").map_err(io)?;
            w.flush().map_err(io)?;
            n
        }
        ExportFormat::Xlsx => {
            let mut book = workbook(&head);
            let sheet = headed_sheet(&mut book, sheet_name, columns)?;
            let mut r = 0u32;
            let n = each(&mut |t| {
                r += 1;
                text_row(sheet, r, &cells(t))
            })?;
            book.save(&tmp).map_err(xl)?;
            n
        }
    };
    file.commit()?;
    Ok(ExportReport { format: format.as_str().into(), rows, out: out.display().to_string(), head })
}

fn xl(e: rust_xlsxwriter::XlsxError) -> CoreError {
    CoreError::io("Could not write the workbook", std::io::Error::other(e.to_string()))
}

/// A workbook that carries the audit-trail head in its properties.
fn workbook(head: &str) -> rust_xlsxwriter::Workbook {
    let mut book = rust_xlsxwriter::Workbook::new();
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_custom_property(HEAD_PROPERTY, head));
    book
}

/// A sheet named `name` with `columns` as a bold header row kept in view.
fn headed_sheet<'b>(book: &'b mut rust_xlsxwriter::Workbook, name: &str, columns: &[&str]) -> Result<&'b mut rust_xlsxwriter::Worksheet> {
    let sheet = book.add_worksheet();
    sheet.set_name(name).map_err(xl)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, h) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold).map_err(xl)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xl)?;
    Ok(sheet)
}

/// One row of text cells: a number like "0012" or a formula-looking "=1+1" is data.
fn text_row(sheet: &mut rust_xlsxwriter::Worksheet, r: u32, cells: &[String]) -> Result<()> {
    for (c, v) in cells.iter().enumerate() {
        sheet.write_string(r, c as u16, v).map_err(xl)?;
    }
    Ok(())
}

/// One sheet of a workbook export: its name, columns and rows.
pub(crate) struct Sheet<'a> {
    pub name: &'a str,
    pub columns: &'a [&'a str],
    pub rows: Vec<Vec<String>>,
}

/// Writes several sheets as one workbook (the rows counted are the first sheet's).
pub(crate) fn write_workbook(ws: &crate::workspace::Workspace, out: &Path, sheets: &[Sheet<'_>]) -> Result<ExportReport> {
    let file = crate::workspace::output::prepare(ws, out)?;
    let head = crate::workspace::head(ws)?;
    let mut book = workbook(&head);
    for s in sheets {
        let sheet = headed_sheet(&mut book, s.name, s.columns)?;
        for (r, row) in s.rows.iter().enumerate() {
            text_row(sheet, r as u32 + 1, row)?;
        }
    }
    book.save(file.path()).map_err(xl)?;
    file.commit()?;
    Ok(ExportReport { format: ExportFormat::Xlsx.as_str().into(), rows: sheets.first().map_or(0, |s| s.rows.len() as u64), out: out.display().to_string(), head })
}

/// The custom document property of an exported workbook that carries the audit-trail head.
pub const HEAD_PROPERTY: &str = "Steward audit head";

#[cfg(test)]
mod tests {
    use std::io::Read;

    /// Every export names the audit-trail head its rows were read at, and a workbook keeps it
    /// in its own document properties, where it travels with the file.
    #[test]
    fn an_export_carries_the_head_of_the_trail_it_was_read_at() {
        let (d, ws) = crate::testing::ws("Head Export");
        incidents::log_incident(&ws, &IncidentInput { title: "Printer jam".into(), impact: 2, urgency: 2, ..Default::default() }).unwrap();
        let head = crate::workspace::head(&ws).unwrap();
        for format in [super::ExportFormat::Csv, super::ExportFormat::Json, super::ExportFormat::Xlsx] {
            let out = d.path().join(format!("incidents.{}", format.as_str()));
            let r = incidents::export_incidents(&ws, format, &out, &ListRequest::default()).unwrap();
            assert_eq!(r.head, head, "{format:?}");
        }
        let mut book = zip::ZipArchive::new(std::fs::File::open(d.path().join("incidents.xlsx")).unwrap()).unwrap();
        let mut custom = String::new();
        book.by_name("docProps/custom.xml").unwrap().read_to_string(&mut custom).unwrap();
        assert!(custom.contains(&format!("name=\"{}\"", super::HEAD_PROPERTY)) && custom.contains(&format!(">{head}<")), "{custom}");
        // Logging one more incident moves the head, and the next export says so.
        incidents::log_incident(&ws, &IncidentInput { title: "Second".into(), impact: 2, urgency: 2, ..Default::default() }).unwrap();
        let again = incidents::export_incidents(&ws, super::ExportFormat::Csv, &d.path().join("again.csv"), &ListRequest::default()).unwrap();
        assert_ne!(again.head, head);
        assert_eq!(again.head, crate::workspace::head(&ws).unwrap());
    }

    use crate::import::ImportOptions;
    use crate::incidents::{self, IncidentInput, IncidentSource};
    use crate::list::ListRequest;

    /// Text a spreadsheet would run as a formula is marked in CSV exports (and shown as text),
    /// and steward-csv still round-trips exactly, a title that starts with `'` included.
    #[test]
    fn formula_looking_text_is_inert_in_csv_and_round_trips() {
        let (d, ws) = crate::testing::ws("Cel Escape");
        let titles = ["=HYPERLINK(\"http://evil.example\",\"Click\")", "+1+1", "-2", "@SUM(A1)", "'=already marked", "'plain quote", "Plain"];
        for t in titles {
            incidents::log_incident(&ws, &IncidentInput { title: t.into(), description: "\tTabbed".into(), impact: 2, urgency: 2, ..Default::default() }).unwrap();
        }
        let out = d.path().join("incidents.csv");
        incidents::export_incidents(&ws, super::ExportFormat::Csv, &out, &ListRequest::default()).unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        for line in text.lines().skip(1) {
            let cells: Vec<&str> = line.split(',').collect();
            for c in cells {
                let c = c.trim_start_matches('"');
                assert!(!matches!(c.chars().next(), Some('=' | '+' | '-' | '@' | '\t')), "a cell would run: {line}");
            }
        }
        let (_e, again) = crate::testing::ws("Cel Escape");
        incidents::import_incidents(&again, IncidentSource::StewardCsv, &out, &ImportOptions::default()).unwrap();
        let stored = |w: &crate::workspace::Workspace| {
            let mut v: Vec<(String, String)> = incidents::list_incidents(w, &ListRequest::default()).unwrap().items.into_iter().map(|i| (i.title, i.description)).collect();
            v.sort();
            v
        };
        let mut want: Vec<String> = titles.iter().map(|t| t.to_string()).collect();
        want.sort();
        assert_eq!(stored(&ws).into_iter().map(|(t, _)| t).collect::<Vec<_>>(), want);
        assert_eq!(stored(&again), stored(&ws));
    }
}
