import betainc from "@stdlib/math-base-special-betainc";
import { describe, expect, it } from "vitest";
import { wendelApproximation, wendelProbability } from "../../src/theory/wendel.js";

/** |a − b| / |b|, with an exact-zero reference giving the absolute difference. */
function relErr(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
}

/** Σ_{k<min(d,n)} C(n−1, k) as exact BigInts, for every d = 1..dMax (entry d−1): Wendel's numerator. */
function exactSums(n: number, dMax: number): bigint[] {
  const M = BigInt(n - 1);
  const sums: bigint[] = [];
  let c = 1n; // C(M, k), exact by the integer recurrence C(M, k+1) = C(M, k)(M−k)/(k+1)
  let s = 0n;
  for (let k = 0n; k < BigInt(dMax); k++) {
    s += c;
    c = (c * (M - k)) / (k + 1n); // becomes 0 once k = M, so s stops at 2^M
    sums.push(s);
  }
  return sums;
}

/** x·2^e for any integer e: 2**e alone under/overflows for |e| > 1023, so scale in steps that are exact until the last. */
function scalePow2(x: number, e: number): number {
  while (e < -1000) {
    x *= 2 ** -1000;
    e += 1000;
  }
  return x * 2 ** e;
}

/**
 * s/2^e as a float and as a log10, to ~2^-53 relative: keep the top 64 bits of s (the truncation is < 2^-63 relative),
 * round them once to a double, and carry the power of two exactly as an integer exponent.
 */
function ratioPow2(s: bigint, e: number): { value: number; log10: number } {
  const shift = Math.max(0, s.toString(2).length - 64);
  const top = Number(s >> BigInt(shift));
  const e2 = shift - e;
  return { value: scalePow2(top, e2), log10: Math.log10(top) + e2 * Math.log10(2) };
}

/** The exact P = s/2^M and its log10; for P > ½ the log comes from 1 − P = (2^M − s)/2^M, so it does not cancel. */
function oracle(n: number, s: bigint): { probability: number; log10Probability: number } {
  const M = n - 1;
  const full = 1n << BigInt(M);
  const p = ratioPow2(s, M);
  if (2n * s <= full) return { probability: p.value, log10Probability: p.log10 };
  const q = ratioPow2(full - s, M).value;
  return { probability: p.value, log10Probability: Math.log1p(-q) / Math.LN10 };
}

// Accuracy target (brief; SPEC §3.2): every term is evaluated to a few ulp of |ln b(k)|, so the relative error is a few
// ulp of max(1, |ln P|): ≤ 2.3e-13 measured for P ≥ 1e-300 (|ln P| ≤ 690). 1e-12 leaves a 4× margin.
const REL = 1e-12;
// Below ~1e-300 a float result is (or soon becomes) subnormal and has no relative accuracy left; compare absolutely.
const TINY = 1e-300;

function expectMatchesOracle(n: number, d: number, s: bigint): void {
  const got = wendelProbability(n, d);
  const want = oracle(n, s);
  const pTol = REL * Math.abs(want.probability) + TINY;
  expect(Math.abs(got.probability - want.probability), `P(${n}, ${d})`).toBeLessThanOrEqual(pTol);
  const lTol = REL * Math.abs(want.log10Probability) + TINY;
  expect(Math.abs(got.log10Probability - want.log10Probability), `log10 P(${n}, ${d})`).toBeLessThanOrEqual(lTol);
}

describe("wendelProbability: exact Wendel probability 2^{-(N-1)} Σ_{k<d} C(N−1, k) (SPEC §3.2)", () => {
  it("matches an exact BigInt sum to 1e-12 relative at the paper's sizes, on both sides of λ = ½", () => {
    const cases: [number, number][] = [
      [10, 3],
      [400, 192],
      [400, 208],
      [2400, 1170],
      [2400, 1230],
      [10000, 4800],
      [10000, 5200],
      [10000, 100],
      [10001, 5001],
    ];
    for (const [n, d] of cases) expectMatchesOracle(n, d, exactSums(n, d)[d - 1]);
  });

  it("matches the exact BigInt sum to 1e-12 relative for every d at N = 2..60, 400, 401 and 2400", () => {
    const ns = [...Array.from({ length: 59 }, (_, i) => i + 2), 400, 401, 2400];
    for (const n of ns) {
      const sums = exactSums(n, n + 2);
      for (let d = 1; d <= n + 2; d++) expectMatchesOracle(n, d, sums[d - 1]);
    }
  });

  it("keeps log10Probability accurate where probability underflows to 0 (N = 1e4, 1e5, 1e6)", () => {
    for (const [n, d] of [
      [10000, 100],
      [100000, 100],
      [1000000, 10],
    ]) {
      const got = wendelProbability(n, d);
      const want = oracle(n, exactSums(n, d)[d - 1]);
      // theory: log10 P ≈ −2770, −29764, −300981, far below the smallest subnormal (1e-324): the float is 0
      expect(want.log10Probability).toBeLessThan(-400);
      expect(got.probability).toBe(0);
      // each log term carries a few ulp of its own size, so log10 P is good to a few ulp relative (7e-15 measured);
      // the oracle's e·log10(2) product adds ≤ 2 ulp. 1e-13 leaves a 10× margin.
      expect(relErr(got.log10Probability, want.log10Probability)).toBeLessThan(1e-13);
    }
  });

  it("is exactly 1 when d ≥ N (N points always lie in a half-space of R^d, d ≥ N)", () => {
    for (const [n, d] of [
      [1, 1],
      [10, 10],
      [10, 11],
      [400, 400],
      [1000000, 2000000],
    ]) {
      expect(wendelProbability(n, d)).toEqual({ probability: 1, log10Probability: 0 });
    }
  });

  it("reproduces the closed forms P(N, 1) = 2^{-(N-1)} and P(N, N−1) = 1 − 2^{-(N-1)}", () => {
    for (const n of [2, 3, 10, 53, 100, 1000]) {
      // theory: a single term, b(0) = 2^{-M}; float: exp(−M ln 2) is within a few ulp of |M ln 2| (≤ 700), ≤ 2e-13
      expect(relErr(wendelProbability(n, 1).probability, 2 ** -(n - 1))).toBeLessThan(REL);
      expect(relErr(wendelProbability(n, 1).log10Probability, -(n - 1) * Math.log10(2))).toBeLessThan(1e-15);
      // float: 1 − q with q ≤ ¼ rounds once (≤ 1.1e-16 relative)
      expect(relErr(wendelProbability(n, n - 1).probability, 1 - 2 ** -(n - 1))).toBeLessThan(4e-16);
    }
  });

  it("rises monotonically in d, strictly while P is not rounded to 0 or 1", () => {
    // theory: P(N, d+1) − P(N, d) = C(N−1, d) 2^{-(N-1)} > 0; log10 P separates values that underflow or round to 1
    for (const n of [400, 2400]) {
      let prev = Number.NEGATIVE_INFINITY;
      for (let d = 1; d < n; d++) {
        const { log10Probability } = wendelProbability(n, d);
        if (log10Probability < -1e-15) expect(log10Probability).toBeGreaterThan(prev);
        else expect(log10Probability).toBeGreaterThanOrEqual(prev);
        prev = log10Probability;
      }
    }
    const ds = [10, 1000, 100000, 490000, 499000, 500000, 501000, 510000];
    const logs = ds.map((d) => wendelProbability(1000000, d).log10Probability);
    for (let i = 1; i < logs.length; i++) expect(logs[i]).toBeGreaterThan(logs[i - 1]);
  });

  it("satisfies P(N, d) + P(N, N−d) = 1 for 1 ≤ d ≤ N−1, hence P(N, N/2) = ½", () => {
    // theory: with M = N−1, P(N, N−d) = 2^{-M} Σ_{k≤M−d} C(M, k) = 2^{-M} Σ_{j≥d} C(M, j) (j = M−k), and the two sums
    // together cover k = 0..M once: 2^{-M}·2^M = 1. Float: both sides come from the same tail sum Q, as Q and 1 − Q, so
    // only two roundings of numbers ≤ 1 remain: ≤ 4.5e-16.
    for (const n of [2, 3, 400, 401, 2400]) {
      for (let d = 1; d < n; d++) {
        const sum = wendelProbability(n, d).probability + wendelProbability(n, n - d).probability;
        expect(Math.abs(sum - 1), `N=${n}, d=${d}`).toBeLessThanOrEqual(4.5e-16);
      }
    }
    // float: at the mode |ln P| < 1, so the relative error is a few ulp times the ~4000 directly summed terms'
    // independent roundings: 3.7e-15 measured at N = 1e6; 1e-14 bounds it.
    for (const n of [2, 400, 2400, 1000000])
      expect(relErr(wendelProbability(n, n / 2).probability, 0.5)).toBeLessThan(1e-14);
  });

  it("is a sharp step at λ = ½: at N = 1e6, P < 1e-10 at λ = 0.49 and P > 1 − 1e-10 at λ = 0.51", () => {
    // theory: Binomial(N−1, ½) has sd √(N−1)/2 ≈ 500, so λ = 0.49, 0.51 are 20 sd from the mode: 1 − P or P ≈ 1e-89
    const below = wendelProbability(1000000, 490000);
    const above = wendelProbability(1000000, 510000);
    expect(below.probability).toBeLessThan(1e-10);
    expect(above.probability).toBeGreaterThan(1 - 1e-10);
    expect(below.log10Probability).toBeLessThan(-80);
    expect(above.log10Probability).toBeGreaterThan(-1e-80);
  });

  it("agrees at N = 1e6 with stdlib's regularized incomplete beta I_{1/2}(N−d, d) within betainc's own 5e-11", () => {
    // theory: the Binomial(M, ½) CDF at m is I_{1/2}(M−m, m+1) (an independent algorithm: continued fractions). float:
    // betainc is off by ~1.4e-11 relative at this size (it returns 0.5 − 7e-12 at the exact ½ point), so 5e-11.
    for (const d of [490000, 499000, 499900, 500000, 500500, 501000]) {
      const ref = betainc(0.5, 1000000 - d, d);
      expect(relErr(wendelProbability(1000000, d).probability, ref), `d=${d}`).toBeLessThan(5e-11);
    }
  });
});

describe("wendelApproximation: ½[1 + erf(√d (√(2λ) − 1/√(2λ)))] (SPEC §3.2)", () => {
  it("is within 0.126/N of the exact BigInt value for every d at N = 100, 400, 2400 (and that bound is tight)", () => {
    for (const n of [100, 400, 2400]) {
      const sums = exactSums(n, n);
      let maxErr = 0;
      for (let d = 1; d <= n; d++) {
        maxErr = Math.max(maxErr, Math.abs(wendelApproximation(n, d) - oracle(n, sums[d - 1]).probability));
      }
      // measured: N·max error = 0.1257, 0.1252, 0.1250 (→ 1/8: the symmetric binomial has no skew, so the
      // continuity-corrected normal form is off by O(1/N) only); the bound is asserted, and > 0.12/N shows it is tight
      expect(maxErr * n, `N=${n}`).toBeLessThanOrEqual(0.126);
      expect(maxErr * n, `N=${n}`).toBeGreaterThan(0.12);
    }
  });

  it("equals the closed form (2d − N)/√(2N) inside the erf: ½ at λ = ½ and ½ erfc(1) ≈ 0.0786 at d = N/2 − √(N/2)", () => {
    // theory: √d (√(2λ) − 1/√(2λ)) = √d (2λ − 1)/√(2λ) = (2d − N)/√(2N); erfc(0) = 1 exactly
    expect(wendelApproximation(400, 200)).toBe(0.5);
    expect(wendelApproximation(1000000, 500000)).toBe(0.5);
    // float: one erfc call and a division, a few ulp: 1e-15
    expect(relErr(wendelApproximation(800, 380), 0.5 * (1 - 0.8427007929497149))).toBeLessThan(1e-15);
  });

  it("keeps relative accuracy in the far lower tail instead of cancelling to 0", () => {
    // theory: ½ erfc(x) ~ e^{-x²}/(2x√π); at N = 1e4, d = 4000, x = 2000/√(2e4) = 14.14, so ≈ 1.4e-89 (not 0)
    const x = 2000 / Math.sqrt(20000);
    const asymptotic = Math.exp(-x * x) / (2 * x * Math.sqrt(Math.PI));
    // theory: the next term of the asymptotic series is −1/(2x²) = −2.5e-3 relative; 3e-3 covers it
    expect(relErr(wendelApproximation(10000, 4000), asymptotic)).toBeLessThan(3e-3);
  });
});
