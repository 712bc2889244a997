// The one caller of `invoke`: every command goes through `call`, and whatever a command
// rejects with becomes an AppError, so every view shows errors the same way. The typed
// wrappers over it are generated (`bindings.ts`).
import { invoke } from "@tauri-apps/api/core";
import type { ErrorKind } from "./bindings";
import type { CommandError } from "./bindings";

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly field: string | null;
  constructor(e: CommandError) {
    super(e.message);
    this.kind = e.kind;
    this.field = e.field;
  }
}

/** Turns whatever a command rejected with into an AppError with words a user can read. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e && typeof e === "object" && "kind" in e && "message" in e) return new AppError(e as CommandError);
  const text = typeof e === "string" ? e : e instanceof Error ? e.message : "Something went wrong.";
  return new AppError({ kind: "internal", message: text, field: null });
}

export async function call<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toAppError(e);
  }
}
