import { describe, expect, it } from "vitest";
import {
  logisticPopulationLossLowerBound,
  populationAccuracy,
  populationLogLoss,
  populationLoss,
} from "../../src/core/population.js";
import { normalStream } from "../../src/core/rng.js";

/** Independent softplus oracle (not the module's). */
function softplusOracle(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/**
 * Brute-force oracle: composite Simpson rule for E softplus(a u + b) = ∫ softplus(a u + b) φ(u) du over [−40, 40]
 * (the Gaussian tail beyond |u| = 40 weighs e^{−800}), with Neumaier-compensated summation.
 */
function simpsonLogisticLoss(b: number, a: number, intervals = 200_000): number {
  const lo = -40;
  const hi = 40;
  const h = (hi - lo) / intervals;
  const f = (u: number) => (softplusOracle(a * u + b) * Math.exp(-0.5 * u * u)) / Math.sqrt(2 * Math.PI);
  let sum = 0;
  let comp = 0;
  for (let k = 0; k <= intervals; k++) {
    const w = k === 0 || k === intervals ? 1 : k % 2 === 1 ? 4 : 2;
    const term = w * f(lo + k * h);
    const t = sum + term;
    comp += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
  }
  return ((sum + comp) * h) / 3;
}

/** erfc(x) for x ≥ 20 by its asymptotic series e^{−x²}/(x√π) Σ (−1)^k (2k−1)!!/(2x²)^k (terms < 1e-17 by k = 6). */
function erfcAsymptotic(x: number): number {
  let term = 1;
  let s = 1;
  for (let k = 1; k <= 8; k++) {
    term *= -(2 * k - 1) / (2 * x * x);
    s += term;
  }
  return (Math.exp(-x * x) / (x * Math.sqrt(Math.PI))) * s;
}

// One empirical test set of 1e6 standard normal draws u; z = scale·u + b is a fresh test point's logit.
const M = 1_000_000;
const U = (() => {
  const g = normalStream(20250101, 0, 99);
  return Float64Array.from({ length: M }, () => g());
})();

/** Sample mean and its standard error of f(scale·u + b) over the test set. */
function empirical(f: (z: number) => number, b: number, scale: number): { mean: number; se: number } {
  let s = 0;
  let ss = 0;
  for (let i = 0; i < M; i++) {
    const v = f(scale * U[i] + b);
    s += v;
    ss += v * v;
  }
  const mean = s / M;
  const variance = (ss / M - mean * mean) * (M / (M - 1));
  return { mean, se: Math.sqrt(Math.max(variance, 0) / M) };
}

describe("population metrics (SPEC §2): exact functions of (b, σ‖S‖), no test set needed", () => {
  describe("agree with an empirical test set of 1e6 Gaussian points within 4 standard errors", () => {
    for (const [b, scale] of [
      [0, 1],
      [-2, 5],
      [-8, 10],
      [1.5, 3],
    ]) {
      it(`accuracy A_gen = ½ erfc(b/(√2 a)) at b=${b}, a=${scale}`, () => {
        const p = populationAccuracy(b, scale);
        const emp = empirical((z) => (z < 0 ? 1 : 0), b, scale);
        // sampling error: binomial SE √(p(1−p)/M) ≤ 5e-4; 4 SE (a false failure has p ≈ 6e-5)
        expect(Math.abs(emp.mean - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / M));
      });

      it(`logistic loss E softplus(a u + b) at b=${b}, a=${scale}`, () => {
        const L = populationLoss("logistic", b, scale);
        const emp = empirical(softplusOracle, b, scale);
        // sampling error: 4 sample standard errors (softplus grows linearly: all moments finite, CLT applies)
        expect(Math.abs(emp.mean - L)).toBeLessThan(4 * emp.se);
      });
    }

    // The exp loss e^{au+b} is log-normal: its sample mean converges only when e^{a²} ≪ M, so a ≤ 1 here
    // (at a = 5 the mean is dominated by draws that a sample of 1e6 never contains).
    for (const [b, scale] of [
      [0, 1],
      [-2, 0.5],
      [-8, 1],
      [3, 0.2],
    ]) {
      it(`exp loss e^{b + a²/2} at b=${b}, a=${scale}`, () => {
        const L = Math.exp(populationLogLoss("exp", b, scale));
        const emp = empirical(Math.exp, b, scale);
        // sampling error: relative SE √(e^{a²} − 1)/√M ≤ 1.3e-3; 4 sample standard errors
        expect(Math.abs(emp.mean - L)).toBeLessThan(4 * emp.se);
      });
    }
  });

  describe("logistic population loss to 1e-10 relative against exact oracles", () => {
    it("satisfies L(b, a) − L(−b, a) = b exactly (softplus(z) − softplus(−z) = z and u is symmetric)", () => {
      for (const a of [0, 0.3, 1, 2, 7, 20]) {
        for (const b of [0.25, 1, 3, 10, 40]) {
          const diff = populationLoss("logistic", b, a) - populationLoss("logistic", -b, a);
          // quadrature accuracy claimed ~1e-14 relative; 1e-10 relative to b allows for the cancellation when
          // L(b) ≫ b (e.g. a = 20, b = 0.25: L ≈ 8, so a 1e-12 loss error is a 3e-11 error on b)
          expect(Math.abs(diff - b) / b).toBeLessThan(1e-10);
        }
      }
    });

    it("deep in the tail (b = −190, a = 2, loss ~1e-82): L = e^{b + a²/2}(1 − ½ e^{b + 3a²/2} + …) to 1e-12", () => {
      // theory: softplus(z) = Σ_k (−1)^{k+1} e^{kz}/k and E e^{k(au+b)} = e^{kb + k²a²/2}; the k = 2 term is
      // e^{−184} relative, so log L = b + a²/2 = −188 to far below float precision
      const b = -190;
      const a = 2;
      const logL = populationLogLoss("logistic", b, a);
      // relative error of L = absolute error of log L; 1e-12 covers the quadrature's ~1e-14 and the ulp of 188
      expect(Math.abs(logL - (b + 0.5 * a * a))).toBeLessThan(1e-12);
      expect(logL / Math.LN10).toBeCloseTo(-81.65, 1); // ~1e-82, as in the paper's late-time plots
      // the same expansion at other deep-tail points, including a = 0 (L = softplus(b) = e^b(1 − e^b/2 …))
      for (const [bb, aa] of [
        [-300, 5],
        [-1000, 10],
        [-60, 0.5],
        [-700, 0],
      ]) {
        expect(Math.abs(populationLogLoss("logistic", bb, aa) - (bb + 0.5 * aa * aa))).toBeLessThan(1e-12 * 1000);
      }
    });

    it("matches a brute-force Simpson integral (2e5 intervals on [−40, 40]) at moderate (b, a)", () => {
      for (const [b, a] of [
        [-1, 3],
        [0.5, 20],
        [-30, 4],
        [0, 1],
        [5, 0.5],
        [-3, 0.05],
      ]) {
        const L = populationLoss("logistic", b, a);
        const ref = simpsonLogisticLoss(b, a);
        // Simpson error ≈ h⁴/180 ∫|f''''| ~ (4e-4)⁴ a³ ≲ 1e-12 relative; the module claims ~1e-14: 1e-10 is safe
        expect(Math.abs(L / ref - 1)).toBeLessThan(1e-10);
      }
    });

    it("a = 0 (S = 0) gives L = softplus(b) exactly", () => {
      for (const b of [-700, -30, -1, 0, 2, 50]) {
        // float error: log of softplus, a few ulp
        expect(Math.abs(populationLogLoss("logistic", b, 0) - Math.log(softplusOracle(b)))).toBeLessThan(
          1e-15 * Math.max(1, Math.abs(b)),
        );
      }
    });

    it("is continuous as a → 0⁺ (the quadrature meets the a = 0 formula)", () => {
      for (const b of [-5, 0, 3]) {
        // theory: L(b, a) = softplus(b) + ½σ'(b)a² + O(a⁴), with σ' ≤ ¼: at a = 1e-6 the change is < 1.3e-13
        const l0 = populationLoss("logistic", b, 0);
        expect(Math.abs(populationLoss("logistic", b, 1e-6) / l0 - 1)).toBeLessThan(1e-11);
      }
    });
  });

  it("exp population loss is exactly log E e^{au+b} = b + a²/2", () => {
    expect(populationLogLoss("exp", -3, 2)).toBe(-1);
    expect(populationLogLoss("exp", 0, 0)).toBe(0);
    expect(populationLogLoss("exp", 1e4, 10)).toBe(1e4 + 50); // finite in log space where e^{1e4} overflows
  });

  describe("population accuracy edge cases", () => {
    it("S = 0 (scale 0): A_gen = 1 for b < 0, ½ for b = 0, 0 for b > 0", () => {
      expect(populationAccuracy(-1e-300, 0)).toBe(1);
      expect(populationAccuracy(-5, 0)).toBe(1);
      expect(populationAccuracy(0, 0)).toBe(0.5);
      expect(populationAccuracy(5, 0)).toBe(0);
      expect(populationAccuracy(1e-300, 0)).toBe(0);
    });

    it("b = 0 gives chance level ½ for any scale; b → −∞ gives 1 and b → +∞ gives 0", () => {
      for (const a of [1e-10, 1, 1e10]) expect(populationAccuracy(0, a)).toBe(0.5);
      expect(populationAccuracy(-100, 1)).toBe(1); // 1 − ½erfc(70.7) rounds to 1
      expect(populationAccuracy(-1e4, 1)).toBe(1);
    });

    it("is > 0 in the far tail and matches ½ erfc(b/(√2 a)) from its asymptotic series", () => {
      for (const [b, a] of [
        [30, 1],
        [36, 1],
        [100, 3],
        [25, 0.8],
      ]) {
        // down to ~1e-283 (x² ≈ 648); beyond x ≈ 26.5 the true value is below the float64 range and 0 is correct
        const p = populationAccuracy(b, a);
        expect(p).toBeGreaterThan(0);
        // series truncated after 8 terms at x ≥ 21: remainder < 17!!/(2x²)^9 ≈ 1e-21 relative; float error a few ulp
        expect(Math.abs(p / (0.5 * erfcAsymptotic(b / (Math.SQRT2 * a))) - 1)).toBeLessThan(1e-13);
      }
    });

    it("is symmetric: A(b, a) + A(−b, a) = 1", () => {
      for (const [b, a] of [
        [0.3, 1],
        [2, 5],
        [-8, 10],
      ]) {
        // float error: two erfc evaluations of O(1) values, a few ulp
        expect(Math.abs(populationAccuracy(b, a) + populationAccuracy(-b, a) - 1)).toBeLessThan(1e-15);
      }
    });
  });
});

describe("logistic population loss at large σ‖S‖ (a kink of width 1/a)", () => {
  /** For a ≫ 1: E softplus(z) = E[z₊] + E log1p(e^{−|z|}), and the second term is φ(b/a)/a · π²/6 (1 + O(1/a²)). */
  function largeScaleOracle(b: number, a: number): number {
    const c = b / a;
    const phi = Math.exp(-0.5 * c * c) / Math.sqrt(2 * Math.PI);
    const Phi = 0.5 * erfcReference(-c / Math.SQRT2);
    return a * phi + b * Phi + (phi / a) * (Math.PI ** 2 / 6);
  }
  /** erfc by its continued fraction for x ≥ 0 and 2 − erfc(−x) otherwise; independent of the library under test. */
  function erfcReference(x: number): number {
    if (x < 0) return 2 - erfcReference(-x);
    if (x < 3) {
      // Maclaurin series of erf, ~40 terms for x < 3: error < 1e-16
      let term = x;
      let sum = x;
      for (let k = 1; k < 60; k++) {
        term *= (-x * x) / k;
        sum += term / (2 * k + 1);
      }
      return 1 - (2 / Math.sqrt(Math.PI)) * sum;
    }
    let f = 0;
    for (let k = 60; k >= 1; k--) f = k / 2 / (x + f);
    return Math.exp(-x * x) / Math.sqrt(Math.PI) / (x + f);
  }

  it("matches the large-a expansion at a = 1e4 and 1e6 (relative 1e-10), with O(log a) work", () => {
    for (const [b, a] of [
      [3, 1e4],
      [-2e6, 1e6],
      [5e5, 1e6],
    ]) {
      const got = Math.exp(populationLogLoss("logistic", b, a));
      // oracle error: O(1/a²) of the small second term, < 1e-12 relative here; quadrature rtol 1e-13
      expect(Math.abs(got / largeScaleOracle(b, a) - 1)).toBeLessThan(1e-10);
    }
  });

  it("is infinite (not a hang) when σ‖S‖ has overflowed", () => {
    expect(populationLogLoss("logistic", -5, Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(populationLogLoss("logistic", Number.NEGATIVE_INFINITY, 2)).toBe(Number.NEGATIVE_INFINITY);
  });

  it("is never below its cheap lower bound max(softplus(b), E[z₊])", () => {
    for (const a of [0, 0.1, 1, 5, 30, 300]) {
      for (const b of [-200, -40, -10, -3, -1, 0, 1, 4, 20]) {
        const exact = Math.exp(populationLogLoss("logistic", b, a));
        // the bound is strict in exact arithmetic; allow float error of 1e-12 relative
        expect(logisticPopulationLossLowerBound(b, a)).toBeLessThanOrEqual(exact * (1 + 1e-12));
      }
    }
  });
});
