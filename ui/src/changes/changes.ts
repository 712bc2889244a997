// Change control helpers shared by its pages: the state moves a change may make (mirroring
// the core's rules, which have the last word) and date conversions for the forms.
import type { ChangeState, ChangeType } from "../lib/bindings";

const NEXT: Record<ChangeState, ChangeState[]> = {
  draft: ["assess", "cancelled"],
  assess: ["authorize", "draft", "cancelled"],
  authorize: ["scheduled", "assess", "cancelled"],
  scheduled: ["implement", "authorize", "cancelled"],
  implement: ["review", "failed"],
  review: ["closed", "failed"],
  failed: ["closed"],
  closed: [],
  cancelled: [],
};

/** The moves offered on a change's page. */
export function nextStates(state: ChangeState, type: ChangeType): ChangeState[] {
  if (state === "draft" && type === "standard") return ["scheduled", "cancelled"];
  if (state === "draft" && type === "emergency") return ["authorize", "assess", "cancelled"];
  return NEXT[state];
}

/** An instant as the value of a datetime-local input, in the browser's zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (browser's zone) as a UTC instant, or null when empty. */
export function toUtc(local: string): string | null {
  return local ? new Date(local).toISOString().replace(/\.\d{3}Z$/, "Z") : null;
}

/** Monday 00:00 (local) of the week holding `d`. */
export function weekStart(d: Date): Date {
  const x = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  x.setDate(x.getDate() - ((x.getDay() + 6) % 7));
  return x;
}

/** The days a month view shows: whole weeks (Monday first) covering the month of `d`. */
export function monthGrid(d: Date): Date[] {
  const first = new Date(d.getFullYear(), d.getMonth(), 1);
  const last = new Date(d.getFullYear(), d.getMonth() + 1, 0);
  const from = weekStart(first);
  const days: Date[] = [];
  for (let x = new Date(from); x <= last || days.length % 7 !== 0; x = new Date(x.getFullYear(), x.getMonth(), x.getDate() + 1)) days.push(x);
  return days;
}

/** Whether [start, end) touches the local day `day`. */
export function touchesDay(start: string, end: string, day: Date): boolean {
  const a = day.getTime();
  const b = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1).getTime();
  return new Date(start).getTime() < b && new Date(end).getTime() > a;
}
