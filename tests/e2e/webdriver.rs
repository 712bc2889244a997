//! A small W3C WebDriver client over ureq: just what the journeys need, with the session
//! start retried because tauri-driver resets a few percent of first connections.

use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Session {
    base: String,
    id: String,
}

pub struct Element<'s> {
    session: &'s Session,
    id: String,
}

/// How long the window may take to come up before its test fails, naming what did not start.
pub const START_BUDGET: Duration = Duration::from_secs(60);

/// Where the test running on this thread keeps what tauri-driver, the WebKit driver and the
/// app print (libtest names each test's thread after the test): what a window that did not
/// come up said.
pub fn driver_log() -> std::path::PathBuf {
    let test = std::thread::current().name().unwrap_or("e2e").replace(|c: char| !c.is_alphanumeric() && c != '_', "_");
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e/logs").join(format!("{test}.log"))
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).timeout_global(Some(timeout)).build().into()
}

fn send(method: &str, url: &str, body: Option<Value>) -> Result<Value, String> {
    send_within(method, url, body, Duration::from_secs(60))
}

fn send_within(method: &str, url: &str, body: Option<Value>, timeout: Duration) -> Result<Value, String> {
    let a = agent(timeout);
    let resp = match (method, body) {
        ("GET", _) => a.get(url).call(),
        ("DELETE", _) => a.delete(url).call(),
        (_, Some(b)) => a.post(url).send_json(b),
        (_, None) => a.post(url).send_json(json!({})),
    };
    let mut resp = resp.map_err(|e| format!("{method} {url}: {e}"))?;
    let status = resp.status();
    let v: Value = resp.body_mut().read_json().map_err(|e| format!("{method} {url}: bad JSON: {e}"))?;
    if !status.is_success() {
        return Err(format!("{method} {url}: {status}: {}", v["value"]["message"]));
    }
    Ok(v["value"].clone())
}

impl Session {
    /// A session on the app's window; the test fails within [`START_BUDGET`] if the window
    /// does not come up.
    pub fn start(driver: &str, application: &str, args: &[&str]) -> Session {
        Session::try_start(driver, application, args, START_BUDGET).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Starts a session, retrying a reset connection (tauri-driver resets a few percent of
    /// first connections), all within `budget`.
    pub fn try_start(driver: &str, application: &str, args: &[&str], budget: Duration) -> Result<Session, String> {
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "wry",
            "tauri:options": {"application": application, "args": args},
        }}});
        let started = Instant::now();
        let mut last = String::new();
        let mut tries = 0;
        while let Some(left) = budget.checked_sub(started.elapsed()).filter(|l| *l > Duration::from_millis(200)) {
            tries += 1;
            match send_within("POST", &format!("{driver}/session"), Some(caps.clone()), left) {
                Ok(v) => {
                    let id = v["sessionId"].as_str().ok_or("tauri-driver answered without a session id")?.to_string();
                    return Ok(Session { base: format!("{driver}/session/{id}"), id });
                }
                Err(e) => {
                    last = e;
                    std::thread::sleep(Duration::from_millis(500));
                }
            }
        }
        Err(format!(
            "the window of {application} did not come up within {} s ({tries} session attempts through tauri-driver at {driver}; last answer: {last}; what the drivers and the app wrote: {})",
            budget.as_secs(),
            driver_log().display()
        ))
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn find(&self, css: &str) -> Option<Element<'_>> {
        let v = send("POST", &self.url("/element"), Some(json!({"using": "css selector", "value": css}))).ok()?;
        Some(Element { session: self, id: v[ELEMENT].as_str()?.to_string() })
    }

    pub fn find_all(&self, css: &str) -> Vec<Element<'_>> {
        send("POST", &self.url("/elements"), Some(json!({"using": "css selector", "value": css})))
            .ok()
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default()
            .into_iter()
            .filter_map(|e| e[ELEMENT].as_str().map(|id| Element { session: self, id: id.to_string() }))
            .collect()
    }

    /// Waits up to 15 s for an element to appear.
    pub fn wait(&self, css: &str) -> Element<'_> {
        let start = Instant::now();
        loop {
            if let Some(e) = self.find(css) {
                return e;
            }
            if start.elapsed() > Duration::from_secs(15) {
                self.screenshot(&format!("failed-wait-{}", css.replace(|c: char| !c.is_alphanumeric(), "_")));
                panic!("{css} did not appear within 15 s");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until some element matching `css` has text containing `text`.
    pub fn wait_text(&self, css: &str, text: &str) -> Element<'_> {
        let start = Instant::now();
        loop {
            for e in self.find_all(css) {
                if e.text().contains(text) {
                    return e;
                }
            }
            if start.elapsed() > Duration::from_secs(15) {
                self.screenshot("failed-wait-text");
                let seen: Vec<String> = self.find_all(css).iter().map(|e| e.text()).collect();
                panic!("no {css} with text {text:?} within 15 s; saw {seen:?}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Types on the keyboard into whatever has focus. `\u{E004}` is Tab, `\u{E007}` Enter,
    /// `\u{E009}` Control, `\u{E00A}` Alt (held until released by the same code again).
    pub fn keys(&self, text: &str) {
        let mut actions = Vec::new();
        let mut held: Vec<char> = Vec::new();
        for c in text.chars() {
            if matches!(c, '\u{E009}' | '\u{E00A}' | '\u{E008}') {
                if let Some(pos) = held.iter().position(|h| *h == c) {
                    held.remove(pos);
                    actions.push(json!({"type": "keyUp", "value": c.to_string()}));
                } else {
                    held.push(c);
                    actions.push(json!({"type": "keyDown", "value": c.to_string()}));
                }
                continue;
            }
            actions.push(json!({"type": "keyDown", "value": c.to_string()}));
            actions.push(json!({"type": "keyUp", "value": c.to_string()}));
        }
        for c in held {
            actions.push(json!({"type": "keyUp", "value": c.to_string()}));
        }
        send("POST", &self.url("/actions"), Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]}))).expect("key actions");
    }

    /// Resizes the window (outer size; without a window manager that is the page's size).
    pub fn set_size(&self, width: u32, height: u32) {
        send("POST", &self.url("/window/rect"), Some(json!({"width": width, "height": height}))).expect("set the window size");
    }

    /// The page's title (WebDriver cannot see the native window's).
    pub fn title(&self) -> String {
        send("GET", &self.url("/title"), None).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    }

    pub fn script(&self, js: &str) -> Value {
        send("POST", &self.url("/execute/sync"), Some(json!({"script": js, "args": []}))).expect("execute script")
    }

    /// Runs `js` until it calls `done(value)` (the script's last argument), in one WebDriver
    /// request: nothing polls the page meanwhile (a poll costs the page a frame).
    pub fn script_async(&self, js: &str) -> Value {
        let script = format!("const done = arguments[arguments.length - 1]; {js}");
        send("POST", &self.url("/execute/async"), Some(json!({"script": script, "args": []}))).expect("execute async script")
    }

    /// Saves a PNG of the window under target/e2e/.
    pub fn screenshot(&self, name: &str) {
        let Ok(v) = send("GET", &self.url("/screenshot"), None) else { return };
        let Some(b64) = v.as_str() else { return };
        let Ok(png) = base64::engine::general_purpose::STANDARD.decode(b64) else { return };
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e");
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join(format!("{name}.png")), png);
    }

    /// Ends the session, which closes the app (it closes its workspace on exit).
    pub fn end(self) {}
}

impl Drop for Session {
    // Also on panic, so a failed journey does not block the next one's session.
    fn drop(&mut self) {
        let _ = send("DELETE", &self.base, None);
        let _ = &self.id;
    }
}

impl Element<'_> {
    pub fn click(&self) {
        send("POST", &self.session.url(&format!("/element/{}/click", self.id)), Some(json!({}))).expect("click");
    }

    pub fn type_text(&self, text: &str) {
        send("POST", &self.session.url(&format!("/element/{}/value", self.id)), Some(json!({"text": text}))).expect("send keys");
    }

    /// The element's text content, whitespace collapsed. (WebKitWebDriver's own "element
    /// text" returns "" for grid rows positioned absolutely, as the virtual list's are.)
    pub fn text(&self) -> String {
        let args = json!([{ ELEMENT: self.id }]);
        send("POST", &self.session.url("/execute/sync"), Some(json!({"script": "return arguments[0].textContent", "args": args})))
            .ok()
            .and_then(|v| v.as_str().map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")))
            .unwrap_or_default()
    }
}
