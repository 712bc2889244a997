// The window's door to the Rust commands: `api` is the generated `commands` (every command
// of the command table, typed from its Rust signature; see src-tauri/src/ipc_gen.rs), and
// AppError is what they reject with.
export { commands as api } from "./bindings";
export { AppError, toAppError } from "./ipc";
