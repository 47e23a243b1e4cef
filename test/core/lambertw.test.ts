import { describe, expect, it } from "vitest";
import { lambertW0, lambertWOfExp } from "../../src/core/lambertw.js";

/** Relative deviation |a − b|/|b|. */
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** z from just above the branch point −1/e, through 0, up to 1e20: 10 points per decade on each side. */
function argumentGrid(): number[] {
  const zs: number[] = [];
  for (let k = -160; k <= -5; k++) zs.push(-1 / Math.E + 10 ** (k / 10)); // 1e-16 … 0.3 above −1/e
  for (let k = -3000; k <= -5; k += 7) zs.push(-(10 ** (k / 10))); // −1e-300 … −0.3
  for (let k = -3000; k <= 200; k += 7) zs.push(10 ** (k / 10)); // 1e-300 … 1e20
  return zs;
}

describe("Lambert W, principal branch (needed for τ(t) at x = 0, SPEC §4)", () => {
  it("satisfies its defining identity W e^W = z to 1e-14 relative from −1/e to 1e20", () => {
    // 1e-14: W is computed to a few ulp, and evaluating w·e^w adds ~|w| ulp (e^w amplifies the rounding of w by w),
    // i.e. ≤ 45 ulp ≈ 5e-15 at z = 1e20. Beyond that the float identity itself cannot resolve 1e-14: the log form below.
    for (const z of argumentGrid()) {
      const w = lambertW0(z);
      expect(w).toBeGreaterThanOrEqual(-1);
      expect(rel(w * Math.exp(w), z)).toBeLessThan(1e-14);
    }
  });

  it("takes the known values W(0) = 0, W(−1/e) = −1, W(e) = 1, W(1) = Ω, W(2e²) = 2, and NaN below −1/e", () => {
    expect(lambertW0(0)).toBe(0);
    expect(lambertW0(-1 / Math.E)).toBeCloseTo(-1, 7); // −1/e is rounded: W is √-sensitive there (|ΔW| ~ √(2eΔz))
    expect(rel(lambertW0(Math.E), 1)).toBeLessThan(1e-15); // 1 ulp-level
    expect(rel(lambertW0(1), 0.5671432904097838)).toBeLessThan(1e-15); // the omega constant, from mpmath
    expect(rel(lambertW0(2 * Math.E * Math.E), 2)).toBeLessThan(1e-15);
    expect(lambertW0(-0.4)).toBeNaN();
    expect(lambertW0(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });

  it("is accurate at the branch point, where the naive iteration divides by 1 + W → 0", () => {
    // W(−1/e + δ) = −1 + p − p²/3 + O(p³), p = √(2eδ). The double z = −1/e + δ is rounded (ulp 5.6e-17), so δ is
    // taken from the z actually passed: z + 1/e with 1/e in two parts (the first sum is exact, Sterbenz).
    for (const delta of [1e-14, 1e-12, 1e-10]) {
      const z = -1 / Math.E + delta;
      const p = Math.sqrt(2 * Math.E * (z + 0.36787944117144233 + -1.2428753672788363e-17));
      const w = lambertW0(z);
      expect(Math.abs(w - (-1 + p - (p * p) / 3))).toBeLessThan(0.2 * p ** 3 + 1e-15);
    }
  });

  it("log form: W(e^L) satisfies W + log W = L (W to 1e-14 relative) for L up to 1e6, where e^L overflows", () => {
    // In log form the identity reads w + log w = L; an error δw moves the left side by δw(1 + 1/w), so
    // |w + log w − L| ≤ 1e-14·(1 + w) is exactly "w to 1e-14 relative" (L itself carries ulp(L) ≈ 1e-16·L).
    for (let k = 0; k <= 600; k++) {
      const L = -700 + k * k * 3; // −700 … 1.08e6, dense near small L
      const w = lambertWOfExp(L);
      expect(Math.abs(w + Math.log(w) - L)).toBeLessThan(1e-14 * (1 + w) + 2e-16 * Math.abs(L));
    }
    expect(lambertWOfExp(1e300)).toBeCloseTo(1e300 - Math.log(1e300), -285); // W ≈ L − log L at the far end
  });

  it("log form matches mpmath's W(e^L) to 1e-15 relative on both sides of the overflow of e^L (L ≈ 709)", () => {
    // reference values: mpmath.lambertw(exp(L)) at 40 digits, rounded to the nearest double
    const reference: [number, number][] = [
      [-700, 9.85967654375977e-305],
      [-30, 9.357622968839299e-14],
      [0, 0.5671432904097838],
      [1, 1],
      [30, 26.714782920381055],
      [700, 693.4583088790255],
      [709.5, 702.9447217432252],
      [1000, 993.0991694723891],
      [1e5, 99988.48718966976],
      [1e10, 9999999976.97415],
    ];
    for (const [L, w] of reference) expect(rel(lambertWOfExp(L), w)).toBeLessThan(1e-15); // a few ulp
  });
});
