// Hash routes: the page a user is on survives reloads and is easy to link to. `ROUTES` is the
// one table of pages: each with its path (`:name` segments are parameters, read by the parser
// given for them), its view, and its place in the navigation; `Route`, `parseRoute`, `href`
// and the navigation all come from it. A new page is one line here.

import type { Component } from "svelte";

/** The service desk's queues. */
export const QUEUES = ["open", "breaching", "unassigned", "mine", "on_hold", "security", "resolved", "all"] as const;
/** Not a queue: the desk's figures, shown in the same place. */
export const FIGURES = "figures";
export type Queue = (typeof QUEUES)[number];
/** The fulfilment queues over service requests. */
export const REQUEST_QUEUES = ["open", "breaching", "approval", "mine", "all"] as const;
export type RequestQueue = (typeof REQUEST_QUEUES)[number];

/** Reads one path segment (undefined when the path stops before it); null: not this page. */
type Parser<T> = (segment: string | undefined) => T | null;

/** A record's id, or "new" for the page that creates one. */
const id: Parser<number | "new"> = (s) => {
  if (s === "new") return "new";
  const n = Number(s);
  return s !== undefined && Number.isInteger(n) && n > 0 ? n : null;
};

/** One of `values`; anything else (or nothing) reads as `fallback`. */
function oneOf<const V extends readonly string[]>(values: V, fallback: V[number]): Parser<V[number]> {
  return (s) => values.find((v) => v === s) ?? fallback;
}

/** The navigation's sections, in the order it shows them. */
export const SECTIONS = ["General management", "Service management", "Technical management", "Workspace"] as const;
type Section = (typeof SECTIONS)[number];

/** A page: its path, the parsers of its parameters, the list its navigation entry lights
 * (`nav`, for a record's page), its view (loaded when first shown; the view takes the
 * parameters as props) and, for a page of its own in the navigation, its section and label. */
type Spec = { path: string; params?: Record<string, Parser<unknown>>; nav?: string; view: () => Promise<{ default: Component<any> }>; menu?: readonly [Section, string] };
function page<const P extends Record<string, Parser<unknown>> = Record<never, never>>(path: string, spec: { params?: P; nav?: string; view: Spec["view"]; menu?: readonly [Section, string] }) {
  return { path, ...spec, params: (spec.params ?? {}) as P };
}

export const ROUTES = {
  home: page("", { view: () => import("../views/Home.svelte") }),
  value_chain: page("value-chain", { view: () => import("../views/ValueChain.svelte"), menu: ["General management", "Service value chain"] }),
  improvement: page("improvement", { view: () => import("../improvement/ImprovementList.svelte"), menu: ["General management", "Continual improvement"] }),
  initiative: page("improvement/:id", { params: { id }, nav: "improvement", view: () => import("../improvement/InitiativePage.svelte") }),
  assessments: page("assessments", { view: () => import("../assessments/AssessmentList.svelte"), menu: ["General management", "Capability assessments"] }),
  criteria: page("assessments/criteria", { nav: "assessments", view: () => import("../assessments/CriteriaPack.svelte") }),
  assessment: page("assessments/:id", { params: { id }, nav: "assessments", view: () => import("../assessments/AssessmentPage.svelte") }),
  risks: page("risks", { view: () => import("../risks/RiskRegister.svelte"), menu: ["General management", "Risk register"] }),
  risk: page("risks/:id", { params: { id }, nav: "risks", view: () => import("../risks/RiskPage.svelte") }),
  controls: page("controls", { view: () => import("../security/ControlList.svelte"), menu: ["General management", "Security controls"] }),
  control: page("controls/:id", { params: { id }, nav: "controls", view: () => import("../security/ControlPage.svelte") }),
  frameworks: page("frameworks", { view: () => import("../security/Frameworks.svelte"), menu: ["General management", "Frameworks & SoA"] }),
  vulnerabilities: page("vulnerabilities", { view: () => import("../security/VulnerabilityList.svelte"), menu: ["General management", "Vulnerabilities"] }),
  vulnerability: page("vulnerabilities/:id", { params: { id }, nav: "vulnerabilities", view: () => import("../security/VulnerabilityPage.svelte") }),
  directory: page("directory/:tab", { params: { tab: oneOf(["people", "groups", "vendors"] as const, "people") }, view: () => import("../directory/DirectoryPage.svelte"), menu: ["General management", "People, groups & vendors"] }),
  incidents: page("incidents/queue/:queue", { params: { queue: oneOf([...QUEUES, FIGURES] as const, "open") }, view: () => import("../incidents/IncidentList.svelte"), menu: ["Service management", "Incidents & service desk"] }),
  incident: page("incidents/:id", { params: { id }, nav: "incidents", view: () => import("../incidents/IncidentPage.svelte") }),
  requests: page("requests/queue/:queue", { params: { queue: oneOf(REQUEST_QUEUES, "open") }, view: () => import("../requests/RequestList.svelte"), menu: ["Service management", "Service requests"] }),
  request: page("requests/:id", { params: { id }, nav: "requests", view: () => import("../requests/RequestPage.svelte") }),
  catalogue: page("catalogue", { view: () => import("../requests/CatalogueList.svelte"), menu: ["Service management", "Request catalogue"] }),
  catalogue_item: page("catalogue/:id", { params: { id }, nav: "catalogue", view: () => import("../requests/CatalogueItemPage.svelte") }),
  knowledge: page("knowledge", { view: () => import("../knowledge/KnowledgeList.svelte"), menu: ["Service management", "Knowledge"] }),
  article: page("knowledge/:id", { params: { id }, nav: "knowledge", view: () => import("../knowledge/ArticlePage.svelte") }),
  services: page("services", { view: () => import("../services/ServiceList.svelte"), menu: ["Service management", "Service catalogue"] }),
  service: page("services/:id", { params: { id }, nav: "services", view: () => import("../services/ServicePage.svelte") }),
  sla: page("sla", { view: () => import("../sla/ServiceLevels.svelte"), menu: ["Service management", "Service levels"] }),
  problems: page("problems", { view: () => import("../problems/ProblemList.svelte"), menu: ["Service management", "Problems & known errors"] }),
  problem: page("problems/:id", { params: { id }, nav: "problems", view: () => import("../problems/ProblemPage.svelte") }),
  changes: page("changes", { view: () => import("../changes/ChangeList.svelte"), menu: ["Service management", "Change control"] }),
  change: page("changes/:id", { params: { id }, nav: "changes", view: () => import("../changes/ChangePage.svelte") }),
  change_settings: page("changes/settings", { nav: "changes", view: () => import("../changes/ChangeSettings.svelte") }),
  change_calendar: page("changes/calendar", { view: () => import("../changes/ChangeCalendar.svelte"), menu: ["Service management", "Change calendar"] }),
  deployments: page("deployments", { view: () => import("../deployments/DeploymentList.svelte"), menu: ["Technical management", "Deployments & DORA"] }),
  deployment: page("deployments/:id", { params: { id }, nav: "deployments", view: () => import("../deployments/DeploymentPage.svelte") }),
  releases: page("releases", { view: () => import("../deployments/ReleaseList.svelte"), menu: ["Technical management", "Releases"] }),
  release: page("releases/:id", { params: { id }, nav: "releases", view: () => import("../deployments/ReleasePage.svelte") }),
  applications: page("applications", { view: () => import("../software/ApplicationList.svelte"), menu: ["Technical management", "Applications & SBOMs"] }),
  time_chart: page("applications/time", { view: () => import("../software/TimeChart.svelte"), menu: ["Technical management", "Application rationalisation"] }),
  application: page("applications/:id", { params: { id }, nav: "applications", view: () => import("../software/ApplicationPage.svelte") }),
  stakeholders: page("stakeholders", { view: () => import("../relationship/Stakeholders.svelte"), menu: ["General management", "Stakeholders"] }),
  stakeholder: page("stakeholders/:id", { params: { id }, nav: "stakeholders", view: () => import("../relationship/StakeholderPage.svelte") }),
  engagements: page("engagements/:show", { params: { show: oneOf(["all", "open", "overdue"] as const, "all") }, nav: "stakeholders", view: () => import("../relationship/EngagementPage.svelte") }),
  reviews: page("reviews", { view: () => import("../relationship/ServiceReviews.svelte"), menu: ["General management", "Service reviews"] }),
  review: page("reviews/:id", { params: { id }, nav: "reviews", view: () => import("../relationship/ReviewPage.svelte") }),
  satisfaction: page("satisfaction", { view: () => import("../relationship/Satisfaction.svelte"), menu: ["General management", "Satisfaction"] }),
  finance: page("finance", { view: () => import("../finance/CostAllocation.svelte"), menu: ["General management", "Service costs"] }),
  cis: page("cis", { view: () => import("../cis/CiList.svelte"), menu: ["Technical management", "Infrastructure & configuration"] }),
  platform: page("cis/platform", { view: () => import("../cis/PlatformView.svelte"), menu: ["Technical management", "Platform view"] }),
  discoveries: page("cis/discovered", { view: () => import("../cis/Discoveries.svelte"), menu: ["Technical management", "Discovered hosts"] }),
  eol_radar: page("cis/eol", { view: () => import("../cis/EolRadar.svelte"), menu: ["Technical management", "End-of-life radar"] }),
  capacity: page("capacity", { view: () => import("../cis/RunningOut.svelte"), menu: ["Technical management", "Capacity running out"] }),
  capacity_metric: page("capacity/:id", { params: { id }, nav: "capacity", view: () => import("../cis/CapacityPage.svelte") }),
  ci_impact: page("cis/:id/impact", { params: { id }, nav: "cis", view: () => import("../cis/ImpactPage.svelte") }),
  ci: page("cis/:id", { params: { id }, nav: "cis", view: () => import("../cis/CiPage.svelte") }),
  imports: page("imports", { view: () => import("../imports/ImportHistory.svelte"), menu: ["Workspace", "Import history"] }),
  audit: page("audit", { view: () => import("../audit/AuditPage.svelte"), menu: ["Workspace", "Audit trail"] }),
  audit_entry: page("audit/entry/:id", { params: { id }, nav: "audit", view: () => import("../audit/AuditPage.svelte") }),
  evidence: page("evidence", { view: () => import("../evidence/EvidencePage.svelte"), menu: ["Workspace", "Report & evidence"] }),
  settings: page("settings", { view: () => import("../settings/SettingsPage.svelte"), menu: ["Workspace", "Settings"] }),
} satisfies Record<string, Spec>;

export type Page = keyof typeof ROUTES;
type Values<P> = { [K in keyof P]: P[K] extends Parser<infer T> ? T : never };
export type Route = { [P in Page]: { page: P } & Values<(typeof ROUTES)[P]["params"]> }[Page];

const PAGES = Object.keys(ROUTES) as Page[];

/** The page `parts` name, with its parameters, if any. A path may stop before its last
 * parameters when they have a default (`#/incidents` is the open queue). */
function match(parts: string[]): Route | null {
  for (const p of PAGES) {
    const spec: Spec = ROUTES[p];
    const segments = spec.path.split("/").filter(Boolean);
    if (parts.length > segments.length) continue;
    const route: Record<string, unknown> = { page: p };
    const fits = segments.every((seg, i) => {
      if (seg.startsWith(":")) {
        const value = spec.params?.[seg.slice(1)]?.(parts[i]);
        route[seg.slice(1)] = value;
        return value !== null && value !== undefined;
      }
      // A word of the path left out is fine only before parameters that read nothing.
      return parts[i] === undefined ? segments.slice(i + 1).some((s) => s.startsWith(":")) : parts[i] === seg;
    });
    if (fits) return route as Route;
  }
  return null;
}

/** The route a hash names; a path that names no page shows the nearest page above it (a
 * list for a bad id), or home. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  for (let n = parts.length; n > 0; n--) {
    const r = match(parts.slice(0, n));
    if (r) return r;
  }
  return { page: "home" };
}

export function href(route: Route): string {
  const values = route as unknown as Record<string, unknown>;
  const path = ROUTES[route.page].path
    .split("/")
    .map((seg) => (seg.startsWith(":") ? String(values[seg.slice(1)]) : seg))
    .join("/");
  return `#/${path}`;
}

/** The navigation: each section with its pages' entries, in table order; an entry links to
 * its page with the parameters' defaults (`#/incidents` is the open queue). */
export function menu(): { section: Section; entries: { label: string; route: Route }[] }[] {
  return SECTIONS.map((section) => ({
    section,
    entries: PAGES.flatMap((p) => {
      const spec: Spec = ROUTES[p];
      if (spec.menu?.[0] !== section) return [];
      const fixed = spec.path.split("/:")[0];
      return [{ label: spec.menu[1], route: parseRoute(`#/${fixed}`) }];
    }),
  }));
}

/** The navigation entry a page belongs to (a record's page lights its list). */
export function navOf(page: Page): Page {
  const spec: Spec = ROUTES[page];
  return (spec.nav as Page | undefined) ?? page;
}

/** A record's page from its kind's page template (the core's `RecordKind::page`, after
 * `#/`, `{id}` for the record's id); home when the kind has none. */
export function pageHref(page: string | null | undefined, id: number): string {
  return page ? `#/${page.replace("{id}", String(id))}` : "#/";
}
