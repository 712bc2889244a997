//! Deployments in Steward's own CSV: exported and imported again unchanged. A blank number
//! creates a deployment with a new number, a known number updates it; the service and the
//! change are named (by the service's name, the change's number), the environment by its
//! name (a service named for the first time is created, as every import does); commits are
//! `sha@committed_at` separated by ";".

use std::path::Path;

use rusqlite::params;

use super::{create_in, update_in, DeploymentId, DeploymentInput, DeploymentMethod, DeploymentResult};
use crate::error::{CoreError, Result};
use crate::export::{write_table, ExportFormat, ExportReport};
use crate::import::{field, history, row_in_savepoint, Column, ImportReport, Outcome, Table};
use crate::record::{RecordKind, RecordRef};
use crate::workspace::{Action, Tx, Workspace};

/// The columns of steward-csv for deployments, in order.
pub const COLUMNS: &[&str] = &[
    "number", "application", "version", "service", "environment", "started_at", "deployed_at", "method", "deployed_by", "result", "planned", "change", "commits",
];

/// The columns as the import reads them.
pub const READS: &[Column] = &[
    Column { field: "number", names: &["number"], required: true },
    Column { field: "application", names: &["application"], required: true },
    Column { field: "version", names: &["version"], required: false },
    Column { field: "service", names: &["service"], required: false },
    Column { field: "environment", names: &["environment"], required: false },
    Column { field: "started_at", names: &["started_at"], required: false },
    Column { field: "deployed_at", names: &["deployed_at"], required: true },
    Column { field: "method", names: &["method"], required: false },
    Column { field: "deployed_by", names: &["deployed_by"], required: false },
    Column { field: "result", names: &["result"], required: true },
    Column { field: "planned", names: &["planned"], required: false },
    Column { field: "change", names: &["change"], required: false },
    Column { field: "commits", names: &["commits"], required: false },
];

pub const FORMAT: &str = "steward-csv-deployments";

/// Writes a deployment an outside source knows by `key` (a git tag, a pipeline run) with
/// the commits it carried: created when the key is new, else brought up to date with its
/// row kept in the import's history.
pub(crate) fn write_keyed(tx: &Tx<'_>, run: history::ImportId, key: &str, input: &DeploymentInput, commits: &[(String, String)]) -> Result<Outcome> {
    let known: Option<i64> = rusqlite::OptionalExtension::optional(tx.query_row("SELECT id FROM deployments WHERE source_key = ?1", [key], |r| r.get(0)))?;
    match known {
        Some(id) => history::changing(tx, run, RecordRef::new(RecordKind::Deployment, id), || {
            let id = DeploymentId(id);
            let changed = update_in(tx, id, input)? | set_commits(tx, id, commits)?;
            Ok((changed, if changed { Outcome::Updated } else { Outcome::Unchanged }))
        }),
        None => {
            let id = create_in(tx, input, Some(key))?;
            set_commits(tx, id, commits)?;
            Ok(Outcome::Created)
        }
    }
}

/// Replaces a deployment's commits with `commits` (sha, committed_at); whether they changed.
pub(crate) fn set_commits(tx: &Tx<'_>, id: DeploymentId, commits: &[(String, String)]) -> Result<bool> {
    let mut known: Vec<(String, String)> = tx
        .prepare_cached("SELECT sha, committed_at FROM deployment_commits WHERE deployment_id = ?1 ORDER BY sha")?
        .query_map([id.0], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut wanted = commits.to_vec();
    wanted.sort();
    wanted.dedup_by(|a, b| a.0 == b.0);
    known.sort();
    if known == wanted {
        return Ok(false);
    }
    tx.execute("DELETE FROM deployment_commits WHERE deployment_id = ?1", [id.0])?;
    let mut put = tx.prepare_cached("INSERT INTO deployment_commits (deployment_id, sha, committed_at) VALUES (?1, ?2, ?3)")?;
    for (sha, at) in &wanted {
        put.execute(params![id.0, sha, at])?;
    }
    super::refresh_leads(tx, id)?;
    Ok(true)
}

fn commits_of(cell: &str) -> Result<Vec<(String, String)>> {
    cell.split(';')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| {
            let (sha, at) = c.split_once('@').ok_or_else(|| CoreError::validation("commits", format!("\"{c}\" is not sha@time.")))?;
            let sha = sha.trim().to_ascii_lowercase();
            if sha.len() < 7 || sha.len() > 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(CoreError::validation("commits", format!("\"{sha}\" is not a commit id.")));
            }
            let at = crate::time::parse(at.trim()).map(crate::time::to_text).ok_or_else(|| CoreError::validation("commits", format!("\"{}\" is not a time.", at.trim())))?;
            Ok((sha, at))
        })
        .collect()
}

pub fn import_deployments(ws: &Workspace, path: &Path, opts: &crate::import::ImportOptions) -> Result<ImportReport> {
    let t = Table::read_as(path, opts)?;
    for c in READS.iter().filter(|c| c.required) {
        t.require(path, c.names)?;
    }
    let cols: Vec<Option<usize>> = READS.iter().map(|c| c.find(&t.headers)).collect();
    let col = |name: &str| READS.iter().position(|c| c.field == name).and_then(|i| cols[i]);
    let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let mut report = ImportReport::new(FORMAT);
    ws.write(|tx| {
        let run = history::begin(tx, "deployments", FORMAT, &file, &t.sha256)?;
        let mut refs = crate::references::References::default();
        t.each(|row, rec| {
            report.rows_read += 1;
            let get = |name: &str| field(rec, col(name)).trim().to_string();
            row_in_savepoint(tx, &mut report, row, || {
                let service_id = refs.resolve_named(tx, RecordKind::Service, "service", &get("service"))?;
                let change_id = match get("change").as_str() {
                    "" => None,
                    c => Some(crate::record::id_by_number(tx, RecordKind::Change, c)?.ok_or_else(|| CoreError::validation("change", format!("There is no change {c}.")))?),
                };
                let result = DeploymentResult::parse(&get("result")).ok_or_else(|| CoreError::validation("result", format!("\"{}\" is not a result: succeeded, failed or rolled_back.", get("result"))))?;
                let method = match get("method").as_str() {
                    "" => None,
                    m => Some(DeploymentMethod::parse(m).ok_or_else(|| CoreError::validation("method", format!("\"{m}\" is not a deployment method.")))?),
                };
                let planned = match get("planned").to_lowercase().as_str() {
                    "" | "true" | "yes" | "1" => true,
                    "false" | "no" | "0" => false,
                    p => return Err(CoreError::validation("planned", format!("\"{p}\" is not true or false."))),
                };
                let input = DeploymentInput {
                    application: get("application"),
                    version: get("version"),
                    service_id,
                    environment: get("environment"),
                    started_at: Some(get("started_at")),
                    deployed_at: get("deployed_at"),
                    method,
                    deployed_by: get("deployed_by"),
                    result,
                    planned,
                    change_id,
                };
                let commits = commits_of(&get("commits"))?;
                let number = get("number");
                let known: Option<i64> = if number.is_empty() { None } else { crate::record::id_by_number(tx, RecordKind::Deployment, &number)? };
                match known {
                    Some(id) => history::changing(tx, run, RecordRef::new(RecordKind::Deployment, id), || {
                        let id = DeploymentId(id);
                        let changed = update_in(tx, id, &input)? | set_commits(tx, id, &commits)?;
                        Ok((changed, if changed { Outcome::Updated } else { Outcome::Unchanged }))
                    }),
                    None => {
                        let id = create_in(tx, &input, None)?;
                        if !number.is_empty() {
                            tx.execute("UPDATE deployments SET number = ?2 WHERE id = ?1", params![id.0, crate::validate::line("number", &number, 40)?])?;
                        }
                        set_commits(tx, id, &commits)?;
                        Ok(Outcome::Created)
                    }
                }
            })
        })?;
        let records = history::finish(tx, run, &report)?;
        tx.audit(Action::did("deployments.imported"), RecordRef::new(RecordKind::Import, run.0), serde_json::json!({
            "file": file, "sha256": t.sha256, "rows_read": report.rows_read, "created": report.created, "updated": report.updated,
            "unchanged": report.unchanged, "rejected": report.rejected, "records": records,
        }))
    })?;
    Ok(report)
}

/// Every deployment, by time, as steward-csv, XLSX or JSON; steward-csv imports back.
pub fn export_deployments(ws: &Workspace, format: ExportFormat, out: &Path) -> Result<ExportReport> {
    let mut all = Vec::new();
    crate::list::each(&Default::default(), "deployed_at", |req| super::list_deployments(ws, req), |d| {
        all.push(d.clone());
        Ok(())
    })?;
    let mut commits = ws.conn().prepare("SELECT sha, committed_at FROM deployment_commits WHERE deployment_id = ?1 ORDER BY committed_at, sha")?;
    let mut rows = Vec::new();
    for d in &all {
        let c: Vec<String> = commits.query_map([d.id.0], |r| Ok(format!("{}@{}", r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?.collect::<rusqlite::Result<_>>()?;
        rows.push(vec![
            d.number.clone(), d.application.clone(), d.version.clone(), d.service.clone().unwrap_or_default(), d.environment.clone(), d.started_at.clone().unwrap_or_default(),
            d.deployed_at.clone(), d.method.as_str().into(), d.deployed_by.clone(), d.result.as_str().into(), d.planned.to_string(), d.change.clone().unwrap_or_default(), c.join(";"),
        ]);
    }
    write_table(ws, format, out, "Deployments", COLUMNS, |r: &Vec<String>| r.clone(), |f| {
        for r in &rows {
            f(r)?;
        }
        Ok(rows.len() as u64)
    })
}
