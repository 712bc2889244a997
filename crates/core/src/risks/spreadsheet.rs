//! A client's own risk register, as a CSV or a workbook (XLSX, XLS, ODS: the first sheet),
//! brought in through a column-mapping step: the preview suggests which field each column
//! feeds from its header; the user confirms or changes it; the import reads the rows with
//! the same rules as steward-csv (ratings as numbers or the matrix's labels).

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::transfer::{import_rows, COLUMNS};
use crate::error::{CoreError, Result};
use crate::import::{file_error, CsvTable, ImportReport};
use crate::workspace::Workspace;

/// The fields a column can feed, with the words a register's header may use for each
/// (compared lower-cased with spaces, dashes and underscores removed).
const SYNONYMS: &[(&str, &[&str])] = &[
    ("id", &["id", "riskid", "ref", "reference", "riskref", "risknumber", "riskno", "no", "number"]),
    ("title", &["title", "risk", "risktitle", "name", "riskname", "riskdescriptionshort"]),
    ("description", &["description", "riskdescription", "details", "detail"]),
    ("category", &["category", "riskcategory", "type", "risktype", "area"]),
    ("owner", &["owner", "riskowner", "responsible", "accountable"]),
    ("status", &["status", "riskstatus", "state"]),
    ("treatment", &["treatment", "response", "riskresponse", "strategy", "treatmentoption"]),
    ("inherent_likelihood", &["inherentlikelihood", "grosslikelihood", "inherentprobability", "rawlikelihood"]),
    ("inherent_impact", &["inherentimpact", "grossimpact", "inherentconsequence", "rawimpact"]),
    ("current_likelihood", &["currentlikelihood", "likelihood", "probability", "residuallikelihood", "netlikelihood"]),
    ("current_impact", &["currentimpact", "impact", "consequence", "severity", "residualimpact", "netimpact"]),
    ("target_likelihood", &["targetlikelihood"]),
    ("target_impact", &["targetimpact"]),
    ("causes", &["causes", "cause", "source"]),
    ("consequences", &["consequences", "effect", "effects"]),
    ("accepted_by", &["acceptedby"]),
    ("acceptance_reason", &["acceptancereason", "acceptancejustification", "justification"]),
    ("accepted_until", &["accepteduntil", "acceptanceexpiry", "acceptanceexpires"]),
    ("last_review", &["lastreview", "lastreviewed", "reviewdate", "reviewed"]),
];

fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The field a header suggests, if any.
pub fn suggest(header: &str) -> Option<&'static str> {
    let h = squash(header);
    SYNONYMS.iter().find(|(_, words)| words.contains(&h.as_str())).map(|(field, _)| *field)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SheetPreview {
    pub file_name: String,
    pub columns: Vec<String>,
    /// The first rows, as text.
    pub rows: Vec<Vec<String>>,
    pub total_rows: u64,
    /// The suggested field per column (None: not imported).
    pub mapping: Vec<Option<String>>,
    /// Every field a column can feed.
    pub fields: Vec<String>,
}

/// A table read whole: the header, the rows, and the file's SHA-256.
struct Table {
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
    sha256: String,
}

/// An Excel serial date (days since 1899-12-30) as YYYY-MM-DD.
fn serial_date(v: f64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    (base + chrono::Duration::days(v.floor() as i64)).format("%Y-%m-%d").to_string()
}

fn cell(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::DateTime(t) => serial_date(t.as_f64()),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        other => other.to_string(),
    }
}

fn read(path: &Path) -> Result<Table> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if matches!(ext.as_deref(), Some("csv" | "txt")) {
        let t = CsvTable::read(path)?;
        return Ok(Table { columns: t.headers.names().to_vec(), rows: t.rows.iter().map(|r| r.iter().map(str::to_string).collect()).collect(), sha256: t.sha256 });
    }
    let bytes = std::fs::read(path).map_err(|e| CoreError::io_at("read", path, e))?;
    let sha256 = format!("{:x}", Sha256::digest(&bytes));
    let mut book = open_workbook_auto(path).map_err(|e| file_error(path, format!("it is not a CSV or a workbook Steward can read ({e})")))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| file_error(path, "the workbook has no sheet"))?
        .map_err(|e| file_error(path, format!("the first sheet cannot be read ({e})")))?;
    let mut rows = range.rows().map(|r| r.iter().map(cell).collect::<Vec<String>>());
    let columns = rows.next().ok_or_else(|| file_error(path, "the first sheet is empty"))?;
    let rows: Vec<Vec<String>> = rows.filter(|r| r.iter().any(|c| !c.trim().is_empty())).collect();
    Ok(Table { columns: columns.into_iter().map(|c| c.trim().to_string()).collect(), rows, sha256 })
}

/// The columns, first rows and suggested mapping of a register file.
pub fn preview(path: &Path) -> Result<SheetPreview> {
    let t = read(path)?;
    let mut taken = std::collections::HashSet::new();
    let mapping = t
        .columns
        .iter()
        .map(|c| suggest(c).filter(|f| taken.insert(*f)).map(str::to_string))
        .collect();
    Ok(SheetPreview {
        file_name: path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(),
        rows: t.rows.iter().take(8).map(|r| r.iter().map(|c| c.chars().take(200).collect()).collect()).collect(),
        total_rows: t.rows.len() as u64,
        columns: t.columns,
        mapping,
        fields: COLUMNS.iter().map(|c| c.to_string()).collect(),
    })
}

/// Imports a register file with `mapping[i]` naming the field column i feeds (None: left
/// out). A title column is required; a field fed by two columns is refused.
pub fn import_mapped(ws: &Workspace, path: &Path, mapping: &[Option<String>]) -> Result<ImportReport> {
    let t = read(path)?;
    if mapping.len() != t.columns.len() {
        return Err(CoreError::validation("mapping", format!("The file has {} columns but {} were mapped; preview it again.", t.columns.len(), mapping.len())));
    }
    let mut seen = std::collections::HashSet::new();
    for m in mapping.iter().flatten() {
        if !COLUMNS.contains(&m.as_str()) {
            return Err(CoreError::validation("mapping", format!("\"{m}\" is not a field of a risk.")));
        }
        if !seen.insert(m.as_str()) {
            return Err(CoreError::validation("mapping", format!("Two columns feed {m}; choose one.")));
        }
    }
    if !seen.contains("title") {
        return Err(CoreError::validation("mapping", "Choose the column that holds each risk's title."));
    }
    let column = |name: &str| mapping.iter().position(|m| m.as_deref() == Some(name));
    import_rows(ws, "spreadsheet", path, &t.sha256, &t.rows, &column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clients_workbook_is_mapped_by_its_headers_and_imported() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Consultant", crate::testing::NOW);
        let path = d.path().join("Client risk register.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in ["Risk Ref", "Risk", "Risk Owner", "Likelihood", "Impact", "Response", "Notes", "Review date"].iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        let rows: [[&str; 8]; 3] = [
            ["R-1", "Data centre <flood>", "Priya Nair", "Unlikely", "Severe", "Reduce", "x", ""],
            ["R-2", "Key person leaves", "Maria Keller", "3", "4 - Major", "tolerate", "", ""],
            ["R-3", "Bad rating", "", "Sometimes", "2", "", "", ""],
        ];
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if c == 3 && *v == "3" {
                    sheet.write_number(r as u32 + 1, c as u16, 3.0).unwrap();
                } else {
                    sheet.write_string(r as u32 + 1, c as u16, *v).unwrap();
                }
            }
        }
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 3, 31).unwrap();
        sheet.write_datetime_with_format(1, 7, &date, &rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd")).unwrap();
        book.save(&path).unwrap();

        let p = preview(&path).unwrap();
        assert_eq!(p.total_rows, 3);
        assert_eq!(p.mapping, [Some("id"), Some("title"), Some("owner"), Some("current_likelihood"), Some("current_impact"), Some("treatment"), None, Some("last_review")].map(|m| m.map(str::to_string)));
        assert_eq!(p.rows[0][7], "2026-03-31", "dates read as dates");
        let r = import_mapped(&ws, &path, &p.mapping).unwrap();
        assert_eq!((r.created, r.rejected), (2, 1), "{r:?}");
        assert_eq!(r.errors[0].column.as_deref(), Some("current_likelihood"));
        let list = super::super::list_risks(&ws, &crate::list::ListRequest::default()).unwrap();
        let flood = list.items.iter().find(|x| x.key == "R-1").unwrap();
        assert_eq!((flood.current.map(|c| (c.likelihood, c.impact)), flood.treatment), (Some((2, 5)), Some(super::super::Treatment::Mitigate)));
        assert_eq!(flood.last_review.as_deref(), Some("2026-03-31"));
        let person = list.items.iter().find(|x| x.key == "R-2").unwrap();
        assert_eq!(person.current.map(|c| (c.likelihood, c.impact)), Some((3, 4)));
        // Mapping mistakes are refused before anything is written.
        let mut twice = p.mapping.clone();
        twice[6] = Some("title".into());
        assert_eq!(import_mapped(&ws, &path, &twice).unwrap_err().field(), Some("mapping"));
        let mut none = p.mapping.clone();
        none[1] = None;
        assert!(import_mapped(&ws, &path, &none).unwrap_err().to_string().contains("title"));
        // The trend has today's point.
        let trend = super::super::risk_trend(&ws).unwrap();
        assert_eq!(trend.len(), 1);
        assert_eq!(trend[0].counts.iter().sum::<u64>(), 2);
    }
}
