//! Writing a list of records as steward-csv, XLSX or JSON: one way for every register.
//! The file is written under a temporary name and renamed, so a failed export never leaves
//! half a file under the chosen name.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
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
    let tmp = file.path().to_path_buf();
    let io = |e: std::io::Error| CoreError::io_at("write", out, e);
    let csv_err = |e: csv::Error| CoreError::io_at("write", out, e.into());
    let rows = match format {
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_path(&tmp).map_err(csv_err)?;
            w.write_record(columns).map_err(csv_err)?;
            let n = each(&mut |t| w.write_record(cells(t)).map_err(csv_err))?;
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
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet();
            let xl = |e: rust_xlsxwriter::XlsxError| CoreError::io("Could not write the workbook", std::io::Error::other(e.to_string()));
            sheet.set_name(sheet_name).map_err(xl)?;
            let bold = rust_xlsxwriter::Format::new().set_bold();
            for (c, h) in columns.iter().enumerate() {
                sheet.write_string_with_format(0, c as u16, *h, &bold).map_err(xl)?;
            }
            let mut r = 0u32;
            let n = each(&mut |t| {
                r += 1;
                for (c, v) in cells(t).iter().enumerate() {
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
    file.commit()?;
    Ok(ExportReport { format: format.as_str().into(), rows, out: out.display().to_string() })
}
