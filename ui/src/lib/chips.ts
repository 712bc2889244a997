// The field filters a desk list adds to its queue, as removable chips: each chip is one
// filter term and the words it is shown with. Several chips on one field are
// alternatives; a chip on a field the queue filters too (state) replaces the queue's own
// terms there, so "On hold" on the open queue means on hold, not open or on hold.
import type { FilterTerm } from "./bindings";

export type Chip = { term: FilterTerm; label: string };

export function chip(field: string, value: string, label: string): Chip {
  return { term: { field, value, missing: false }, label };
}

/** The queue's filters with the chips' on top. */
export function combine(queue: FilterTerm[], chips: Chip[]): FilterTerm[] {
  const chosen = new Set(chips.map((c) => c.term.field));
  return [...queue.filter((t) => !chosen.has(t.field)), ...chips.map((c) => c.term)];
}

/** A chip added twice is kept once. */
export function add(chips: Chip[], c: Chip): Chip[] {
  return chips.some((x) => x.term.field === c.term.field && x.term.value === c.term.value) ? chips : [...chips, c];
}

/** The deadline filter: one at a time (the core refuses two). */
export const DUE: { value: string; label: string }[] = [
  { value: "breached", label: "Breached" },
  { value: "today", label: "Due today" },
  { value: "hours:1", label: "Due within 1 hour" },
  { value: "hours:4", label: "Due within 4 hours" },
  { value: "hours:8", label: "Due within 8 hours" },
  { value: "hours:24", label: "Due within 24 hours" },
  { value: "none", label: "No SLA clock" },
];

export function addDue(chips: Chip[], value: string): Chip[] {
  const label = DUE.find((d) => d.value === value)?.label ?? value;
  return [...chips.filter((c) => c.term.field !== "due"), chip("due", value, `Deadline: ${label}`)];
}
