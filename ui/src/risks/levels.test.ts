import { describe, expect, it } from "vitest";
import type { RiskMatrix } from "../lib/bindings";
import { levelBadge, levelName } from "./levels";

const matrix = {
  likelihood: [], impact: [], cells: [], appetite: 2,
  levels: ["Very low", "Low", "Medium", "High", "Very high"].map((name) => ({ name, colour: "#000000", review_days: 90 })),
} as RiskMatrix;

describe("risk levels", () => {
  it("badges by place against the appetite", () => {
    expect([0, 1, 2, 3, 4].map((l) => levelBadge(matrix, l))).toEqual(["low", "low", "medium", "high", "critical"]);
    expect(levelBadge(matrix, null)).toBe("");
  });
  it("names levels, and unrated risks", () => {
    expect(levelName(matrix, 4)).toBe("Very high");
    expect(levelName(matrix, null)).toBe("not rated");
  });
});
