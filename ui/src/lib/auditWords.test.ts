import { describe, expect, it } from "vitest";
import { detailLines, valueWords, type ChoiceSets } from "./auditWords";

const sets: ChoiceSets = {
  incident_state: [{ value: "on_hold", label: "On hold" }, { value: "in_progress", label: "In progress" }],
  on_hold_reason: [{ value: "awaiting_vendor", label: "Awaiting vendor" }],
  state: [{ value: "in_progress", label: "Work in progress" }],
};

describe("valueWords", () => {
  it("reads a choice by its label, the record kind's own set first", () => {
    expect(valueWords("in_progress", "state", "incident", sets)).toBe("In progress");
    expect(valueWords("in_progress", "state", "change", sets)).toBe("Work in progress");
    expect(valueWords("awaiting_vendor", "on_hold_reason", "incident", sets)).toBe("Awaiting vendor");
  });
  it("reads a group of values, nothing, yes and no, and unknown names without underscores", () => {
    expect(valueWords({ impact: 4, urgency: 2 }, "rating", "incident", sets)).toBe("impact 4, urgency 2");
    expect(valueWords(null, "owner", "initiative", sets)).toBe("—");
    expect(valueWords([], "tags", "risk", sets)).toBe("—");
    expect(valueWords(true, "planned", "deployment", sets)).toBe("yes");
    expect(valueWords("closed_successful", "status", "initiative", null)).toBe("closed successful");
  });
});

describe("detailLines", () => {
  it("says each change in words and leaves an id beside its name to the exports", () => {
    const detail = { owner: { from: null, to: "Daniel Okafor" }, owner_id: { from: null, to: 8 } };
    expect(detailLines(detail, "initiative", sets)).toEqual(["Owner: — → Daniel Okafor"]);
  });
  it("leaves out what stayed as it was", () => {
    expect(detailLines({ decision: { from: "pending", to: "pending" }, vote: { from: null, to: "approve by Maria Keller" } }, "change", sets)).toEqual(["Vote: — → approve by Maria Keller"]);
  });
  it("keeps an id that has no name beside it", () => {
    expect(detailLines({ person_id: 3, vote: { from: null, to: "approve" } }, "change", sets)).toEqual(["Person ID: 3", "Vote: — → approve"]);
  });
  it("lists the other values unless only the changes are asked for", () => {
    const detail = { number: "INC0000042", state: { from: "in_progress", to: "on_hold" }, on_hold_reason: { from: null, to: "awaiting_vendor" } };
    expect(detailLines(detail, "incident", sets)).toEqual(["Number: INC0000042", "State: In progress → On hold", "On hold reason: — → Awaiting vendor"]);
    expect(detailLines(detail, "incident", sets, true)).toEqual(["State: In progress → On hold", "On hold reason: — → Awaiting vendor"]);
  });
  it("reads a change of a named part (a task) as that part's", () => {
    expect(detailLines({ task: "Create accounts", from: "open", to: "done", number: "REQ0000002" }, "request", sets)).toEqual(["Create accounts: open → done"]);
  });
  it("reads a link by the names it joins, and a period by its ends", () => {
    const link = { from: { id: 1, kind: "ci" }, from_name: "shipment-portal (production)", link_type: "depends_on", to: { id: 2, kind: "ci" }, to_name: "portal-api (production)" };
    expect(detailLines(link, "link", sets)).toEqual(["From: shipment-portal (production)", "Link type: depends on", "To: portal-api (production)"]);
    expect(detailLines({ from: "2026-07-01", service_id: 1, to: "2026-09-30" }, "service_review", sets)).toEqual(["From: 2026-07-01", "Service ID: 1", "To: 2026-09-30"]);
  });
  it("has nothing to say of no detail", () => {
    expect(detailLines(null, "incident", sets)).toEqual([]);
    expect(detailLines("text", "incident", sets)).toEqual([]);
  });
});
