import { describe, expect, it } from "vitest";
import { parseHours } from "./hours";

describe("weekly hours", () => {
  it("reads split and overnight shifts and leaves closed days empty", () => {
    const h = parseHours({ mon: "08:00-12:00, 13:00 – 17:00", tue: "22:00-06:00", sat: "" });
    expect(h.mon).toEqual([["08:00", "12:00"], ["13:00", "17:00"]]);
    expect(h.tue).toEqual([["22:00", "06:00"]]);
    expect(h.sat).toEqual([]);
    expect(h.sun).toEqual([]);
  });
  it("passes malformed parts on for the core to name", () => {
    expect(parseHours({ wed: "8 to 5" }).wed).toEqual([["8 to 5", ""]]);
  });
});
