// Hash routes: the page a user is on survives reloads and is easy to link to.
export type Route =
  | { page: "home" }
  | { page: "services" }
  | { page: "service"; id: number | "new" }
  | { page: "cis" }
  | { page: "ci"; id: number | "new" }
  | { page: "incidents"; queue: Queue | typeof FIGURES }
  | { page: "incident"; id: number | "new" }
  | { page: "requests"; queue: RequestQueue }
  | { page: "request"; id: number | "new" }
  | { page: "catalogue" }
  | { page: "catalogue_item"; id: number | "new" }
  | { page: "imports" }
  | { page: "sla" }
  | { page: "risks" }
  | { page: "controls" }
  | { page: "control"; id: number | "new" }
  | { page: "frameworks" }
  | { page: "vulnerabilities" }
  | { page: "changes" }
  | { page: "change_calendar" }
  | { page: "change_settings" }
  | { page: "problems" }
  | { page: "problem"; id: number | "new" }
  | { page: "change"; id: number | "new" }
  | { page: "vulnerability"; id: number | "new" }
  | { page: "risk"; id: number | "new" }
  | { page: "knowledge" }
  | { page: "article"; id: number | "new" }
  | { page: "directory"; tab: "people" | "groups" | "vendors" }
  | { page: "audit" }
  | { page: "settings" };

/** The service desk's queues. */
export const QUEUES = ["open", "breaching", "unassigned", "mine", "on_hold", "security", "resolved", "all"] as const;
/** Not a queue: the desk's figures, shown in the same place. */
export const FIGURES = "figures";
export type Queue = (typeof QUEUES)[number];
/** The fulfilment queues over service requests. */
export const REQUEST_QUEUES = ["open", "breaching", "approval", "mine", "all"] as const;
export type RequestQueue = (typeof REQUEST_QUEUES)[number];

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  const id = (s: string | undefined): number | "new" | null => {
    if (s === "new") return "new";
    const n = Number(s);
    return Number.isInteger(n) && n > 0 ? n : null;
  };
  switch (parts[0]) {
    case "services": {
      const i = id(parts[1]);
      return i === null ? { page: "services" } : { page: "service", id: i };
    }
    case "cis": {
      const i = id(parts[1]);
      return i === null ? { page: "cis" } : { page: "ci", id: i };
    }
    case "incidents": {
      if (parts[1] === "queue") {
        const q = parts[2] === FIGURES ? FIGURES : (QUEUES.find((x) => x === parts[2]) ?? "open");
        return { page: "incidents", queue: q };
      }
      const i = id(parts[1]);
      return i === null ? { page: "incidents", queue: "open" } : { page: "incident", id: i };
    }
    case "requests": {
      if (parts[1] === "queue") return { page: "requests", queue: REQUEST_QUEUES.find((x) => x === parts[2]) ?? "open" };
      const i = id(parts[1]);
      return i === null ? { page: "requests", queue: "open" } : { page: "request", id: i };
    }
    case "catalogue": {
      const i = id(parts[1]);
      return i === null ? { page: "catalogue" } : { page: "catalogue_item", id: i };
    }
    case "imports":
      return { page: "imports" };
    case "sla":
      return { page: "sla" };
    case "controls": {
      const i = id(parts[1]);
      return i === null ? { page: "controls" } : { page: "control", id: i };
    }
    case "frameworks":
      return { page: "frameworks" };
    case "problems": {
      const i = id(parts[1]);
      return i === null ? { page: "problems" } : { page: "problem", id: i };
    }
    case "changes": {
      if (parts[1] === "calendar") return { page: "change_calendar" };
      if (parts[1] === "settings") return { page: "change_settings" };
      const i = id(parts[1]);
      return i === null ? { page: "changes" } : { page: "change", id: i };
    }
    case "vulnerabilities": {
      const i = id(parts[1]);
      return i === null ? { page: "vulnerabilities" } : { page: "vulnerability", id: i };
    }
    case "risks": {
      const i = id(parts[1]);
      return i === null ? { page: "risks" } : { page: "risk", id: i };
    }
    case "knowledge": {
      const i = id(parts[1]);
      return i === null ? { page: "knowledge" } : { page: "article", id: i };
    }
    case "directory": {
      const tab = parts[1] === "groups" || parts[1] === "vendors" ? parts[1] : "people";
      return { page: "directory", tab };
    }
    case "audit":
      return { page: "audit" };
    case "settings":
      return { page: "settings" };
    default:
      return { page: "home" };
  }
}

export function href(route: Route): string {
  switch (route.page) {
    case "service":
      return `#/services/${route.id}`;
    case "ci":
      return `#/cis/${route.id}`;
    case "incidents":
      return `#/incidents/queue/${route.queue}`;
    case "incident":
      return `#/incidents/${route.id}`;
    case "article":
      return `#/knowledge/${route.id}`;
    case "requests":
      return `#/requests/queue/${route.queue}`;
    case "request":
      return `#/requests/${route.id}`;
    case "catalogue_item":
      return `#/catalogue/${route.id}`;
    case "risk":
      return `#/risks/${route.id}`;
    case "control":
      return `#/controls/${route.id}`;
    case "vulnerability":
      return `#/vulnerabilities/${route.id}`;
    case "change":
      return `#/changes/${route.id}`;
    case "change_calendar":
      return "#/changes/calendar";
    case "change_settings":
      return "#/changes/settings";
    case "problem":
      return `#/problems/${route.id}`;
    case "directory":
      return `#/directory/${route.tab}`;
    default:
      return `#/${route.page === "home" ? "" : route.page}`;
  }
}

/** A record's page from its kind's page template (the core's `RecordKind::page`, after
 * `#/`, `{id}` for the record's id); home when the kind has none. */
export function pageHref(page: string | null | undefined, id: number): string {
  return page ? `#/${page.replace("{id}", String(id))}` : "#/";
}
