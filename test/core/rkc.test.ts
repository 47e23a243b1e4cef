/** RKC (core/rkc.ts): exact on what it must integrate exactly, second order, and stable far beyond explicit Euler. */
import { describe, expect, it } from "vitest";
import { hermite, RkcCoefficients, rkc, stagesFor } from "../../src/core/rkc.js";

/** The stability polynomial R_s(z) of the s-stage method: Y_j of y' = λy with hλ = z, y0 = 1. */
function stability(s: number, z: number): number {
  const c = new RkcCoefficients(s);
  let y2 = 1;
  let y1 = 1 + c.muT[1] * z;
  for (let j = 2; j <= s; j++) {
    const y = 1 - c.mu[j] - c.nu[j] + c.mu[j] * y1 + c.nu[j] * y2 + c.muT[j] * z * y1 + c.gammaT[j] * z;
    y2 = y1;
    y1 = y;
  }
  return y1;
}

describe("Runge–Kutta–Chebyshev (Sommeijer, Shampine & Verwer 1998)", () => {
  it("has stage abscissae that end at c_s = 1 and a stability polynomial bounded by 1 on [−β(s), 0]", () => {
    for (const s of [2, 5, 10, 40]) {
      // c_s = 1: a consistent step (exact for y' = 1); float error only
      expect(new RkcCoefficients(s).c[s]).toBeCloseTo(1, 12);
      // damped Chebyshev: |R_s(z)| ≤ 1 on RKC's real stability interval β(s) = (2/3)(s² − 1)(1 − 2ε/15), ε = 2/13
      const beta = (2 / 3) * (s * s - 1) * (1 - (2 * 2) / 13 / 15);
      for (let k = 0; k <= 400; k++) expect(Math.abs(stability(s, (-beta * k) / 400))).toBeLessThanOrEqual(1 + 1e-12);
    }
  });

  it("is second order: R_s(z) = 1 + z + z²/2 + O(z³) (the exponential to second order)", () => {
    for (const s of [2, 7, 20]) {
      const z = 1e-3;
      // the O(z³) remainder of a second-order method: |R − (1 + z + z²/2)| ≲ z³
      expect(Math.abs(stability(s, z) - (1 + z + (z * z) / 2))).toBeLessThan(z ** 3);
    }
  });

  it("chooses stages with β(s) ≥ hρ: s = 1 + ⌊√(1 + 1.54 hρ)⌋", () => {
    expect(stagesFor(0)).toBe(2);
    const beta = (s: number) => (2 / 3) * (s * s - 1) * (1 - (2 * 2) / 13 / 15);
    for (const hRho of [10, 100, 1e4]) expect(beta(stagesFor(hRho))).toBeGreaterThanOrEqual(hRho);
  });

  it("integrates a stiff linear system (eigenvalues −1 … −10^6) to its exact solution with error control", () => {
    const lambdas = Float64Array.from({ length: 20 }, (_, i) => -(1e6 ** (i / 19)));
    const f = (_x: number, y: Float64Array, out: Float64Array) => {
      for (let i = 0; i < y.length; i++) out[i] = lambdas[i] * y[i];
    };
    const r = rkc(f, 0, new Float64Array(20).fill(1), 2, { rtol: 1e-4, atol: 1e-7, maxEvaluations: 1e6 });
    expect(r.completed).toBe(true);
    // local error control at rtol 1e-4 over ~600 steps: global error measured 1.5e-5
    for (let i = 0; i < 20; i++) expect(Math.abs(r.y[i] - Math.exp(2 * lambdas[i]))).toBeLessThan(1e-4);
    // explicit Euler needs h < 2/10^6, i.e. > 10^6 evaluations over [0, 2]: RKC's stages grow like √(hρ) instead
    expect(r.evaluations).toBeLessThan(5e4);
    expect(r.maxStages).toBeGreaterThan(100);
  });

  it("has a dense output (cubic Hermite) that meets the step ends and follows the solution inside a step", () => {
    const f = (x: number, _y: Float64Array, out: Float64Array) => {
      out[0] = Math.cos(x);
    };
    const steps: { x0: number; x1: number; mid: number; at: number }[] = [];
    const tmp = new Float64Array(1);
    rkc(f, 0, new Float64Array(1), 3, {
      rtol: 1e-8,
      atol: 1e-10,
      maxEvaluations: 1e5,
      onStep: (s) => {
        const m = 0.5 * (s.x0 + s.x1);
        steps.push({ x0: s.x0, x1: s.x1, mid: m, at: hermite(s, m, tmp)[0] });
        expect(hermite(s, s.x1, tmp)[0]).toBe(s.y1[0]);
      },
    });
    // y = sin x; Hermite interpolation error h⁴/384·max|y''''| plus the global error (tolerance 1e-8 per step)
    for (const s of steps) expect(Math.abs(s.at - Math.sin(s.mid))).toBeLessThan(1e-6);
  });

  it("gives up (completed: false) at its evaluation cap", () => {
    const f = (_x: number, y: Float64Array, out: Float64Array) => {
      out[0] = -1e6 * y[0];
    };
    const r = rkc(f, 0, Float64Array.of(1), 1e6, { rtol: 1e-10, atol: 1e-14, maxEvaluations: 50 });
    expect(r.completed).toBe(false);
    expect(r.evaluations).toBeLessThanOrEqual(50 + 40); // the cap is checked per step (a step of ≤ 40 stages)
  });
});
