// The one way a view loads its data: now, again whenever what `fetch` reads changes (a
// route's id, a filter) and whenever the workspace changes (a save, an import, another
// workspace opened: `app.revision`). An answer that arrives after a newer load started is
// dropped, so a slow old answer never replaces a new one.
import { untrack } from "svelte";
import { app } from "./app.svelte";

/**
 * Calls `fetch` (null: nothing to load now) and hands its answer to `use`; a failure goes
 * to `fail` (the banner unless said otherwise). Call it while a component initialises.
 */
export function load<T>(fetch: () => Promise<T> | null, use: (value: T) => void, fail: (e: unknown) => void = (e) => app.fail(e)) {
  $effect(() => {
    void app.revision;
    if (!app.workspace) return;
    const answer = fetch();
    if (!answer) return;
    let current = true;
    answer.then((v) => current && untrack(() => use(v))).catch((e) => current && untrack(() => fail(e)));
    return () => {
      current = false;
    };
  });
}
