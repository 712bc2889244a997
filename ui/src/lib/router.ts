// Hash routes: the page a user is on survives reloads and is easy to link to. `ROUTES` is the
// one table of pages: each with its path (`:name` segments are parameters, read by the parser
// given for them) and the navigation entry it belongs to; `Route`, `parseRoute` and `href`
// all come from it, and the shell's view map is typed by its pages (a page without a view
// does not compile).

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

type Spec = { path: string; params?: Record<string, Parser<unknown>>; nav?: string };
function page<const P extends Record<string, Parser<unknown>> = Record<never, never>>(path: string, params?: P, nav?: string) {
  return { path, params: (params ?? {}) as P, nav };
}

export const ROUTES = {
  home: page(""),
  services: page("services"),
  service: page("services/:id", { id }, "services"),
  cis: page("cis"),
  ci: page("cis/:id", { id }, "cis"),
  incidents: page("incidents/queue/:queue", { queue: oneOf([...QUEUES, FIGURES] as const, "open") }),
  incident: page("incidents/:id", { id }, "incidents"),
  requests: page("requests/queue/:queue", { queue: oneOf(REQUEST_QUEUES, "open") }),
  request: page("requests/:id", { id }, "requests"),
  catalogue: page("catalogue"),
  catalogue_item: page("catalogue/:id", { id }, "catalogue"),
  imports: page("imports"),
  sla: page("sla"),
  risks: page("risks"),
  risk: page("risks/:id", { id }, "risks"),
  controls: page("controls"),
  control: page("controls/:id", { id }, "controls"),
  frameworks: page("frameworks"),
  vulnerabilities: page("vulnerabilities"),
  vulnerability: page("vulnerabilities/:id", { id }, "vulnerabilities"),
  changes: page("changes"),
  change: page("changes/:id", { id }, "changes"),
  change_calendar: page("changes/calendar"),
  change_settings: page("changes/settings", {}, "changes"),
  problems: page("problems"),
  problem: page("problems/:id", { id }, "problems"),
  knowledge: page("knowledge"),
  article: page("knowledge/:id", { id }, "knowledge"),
  deployments: page("deployments"),
  deployment: page("deployments/:id", { id }, "deployments"),
  improvement: page("improvement"),
  initiative: page("improvement/:id", { id }, "improvement"),
  assessments: page("assessments"),
  criteria: page("assessments/criteria", {}, "assessments"),
  assessment: page("assessments/:id", { id }, "assessments"),
  directory: page("directory/:tab", { tab: oneOf(["people", "groups", "vendors"] as const, "people") }),
  audit: page("audit"),
  settings: page("settings"),
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
