//! steward-bench: generates deterministic workspaces and measures Steward's core against
//! baselines taken in the same run (naive SQL, the sqlite3 shell). Run it through
//! `cargo xtask bench [--only PREFIX[,PREFIX...]] [--json]`.

mod assessments;
mod audit;
mod bundle;
mod changes;
mod deployments;
mod cis;
mod estate;
mod finance;
mod gen;
mod incidents;
mod measure;
mod report;
mod risks;

use std::process::ExitCode;

use serde_json::json;

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("model name")).and_then(|l| l.split(':').nth(1)).map(|s| s.trim().to_string()))
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let mem_gb = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| s.lines().next().and_then(|l| l.split_whitespace().nth(1)).and_then(|k| k.parse::<f64>().ok()))
        .map(|kb| kb / 1024.0 / 1024.0)
        .unwrap_or(0.0);
    format!("{cpu}, {cores} cores, {mem_gb:.0} GiB, {} {}", std::env::consts::OS, std::env::consts::ARCH)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child-import") {
        return match (args.get(1), args.get(2)) {
            (Some(ws), Some(file)) => match incidents::child_import(std::path::Path::new(ws), std::path::Path::new(file)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(1)
                }
            },
            _ => ExitCode::from(2),
        };
    }
    let json_out = args.iter().any(|a| a == "--json");
    let only: Vec<String> = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .map(|s| s.split(',').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    let wanted = |name: &str| only.is_empty() || only.iter().any(|p| name.starts_with(p.as_str()));
    // Whether anything under `name` is asked for: `--only` names it or all of it ("sla",
    // "sla.", "sla.clocks" all ask for the group "sla.").
    let asked = |name: &str| wanted(name) || only.iter().any(|p| p.starts_with(name));

    let dir = std::path::Path::new("target/bench");
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("bench: cannot create {}: {e}", dir.display());
        return ExitCode::from(1);
    }
    let mut results = Vec::new();
    if asked("cis.") {
        match cis::run(dir, &asked) {
            Ok(r) => results.extend(r.into_iter().filter(|f| wanted(&f.name) || f.name == "cis.generate")),
            Err(e) => {
                eprintln!("bench: the CI benchmark failed: {e}");
                return ExitCode::from(1);
            }
        }
    }
    // The SLA figures run on the incident benchmark's million incidents.
    if asked("incidents.") || asked("sla.") || asked("problems.") || asked("improvement.") {
        match incidents::run(dir, &asked) {
            Ok(r) => results.extend(r.into_iter().filter(|f| wanted(&f.name) || f.name.ends_with(".generate"))),
            Err(e) => {
                eprintln!("bench: the incident benchmark failed: {e}");
                return ExitCode::from(1);
            }
        }
    }
    if asked("changes.") {
        match changes::run(dir) {
            Ok(r) => results.extend(r.into_iter().filter(|f| wanted(&f.name))),
            Err(e) => {
                eprintln!("bench: the change benchmark failed: {e}");
                return ExitCode::from(1);
            }
        }
    }
    if asked("assessments.") {
        match assessments::run(dir) {
            Ok(r) => results.extend(r.into_iter().filter(|f| wanted(&f.name))),
            Err(e) => {
                eprintln!("bench: the assessment benchmark failed: {e}");
                return ExitCode::from(1);
            }
        }
    }
    if asked("dora.") || asked("deployments.") {
        match deployments::run(dir, &asked) {
            Ok(r) => results.extend(r.into_iter().filter(|f| wanted(&f.name))),
            Err(e) => {
                eprintln!("bench: the deployment benchmark failed: {e}");
                return ExitCode::from(1);
            }
        }
    }
    if asked("sbom.") || asked("discovery.") {
        match estate::run(dir, &wanted) {
            Ok(r) => results.extend(r),
            Err(e) => {
                eprintln!("bench: the SBOM and discovery benchmark failed: {e}");
                return ExitCode::from(1);
            }
        }
    }
    if asked("finance.") || asked("relationship.") {
        match finance::run(dir, &wanted) {
            Ok(r) => results.extend(r),
            Err(e) => {
                eprintln!("bench: the finance benchmark failed: {e}");
                return ExitCode::from(1);
            }
        }
    }
    if asked("bundle.") {
        match bundle::run(dir) {
            Ok(r) => results.extend(r),
            Err(e) => {
                eprintln!("bench: the bundle benchmark failed: {e}");
                return ExitCode::from(1);
            }
        }
    }
    if asked("report.") {
        match report::run(dir) {
            Ok(r) => results.extend(r),
            Err(e) => {
                eprintln!("bench: the report benchmark failed: {e}");
                return ExitCode::from(1);
            }
        }
    }
    if asked("audit.") {
        match audit::run(dir) {
            Ok(r) => results.extend(r.into_iter().filter(|f| wanted(&f.name))),
            Err(e) => {
                eprintln!("bench: the audit benchmark failed: {e}");
                return ExitCode::from(1);
            }
        }
    }
    if asked("risks.") {
        match risks::run(dir, &asked) {
            Ok(r) => results.extend(r.into_iter().filter(|f| wanted(&f.name))),
            Err(e) => {
                eprintln!("bench: the risk benchmark failed: {e}");
                return ExitCode::from(1);
            }
        }
    }
    if json_out {
        println!("{}", json!({"machine": machine(), "results": results}));
    } else {
        println!("{}", machine());
        println!("{:<24} {:>12} {:>12}  {:<34} {:>9}  target", "name", "value", "baseline", "baseline is", "ratio");
        for f in &results {
            println!(
                "{:<24} {:>9.3} {:<2} {:>12}  {:<34} {:>9}  {}",
                f.name,
                f.value,
                f.unit,
                f.baseline_value.map(|v| format!("{v:.3}")).unwrap_or_else(|| "-".into()),
                f.baseline.clone().unwrap_or_default(),
                f.ratio.map(|r| format!("{r:.4}x")).unwrap_or_else(|| "-".into()),
                f.target
            );
        }
    }
    ExitCode::SUCCESS
}
