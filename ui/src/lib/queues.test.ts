import { describe, expect, it } from "vitest";
import { priorityOf, queueFilters, requestQueueFilters } from "./queues";

describe("queues", () => {
  it("unassigned means open and without a group", () => {
    const f = queueFilters("unassigned", []);
    expect(f.filter((t) => t.field === "state").map((t) => t.value)).toEqual(["new", "in_progress", "on_hold"]);
    expect(f).toContainEqual({ field: "assignment_group_id", value: "", missing: true });
  });
  it("my groups never widens to everything", () => {
    expect(queueFilters("mine", [])).toContainEqual({ field: "assignment_group_id", value: "-1", missing: false });
    expect(queueFilters("mine", [3, 4]).filter((t) => t.field === "assignment_group_id").length).toBe(2);
    expect(queueFilters("all", [1])).toEqual([]);
  });
  it("request queues: approval is its own queue, my groups never widens", () => {
    expect(requestQueueFilters("approval", [])).toEqual([{ field: "state", value: "awaiting_approval", missing: false }]);
    expect(requestQueueFilters("mine", [])).toContainEqual({ field: "assignment_group_id", value: "-1", missing: false });
    expect(requestQueueFilters("open", [1]).map((t) => t.value)).toEqual(["new", "awaiting_approval", "in_fulfilment"]);
  });
  it("breaching soon is the open incidents (sorted by the list by their SLA due time)", () => {
    expect(queueFilters("breaching", [])).toEqual(queueFilters("open", []));
  });
  it("priority comes from the matrix", () => {
    const m = [[1, 2, 3], [2, 3, 4], [3, 4, 5]];
    expect(priorityOf(m, 1, 1)).toBe(1);
    expect(priorityOf(m, 2, 3)).toBe(4);
    expect(priorityOf(m, 0, 3)).toBe(null);
  });
});
