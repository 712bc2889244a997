//! Changes from steward-csv or a ServiceNow `change_request` list export: matched by number
//! (a known number updates the change, the same file again changes nothing), people, groups
//! and CIs matched by name or created, dates read as the incident import reads them
//! (`--tz`, day/month order detected from the whole column or given).

use std::path::Path;

use rusqlite::{params, OptionalExtension};

use super::review::{self, record_in, ReviewOutcome};
use super::{fetch, ChangeId, ChangeInput, ChangeState, ChangeType};
use crate::error::{CoreError, Result};
use crate::import::history;
use crate::import::{row_in_savepoint, Outcome};
use crate::references::References;
use crate::record::RecordRef;
use crate::import::{field, file_error, Column, ImportOptions, Table, ImportReport};
use crate::import::dates::{self, Detected};
use crate::record::RecordKind;
use crate::workspace::{Action, Tx, Workspace};

crate::labelled_enum!(
    ChangeSource {
        ServiceNow = "servicenow": "ServiceNow",
        StewardCsv = "steward-csv": "Steward CSV",
    }
);

/// ServiceNow's change states, by label or by their numeric values.
fn state_of(v: &str) -> Option<ChangeState> {
    let v = v.trim().to_lowercase();
    Some(match v.as_str() {
        "new" | "draft" | "-5" => ChangeState::Draft,
        "assess" | "-4" => ChangeState::Assess,
        "authorize" | "authorise" | "-3" => ChangeState::Authorize,
        "scheduled" | "-2" => ChangeState::Scheduled,
        "implement" | "-1" => ChangeState::Implement,
        "review" | "0" => ChangeState::Review,
        "closed" | "3" => ChangeState::Closed,
        "canceled" | "cancelled" | "4" => ChangeState::Cancelled,
        "failed" => ChangeState::Failed,
        other => return ChangeState::parse(other),
    })
}

fn type_of(v: &str) -> Option<ChangeType> {
    let v = v.trim().to_lowercase();
    match v.as_str() {
        "" => Some(ChangeType::Normal),
        "comprehensive" => Some(ChangeType::Normal),
        "expedited" => Some(ChangeType::Emergency),
        other => ChangeType::parse(other),
    }
}

/// The columns a change import reads: Steward's own names first, then ServiceNow's. The
/// review reads Steward's columns, else ServiceNow's close code and notes.
pub const READS: &[Column] = &[
    Column::required("number", &["number"]),
    Column::required("title", &["title", "short_description"]),
    Column::optional("type", &["type", "change_type"]),
    Column::optional("state", &["state"]),
    Column::optional("risk", &["risk"]),
    Column::optional("impact", &["impact"]),
    Column::optional("planned_start", &["planned_start", "start_date"]),
    Column::optional("planned_end", &["planned_end", "end_date"]),
    Column::optional("assignee", &["assignee", "assigned_to"]),
    Column::optional("assignment_group", &["assignment_group"]),
    Column::optional("cis", &["cis", "cmdb_ci"]),
    Column::optional("close_code", &["close_code"]),
    Column::optional("description", &["description"]),
    Column::optional("justification", &["justification"]),
    Column::optional("implementation_plan", &["implementation_plan"]),
    Column::optional("backout_plan", &["backout_plan"]),
    Column::optional("test_plan", &["test_plan"]),
    Column::optional("actual_start", &["actual_start", "work_start"]),
    Column::optional("actual_end", &["actual_end", "work_end"]),
    Column::optional("review_outcome", &["review_outcome", "close_code"]),
    Column::optional("lessons", &["lessons", "close_notes"]),
];

/// Imports changes from `path`.
pub fn import_changes(ws: &Workspace, source: ChangeSource, path: &Path, opts: &ImportOptions) -> Result<ImportReport> {
    let (tz, order) = (opts.tz, opts.date_order);
    let t = Table::read_as(path, opts)?;
    let (number, title) = (t.require(path, READS[0].names)?, t.require(path, READS[1].names)?);
    // The optional columns, in `READS`' order.
    let [typ, state, risk, impact, start, end, assignee, group, cis, code, desc, justification, implementation, backout, test, actual_start, actual_end, outcome_col, lessons] =
        std::array::from_fn(|i| READS[i + 2].find(&t.headers));
    // Day/month order from the whole of both date columns, like the incident import.
    let order = match dates::detect(t.rows.iter().flat_map(|r| [field(r, start), field(r, end), field(r, actual_start), field(r, actual_end)])) {
        Detected::NotNeeded => order,
        Detected::Order(o) => Some(o),
        Detected::Ambiguous if order.is_some() => order,
        Detected::Ambiguous => return Err(file_error(path, "the dates could be day/month or month/day; say which with --date-order")),
        _ => order.ok_or_else(|| file_error(path, "the dates mix day/month and month/day orders"))?.into(),
    };
    let when = |v: &str, column: &str| -> Result<Option<String>> {
        if v.is_empty() {
            return Ok(None);
        }
        dates::parse(v, order, tz).map(|d| Some(crate::time::to_text(d))).map_err(|e| CoreError::validation(column, e))
    };
    let format = source.as_str();
    let mut report = ImportReport::new(format);
    let name = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    ws.write(|tx| {
        let run = history::begin(tx, "changes", format, &name, &t.sha256)?;
        let mut refs = References::default();
        t.each(|row, rec| {
            report.rows_read += 1;
            row_in_savepoint(tx, &mut report, row, || {
                let st = field(rec, state);
                let state = if st.is_empty() { ChangeState::Draft } else { state_of(st).ok_or_else(|| CoreError::validation("state", format!("\"{st}\" is not a change state.")))? };
                let ty = field(rec, typ);
                let change_type = type_of(ty).ok_or_else(|| CoreError::validation("type", format!("\"{ty}\" is not a change type (standard, normal, emergency).")))?;
                let mut ci_ids = Vec::new();
                for name in field(rec, cis).split(';').map(str::trim).filter(|n| !n.is_empty()) {
                    ci_ids.extend(refs.resolve_named(tx, RecordKind::Ci, "cis", name)?);
                }
                let input = ChangeInput {
                    title: field(rec, Some(title)).to_string(),
                    description: field(rec, desc).to_string(),
                    change_type,
                    risk: field(rec, risk).to_string(),
                    impact: field(rec, impact).to_string(),
                    planned_start: when(field(rec, start), "planned_start")?,
                    planned_end: when(field(rec, end), "planned_end")?,
                    assignment_group_id: refs.resolve_named(tx, RecordKind::Group, "assignment_group", field(rec, group))?,
                    assignee_id: refs.resolve_named(tx, RecordKind::Person, "assignee", field(rec, assignee))?,
                    ci_ids,
                    justification: field(rec, justification).to_string(),
                    implementation_plan: field(rec, implementation).to_string(),
                    backout_plan: field(rec, backout).to_string(),
                    test_plan: field(rec, test).to_string(),
                    template_id: None,
                };
                let actual = (when(field(rec, actual_start), "actual_start")?, when(field(rec, actual_end), "actual_end")?);
                let oc = field(rec, outcome_col);
                let review = match oc {
                    "" => None,
                    v => match ReviewOutcome::from_close_code(v) {
                        Some(o) => Some(o),
                        // A close code of another vocabulary stays the close code, no review.
                        None if outcome_col == code => None,
                        None => return Err(CoreError::validation("review_outcome", format!("\"{v}\" is not a review outcome (successful, successful with issues, failed, backed out)."))),
                    },
                };
                let num = field(rec, Some(number));
                let existing: Option<i64> = tx.query_row("SELECT id FROM changes WHERE number = ?1", [num], |r| r.get(0)).optional()?;
                match existing {
                    None => {
                        let id = super::create_in(tx, Some(num), &input, state)?;
                        tx.execute(
                            "UPDATE changes SET close_code = ?1, source_state = ?2, actual_start = ?3, actual_end = ?4 WHERE id = ?5",
                            params![field(rec, code), (!st.is_empty()).then_some(st), actual.0, actual.1, id.0],
                        )?;
                        if let Some(o) = review {
                            record_in(tx, id, o, field(rec, lessons))?;
                        }
                        Ok(Outcome::Created)
                    }
                    Some(id) => history::changing(tx, run, RecordRef { kind: RecordKind::Change, id }, || {
                        let id = ChangeId(id);
                        let changed = update_imported(tx, id, &input, state, field(rec, code), st, actual)?;
                        let known = review::get_in(tx, id)?.map(|r| (r.outcome, r.lessons));
                        let reviewed = match review {
                            Some(o) if known.as_ref() != Some(&(o, field(rec, lessons).to_string())) => {
                                record_in(tx, id, o, field(rec, lessons))?;
                                true
                            }
                            _ => false,
                        };
                        let changed = changed == 1 || reviewed;
                        Ok((changed, if changed { Outcome::Updated } else { Outcome::Unchanged }))
                    }),
                }
            })
        })?;
        let records = history::finish(tx, run, &report)?;
        tx.audit(Action::did("changes.imported"), RecordRef::new(RecordKind::Import, run.0), serde_json::json!({
            "file": name, "sha256": t.sha256, "format": format, "import": run.0,
            "rows_read": report.rows_read, "created": report.created, "updated": report.updated, "unchanged": report.unchanged,
            "rejected": report.rejected, "records": records,
        }))?;
        Ok(())
    })?;
    Ok(report)
}

/// Writes an imported row over a known change; 1 when something changed, else 0.
#[allow(clippy::too_many_arguments)]
fn update_imported(tx: &Tx<'_>, id: ChangeId, input: &ChangeInput, state: ChangeState, code: &str, source_state: &str, actual: (Option<String>, Option<String>)) -> Result<u8> {
    let before = fetch(tx, id)?;
    let title = crate::validate::name("title", &input.title, 300)?;
    let n = tx.execute(
        "UPDATE changes SET title = ?2, description = ?3, change_type = ?4, state = ?5, risk = ?6, impact = ?7, planned_start = ?8, planned_end = ?9,
            assignment_group_id = ?10, assignee_id = ?11, close_code = ?12, justification = ?13, implementation_plan = ?14, backout_plan = ?15, test_plan = ?16,
            actual_start = ?17, actual_end = ?18, source_state = ?19, updated_at = ?20
          WHERE id = ?1 AND (title, description, change_type, state, risk, impact, planned_start, planned_end, assignment_group_id, assignee_id, close_code,
                justification, implementation_plan, backout_plan, test_plan, actual_start, actual_end)
            IS NOT (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        params![id.0, title, input.description, input.change_type, state, input.risk, input.impact, input.planned_start, input.planned_end,
            input.assignment_group_id, input.assignee_id, code, input.justification, input.implementation_plan, input.backout_plan, input.test_plan,
            actual.0, actual.1, (!source_state.is_empty()).then_some(source_state), tx.at()],
    )?;
    let mut cis_changed = false;
    let have: Vec<i64> = tx.prepare("SELECT ci_id FROM change_cis WHERE change_id = ?1 ORDER BY ci_id")?.query_map([id.0], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut want = input.ci_ids.clone();
    want.sort_unstable();
    want.dedup();
    if have != want {
        tx.execute("DELETE FROM change_cis WHERE change_id = ?1", [id.0])?;
        for ci in &want {
            tx.execute("INSERT INTO change_cis (change_id, ci_id) VALUES (?1, ?2)", params![id.0, ci])?;
        }
        cis_changed = true;
    }
    if n == 0 && !cis_changed {
        return Ok(0);
    }
    let after = fetch(tx, id)?;
    let changes = crate::validate::diff(&serde_json::to_value(&before).unwrap_or_default(), &serde_json::to_value(&after).unwrap_or_default());
    tx.audit(Action::did("change.updated"), RecordRef::new(RecordKind::Change, id.0), changes)?;
    Ok(1)
}

/// The columns of steward-csv for changes, in order; `cis` names CIs separated by ";".
pub const COLUMNS: &[&str] = &[
    "number", "title", "description", "type", "state", "risk", "impact", "planned_start", "planned_end", "assignee", "assignment_group", "cis", "close_code",
    "justification", "implementation_plan", "backout_plan", "test_plan", "actual_start", "actual_end", "review_outcome", "lessons",
];

/// Writes every change, by number, as steward-csv, XLSX or JSON; steward-csv imports back.
pub fn export_changes(ws: &Workspace, format: crate::export::ExportFormat, out: &Path) -> Result<crate::export::ExportReport> {
    /// A change with its review: one row of the table, one object of the JSON.
    #[derive(serde::Serialize)]
    struct Exported {
        #[serde(flatten)]
        change: super::Change,
        review: Option<review::Review>,
    }
    let mut all = Vec::new();
    crate::list::each(&Default::default(), "number", |req| super::list_changes(ws, req), |change| {
        all.push(Exported { review: review::get_in(ws.conn(), change.id)?, change: change.clone() });
        Ok(())
    })?;
    let o = |s: &Option<String>| s.clone().unwrap_or_default();
    let cells = |e: &Exported| {
        let (c, r) = (&e.change, &e.review);
        vec![
            c.number.clone(), c.title.clone(), c.description.clone(), c.change_type.as_str().into(), c.state.as_str().into(), c.risk.clone(), c.impact.clone(),
            o(&c.planned_start), o(&c.planned_end), o(&c.assignee), o(&c.assignment_group), c.cis.join(";"), c.close_code.clone(),
            c.justification.clone(), c.implementation_plan.clone(), c.backout_plan.clone(), c.test_plan.clone(), o(&c.actual_start), o(&c.actual_end),
            r.as_ref().map(|r| r.outcome.as_str().to_string()).unwrap_or_default(), r.as_ref().map(|r| r.lessons.clone()).unwrap_or_default(),
        ]
    };
    crate::export::write_table(ws, format, out, "Changes", COLUMNS, cells, |f| {
        for c in &all {
            f(c)?;
        }
        Ok(all.len() as u64)
    })
}
