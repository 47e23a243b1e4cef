import { describe, expect, it } from "vitest";
import { populationAccuracy } from "../../src/core/population.js";
import {
  extendedCosine,
  extendedSvmFromThroughOrigin,
  longTimePrediction,
  separableAsymptote,
  separableLimitAccuracy,
} from "../../src/theory/predictions.js";

describe("long-time predictions (SPEC §3.4)", () => {
  it("the separable limit is the population accuracy on the line b/‖S‖ = −1/M", () => {
    for (const [M, sigma] of [
      [0.2, 1],
      [1.5, 5],
      [0.05, 10],
    ]) {
      const { b, normS } = separableAsymptote(M, 1e30);
      expect(b / normS).toBeCloseTo(-1 / M, 12); // exact identity; float error only
      // same closed form evaluated two ways (erf vs erfc): agreement to float error
      expect(Math.abs(separableLimitAccuracy(M, sigma) - populationAccuracy(b, sigma * normS))).toBeLessThan(1e-14);
    }
  });

  it("w_SVM = (M² S*, −1)/(1+M²) satisfies the extended constraints' scaling: S*-margin 1 maps to b − M²/(1+M²) = −1", () => {
    // S* with ‖S*‖ = 1/M: a support vector has S*·x = −1, so w·(x, 1) = −M²/(1+M²) − 1/(1+M²) = −1 (tight)
    const M = 0.7;
    const Sstar = new Float64Array([1 / M, 0]);
    const w = extendedSvmFromThroughOrigin(Sstar, M);
    const x = [-M, 3]; // S*·x = −1
    expect(w.S[0] * x[0] + w.S[1] * x[1] + w.b).toBeCloseTo(-1, 14);
    expect(extendedCosine(w.S, w.b, w.S, w.b)).toBeCloseTo(1, 14);
  });

  it("the dashed long-time curve starts at the current state and then follows b(t0) − log(t/t0)", () => {
    const pts = longTimePrediction("logistic", 6, -5, 1e3, [1e3, 1e6]);
    expect(pts[0].pop_acc).toBe(populationAccuracy(-5, 6));
    expect(pts[1].b).toBeCloseTo(-5 - Math.log(1e3), 12);
    expect(pts[1].pop_acc).toBeGreaterThan(pts[0].pop_acc);
  });
});
