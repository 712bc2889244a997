// How a level of the workspace's risk matrix shows in lists: a badge class by its place
// against the appetite (the matrix's own colours are in the heatmap).
import type { RiskMatrix } from "../lib/bindings";

export function levelBadge(matrix: RiskMatrix | null, level: number | null): string {
  if (matrix === null || level === null) return "";
  if (level < matrix.appetite) return "low";
  if (level === matrix.appetite) return "medium";
  return level === matrix.appetite + 1 ? "high" : "critical";
}

export function levelName(matrix: RiskMatrix | null, level: number | null): string {
  return level === null ? "not rated" : (matrix?.levels[level]?.name ?? String(level));
}

/** A cell in the matrix's words: "Unlikely (2) × Moderate (3)". */
export function cellWords(matrix: RiskMatrix | null, likelihood: number, impact: number): string {
  const step = (steps: { label: string }[] | undefined, n: number) => (steps?.[n - 1] ? `${steps[n - 1].label} (${n})` : String(n));
  return `${step(matrix?.likelihood, likelihood)} × ${step(matrix?.impact, impact)}`;
}
