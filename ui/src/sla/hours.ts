// Weekly opening hours as people type them ("08:00-12:00, 13:00-17:00") to the calendar's
// form; the core validates the times themselves.
import type { Holiday, StoredCalendar } from "../lib/bindings";

export const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

export function parseHours(text: Record<string, string>): Record<string, Array<[string, string]>> {
  const out: Record<string, Array<[string, string]>> = {};
  for (const d of DAYS) {
    out[d] = (text[d] ?? "")
      .split(/[,;]/)
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => {
        const [from, to] = p.split(/\s*[-–]\s*/);
        return [from ?? "", to ?? ""] as [string, string];
      });
  }
  return out;
}

type Spec = StoredCalendar["spec"];

// Holidays as lines "2024-12-25 Christmas Day" (the name is optional).
export function formatHolidays(spec: Pick<Spec, "holidays" | "holiday_names">): string {
  return spec.holidays.map((d) => [d, spec.holiday_names?.[d] ?? ""].join(" ").trim()).join("\n");
}

export function parseHolidays(text: string): Pick<Spec, "holidays" | "holiday_names"> {
  const holidays: string[] = [];
  const holiday_names: Record<string, string> = {};
  const isDate = (t: string) => /^\d{4}-\d{2}-\d{2}$/.test(t);
  for (const line of text.split("\n")) {
    const tokens = line.split(/[\s,;]+/).filter(Boolean);
    if (tokens.length === 0) continue;
    // A line of bare dates is several holidays; otherwise the first word is the date.
    const dates = tokens.every(isDate) ? tokens : [tokens[0]];
    for (const d of dates) if (!holidays.includes(d)) holidays.push(d);
    const name = tokens.every(isDate) ? "" : line.trim().slice(tokens[0].length).replace(/^[\s,;]+/, "").trim();
    if (name) holiday_names[tokens[0]] = name;
  }
  return { holidays, holiday_names };
}

// Adds holidays from a file to the lines typed so far; dates already there stay as they are.
export function mergeHolidays(text: string, found: Holiday[]): { text: string; added: number } {
  const have = parseHolidays(text);
  const fresh = found.filter((h) => !have.holidays.includes(h.date));
  const lines = [text.trim(), ...fresh.map((h) => `${h.date} ${h.name}`.trim())].filter(Boolean);
  return { text: lines.join("\n"), added: fresh.length };
}

// Exceptions as lines "2024-12-14 09:00-13:00" (no hours: closed that day).
export function formatExceptions(spec: Pick<Spec, "exceptions">): string {
  return Object.entries(spec.exceptions ?? {})
    .map(([d, iv]) => [d, iv.map(([a, b]) => `${a}-${b}`).join(", ")].join(" ").trim())
    .join("\n");
}

export function parseExceptions(text: string): Record<string, Array<[string, string]>> {
  const out: Record<string, Array<[string, string]>> = {};
  for (const line of text.split(/\n/).map((l) => l.trim()).filter(Boolean)) {
    const [date, ...rest] = line.split(/\s+/);
    out[date] = parseHours({ mon: rest.join(" ") }).mon;
  }
  return out;
}
