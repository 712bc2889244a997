//! Generates `ui/src/lib/shell-bindings.ts` from the shell's own IPC types; fails when the
//! committed file is stale (`UPDATE_BINDINGS=1 cargo test --lib` rewrites it).

use ts_rs::{Config, TS};

use crate::commands::workspace;

#[test]
fn shell_bindings_are_current() {
    // Every integer as a TypeScript number, as in the core's bindings.
    let cfg = Config::default().with_large_int("number");
    let mut out = String::from("// Generated from the shell's Rust types by `src-tauri/src/bindings.rs`. Do not edit.\nimport type { ErrorKind, Settings } from \"./bindings\";\n\n");
    for d in [
        workspace::WorkspaceInfo::decl(&cfg),
        workspace::IdentityView::decl(&cfg),
        workspace::AppStatus::decl(&cfg),
        crate::error::CommandError::decl(&cfg),
    ] {
        out.push_str(&format!("export {d}\n\n"));
    }
    let out = out.trim_end().to_string() + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/shell-bindings.ts");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &out).expect("write shell bindings");
        return;
    }
    assert!(std::fs::read_to_string(&path).unwrap_or_default() == out, "ui/src/lib/shell-bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test --lib`");
}

/// The window's typed wrappers over every command (`ui/src/lib/commands.ts`), generated
/// from the command table and the signatures; stale means a command changed unseen.
#[test]
fn command_wrappers_are_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = crate::ipc_gen::generate(root);
    let path = root.join("ui/src/lib/commands.ts");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &out).expect("write command wrappers");
        return;
    }
    assert!(std::fs::read_to_string(&path).unwrap_or_default() == out, "ui/src/lib/commands.ts is stale: run `UPDATE_BINDINGS=1 cargo test --lib`");
}
