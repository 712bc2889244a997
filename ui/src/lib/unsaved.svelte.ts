// Forms with changes not saved yet, and leaving them: every way out of a page (a link, Esc,
// the back key, another hash, closing the window) goes through `app`'s hash handling or the
// window's close request, which ask here first. A form registers with `unsavedForm`.
import { untrack } from "svelte";
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

  /** Saves every form holding changes (a page may have several); stays if one fails. */
  async save() {
    for (const g of this.#guards.filter((g) => g.dirty())) {
      if (!(await g.save())) return;
    }
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
  const dirty = () => saved !== null && snapshot() !== saved;
  // Untracked: adding reads the list of forms, and an effect that read it would re-run (and
  // re-add) whenever another form on the page registered.
  $effect(() =>
    untrack(() =>
      unsaved.add({ dirty, save }),
    ),
  );
  return {
    /** The form now holds what is stored (just loaded, or just saved). */
    // Untracked: marking inside an effect must not make the effect re-run on every keystroke.
    mark() {
      saved = untrack(snapshot);
    },
  };
}

/**
 * Registers an "add" form (a note, a comment, a message, a new action): it holds changes
 * while it differs from the blank it starts as, and adding clears it back to that blank.
 */
export function unsavedDraft(current: () => unknown, save: () => Promise<boolean>) {
  const guard = unsavedForm(current, save);
  guard.mark();
  return guard;
}
