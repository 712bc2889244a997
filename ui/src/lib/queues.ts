// What each queue shows (service desk over incidents, fulfilment over requests), as filters
// for the shared list mechanism.
import type { FilterTerm } from "./bindings";
import type { Queue, RequestQueue } from "./router";

const OPEN = ["new", "in_progress", "on_hold"];
const OPEN_REQUESTS = ["new", "awaiting_approval", "in_fulfilment"];

const stateIn = (values: string[]): FilterTerm[] => values.map((value) => ({ field: "state", value, missing: false }));
// No groups means nothing is "mine": match no group id rather than everything.
const inGroups = (ids: number[]): FilterTerm[] =>
  (ids.length ? ids : [-1]).map((id) => ({ field: "assignment_group_id", value: String(id), missing: false }));

export function queueFilters(queue: Queue, myGroupIds: number[]): FilterTerm[] {
  switch (queue) {
    case "open":
    case "breaching":
      return stateIn(OPEN);
    case "unassigned":
      return [...stateIn(OPEN), { field: "assignment_group_id", value: "", missing: true }];
    case "mine":
      return [...stateIn(OPEN), ...inGroups(myGroupIds)];
    case "on_hold":
      return stateIn(["on_hold"]);
    case "security":
      return [{ field: "security", value: "1", missing: false }];
    case "resolved":
      return stateIn(["resolved"]);
    case "all":
      return [];
  }
}

export const QUEUE_LABELS: Record<Queue, string> = {
  open: "All open",
  breaching: "Breaching soon",
  unassigned: "Unassigned",
  mine: "My groups",
  on_hold: "On hold",
  security: "Security incidents",
  resolved: "Resolved",
  all: "Everything",
};

export function requestQueueFilters(queue: RequestQueue, myGroupIds: number[]): FilterTerm[] {
  switch (queue) {
    case "open":
    case "breaching":
      return stateIn(OPEN_REQUESTS);
    case "approval":
      return stateIn(["awaiting_approval"]);
    case "mine":
      return [...stateIn(OPEN_REQUESTS), ...inGroups(myGroupIds)];
    case "all":
      return [];
  }
}

export const REQUEST_QUEUE_LABELS: Record<RequestQueue, string> = {
  open: "All open",
  breaching: "Breaching soon",
  approval: "Awaiting approval",
  mine: "My groups",
  all: "Everything",
};

/** Priority from the workspace matrix, or null while impact or urgency is not chosen. */
export function priorityOf(cells: number[][] | undefined, impact: number, urgency: number): number | null {
  return cells?.[impact - 1]?.[urgency - 1] ?? null;
}
