//! What the commands need installed: Debian packages (apt-get, through `sudo -n` when not
//! root), the UI's npm packages, tauri-driver. Only what is missing is installed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::{cargo, root, run, say};

/// What the app needs to build (the Tauri prerequisites on Debian 12 / Ubuntu 22.04+).
pub const BUILD_PACKAGES: &[&str] = &[
    "build-essential", "pkg-config", "curl", "wget", "file", "libssl-dev", "libwebkit2gtk-4.1-dev",
    "libsoup-3.0-dev", "libjavascriptcoregtk-4.1-dev", "libgtk-3-dev", "libayatana-appindicator3-dev",
    "librsvg2-dev", "libxdo-dev",
];
/// What the tests need on top: a virtual display, screenshots, the WebKit driver, and git
/// (the git import is checked against git itself).
pub const TEST_PACKAGES: &[&str] = &["poppler-utils", "xvfb", "xauth", "imagemagick", "x11-utils", "webkit2gtk-driver", "sqlite3", "git"];
/// What the benchmark's baselines need.
pub const BENCH_PACKAGES: &[&str] = &["sqlite3", "git"];

const APT_LIMIT: Duration = Duration::from_secs(20 * 60);
const NPM_LIMIT: Duration = Duration::from_secs(10 * 60);
/// tauri-cli is a large build: about 15 minutes on two cores.
const TOOL_LIMIT: Duration = Duration::from_secs(40 * 60);
const UI_BUILD_LIMIT: Duration = Duration::from_secs(5 * 60);

pub fn ensure_all() -> Result<(), String> {
    ensure_packages(&[BUILD_PACKAGES, TEST_PACKAGES].concat())?;
    ensure_npm_packages()?;
    ensure_tauri_driver().map(|_| ())
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

pub fn ensure_packages(pkgs: &[&str]) -> Result<(), String> {
    let missing: Vec<&str> = pkgs.iter().copied().filter(|p| !installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let list = missing.join(" ");
    say(&format!("installing system packages with apt-get: {list}"));
    apt_get(&["update", "-qq"], &list)?;
    let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
    args.extend(missing.iter().copied());
    apt_get(&args, &list)
}

/// apt-get with `args`, as root or through `sudo -n`; `what` names what it installs when it
/// cannot run.
pub fn apt_get(args: &[&str], what: &str) -> Result<(), String> {
    if Command::new("apt-get").arg("--version").stdout(Stdio::null()).status().is_err() {
        return Err(format!("apt-get is not available to install: {what}"));
    }
    // Never a password prompt that waits forever: sudo -n fails at once when it would ask.
    let sudo: &[&str] = if is_root() { &[] } else { &["sudo", "-n"] };
    if !sudo.is_empty() && !Command::new("sudo").args(["-n", "true"]).stderr(Stdio::null()).status().is_ok_and(|s| s.success()) {
        return Err(format!(
            "installing {what} needs root, and sudo would ask for a password; run it yourself:\n  sudo apt-get {}",
            args.join(" ")
        ));
    }
    let all: Vec<&str> = sudo.iter().copied().chain(std::iter::once("apt-get")).chain(args.iter().copied()).collect();
    let mut c = Command::new(all[0]);
    c.args(&all[1..]).env("DEBIAN_FRONTEND", "noninteractive").stdin(Stdio::null());
    run(&mut c, APT_LIMIT)
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

pub fn ui() -> PathBuf {
    root().join("ui")
}

pub fn npm(args: &[&str], limit: Duration) -> Result<(), String> {
    run(Command::new("npm").args(args).current_dir(ui()).stdin(Stdio::null()), limit)
}

/// `npm ci` when node_modules is missing or older than the lock file.
pub fn ensure_npm_packages() -> Result<(), String> {
    ensure_node()?;
    let stamp = ui().join("node_modules/.package-lock.json");
    let lock = ui().join("package-lock.json");
    let mtime = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let fresh = matches!((mtime(&stamp), mtime(&lock)), (Some(s), Some(l)) if s >= l);
    if fresh { Ok(()) } else { npm(&["ci", "--no-audit", "--no-fund"], NPM_LIMIT) }
}

pub fn build_ui() -> Result<(), String> {
    ensure_npm_packages()?;
    npm(&["run", "build"], UI_BUILD_LIMIT)
}

fn home_bin(name: &str) -> PathBuf {
    let cargo_home = std::env::var("CARGO_HOME").map(PathBuf::from).unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo"));
    cargo_home.join("bin").join(name)
}

pub fn ensure_tauri_driver() -> Result<PathBuf, String> {
    ensure_cargo_tool("tauri-driver", "tauri-driver", None)
}

/// Tauri's own command line (its bundler makes the installers), the major version the app is
/// built with.
pub fn ensure_tauri_cli() -> Result<PathBuf, String> {
    ensure_cargo_tool("tauri-cli", "cargo-tauri", Some("^2"))
}

fn ensure_cargo_tool(krate: &str, bin_name: &str, version: Option<&str>) -> Result<PathBuf, String> {
    let bin = home_bin(bin_name);
    if !bin.exists() {
        say(&format!("installing {krate} from crates.io"));
        let mut c = cargo();
        c.args(["install", krate, "--locked"]);
        if let Some(v) = version {
            c.args(["--version", v]);
        }
        run(&mut c, TOOL_LIMIT)?;
    }
    Ok(bin)
}
