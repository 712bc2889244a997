//! A client's own risk register, as a CSV or a workbook (XLSX, XLS, ODS: the first sheet),
//! brought in through the import dialog's column-mapping step: the header suggests which
//! field each column feeds; the user confirms or changes it; the import reads the rows with
//! the same rules as steward-csv (ratings as numbers or the matrix's labels).

use std::path::Path;

use super::transfer::import_rows;
use crate::error::Result;
use crate::import::mapping::{self, Synonyms};
use crate::import::{Headers, ImportReport, ProgressHook, Table};
use crate::workspace::Workspace;

/// The fields a column can feed, with the words a register's header may use for each.
const SYNONYMS: Synonyms = &[
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

/// The field each column suggests by its header.
pub fn suggested(headers: &Headers) -> Vec<Option<&'static str>> {
    mapping::suggested(SYNONYMS, headers)
}

/// Whether a header reads like a risk register: a title and a rating of some kind.
pub fn looks_like_register(headers: &Headers) -> bool {
    let fields = suggested(headers);
    let has = |f: &str| fields.contains(&Some(f));
    has("title") && ["current_likelihood", "current_impact", "inherent_likelihood", "inherent_impact"].iter().any(|f| has(f))
}

/// Imports a register file with `mapping[i]` naming the field column i feeds (None: left
/// out; no mapping: the suggested one). A title column is required; a field fed by two
/// columns is refused.
pub fn import_mapped(ws: &Workspace, path: &Path, mapping: Option<&[Option<String>]>, progress: &ProgressHook) -> Result<ImportReport> {
    let t = Table::read_with(path, progress)?;
    let mapping = mapping::resolve(SYNONYMS, &t.headers, mapping, &[("title", "Choose the column that holds each risk's title.")])?;
    let column = |name: &str| mapping.iter().position(|m| m.as_deref() == Some(name));
    import_rows(ws, "spreadsheet", path, &t, &column)
}

#[cfg(test)]
mod tests {
    use crate::risks::transfer::COLUMNS;

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

        // Through the import registry, as the window's dialog and the CLI use it.
        use crate::import_file::{import, preview, FileFormat};
        let p = preview(&path, None).unwrap();
        assert_eq!((p.detected, p.problem.as_deref()), (Some(FileFormat::RiskRegister), None));
        let mapping: Vec<Option<String>> = p.columns.iter().map(|c| c.field.clone()).collect();
        assert_eq!(mapping, [Some("id"), Some("title"), Some("owner"), Some("current_likelihood"), Some("current_impact"), Some("treatment"), None, Some("last_review")].map(|m| m.map(str::to_string)));
        assert_eq!(p.fields.len(), COLUMNS.len(), "every field of a risk can be chosen");
        assert_eq!(p.rows[0][7], "2026-03-31", "dates read as dates");
        let opts = |m: &[Option<String>]| crate::import::ImportOptions { mapping: Some(m.to_vec()), ..Default::default() };
        let r = import(&ws, &path, FileFormat::RiskRegister, &opts(&mapping)).unwrap().report;
        assert_eq!((r.created, r.rejected), (2, 1), "{r:?}");
        assert_eq!(r.errors[0].column.as_deref(), Some("current_likelihood"));
        let list = super::super::list_risks(&ws, &crate::list::ListRequest::default()).unwrap();
        let flood = list.items.iter().find(|x| x.key == "R-1").unwrap();
        assert_eq!((flood.current.map(|c| (c.likelihood, c.impact)), flood.treatment), (Some((2, 5)), Some(super::super::Treatment::Mitigate)));
        assert_eq!(flood.last_review.as_deref(), Some("2026-03-31"));
        let person = list.items.iter().find(|x| x.key == "R-2").unwrap();
        assert_eq!(person.current.map(|c| (c.likelihood, c.impact)), Some((3, 4)));
        // The same workbook again changes nothing.
        let again = import(&ws, &path, FileFormat::RiskRegister, &opts(&mapping)).unwrap().report;
        assert_eq!((again.created, again.updated, again.unchanged, again.rejected), (0, 0, 2, 1), "{again:?}");
        // Mapping mistakes are refused before anything is written.
        let mut twice = mapping.clone();
        twice[6] = Some("title".into());
        assert_eq!(import(&ws, &path, FileFormat::RiskRegister, &opts(&twice)).unwrap_err().field(), Some("mapping"));
        let mut none = mapping.clone();
        none[1] = None;
        assert!(import(&ws, &path, FileFormat::RiskRegister, &opts(&none)).unwrap_err().to_string().contains("title"));
        // Steward's own register CSV reads the same fields by name, so the same mapping reads
        // the same rows through it; a CMDB export's columns are not mapped; the incident import
        // does not read workbooks.
        let same = import(&ws, &path, FileFormat::StewardRisks, &opts(&mapping)).unwrap().report;
        assert_eq!((same.created, same.updated, same.unchanged, same.rejected), (0, 0, 2, 1), "{same:?}");
        assert_eq!(import(&ws, &path, FileFormat::ServiceNowCis, &opts(&mapping)).unwrap_err().field(), Some("mapping"));
        assert!(preview(&path, Some(FileFormat::JiraIncidents)).unwrap().problem.unwrap().contains("save the sheet as CSV"));
        // The trend has today's point.
        let trend = super::super::risk_trend(&ws).unwrap();
        assert_eq!(trend.len(), 1);
        assert_eq!(trend[0].counts.iter().sum::<u64>(), 2);
    }
}
