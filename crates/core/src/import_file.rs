//! What happens to a file the user picked in the window: its format is detected from its
//! header, the first rows are shown with the Steward field each column feeds, and then it is
//! imported by the practice that owns the format. The CLI names the format itself.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::cmdb::{self, CmdbRegister};
use crate::error::Result;
use crate::import::{CsvSource, Headers, ImportReport};
use crate::import::ImportOptions;
use crate::incidents::{self, IncidentSource};
use crate::labelled_enum;
use crate::workspace::Workspace;

labelled_enum!(
    FileFormat {
        ServiceNowIncidents = "servicenow": "ServiceNow incident export (list or audit log)",
        JiraIncidents = "jira": "Jira Service Management export",
        StewardIncidents = "steward-csv": "Steward incident CSV",
        ServiceNowCis = "servicenow-cmdb_ci": "ServiceNow CMDB export (configuration items)",
        ServiceNowServices = "servicenow-service": "ServiceNow service export",
    }
);

/// One column of the file and the Steward field it feeds (None: not used).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ColumnUse {
    pub column: String,
    pub field: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportPreview {
    pub file: String,
    pub size_bytes: u64,
    /// What the header looks like; None when it matches no format Steward reads.
    pub detected: Option<FileFormat>,
    /// The format the mapping below is for (the detected one unless another was asked for).
    pub format: Option<FileFormat>,
    pub columns: Vec<ColumnUse>,
    /// The first rows, cut to 200 characters a cell.
    pub rows: Vec<Vec<String>>,
    /// Why the file cannot be imported as `format` (a required column missing, ...).
    pub problem: Option<String>,
}

/// What an import from the window did: the contract's report plus what it created along the way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportOutcome {
    pub format: FileFormat,
    pub report: ImportReport,
    /// Event-log rows kept as incident history (incident imports only).
    #[ts(type = "number | null")]
    pub events: Option<u64>,
    /// Callers, groups, owners, services and CIs named in the file and created, by table.
    #[ts(type = "Record<string, number>")]
    pub references_created: BTreeMap<String, u64>,
}

/// The format a header most likely belongs to.
pub fn detect(h: &Headers) -> Option<FileFormat> {
    let has = |n: &str| h.column(&[n]).is_some();
    if incidents::STEWARD_CSV_COLUMNS.iter().all(|c| has(c)) {
        Some(FileFormat::StewardIncidents)
    } else if has("issue key") || (has("summary") && has("status") && has("created")) {
        Some(FileFormat::JiraIncidents)
    } else if has("number") && (has("incident_state") || has("state")) {
        Some(FileFormat::ServiceNowIncidents)
    } else if has("busines_criticality") || has("business_criticality") || has("service_classification") || has("portfolio_status") {
        Some(FileFormat::ServiceNowServices)
    } else if has("name") && (has("sys_class_name") || has("install_status") || has("operational_status") || has("ip_address") || has("environment")) {
        Some(FileFormat::ServiceNowCis)
    } else {
        None
    }
}

fn used(h: &Headers, path: &Path, format: FileFormat) -> Result<Vec<(usize, &'static str)>> {
    match format {
        FileFormat::ServiceNowIncidents => incidents::columns_used(h, path, IncidentSource::ServiceNow),
        FileFormat::JiraIncidents => incidents::columns_used(h, path, IncidentSource::Jira),
        FileFormat::StewardIncidents => incidents::columns_used(h, path, IncidentSource::StewardCsv),
        FileFormat::ServiceNowCis => cmdb::columns_used(h, path, CmdbRegister::Cis),
        FileFormat::ServiceNowServices => cmdb::columns_used(h, path, CmdbRegister::Services),
    }
}

/// Reads the header and the first rows only, so it is instant on any file size. A file
/// that cannot be read at all is an error; one that is readable but not importable as the
/// format says why in `problem`.
pub fn preview(path: &Path, format: Option<FileFormat>) -> Result<ImportPreview> {
    let src = CsvSource::file(path);
    let (headers, rows) = src.head(8)?;
    let detected = detect(&headers);
    let format = format.or(detected);
    let (mapping, problem) = match format {
        None => (vec![], Some("The columns match no format Steward reads. Choose the format if you know it.".to_string())),
        Some(f) => match used(&headers, path, f) {
            Ok(m) => (m, None),
            Err(e) => (vec![], Some(e.to_string())),
        },
    };
    let columns = headers
        .names()
        .iter()
        .enumerate()
        .map(|(i, c)| ColumnUse { column: c.clone(), field: mapping.iter().find(|(m, _)| *m == i).map(|(_, f)| f.to_string()) })
        .collect();
    Ok(ImportPreview {
        file: path.display().to_string(),
        size_bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        detected,
        format,
        columns,
        rows,
        problem,
    })
}

/// Imports the file as `format` (incident imports report progress through `opts`).
pub fn import(ws: &Workspace, path: &Path, format: FileFormat, opts: &ImportOptions) -> Result<ImportOutcome> {
    let source = match format {
        FileFormat::ServiceNowIncidents => IncidentSource::ServiceNow,
        FileFormat::JiraIncidents => IncidentSource::Jira,
        FileFormat::StewardIncidents => IncidentSource::StewardCsv,
        FileFormat::ServiceNowCis | FileFormat::ServiceNowServices => {
            let register = if format == FileFormat::ServiceNowCis { CmdbRegister::Cis } else { CmdbRegister::Services };
            let r = cmdb::import_cmdb(ws, register, path)?;
            return Ok(ImportOutcome { format, report: r.report, events: None, references_created: r.references_created });
        }
    };
    let r = incidents::import_incidents(ws, source, path, opts)?;
    Ok(ImportOutcome { format, report: r.report, events: Some(r.events), references_created: r.references_created })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{ImportPhase, ProgressHook};
    use std::sync::{Arc, Mutex};

    #[test]
    fn formats_are_detected_from_the_header_and_the_mapping_shown() {
        let d = tempfile::tempdir().unwrap();
        let write = |name: &str, body: &str| {
            let p = d.path().join(name);
            std::fs::write(&p, body).unwrap();
            p
        };
        let sn = write("sn.csv", "number,incident_state,short_description,caller_id,u_custom\nINC1,New,Printer,Ann,x\n");
        let p = preview(&sn, None).unwrap();
        assert_eq!((p.detected, p.format, p.problem.as_deref()), (Some(FileFormat::ServiceNowIncidents), Some(FileFormat::ServiceNowIncidents), None));
        let fields: Vec<(&str, Option<&str>)> = p.columns.iter().map(|c| (c.column.as_str(), c.field.as_deref())).collect();
        assert_eq!(fields, [("number", Some("number")), ("incident_state", Some("state")), ("short_description", Some("title")), ("caller_id", Some("caller")), ("u_custom", None)]);
        assert_eq!(p.rows, [["INC1", "New", "Printer", "Ann", "x"]]);

        let jira = write("jira.csv", "\u{feff}Summary,Issue key,Status,Created,Labels,Labels\r\nVPN,HD-1,Open,12/Mar/24 9:41 AM,a,b\r\n");
        assert_eq!(preview(&jira, None).unwrap().detected, Some(FileFormat::JiraIncidents));
        let cmdb = write("ci.csv", "name,sys_class_name,ip_address,sys_mod_count\nweb,cmdb_ci_linux_server,10.0.0.1,3\n");
        let p = preview(&cmdb, None).unwrap();
        assert_eq!(p.detected, Some(FileFormat::ServiceNowCis));
        assert_eq!(p.columns.iter().map(|c| c.field.as_deref()).collect::<Vec<_>>(), [Some("name"), Some("type"), Some("attribute"), None]);
        let svc = write("svc.csv", "name,busines_criticality\nPayroll,1 - most critical\n");
        assert_eq!(preview(&svc, None).unwrap().detected, Some(FileFormat::ServiceNowServices));

        // Another format can be asked for; what is missing for it is said, not thrown.
        let p = preview(&cmdb, Some(FileFormat::JiraIncidents)).unwrap();
        assert!(p.problem.as_deref().unwrap().contains("\"issue key\" is missing"), "{p:?}");
        let unknown = write("x.csv", "a,b\n1,2\n");
        assert_eq!(preview(&unknown, None).unwrap().detected, None);
        assert_eq!(preview(&d.path().join("missing.csv"), None).unwrap_err().kind(), "validation");
    }

    #[test]
    fn progress_is_reported_and_cancel_leaves_the_workspace_as_it_was() {
        let d = tempfile::tempdir().unwrap();
        let ws = crate::testing::pinned(&d, "Kim", crate::testing::NOW);
        let mut csv = String::from("number,incident_state,short_description,opened_at\n");
        for i in 0..5_000 {
            csv.push_str(&format!("INC{i:07},New,Item {i},2024-03-01 10:00:00\n"));
        }
        let f = d.path().join("sn.csv");
        std::fs::write(&f, csv).unwrap();
        let seen: Arc<Mutex<Vec<(ImportPhase, u64, u64)>>> = Arc::default();
        let log = seen.clone();
        let stop_at_4000 = ProgressHook::new(move |p| {
            log.lock().unwrap().push((p.phase, p.done, p.total));
            !(p.phase == ImportPhase::Importing && p.done >= 4_000)
        });
        let opts = ImportOptions { progress: stop_at_4000, ..Default::default() };
        assert_eq!(import(&ws, &f, FileFormat::ServiceNowIncidents, &opts).unwrap_err().kind(), "cancelled");
        let seen = seen.lock().unwrap().clone();
        assert!(seen.iter().any(|(p, done, total)| *p == ImportPhase::Checking && *done > 0 && done <= total), "{seen:?}");
        assert!(seen.contains(&(ImportPhase::Importing, 2_000, 5_000)), "{seen:?}");
        assert_eq!(crate::incidents::incident_stats(&ws).unwrap().total, 0, "rolled back");
        assert!(crate::import::list_imports(&ws).unwrap().is_empty());

        let done = import(&ws, &f, FileFormat::ServiceNowIncidents, &ImportOptions::default()).unwrap();
        assert_eq!((done.report.created, done.events), (5_000, Some(5_000)));
    }
}
