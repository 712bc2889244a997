// What each queue shows (service desk over incidents, fulfilment over requests), as filters
// for the shared list mechanism. Which states are open work is the core's to say
// (`choices.incident_open`, `choices.request_open`): the callers pass them in.
import type { FilterTerm, SortTerm } from "./bindings";
import type { Queue, RequestQueue } from "./router";
import * as clock from "./clock";

const stateIn = (values: string[]): FilterTerm[] => values.map((value) => ({ field: "state", value, missing: false }));
// No groups means nothing is "mine": match no group id rather than everything.
const inGroups = (ids: number[]): FilterTerm[] =>
  (ids.length ? ids : [-1]).map((id) => ({ field: "assignment_group_id", value: String(id), missing: false }));

/** How far "Breaching soon" looks: up to each target's warning threshold (null), or a
 *  number of hours the user chose. */
export type Horizon = number | null;
export const HORIZONS: { value: Horizon; label: string }[] = [
  { value: null, label: "past the warning threshold" },
  { value: 1, label: "due within 1 hour" },
  { value: 4, label: "due within 4 hours" },
  { value: 8, label: "due within 8 hours" },
  { value: 24, label: "due within 24 hours" },
];

/** What "Breaching soon" shows, in words, for the page to say. */
export function horizonText(h: Horizon): string {
  return h === null
    ? "Open records whose SLA clock is past its target's warning threshold (or already breached), nearest deadline first."
    : `Open records whose SLA deadline falls within the next ${h} hour${h === 1 ? "" : "s"} (or has passed), nearest first.`;
}

/** A running clock past its warning instant, or due by the horizon; never one without a clock. */
function breaching(h: Horizon, now: number): FilterTerm[] {
  return h === null
    ? [{ field: "sla_warn_at", value: new Date(now).toISOString().slice(0, 19) + "Z", missing: false, op: "at_most" }]
    : [{ field: "sla_due", value: new Date(now + h * 3_600_000).toISOString().slice(0, 19) + "Z", missing: false, op: "at_most" }];
}

export function queueFilters(queue: Queue, open: string[], myGroupIds: number[], horizon: Horizon = null, now: number = clock.now()): FilterTerm[] {
  switch (queue) {
    case "breaching":
      return [...stateIn(open), ...breaching(horizon, now)];
    case "open":
      return stateIn(open);
    case "unassigned":
      return [...stateIn(open), { field: "assignment_group_id", value: "", missing: true }];
    case "mine":
      return [...stateIn(open), ...inGroups(myGroupIds)];
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

export function requestQueueFilters(queue: RequestQueue, open: string[], myGroupIds: number[], horizon: Horizon = null, now: number = clock.now()): FilterTerm[] {
  switch (queue) {
    case "breaching":
      return [...stateIn(open), ...breaching(horizon, now)];
    case "open":
      return stateIn(open);
    case "approval":
      return stateIn(["awaiting_approval"]);
    case "mine":
      return [...stateIn(open), ...inGroups(myGroupIds)];
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

/** The order a queue opens in: open work by priority, then the nearest deadline; breaching
 *  by deadline; resolved and everything newest first. */
export function queueSort(queue: Queue): SortTerm {
  switch (queue) {
    case "breaching":
      return { field: "sla_due", descending: false };
    case "resolved":
    case "all":
    case "security":
      return { field: "opened_at", descending: true };
    default:
      return { field: "priority_due", descending: false };
  }
}
