//! `assessments`: capability assessments (create, answer from a file, show, compare).

use clap::Subcommand;
use std::path::PathBuf;

use serde_json::json;
use steward_core::assessments::{self, answers, score, AssessmentId, AssessmentInput, AssessmentStatus};
use steward_core::CoreError;

use crate::common::{core_enum, open, open_reading, Outcome};
use crate::Cli;

#[derive(Subcommand)]
pub enum AssessmentsWhat {
    /// Plan an assessment of the practices named (default: those the criteria pack covers).
    Create {
        #[arg(long)]
        name: String,
        /// Practice names separated by ';' (any of the 34 ITIL 4 practices).
        #[arg(long)]
        practices: Option<String>,
        #[arg(long, default_value = "")]
        organisation: String,
        #[arg(long, default_value = "")]
        assessors: String,
        /// The day it is held (YYYY-MM-DD).
        #[arg(long)]
        date: Option<String>,
    },
    /// Answer criteria from a CSV or workbook (practice, level, criterion, answer, note).
    Answer { id: i64, file: PathBuf },
    /// The level, target and counts per practice.
    Show { id: i64 },
    /// Each practice's level in A and in B.
    Compare { a: i64, b: i64 },
    /// Every assessment, the latest first.
    List,
    /// Move an assessment on: in_progress, in_review, done (done locks its answers).
    Status {
        id: i64,
        #[arg(value_parser = core_enum::<AssessmentStatus>())]
        to: AssessmentStatus,
    },
}

pub fn run(cli: &Cli, what: &AssessmentsWhat) -> Result<Outcome, CoreError> {
    match what {
        AssessmentsWhat::Create { name, practices, organisation, assessors, date } => {
            let ws = open(cli)?;
            let input = AssessmentInput {
                name: name.clone(),
                organisation: organisation.clone(),
                assessors: assessors.clone(),
                held_on: date.clone(),
                practices: practices.as_deref().map(|p| p.split(';').map(str::to_string).collect()).unwrap_or_default(),
            };
            let a = assessments::create_assessment(&ws, &input)?;
            let text = format!("Planned assessment {} \"{}\" of {} practices.", a.id.0, crate::common::printable(&a.name), a.practices.len());
            Ok(Outcome::Done(json!({"id": a.id.0, "name": a.name, "practices": a.practices}), text))
        }
        AssessmentsWhat::Answer { id, file } => {
            let ws = open(cli)?;
            let r = answers::answer_file(&ws, AssessmentId(*id), file, &Default::default())?;
            let text = format!("Read {} rows: {} answered, {} changed, {} rejected.", r.rows_read, r.created, r.updated, r.rejected);
            Ok(Outcome::Done(serde_json::to_value(&r).unwrap_or_default(), text))
        }
        AssessmentsWhat::Show { id } => {
            let ws = open_reading(cli)?;
            let r = score::results(&ws, AssessmentId(*id))?;
            let practices: Vec<serde_json::Value> =
                r.practices.iter().map(|p| json!({"practice": p.practice, "level": p.level, "target": p.target, "criteria": p.criteria, "met": p.met})).collect();
            let lines: Vec<String> = r.practices.iter().map(|p| format!("  {:<40} level {} (target {}), {}/{} met", p.practice, p.level, p.target.map(|t| t.to_string()).unwrap_or("-".into()), p.met, p.criteria)).collect();
            let text = format!("{} ({}):\n{}", crate::common::printable(&r.assessment.name), r.assessment.status.label().to_lowercase(), lines.join("\n"));
            Ok(Outcome::Done(json!({"id": r.assessment.id.0, "name": r.assessment.name, "status": r.assessment.status, "practices": practices}), text))
        }
        AssessmentsWhat::Compare { a, b } => {
            let ws = open_reading(cli)?;
            let c = score::compare(&ws, AssessmentId(*a), AssessmentId(*b))?;
            let doc: Vec<serde_json::Value> = c.levels.iter().map(|l| json!({"practice": l.practice, "a": l.a, "b": l.b, "change": l.change})).collect();
            let text = c.levels.iter().map(|l| format!("{:<40} {} → {} ({:+})", l.practice, l.a, l.b, l.change)).collect::<Vec<_>>().join("\n");
            Ok(Outcome::Done(json!(doc), text))
        }
        AssessmentsWhat::Status { id, to } => {
            let ws = open(cli)?;
            let a = assessments::transition_assessment(&ws, AssessmentId(*id), *to)?;
            let text = format!("\"{}\" is {}.", crate::common::printable(&a.name), a.status.label().to_lowercase());
            Ok(Outcome::Done(json!({"id": a.id.0, "name": a.name, "status": a.status}), text))
        }
        AssessmentsWhat::List => {
            let ws = open_reading(cli)?;
            let all = assessments::list_assessments(&ws)?;
            let text = all.iter().map(|a| format!("{:>4}  {}  {}", a.id.0, a.status.label(), crate::common::printable(&a.name))).collect::<Vec<_>>().join("\n");
            Ok(Outcome::Done(serde_json::to_value(&all).unwrap_or_default(), text))
        }
    }
}
