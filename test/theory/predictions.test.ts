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

  it("the dashed long-time curve (exp loss) is e^{−b} = e^{−b_0} + C t, C = mean e^{z_i} (closed form, SPEC §6)", () => {
    const z = Float64Array.of(-3, -1, 0.5, -2);
    const C = z.reduce((a, v) => a + Math.exp(v), 0) / z.length;
    const pts = longTimePrediction("exp", z, 4, 0.3, [0, 2, 1e6]);
    expect(pts[0].b).toBe(0.3);
    for (const p of pts.slice(1)) expect(p.b).toBeCloseTo(-Math.log(Math.exp(-0.3) + C * p.t), 12); // float error
    expect(pts[2].pop_acc).toBe(populationAccuracy(pts[2].b, 4));
  });

  it("the logistic bias equation matches an independent fine Euler integration of db/dt = −mean sigmoid(z + b)", () => {
    const z = Float64Array.from({ length: 50 }, (_, i) => -4 + (i * 5) / 49);
    const times = [0.5, 3, 20];
    const pts = longTimePrediction("logistic", z, 3, 0, times);
    // oracle: explicit Euler with dt = 1e-5 (global error O(dt) ≈ 1e-5 · |b''|·t, below 1e-4 here)
    let b = 0;
    let t = 0;
    const dt = 1e-5;
    for (const [k, T] of times.entries()) {
      for (; t < T - 1e-12; t += dt) b -= dt * (z.reduce((a, v) => a + 1 / (1 + Math.exp(-(v + b))), 0) / z.length);
      expect(Math.abs(pts[k].b - b)).toBeLessThan(1e-4);
    }
  });

  it("the logistic bias equation becomes the exponential form once every z_i + b ≪ 0 (b ≈ −log(C t) late)", () => {
    const z = Float64Array.of(-2, -1, 0, 1);
    const C = z.reduce((a, v) => a + Math.exp(v), 0) / z.length;
    const [late] = longTimePrediction("logistic", z, 2, 0, [1e8]);
    // sigmoid(u) = e^u (1 − e^u + …): the forms differ by an O(1) constant in e^{−b} from the early transient, i.e.
    // by O(1/(C t)) ≈ 1e-8 in b at t = 1e8
    expect(Math.abs(late.b + Math.log(C * 1e8))).toBeLessThan(1e-3);
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
