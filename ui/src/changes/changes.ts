// Change control helpers shared by its pages: date conversions for the forms and the
// calendar's day arithmetic. The state moves a change may make come from the core
// (`ChangeDetail.next_states`).

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
