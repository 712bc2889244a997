//! Quality figures from a tool's export (a code-quality dashboard's project list, a test
//! report summary, a sheet kept by hand): one row per application and day with its test
//! coverage and defect counts, through the import dialog's mapping step. An application
//! the portfolio does not know is a rejected row; the same file again changes nothing;
//! undo removes the days it added and puts back the figures it changed.

use std::path::Path;

use rusqlite::OptionalExtension;

use super::portfolio::{checked_quality, write_quality, QualityFigures};
use super::ApplicationId;
use crate::error::{CoreError, Result};
use crate::import::mapping::{self, Synonyms};
use crate::import::{dates, history, import_rows, Headers, ImportOptions, ImportReport, RowImport, Table};
use crate::record::{RecordKind, RecordRef};
use crate::workspace::Workspace;

pub const FORMAT: &str = "application-quality";

const SYNONYMS: Synonyms = &[
    ("application", &["application", "app", "applicationname", "project", "projectname", "component", "repository", "repo"]),
    ("measured_on", &["measuredon", "date", "day", "asof", "analysisdate", "lastanalysis", "lastanalysisdate", "reportdate"]),
    ("test_coverage_pct", &["testcoverage", "coverage", "linecoverage", "codecoverage", "coveragepct", "coveragepercent"]),
    ("open_defects", &["opendefects", "defects", "bugs", "openbugs", "openissues", "issues"]),
    ("critical_defects", &["criticaldefects", "criticalbugs", "blockerbugs", "critical", "blockers", "blocker"]),
];

pub const FIELDS: &[&str] = &["application", "measured_on", "test_coverage_pct", "open_defects", "critical_defects"];

pub fn suggested(headers: &Headers) -> Vec<Option<&'static str>> {
    mapping::suggested(SYNONYMS, headers)
}

/// Figures name an application and give a coverage or a count of defects.
pub fn looks_like_quality(headers: &Headers) -> bool {
    let f = suggested(headers);
    f.contains(&Some("application")) && f.contains(&Some("measured_on")) && (f.contains(&Some("test_coverage_pct")) || f.contains(&Some("open_defects")))
}

fn percent(v: &str) -> Result<Option<f64>> {
    match v.trim().trim_end_matches('%').trim() {
        "" => Ok(None),
        t => t.replace(',', ".").parse::<f64>().map(Some).map_err(|_| CoreError::validation("test_coverage_pct", format!("\"{}\" is not a percentage.", v.trim()))),
    }
}

fn count(field: &str, v: &str) -> Result<Option<i64>> {
    match v.trim() {
        "" => Ok(None),
        t => t.parse::<i64>().map(Some).map_err(|_| CoreError::validation(field, format!("\"{t}\" is not a count."))),
    }
}

pub fn import_quality(ws: &Workspace, path: &Path, opts: &ImportOptions) -> Result<ImportReport> {
    let t = Table::read_with(path, &opts.progress)?;
    let mapping = mapping::resolve(SYNONYMS, &t.headers, opts.mapping.as_deref(), &[
        ("application", "Choose the column that names each application (project)."),
        ("measured_on", "Choose the column with the day the figures are of."),
    ])?;
    let column = |name: &str| mapping.iter().position(|m| m.as_deref() == Some(name));
    let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    import_rows(ws, RowImport { kind: "quality", format: FORMAT, action: "quality.imported", file, table: &t }, |tx, run, rec| {
        let get = |name: &str| column(name).and_then(|i| rec.get(i)).unwrap_or("").trim().to_string();
        let name = get("application");
        let app: i64 = tx
            .prepare_cached("SELECT id FROM applications WHERE name = ?1")?
            .query_row([&name], |r| r.get(0))
            .optional()?
            .ok_or_else(|| CoreError::validation("application", format!("There is no application \"{name}\" in the portfolio.")))?;
        let day = dates::instant("measured_on", &get("measured_on"), opts.date_order, opts.tz)?.with_timezone(&opts.tz).date_naive().format("%Y-%m-%d").to_string();
        let q = checked_quality(&QualityFigures {
            measured_on: day,
            test_coverage_pct: percent(&get("test_coverage_pct"))?,
            open_defects: count("open_defects", &get("open_defects"))?,
            critical_defects: count("critical_defects", &get("critical_defects"))?,
        })?;
        write_quality(tx, ApplicationId(app), &q, |id| history::before_change(tx, run, RecordRef::new(RecordKind::QualityFigures, id)))
    }, |_, _| Ok(serde_json::Value::Null))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import_file::{import, preview, FileFormat};

    #[test]
    fn the_dialog_offers_every_field_the_synonyms_know() {
        assert_eq!(FIELDS, mapping::fields(SYNONYMS).as_slice());
    }

    /// A code-quality dashboard's project list: coverage with a percent sign, bugs and
    /// blockers; an unknown project is a rejected row; again, nothing changes; a changed
    /// figure is an update undo puts back, and undo removes the days it added.
    #[test]
    fn a_dashboard_export_feeds_the_quality_figures() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Ivy Manager", crate::testing::NOW);
        let wms = crate::software::create_application(&ws, &crate::software::ApplicationInput {
            name: "wms-core".into(), description: String::new(), lifecycle: crate::software::ApplicationLifecycle::Run,
            criticality: crate::services::Criticality::High, business_owner_id: None, technical_owner_id: None,
        }).unwrap().id;
        let f = d.path().join("projects.csv");
        let body = |cov: &str| format!("Project,Last analysis,Coverage,Bugs,Blocker\nwms-core,2026-11-30,{cov},31,1\nwms-core,2026-10-31,58.0%,37,2\nghost,2026-11-30,10%,1,0\n");
        std::fs::write(&f, body("64.5%")).unwrap();
        let p = preview(&f, None).unwrap();
        assert_eq!(p.detected, Some(FileFormat::ApplicationQuality), "{:?}", p.problem);
        let r = import(&ws, &f, FileFormat::ApplicationQuality, &Default::default()).unwrap().report;
        assert_eq!((r.created, r.rejected), (2, 1), "{r:?}");
        assert_eq!(r.errors[0].column.as_deref(), Some("application"));
        let again = import(&ws, &f, FileFormat::ApplicationQuality, &Default::default()).unwrap().report;
        assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
        std::fs::write(&f, body("66%")).unwrap();
        let changed = import(&ws, &f, FileFormat::ApplicationQuality, &Default::default()).unwrap().report;
        assert_eq!((changed.updated, changed.unchanged), (1, 1));
        let q = crate::software::portfolio::portfolio(&ws, wms).unwrap().quality;
        assert_eq!((q[0].measured_on.as_str(), q[0].test_coverage_pct, q[0].open_defects, q[0].critical_defects), ("2026-11-30", Some(66.0), Some(31), Some(1)));
        let runs = crate::import::history::list_imports(&ws).unwrap();
        crate::import::history::undo_import(&ws, runs[0].id).unwrap();
        assert_eq!(crate::software::portfolio::portfolio(&ws, wms).unwrap().quality[0].test_coverage_pct, Some(64.5));
        assert_eq!(crate::import::history::undo_import(&ws, runs[1].id).unwrap().removed, 0, "the import that changed nothing");
        assert_eq!(crate::import::history::undo_import(&ws, runs[2].id).unwrap().removed, 2);
        assert!(crate::software::portfolio::portfolio(&ws, wms).unwrap().quality.is_empty());
    }
}
