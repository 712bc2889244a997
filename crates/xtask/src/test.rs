//! `cargo xtask test [--quick]`: each step under a time limit of its own, printed with it; a
//! step past its limit is killed with everything it started and reported as timed out, and
//! the run goes on to the summary. At the end, nothing the run started may still be alive.

use std::time::{Duration, Instant};

use crate::display::Display;
use crate::setup::{self, npm, ui};
use crate::{cargo, minutes, procs, root, run, say};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// What CI runs: everything.
    Full,
    /// What a developer runs while working: UI type-check, core unit and command-layer tests.
    Quick,
}

const MIN: u64 = 60;

enum Outcome {
    Passed,
    Failed(String),
    Skipped,
}

struct Step {
    name: &'static str,
    limit: Duration,
    outcome: Outcome,
    secs: f64,
}

fn end_to_end(driver: &std::path::Path, limit: Duration) -> Result<(), String> {
    let display = Display::get()?;
    let figures = root().join("target/e2e/figures.txt");
    let _ = std::fs::remove_file(&figures);
    let r = run(
        cargo()
            .args(["test", "--features", "custom-protocol e2e", "--test", "e2e", "--", "--test-threads=1"])
            .env("DISPLAY", &display.name)
            .env("TAURI_DRIVER", driver),
        limit,
    );
    // Figures the window measures are reported, not asserted.
    if let Ok(text) = std::fs::read_to_string(&figures) {
        say(text.trim_end());
    }
    r
}

pub fn test(scope: Scope) -> Result<(), String> {
    let started = Instant::now();
    match scope {
        Scope::Full => setup::ensure_all()?,
        Scope::Quick => {
            setup::ensure_packages(setup::BUILD_PACKAGES)?;
            setup::ensure_npm_packages()?;
        }
    }
    let driver = if scope == Scope::Full { Some(setup::ensure_tauri_driver()?) } else { None };

    let mut steps: Vec<Step> = Vec::new();
    let mut step = |name: &'static str, limit_min: u64, f: &mut dyn FnMut(Duration) -> Result<(), String>| {
        let limit = Duration::from_secs(limit_min * MIN);
        if procs::interrupted() {
            steps.push(Step { name, limit, outcome: Outcome::Skipped, secs: 0.0 });
            return;
        }
        let t = Instant::now();
        say(&format!("── {name} (limit {})", minutes(limit)));
        let outcome = match f(limit) {
            Ok(()) => Outcome::Passed,
            Err(e) => Outcome::Failed(e),
        };
        steps.push(Step { name, limit, outcome, secs: t.elapsed().as_secs_f64() });
    };
    // The app embeds the built UI (`custom-protocol`), so the Rust tests need ui/dist.
    let ui_built = || ui().join("dist/index.html").exists();
    match scope {
        Scope::Full => {
            step("UI type-check (svelte-check)", 5, &mut |l| npm(&["run", "check"], l));
            step("UI unit tests (vitest)", 5, &mut |l| npm(&["test"], l));
            step("UI build", 5, &mut |l| npm(&["run", "build"], l));
            step("Rust: core unit, command-layer (mock runtime) and CLI tests", 45, &mut |l| {
                run(cargo().args(["test", "--workspace", "--features", "custom-protocol"]), l)
            });
            let driver = driver.clone().unwrap_or_default();
            step("End-to-end: the real window via tauri-driver", 30, &mut |l| end_to_end(&driver, l));
        }
        Scope::Quick => {
            step("UI type-check (svelte-check)", 5, &mut |l| npm(&["run", "check"], l));
            if !ui_built() {
                step("UI build (the app embeds it)", 5, &mut |l| npm(&["run", "build"], l));
            }
            step("Rust: core unit and command-layer (mock runtime) tests", 30, &mut |l| {
                run(cargo().args(["test", "--features", "custom-protocol", "-p", "steward-core", "-p", "steward"]), l)
            });
        }
    }

    // Nothing the run started may outlive it.
    let leaks = procs::leaks();
    let leak_step = Step {
        name: "Nothing left running (processes the run started)",
        limit: Duration::ZERO,
        outcome: if leaks.is_empty() {
            Outcome::Passed
        } else {
            Outcome::Failed(format!("{} still running, now killed: {}", leaks.len(), leaks.iter().map(|(pid, cmd)| format!("{pid} {cmd}")).collect::<Vec<_>>().join("; ")))
        },
        secs: 0.0,
    };
    steps.push(leak_step);

    eprintln!();
    eprintln!("Summary ({:.0} s{}):", started.elapsed().as_secs_f64(), if procs::interrupted() { ", interrupted" } else { "" });
    for s in &steps {
        let limit = if s.limit.is_zero() { String::new() } else { format!("limit {:>6}", minutes(s.limit)) };
        let (word, detail) = match &s.outcome {
            Outcome::Passed => ("PASS", String::new()),
            Outcome::Failed(e) => ("FAIL", format!("  ({e})")),
            Outcome::Skipped => ("SKIP", "  (interrupted before it started)".to_string()),
        };
        eprintln!("  {word} {:<60} {:>7.1} s  {limit}{detail}", s.name, s.secs);
    }
    let passed = steps.iter().filter(|s| matches!(s.outcome, Outcome::Passed)).count();
    let failed = steps.len() - passed;
    println!("xtask: {passed} passed, {failed} failed");
    if failed == 0 { Ok(()) } else { Err(format!("{failed} test step(s) failed or did not run")) }
}
