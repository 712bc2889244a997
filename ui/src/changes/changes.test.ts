import { describe, expect, it } from "vitest";
import { monthGrid, touchesDay, weekStart } from "./changes";

describe("calendar days", () => {
  it("start weeks on Monday and cover the whole month in whole weeks", () => {
    expect(weekStart(new Date(2026, 10, 29)).getDate()).toBe(23); // Sunday 29 Nov 2026 -> Monday 23
    const days = monthGrid(new Date(2026, 1, 10)); // February 2026 starts on a Sunday
    expect(days.length % 7).toBe(0);
    expect(days[0].getDay()).toBe(1);
    expect(days[0] <= new Date(2026, 1, 1) && days[days.length - 1] >= new Date(2026, 1, 28)).toBe(true);
  });
  it("place a period on every day it touches in the workspace's zone, not the day it ends on at midnight", () => {
    // 22:00-24:00 in Berlin on 27 November is 21:00-23:00 UTC.
    const [s, e] = ["2026-11-27T21:00:00Z", "2026-11-27T23:00:00Z"];
    expect(touchesDay(s, e, new Date(2026, 10, 27), "Europe/Berlin")).toBe(true);
    expect(touchesDay(s, e, new Date(2026, 10, 28), "Europe/Berlin")).toBe(false);
    // 23:30 UTC on Sunday 10 January is already Monday in Berlin.
    const [a, b] = ["2027-01-10T23:30:00Z", "2027-01-11T00:30:00Z"];
    expect(touchesDay(a, b, new Date(2027, 0, 10), "Europe/Berlin")).toBe(false);
    expect(touchesDay(a, b, new Date(2027, 0, 11), "Europe/Berlin")).toBe(true);
    expect(touchesDay(a, b, new Date(2027, 0, 10), "UTC")).toBe(true);
  });
});
