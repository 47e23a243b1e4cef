import { describe, expect, it } from "vitest";
import { defaultRunConfig, type RunConfig } from "../../../../src/config/run.js";
import { typicalDraw } from "../../../../src/experiments/figures/fig02/draws.js";
import { binCounts, projections } from "../../../../src/experiments/figures/fig02/left.js";
import { decideSeparability } from "../../../../src/theory/separability.js";
import { svmThroughOrigin } from "../../../../src/theory/svm.js";

describe("Fig. 2 left: projections, bins and the choice of draw", () => {
  const base: RunConfig = { ...defaultRunConfig, n: 100, epochs: 10 };

  it("the typical draw's class matches the exact LP certificate: inseparable at λ = 0.48, separable at 0.52", async () => {
    for (const lambda of [0.48, 0.52]) {
      const { data, limit, skipped, config } = typicalDraw(base, lambda);
      const lp = await decideSeparability(data.X, data.n, data.d);
      expect(lp.separable).toBe(lambda > 0.5);
      expect(limit.separable).toBe(lambda > 0.5);
      expect(config.runIndex).toBe(skipped.length); // the first index of the class, none passed over silently
    }
  });

  it("projections on the SVM direction: max S*·x_i/‖S*‖ = −M, the margin the SVM reports (to 1e-9 relative)", () => {
    const { data } = typicalDraw(base, 0.8);
    const svm = svmThroughOrigin(data.X, data.n, data.d);
    if (!svm.separable) throw new Error("λ = 0.8 draw must be separable");
    const p = projections(data.X, data.n, data.d, svm.S);
    // support vectors sit on S·x = −1, i.e. at −1/‖S*‖ = −M after normalising; the SVM's KKT tolerance is ~1e-10
    expect(Math.abs(Math.max(...p) + svm.margin) / svm.margin).toBeLessThan(1e-9);
  });

  it("binCounts puts every value in one bin, the maximum in the last", () => {
    const counts = binCounts([-1, -0.5, 0, 0.25, 1], -1, 1, 4);
    expect(counts).toEqual([1, 1, 2, 1]);
  });
});
