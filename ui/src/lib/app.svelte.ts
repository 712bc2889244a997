// App-wide state: what the shell knows (identity, open workspace), the choice lists, the
// current route and the messages shown to the user.
import { api, AppError, toAppError } from "./api";
import { formatDate, formatInstant } from "./format";
import { todayIn } from "./clock";
import { pageHref, parseRoute, type Route } from "./router";
import { unsaved } from "./unsaved.svelte";
import type { Choices } from "./bindings";
import type { AppStatus, TrailStatus } from "./bindings";
import { SvelteMap } from "svelte/reactivity";

class AppState {
  status = $state<AppStatus | null>(null);
  choices = $state<Choices | null>(null);
  route = $state<Route>(parseRoute(location.hash));
  error = $state<AppError | null>(null);
  notice = $state<string | null>(null);
  /** The walk of the open workspace's whole audit chain, run beside it after it opened. */
  trail = $state<TrailStatus | null>(null);
  #trailTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped after anything that changes records, so open views reload. */
  revision = $state(0);
  /** The fields on screen that show their own errors (name -> how many), so an error about
   *  any other field goes to the banner instead of nowhere. */
  fieldsShown = new SvelteMap<string, number>();

  /** The hash of the page shown (a form with unsaved changes can hold the user on it). */
  #hash = location.hash;

  constructor() {
    // A link is asked about before it is followed, so the history keeps no page twice.
    document.addEventListener(
      "click",
      (e) => {
        const a = e.target instanceof Element ? e.target.closest<HTMLAnchorElement>("a[href^='#']") : null;
        const target = a?.getAttribute("href");
        if (!target || e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || target === location.hash) return;
        if (!unsaved.mayLeave(target)) e.preventDefault();
      },
      true,
    );
    // Any other way (the back key, a page moving on by itself) is turned back until answered.
    window.addEventListener("hashchange", () => {
      if (location.hash === this.#hash) return;
      if (!unsaved.mayLeave(location.hash)) {
        // Back on the page being left (replacing the entry fires no event) until the user answers.
        history.replaceState(history.state, "", this.#hash || "#/");
        return;
      }
      this.#hash = location.hash;
      this.route = parseRoute(location.hash);
      this.error = null;
    });
  }

  /** Goes to `hash`, asking first when a form holds unsaved changes. */
  go(hash: string) {
    if (unsaved.mayLeave(hash)) location.hash = hash;
  }

  get workspace() {
    return this.status?.workspace ?? null;
  }

  /** Where a record of a kind is shown (the core declares each kind's page). */
  recordHref(kind: string, id: number): string {
    return pageHref(this.choices?.record_kind.find((k) => k.value === kind)?.page, id);
  }

  /** A stored instant in the workspace's zone and format. */
  time(iso: string | null | undefined): string {
    const s = this.workspace?.settings;
    return formatInstant(iso, s?.display_timezone ?? "UTC", s?.date_format ?? "iso");
  }

  /** A stored date (YYYY-MM-DD) in the workspace's date format. */
  date(d: string | null | undefined): string {
    return d ? formatDate(d, this.workspace?.settings.date_format ?? "iso") : "";
  }

  /** Today in the workspace's display zone, as the core reads "overdue": YYYY-MM-DD. */
  today(): string {
    return todayIn(this.workspace?.settings.display_timezone ?? "UTC");
  }

  async boot() {
    try {
      this.choices = await api.choices();
      this.status = await api.appStatus();
      if (this.status.identity && !this.status.workspace && this.status.start_exists) {
        this.status = await api.openStartWorkspace();
        this.tellOpened();
      }
    } catch (e) {
      this.fail(e);
      this.status ??= await api.appStatus().catch(() => null);
    }
  }

  /** Runs a workspace-level action that returns the new status. */
  async apply(action: () => Promise<AppStatus>) {
    try {
      this.status = await action();
      this.error = null;
      this.tellOpened();
      this.revision++;
    } catch (e) {
      this.fail(e);
    }
  }

  /** What opening the workspace found: the audit trail's verdict stays in its own banner
   *  (the trail's status: a trail cut or rewritten since Steward last had it open, or an
   *  entry the walk found altered); housekeeping that failed is said once. */
  tellOpened() {
    this.watchTrail();
    const s = this.status;
    if (s?.housekeeping_error) this.error = new AppError(s.housekeeping_error);
  }

  /** Asks how the chain's walk stands until it is done: a chain that does not verify stays
   *  on screen (the banner names its first bad entry) until another workspace opens. */
  watchTrail() {
    clearTimeout(this.#trailTimer);
    this.trail = null;
    if (!this.status?.workspace) return;
    const ask = async () => {
      try {
        this.trail = await api.trailStatus();
        if (this.trail.checking) this.#trailTimer = setTimeout(ask, 700);
      } catch {
        this.trail = null;
      }
    };
    ask();
  }

  fail(e: unknown) {
    this.error = toAppError(e);
  }

  /** Whether the current error belongs in the banner (no field on screen shows it). */
  get bannerError(): AppError | null {
    const e = this.error;
    return e && (!e.field || !this.fieldsShown.get(e.field)) ? e : null;
  }

  /** A field showing its own errors appears (returns its removal). */
  showField(name: string): () => void {
    this.fieldsShown.set(name, (this.fieldsShown.get(name) ?? 0) + 1);
    return () => {
      const n = (this.fieldsShown.get(name) ?? 1) - 1;
      if (n > 0) this.fieldsShown.set(name, n);
      else this.fieldsShown.delete(name);
    };
  }

  /** After a new workspace is made: the zone its times are shown in, the computer's. */
  sayZone() {
    const z = this.workspace?.settings.display_timezone;
    if (z) this.say(`Times in this workspace are shown in ${z}, your computer's zone; Settings changes it.`);
  }

  say(text: string) {
    this.notice = text;
    setTimeout(() => {
      if (this.notice === text) this.notice = null;
    }, 6000);
  }

  changed() {
    this.revision++;
  }
}

export const app = new AppState();
