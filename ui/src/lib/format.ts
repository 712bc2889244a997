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
