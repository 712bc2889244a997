// Forms with changes not saved yet, and leaving them: every way out of a page (a link, Esc,
// the back key, another hash, closing the window) goes through `app`'s hash handling or the
// window's close request, which ask here first. A form registers with `unsavedForm`.
import { api } from "./api";

interface Guard {
  dirty: () => boolean;
  save: () => Promise<boolean>;
}

class Unsaved {
  #guards = $state.raw<Guard[]>([]);
  /** Where the user was going when asked (a hash, or "close" for the window). */
  pending = $state<string | null>(null);

  get dirty(): Guard | undefined {
    return this.#guards.find((g) => g.dirty());
  }

  add(g: Guard): () => void {
    this.#guards = [...this.#guards, g];
    return () => {
      this.#guards = this.#guards.filter((x) => x !== g);
    };
  }

  /** Asks before going to `target` when a form holds changes; true if leaving may go on. */
  mayLeave(target: string): boolean {
    if (!this.dirty) return true;
    this.pending = target;
    return false;
  }

  async save() {
    const g = this.dirty;
    if (g && !(await g.save())) return;
    this.#go();
  }

  discard() {
    this.#guards = [];
    this.#go();
  }

  stay() {
    this.pending = null;
  }

  #go() {
    const target = this.pending;
    this.pending = null;
    this.#guards = [];
    if (target === "close") void api.closeWindow();
    else if (target !== null) location.hash = target;
  }
}

export const unsaved = new Unsaved();

/**
 * Registers a form while its component lives. `current` is the form's value; the form is
 * unsaved while it differs from the value last passed to `mark` (after loading and after
 * saving). `save` saves it and says whether that worked.
 */
export function unsavedForm(current: () => unknown, save: () => Promise<boolean>) {
  let saved = $state<string | null>(null);
  const snapshot = () => JSON.stringify($state.snapshot(current()));
  $effect(() =>
    unsaved.add({
      dirty: () => saved !== null && snapshot() !== saved,
      save,
    }),
  );
  return {
    /** The form now holds what is stored (just loaded, or just saved). */
    mark() {
      saved = snapshot();
    },
    get dirty() {
      return saved !== null && snapshot() !== saved;
    },
  };
}
