import { compile, type TopLevelSpec } from "vega-lite";
import { beforeAll, describe, expect, it } from "vitest";
import { fig3 } from "../../../../src/experiments/figures/fig03/index.js";
import { CONTOUR_LEVELS } from "../../../../src/experiments/figures/fig03/timeMap.js";
import type { FigureResult } from "../../../../src/experiments/figures/recipe.js";
import { TOY1D_ETA } from "../../../../src/experiments/figures/toy1dFigures.js";

let result: FigureResult;

beforeAll(async () => {
  result = await fig3.run({ size: "smoke", workers: 1 });
}, 60_000);

const rowsOf = (panel: string) => result.rows.filter((r) => r.panel === panel);

describe("Fig. 3 (smoke size)", () => {
  it("draws three (S, b) panels and the heatmap as one compilable spec, with checks that carry verdicts", () => {
    const spec = result.spec as unknown as { hconcat: object[] };
    expect(spec.hconcat).toHaveLength(4);
    expect(() => compile(result.spec as TopLevelSpec)).not.toThrow();
    expect(result.checks.length).toBeGreaterThanOrEqual(10);
    for (const c of result.checks) expect(["PASS", "FAIL", "UNSURE"]).toContain(c.verdict);
    expect(result.parameters.revealed).toHaveProperty("eta", 0.01); // SPEC §6: revealed by the paper's axes
    expect(result.notes.join(" ")).toContain("η = 0.01");
  });

  it("has a trajectory for each λ of the paper and a 3 × 3 heatmap whose times are all reached", () => {
    const lambdas = new Set(rowsOf("geometry").map((r) => r.lambda));
    expect([...lambdas].sort()).toEqual([0, 0.5, 0.75]);
    const heat = rowsOf("time to A_gen 0.95");
    expect(heat).toHaveLength(9);
    for (const r of heat) expect(Number.isFinite(r.log10_t_gen95 as number)).toBe(true);
  });
});

describe("Fig. 3 against independent oracles", () => {
  it("draws a labelled contour for each level that falls inside the smoke map", () => {
    const contour = result.rows.filter((r) => r.panel === "contour");
    const levels = new Set(contour.map((r) => r.level));
    expect(levels.size).toBeGreaterThan(0);
    for (const level of levels) expect(CONTOUR_LEVELS as readonly unknown[]).toContain(level);
    for (const level of levels) expect(contour.filter((r) => r.level === level && r.k === -1)).toHaveLength(1);
  });

  it("the drawn w_SVM is the nearest point to the origin of {S·x_i + b ≤ −1} (brute force over the boundary)", () => {
    // The minimiser of S² + b² over the wedge below the two lines lies on its boundary: the apex (0, −1) or the foot
    // of the perpendicular from the origin onto either line, if that foot is feasible. Enumerate all three.
    for (const lambda of [0.75, 0.5, 0]) {
      const x = 1 - 2 * lambda;
      const points = [-1, x];
      const feasible = ([S, b]: [number, number]) => points.every((p) => S * p + b <= -1 + 1e-12);
      const feet = points.map((p): [number, number] => [-p / (1 + p * p), -1 / (1 + p * p)]);
      const best = [[0, -1] as [number, number], ...feet]
        .filter(feasible)
        .sort((u, v) => Math.hypot(...u) - Math.hypot(...v))[0];
      const drawn = rowsOf("geometry").find((r) => r.lambda === lambda && String(r.series).startsWith("extended SVM"));
      // 1e-6: the rows carry six significant digits
      expect(Math.abs((drawn?.S as number) - best[0])).toBeLessThan(1e-6);
      expect(Math.abs((drawn?.b as number) - best[1])).toBeLessThan(1e-6);
    }
  });

  it("at σ = 16, 1 − 2λ = 1e-2 the time to A_gen = 0.95 equals the σ → ∞ closed form within 0.02 decades", () => {
    // σ → ∞: σS jumps to S̃_∞ = log(1/x)/(1 + x) at once; then db/dt = −ηg e^b with g = ½(e^{S̃x} + e^{−S̃}), so
    // e^{−b} = 1 + ηgt, and A_gen = Φ(−b/S̃) = 0.95 at −b = 1.6448536… S̃ (the standard normal 95% quantile).
    const x = 1e-2;
    const sInf = Math.log(1 / x) / (1 + x);
    const g = 0.5 * (Math.exp(sInf * x) + Math.exp(-sInf));
    const expected = Math.log10(Math.expm1(1.6448536269514722 * sInf) / (TOY1D_ETA * g));
    const cell = rowsOf("time to A_gen 0.95").find((r) => r.sigma === 16 && r.log10_one_minus_2lambda === -2);
    // 0.02 decades: the finite-σ transient of S shifts b by O(1/σ²) (measured 1e-4 decades at σ = 16)
    expect(Math.abs((cell?.log10_t_gen95 as number) - expected)).toBeLessThan(0.02);
  });
});
