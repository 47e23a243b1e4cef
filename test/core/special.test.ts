import { describe, expect, it } from "vitest";
import { logAddExp, logSigmoid, logSoftplus, logSumExp, sigmoid, softplus } from "../../src/core/special.js";

/** |a − b| / |b|, with an exact-zero reference giving the absolute difference. */
function relErr(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
}

// Float tolerance for a handful of correctly rounded libm calls: a few ulp of 2.2e-16.
const ULPS = 1e-15;

// Moderate logits where the naive formulas below do not over/underflow and lose no precision
// (log1p(exp(z)) is accurate while exp(z) is a normal float; 1/(1+exp(−z)) is accurate while exp(−z) is finite).
const MODERATE = [-700, -100, -31, -30, -29, -5, -1, -1e-3, -1e-12, 0, 1e-12, 1e-3, 1, 5, 29, 30, 31, 100, 700];

describe("special: stable scalar functions of a logit (SPEC §1: finite at z = ±1e4)", () => {
  it("softplus equals the naive log1p(exp(z)) wherever that is safe", () => {
    for (const z of MODERATE) {
      if (z > 700) continue;
      // float error: two libm calls, a few ulp
      expect(relErr(softplus(z), Math.log1p(Math.exp(z)))).toBeLessThan(ULPS);
    }
  });

  it("softplus is finite and exact at ±800 and ±1e4: softplus(z) = z for z ≫ 0, e^z (→ 0) for z ≪ 0", () => {
    // theory: softplus(z) − z = log1p(e^{−z}) < 1e-347 at z = 800, below half an ulp of z: exact in float64
    expect(softplus(1e4)).toBe(1e4);
    expect(softplus(800)).toBe(800);
    // e^{−800} ≈ 1e-348 is below the smallest subnormal (4.9e-324): the correctly rounded value is 0
    expect(softplus(-800)).toBe(0);
    expect(softplus(-1e4)).toBe(0);
    expect(softplus(0)).toBe(Math.LN2);
  });

  it("logSoftplus stays finite where softplus underflows: log softplus(−1e4) = −1e4", () => {
    // theory: log softplus(z) = z − e^z/2 + O(e^{2z}); the correction is < 1e-300 here, so the answer is z exactly
    expect(logSoftplus(-1e4)).toBe(-1e4);
    expect(logSoftplus(-800)).toBe(-800);
    // theory: log softplus(1e4) = log(1e4 + e^{−1e4}) = log(1e4) exactly in float64
    expect(logSoftplus(1e4)).toBe(Math.log(1e4));
    expect(logSoftplus(800)).toBe(Math.log(800));
    expect(logSoftplus(0)).toBe(Math.log(Math.LN2));
    for (const z of [-1e4, -800, 0, 800, 1e4]) expect(Number.isFinite(logSoftplus(z))).toBe(true);
  });

  it("logSoftplus equals the naive log(log1p(exp(z))) on both sides of its z = −30 branch", () => {
    for (const z of MODERATE) {
      // float error: three libm calls; near z = 0 log(log1p(e^z)) is ≈ log(ln 2) ≈ −0.37, well away from 0
      expect(relErr(logSoftplus(z), Math.log(Math.log1p(Math.exp(z))))).toBeLessThan(ULPS);
    }
  });

  it("sigmoid equals the naive 1/(1+e^{−z}) where safe, and is exact in both tails at ±800 and ±1e4", () => {
    for (const z of MODERATE) {
      // float error: one exp, one add, one divide: a few ulp relative, including the tiny e^{−700} tail
      expect(relErr(sigmoid(z), 1 / (1 + Math.exp(-z)))).toBeLessThan(ULPS);
    }
    expect(sigmoid(1e4)).toBe(1);
    expect(sigmoid(800)).toBe(1);
    // e^{−800} underflows to 0 (below the smallest subnormal): the correctly rounded sigmoid is 0, never NaN
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(-1e4)).toBe(0);
    expect(sigmoid(0)).toBe(0.5);
    // theory: sigmoid(z) = e^z/(1+e^z) ≈ e^z for z = −700 (a normal float, 9.9e-305): float error a few ulp
    expect(relErr(sigmoid(-700), Math.exp(-700))).toBeLessThan(ULPS);
  });

  it("logSigmoid(z) = −softplus(−z): log σ(−1e4) = −1e4 and log σ(1e4) = 0", () => {
    expect(logSigmoid(-1e4)).toBe(-1e4);
    expect(logSigmoid(-800)).toBe(-800);
    expect(Math.abs(logSigmoid(1e4))).toBe(0); // −softplus(−1e4) = −e^{−1e4} underflows to (−)0
    expect(logSigmoid(0)).toBe(-Math.LN2);
    for (const z of MODERATE) {
      if (z < -30) continue; // naive −log1p(e^{−z}) is safe for z ≥ −30 (and accurate: e^{−z} ≤ 1e13)
      // float error: a few ulp of the result (|result| ≥ e^{−30}·(1 − …) is a normal float)
      expect(relErr(logSigmoid(z), -Math.log1p(Math.exp(-z)))).toBeLessThan(ULPS);
    }
    // theory: log σ(z) = z − log1p(e^z) → z − e^z; at z = −800 the correction underflows: −800 exactly
    expect(logSigmoid(-800)).toBe(-800);
  });

  it("logAddExp(a, b) = log(e^a + e^b) without overflow at ±800 and ±1e4", () => {
    // theory: log(2 e^a) = a + ln 2; float error: one rounding of the sum
    expect(relErr(logAddExp(1e4, 1e4), 1e4 + Math.LN2)).toBeLessThan(ULPS);
    expect(relErr(logAddExp(-1e4, -1e4), -1e4 + Math.LN2)).toBeLessThan(ULPS);
    expect(relErr(logAddExp(800, 800), 800 + Math.LN2)).toBeLessThan(ULPS);
    // theory: the smaller term contributes e^{−9200} relative: the result is the larger argument exactly
    expect(logAddExp(-800, -1e4)).toBe(-800);
    expect(logAddExp(1e4, -1e4)).toBe(1e4);
    expect(logAddExp(0, 0)).toBe(Math.LN2);
    expect(logAddExp(Number.NEGATIVE_INFINITY, -1e4)).toBe(-1e4);
    expect(logAddExp(3, Number.NEGATIVE_INFINITY)).toBe(3);
    for (const [a, b] of [
      [0, 0],
      [1, -2],
      [-3, 5],
      [30, 29.5],
      [-700, -701],
    ]) {
      // naive formula is safe here (e^a, e^b normal floats); float error: a few ulp
      expect(relErr(logAddExp(a, b), Math.log(Math.exp(a) + Math.exp(b)))).toBeLessThan(ULPS);
      expect(logAddExp(a, b)).toBe(logAddExp(b, a));
    }
  });

  it("logSumExp over an array is finite at ±1e4 and equals the naive log Σ e^v where safe", () => {
    // theory: log(e^{1e4} + e^{1e4} + e^{−1e4}) = 1e4 + ln 2 (the last term is e^{−2e4} relative)
    expect(relErr(logSumExp([1e4, -1e4, 1e4]), 1e4 + Math.LN2)).toBeLessThan(ULPS);
    expect(relErr(logSumExp(new Float64Array([-1e4, -1e4, -1e4])), -1e4 + Math.log(3))).toBeLessThan(ULPS);
    expect(logSumExp([-800, 800, -1e4, 1e4])).toBe(1e4);
    expect(logSumExp([0, 0, 0])).toBeCloseTo(Math.log(3), 15); // float error: a few ulp of ~1.1
    expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
    expect(logSumExp([Number.NEGATIVE_INFINITY, 2])).toBe(2);
    const v = [-3, 0.5, 7, -1, 2.25, 6.9, -30];
    const naive = Math.log(v.reduce((s, x) => s + Math.exp(x), 0));
    // float error: 7 terms, a few ulp each, relative to a result of ~7.7
    expect(relErr(logSumExp(v), naive)).toBeLessThan(ULPS);
    // order independence (running-maximum rescaling): same value to float error for the reversed order
    expect(relErr(logSumExp([...v].reverse()), naive)).toBeLessThan(ULPS);
  });
});
