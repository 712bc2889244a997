//! House rules as tests (rust-analyzer's habit): each reads the source tree and names the
//! file and line that breaks a rule ARCHITECTURE.md states.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repository root")
}

/// Every file under `dir` (relative to the root) whose name ends with one of `exts`.
fn files(dir: &str, exts: &[&str]) -> Vec<PathBuf> {
    fn walk(d: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(d) else { return };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "node_modules" && n != "target") {
                    walk(&p, exts, out);
                }
            } else if exts.iter().any(|x| p.to_string_lossy().ends_with(x)) {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join(dir), exts, &mut out);
    out.sort();
    assert!(!out.is_empty(), "no {exts:?} files under {dir}: the rule would check nothing");
    out
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}

/// The lines of a Rust file that are not test code: a `tests.rs` file is all test code, and
/// a file's `#[cfg(test)]` module runs to its end (the house puts it last).
fn production_lines(p: &Path) -> Vec<(usize, String)> {
    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if name == "tests.rs" || name == "bindings.rs" || name == "ipc_gen.rs" || rel(p).contains("/tests/") {
        return vec![];
    }
    read(p)
        .lines()
        .enumerate()
        .take_while(|(_, l)| l.trim() != "#[cfg(test)]")
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .map(|(i, l)| (i + 1, l.to_string()))
        .collect()
}

#[test]
fn only_the_generated_api_calls_invoke() {
    let offenders: Vec<String> = files("ui/src", &[".ts", ".svelte"])
        .into_iter()
        .filter(|p| !rel(p).ends_with("lib/ipc.ts") && !rel(p).ends_with(".test.ts"))
        .filter(|p| read(p).contains("invoke"))
        .map(|p| rel(&p))
        .collect();
    assert!(offenders.is_empty(), "only ui/src/lib/ipc.ts may call invoke (the rest use the generated commands): {offenders:?}");
}

#[test]
fn user_text_is_never_rendered_as_html() {
    let offenders: Vec<String> = files("ui/src", &[".svelte"]).into_iter().filter(|p| read(p).contains("{@html")).map(|p| rel(&p)).collect();
    assert!(offenders.is_empty(), "{{@html}} renders text as markup: {offenders:?}");
}

#[test]
fn only_the_workspace_module_opens_sqlite() {
    let mut offenders = Vec::new();
    for dir in ["crates/core/src", "src-tauri/src", "crates/cli/src"] {
        for p in files(dir, &[".rs"]) {
            if rel(&p).starts_with("crates/core/src/workspace/") {
                continue;
            }
            for (n, l) in production_lines(&p) {
                if l.contains("Connection::open") || l.contains("rusqlite::Connection::open") {
                    offenders.push(format!("{}:{n}", rel(&p)));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "SQLite connections are opened by crates/core/src/workspace/ alone: {offenders:?}");
}

#[test]
fn no_unwrap_or_expect_outside_tests() {
    let mut offenders = Vec::new();
    for dir in ["crates/core/src", "src-tauri/src", "crates/cli/src"] {
        for p in files(dir, &[".rs"]) {
            for (n, l) in production_lines(&p) {
                if l.contains(".unwrap()") || l.contains(".expect(") {
                    offenders.push(format!("{}:{n}", rel(&p)));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "bad input becomes a typed error, not a panic: {offenders:?}");
}

/// Every file or folder ARCHITECTURE.md names in backticks exists (names with `<…>` or `*`
/// are patterns, not paths).
#[test]
fn every_path_architecture_names_exists() {
    let doc = read(&root().join("ARCHITECTURE.md"));
    let bases = ["", "crates/core/src/", "src-tauri/", "src-tauri/src/", "ui/", "ui/src/", "ui/src/lib/", "crates/", "crates/core/"];
    // A bare file name is named in the context of its section: it exists somewhere.
    let mut all_names = std::collections::BTreeSet::new();
    for dir in ["crates", "src-tauri", "ui/src", "tests", ".cargo", ".ci"] {
        for p in files(dir, &[""]) {
            let inside = p.strip_prefix(root()).unwrap_or(&p).to_path_buf();
            all_names.extend(inside.iter().map(|n| n.to_string_lossy().into_owned()));
        }
    }
    let mut checked = 0;
    let mut missing = Vec::new();
    for token in doc.split('`').skip(1).step_by(2) {
        let t = token.trim();
        let looks_like_path = (t.contains('/') || [".rs", ".ts", ".svelte", ".md", ".sh", ".toml", ".json"].iter().any(|x| t.ends_with(x)))
            && !t.contains(['<', '*', ' ', '(', '{', '"', '$', '='])
            && !t.starts_with("http")
            && !t.starts_with("target/")
            && !t.starts_with('/');
        if !looks_like_path {
            continue;
        }
        let t = t.trim_end_matches('/');
        checked += 1;
        let found = bases.iter().any(|b| root().join(format!("{b}{t}")).exists()) || (!t.contains('/') && all_names.contains(t));
        if !found {
            missing.push(t.to_string());
        }
    }
    assert!(checked > 30, "only {checked} paths found in ARCHITECTURE.md: the rule would check nothing");
    assert!(missing.is_empty(), "ARCHITECTURE.md names paths that do not exist: {missing:?}");
}
