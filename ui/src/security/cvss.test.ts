import { describe, expect, it } from "vitest";
import { buildVector, parseVector } from "./cvss";

describe("CVSS vector editor", () => {
  it("reads a vector into picks and writes it back in the specification's order", () => {
    const p = parseVector("CVSS:3.1/C:H/I:H/A:H/AV:N/AC:L/PR:N/UI:N/S:U/E:U");
    expect(p.version).toBe("3.1");
    expect(p.rest).toEqual(["E:U"]);
    expect(buildVector(p.version, p.picks, p.rest)).toBe("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U");
  });
  it("builds nothing until every base metric is picked", () => {
    expect(buildVector("4.0", { AV: "N" })).toBe("");
    const p = parseVector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
    expect(buildVector("4.0", p.picks)).toBe("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
  });
});
