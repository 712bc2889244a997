import { describe, expect, it } from "vitest";
import type { RiskMatrix } from "../lib/bindings";
import { cellWords, levelBadge, levelName } from "./levels";

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

describe("cellWords", () => {
  it("names a cell by the matrix's labels, numbers when it has none", () => {
    const m = { likelihood: [{ label: "Rare", description: "" }, { label: "Unlikely", description: "" }], impact: [{ label: "Minor", description: "" }] } as never;
    expect(cellWords(m, 2, 1)).toBe("Unlikely (2) × Minor (1)");
    expect(cellWords(m, 3, 1)).toBe("3 × Minor (1)");
    expect(cellWords(null, 1, 1)).toBe("1 × 1");
  });
});
