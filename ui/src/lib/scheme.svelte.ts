// The window's colour scheme, following the system's as it changes: the charts the core
// draws are asked for in it.
import type { Theme } from "./bindings";

const query = globalThis.matchMedia?.("(prefers-color-scheme: dark)");

class Scheme {
  theme = $state<Theme>(query?.matches ? "dark" : "light");

  constructor() {
    query?.addEventListener("change", (e) => (this.theme = e.matches ? "dark" : "light"));
  }
}

export const scheme = new Scheme();
