// The one way a record page saves: create then go to the new record's page, or update in
// place; errors go to the field or banner that shows them.
import { app } from "./app.svelte";

export async function saveRecord<T extends { id: number }>(
  id: number | "new",
  create: () => Promise<T>,
  update: (id: number) => Promise<T>,
  pageOf: (id: number) => string,
  /** The page's unsaved-changes guard: what is on screen is stored now. */
  guard?: { mark(): void },
): Promise<T | null> {
  try {
    if (id === "new") {
      const created = await create();
      guard?.mark();
      app.error = null;
      location.hash = pageOf(created.id);
      return created;
    }
    const saved = await update(id);
    guard?.mark();
    app.error = null;
    app.say("Saved.");
    app.changed();
    return saved;
  } catch (err) {
    app.fail(err);
    return null;
  }
}
