/** S_∞ by matrix-free Newton–CG (theory/sinfNewtonCG.ts) against the dense Newton solver (theory/sinf.ts). */
import { describe, expect, it } from "vitest";
import { defaultRunConfig } from "../../src/config/run.js";
import { norm } from "../../src/core/vector.js";
import { sInfinity } from "../../src/theory/sinf.js";
import { logits, sInfinityNewtonCG } from "../../src/theory/sinfNewtonCG.js";
import { trainingData, trainingSet } from "../../src/train/run.js";

describe("S_∞ by Newton–CG on the fused kernel", () => {
  it("finds the dense solver's S_∞ on inseparable draws (N = 400, λ = 0.45)", () => {
    for (const runIndex of [0, 1]) {
      const c = { ...defaultRunConfig, n: 400, d: 180, sigma: 1, runIndex };
      const data = trainingData(c);
      const dense = sInfinity(data.X, data.n, data.d);
      const cg = sInfinityNewtonCG(data, new Float64Array(c.d));
      expect(dense.separable).toBe(false);
      expect(cg.converged).toBe(true);
      // both stop at a scaled gradient ≤ 1e-9 of a strictly convex function: the minimisers agree to ~1e-7
      let diff = 0;
      for (let j = 0; j < c.d; j++) diff = Math.max(diff, Math.abs(cg.S[j] - dense.S[j]));
      expect(diff / dense.norm).toBeLessThan(1e-6);
    }
  });

  it("reads an f32 X in place and agrees with the f64 solve of the same (widened) values", () => {
    const c = { ...defaultRunConfig, n: 400, d: 180, sigma: 1, precision: "f32" as const };
    const f32 = trainingSet(c);
    expect(f32.X).toBeInstanceOf(Float32Array);
    const f64 = trainingData(c); // float32-rounded values in float64
    const a = sInfinityNewtonCG(f32, new Float64Array(c.d));
    const b = sInfinityNewtonCG(f64, new Float64Array(c.d));
    // the kernel widens each f32 element exactly: same gradients, same iterates (to summation rounding)
    expect(Math.abs(norm(a.S) - norm(b.S)) / norm(b.S)).toBeLessThan(1e-9);
  });

  it("certifies a separable draw (λ = 0.7): its S separates every point from the origin", () => {
    const c = { ...defaultRunConfig, n: 200, d: 140, sigma: 1 };
    const data = trainingData(c);
    const r = sInfinityNewtonCG(data, new Float64Array(c.d));
    expect(r.separable).toBe(true);
    expect(r.converged).toBe(false);
    // the certificate, checked by brute force: S·x_i < 0 for all i
    expect(Math.max(...logits(data, r.S))).toBeLessThan(0);
  });

  it("is warm-started: from S_∞ itself it converges with no Newton step", () => {
    const c = { ...defaultRunConfig, n: 400, d: 180, sigma: 1 };
    const data = trainingData(c);
    const first = sInfinityNewtonCG(data, new Float64Array(c.d));
    const again = sInfinityNewtonCG(data, first.S);
    expect(again.converged).toBe(true);
    expect(again.newtonSteps).toBe(0);
    expect(again.passes).toBe(1);
  });
});
