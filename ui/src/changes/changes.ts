// Change control helpers shared by its pages: the calendar's day arithmetic. The state
// moves a change may make come from the core (`ChangeDetail.next_states`).

import { zonedToUtc } from "../lib/format";

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

/** Whether [start, end) touches the calendar day `day` (its date only) as it is in
 *  `timeZone`, the workspace's: from that day's midnight there to the next. */
export function touchesDay(start: string, end: string, day: Date, timeZone: string): boolean {
  const a = zonedToUtc(day.getFullYear(), day.getMonth() + 1, day.getDate(), 0, 0, timeZone);
  const next = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1);
  const b = zonedToUtc(next.getFullYear(), next.getMonth() + 1, next.getDate(), 0, 0, timeZone);
  return new Date(start).getTime() < b && new Date(end).getTime() > a;
}
