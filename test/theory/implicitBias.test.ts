import { describe, expect, it } from "vitest";
import { defaultRunConfig } from "../../src/config/run.js";
import type { Dataset } from "../../src/core/data.js";
import { extendedCosine, separableLimitAccuracy } from "../../src/theory/predictions.js";
import { svmExtended, svmThroughOrigin } from "../../src/theory/svm.js";
import { type FlowOptions, gradientFlow } from "../../src/train/flow.js";
import { trainingData } from "../../src/train/run.js";

const flowTo = (data: Dataset, S: Float64Array, b: number, duration: number, sigma: number) => {
  const o: FlowOptions = {
    loss: "logistic",
    sigma,
    tMax: duration,
    tFirst: duration,
    perDecade: 1,
    rtol: 1e-9,
    atol: 1e-12,
    accThreshold: 0.9,
    lossThreshold: 0.01,
    lr: 1,
  };
  return gradientFlow(data, null, S, b, o);
};

/** A separable draw: d/N = λ > ½ at σ = 1. */
function separableDraw(n: number, lambda: number, seed: number, sigma = 1): Dataset {
  return trainingData({ ...defaultRunConfig, n, d: Math.round(lambda * n), sigma, seed });
}

describe("implicit bias of gradient descent (SPEC §3.3–3.4)", () => {
  it("the direction of (S, b)(t) approaches the extended SVM w_SVM: the cosine rises towards 1", () => {
    const data = separableDraw(40, 0.8, 3);
    const svm = svmExtended(data.X, data.n, data.d);
    if (!svm.separable || svm.b === undefined) throw new Error("draw must be separable");
    // the flow is autonomous in t, so continuing from (S, b)(t1) for a duration t2 − t1 ≈ t2 gives (S, b)(t2)
    let S: Float64Array = new Float64Array(data.d);
    let b = 0;
    const cosines: number[] = [];
    let t = 0;
    for (const target of [1e2, 1e6, 1e20, 1e60]) {
      const f = flowTo(data, S, b, target - t, 1);
      S = f.S;
      b = f.b;
      t = target;
      cosines.push(extendedCosine(S, b, svm.S, svm.b));
    }
    for (let k = 1; k < cosines.length; k++) expect(cosines[k]).toBeGreaterThan(cosines[k - 1]);
    // w(t) = w_SVM log t + ρ(t) with ρ bounded: 1 − cos = O(1/log² t); at t = 1e60 (log t = 138) well under 1e-3
    expect(1 - cosines[cosines.length - 1]).toBeLessThan(1e-3);
  });

  for (const lambda of [0.6, 0.8]) {
    it(`at λ = ${lambda} (N = 200, separable) the population accuracy ends within 0.01 of ½[1 + erf(1/(√2 σ M))]`, () => {
      // σ = 5 (Fig. 1's) puts the limit well inside (½, 1): 0.67 at λ = 0.6 and 0.56 at λ = 0.8 for these draws
      const sigma = 5;
      let data = separableDraw(200, lambda, 0, sigma);
      let svm = svmThroughOrigin(data.X, data.n, data.d);
      for (let seed = 1; !svm.separable; seed++) {
        data = separableDraw(200, lambda, seed, sigma); // at λ = 0.6, N = 200 a draw is separable with P ≈ 0.998
        svm = svmThroughOrigin(data.X, data.n, data.d);
      }
      if (!svm.separable) throw new Error("unreachable");
      const f = flowTo(data, new Float64Array(data.d), 0, 1e30, sigma);
      const last = f.checkpoints[f.checkpoints.length - 1];
      const limit = separableLimitAccuracy(svm.margin, sigma);
      // the direction error is O(1/log t); at t = 1e30 the accuracy is within 0.005 of the limit (observed 0.6683 vs
      // 0.6725 at λ = 0.6, 0.5551 vs 0.5555 at λ = 0.8), and it keeps closing: 0.6721 at t = 1e300
      expect(Math.abs(last.pop_acc - limit)).toBeLessThan(0.01);
      expect(last.train_acc).toBe(1);
    });
  }
});
