//! `export` and `audit export`: records and the audit trail to a file.

use clap::Subcommand;
use std::path::PathBuf;

use serde_json::json;
use steward_core::export::ExportFormat;
use steward_core::list::ListRequest;
use steward_core::workspace::{self, AuditExportFormat};
use steward_core::{incidents, CoreError};

use crate::common::core_enum;
use crate::common::{open_reading, Outcome};
use crate::Cli;

#[derive(Subcommand)]
pub enum ExportWhat {
    /// Every incident, in opening order.
    Incidents {
        #[arg(long, value_parser = core_enum::<ExportFormat>())]
        format: ExportFormat,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The risk register, by id.
    Risks {
        #[arg(long, value_parser = core_enum::<ExportFormat>())]
        format: ExportFormat,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Every change, by number (steward-csv imports back).
    Changes {
        #[arg(long, value_parser = core_enum::<ExportFormat>())]
        format: ExportFormat,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The statement of applicability of one framework.
    Soa {
        #[arg(long)]
        framework: String,
        #[arg(long, value_parser = core_enum::<ExportFormat>())]
        format: ExportFormat,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

pub fn run(cli: &Cli, what: &ExportWhat) -> Result<Outcome, CoreError> {
    let ws = open_reading(cli)?;
    let (r, what) = match what {
        ExportWhat::Incidents { format, out } => (incidents::export_incidents(&ws, *format, out, &ListRequest::default())?, "incidents"),
        ExportWhat::Risks { format, out } => (steward_core::risks::transfer::export_risks(&ws, *format, out, &ListRequest::default())?, "risks"),
        ExportWhat::Changes { format, out } => (steward_core::changes::import::export_changes(&ws, *format, out)?, "changes"),
        ExportWhat::Soa { framework, format, out } => {
            let f = steward_core::security::frameworks::framework_id(&ws, framework)?;
            (steward_core::security::frameworks::export_soa(&ws, f, *format, out)?, "requirements")
        }
    };
    let text = format!("Wrote {} {what} to {}; the workspace's audit trail's head was {} (check --expect-head ties the file to the trail later).", r.rows, r.out, r.head);
    Ok(Outcome::Done(json!({"format": r.format, "rows": r.rows, "out": r.out, "head": r.head}), text))
}

#[derive(Subcommand)]
pub enum AuditWhat {
    /// Export the whole trail, oldest first.
    Export {
        #[arg(long, value_parser = core_enum::<AuditExportFormat>())]
        format: AuditExportFormat,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

pub fn audit(cli: &Cli, what: &AuditWhat) -> Result<Outcome, CoreError> {
    let AuditWhat::Export { format, out } = what;
    let ws = open_reading(cli)?;
    let rows = workspace::export_audit(&ws, *format, out)?;
    Ok(Outcome::Done(json!({"format": format.as_str(), "rows": rows, "out": out.display().to_string()}), format!("Wrote {rows} audit entries to {}.", out.display())))
}
