import { describe, expect, it } from "vitest";
import { defaultRunConfig } from "../../src/config/run.js";
import { populationAccuracy } from "../../src/core/population.js";
import {
  extendedCosine,
  extendedSvmFromThroughOrigin,
  longTimePrediction,
  separableAsymptote,
  separableLimitAccuracy,
} from "../../src/theory/predictions.js";
import { svmExtended, svmThroughOrigin } from "../../src/theory/svm.js";
import { trainingData } from "../../src/train/run.js";

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

describe("the extended SVM from the through-origin one", () => {
  it("(M² S*, −1)/(1+M²) equals the solved extended SVM on a random separable draw (1e-8)", () => {
    const data = trainingData({ ...defaultRunConfig, n: 60, d: 45, sigma: 1, seed: 2 });
    const star = svmThroughOrigin(data.X, data.n, data.d);
    const ext = svmExtended(data.X, data.n, data.d);
    if (!star.separable || !ext.separable || ext.b === undefined) throw new Error("draw must be separable");
    const w = extendedSvmFromThroughOrigin(star.S, star.margin);
    // both solvers stop at KKT residuals < 1e-10; the identity is exact
    expect(Math.abs(w.b - ext.b)).toBeLessThan(1e-8);
    for (let j = 0; j < data.d; j++) expect(Math.abs(w.S[j] - ext.S[j])).toBeLessThan(1e-8);
  });
});
