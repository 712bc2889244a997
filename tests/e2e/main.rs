//! End-to-end journeys through the real Steward window: tauri-driver + WebKitWebDriver,
//! under the X display `cargo xtask test` provides (Xvfb when there is none).
//!
//! Screenshots go to target/e2e/. Run one test at a time: one WebDriver session at once.

mod webdriver;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use webdriver::Session;

struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn driver(env: &[(&str, &std::path::Path)]) -> Driver {
    let bin = std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into());
    static NEXT: std::sync::atomic::AtomicU16 = std::sync::atomic::AtomicU16::new(0);
    let port = 4444 + (std::process::id() % 400) as u16 * 2 + NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst) * 900;
    let mut cmd = Command::new(&bin);
    cmd.args(["--port", &port.to_string(), "--native-port", &(port + 1000).to_string(), "--native-driver", "/usr/bin/WebKitWebDriver"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = cmd.spawn().unwrap_or_else(|e| panic!("could not start {bin}: {e}"));
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..50 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Driver { child, url }
}

/// The app under test: the binary cargo built beside this test (with the UI embedded when
/// the `custom-protocol` feature is on, as `cargo xtask test` does), or STEWARD_E2E_APP.
fn app() -> String {
    std::env::var("STEWARD_E2E_APP").unwrap_or_else(|_| env!("CARGO_BIN_EXE_steward").to_string())
}

/// The names of the X windows on the display, as the window manager would show them.
fn native_window_titles() -> Vec<String> {
    let out = Command::new("xwininfo").args(["-root", "-tree"]).output().expect("xwininfo (x11-utils)");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let start = l.find('"')? + 1;
            let end = start + l[start..].find('"')?;
            Some(l[start..end].to_string())
        })
        .collect()
}

const MARKUP_NAME: &str = "<img src=x onerror=alert(1)> Payroll";

#[test]
fn create_and_link_a_service_and_a_ci_then_find_them_after_a_restart() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    let data = home.path().join("data");
    let ws = home.path().join("engagement.steward");
    let ws_arg = ws.to_str().unwrap();
    let d = driver(&[("XDG_CONFIG_HOME", &config), ("XDG_DATA_HOME", &data)]);

    // First run: say who I am, start empty, create a service and a CI, link them.
    let s = Session::start(&d.url, &app(), &["--workspace", ws_arg]);
    s.wait("[data-testid=identity-name]").type_text("Erin Endtoend");
    s.wait("[data-testid=identity-save]").click();
    s.screenshot("00-first-start");
    s.wait("[data-testid=start-empty]").click();
    s.wait_text("[data-testid=workspace-name]", "engagement");
    assert_eq!(s.title(), "Steward — engagement");
    assert!(native_window_titles().iter().any(|t| t == "Steward — engagement"), "window titles: {:?}", native_window_titles());

    s.wait("[data-testid=nav-services]").click();
    s.wait("[data-testid=new-service]").click();
    // Bad input is shown next to the field it concerns.
    s.wait("[data-testid=save]").click();
    s.wait_text("[data-testid=field-error]", "cannot be empty");
    s.screenshot("01-validation-error");
    s.wait("[data-testid=service-name]").type_text(MARKUP_NAME);
    s.wait("[data-testid=save]").click();
    s.wait_text("[data-testid=record-title]", "Payroll");
    assert_eq!(s.wait("[data-testid=record-title]").text(), MARKUP_NAME, "markup must show as text");
    assert_eq!(s.script("return document.querySelectorAll('img').length"), 0, "user text became an element");

    s.wait("[data-testid=nav-cis]").click();
    s.wait("[data-testid=new-ci]").click();
    s.wait("[data-testid=ci-name]").type_text("db-payroll-01");
    s.wait("[data-testid=save]").click();
    s.wait_text("[data-testid=record-title]", "db-payroll-01");

    s.wait("[data-testid=nav-services]").click();
    s.wait_text("[data-testid=list-row]", "Payroll").click();
    s.wait_text("[data-testid=record-title]", "Payroll");
    s.wait("[data-testid=picker-input]").type_text("db-payroll");
    s.wait_text("[data-testid=picker-option]", "db-payroll-01").click();
    s.wait("[data-testid=add-link]").click();
    s.wait_text("[data-testid=link-row]", "db-payroll-01");
    s.screenshot("02-service-linked");
    s.end();

    // Second run: the same workspace opens straight away and still holds both, linked.
    let s = Session::start(&d.url, &app(), &["--workspace", ws_arg]);
    s.wait_text("[data-testid=workspace-name]", "engagement");
    s.screenshot("03-home-after-restart");
    s.wait("[data-testid=nav-cis]").click();
    s.wait_text("[data-testid=list-row]", "db-payroll-01").click();
    s.wait_text("[data-testid=link-row]", "Payroll");
    s.wait_text("[data-testid=history]", "created by Erin Endtoend");
    s.wait_text("[data-testid=impact]", "1 record affected");
    s.screenshot("04-ci-after-restart");
    s.wait("[data-testid=nav-services]").click();
    s.wait_text("[data-testid=list-row]", "Payroll").click();
    s.wait_text("[data-testid=link-row]", "db-payroll-01");
    assert_eq!(s.wait("[data-testid=record-title]").text(), MARKUP_NAME);
    s.end();
}

#[test]
fn the_demo_engagement_opens_with_its_summary_and_search() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    let data = home.path().join("data");
    let d = driver(&[("XDG_CONFIG_HOME", &config), ("XDG_DATA_HOME", &data)]);
    // No --workspace: the default workspace in the app-data folder.
    let s = Session::start(&d.url, &app(), &[]);
    s.wait("[data-testid=identity-name]").type_text("Dana Demo");
    s.wait("[data-testid=identity-save]").click();
    s.wait("[data-testid=start-demo]").click();
    s.wait_text("[data-testid=workspace-name]", "Harbourside");
    let services: u32 = s.wait("[data-testid=count-services]").text().parse().unwrap();
    assert!(services >= 8);
    s.screenshot("05-demo-home");
    s.wait("[data-testid=search]").type_text("postgres");
    s.wait_text("[data-testid=search-hit]", "pg-portal-01").click();
    s.wait_text("[data-testid=record-title]", "pg-portal-01");
    s.wait_text("[data-testid=impact]", "Customer Shipment Portal");
    s.screenshot("06-demo-ci-impact");
    s.wait("[data-testid=nav-cis]").click();
    s.wait("[data-testid=list-row]");
    s.screenshot("07-demo-ci-list");
    s.end();
    assert!(data.join("org.steward.workbench/default.steward").exists(), "the default workspace lives in the app-data folder");
}

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const CTRL: &str = "\u{E009}";
const ALT: &str = "\u{E00A}";

#[test]
fn a_desk_agent_logs_and_resolves_an_incident_with_the_keyboard_only() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    let data = home.path().join("data");
    let ws = home.path().join("desk.steward");
    let d = driver(&[("XDG_CONFIG_HOME", &config), ("XDG_DATA_HOME", &data)]);
    let s = Session::start(&d.url, &app(), &["--workspace", ws.to_str().unwrap()]);
    s.wait("[data-testid=identity-name]").type_text("Kim Keyboard");
    s.wait("[data-testid=identity-save]").click();
    s.wait("[data-testid=start-empty]").click();
    s.wait("[data-testid=nav-incidents]").click();
    s.wait("[data-testid=queue-open]");

    // n opens a new incident with the cursor in the title.
    s.keys("n");
    s.wait("[data-testid=incident-title]");
    std::thread::sleep(Duration::from_millis(300));
    s.keys("Payroll export hangs at 90%");
    // Tab to impact and pick "1 - High" by typing; urgency stays 2 - Medium.
    s.keys(&format!("{TAB}1"));
    s.wait_text("[data-testid=computed-priority]", "P2");
    s.screenshot("08-incident-keyboard-form");
    s.keys(&format!("{CTRL}{ENTER}{CTRL}"));
    s.wait_text("[data-testid=record-title]", "INC0000001 Payroll export hangs at 90%");
    s.wait_text("[data-testid=incident-state]", "New");

    // Alt+R opens the resolution form with the cursor in the code.
    s.keys(&format!("{ALT}r{ALT}"));
    s.wait("[data-testid=resolution-code]");
    std::thread::sleep(Duration::from_millis(200));
    s.keys(&format!("fixed{TAB}Restarted the export queue{TAB}{ENTER}"));
    s.wait_text("[data-testid=incident-state]", "Resolved");
    s.wait_text("[data-testid=incident-history]", "state: New → Resolved");
    s.wait_text("[data-testid=incident-history]", "Kim Keyboard");
    s.screenshot("09-incident-resolved");
    s.end();
}
