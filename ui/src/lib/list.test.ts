import { expect, it } from "vitest";
import { filtersFrom, listRequest } from "./list";

it("builds requests with defaults and skips empty filters", () => {
  expect(listRequest({ limit: 5 })).toEqual({ filters: [], text: null, typing: false, sort: null, after: null, at: null, limit: 5, skip_count: false });
  expect(filtersFrom({ ci_type: "database", environment: "" })).toEqual([{ field: "ci_type", value: "database", missing: false }]);
});
