import { describe, expect, it } from "vitest";
import { add, addDue, chip, combine } from "./chips";

const open = ["new", "in_progress", "on_hold"].map((value) => ({ field: "state", value, missing: false }));

describe("chips", () => {
  it("replace the queue's terms on their field and add to the rest", () => {
    const chips = [chip("state", "on_hold", "State: On hold"), chip("priority", "1", "Priority: P1"), chip("priority", "2", "Priority: P2")];
    expect(combine(open, chips)).toEqual([
      { field: "state", value: "on_hold", missing: false },
      { field: "priority", value: "1", missing: false },
      { field: "priority", value: "2", missing: false },
    ]);
    expect(combine(open, [chip("priority", "1", "Priority: P1")])).toEqual([...open, { field: "priority", value: "1", missing: false }]);
  });

  it("are kept once, and one deadline at a time", () => {
    const p1 = chip("priority", "1", "Priority: P1");
    expect(add([p1], chip("priority", "1", "Priority: P1"))).toEqual([p1]);
    const due = addDue(addDue([p1], "today"), "hours:4");
    expect(due.map((c) => c.label)).toEqual(["Priority: P1", "Deadline: Due within 4 hours"]);
  });
});
