import { describe, expect, it } from "vitest";
import declared from "../../../crates/core/src/record.rs?raw";
import { href, menu, navOf, pageHref, parseRoute, ROUTES, SECTIONS, type Page } from "./router";

describe("routes", () => {
  it("round-trip", () => {
    for (const h of ["#/", "#/services", "#/services/12", "#/services/new", "#/cis/3", "#/incidents/queue/unassigned", "#/incidents/queue/figures", "#/incidents/42", "#/incidents/new", "#/knowledge", "#/knowledge/3", "#/requests/queue/approval", "#/requests/5", "#/requests/new", "#/catalogue", "#/catalogue/2", "#/imports", "#/sla", "#/directory/groups", "#/changes", "#/changes/calendar", "#/changes/settings", "#/changes/7", "#/audit", "#/settings"]) {
      expect(href(parseRoute(h))).toBe(h);
    }
  });
  it("come from the one table: every page is reached by its own link, and a record's page lights its list", () => {
    for (const page of Object.keys(ROUTES) as Page[]) {
      const h = href(parseRoute(`#/${ROUTES[page].path.replace(":id", "5").replace(/:\w+/g, "x")}`));
      expect(parseRoute(h).page, h).toBe(page);
    }
    expect(parseRoute("#/changes")).toEqual({ page: "changes" });
    expect(parseRoute("#/incidents")).toEqual({ page: "incidents", queue: "open" });
    expect(parseRoute("#/directory")).toEqual({ page: "directory", tab: "people" });
    expect(navOf("change_settings")).toBe("changes");
    expect(navOf("risk")).toBe("risks");
    expect(navOf("change_calendar")).toBe("change_calendar");
  });
  it("give the navigation its sections and entries, each opening its page with the defaults", () => {
    const nav = menu();
    expect(nav.map((s) => s.section)).toEqual([...SECTIONS]);
    const service = nav.find((s) => s.section === "Service management")!.entries;
    expect(service[0]).toEqual({ label: "Incidents & service desk", route: { page: "incidents", queue: "open" } });
    expect(service.map((e) => e.route.page)).toContain("change_calendar");
    const general = nav.find((s) => s.section === "General management")!.entries;
    expect(general.find((e) => e.route.page === "directory")?.route).toEqual({ page: "directory", tab: "people" });
    // A record's page is no entry of its own: it lights its list's.
    expect(nav.flatMap((s) => s.entries).some((e) => e.route.page === "incident")).toBe(false);
  });
  it("fall back to a list or home on nonsense", () => {
    expect(parseRoute("#/services/abc")).toEqual({ page: "services" });
    expect(parseRoute("#/cis/-1")).toEqual({ page: "cis" });
    expect(parseRoute("#/<script>")).toEqual({ page: "home" });
    expect(parseRoute("#/incidents/queue/nonsense")).toEqual({ page: "incidents", queue: "open" });
    expect(parseRoute("#/requests/queue/x")).toEqual({ page: "requests", queue: "open" });
  });
  it("send records to their pages (the core's page templates, RecordKind::page)", () => {
    expect(pageHref("cis/{id}", 7)).toBe("#/cis/7");
    expect(pageHref("directory/vendors", 2)).toBe("#/directory/vendors");
    expect(pageHref(null, 4)).toBe("#/");
    // Every page the core declares for a kind is one this router shows.
    const templates = [...declared.matchAll(/page Some\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(templates.length).toBeGreaterThan(10);
    for (const t of templates) {
      const h = pageHref(t, 9);
      expect(parseRoute(h).page, t).not.toBe("home");
      expect(href(parseRoute(h)), t).toBe(h);
    }
  });
});
