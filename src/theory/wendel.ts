/**
 * Wendel's theorem (SPEC §3 item 2): the probability that N points drawn from a symmetric distribution in
 * general position in R^d lie in an open half-space through the origin, i.e. are separable from the origin:
 *   P(N, d) = 2^{-(N-1)} Σ_{k=0}^{d-1} C(N-1, k),
 * which is the Binomial(N−1, ½) CDF at d−1. It is a step at λ = d/N = ½ whose width shrinks like 1/√N.
 *
 * Method. Each binomial probability b(k) = C(M, k) 2^{-M} (M = N−1) is evaluated on its own in log space with Loader's
 * saddle-point form (C. Loader, "Fast and accurate computation of binomial probabilities", 2000; as in R's dbinom):
 *   log b(k) = stirlerr(M) − stirlerr(k) − stirlerr(M−k) − bd0(k, M/2) − bd0(M−k, M/2) − ½ log(2π k (M−k)/M).
 * Every piece is computed to a few ulp of its own size, so log b(k) has an absolute error of a few ulp of |log b(k)|,
 * instead of the ~ulp(log M!) ≈ 3e-9 that a difference of log-gammas would leave at M = 1e6. The tail that is at most
 * ½ is then summed from its largest term outwards, every term evaluated directly (no ratio recurrence, so no error that
 * grows with the number of terms), and stopped by a rigorous geometric bound on the remainder. The other half follows
 * from the symmetry C(M, k) = C(M, M−k) as 1 − (the smaller tail), so no result is formed by a cancelling difference.
 * Pure math: no I/O.
 */
import erfc from "@stdlib/math-base-special-erfc";

/** A probability and its base-10 log; the log stays finite and accurate when the probability underflows to 0. */
export interface WendelProbability {
  probability: number;
  log10Probability: number;
}

// stirlerr(n) = log n! − [(n + ½) log n − n + ½ log 2π] for n = 0..15: mpmath at 40 digits, rounded to the nearest
// double (the integer entries of R's sferr_halves table). Below 16 the Stirling series is not yet accurate to an ulp.
const STIRLERR_SMALL = [
  0, 0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093, 0.016644691189821193,
  0.013876128823070748, 0.01189670994589177, 0.010411265261972096, 0.009255462182712733, 0.00833056343336287,
  0.007573675487951841, 0.00694284010720953, 0.006408994188004207, 0.0059513701127588475, 0.005554733551962801,
];

/** Stirling-series remainder stirlerr(n) for an integer n ≥ 0, absolute error < 2e-16 (it is ≤ 0.082). */
function stirlerr(n: number): number {
  if (n < STIRLERR_SMALL.length) return STIRLERR_SMALL[n];
  // 1/(12n) − 1/(360n³) + 1/(1260n⁵) − 1/(1680n⁷) + 1/(1188n⁹); the first omitted term, 691/(360360 n¹¹), is < 1.1e-16
  // at n = 16.
  const nn = n * n;
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / 1188 / nn) / nn) / nn) / nn) / n;
}

/** Deviance bd0(x, np) = x log(x/np) + np − x ≥ 0 (Loader 2000), relative error a few ulp for all x ≥ 0, np > 0. */
function bd0(x: number, np: number): number {
  // With v = (x−np)/(x+np), log(x/np) = 2 atanh v, so bd0 = (x−np) v + 2x Σ_{j≥1} v^{2j+1}/(2j+1). The direct form
  // cancels badly as x → np (and still loses a digit at |v| = 0.1, the cut R uses); the series has no cancellation
  // (its second part is < |v|/3 of the first), and for |v| ≤ ½ it converges in ≤ 28 terms. Beyond |v| = ½ (x ≤ np/3
  // or x ≥ 3np) the direct form loses at most a factor ~2.
  const diff = x - np;
  const v = diff / (x + np);
  if (Math.abs(v) > 0.5) return x * Math.log(x / np) + np - x;
  const v2 = v * v;
  let s = diff * v;
  let term = 2 * x * v;
  for (let j = 1; j < 200; j++) {
    term *= v2;
    const next = s + term / (2 * j + 1);
    if (next === s) break;
    s = next;
  }
  return s;
}

/** log b(k) = log[C(M, k) 2^{-M}] (natural log) for integers 0 ≤ k ≤ M, absolute error a few ulp of |log b(k)| + 1. */
function logBinomHalf(M: number, k: number): number {
  if (k === 0 || k === M) return -M * Math.LN2;
  const half = M / 2; // exact: M < 2^53
  const lc = stirlerr(M) - stirlerr(k) - stirlerr(M - k) - bd0(k, half) - bd0(M - k, half);
  return lc - 0.5 * Math.log(((2 * Math.PI * k) / M) * (M - k));
}

/** log Σ_{k=0}^{m} b(k) (natural log) for a lower tail 0 ≤ m ≤ (M−1)/2, so that b(k) increases with k over it. */
function logLowerTail(M: number, m: number): number {
  const top = logBinomHalf(M, m);
  let sum = 1; // Σ b(k)/b(m), accumulated from the largest term down
  for (let k = m - 1; k >= 0; k--) {
    const t = Math.exp(logBinomHalf(M, k) - top);
    sum += t;
    // b(j−1)/b(j) = j/(M−j+1) ≤ q = k/(M−k+1) < 1 for all j ≤ k, so the rest is ≤ t q/(1−q): stop when that is
    // below 2^-60 of the sum (beyond what a float can hold).
    const q = k / (M - k + 1);
    if ((t * q) / (1 - q) < 2 ** -60 * sum) break;
  }
  return top + Math.log(sum);
}

/**
 * Wendel's P(N points in R^d separable from the origin) = 2^{-(N-1)} Σ_{k<d} C(N−1, k) (SPEC §3.2); 1 when d ≥ N.
 * n, d: positive integers. Relative error ≲ 10 ulp·max(1, |ln P|) (measured vs BigInt); log10Probability stays accurate
 * where probability underflows to 0. Cost: O(√N) term evaluations at most, ~1 ms at N = 1e6.
 */
export function wendelProbability(n: number, d: number): WendelProbability {
  if (d >= n) return { probability: 1, log10Probability: 0 };
  const M = n - 1;
  const m = d - 1;
  if (2 * m < M) {
    const lnP = logLowerTail(M, m); // P ≤ ½: sum it directly
    return { probability: Math.exp(lnP), log10Probability: lnP / Math.LN10 };
  }
  // P > ½: by C(M, k) = C(M, M−k), 1 − P = Σ_{k=0}^{M−m−1} b(k), a lower tail with M−m−1 < M/2, so it is < ½ and
  // 1 − Q loses nothing.
  const q = Math.exp(logLowerTail(M, M - m - 1));
  return { probability: 1 - q, log10Probability: Math.log1p(-q) / Math.LN10 };
}

/**
 * Large-N form ½[1 + erf(√d (√(2λ) − 1/√(2λ)))], λ = d/N (SPEC §3.2), a probability. Error bound, checked against
 * exact values over every d ≤ N: max_d |exact − approx| ≤ 0.126/N for N ∈ {100, 400, 2400} (asserted in the tests) and
 * every 7th N from 104 to 2998, 1e4, 4e4 (N·error → 1/8). Absolute only: in the far tails its relative error is O(1).
 */
export function wendelApproximation(n: number, d: number): number {
  // √d (√(2λ) − 1/√(2λ)) = √d (2λ − 1)/√(2λ) = (2d − N)/√(2N) exactly; that form has no cancellation near λ = ½, and
  // ½[1 + erf(x)] = ½ erfc(−x) keeps full relative accuracy in the lower tail where 1 + erf(x) would cancel.
  return 0.5 * erfc((n - 2 * d) / Math.sqrt(2 * n));
}
