//! Generates `ui/src/lib/bindings.ts`, the window's one generated IPC file: every type the
//! commands carry (each commands file lists its own in `types`) and one typed wrapper per
//! command (`ipc_gen.rs`). Fails when the committed file is stale; `UPDATE_BINDINGS=1 cargo
//! test -p steward --lib` rewrites it.

use ts_rs::Config;

#[test]
fn bindings_are_current() {
    // Every integer as a TypeScript number: ids, counts and minor units stay far below 2^53.
    let cfg = Config::default().with_large_int("number");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let decls = crate::commands::types(&cfg);
    // Two Rust types of one name (a change's review and a service's) would be one TypeScript
    // name declared twice: each must have a name of its own.
    let mut names: Vec<&str> = decls.iter().filter_map(|d| d.strip_prefix("type ")?.split([' ', '<']).next()).collect();
    assert_eq!(names.len(), decls.len(), "every declaration read by its name");
    names.sort_unstable();
    let twice: Vec<&&str> = names.windows(2).filter(|w| w[0] == w[1]).map(|w| &w[0]).collect();
    assert!(twice.is_empty(), "types declared twice in the bindings: {twice:?}");
    let mut out = String::from("// Generated from the Rust types and the command table by `src-tauri/src/bindings.rs`. Do not edit.\n// Regenerate: UPDATE_BINDINGS=1 cargo test -p steward --lib\n\n");
    out.push_str(&crate::ipc_gen::generate(root, &decls));
    for d in &decls {
        out.push_str(&format!("\nexport {d}\n"));
    }
    let path = root.join("ui/src/lib/bindings.ts");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &out).expect("write bindings");
        return;
    }
    assert!(std::fs::read_to_string(&path).unwrap_or_default() == out, "ui/src/lib/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p steward --lib`");
}
