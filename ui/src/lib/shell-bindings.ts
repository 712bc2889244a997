// Generated from the shell's Rust types by `src-tauri/src/bindings.rs`. Do not edit.
import type { ErrorKind, Settings } from "./bindings";

export type WorkspaceInfo = { path: string, name: string, schema_version: number, settings: Settings, };

export type IdentityView = { name: string, email: string, };

export type AppStatus = { identity: IdentityView | null, workspace: WorkspaceInfo | null, 
/**
 * The file Steward starts on: `--workspace FILE` or the default workspace.
 */
start_path: string, start_exists: boolean, recent: Array<string>, 
/**
 * Housekeeping that failed as the workspace opened (the workspace is open all the same);
 * the window shows it once.
 */
housekeeping_error: CommandError | null, 
/**
 * The audit trail was cut or rewritten since the app last had this workspace open.
 */
trail_warning: string | null, };

export type CommandError = { kind: ErrorKind, message: string, field: string | null, };
