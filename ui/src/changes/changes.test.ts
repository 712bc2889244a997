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
  it("place a period on every day it touches, not the day it ends on at midnight", () => {
    const s = new Date(2026, 10, 27, 22).toISOString();
    const e = new Date(2026, 10, 28, 0).toISOString();
    expect(touchesDay(s, e, new Date(2026, 10, 27))).toBe(true);
    expect(touchesDay(s, e, new Date(2026, 10, 28))).toBe(false);
  });
});
