//! Deployment lists exported from CI/CD tools: GitHub Actions runs or deployments and GitLab
//! deployments (JSON, as their APIs answer), Jenkins or Azure DevOps builds and releases
//! (CSV or a workbook), or any tool's list. Their columns are the tool's own, so the import
//! dialog's mapping step says which column feeds which field, suggested from the header's
//! words; the rows become deployments like every other import's, idempotent by the tool's
//! id for the run (or, without one, by application, environment and end).
//!
//! A row is a deployment only once it has finished: queued, running, cancelled or skipped
//! runs are listed as rejected rows saying so, as are results Steward cannot place.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::{DeploymentInput, DeploymentMethod, DeploymentResult};
use crate::error::{CoreError, Result};
use crate::import::mapping::{self, Synonyms};
use crate::import::{dates, history, row_in_savepoint, Headers, ImportOptions, ImportReport, Table};
use crate::record::{RecordKind, RecordRef};
use crate::workspace::{Action, Workspace};

pub const FORMAT: &str = "pipeline-deployments";

/// The fields a column can feed, each with the words a tool's header uses for it (the
/// closer word first: GitHub's `conclusion` says more than its `status`; GitLab's own
/// `status` more than its job's `deployable.status`). Paths into JSON records are squashed
/// like every header (`head_commit.timestamp` is `headcommittimestamp`).
const SYNONYMS: Synonyms = &[
    ("id", &["id", "runid", "buildid", "deploymentid", "releaseid", "pipelineid", "buildnumber", "build", "number"]),
    ("application", &["application", "app", "component", "applicationname", "repository", "repositoryname", "project", "projectname", "name", "workflow", "workflowname", "pipeline", "pipelinename", "definitionname", "releasedefinitionname", "job", "jobname"]),
    ("version", &["version", "releaseversion", "releasename", "tag", "runnumber", "ref", "headbranch", "sourcebranch", "branch"]),
    ("service", &["service", "servicename", "businessservice"]),
    ("environment", &["environment", "environmentname", "env", "targetenvironment", "releaseenvironmentname", "deploymentenvironment"]),
    ("started_at", &["startedat", "started", "starttime", "start", "startedon", "runstartedat", "deployablestartedat", "createdat", "queuetime", "queuedon", "timestamp"]),
    ("deployed_at", &["deployedat", "finishedat", "finished", "finishtime", "completedat", "completedon", "completed", "endtime", "end", "endedat", "deployablefinishedat", "updatedat", "lastmodifiedon"]),
    ("duration_ms", &["durationms", "durationmillis", "durationinmilliseconds", "duration"]),
    ("duration_seconds", &["durationseconds", "durationsec", "durationins", "durationinseconds", "deployableduration"]),
    ("result", &["result", "conclusion", "deploymentstatus", "outcome", "status", "state", "buildresult", "deployablestatus"]),
    ("deployed_by", &["deployedby", "triggeringactorlogin", "actorlogin", "userusername", "username", "user", "creatorlogin", "requestedfordisplayname", "requestedbydisplayname", "startedby", "triggeredby"]),
    ("commit", &["commit", "sha", "headsha", "commitid", "commitsha", "sourceversion", "revision", "gitcommit", "deployablecommitid", "headcommitid"]),
    ("committed_at", &["committedat", "commitdate", "commitcommitteddate", "headcommittimestamp", "deployablecommitcommitteddate", "deployablecommitcreatedat", "commitcreatedat"]),
    ("change", &["change", "changenumber", "changerequest", "changeticket"]),
];

/// The field each column suggests by its header.
pub fn suggested(headers: &Headers) -> Vec<Option<&'static str>> {
    mapping::suggested(SYNONYMS, headers)
}

/// Whether a header reads like a deployment list: an end (or a start and a duration) and a
/// result.
pub fn looks_like_pipeline(headers: &Headers) -> bool {
    let fields = suggested(headers);
    let has = |f: &str| fields.contains(&Some(f));
    has("result") && (has("deployed_at") || (has("started_at") && (has("duration_ms") || has("duration_seconds"))))
}

/// The fields of the mapping step, in the order the dialog offers them (a test holds them
/// to `SYNONYMS`).
pub const FIELDS: &[&str] = &[
    "id", "application", "version", "service", "environment", "started_at", "deployed_at", "duration_ms", "duration_seconds", "result", "deployed_by", "commit", "committed_at", "change",
];

/// Where a run's result puts it: a deployment's result, or not a finished deployment (why).
fn result_of(value: &str) -> std::result::Result<DeploymentResult, String> {
    let v: String = value.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    match v.as_str() {
        "success" | "succeeded" | "successful" | "passed" | "pass" | "ok" | "deployed" | "done" => Ok(DeploymentResult::Succeeded),
        "failure" | "failed" | "fail" | "error" | "errored" | "timedout" | "broken" | "unstable" | "partiallysucceeded" | "startupfailure" => Ok(DeploymentResult::Failed),
        "rolledback" | "rollback" | "reverted" => Ok(DeploymentResult::RolledBack),
        "queued" | "inprogress" | "running" | "pending" | "waiting" | "created" | "requested" | "scheduled" | "notstarted" | "preparing" | "manual" | "blocked"
        | "actionrequired" => Err(format!("\"{}\": the run has not finished, so it is no deployment yet.", value.trim())),
        "cancelled" | "canceled" | "skipped" | "aborted" | "notbuilt" | "notdeployed" | "neutral" | "stale" => {
            Err(format!("\"{}\": the run did not deploy, so it is no deployment.", value.trim()))
        }
        "" => Err("The result is empty: the run has not finished or the export does not say how it ended.".into()),
        "completed" => Err("\"completed\" does not say whether the run succeeded: map the column with its outcome (conclusion or result).".into()),
        _ => Err(format!("\"{}\" is not a result Steward knows (success, failure, rolled back, or a run's status such as queued or cancelled).", value.trim())),
    }
}

fn time_of(field: &str, value: &str, opts: &ImportOptions) -> Result<DateTime<Utc>> {
    dates::instant(field, value, opts.date_order, opts.tz)
}

/// Imports a deployment list with `opts.mapping[i]` naming the field column i feeds (None:
/// the suggested mapping). The application is the mapped column's, else `opts.name` (the
/// dialog asks, defaulting to the file's name).
pub fn import_pipeline(ws: &Workspace, path: &Path, opts: &ImportOptions) -> Result<ImportReport> {
    let t = Table::read_with(path, &opts.progress)?;
    let mapping = mapping::resolve(SYNONYMS, &t.headers, opts.mapping.as_deref(), &[("result", "Choose the column that says how each run ended (its conclusion, result or status).")])?;
    let column = |name: &str| mapping.iter().position(|m| m.as_deref() == Some(name));
    let has_end = column("deployed_at").is_some() || (column("started_at").is_some() && (column("duration_ms").is_some() || column("duration_seconds").is_some()));
    if !has_end {
        return Err(CoreError::validation("mapping", "Choose the column with each run's end (finished or completed at), or its start and its duration."));
    }
    let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let default_application = opts.name.clone().map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).unwrap_or_else(|| {
        path.file_stem().map(|f| f.to_string_lossy().into_owned()).unwrap_or_else(|| "pipeline".into())
    });
    let mut report = ImportReport::new(FORMAT);
    ws.write(|tx| {
        let run = history::begin(tx, "deployments", FORMAT, &file, &t.sha256)?;
        let mut refs = crate::references::References::default();
        t.each(|row, rec| {
            report.rows_read += 1;
            let get = |name: &str| column(name).and_then(|i| rec.get(i)).unwrap_or("").trim().to_string();
            row_in_savepoint(tx, &mut report, row, || {
                let result = result_of(&get("result")).map_err(|why| CoreError::validation("result", why))?;
                let started = match get("started_at").as_str() {
                    "" => None,
                    s => Some(time_of("started_at", s, opts)?),
                };
                let duration = match (get("duration_ms").as_str(), get("duration_seconds").as_str()) {
                    ("", "") => None,
                    (ms, "") => Some(chrono::Duration::milliseconds(ms.parse::<f64>().map_err(|_| CoreError::validation("duration_ms", format!("\"{ms}\" is not a number of milliseconds.")))? as i64)),
                    (_, s) => Some(chrono::Duration::milliseconds((s.parse::<f64>().map_err(|_| CoreError::validation("duration_seconds", format!("\"{s}\" is not a number of seconds.")))? * 1000.0) as i64)),
                };
                let ended = match (get("deployed_at").as_str(), started, duration) {
                    ("", Some(s), Some(d)) => s + d,
                    ("", ..) => return Err(CoreError::validation("deployed_at", "The run's end is empty.")),
                    (e, ..) => time_of("deployed_at", e, opts)?,
                };
                let application = match get("application") {
                    a if a.is_empty() => default_application.clone(),
                    a => a,
                };
                let service_id = refs.resolve_named(tx, RecordKind::Service, "service", &get("service"))?;
                let change_id = match get("change").as_str() {
                    "" => None,
                    c => Some(crate::record::id_by_number(tx, RecordKind::Change, c)?.ok_or_else(|| CoreError::validation("change", format!("There is no change {c}.")))?),
                };
                let environment = get("environment");
                let input = DeploymentInput {
                    application: application.clone(),
                    version: get("version"),
                    service_id,
                    environment: environment.clone(),
                    started_at: started.map(crate::time::to_text),
                    deployed_at: crate::time::to_text(ended),
                    method: Some(DeploymentMethod::Pipeline),
                    deployed_by: get("deployed_by"),
                    result,
                    planned: true,
                    change_id,
                };
                let commits: Vec<(String, String)> = match (get("commit"), get("committed_at").as_str()) {
                    (sha, at) if !sha.is_empty() && !at.is_empty() => vec![(sha, crate::time::to_text(time_of("committed_at", at, opts)?))],
                    _ => Vec::new(),
                };
                let env_key = if environment.is_empty() { "production".to_string() } else { environment.to_lowercase() };
                let key = match get("id").as_str() {
                    "" => format!("pipeline:{application}:{env_key}:{}", input.deployed_at),
                    id => format!("pipeline:{application}:{id}"),
                };
                super::import::write_keyed(tx, run, &key, &input, &commits)
            })
        })?;
        let records = history::finish(tx, run, &report)?;
        tx.audit(Action::did("deployments.imported"), RecordRef::new(RecordKind::Import, run.0), serde_json::json!({
            "file": file, "format": FORMAT, "sha256": t.sha256, "rows_read": report.rows_read, "created": report.created, "updated": report.updated,
            "unchanged": report.unchanged, "rejected": report.rejected, "records": records,
        }))
    })?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dialog_offers_every_field_the_synonyms_know() {
        assert_eq!(FIELDS, mapping::fields(SYNONYMS).as_slice());
    }

    #[test]
    fn results_and_times_read_as_the_tools_write_them() {
        assert_eq!(result_of("SUCCESS"), Ok(DeploymentResult::Succeeded));
        assert_eq!(result_of("partiallySucceeded"), Ok(DeploymentResult::Failed));
        assert_eq!(result_of("timed_out"), Ok(DeploymentResult::Failed));
        assert_eq!(result_of("Rolled back"), Ok(DeploymentResult::RolledBack));
        assert!(result_of("in_progress").unwrap_err().contains("has not finished"));
        assert!(result_of("ABORTED").unwrap_err().contains("did not deploy"));
        assert!(result_of("completed").unwrap_err().contains("map the column with its outcome"));
        let o = ImportOptions::default();
        let t = |v: &str| time_of("deployed_at", v, &o).map(crate::time::to_text);
        assert_eq!(t("1678010400000").unwrap(), "2023-03-05T10:00:00Z", "Jenkins: milliseconds");
        assert_eq!(t("1678010400").unwrap(), "2023-03-05T10:00:00Z", "seconds");
        assert_eq!(t("2016-08-11T09:36:01.000+02:00").unwrap(), "2016-08-11T07:36:01Z");
        assert_eq!(t("2023-03-05 10:00:00").unwrap(), "2023-03-05T10:00:00Z", "in the import's zone");
        assert_eq!(t("soon").unwrap_err().field(), Some("deployed_at"));
    }
}
