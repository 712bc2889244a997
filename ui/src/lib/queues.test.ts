import { describe, expect, it } from "vitest";
import { horizonText, priorityOf, queueFilters, queueSort, requestQueueFilters } from "./queues";

// The open states as the core's choices give them.
const OPEN = ["new", "in_progress", "on_hold"];
const OPEN_REQUESTS = ["new", "awaiting_approval", "in_fulfilment"];

describe("queues", () => {
  it("unassigned means open and without a group", () => {
    const f = queueFilters("unassigned", OPEN, []);
    expect(f.filter((t) => t.field === "state").map((t) => t.value)).toEqual(["new", "in_progress", "on_hold"]);
    expect(f).toContainEqual({ field: "assignment_group_id", value: "", missing: true });
  });
  it("my groups never widens to everything", () => {
    expect(queueFilters("mine", OPEN, [])).toContainEqual({ field: "assignment_group_id", value: "-1", missing: false });
    expect(queueFilters("mine", OPEN, [3, 4]).filter((t) => t.field === "assignment_group_id").length).toBe(2);
    expect(queueFilters("all", OPEN, [1])).toEqual([]);
  });
  it("request queues: approval is its own queue, my groups never widens", () => {
    expect(requestQueueFilters("approval", OPEN_REQUESTS, [])).toEqual([{ field: "state", value: "awaiting_approval", missing: false }]);
    expect(requestQueueFilters("mine", OPEN_REQUESTS, [])).toContainEqual({ field: "assignment_group_id", value: "-1", missing: false });
    expect(requestQueueFilters("open", OPEN_REQUESTS, [1]).map((t) => t.value)).toEqual(["new", "awaiting_approval", "in_fulfilment"]);
  });
  it("breaching soon is the open records past their warning threshold, or due within the horizon", () => {
    const now = Date.parse("2026-12-07T11:30:00Z");
    const warned = queueFilters("breaching", OPEN, [], null, now);
    expect(warned.slice(0, 3)).toEqual(queueFilters("open", OPEN, []));
    expect(warned[3]).toEqual({ field: "sla_warn_at", value: "2026-12-07T11:30:00Z", missing: false, op: "at_most" });
    expect(queueFilters("breaching", OPEN, [], 4, now)[3]).toEqual({ field: "sla_due", value: "2026-12-07T15:30:00Z", missing: false, op: "at_most" });
    expect(requestQueueFilters("breaching", OPEN_REQUESTS, [], 24, now)).toContainEqual({ field: "sla_due", value: "2026-12-08T11:30:00Z", missing: false, op: "at_most" });
    expect(horizonText(null)).toContain("warning threshold");
    expect(horizonText(1)).toContain("next 1 hour ");
  });
  it("open queues work by priority, then the nearest deadline", () => {
    expect(queueSort("open")).toEqual({ field: "priority_due", descending: false });
    expect(queueSort("mine")).toEqual({ field: "priority_due", descending: false });
    expect(queueSort("breaching")).toEqual({ field: "sla_due", descending: false });
    expect(queueSort("resolved")).toEqual({ field: "opened_at", descending: true });
  });
  it("priority comes from the matrix", () => {
    const m = [[1, 2, 3], [2, 3, 4], [3, 4, 5]];
    expect(priorityOf(m, 1, 1)).toBe(1);
    expect(priorityOf(m, 2, 3)).toBe(4);
    expect(priorityOf(m, 0, 3)).toBe(null);
  });
});
