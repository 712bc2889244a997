//! cargo xtask: the project's own set-up, build, run, test and bench commands.
//!
//! Each command installs what is missing first (Debian packages through apt-get, with sudo
//! when not root; npm packages in ui/ with `npm ci`; tauri-driver with `cargo install`), so
//! the README's two commands work on a fresh Debian/Ubuntu machine with Rust and Node.
//! Every command it runs has a time limit and takes what it started with it (`procs`).
//! std and libc only, so it compiles in seconds.

mod bundle;
mod display;
mod procs;
mod setup;
mod test;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use procs::Ended;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).expect("repository root").to_path_buf()
}

fn say(msg: &str) {
    eprintln!("\x1b[1mxtask:\x1b[0m {msg}");
}

fn minutes(d: Duration) -> String {
    let s = d.as_secs();
    if s % 60 == 0 { format!("{} min", s / 60) } else { format!("{s} s") }
}

/// Runs `cmd` for at most `limit`, in its own process group: past the limit, or when xtask
/// is interrupted, it is killed with everything it started.
fn run(cmd: &mut Command, limit: Duration) -> Result<(), String> {
    let shown = format!("{:?}", cmd).replace('"', "");
    say(&format!("$ {shown}  (limit {})", minutes(limit)));
    match procs::run_limited(cmd, limit).map_err(|e| format!("could not run {shown}: {e}"))? {
        Ended::Exited(status) if status.success() => Ok(()),
        Ended::Exited(status) => Err(format!("{shown} failed ({status})")),
        Ended::TimedOut(limit) => Err(format!("{shown} timed out after {} and was killed with everything it started", minutes(limit))),
        Ended::Interrupted => Err(format!("{shown} was interrupted")),
    }
}

fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(root());
    c
}

pub const BUILD_LIMIT: Duration = Duration::from_secs(45 * 60);

fn build_release() -> Result<PathBuf, String> {
    setup::ensure_packages(setup::BUILD_PACKAGES)?;
    setup::build_ui()?;
    run(cargo().args(["build", "--release", "--features", "custom-protocol", "-p", "steward", "-p", "steward-cli"]), BUILD_LIMIT)?;
    Ok(root().join("target/release/steward"))
}

fn bench(args: &[String]) -> Result<(), String> {
    setup::ensure_packages(setup::BENCH_PACKAGES)?;
    run(cargo().args(["build", "--release", "-p", "steward-bench"]), BUILD_LIMIT)?;
    let mut c = Command::new(root().join("target/release/steward-bench"));
    c.args(args).current_dir(root());
    run(&mut c, Duration::from_secs(60 * 60))
}

/// The app in the foreground: no time limit, and Ctrl+C ends it as usual.
fn run_app(app: PathBuf, args: Vec<String>) -> Result<(), String> {
    let status = Command::new(&app).args(args).status().map_err(|e| format!("could not start {}: {e}", app.display()))?;
    if status.success() { Ok(()) } else { Err(format!("Steward exited with {status}")) }
}

const USAGE: &str = "usage: cargo xtask <setup|build|run|test|bench> [args]

  setup         install what is missing (system packages, npm packages, tauri-driver)
  build         the release app with the UI embedded: target/release/steward (and steward-cli)
  build --bundle  the installers made here (.deb and .rpm) in target/release/bundle/
                (installs tauri-cli from crates.io the first time)
  run           build, then open Steward (arguments after `--` go to the app, e.g. -- --workspace FILE)
  test          every test: UI checks and unit tests, Rust unit/command-layer/CLI tests,
                end-to-end in the real window; what CI runs
  test --quick  while working: UI type-check, core unit tests, command-layer tests
                (no CLI or end-to-end tests), a few minutes on a warm build
  test --install  builds the installers, installs the .deb with apt-get (as root or
                through sudo -n), starts it in a window and checks it comes up
  bench         benchmarks against baselines measured in the same run [--only PREFIX,...] [--json]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = || args.iter().skip(1).filter(|a| a.as_str() != "--").cloned().collect::<Vec<_>>();
    let command = args.first().map(String::as_str);
    if command != Some("run") {
        procs::catch_interrupts();
    }
    let result = match command {
        Some("setup") => setup::ensure_all(),
        Some("build") => match rest().as_slice() {
            [] => build_release().map(|p| say(&format!("built {}", p.display()))),
            [b] if b == "--bundle" => bundle::installers().map(|made| made.iter().for_each(|p| say(&format!("installer: {}", p.display())))),
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        },
        Some("run") => build_release().and_then(|app| run_app(app, rest())),
        Some("test") => match rest().as_slice() {
            [] => test::test(test::Scope::Full),
            [q] if q == "--quick" => test::test(test::Scope::Quick),
            [i] if i == "--install" => bundle::install_check(),
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        },
        Some("bench") => bench(&rest()),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            say(&format!("error: {e}"));
            ExitCode::from(if procs::interrupted() { 130 } else { 1 })
        }
    }
}
