//! Answers to an assessment from a file (the contract's `assessments answer`): one row per
//! criterion, named by practice, level and text. A row for a criterion that is not in the
//! assessment is rejected and listed; a done assessment refuses the whole file.

use std::path::Path;

use super::{open_for_change, practices, record_answer, Answer, AssessmentId, CriterionId};
use crate::error::{CoreError, Result};
use crate::import::{field, row_in_savepoint, Column, ImportReport, ProgressHook, Table};
use crate::record::{RecordKind, RecordRef};
use crate::validate;
use crate::workspace::{Action, Workspace};

/// The columns of an answers file.
pub const COLUMNS: &[Column] = &[
    Column { field: "practice", names: &["practice"], required: true },
    Column { field: "level", names: &["level"], required: true },
    Column { field: "criterion", names: &["criterion", "criteria"], required: true },
    Column { field: "answer", names: &["answer", "result"], required: true },
    Column { field: "note", names: &["note", "notes", "comment"], required: false },
];

/// The import report's name for an answers file.
pub const FORMAT: &str = "answers-csv";

pub fn answer_file(ws: &Workspace, id: AssessmentId, path: &Path, progress: &ProgressHook) -> Result<ImportReport> {
    let t = Table::read_with(path, progress)?;
    let [practice, level, criterion, answer, note] = std::array::from_fn(|i| COLUMNS[i].find(&t.headers));
    for c in COLUMNS.iter().filter(|c| c.required) {
        t.require(path, c.names)?;
    }
    let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let mut report = ImportReport::new(FORMAT);
    ws.write(|tx| {
        let a = open_for_change(tx, id)?;
        let mut find = tx.prepare_cached("SELECT id FROM criteria WHERE practice = ?1 AND level = ?2 AND key = ?3")?;
        t.each(|row, rec| {
            report.rows_read += 1;
            row_in_savepoint(tx, &mut report, row, || {
                let p = practices::named("practice", field(rec, practice))?;
                if !a.practices.iter().any(|x| x == p) {
                    return Err(CoreError::validation("practice", format!("{p} is not in the scope of this assessment.")));
                }
                let lv = field(rec, level).trim();
                let lv: u8 = lv.parse().ok().filter(|l| (2..=5).contains(l)).ok_or_else(|| CoreError::validation("level", format!("\"{lv}\" is not a level from 2 to 5.")))?;
                let text = field(rec, criterion);
                let c: CriterionId = find
                    .query_row(rusqlite::params![p, lv, super::criteria::key(text)], |r| r.get(0))
                    .map(CriterionId)
                    .map_err(|_| CoreError::validation("criterion", format!("{p} has no such criterion at level {lv} in the pack.")))?;
                let given = field(rec, answer).trim();
                let ans = Answer::read(given).ok_or_else(|| CoreError::validation("answer", format!("\"{given}\" is not an answer: met, partly, not_met or na.")))?;
                let n = validate::text("note", field(rec, note), 20_000)?;
                record_answer(tx, &a, c, Some(ans), &n)
            })
        })?;
        tx.audit(Action::did("assessment.answers_imported"), RecordRef::new(RecordKind::Assessment, id.0), serde_json::json!({
            "file": file, "sha256": t.sha256, "rows_read": report.rows_read, "created": report.created, "updated": report.updated,
            "unchanged": report.unchanged, "rejected": report.rejected,
        }))
    })?;
    Ok(report)
}
