import type { FilterTerm, ListRequest } from "./bindings";

/** A full ListRequest from the parts a view cares about. */
export function listRequest(parts: Partial<ListRequest> = {}): ListRequest {
  return { filters: [], text: null, typing: false, sort: null, after: null, at: null, limit: null, skip_count: false, ...parts };
}

/** Filters from a record of field → value, skipping empty values. */
export function filtersFrom(values: Record<string, string>): FilterTerm[] {
  return Object.entries(values)
    .filter(([, v]) => v !== "")
    .map(([field, value]) => ({ field, value, missing: false }));
}

/** A column of a DataList: what it shows, how wide, whether the server can sort by it. */
export type Column<R> = {
  key: string;
  label: string;
  width: string;
  sortable?: boolean;
  value: (row: R) => string;
  badge?: (row: R) => string | null;
};
