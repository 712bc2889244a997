// The CVSS base metrics a vector editor offers (FIRST's specifications), and turning a
// vector string into picks and back. Scores are computed by the core, never here.
export type Metric = { key: string; name: string; values: [string, string][] };

export const V31: Metric[] = [
  { key: "AV", name: "Attack Vector", values: [["N", "Network"], ["A", "Adjacent"], ["L", "Local"], ["P", "Physical"]] },
  { key: "AC", name: "Attack Complexity", values: [["L", "Low"], ["H", "High"]] },
  { key: "PR", name: "Privileges Required", values: [["N", "None"], ["L", "Low"], ["H", "High"]] },
  { key: "UI", name: "User Interaction", values: [["N", "None"], ["R", "Required"]] },
  { key: "S", name: "Scope", values: [["U", "Unchanged"], ["C", "Changed"]] },
  { key: "C", name: "Confidentiality", values: [["H", "High"], ["L", "Low"], ["N", "None"]] },
  { key: "I", name: "Integrity", values: [["H", "High"], ["L", "Low"], ["N", "None"]] },
  { key: "A", name: "Availability", values: [["H", "High"], ["L", "Low"], ["N", "None"]] },
];

const impact: [string, string][] = [["H", "High"], ["L", "Low"], ["N", "None"]];
export const V40: Metric[] = [
  { key: "AV", name: "Attack Vector", values: [["N", "Network"], ["A", "Adjacent"], ["L", "Local"], ["P", "Physical"]] },
  { key: "AC", name: "Attack Complexity", values: [["L", "Low"], ["H", "High"]] },
  { key: "AT", name: "Attack Requirements", values: [["N", "None"], ["P", "Present"]] },
  { key: "PR", name: "Privileges Required", values: [["N", "None"], ["L", "Low"], ["H", "High"]] },
  { key: "UI", name: "User Interaction", values: [["N", "None"], ["P", "Passive"], ["A", "Active"]] },
  { key: "VC", name: "Vulnerable System Confidentiality", values: impact },
  { key: "VI", name: "Vulnerable System Integrity", values: impact },
  { key: "VA", name: "Vulnerable System Availability", values: impact },
  { key: "SC", name: "Subsequent System Confidentiality", values: impact },
  { key: "SI", name: "Subsequent System Integrity", values: impact },
  { key: "SA", name: "Subsequent System Availability", values: impact },
];

export type Version = "3.0" | "3.1" | "4.0";

export function metricsOf(version: Version): Metric[] {
  return version === "4.0" ? V40 : V31;
}

/** The version and metric picks of a vector ("CVSS:3.1/AV:N/..."); other metrics are kept aside. */
export function parseVector(vector: string): { version: Version; picks: Record<string, string>; rest: string[] } {
  const [head, ...parts] = vector.trim().split("/");
  const v = head?.replace(/^CVSS:/, "");
  const version: Version = v === "3.0" || v === "4.0" ? v : "3.1";
  const keys = new Set(metricsOf(version).map((m) => m.key));
  const picks: Record<string, string> = {};
  const rest: string[] = [];
  for (const p of parts) {
    const [k, val] = p.split(":");
    if (k && val !== undefined && keys.has(k)) picks[k] = val;
    else if (p) rest.push(p);
  }
  return { version, picks, rest };
}

/** The vector for the picks, in the specification's order; empty while a base metric is unpicked. */
export function buildVector(version: Version, picks: Record<string, string>, rest: string[] = []): string {
  const metrics = metricsOf(version);
  if (metrics.some((m) => !picks[m.key])) return "";
  return [`CVSS:${version}`, ...metrics.map((m) => `${m.key}:${picks[m.key]}`), ...rest].join("/");
}
