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
/// a file's inline `#[cfg(test)] mod … {` runs to its end (the house puts it last; a
/// `#[cfg(test)] mod tests;` declaration near the top ends nothing).
fn production_lines(p: &Path) -> Vec<(usize, String)> {
    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if name == "tests.rs" || name == "testing.rs" || name == "bindings.rs" || name == "ipc_gen.rs" || rel(p).contains("/tests/") {
        return vec![];
    }
    let text = read(p);
    let lines: Vec<&str> = text.lines().collect();
    let end = (0..lines.len())
        .find(|&i| lines[i].trim() == "#[cfg(test)]" && lines.get(i + 1).is_some_and(|n| n.trim_start().starts_with("mod ") && n.trim_end().ends_with('{')))
        .unwrap_or(lines.len());
    lines[..end]
        .iter()
        .enumerate()
        .map(|(i, l)| (i, l.to_string()))
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

/// The names in backticks on a line.
fn ticked(line: &str) -> Vec<String> {
    line.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

/// The tables each SQL write in `text` names (`INSERT [OR …] INTO`, `UPDATE`, `DELETE FROM`,
/// `REPLACE INTO`), with a table chosen at run time as `{table}`; temporary tables left out.
fn written_tables(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || c == '"' || c == '(' || c == ',').filter(|w| !w.is_empty()).collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let target = match *w {
            "INTO" if i > 0 && matches!(words[i - 1], "INSERT" | "REPLACE" | "IGNORE" | "ABORT" | "FAIL" | "ROLLBACK") => words.get(i + 1),
            "UPDATE" if !(i > 0 && words[i - 1] == "DO") => words.get(i + 1),
            "FROM" if i > 0 && words[i - 1] == "DELETE" => words.get(i + 1),
            _ => None,
        };
        let Some(t) = target else { continue };
        let name = if t.starts_with('{') { "{table}".to_string() } else { t.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.').collect() };
        // Keywords ("UPDATE OF" in a trigger, "UPDATE SET"), temporary tables.
        if name.is_empty() || name.chars().all(|c| c.is_ascii_uppercase()) || name.starts_with("temp.") {
            continue;
        }
        out.push(name);
    }
    out
}

#[test]
fn every_table_is_written_by_its_owner() {
    let doc = read(&root().join("ARCHITECTURE.md"));
    let section = doc.split("## Table ownership").nth(1).and_then(|s| s.split("\n## ").next()).expect("ARCHITECTURE.md has a Table ownership section");
    let (mut owner, mut also) = (std::collections::HashMap::new(), std::collections::HashSet::new());
    for line in section.lines().filter(|l| l.starts_with("- `")) {
        let names = ticked(line);
        if line.contains("` also writes `") {
            let module = &names[0];
            let listed: Vec<&String> = names[1..].iter().take_while(|n| line.find(&format!("`{n}`")).is_some_and(|at| at < line.find(": ").unwrap_or(line.len()))).collect();
            also.extend(listed.into_iter().map(|t| (module.clone(), t.clone())));
        } else {
            for t in &names[1..] {
                assert!(owner.insert(t.clone(), names[0].clone()).is_none(), "{t} has two owners");
            }
        }
    }
    // A write to a table named at run time is import's undo (the one generic writer): it is
    // held to the tables undo can name, each listed by name for `import`.
    let undone = steward_core::import::history::undone_tables();
    assert!(undone.contains(&"incidents") && undone.contains(&"group_members"), "{undone:?}");
    let mut offenders = Vec::new();
    for t in &undone {
        if owner.get(*t).map(String::as_str) != Some("import") && !also.contains(&("import".to_string(), t.to_string())) {
            offenders.push(format!("undo (import/history.rs) writes {t}, which is not listed for `import` under Table ownership"));
        }
    }
    let mut seen = 0;
    for p in files("crates/core/src", &[".rs"]) {
        if rel(&p).ends_with("workspace/migrations.rs") {
            continue;
        }
        let module = rel(&p).trim_start_matches("crates/core/src/").split('/').next().unwrap_or_default().trim_end_matches(".rs").to_string();
        let text: String = production_lines(&p).into_iter().map(|(_, l)| l + "\n").collect();
        for table in written_tables(&text) {
            seen += 1;
            let ok = if table == "{table}" {
                rel(&p).ends_with("import/history.rs")
            } else {
                owner.get(&table) == Some(&module) || also.contains(&(module.clone(), table.clone()))
            };
            if !ok {
                offenders.push(format!("{} writes {table} (owner: {})", rel(&p), owner.get(&table).map(String::as_str).unwrap_or("none listed")));
            }
        }
    }
    assert!(seen > 50, "only {seen} writes found: the scan reads nothing");
    offenders.sort();
    offenders.dedup();
    assert!(offenders.is_empty(), "writes outside the owner (ARCHITECTURE.md, Table ownership):\n{}", offenders.join("\n"));
}

/// Only the clock module reads the real time: everything else asks the workspace's clock
/// (`Workspace::now`, `Tx::now`), which tests pin, or takes "now" as an argument. Test code
/// is held to it too (a test that reads the real clock gives another answer on another day).
/// `Instant`, which measures durations and tells no date, is fine.
#[test]
fn only_the_clock_module_reads_the_real_time() {
    let mut offenders = Vec::new();
    for dir in ["crates/core/src", "crates/core/tests", "src-tauri/src", "crates/cli/src", "crates/cli/tests", "tests/it"] {
        for p in files(dir, &[".rs"]) {
            if rel(&p) == "crates/core/src/time.rs" || rel(&p) == "crates/core/tests/tidy.rs" {
                continue;
            }
            for (n, l) in read(&p).lines().enumerate() {
                if ["Utc::now", "Local::now", "SystemTime::now", "chrono::offset::Local"].iter().any(|x| l.contains(x)) {
                    offenders.push(format!("{}:{}", rel(&p), n + 1));
                }
            }
        }
    }
    for p in files("ui/src", &[".ts", ".svelte"]) {
        if rel(&p) == "ui/src/lib/clock.ts" {
            continue;
        }
        for (n, l) in read(&p).lines().enumerate() {
            if l.contains("Date.now(") || l.contains("new Date()") {
                offenders.push(format!("{}:{}", rel(&p), n + 1));
            }
        }
    }
    assert!(offenders.is_empty(), "the real time is read by crates/core/src/time.rs (Clock) and ui/src/lib/clock.ts alone: {offenders:?}");
}

/// The practices the CLI contract gives a group of its own, and its module in
/// `crates/cli/src/` (their imports and exports otherwise go through `import` and `export`).
const CLI_GROUPS: &[(&str, &str)] = &[
    ("incidents", "incidents"),
    ("requests", "requests"),
    ("sla", "sla"),
    ("security", "cvss"),
    ("changes", "changes"),
    ("deployments", "deployments"),
    ("cis", "cis"),
    ("assessments", "assessments"),
    ("finance", "finance"),
    ("relationship", "relationship"),
];

/// The practices whose records are the demo's spine, built by `demo/mod.rs` before the others.
const SPINE: &[&str] = &["services", "cis", "directory"];

/// The folders of the core that are not practices: the file, imports, charts, the demo, the
/// evidence bundles (above every practice: they carry the report of all of them).
const NOT_PRACTICES: &[&str] = &["workspace", "import", "charts", "demo", "bundle", "report"];

/// Every practice of the core's registry (`steward_core::PRACTICES`) has what the recipe
/// asks, and every practice folder of the core is one of them: the test names what a
/// practice lacks.
#[test]
fn every_practice_has_what_the_recipe_lists() {
    let doc = read(&root().join("ARCHITECTURE.md"));
    let owners = doc.split("## Table ownership").nth(1).and_then(|s| s.split("\n## ").next()).unwrap_or_default().to_string();
    let record = read(&root().join("crates/core/src/record.rs"));
    let router = read(&root().join("ui/src/lib/router.ts"));
    let cli_main = read(&root().join("crates/cli/src/main.rs"));
    let command_tests = read(&root().join("tests/it/main.rs"));
    let mut lacks = Vec::new();
    for entry in std::fs::read_dir(root().join("crates/core/src")).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().join("mod.rs").exists() && !NOT_PRACTICES.contains(&name.as_str()) && !steward_core::PRACTICES.iter().any(|p| p.name == name) {
            lacks.push(format!("crates/core/src/{name}/ is a practice the registry does not know: add it to `practices!` in lib.rs"));
        }
    }
    for p in steward_core::PRACTICES {
        let mut lack = |what: String| lacks.push(format!("{}: {what}", p.name));
        if !root().join(format!("crates/core/src/{}/mod.rs", p.name)).exists() {
            lack("no module crates/core/src/<name>/".into());
        }
        let owned: Vec<String> = owners.lines().find(|l| l.starts_with(&format!("- `{}`: ", p.name))).map(|l| ticked(l)[1..].to_vec()).unwrap_or_default();
        if owned.is_empty() {
            lack("owns no table in ARCHITECTURE.md's Table ownership".into());
        }
        let kinds: Vec<&str> = p.kinds.iter().map(|k| k.as_str()).collect();
        for kind in &kinds {
            let line = record.lines().find(|l| l.contains(&format!("= \"{kind}\",")));
            match line.and_then(|l| l.split("stored Some((\"").nth(1)).and_then(|s| s.split('"').next()) {
                None => lack(format!("the record kind \"{kind}\" is not declared with its table in record.rs")),
                Some(table) if !owned.iter().any(|t| t == table) => lack(format!("the record kind \"{kind}\" is stored in {table}, a table it does not own")),
                Some(_) => {}
            }
        }
        if !root().join(format!("ui/src/{}", p.name)).is_dir() || !router.contains(&format!("import(\"../{}/", p.name)) {
            lack(format!("no view of ui/src/{}/ in the route table (ui/src/lib/router.ts)", p.name));
        }
        let pages: Vec<&str> = record.lines().filter(|l| kinds.iter().any(|k| l.contains(&format!("= \"{k}\",")))).filter_map(|l| l.split("page Some(\"").nth(1)?.split('"').next()).collect();
        // Which page exactly a record's link opens is the router's own test (router.test.ts).
        for page in pages {
            let first = page.split('/').next().unwrap_or_default();
            if !router.contains(&format!("page(\"{first}")) {
                lack(format!("its records' page #/{page} is not in the route table (ui/src/lib/router.ts)"));
            }
        }
        let commands_file = root().join(format!("src-tauri/src/commands/{}.rs", p.name));
        let commands: Vec<String> = if commands_file.exists() {
            read(&commands_file).split("#[tauri::command").skip(1).filter_map(|c| c.split(" fn ").nth(1)?.split(['<', '(']).next().map(str::to_string)).collect()
        } else {
            Vec::new()
        };
        if commands.is_empty() {
            lack(format!("no commands in src-tauri/src/commands/{}.rs", p.name));
        } else if !commands.iter().any(|c| command_tests.contains(&format!("\"{c}\""))) {
            lack(format!("no command-layer test in tests/it/ calls any of {}", commands.join(", ")));
        }
        if let Some((_, cli)) = CLI_GROUPS.iter().find(|(name, _)| *name == p.name) {
            if !root().join(format!("crates/cli/src/{cli}.rs")).exists() || !cli_main.contains(&format!("mod {cli};")) {
                lack(format!("no CLI group crates/cli/src/{cli}.rs wired in main.rs"));
            }
        }
        if p.demo.is_none() && !SPINE.contains(&p.name) {
            lack("no demo part (`DEMO` in its module, the records in its `demo.rs`)".into());
        }
    }
    assert!(lacks.is_empty(), "what a practice lacks (ARCHITECTURE.md, \"A new practice\"):\n{}", lacks.join("\n"));
}
