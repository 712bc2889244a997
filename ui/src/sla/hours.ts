// Weekly opening hours as people type them ("08:00-12:00, 13:00-17:00") to the calendar's
// form; the core validates the times themselves.
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
