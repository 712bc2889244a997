// Display of stored UTC instants in the workspace's time zone and date format.
// Storage stays UTC; this is the only place local time appears in the UI.
import type { DateFormat } from "./bindings";
import * as clock from "./clock";

// Building an Intl.DateTimeFormat costs far more than using one; a list shows hundreds of times.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, format: DateFormat): Intl.DateTimeFormat {
  const key = `${timeZone}|${format}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
      hourCycle: format === "mdy" ? "h12" : "h23",
    });
    formatters.set(key, f);
  }
  return f;
}

export function formatInstant(iso: string | null | undefined, timeZone: string, format: DateFormat): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatter(timeZone, format).formatToParts(d);
  } catch {
    return iso;
  }
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? "";
  const time = `${p("hour")}:${p("minute")}`;
  switch (format) {
    case "dmy":
      return `${p("day")}/${p("month")}/${p("year")} ${time}`;
    case "mdy":
      return `${p("month")}/${p("day")}/${p("year")} ${Number(p("hour"))}:${p("minute")} ${p("dayPeriod").toUpperCase()}`;
    default:
      return `${p("year")}-${p("month")}-${p("day")} ${time}`;
  }
}

const ACRONYMS = new Set(["ci", "cis", "csat", "nps", "id", "ip", "url", "sla", "cvss", "sbom", "erp", "vpn", "api"]);

/** A field's stored name as words, for where a person reads it ("assignment_group" →
 *  "Assignment group", "ci" → "CI"). */
export function fieldWords(name: string): string {
  const text = name
    .split("_")
    .filter((w) => w !== "")
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w))
    .join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Labels for stored enum values, falling back to the value itself. */
export function labelOf(choices: { value: string; label: string }[] | undefined, value: string): string {
  return choices?.find((c) => c.value === value)?.label ?? value;
}

/** The badge of an SLA due time in a queue: past the deadline is critical, past the
 *  target's warning threshold a warning. */
export function dueBadge(due: string | null, warnAt: string | null, now = clock.now()): "critical" | "medium" | "" | null {
  if (!due) return null;
  if (Date.parse(due) < now) return "critical";
  return warnAt && Date.parse(warnAt) <= now ? "medium" : "";
}

/** Time left to an SLA deadline as a queue shows it: "in 3 h 20 min", "overdue by 2 d 4 h". */
export function timeLeft(due: string, now = clock.now()): string {
  const m = Math.round((Date.parse(due) - now) / 60000);
  const a = Math.abs(m);
  const text = a >= 1440 ? `${Math.floor(a / 1440)} d ${Math.floor((a % 1440) / 60)} h` : a >= 60 ? `${Math.floor(a / 60)} h ${a % 60} min` : `${a} min`;
  return m >= 0 ? `in ${text}` : `overdue by ${text}`;
}

/** Wall-clock milliseconds of instant `t` in `timeZone` (as if that wall time were UTC). */
function wallMs(t: number, timeZone: string): number {
  const parts = formatter(timeZone, "iso").formatToParts(new Date(t));
  const p = (k: string) => Number(parts.find((x) => x.type === k)?.value ?? 0);
  return Date.UTC(p("year"), p("month") - 1, p("day"), p("hour") % 24, p("minute"), Math.floor((t / 1000) % 60));
}

/**
 * The instant at which the clocks of `timeZone` show the given wall time. As the core's
 * calendars do: a time skipped when the clocks go forward is the end of the gap, a time
 * repeated when they go back is its first occurrence.
 */
export function zonedToUtc(y: number, month: number, d: number, h: number, min: number, timeZone: string): number {
  const target = Date.UTC(y, month - 1, d, h, min);
  const offsetAt = (t: number) => wallMs(t, timeZone) - Math.floor(t / 1000) * 1000 + (t % 1000);
  const candidates = [offsetAt(target - 14 * 3_600_000), offsetAt(target + 14 * 3_600_000)].map((o) => target - o);
  const exact = candidates.filter((t) => wallMs(t, timeZone) === target).sort((a, b) => a - b);
  if (exact.length) return exact[0];
  // In a gap: the first instant after it (binary search for the change of offset, to the minute).
  let [lo, hi] = [Math.min(...candidates), Math.max(...candidates)];
  const before = offsetAt(lo);
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (offsetAt(mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** How a time is written in `format`, for a placeholder and a message. */
export function instantPattern(format: DateFormat): string {
  return format === "dmy" ? "DD/MM/YYYY HH:MM" : format === "mdy" ? "MM/DD/YYYY H:MM AM" : "YYYY-MM-DD HH:MM";
}

/**
 * A time as a person types it in the workspace's date format and zone, as a stored UTC
 * instant (RFC 3339, to the second); "" for an empty field, null when it is not a time.
 */
export function parseInstant(text: string, timeZone: string, format: DateFormat): string | null | "" {
  const s = text.trim();
  if (!s) return "";
  const m =
    format === "iso"
      ? /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::\d{2})?$/.exec(s)
      : /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d{2})(?::\d{2})?(?: ?([AaPp])\.? ?[Mm]\.?)?$/.exec(s);
  if (!m) return null;
  let [y, mo, d, h, mi] = format === "iso" ? [m[1], m[2], m[3], m[4], m[5]].map(Number) : [m[3], format === "dmy" ? m[2] : m[1], format === "dmy" ? m[1] : m[2], m[4], m[5]].map(Number);
  const half = format === "iso" ? undefined : m[6]?.toLowerCase();
  if (half) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (half === "p" ? 12 : 0);
  }
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || mo > 12 || d < 1 || date.getUTCDate() !== d || h > 23 || mi > 59) return null;
  return new Date(zonedToUtc(y, mo, d, h, mi, timeZone)).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The time of day of `iso` in the workspace's zone and format ("23:30", "11:30 PM"). */
export function formatTimeOfDay(iso: string, timeZone: string, format: DateFormat): string {
  const full = formatInstant(iso, timeZone, format);
  return full.slice(full.indexOf(" ") + 1);
}

/** How a date is written in `format`, for a placeholder and a message. */
export function datePattern(format: DateFormat): string {
  return format === "dmy" ? "DD/MM/YYYY" : format === "mdy" ? "MM/DD/YYYY" : "YYYY-MM-DD";
}

/** A stored date (YYYY-MM-DD) in the workspace's date format. */
export function formatDate(ymd: string | null | undefined, format: DateFormat): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd ?? "");
  if (!m) return ymd ?? "";
  return format === "dmy" ? `${m[3]}/${m[2]}/${m[1]}` : format === "mdy" ? `${m[2]}/${m[3]}/${m[1]}` : ymd!;
}

/** A date as typed in the workspace's date format, as stored (YYYY-MM-DD); "" when empty,
 *  null when it is not a date. */
export function parseDate(text: string, format: DateFormat): string | null | "" {
  const s = text.trim();
  if (!s) return "";
  const m = format === "iso" ? /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s) : /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = format === "iso" ? [m[1], m[2], m[3]].map(Number) : [m[3], format === "dmy" ? m[2] : m[1], format === "dmy" ? m[1] : m[2]].map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || mo > 12 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

const grouped = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** A count with its thousands grouped ("4,310"), whatever the machine's locale. */
export function count(n: number): string {
  return grouped.format(n);
}

/** A file's size as a person reads it: "25 bytes", "1.5 KB", "12.3 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return bytes === 1 ? "1 byte" : `${bytes} bytes`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : count(Math.round(v))} ${units[u]}`;
}
