//! steward-cli: the headless adapter over steward-core, implementing the command-line
//! contract (`shared/contracts/cli.md`). Each arm parses argv, calls one core function and
//! prints the result; exit codes are chosen only in `main`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use serde_json::json;
use steward_core::charts;
use steward_core::import;
use steward_core::enums::Labelled;
use steward_core::import::{dates::DateOrder, ImportOptions};
use steward_core::incidents;
use steward_core::import_file;
use steward_core::list::{FilterTerm, ListRequest, SortTerm};
use steward_core::requests;
use steward_core::sla;
use steward_core::workspace::{self, Actor, AuditExportFormat, Workspace};
use steward_core::{demo, CoreError};

#[derive(Parser)]
#[command(name = "steward-cli", version, about = "Steward, headless: workspace files, imports, reports")]
struct Cli {
    /// The workspace file (*.steward).
    #[arg(long, global = true, value_name = "PATH")]
    workspace: Option<PathBuf>,
    /// Print exactly one JSON document on stdout.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new workspace (fails if the file exists).
    Init {
        /// Fill it with the demo engagement.
        #[arg(long)]
        demo: bool,
    },
    /// Verify the file's integrity and the audit chain (exit 0 only when both are ok).
    Check,
    /// Write a consistent copy of the workspace.
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Replace the workspace with a backup (the current file is kept beside it).
    Restore { file: PathBuf },
    /// Import records from a file.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Incident figures, records and search.
    Incidents {
        #[command(subcommand)]
        what: IncidentsWhat,
    },
    /// Service levels: evaluate SLA clocks on business calendars.
    Sla {
        #[command(subcommand)]
        what: SlaWhat,
    },
    /// Change control: collisions, a change, the calendar, figures.
    Changes {
        #[command(subcommand)]
        what: ChangesWhat,
    },
    /// CVSS vectors (no workspace needed).
    Cvss {
        #[command(subcommand)]
        what: CvssWhat,
    },
    /// Charts, drawn by the same renderer the window shows.
    Chart {
        #[command(subcommand)]
        what: ChartWhat,
    },
    /// Service requests: list and show.
    Requests {
        #[command(subcommand)]
        what: RequestsWhat,
    },
    /// Export records to a file.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// The import history: list imports, undo one as a whole.
    Imports {
        #[command(subcommand)]
        what: ImportsWhat,
    },
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        what: AuditWhat,
    },
}

#[derive(Subcommand)]
enum ImportWhat {
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
    /// A framework catalogue: `nist-csf` for the built-in NIST CSF 2.0, or a CSV
    /// (id, title, description, parent) given with --file and named with --name.
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
    /// The risk register from Steward's own CSV (id, title, ...).
    Risks {
        #[arg(long, value_parser = sources("risks"))]
        from: String,
        file: PathBuf,
    },
    /// Incidents from a ServiceNow or Jira export, or Steward's own CSV.
    Incidents {
        #[arg(long, value_parser = sources("incidents"))]
        from: String,
        file: PathBuf,
        #[command(flatten)]
        reading: Reading,
    },
}

#[derive(Subcommand)]
enum IncidentsWhat {
    /// Counts by state and priority.
    Stats,
    /// One incident with its history, oldest first.
    Show { number: String },
    /// Full-text search over number, title, description and resolution notes.
    Search {
        text: String,
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
}

#[derive(Subcommand)]
enum SlaWhat {
    /// Deadlines, elapsed business time and breaches for a JSON array of cases (no
    /// workspace needed). FILE or - for standard input.
    Eval {
        #[arg(default_value = "-")]
        file: String,
        /// Add the spans that counted, were paused, closed or holidays.
        #[arg(long)]
        explain: bool,
    },
    /// Add the holidays of an iCalendar (.ics) file to a stored calendar (its clocks are
    /// recomputed). Rules (yearly and others) are expanded over the years given.
    Holidays {
        /// The .ics file.
        file: PathBuf,
        /// The calendar's name.
        #[arg(long)]
        calendar: String,
        /// First year to take (default: last year).
        #[arg(long)]
        from_year: Option<i32>,
        /// Last year to take (default: two years ahead).
        #[arg(long)]
        to_year: Option<i32>,
    },
    /// Each SLA clock of an incident or request, span by span: what counted, was paused,
    /// closed or a holiday.
    Explain { number: String },
    /// Compliance grouped by agreement, target, service, priority or month.
    Compliance {
        /// agreement, target, service, priority or month.
        #[arg(long, default_value = "agreement", value_parser = |s: &str| sla::report::ComplianceBy::parse(s).ok_or("one of agreement, target, service, priority, month"))]
        by: sla::report::ComplianceBy,
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
    },
    /// Breached clocks (stopped within the dates, or running past their deadline), with
    /// what explains each breach.
    Breaches {
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
    },
    /// Compliance per target: clocks that stopped within the dates (inclusive, UTC).
    Report {
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
    },
}

#[derive(Subcommand)]
enum ChangesWhat {
    /// Every collision among changes not closed or cancelled.
    Conflicts,
    /// One change with its assessment, authorization, review and the incidents it caused.
    Show { number: String },
    /// Changes and window occurrences in a period (instants with offsets).
    Calendar {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    /// Success rate, emergency share, changes causing incidents, lead time.
    Figures,
}

#[derive(Subcommand)]
enum CvssWhat {
    /// The base score and severity of a CVSS 3.0, 3.1 or 4.0 vector.
    Score { vector: String },
}

#[derive(Subcommand)]
enum ChartWhat {
    /// The risk heatmap: open risks per matrix cell, the appetite outlined.
    RiskHeatmap {
        #[arg(long, value_name = "FILE.svg|FILE.png")]
        out: PathBuf,
        /// Which rating: inherent, current or target.
        #[arg(long, default_value = "current", value_parser = |s: &str| steward_core::risks::RatingKind::parse(s).ok_or("one of inherent, current, target"))]
        rating: steward_core::risks::RatingKind,
        #[arg(long)]
        dark: bool,
    },
    /// Monthly (or weekly) SLA compliance against the goal, with breaches as bars.
    SlaTrend {
        #[arg(long, value_name = "FILE.svg|FILE.png")]
        out: PathBuf,
        /// Weekly instead of monthly (the last 26 weeks).
        #[arg(long)]
        weekly: bool,
        /// The compliance goal drawn as a line, in percent.
        #[arg(long, default_value_t = 95.0)]
        goal: f64,
        #[arg(long)]
        dark: bool,
    },
}

#[derive(Subcommand)]
enum RequestsWhat {
    /// Requests, newest first; `--state` may repeat (new, awaiting_approval, in_fulfilment, ...).
    List {
        #[arg(long)]
        state: Vec<String>,
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    /// One request with its fulfilment tasks.
    Show { number: String },
}

#[derive(Subcommand)]
enum ExportWhat {
    /// Every incident, in opening order.
    Incidents {
        #[arg(long, value_enum)]
        format: Format,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The risk register, by id.
    Risks {
        #[arg(long, value_enum)]
        format: Format,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Every change, by number (steward-csv imports back).
    Changes {
        #[arg(long, value_enum)]
        format: Format,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The statement of applicability of one framework.
    Soa {
        #[arg(long)]
        framework: String,
        #[arg(long, value_enum)]
        format: Format,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Csv,
    Xlsx,
    Json,
}

impl Format {
    fn core(self) -> steward_core::export::ExportFormat {
        match self {
            Format::Csv => steward_core::export::ExportFormat::Csv,
            Format::Xlsx => steward_core::export::ExportFormat::Xlsx,
            Format::Json => steward_core::export::ExportFormat::Json,
        }
    }
}

#[derive(Subcommand)]
enum ImportsWhat {
    /// Every import, newest first.
    List,
    /// Undo one import: remove what it created, restore what it changed.
    Undo { id: i64 },
}

/// How an import reads what its file leaves open (the core's `ImportOptions`).
#[derive(clap::Args)]
struct Reading {
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

/// The sources the import registry knows for a record kind, as `--from` accepts them.
fn sources(kind: &str) -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(import_file::sources(kind))
}

/// Parses one of the core's closed sets by its own values: the CLI keeps no copy of them.
fn core_enum<E: Labelled>() -> impl clap::builder::TypedValueParser<Value = E> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(E::ALL.iter().map(|v| v.as_str())).try_map(|s| E::ALL.iter().copied().find(|v| v.as_str() == s).ok_or(format!("\"{s}\" is not one of the values")))
}

#[derive(Subcommand)]
enum AuditWhat {
    /// Export the whole trail, oldest first.
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Csv,
    Json,
}

/// Who the audit trail records for CLI changes.
fn actor() -> Result<Actor, CoreError> {
    let name = std::env::var("STEWARD_ACTOR")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| format!("{} (steward-cli)", std::env::var("USER").unwrap_or_else(|_| "unknown user".into())));
    Actor::parse(&name)
}

enum Outcome {
    /// Success: a JSON document and the line a person reads.
    Done(serde_json::Value, String),
    /// `check` found a problem: its report, exit 1.
    Failed(serde_json::Value, String),
}

fn workspace_path(cli: &Cli) -> Result<&Path, CoreError> {
    cli.workspace.as_deref().ok_or_else(|| CoreError::validation("workspace", "Say which workspace file to use with --workspace PATH."))
}

fn run(cli: &Cli) -> Result<Outcome, CoreError> {
    match &cli.command {
        Command::Init { demo: with_demo } => {
            let path = workspace_path(cli)?;
            let ws = workspace::create_whole(path, actor()?, steward_core::time::Clock::System, |ws| if *with_demo { demo::load_demo(ws) } else { Ok(()) })?;
            let version = ws.schema_version()?;
            Ok(Outcome::Done(
                json!({"workspace": path.display().to_string(), "schema_version": version}),
                format!("Created {} (schema {version}){}.", path.display(), if *with_demo { " with the demo engagement" } else { "" }),
            ))
        }
        Command::Check => {
            let path = workspace_path(cli)?;
            let report = match workspace::check(path) {
                Ok(r) => r,
                Err(e) => workspace::CheckReport { integrity: e.to_string(), audit_chain: "broken".into(), first_bad_entry: None, schema_version: 0 },
            };
            let doc = serde_json::to_value(&report).unwrap_or_default();
            if report.is_ok() {
                Ok(Outcome::Done(doc, format!("{}: integrity ok, audit chain ok (schema {}).", path.display(), report.schema_version)))
            } else {
                let msg = match report.first_bad_entry {
                    Some(id) => format!("{}: integrity {}, audit chain broken at entry {id}.", path.display(), report.integrity),
                    None => format!("{}: integrity {}, audit chain {}.", path.display(), report.integrity, report.audit_chain),
                };
                Ok(Outcome::Failed(doc, msg))
            }
        }
        Command::Backup { out } => {
            let ws = Workspace::open(workspace_path(cli)?, actor()?)?;
            let r = workspace::backup(&ws, out)?;
            Ok(Outcome::Done(json!({"backup": out.display().to_string(), "bytes": r.bytes}), format!("Backed up to {} ({} bytes).", out.display(), r.bytes)))
        }
        Command::Restore { file } => {
            let path = workspace_path(cli)?;
            workspace::restore(path, file, actor()?)?;
            Ok(Outcome::Done(json!({"restored": file.display().to_string()}), format!("Restored {} from {}.", path.display(), file.display())))
        }
        Command::Import { what } => {
            let csv = "steward-csv";
            let (kind, from, file, opts) = match what {
                ImportWhat::People { file } => ("people", csv, file, ImportOptions::default()),
                ImportWhat::Groups { file } => ("groups", csv, file, ImportOptions::default()),
                ImportWhat::Vendors { file } => ("vendors", csv, file, ImportOptions::default()),
                ImportWhat::Cis { from, file } => ("cis", from.as_str(), file, ImportOptions::default()),
                ImportWhat::Services { from, file } => ("services", from.as_str(), file, ImportOptions::default()),
                ImportWhat::Risks { from, file } => ("risks", from.as_str(), file, ImportOptions::default()),
                ImportWhat::Incidents { from, file, reading } => ("incidents", from.as_str(), file, reading.options()?),
                ImportWhat::Changes { from, file, reading } => ("changes", from.as_str(), file, reading.options()?),
                ImportWhat::Framework { which, file, name } => {
                    let ws = Workspace::open(workspace_path(cli)?, actor()?)?;
                    use steward_core::security::frameworks as fw;
                    let id = match (which.as_str(), file) {
                        ("nist-csf", _) => fw::add_nist_csf(&ws)?,
                        (_, Some(file)) => fw::import_framework(&ws, name.as_deref().unwrap_or(which), file)?,
                        _ => return Err(CoreError::validation("file", "Give the catalogue's CSV with --file, or use nist-csf for the built-in NIST CSF 2.0.")),
                    };
                    let f = fw::list_frameworks(&ws)?.into_iter().find(|f| f.id == id);
                    let text = f.as_ref().map(|f| format!("Added {} ({} requirements).", f.name, f.requirements)).unwrap_or_default();
                    return Ok(Outcome::Done(serde_json::to_value(&f).unwrap_or_default(), text));
                }
            };
            let importer = import_file::importer_for(kind, from)?;
            let ws = Workspace::open(workspace_path(cli)?, actor()?)?;
            let r = import_file::import(&ws, file, importer.format, &opts)?;
            Ok(Outcome::Done(r.contract_json(), import_text(&r)))
        }
        Command::Incidents { what } => {
            let ws = Workspace::open(workspace_path(cli)?, actor()?)?;
            match what {
                IncidentsWhat::Stats => {
                    let s = incidents::incident_stats(&ws)?;
                    let text = format!("{} incidents; by state {:?}; by priority {:?}", s.total, s.by_state, s.by_priority);
                    Ok(Outcome::Done(serde_json::to_value(&s).unwrap_or_default(), text))
                }
                IncidentsWhat::Show { number } => {
                    let d = incidents::show_incident(&ws, number)?;
                    let mut doc = serde_json::to_value(&d.incident).unwrap_or_default();
                    doc["history"] = serde_json::to_value(&d.history).unwrap_or_default();
                    let text = format!("{} {} [{}]", d.incident.number, d.incident.title, d.incident.state.label());
                    Ok(Outcome::Done(doc, text))
                }
                IncidentsWhat::Search { text, limit } => {
                    let r = incidents::search_incidents(&ws, text, *limit)?;
                    let lines: Vec<String> = r.hits.iter().map(|h| format!("{}  {}", h.number, h.title)).collect();
                    let out = format!("{} matches\n{}", r.total, lines.join("\n"));
                    Ok(Outcome::Done(serde_json::to_value(&r).unwrap_or_default(), out))
                }
            }
        }
        Command::Export { what } => {
            let ws = Workspace::open(workspace_path(cli)?, actor()?)?;
            let (r, what) = match what {
                ExportWhat::Incidents { format, out } => (incidents::export_incidents(&ws, format.core(), out, &ListRequest::default())?, "incidents"),
                ExportWhat::Risks { format, out } => (steward_core::risks::transfer::export_risks(&ws, format.core(), out, &ListRequest::default())?, "risks"),
                ExportWhat::Changes { format, out } => (steward_core::changes::import::export_changes(&ws, format.core(), out)?, "changes"),
                ExportWhat::Soa { framework, format, out } => {
                    let f = steward_core::security::frameworks::framework_id(&ws, framework)?;
                    (steward_core::security::frameworks::export_soa(&ws, f, format.core(), out)?, "requirements")
                }
            };
            let text = format!("Wrote {} {what} to {}.", r.rows, r.out);
            Ok(Outcome::Done(json!({"format": r.format, "rows": r.rows, "out": r.out}), text))
        }
        Command::Sla { what: SlaWhat::Eval { file, explain } } => {
            let text = if file == "-" {
                let mut s = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).map_err(|e| CoreError::io("Could not read standard input", e))?;
                s
            } else {
                std::fs::read_to_string(file).map_err(|e| CoreError::io_at("read", Path::new(file), e))?
            };
            let cases: Vec<sla::Case> = serde_json::from_str(&text)
                .map_err(|e| CoreError::validation("cases", format!("The input is not a JSON array of SLA cases: {e}.")))?;
            let results = sla::evaluate(&cases, *explain)?;
            let lines: Vec<String> = results
                .iter()
                .map(|r| {
                    let mut l = format!("{}: deadline {}", r.id, r.deadline);
                    if let (Some(m), Some(b)) = (r.business_minutes_elapsed, r.breached) {
                        l.push_str(&format!(", {m} business minutes elapsed, {}", if b { "breached" } else { "met" }));
                    }
                    l
                })
                .collect();
            Ok(Outcome::Done(serde_json::to_value(&results).unwrap_or_default(), lines.join("\n")))
        }
        Command::Sla { what: SlaWhat::Holidays { file, calendar, from_year, to_year } } => {
            let ws = Workspace::open(workspace_path(cli)?, actor()?)?;
            let (first, last) = sla::ics::default_years(ws.now());
            let found = sla::ics::read_holidays(file, from_year.unwrap_or(first), to_year.unwrap_or(last))?;
            let (cal, added) = sla::agreements::add_holidays(&ws, calendar, &found)?;
            let text = format!("{} holidays in the file, {added} new in {}.", found.len(), cal.name);
            Ok(Outcome::Done(json!({"calendar": cal.name, "found": found.len(), "added": added, "holidays": found}), text))
        }
        Command::Sla { what: SlaWhat::Explain { number } } => {
            let ws = Workspace::open(workspace_path(cli)?, actor()?)?;
            let clocks = sla::clocks::explain_number(&ws, number)?;
            let mut lines = Vec::new();
            for c in &clocks {
                lines.push(format!("{} / {} (calendar {}, {}): deadline {}", c.agreement, c.target, c.calendar, c.timezone, c.deadline));
                lines.extend(c.spans.iter().map(|s| format!("  {} → {}  {}", s.from, s.to, format!("{:?}", s.kind).to_lowercase())));
            }
            if clocks.is_empty() {
                lines.push(format!("No SLA clock runs on {number}."));
            }
            Ok(Outcome::Done(serde_json::to_value(&clocks).unwrap_or_default(), lines.join("\n")))
        }
        Command::Sla { what: SlaWhat::Compliance { by, from, to } } => {
            let ws = Workspace::open(workspace_path(cli)?, actor()?)?;
            let rows = sla::report::compliance(&ws, *by, from.as_deref(), to.as_deref())?;
            let lines: Vec<String> = rows
                .iter()
                .map(|r| format!("{}: {} measured, {} breached, {}", r.key, r.measured, r.breached, r.compliance_pct.map(|p| format!("{p:.1}%")).unwrap_or_else(|| "—".into())))
                .collect();
            Ok(Outcome::Done(serde_json::to_value(&rows).unwrap_or_default(), lines.join("\n")))
        }
        Command::Sla { what: SlaWhat::Breaches { from, to } } => {
            let ws = Workspace::open(workspace_path(cli)?, actor()?)?;
            let rows = sla::report::breaches(&ws, from.as_deref(), to.as_deref())?;
            let lines: Vec<String> = rows.iter().map(|b| format!("{}  {} / {}: {}", b.number, b.agreement, b.target, b.reasons.join("; "))).collect();
            Ok(Outcome::Done(serde_json::to_value(&rows).unwrap_or_default(), lines.join("\n")))
        }
        Command::Sla { what: SlaWhat::Report { from, to } } => {
            let ws = Workspace::open(workspace_path(cli)?, actor()?)?;
            let rows = sla::report::sla_report(&ws, from.as_deref(), to.as_deref())?;
            let lines: Vec<String> = rows
                .iter()
                .map(|r| {
                    let pct = r.compliance_pct.map(|p| format!("{p:.1}%")).unwrap_or_else(|| "—".into());
                    format!("{} / {}: {} measured, {} met, {} breached, {pct}", r.agreement, r.target, r.measured, r.met, r.breached)
                })
                .collect();
            Ok(Outcome::Done(serde_json::to_value(&rows).unwrap_or_default(), lines.join("\n")))
        }
        Command::Changes { what: ChangesWhat::Show { number } } => {
            let ws = Workspace::open(workspace_path(cli)?, actor()?)?;
            let c = steward_core::changes::show_change(&ws, number)?;
            let d = steward_core::changes::change_detail(&ws, c.id)?;
            let mut text = vec![
                format!("{} {} [{} {}]", c.number, c.title, c.change_type.label(), c.state.label()),
                format!("Risk: {}  Authorization: {} ({} of {} approvals{})", if c.risk.is_empty() { "-" } else { &c.risk }, d.authorization.decision.label(),
                    d.authorization.approvals, d.authorization.approvals_needed, d.authorization.board.as_deref().map(|b| format!(", {b}")).unwrap_or_default()),
            ];
            if let Some(r) = &d.review {
                text.push(format!("Review: {}{}", r.outcome.label(), if r.lessons.is_empty() { String::new() } else { format!(": {}", r.lessons) }));
            }
            text.extend(d.caused_incidents.iter().map(|i| format!("Caused {} {}", i.number, i.title)));
            text.extend(d.conflicts.iter().map(|x| {
                // The change named beside this one in the collision (none for a window).
                let other = x.other.as_ref().map(|o| if o.id == c.id.0 { &x.change } else { o });
                format!("Collides: {}{}", x.reason.label(), other.map(|o| format!(" with {} {}", o.number, o.title)).unwrap_or_default())
            }));
            Ok(Outcome::Done(serde_json::to_value(&d).unwrap_or_default(), text.join("\n")))
        }
        Command::Changes { what: ChangesWhat::Calendar { from, to } } => {
            let ws = Workspace::open(workspace_path(cli)?, actor()?)?;
            let cal = steward_core::changes::calendar::calendar(&ws, from, to)?;
            let mut rows: Vec<(String, String)> = cal.changes.iter().map(|c| (c.start.clone(), format!("{} – {}  {} {} [{}]{}", c.start, c.end, c.number, c.title, c.state.as_str(),
                if c.conflicts.is_empty() { String::new() } else { format!(" collides: {}", c.conflicts.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")) }))).collect();
            rows.extend(cal.windows.iter().map(|w| (w.start.clone(), format!("{} – {}  {}: {} ({})", w.start, w.end, w.kind.as_str(), w.name, w.scope))));
            rows.sort();
            let text = if rows.is_empty() { "Nothing planned.".to_string() } else { rows.into_iter().map(|r| r.1).collect::<Vec<_>>().join("\n") };
            Ok(Outcome::Done(serde_json::to_value(&cal).unwrap_or_default(), text))
        }
        Command::Changes { what: ChangesWhat::Figures } => {
            let ws = Workspace::open(workspace_path(cli)?, actor()?)?;
            let f = steward_core::changes::figures(&ws)?;
            let pct = |v: Option<f64>| v.map(|v| format!("{v}%")).unwrap_or_else(|| "-".into());
            let text = format!(
                "{} changes, {} ended: {} successful; {} emergency; {} caused incidents; lead time {}",
                f.changes, f.ended, pct(f.success_pct), pct(f.emergency_pct), f.causing_incidents, f.lead_time_days.map(|d| format!("{d} d")).unwrap_or_else(|| "-".into())
            );
            Ok(Outcome::Done(serde_json::to_value(&f).unwrap_or_default(), text))
        }
        Command::Changes { what: ChangesWhat::Conflicts } => {
            let ws = Workspace::open(workspace_path(cli)?, actor()?)?;
            let found = steward_core::changes::conflicts::conflicts(&ws)?;
            let lines: Vec<String> = found.iter().map(|c| format!("{} {} {}", c.change, c.other.as_deref().unwrap_or("-"), c.reason.as_str())).collect();
            let text = if lines.is_empty() { "No conflicts.".to_string() } else { lines.join("\n") };
            Ok(Outcome::Done(serde_json::to_value(&found).unwrap_or_default(), text))
        }
        Command::Cvss { what: CvssWhat::Score { vector } } => {
            let r = steward_core::security::cvss::score(vector)?;
            let text = format!("CVSS {} base score {:.1} ({}){}", r.version, r.base_score, r.severity, r.nomenclature.as_deref().map(|n| format!(", {n}")).unwrap_or_default());
            Ok(Outcome::Done(serde_json::to_value(&r).unwrap_or_default(), text))
        }
        Command::Chart { what: ChartWhat::RiskHeatmap { out, rating, dark } } => {
            let ws = Workspace::open(workspace_path(cli)?, actor()?)?;
            let theme = if *dark { charts::Theme::Dark } else { charts::Theme::Light };
            charts::risk_heatmap::write_risk_heatmap(&ws, *rating, theme, out)?;
            Ok(Outcome::Done(json!({"out": out.display().to_string()}), format!("Wrote {}.", out.display())))
        }
        Command::Chart { what: ChartWhat::SlaTrend { out, goal, dark, weekly } } => {
            let ws = Workspace::open(workspace_path(cli)?, actor()?)?;
            let theme = if *dark { charts::Theme::Dark } else { charts::Theme::Light };
            let period = if *weekly { sla::report::TrendPeriod::Week } else { sla::report::TrendPeriod::Month };
            charts::sla_trend::write_sla_trend(&ws, *goal, period, theme, out)?;
            Ok(Outcome::Done(json!({"out": out.display().to_string()}), format!("Wrote {}.", out.display())))
        }
        Command::Requests { what } => {
            let ws = Workspace::open(workspace_path(cli)?, actor()?)?;
            match what {
                RequestsWhat::List { state, limit } => {
                    let req = ListRequest {
                        filters: state.iter().map(|s| FilterTerm { field: "state".into(), value: s.clone(), missing: false, op: None }).collect(),
                        sort: Some(SortTerm { field: "opened_at".into(), descending: true }),
                        limit: Some(*limit),
                        ..Default::default()
                    };
                    let page = requests::list_requests(&ws, &req)?;
                    let lines: Vec<String> = page.items.iter().map(|r| format!("{}  {:<18} {}/{} tasks  {}", r.number, r.state.label(), r.tasks_finished, r.tasks_total, r.title)).collect();
                    Ok(Outcome::Done(json!({"total": page.total, "requests": page.items}), lines.join("\n")))
                }
                RequestsWhat::Show { number } => {
                    let d = requests::show_request(&ws, number)?;
                    let text = format!("{} {} [{}]", d.request.number, d.request.title, d.request.state.label());
                    Ok(Outcome::Done(serde_json::to_value(&d).unwrap_or_default(), text))
                }
            }
        }
        Command::Imports { what } => {
            let ws = Workspace::open(workspace_path(cli)?, actor()?)?;
            match what {
                ImportsWhat::List => {
                    let runs = import::list_imports(&ws)?;
                    let lines: Vec<String> = runs
                        .iter()
                        .map(|r| {
                            let undone = r.undone_at.as_deref().map(|u| format!(" (undone {u})")).unwrap_or_default();
                            format!("{:>4}  {}  {} {} from {}: {} created, {} updated, {} rejected{undone}", r.id.0, r.at, r.kind, r.format, r.file, r.created, r.updated, r.rejected)
                        })
                        .collect();
                    Ok(Outcome::Done(json!({"imports": runs}), lines.join("\n")))
                }
                ImportsWhat::Undo { id } => {
                    let r = import::undo_import(&ws, import::ImportId(*id))?;
                    let text = format!("Undone: {} removed, {} restored, {} kept because other records use them.", r.removed, r.restored, r.kept_in_use);
                    Ok(Outcome::Done(serde_json::to_value(&r).unwrap_or_default(), text))
                }
            }
        }
        Command::Audit { what: AuditWhat::Export { format, out } } => {
            let ws = Workspace::open(workspace_path(cli)?, actor()?)?;
            let (fmt, name) = match format {
                ExportFormat::Csv => (AuditExportFormat::Csv, "csv"),
                ExportFormat::Json => (AuditExportFormat::Json, "json"),
            };
            let rows = workspace::export_audit(&ws, fmt, out)?;
            Ok(Outcome::Done(json!({"format": name, "rows": rows, "out": out.display().to_string()}), format!("Wrote {rows} audit entries to {}.", out.display())))
        }
    }
}

fn import_text(o: &import_file::ImportOutcome) -> String {
    let r = &o.report;
    let mut text = format!("Read {} rows: {} created, {} updated, {} rejected.", r.rows_read, r.created, r.updated, r.rejected);
    for e in &r.errors {
        text.push_str(&format!("\n  row {}{}: {}", e.row, e.column.as_deref().map(|c| format!(" ({c})")).unwrap_or_default(), e.message));
    }
    if let Some(events) = o.events {
        text.push_str(&format!("\n{events} events stored."));
    }
    text
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let print = |doc: &serde_json::Value, text: &str, to_err: bool| {
        if cli.json {
            println!("{doc}");
        } else if to_err {
            eprintln!("{text}");
        } else {
            println!("{text}");
        }
    };
    match run(&cli) {
        Ok(Outcome::Done(doc, text)) => {
            print(&doc, &text, false);
            ExitCode::SUCCESS
        }
        Ok(Outcome::Failed(doc, text)) => {
            if cli.json {
                eprintln!("{text}");
            }
            print(&doc, &text, true);
            ExitCode::from(1)
        }
        Err(e) => {
            let doc = json!({"error": {"kind": e.kind(), "message": e.to_string(), "row": e.row(), "field": e.field()}});
            if cli.json {
                println!("{doc}");
            }
            eprintln!("steward-cli: {e}");
            ExitCode::from(1)
        }
    }
}
