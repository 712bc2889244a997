import { describe, expect, it } from "vitest";
import { formatExceptions, formatHolidays, mergeHolidays, parseExceptions, parseHolidays, parseHours } from "./hours";

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

describe("holidays and exceptions as typed", () => {
  it("reads a date with its name per line, and lines of bare dates", () => {
    const h = parseHolidays("2024-12-25 Christmas Day\n2024-12-26, 2025-01-01\n\n2024-10-03  Day of German Unity ");
    expect(h.holidays).toEqual(["2024-12-25", "2024-12-26", "2025-01-01", "2024-10-03"]);
    expect(h.holiday_names).toEqual({ "2024-12-25": "Christmas Day", "2024-10-03": "Day of German Unity" });
    expect(formatHolidays(h)).toBe("2024-12-25 Christmas Day\n2024-12-26\n2025-01-01\n2024-10-03 Day of German Unity");
  });
  it("merges a file's holidays without repeating dates already typed", () => {
    const m = mergeHolidays("2024-12-25 Xmas", [{ date: "2024-12-25", name: "Christmas Day" }, { date: "2024-12-26", name: "St Stephen's Day" }]);
    expect(m).toEqual({ text: "2024-12-25 Xmas\n2024-12-26 St Stephen's Day", added: 1 });
  });
  it("reads exceptions with their hours, none meaning closed", () => {
    const e = parseExceptions("2024-12-14 09:00-13:00, 14:00-16:00\n2024-12-24");
    expect(e).toEqual({ "2024-12-14": [["09:00", "13:00"], ["14:00", "16:00"]], "2024-12-24": [] });
    expect(formatExceptions({ exceptions: e })).toBe("2024-12-14 09:00-13:00, 14:00-16:00\n2024-12-24");
  });
});
