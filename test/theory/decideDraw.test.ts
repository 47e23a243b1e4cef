import { describe, expect, it } from "vitest";
import { decideNested, drawTheory, firstColumns } from "../../src/theory/decideDraw.js";
import { sInfinity } from "../../src/theory/sinf.js";
import { trainingData } from "../../src/train/run.js";

describe("decideNested: S_∞ along the first d columns of one draw", () => {
  it("matches a cold solve at every d, and inherits separability after the first separable d", async () => {
    // N = 60 around the edge (d = 30 is λ = ½); d = 10 … 40 straddle it, so some chains turn separable
    const n = 60;
    const ds = [10, 20, 26, 30, 34, 40];
    let turned = 0;
    for (let k = 0; k < 6; k++) {
      const data = trainingData({ n, d: 40, sigma: 1, seed: 5, runIndex: k });
      const steps = await decideNested(data.X, n, 40, ds);
      let separableBefore = false;
      for (const s of steps) {
        const cold = sInfinity(firstColumns(data.X, n, 40, s.d), n, s.d);
        // separability is monotone in d for nested columns; the cold solve decides each d on its own
        expect(s.separable).toBe(cold.separable);
        if (separableBefore) expect(s.method).toBe("nested");
        if (s.separable === false) {
          // one convex minimiser: warm and cold starts agree to the solver's tolerance (gradient 1e-12 scaled)
          expect(Math.abs((s.sinf?.norm as number) - cold.norm) / cold.norm).toBeLessThan(1e-8);
        }
        separableBefore ||= s.separable === true;
      }
      if (steps[0].separable === false && steps.at(-1)?.separable === true) turned++;
    }
    expect(turned).toBeGreaterThan(0);
  });

  it("firstColumns keeps rows and cuts columns", () => {
    const X = Float64Array.from([1, 2, 3, 4, 5, 6]); // 2 × 3
    expect([...firstColumns(X, 2, 3, 2)]).toEqual([1, 2, 4, 5]);
  });
});

describe("drawTheory: one draw's theory, as `grokedge train --theory` writes it", () => {
  it("keeps the written keys in their order: the decision, then the inseparable or the separable part", async () => {
    const inseparable = await drawTheory(trainingData({ n: 60, d: 12, sigma: 5, seed: 1, runIndex: 0 }), 5);
    expect(inseparable.separable).toBe(false);
    expect(Object.keys(inseparable)).toEqual([
      "wendel_probability",
      "separable",
      "method",
      "s_inf_norm",
      "sigma_s_inf_norm",
      "positive_fraction",
      "positive_mean",
      "predicted_final_pop_acc",
    ]);
    expect(inseparable.sigma_s_inf_norm).toBe(5 * (inseparable.s_inf_norm as number));
    const separable = await drawTheory(trainingData({ n: 20, d: 18, sigma: 5, seed: 1, runIndex: 0 }), 5);
    expect(separable.separable).toBe(true);
    expect(Object.keys(separable)).toEqual([
      "wendel_probability",
      "separable",
      "method",
      "margin",
      "predicted_final_pop_acc",
      "predicted_b_over_norm_s",
    ]);
    expect(separable.predicted_b_over_norm_s).toBe(-1 / (separable.margin as number));
  });
});
