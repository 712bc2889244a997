// What a desk list was narrowed to (chips and words), kept while the window is open so a
// queue looks the same after opening a record and coming back, or changing tabs.
import type { Chip } from "./chips";

class DeskFilters {
  chips = $state<Chip[]>([]);
  text = $state("");
  /** The queue last shown, where Esc on a record returns. */
  queue = $state("open");
  /** A field the record page puts the cursor in when it opens (the list's `a`: assign). */
  focus = $state<"assignee" | null>(null);
}

export const desk = { incidents: new DeskFilters(), requests: new DeskFilters() };
