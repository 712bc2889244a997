/** The one place the window reads the real time (a tidy test holds it): everything else
 *  asks here, so a test can tell what "now" is by passing it in. */

/** Now, in milliseconds since the epoch. */
export function now(): number {
  return Date.now();
}

/** Today's date as the core judges "today" (UTC): YYYY-MM-DD. */
export function todayUtc(at: number = now()): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** Today's date in a time zone (the workspace's display zone): YYYY-MM-DD, assembled from
 *  the parts (a locale's own order, "en-CA"'s included, is not there in every engine). */
export function todayIn(timeZone: string, at: number = now()): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date(at));
  const part = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}
