import { describe, expect, it } from "vitest";
import { decadeChannel, decadeLabel, decadeTicks, fixedChannel } from "../../src/plot/decadeAxes.js";

/** Evaluate a decadeTicks labelExpr at `value` (it indexes a literal array by round((value − first)/step)). */
function labelAt(labelExpr: string, value: number): string {
  const m = labelExpr.match(/^(\[.*\])\[round\(\(datum\.value - \((-?[\d.]+)\)\) \/ ([\d.]+)\)\]$/);
  if (!m) throw new Error(`unexpected labelExpr ${labelExpr}`);
  const labels = JSON.parse(m[1]) as string[];
  return labels[Math.round((value - Number(m[2])) / Number(m[3]))];
}

describe("decade axes", () => {
  it("ticks every step decades inside [lo, hi] and labels each 10ⁿ with superscripts, minus signs included", () => {
    const t = decadeTicks(-11.5, 20, 10);
    expect(t.values).toEqual([-10, 0, 10, 20]);
    expect(t.values.map((v) => labelAt(t.labelExpr, v))).toEqual(["10⁻¹⁰", "10⁰", "10¹⁰", "10²⁰"]);
  });

  it("keeps the domain's ends when they are decades themselves (no float drift drops them)", () => {
    expect(decadeTicks(-6, -2).values).toEqual([-6, -5, -4, -3, -2]);
  });

  it("writes m·10ᵏ levels as the axis does: 10⁷, 3·10⁶, 9·10⁷", () => {
    expect([1e7, 3e6, 9e7].map(decadeLabel)).toEqual(["10⁷", "3·10⁶", "9·10⁷"]);
  });

  it("a decade channel is a fixed, un-niced domain whose axis carries the ticks; a fixed channel may have no axis", () => {
    const c = decadeChannel("log10_t", [-1, 25], "t", 5);
    expect(c.scale).toEqual({ domain: [-1, 25], nice: false, zero: false });
    // + 0: the first tick is Math.ceil(−0.2) = −0, which Vega draws as 0
    const axis = c.axis ?? {};
    expect((axis.values as number[]).map((v) => v + 0)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(axis.title).toBe("t");
    expect(fixedChannel("x", [0, 1])).not.toHaveProperty("axis");
  });
});
