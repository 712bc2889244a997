//! steward-cli: the headless adapter over steward-core, implementing the command-line
//! contract (`shared/contracts/cli.md`). One module per subcommand group parses its
//! arguments, calls the core and says the result; exit codes are chosen only in `main`.

mod assessments;
mod changes;
mod charts;
mod cis;
mod common;
mod cvss;
mod deployments;
mod evidence;
mod export;
mod files;
mod finance;
mod imports;
mod incidents;
mod relationship;
mod requests;
mod sla;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde_json::json;
use steward_core::CoreError;

use common::Outcome;

#[derive(Parser)]
#[command(
    name = "steward-cli",
    version,
    about = "Steward, headless: workspace files, imports, reports",
    after_help = "An encrypted workspace's password is read from STEWARD_PASSWORD and a sealed key's passphrase from STEWARD_KEY_PASSPHRASE, or asked at the terminal; never give them as arguments."
)]
pub struct Cli {
    /// The workspace file (*.steward).
    #[arg(long, global = true, value_name = "PATH")]
    pub workspace: Option<PathBuf>,
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
        /// Encrypt it with a password (STEWARD_PASSWORD, or asked at the terminal).
        #[arg(long)]
        encrypted: bool,
    },
    /// Encrypt the workspace in place with a password (STEWARD_PASSWORD, or asked).
    Encrypt,
    /// Write a copy of an encrypted workspace in clear, on purpose (the trail records it).
    CopyInClear {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Verify the file's integrity and the audit chain (exit 0 only when both are ok).
    Check {
        /// The head noted earlier (COUNT:HASH, as check prints it): the chain must still
        /// reach it unchanged.
        #[arg(long, value_name = "COUNT:HASH")]
        expect_head: Option<String>,
    },
    /// Write a consistent copy of the workspace.
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Replace the workspace with a backup (the current file is kept beside it).
    Restore {
        file: PathBuf,
        /// Restore a backup whose audit trail is broken (the restore records where it breaks).
        #[arg(long)]
        accept_broken_chain: bool,
    },
    /// Import records from a file.
    Import {
        #[command(subcommand)]
        what: imports::ImportWhat,
    },
    /// Incident figures, records and search.
    Incidents {
        #[command(subcommand)]
        what: incidents::IncidentsWhat,
    },
    /// Service levels: evaluate SLA clocks on business calendars.
    Sla {
        #[command(subcommand)]
        what: sla::SlaWhat,
    },
    /// Change control: collisions, a change, the calendar, figures.
    Changes {
        #[command(subcommand)]
        what: changes::ChangesWhat,
    },
    /// CVSS vectors (no workspace needed).
    Cvss {
        #[command(subcommand)]
        what: cvss::CvssWhat,
    },
    /// Charts, drawn by the same renderer the window shows.
    Chart {
        #[command(subcommand)]
        what: charts::ChartWhat,
    },
    /// Service requests: list and show.
    Requests {
        #[command(subcommand)]
        what: requests::RequestsWhat,
    },
    /// Capability assessments: plan, answer, show, compare.
    Assessments {
        #[command(subcommand)]
        what: assessments::AssessmentsWhat,
    },
    /// The DORA figures over deployments in a date range.
    Dora(deployments::DoraArgs),
    /// Configuration items: the end-of-life radar.
    Cis {
        #[command(subcommand)]
        what: cis::CisWhat,
    },
    /// Hosts an nmap scan proposed as CIs: list, accept.
    Discoveries {
        #[command(subcommand)]
        what: cis::DiscoveriesWhat,
    },
    /// CSAT and NPS per service (or per month) from the surveys imported.
    Satisfaction {
        #[arg(long, default_value = "service", value_parser = ["service", "month"])]
        by: String,
    },
    /// Service financial management: the allocation of the ledger to services.
    Finance {
        #[command(subcommand)]
        what: finance::FinanceWhat,
    },
    /// Export records to a file.
    Export {
        #[command(subcommand)]
        what: export::ExportWhat,
    },
    /// The import history: list imports, undo one as a whole.
    Imports {
        #[command(subcommand)]
        what: imports::ImportsWhat,
    },
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        what: export::AuditWhat,
    },
    /// The engagement report (HTML).
    Report {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Sections, comma-separated (dashboard, risks, service_levels, problems,
        /// improvement, assessment, costs, appendix); every one by default.
        #[arg(long, value_name = "a,b,...")]
        sections: Option<String>,
    },
    /// Make an Ed25519 key pair for signing evidence bundles.
    Keygen {
        #[arg(long, value_name = "KEYFILE")]
        out: PathBuf,
        /// Seal the private key with a passphrase (STEWARD_KEY_PASSPHRASE, or asked).
        #[arg(long)]
        sealed: bool,
    },
    /// Signed evidence bundles: create, verify.
    Bundle {
        #[command(subcommand)]
        what: evidence::BundleWhat,
    },
}

fn run(cli: &Cli) -> Result<Outcome, CoreError> {
    match &cli.command {
        Command::Init { demo, encrypted } => files::init(cli, *demo, *encrypted),
        Command::Encrypt => files::encrypt(cli),
        Command::CopyInClear { out } => files::copy_in_clear(cli, out),
        Command::Check { expect_head } => files::check(cli, expect_head.as_deref()),
        Command::Backup { out } => files::backup(cli, out),
        Command::Restore { file, accept_broken_chain } => files::restore(cli, file, *accept_broken_chain),
        Command::Import { what } => imports::run(cli, what),
        Command::Imports { what } => imports::history(cli, what),
        Command::Incidents { what } => incidents::run(cli, what),
        Command::Requests { what } => requests::run(cli, what),
        Command::Sla { what } => sla::run(cli, what),
        Command::Changes { what } => changes::run(cli, what),
        Command::Cvss { what } => cvss::run(what),
        Command::Chart { what } => charts::run(cli, what),
        Command::Assessments { what } => assessments::run(cli, what),
        Command::Dora(a) => deployments::dora(cli, a),
        Command::Cis { what } => cis::run(cli, what),
        Command::Discoveries { what } => cis::discoveries(cli, what),
        Command::Finance { what } => finance::run(cli, what),
        Command::Satisfaction { by } => relationship::satisfaction(cli, by),
        Command::Export { what } => export::run(cli, what),
        Command::Audit { what } => export::audit(cli, what),
        Command::Report { out, sections } => evidence::report(cli, out, sections.as_deref()),
        Command::Keygen { out, sealed } => evidence::keygen(out, *sealed),
        Command::Bundle { what } => evidence::run(cli, what),
    }
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
            eprintln!("steward-cli: {}", common::printable(&e.to_string()));
            ExitCode::from(1)
        }
    }
}
