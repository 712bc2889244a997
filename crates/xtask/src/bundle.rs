//! `cargo xtask build --bundle`: the installers Tauri's bundler makes offline on this system,
//! and `cargo xtask test --install`: the .deb installed with apt-get and started in a window.
//!
//! On Linux that is .deb and .rpm. An AppImage needs linuxdeploy and its plugins, which
//! Tauri downloads from GitHub: not from a package registry, so not here. Windows (.msi,
//! NSIS) and macOS (.app, .dmg) installers are made on those systems by the same
//! `cargo tauri build`, from the same `tauri.conf.json` and `icons/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use crate::display::Display;
use crate::{procs, root, run, say, setup, BUILD_LIMIT};

/// The bundle formats made here, as `cargo tauri build --bundles` names them.
const FORMATS: &[&str] = &["deb", "rpm"];
/// What the install check needs on top of the build: a display, a window lister, a
/// screenshot, and rpm to read the .rpm it cannot install on Debian.
const CHECK_PACKAGES: &[&str] = &["xvfb", "xauth", "x11-utils", "imagemagick", "rpm"];
const WINDOW_BUDGET: Duration = Duration::from_secs(60);

/// Builds the release app and its installers; returns each installer's path.
pub fn installers() -> Result<Vec<PathBuf>, String> {
    setup::ensure_packages(setup::BUILD_PACKAGES)?;
    setup::build_ui()?;
    let tauri = setup::ensure_tauri_cli()?;
    let started = SystemTime::now();
    // The UI is built above (the config's beforeBuildCommand is empty); tauri build turns on
    // `custom-protocol`, so the app embeds it.
    run(Command::new(tauri).args(["tauri", "build", "--ci", "--bundles", &FORMATS.join(",")]).current_dir(root()), BUILD_LIMIT)?;
    let mut made = Vec::new();
    for format in FORMATS {
        let dir = root().join("target/release/bundle").join(format);
        let fresh = newest_in(&dir, format, started).ok_or_else(|| format!("the bundler reported success but wrote no .{format} in {}", dir.display()))?;
        made.push(fresh);
    }
    Ok(made)
}

/// The newest `*.ext` in `dir` written since `since` (older builds may lie beside it).
fn newest_in(dir: &Path, ext: &str, since: SystemTime) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == ext))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .filter(|(t, _)| *t >= since)
        .max()
        .map(|(_, p)| p)
}

/// Output of a command that must succeed.
fn output(cmd: &mut Command) -> Result<String, String> {
    let shown = format!("{cmd:?}").replace('"', "");
    let out = cmd.stdin(Stdio::null()).output().map_err(|e| format!("could not run {shown}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{shown} failed ({}): {}", out.status, String::from_utf8_lossy(&out.stderr).trim()));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// What an installed Steward must have put on the system, from the package's file list.
fn check_files(list: &str, from: &str) -> Result<(), String> {
    let files: Vec<&str> = list.lines().map(str::trim).collect();
    let wanted: [(&str, &dyn Fn(&str) -> bool); 3] = [
        ("the program /usr/bin/steward", &|f| f == "/usr/bin/steward"),
        ("a menu entry in /usr/share/applications", &|f| f.starts_with("/usr/share/applications/") && f.ends_with(".desktop")),
        ("an icon in /usr/share/icons/hicolor", &|f| f.starts_with("/usr/share/icons/hicolor/") && f.ends_with(".png")),
    ];
    for (what, is) in wanted {
        if !files.iter().any(|f| is(f)) {
            return Err(format!("{from} has no {what}; it lists:\n{list}"));
        }
    }
    Ok(())
}

/// The .deb installed with apt-get (which brings WebKitGTK and GTK from Debian), its files
/// checked, the installed program started on a new workspace in a real window, the window
/// seen and photographed (`target/install/steward.png`); the .rpm's file list read.
pub fn install_check() -> Result<(), String> {
    let made = installers()?;
    setup::ensure_packages(CHECK_PACKAGES)?;
    let pick = |ext: &str| made.iter().find(|p| p.extension().is_some_and(|x| x == ext)).cloned().ok_or_else(|| format!("no .{ext} was made"));
    let (deb, rpm) = (pick("deb")?, pick("rpm")?);

    let package = output(Command::new("dpkg-deb").args(["--field"]).arg(&deb).arg("Package"))?.trim().to_string();
    say(&format!("installing {} (package {package}) with apt-get", deb.display()));
    apt_install(&deb)?;
    check_files(&output(Command::new("dpkg").args(["-L", &package]))?, &format!("the installed package {package}"))?;
    check_files(&output(Command::new("rpm").args(["-qpl"]).arg(&rpm))?, &rpm.display().to_string())?;
    say("the installed files are there: /usr/bin/steward, its menu entry and icons (and the .rpm lists the same)");

    start_installed(Path::new("/usr/bin/steward"))
}

fn apt_install(deb: &Path) -> Result<(), String> {
    // A path (not a name) makes apt-get install the file and resolve its Depends from Debian.
    let path = deb.canonicalize().map_err(|e| format!("{}: {e}", deb.display()))?;
    let path = path.to_str().ok_or("the .deb's path is not UTF-8")?;
    setup::apt_get(&["update", "-qq"], path)?;
    setup::apt_get(&["install", "-y", "-qq", "--no-install-recommends", path], path)
}

/// Starts `program` as a new user would (empty home: first start), waits for its window,
/// takes a screenshot, and checks it is still running before ending it.
fn start_installed(program: &Path) -> Result<(), String> {
    let display = Display::get()?;
    let home = root().join("target/install/home");
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).map_err(|e| format!("{}: {e}", home.display()))?;
    let workspace = home.join("first.steward");
    let mut app = procs::spawn_marked(
        Command::new(program)
            .arg("--workspace")
            .arg(&workspace)
            .env("DISPLAY", &display.name)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    )
    .map_err(|e| format!("could not start {}: {e}", program.display()))?;
    let seen = wait_for_window(&display.name, &mut app);
    let shot = root().join("target/install/steward.png");
    let photographed = seen.as_ref().ok().map(|_| output(Command::new("import").args(["-display", &display.name, "-window", "root"]).arg(&shot)));
    let alive = matches!(app.try_wait(), Ok(None));
    procs::kill_group(app.id() as libc::pid_t);
    let _ = app.wait();
    seen?;
    if let Some(p) = photographed {
        p?;
        say(&format!("screenshot of the installed app's first window: {}", shot.display()));
    }
    if !alive {
        return Err("the installed Steward ended by itself after its window came up".into());
    }
    Ok(())
}

/// Waits until a top-level window titled "Steward" exists on `display`.
fn wait_for_window(display: &str, app: &mut std::process::Child) -> Result<(), String> {
    let deadline = Instant::now() + WINDOW_BUDGET;
    loop {
        if let Ok(Some(status)) = app.try_wait() {
            return Err(format!("the installed Steward exited ({status}) before its window came up"));
        }
        let tree = output(Command::new("xwininfo").args(["-display", display, "-root", "-tree"])).unwrap_or_default();
        if tree.lines().any(|l| l.contains("\"Steward\"")) {
            say("the installed Steward's window is up");
            // The page inside it loads after the window maps.
            std::thread::sleep(Duration::from_secs(3));
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("no window titled Steward within {} s", WINDOW_BUDGET.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(300));
    }
}
