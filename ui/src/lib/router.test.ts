import { describe, expect, it } from "vitest";
import { href, parseRoute, recordHref } from "./router";

describe("routes", () => {
  it("round-trip", () => {
    for (const h of ["#/", "#/services", "#/services/12", "#/services/new", "#/cis/3", "#/incidents/queue/unassigned", "#/incidents/queue/figures", "#/incidents/42", "#/incidents/new", "#/knowledge", "#/knowledge/3", "#/requests/queue/approval", "#/requests/5", "#/requests/new", "#/catalogue", "#/catalogue/2", "#/imports", "#/sla", "#/directory/groups", "#/changes", "#/changes/calendar", "#/changes/settings", "#/changes/7", "#/audit", "#/settings"]) {
      expect(href(parseRoute(h))).toBe(h);
    }
  });
  it("fall back to a list or home on nonsense", () => {
    expect(parseRoute("#/services/abc")).toEqual({ page: "services" });
    expect(parseRoute("#/cis/-1")).toEqual({ page: "cis" });
    expect(parseRoute("#/<script>")).toEqual({ page: "home" });
    expect(parseRoute("#/incidents/queue/nonsense")).toEqual({ page: "incidents", queue: "open" });
    expect(parseRoute("#/requests/queue/x")).toEqual({ page: "requests", queue: "open" });
  });
  it("send records to their pages", () => {
    expect(recordHref("ci", 7)).toBe("#/cis/7");
    expect(recordHref("vendor", 2)).toBe("#/directory/vendors");
    expect(recordHref("request", 4)).toBe("#/requests/4");
  });
});
