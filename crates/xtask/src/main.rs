//! cargo xtask: the project's own set-up, build, run, test and bench commands.
//!
//! Each command installs what is missing first (Debian packages through apt-get, with sudo
//! when not root; npm packages in ui/ with `npm ci`; tauri-driver with `cargo install`), so
//! the README's two commands work on a fresh Debian/Ubuntu machine with Rust and Node.
//! std only, so it compiles in seconds.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

/// What the app needs to build (the Tauri prerequisites on Debian 12 / Ubuntu 22.04+).
const BUILD_PACKAGES: &[&str] = &[
    "build-essential", "pkg-config", "curl", "wget", "file", "libssl-dev", "libwebkit2gtk-4.1-dev",
    "libsoup-3.0-dev", "libjavascriptcoregtk-4.1-dev", "libgtk-3-dev", "libayatana-appindicator3-dev",
    "librsvg2-dev", "libxdo-dev",
];
/// What the end-to-end tests need on top: a virtual display, screenshots, the WebKit driver.
const TEST_PACKAGES: &[&str] = &["xvfb", "xauth", "imagemagick", "x11-utils", "webkit2gtk-driver", "sqlite3"];
/// What the benchmark's baselines need.
const BENCH_PACKAGES: &[&str] = &["sqlite3"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).expect("repository root").to_path_buf()
}

fn say(msg: &str) {
    eprintln!("\x1b[1mxtask:\x1b[0m {msg}");
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{:?}", cmd).replace('"', "");
    say(&format!("$ {shown}"));
    let status = cmd.status().map_err(|e| format!("could not run {shown}: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{shown} failed ({status})")) }
}

fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(root());
    c
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

fn installed(pkg: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", pkg])
        .stderr(Stdio::null())
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
        .unwrap_or(false)
}

fn ensure_packages(pkgs: &[&str]) -> Result<(), String> {
    let missing: Vec<&str> = pkgs.iter().copied().filter(|p| !installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    if Command::new("apt-get").arg("--version").stdout(Stdio::null()).status().is_err() {
        return Err(format!("these system packages are missing and apt-get is not available: {}", missing.join(" ")));
    }
    say(&format!("installing system packages with apt-get: {}", missing.join(" ")));
    let sudo = if is_root() { vec![] } else { vec!["sudo"] };
    let apt = |args: &[&str]| {
        let mut all: Vec<&str> = sudo.clone();
        all.extend_from_slice(args);
        let mut c = Command::new(all[0]);
        c.args(&all[1..]).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut c)
    };
    apt(&["apt-get", "update", "-qq"])?;
    let mut args = vec!["apt-get", "install", "-y", "-qq", "--no-install-recommends"];
    args.extend(missing.iter().copied());
    apt(&args)
}

fn ensure_node() -> Result<(), String> {
    let out = Command::new("node").arg("--version").output().map_err(|_| "Node.js 20.19+ is needed (node was not found)".to_string())?;
    let v = String::from_utf8_lossy(&out.stdout).trim().trim_start_matches('v').to_string();
    let parts: Vec<u32> = v.split('.').filter_map(|p| p.parse().ok()).collect();
    // Vite 8 supports ^20.19, ^22.12 and >= 24.
    let ok = match parts.as_slice() {
        [20, minor, ..] => *minor >= 19,
        [22, minor, ..] => *minor >= 12,
        [major, ..] => *major >= 24,
        _ => false,
    };
    if ok { Ok(()) } else { Err(format!("Node.js 20.19+ or 22.12+ is needed; found {v}")) }
}

fn ui() -> PathBuf {
    root().join("ui")
}

fn npm(args: &[&str]) -> Result<(), String> {
    run(Command::new("npm").args(args).current_dir(ui()))
}

/// `npm ci` when node_modules is missing or older than the lock file.
fn ensure_npm_packages() -> Result<(), String> {
    ensure_node()?;
    let stamp = ui().join("node_modules/.package-lock.json");
    let lock = ui().join("package-lock.json");
    let mtime = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let fresh = matches!((mtime(&stamp), mtime(&lock)), (Some(s), Some(l)) if s >= l);
    if fresh { Ok(()) } else { npm(&["ci", "--no-audit", "--no-fund"]) }
}

fn build_ui() -> Result<(), String> {
    ensure_npm_packages()?;
    npm(&["run", "build"])
}

fn home_bin(name: &str) -> PathBuf {
    let cargo_home = std::env::var("CARGO_HOME").map(PathBuf::from).unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo"));
    cargo_home.join("bin").join(name)
}

fn ensure_tauri_driver() -> Result<PathBuf, String> {
    let bin = home_bin("tauri-driver");
    if !bin.exists() {
        say("installing tauri-driver from crates.io");
        run(cargo().args(["install", "tauri-driver", "--locked"]))?;
    }
    Ok(bin)
}

fn build_release() -> Result<PathBuf, String> {
    ensure_packages(BUILD_PACKAGES)?;
    build_ui()?;
    run(cargo().args(["build", "--release", "--features", "custom-protocol", "-p", "steward", "-p", "steward-cli"]))?;
    Ok(root().join("target/release/steward"))
}

/// A display for the real window: the caller's, or an Xvfb we start and stop.
struct Display {
    xvfb: Option<std::process::Child>,
    name: String,
}

impl Display {
    fn get() -> Result<Display, String> {
        if let Ok(d) = std::env::var("DISPLAY") {
            if !d.is_empty() {
                return Ok(Display { xvfb: None, name: d });
            }
        }
        let n = 90 + std::process::id() % 100;
        let name = format!(":{n}");
        say(&format!("no DISPLAY: starting Xvfb on {name}"));
        let child = Command::new("Xvfb")
            .args([&name, "-screen", "0", "1400x900x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("could not start Xvfb: {e}"))?;
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        for _ in 0..100 {
            if socket.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Ok(Display { xvfb: Some(child), name })
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        if let Some(c) = self.xvfb.as_mut() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

struct Step {
    name: &'static str,
    ok: bool,
    secs: f64,
    detail: String,
}

fn test() -> Result<(), String> {
    let started = Instant::now();
    ensure_packages(&[BUILD_PACKAGES, TEST_PACKAGES].concat())?;
    ensure_npm_packages()?;
    let driver = ensure_tauri_driver()?;

    let mut steps: Vec<Step> = Vec::new();
    let mut step = |name: &'static str, f: &mut dyn FnMut() -> Result<(), String>| {
        let t = Instant::now();
        say(&format!("── {name}"));
        let r = f();
        steps.push(Step { name, ok: r.is_ok(), secs: t.elapsed().as_secs_f64(), detail: r.err().unwrap_or_default() });
    };
    step("UI type-check (svelte-check)", &mut || npm(&["run", "check"]));
    step("UI unit tests (vitest)", &mut || npm(&["test"]));
    step("UI build", &mut || npm(&["run", "build"]));
    step("Rust: core unit, command-layer (mock runtime) and CLI tests", &mut || {
        run(cargo().args(["test", "--workspace", "--features", "custom-protocol"]))
    });
    step("End-to-end: the real window via tauri-driver", &mut || {
        let display = Display::get()?;
        let figures = root().join("target/e2e/figures.txt");
        let _ = std::fs::remove_file(&figures);
        let r = run(cargo()
            .args(["test", "--features", "custom-protocol e2e", "--test", "e2e", "--", "--test-threads=1"])
            .env("DISPLAY", &display.name)
            .env("TAURI_DRIVER", &driver));
        // Figures the window measures are reported, not asserted.
        if let Ok(text) = std::fs::read_to_string(&figures) {
            say(text.trim_end());
        }
        r
    });

    eprintln!();
    eprintln!("Summary ({:.0} s):", started.elapsed().as_secs_f64());
    for s in &steps {
        eprintln!("  {} {:<60} {:>6.1} s{}", if s.ok { "PASS" } else { "FAIL" }, s.name, s.secs, if s.ok { String::new() } else { format!("  ({})", s.detail) });
    }
    let passed = steps.iter().filter(|s| s.ok).count();
    let failed = steps.len() - passed;
    println!("xtask: {passed} passed, {failed} failed");
    if failed == 0 { Ok(()) } else { Err(format!("{failed} test step(s) failed")) }
}

fn bench(args: &[String]) -> Result<(), String> {
    ensure_packages(BENCH_PACKAGES)?;
    run(cargo().args(["build", "--release", "-p", "steward-bench"]))?;
    let mut c = Command::new(root().join("target/release/steward-bench"));
    c.args(args).current_dir(root());
    run(&mut c)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = || args.iter().skip(1).filter(|a| a.as_str() != "--").cloned().collect::<Vec<_>>();
    let result = match args.first().map(String::as_str) {
        Some("setup") => ensure_packages(&[BUILD_PACKAGES, TEST_PACKAGES].concat()).and_then(|_| ensure_npm_packages()).and_then(|_| ensure_tauri_driver().map(|_| ())),
        Some("build") => build_release().map(|p| say(&format!("built {}", p.display()))),
        Some("run") => build_release().and_then(|app| run(Command::new(app).args(rest()))),
        Some("test") => test(),
        Some("bench") => bench(&rest()),
        _ => {
            eprintln!("usage: cargo xtask <setup|build|run|test|bench> [args]\n\n  setup   install what is missing (system packages, npm packages, tauri-driver)\n  build   the release app with the UI embedded: target/release/steward (and steward-cli)\n  run     build, then open Steward (arguments after `--` go to the app, e.g. -- --workspace FILE)\n  test    every test: UI checks and unit tests, Rust unit/integration/CLI tests, end-to-end\n  bench   benchmarks against baselines measured in the same run [--only PREFIX,...] [--json]");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            say(&format!("error: {e}"));
            ExitCode::from(1)
        }
    }
}
