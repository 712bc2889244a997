import { describe, expect, it } from "vitest";
import { count, dueBadge, fieldWords, fileSize, formatDate, formatInstant, formatTimeOfDay, labelOf, parseDate, parseInstant, timeLeft } from "./format";
import { todayIn } from "./clock";

describe("formatInstant", () => {
  it("shows UTC instants in the chosen zone, across DST", () => {
    expect(formatInstant("2024-03-29T16:00:00Z", "Europe/Berlin", "iso")).toBe("2024-03-29 17:00");
    expect(formatInstant("2024-04-01T16:00:00Z", "Europe/Berlin", "iso")).toBe("2024-04-01 18:00");
  });
  it("follows the date format", () => {
    expect(formatInstant("2026-03-31T12:05:00Z", "UTC", "dmy")).toBe("31/03/2026 12:05");
    expect(formatInstant("2026-03-31T14:05:00Z", "UTC", "mdy")).toBe("03/31/2026 2:05 PM");
  });
  it("never throws on bad input", () => {
    expect(formatInstant("yesterday", "UTC", "iso")).toBe("yesterday");
    expect(formatInstant("2026-03-31T14:05:00Z", "Not/AZone", "iso")).toBe("2026-03-31T14:05:00Z");
    expect(formatInstant(null, "UTC", "iso")).toBe("");
  });
});

describe("labelOf", () => {
  it("maps values to labels", () => {
    expect(labelOf([{ value: "dr", label: "Disaster recovery" }], "dr")).toBe("Disaster recovery");
    expect(labelOf(undefined, "dr")).toBe("dr");
  });
});

describe("dueBadge and timeLeft", () => {
  const now = Date.parse("2024-03-04T10:00:00Z");
  it("is critical past the deadline, a warning past the threshold, plain before, nothing without a clock", () => {
    expect(dueBadge("2024-03-04T09:59:00Z", "2024-03-04T09:00:00Z", now)).toBe("critical");
    expect(dueBadge("2024-03-04T12:00:00Z", "2024-03-04T10:00:00Z", now)).toBe("medium");
    expect(dueBadge("2024-03-04T12:00:00Z", "2024-03-04T11:00:00Z", now)).toBe("");
    expect(dueBadge(null, null, now)).toBeNull();
  });
  it("says how long is left or how late it is", () => {
    expect(timeLeft("2024-03-04T13:20:00Z", now)).toBe("in 3 h 20 min");
    expect(timeLeft("2024-03-02T06:00:00Z", now)).toBe("overdue by 2 d 4 h");
    expect(timeLeft("2024-03-04T10:05:00Z", now)).toBe("in 5 min");
  });
});

describe("times typed in the workspace's zone and format", () => {
  it("reads each format in the zone, across both DST changes", () => {
    expect(parseInstant("2026-12-13 23:30", "Europe/Berlin", "iso")).toBe("2026-12-13T22:30:00Z");
    expect(parseInstant("13/12/2026 23:30", "Europe/Berlin", "dmy")).toBe("2026-12-13T22:30:00Z");
    expect(parseInstant("12/13/2026 11:30 PM", "Europe/Berlin", "mdy")).toBe("2026-12-13T22:30:00Z");
    expect(parseInstant("12/13/2026 12:05 AM", "UTC", "mdy")).toBe("2026-12-13T00:05:00Z");
    expect(parseInstant("2026-07-01T09:00", "Europe/Berlin", "iso")).toBe("2026-07-01T07:00:00Z");
    // Skipped (spring forward): the end of the gap; repeated (fall back): the first one.
    expect(parseInstant("2027-03-28 02:30", "Europe/Berlin", "iso")).toBe("2027-03-28T01:00:00Z");
    expect(parseInstant("2026-10-25 02:30", "Europe/Berlin", "iso")).toBe("2026-10-25T00:30:00Z");
    expect(parseInstant("2026-03-08 02:30", "America/New_York", "iso")).toBe("2026-03-08T07:00:00Z");
  });
  it("refuses what is not a time, and an empty field is empty", () => {
    expect(parseInstant("", "UTC", "iso")).toBe("");
    expect(parseInstant("2026-02-30 10:00", "UTC", "iso")).toBe(null);
    expect(parseInstant("13/12/2026 23:30", "UTC", "mdy")).toBe(null);
    expect(parseInstant("tomorrow", "UTC", "iso")).toBe(null);
  });
  it("round-trips with what the views show", () => {
    for (const [zone, format] of [["Europe/Berlin", "iso"], ["America/New_York", "mdy"], ["Asia/Kolkata", "dmy"]] as const) {
      const shown = formatInstant("2026-12-13T22:30:00Z", zone, format);
      expect(parseInstant(shown, zone, format)).toBe("2026-12-13T22:30:00Z");
    }
    expect(formatTimeOfDay("2026-12-13T22:30:00Z", "Europe/Berlin", "mdy")).toBe("11:30 PM");
    expect(formatTimeOfDay("2026-12-13T22:30:00Z", "Europe/Berlin", "iso")).toBe("23:30");
  });
});

describe("dates in the workspace's format", () => {
  it("shows and reads each format, refusing what is not a date", () => {
    expect(formatDate("2026-12-06", "dmy")).toBe("06/12/2026");
    expect(formatDate("2026-12-06", "mdy")).toBe("12/06/2026");
    expect(formatDate("2026-12-06", "iso")).toBe("2026-12-06");
    expect(parseDate("06/12/2026", "dmy")).toBe("2026-12-06");
    expect(parseDate("12/6/2026", "mdy")).toBe("2026-12-06");
    expect(parseDate("2028-02-29", "iso")).toBe("2028-02-29");
    expect(parseDate("2027-02-29", "iso")).toBe(null);
    expect(parseDate("13/13/2026", "dmy")).toBe(null);
    expect(parseDate("", "iso")).toBe("");
  });
});

describe("todayIn", () => {
  it("reads the day in the zone given, not the machine's", () => {
    const lateOn6th = Date.UTC(2026, 11, 6, 23, 30);
    expect(todayIn("UTC", lateOn6th)).toBe("2026-12-06");
    expect(todayIn("Europe/Berlin", lateOn6th)).toBe("2026-12-07");
    expect(todayIn("America/New_York", Date.UTC(2026, 11, 7, 3, 0))).toBe("2026-12-06");
  });
});

describe("count and fileSize", () => {
  it("groups thousands and sizes a small file in bytes, not as 1 KB", () => {
    expect(count(4310)).toBe("4,310");
    expect(count(1000000)).toBe("1,000,000");
    expect(count(12)).toBe("12");
    expect(fileSize(25)).toBe("25 bytes");
    expect(fileSize(1)).toBe("1 byte");
    expect(fileSize(1536)).toBe("1.5 KB");
    expect(fileSize(730 * 1024 * 1024)).toBe("730 MB");
    expect(fileSize(5 * 1024 ** 4)).toBe("5.0 TB");
  });
});

describe("fieldWords", () => {
  it("reads a stored field name as words", () => {
    expect(fieldWords("assignment_group")).toBe("Assignment group");
    expect(fieldWords("ci")).toBe("CI");
    expect(fieldWords("nps")).toBe("NPS");
    expect(fieldWords("ip_address")).toBe("IP address");
    expect(fieldWords("current_likelihood")).toBe("Current likelihood");
    expect(fieldWords("opened_at")).toBe("Opened at");
    expect(fieldWords("")).toBe("");
  });
});
