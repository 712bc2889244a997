//! `import KIND` through the import registry, and `imports` (the history, undo).

use clap::Subcommand;
use std::path::PathBuf;

use serde_json::json;
use steward_core::import::{self, dates::DateOrder, ImportOptions};
use steward_core::import_file;
use steward_core::CoreError;

use crate::common::{core_enum, printable};
use crate::common::{open, Outcome};
use crate::Cli;

#[derive(Subcommand)]
pub enum ImportWhat {
    /// People (name, email, phone, job_title, groups separated by ';').
    People { file: PathBuf },
    /// Support groups (name, email, description).
    Groups { file: PathBuf },
    /// Vendors (name, contact_name, email, phone, website).
    Vendors { file: PathBuf },
    /// Configuration items from a ServiceNow CMDB list export (cmdb_ci or a class of it).
    Cis {
        #[arg(long, value_parser = sources("cis"))]
        from: String,
        file: PathBuf,
    },
    /// Services from a ServiceNow service list export (cmdb_ci_service).
    Services {
        #[arg(long, value_parser = sources("services"))]
        from: String,
        file: PathBuf,
    },
    /// A framework catalogue: `nist-csf` for the built-in NIST CSF 2.0, or a CSV or workbook
    /// (id, title, description, parent) given with --file and named with --name (or by
    /// WHICH); importing a newer edition updates the framework in place.
    Framework {
        which: String,
        #[arg(long)]
        file: Option<PathBuf>,
        #[arg(long)]
        name: Option<String>,
    },
    /// Changes from a ServiceNow change_request export or Steward's own CSV.
    Changes {
        #[arg(long, value_parser = sources("changes"))]
        from: String,
        file: PathBuf,
        #[command(flatten)]
        reading: Reading,
    },
    /// The risk register from Steward's own CSV (id, title, ...), or a register of your own
    /// (`spreadsheet`: CSV or workbook, columns taken from their names).
    Risks {
        #[arg(long, value_parser = sources("risks"))]
        from: String,
        file: PathBuf,
    },
    /// A capability criteria pack (practice, level, criterion, dimension): CSV or workbook.
    Criteria { file: PathBuf },
    /// Deployments from a git repository read directly (every tag matching --tags is one
    /// deployment), from Steward's own CSV, or from a CI/CD tool's deployment list
    /// (`pipeline`: GitHub Actions or GitLab JSON, Jenkins or Azure DevOps CSV, any list;
    /// columns mapped as their names suggest, --map to change that).
    Deployments {
        #[arg(long, value_parser = deployment_sources())]
        from: String,
        /// The repository (work tree or bare) or the file.
        file: PathBuf,
        /// pipeline: the application when no column names it (default: the file's name).
        #[arg(long)]
        application: Option<String>,
        /// pipeline: COLUMN=FIELD feeds FIELD from COLUMN instead (COLUMN= leaves it out);
        /// repeatable. `imports preview FILE` shows the columns and the fields.
        #[arg(long = "map")]
        map: Vec<String>,
        #[command(flatten)]
        reading: Reading,
        /// git: the service deployed (created when new).
        #[arg(long)]
        service: Option<String>,
        /// git: the environment (default: production).
        #[arg(long)]
        environment: Option<String>,
        /// git: which tags are deployments (a glob; default: every tag).
        #[arg(long)]
        tags: Option<String>,
    },
    /// An SBOM (CycloneDX JSON 1.2-1.6 or SPDX JSON 2.2/2.3, told from the content) into an
    /// application's components (the application named, else the one the SBOM describes).
    Sbom {
        file: PathBuf,
        #[arg(long)]
        application: Option<String>,
    },
    /// Capacity measurements from a monitoring export (Grafana's CSV, a sheet of host,
    /// metric, time, value): columns mapped as their names suggest, --map to change that;
    /// a metric is added when the row gives its capacity.
    Capacity {
        file: PathBuf,
        /// The CI when no column names one (Grafana's export).
        #[arg(long)]
        ci: Option<String>,
        /// COLUMN=FIELD feeds FIELD from COLUMN instead (COLUMN= leaves it out); repeatable.
        #[arg(long = "map")]
        map: Vec<String>,
        #[command(flatten)]
        reading: Reading,
    },
    /// A product lifecycle table (endoflife.date's JSON answer for a product, or a CSV or
    /// workbook of product, cycle, end of support, end of life); CIs whose product and
    /// version attributes fall in a cycle take its dates.
    Lifecycles {
        file: PathBuf,
        /// The product when no column names it (default: the file's name).
        #[arg(long)]
        product: Option<String>,
        #[arg(long = "map")]
        map: Vec<String>,
    },
    /// Applications' quality figures (project, day, test coverage, defects) from a tool's
    /// export: columns mapped as their names suggest, --map to change that.
    Quality {
        file: PathBuf,
        #[arg(long = "map")]
        map: Vec<String>,
        #[command(flatten)]
        reading: Reading,
    },
    /// Ledger lines (date, amount, cost_pool, cost_centre, description, vendor, service,
    /// currency): amounts with '.' decimals; a line naming a service is its direct cost.
    Ledger {
        file: PathBuf,
        /// The fiscal year (the year it starts in) every line must fall in.
        #[arg(long)]
        fiscal_year: Option<String>,
        #[arg(long = "map")]
        map: Vec<String>,
        #[command(flatten)]
        reading: Reading,
    },
    /// Survey answers (service, answered_at, csat 1-5, nps 0-10, comment): any survey
    /// tool's export, columns mapped as their names suggest.
    Survey {
        file: PathBuf,
        #[arg(long = "map")]
        map: Vec<String>,
        #[command(flatten)]
        reading: Reading,
    },
    /// Service requests from another tool (ServiceNow requested items, a Jira or GLPI
    /// request list, a spreadsheet: number, item, title, requested_for, opened_at, state,
    /// approval, assignment_group, assignee, closed_at, channel), columns mapped as their
    /// names suggest; matched by number, so the same file again changes nothing.
    Requests {
        file: PathBuf,
        #[arg(long = "map")]
        map: Vec<String>,
        #[command(flatten)]
        reading: Reading,
    },
    /// Allocation rules (cost_pool, method: fixed | equal | ci_count, service, share).
    AllocationRules { file: PathBuf },
    /// An nmap XML scan: each host up a proposal (matched to a CI by address, then host
    /// name); nothing is created until `discoveries accept`.
    Nmap { file: PathBuf },
    /// Incidents from a ServiceNow or Jira export, or Steward's own CSV.
    Incidents {
        #[arg(long, value_parser = sources("incidents"))]
        from: String,
        file: PathBuf,
        #[command(flatten)]
        reading: Reading,
    },
}

/// How an import reads what its file leaves open (the core's `ImportOptions`).
#[derive(clap::Args)]
pub struct Reading {
    /// The time zone of timestamps without an offset (IANA name).
    #[arg(long, default_value = "UTC")]
    tz: String,
    /// Day/month order when the file cannot tell.
    #[arg(long, value_parser = core_enum::<DateOrder>())]
    date_order: Option<DateOrder>,
}

impl Reading {
    fn options(&self) -> Result<ImportOptions, CoreError> {
        Ok(ImportOptions { tz: steward_core::time::parse_zone("tz", &self.tz)?, date_order: self.date_order, ..Default::default() })
    }
}

/// Deployments come from a repository (read by the core directly) or the registry's files.
fn deployment_sources() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(std::iter::once("git").chain(import_file::sources("deployments")))
}

/// The mapping the file's header suggests for `format`, with `--map COLUMN=FIELD` applied.
fn mapped(file: &std::path::Path, format: import_file::FileFormat, map: &[String]) -> Result<Vec<Option<String>>, CoreError> {
    let overrides = map
        .iter()
        .map(|m| match m.split_once('=') {
            Some((column, field)) => Ok((column.to_string(), Some(field.trim().to_string()).filter(|f| !f.is_empty()))),
            None => Err(CoreError::validation("map", format!("\"{m}\" is not COLUMN=FIELD."))),
        })
        .collect::<Result<Vec<_>, _>>()?;
    import_file::mapping_with(file, format, &overrides)
}

/// The sources the import registry knows for a record kind, as `--from` accepts them.
fn sources(kind: &str) -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(import_file::sources(kind))
}

pub fn run(cli: &Cli, what: &ImportWhat) -> Result<Outcome, CoreError> {
    let csv = "steward-csv";
    let (kind, from, file, opts) = match what {
        ImportWhat::People { file } => ("people", csv, file, ImportOptions::default()),
        ImportWhat::Groups { file } => ("groups", csv, file, ImportOptions::default()),
        ImportWhat::Vendors { file } => ("vendors", csv, file, ImportOptions::default()),
        ImportWhat::Criteria { file } => ("criteria", "csv", file, ImportOptions::default()),
        ImportWhat::Deployments { from, file, service, environment, tags, .. } if from == "git" => {
            use steward_core::deployments::git::{import_git, GitTarget};
            let ws = open(cli)?;
            let r = import_git(&ws, file, &GitTarget { service: service.clone(), environment: environment.clone(), tags: tags.clone() })?;
            let text = format!("Read {} tags as deployments carrying {} commits: {} created, {} updated, {} unchanged.", r.deployments, r.commits, r.report.created, r.report.updated, r.report.unchanged);
            return Ok(Outcome::Done(serde_json::to_value(&r).unwrap_or_default(), text));
        }
        ImportWhat::Nmap { file } => {
            let r = steward_core::cis::discovery::import_nmap(&open(cli)?, file)?;
            let text = format!("{} hosts up with {} open ports: {} matched to CIs; {} proposals await review.", r.hosts_up, r.open_ports, r.matched, r.proposed);
            return Ok(Outcome::Done(serde_json::to_value(&r).unwrap_or_default(), text));
        }
        ImportWhat::Sbom { file, application } => {
            let ws = open(cli)?;
            let r = steward_core::software::sbom::import_sbom(&ws, file, application.as_deref())?;
            let mut text = format!(
                "{}: {} components ({} with a package URL), {} dependencies into {}: {} new, {} changed, {} rejected.",
                r.format, r.components, r.with_purl, r.dependencies, printable(&r.application), r.created, r.updated, r.rejected
            );
            for e in &r.errors {
                text.push_str(&format!("\n  {}: {}", printable(&e.element), printable(&e.message)));
            }
            for c in &r.cycles {
                text.push_str(&format!("\n  a dependency cycle: {} (kept as the SBOM states it)", printable(c)));
            }
            return Ok(Outcome::Done(serde_json::to_value(&r).unwrap_or_default(), text));
        }
        ImportWhat::Deployments { from, file, application, map, reading, .. } if from == "pipeline" => {
            let mapping = mapped(file, import_file::FileFormat::PipelineDeployments, map)?;
            ("deployments", from.as_str(), file, ImportOptions { mapping: Some(mapping), name: application.clone(), ..reading.options()? })
        }
        ImportWhat::Ledger { file, fiscal_year, map, reading } => {
            let mapping = mapped(file, import_file::FileFormat::Ledger, map)?;
            ("ledger", "csv", file, ImportOptions { mapping: Some(mapping), name: fiscal_year.clone(), ..reading.options()? })
        }
        ImportWhat::Survey { file, map, reading } => {
            let mapping = mapped(file, import_file::FileFormat::Survey, map)?;
            ("survey", "csv", file, ImportOptions { mapping: Some(mapping), ..reading.options()? })
        }
        ImportWhat::Requests { file, map, reading } => {
            let mapping = mapped(file, import_file::FileFormat::Requests, map)?;
            ("requests", "csv", file, ImportOptions { mapping: Some(mapping), ..reading.options()? })
        }
        ImportWhat::AllocationRules { file } => ("allocation-rules", "csv", file, ImportOptions::default()),
        ImportWhat::Quality { file, map, reading } => {
            let mapping = mapped(file, import_file::FileFormat::ApplicationQuality, map)?;
            ("quality", "csv", file, ImportOptions { mapping: Some(mapping), ..reading.options()? })
        }
        ImportWhat::Lifecycles { file, product, map } => {
            let mapping = mapped(file, import_file::FileFormat::LifecycleTable, map)?;
            ("lifecycles", "csv", file, ImportOptions { mapping: Some(mapping), name: product.clone(), ..Default::default() })
        }
        ImportWhat::Capacity { file, ci, map, reading } => {
            let mapping = mapped(file, import_file::FileFormat::CapacityMeasurements, map)?;
            ("capacity", "csv", file, ImportOptions { mapping: Some(mapping), name: ci.clone(), ..reading.options()? })
        }
        ImportWhat::Deployments { from, file, .. } => ("deployments", from.as_str(), file, ImportOptions::default()),
        ImportWhat::Cis { from, file } => ("cis", from.as_str(), file, ImportOptions::default()),
        ImportWhat::Services { from, file } => ("services", from.as_str(), file, ImportOptions::default()),
        ImportWhat::Risks { from, file } => ("risks", from.as_str(), file, ImportOptions::default()),
        ImportWhat::Incidents { from, file, reading } => ("incidents", from.as_str(), file, reading.options()?),
        ImportWhat::Changes { from, file, reading } => ("changes", from.as_str(), file, reading.options()?),
        ImportWhat::Framework { which, file, name } => match (which.as_str(), file) {
            ("nist-csf", _) => {
                use steward_core::security::frameworks as fw;
                let ws = open(cli)?;
                let id = fw::add_nist_csf(&ws)?;
                let f = fw::list_frameworks(&ws)?.into_iter().find(|f| f.id == id);
                let text = f.as_ref().map(|f| format!("Added {} ({} requirements).", f.name, f.requirements)).unwrap_or_default();
                return Ok(Outcome::Done(serde_json::to_value(&f).unwrap_or_default(), text));
            }
            (_, Some(file)) => ("frameworks", "csv", file, ImportOptions { name: Some(name.clone().unwrap_or_else(|| which.clone())), ..Default::default() }),
            _ => return Err(CoreError::validation("file", "Give the catalogue's CSV with --file, or use nist-csf for the built-in NIST CSF 2.0.")),
        },
    };
    let importer = import_file::importer_for(kind, from)?;
    let ws = open(cli)?;
    let r = import_file::import(&ws, file, importer.format, &opts)?;
    Ok(Outcome::Done(r.contract_json(), import_text(&r)))
}

#[derive(Subcommand)]
pub enum ImportsWhat {
    /// Every import, newest first.
    List,
    /// Undo one import: remove what it created, restore what it changed.
    Undo { id: i64 },
    /// What a file looks like to the importers (no workspace needed): the format detected
    /// (or the one given with --as), each column with the field it feeds, the fields it can
    /// be mapped to, and what stops the import if anything does.
    Preview {
        file: PathBuf,
        #[arg(long = "as", value_parser = core_enum::<import_file::FileFormat>())]
        format: Option<import_file::FileFormat>,
    },
}

pub fn history(cli: &Cli, what: &ImportsWhat) -> Result<Outcome, CoreError> {
    match what {
        ImportsWhat::Preview { file, format } => {
            let p = import_file::preview(file, *format)?;
            let mut text = format!("{}: {}", printable(&p.file), p.format.map(|f| f.label()).unwrap_or("no format Steward reads"));
            for c in &p.columns {
                text.push_str(&format!("\n  {} → {}", printable(&c.column), c.field.as_deref().unwrap_or("(not used)")));
            }
            if let Some(problem) = &p.problem {
                text.push_str(&format!("\n{}", printable(problem)));
            }
            Ok(Outcome::Done(serde_json::to_value(&p).unwrap_or_default(), text))
        }
        ImportsWhat::List => {
            let runs = import::list_imports(&open(cli)?)?;
            let lines: Vec<String> = runs
                .iter()
                .map(|r| {
                    let undone = r.undone_at.as_deref().map(|u| format!(" (undone {u})")).unwrap_or_default();
                    format!(
                        "{:>4}  {}  {} {} from {}: {} created, {} updated, {} rejected{undone}",
                        r.id.0, r.at, r.kind, r.format, r.file, r.created, r.updated, r.rejected
                    )
                })
                .collect();
            Ok(Outcome::Done(json!({"imports": runs}), lines.join("\n")))
        }
        ImportsWhat::Undo { id } => {
            let r = import::undo_import(&open(cli)?, import::ImportId(*id))?;
            let text = format!("Undone: {} removed, {} restored, {} kept because other records use them.", r.removed, r.restored, r.kept_in_use);
            Ok(Outcome::Done(serde_json::to_value(&r).unwrap_or_default(), text))
        }
    }
}

fn import_text(o: &import_file::ImportOutcome) -> String {
    let r = &o.report;
    let mut text = format!("Read {} rows: {} created, {} updated, {} unchanged, {} rejected.", r.rows_read, r.created, r.updated, r.unchanged, r.rejected);
    for e in &r.errors {
        text.push_str(&format!("\n  row {}{}: {}", e.row, e.column.as_deref().map(|c| format!(" ({})", printable(c))).unwrap_or_default(), printable(&e.message)));
    }
    if let Some(events) = o.events {
        text.push_str(&format!("\n{events} events stored."));
    }
    text
}
