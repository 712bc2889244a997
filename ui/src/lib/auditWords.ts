// What an audit entry says, in the words the forms use: where a person reads the trail (a
// record's history, the audit view). The exports keep the stored values for auditors.
import { fieldWords } from "./format";

/** The choice sets by name (`incident_state`, `state`, ...), as `api.choices()` gives them. */
export type ChoiceSets = Record<string, { value: string; label: string }[]> | null;

type Change = { from: unknown; to: unknown };
export const isChange = (v: unknown): v is Change => !!v && typeof v === "object" && !Array.isArray(v) && "from" in v && "to" in v;

/** A stored value as a person reads it: a choice by its label (the record kind's own set
 *  first, then the field's), a group of values as "impact 4, urgency 2", nothing as "—". */
export function valueWords(x: unknown, field: string, kind: string, sets: ChoiceSets): string {
  if (x === null || x === undefined || x === "") return "—";
  if (Array.isArray(x)) return x.length ? x.map((v) => valueWords(v, field, kind, sets)).join(", ") : "—";
  if (typeof x === "object") {
    return Object.entries(x as Record<string, unknown>)
      .map(([k, v]) => `${fieldWords(k).toLowerCase()} ${valueWords(v, k, kind, sets)}`)
      .join(", ");
  }
  if (typeof x === "boolean") return x ? "yes" : "no";
  const text = String(x);
  const set = sets?.[`${kind}_${field}`] ?? sets?.[field];
  return set?.find((c) => c.value === text)?.label ?? text.replace(/_/g, " ");
}

/** An id stored beside the name it stands for (`owner_id` beside `owner`, a link's `from`
 *  record beside its `from_name`) says nothing more to a person. */
const idBesideName = (field: string, detail: Record<string, unknown>) =>
  (field.endsWith("_id") && field.slice(0, -3) in detail) || `${field}_name` in detail;

/** A field's words; a name stored for a record (`from_name`) is that record's. */
const fieldLabel = (field: string) => fieldWords(field.endsWith("_name") ? field.slice(0, -5) : field);

/** What an entry's detail says, a line a field: a change as "State: New → In progress",
 *  another value as "Title: …" (unless `changesOnly`). A `{task, from, to}` reads as that
 *  task's change. */
export function detailLines(detail: unknown, kind: string, sets: ChoiceSets, changesOnly = false): string[] {
  if (!detail || typeof detail !== "object" || Array.isArray(detail)) return [];
  const d = detail as Record<string, unknown>;
  if (isChange(detail) && typeof d["task"] === "string") {
    return [`${d["task"]}: ${valueWords(detail.from, "state", kind, sets)} → ${valueWords(detail.to, "state", kind, sets)}`];
  }
  return Object.entries(d)
    .filter(([field]) => !idBesideName(field, d))
    .flatMap(([field, v]) => {
      // A value recorded as it stayed (a vote that did not yet decide) changed nothing.
      if (isChange(v) && JSON.stringify(v.from) === JSON.stringify(v.to)) return [];
      if (isChange(v)) return [`${fieldLabel(field)}: ${valueWords(v.from, field, kind, sets)} → ${valueWords(v.to, field, kind, sets)}`];
      return changesOnly ? [] : [`${fieldLabel(field)}: ${valueWords(v, field, kind, sets)}`];
    });
}
