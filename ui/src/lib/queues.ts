// What each service-desk queue shows, as filters for the shared list mechanism.
import type { FilterTerm } from "./bindings";
import type { Queue } from "./router";

const OPEN = ["new", "in_progress", "on_hold"];

export function queueFilters(queue: Queue, myGroupIds: number[]): FilterTerm[] {
  const state = (values: string[]) => values.map((value) => ({ field: "state", value, missing: false }));
  switch (queue) {
    case "open":
      return state(OPEN);
    case "unassigned":
      return [...state(OPEN), { field: "assignment_group_id", value: "", missing: true }];
    case "mine":
      // No groups means nothing is "mine": match no group id rather than every incident.
      return [...state(OPEN), ...(myGroupIds.length ? myGroupIds : [-1]).map((id) => ({ field: "assignment_group_id", value: String(id), missing: false }))];
    case "on_hold":
      return state(["on_hold"]);
    case "resolved":
      return state(["resolved"]);
    case "all":
      return [];
  }
}

export const QUEUE_LABELS: Record<Queue, string> = {
  open: "All open",
  unassigned: "Unassigned",
  mine: "My groups",
  on_hold: "On hold",
  resolved: "Resolved",
  all: "Everything",
};

/** Priority from the workspace matrix, or null while impact or urgency is not chosen. */
export function priorityOf(cells: number[][] | undefined, impact: number, urgency: number): number | null {
  return cells?.[impact - 1]?.[urgency - 1] ?? null;
}
