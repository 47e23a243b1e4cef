import { describe, expect, it } from "vitest";
import { gaussianDataset } from "../../src/core/data.js";
import { normalStream } from "../../src/core/rng.js";
import {
  decideSeparability,
  hullWeights,
  type SeparabilityResult,
  verifyConvexWeights,
  verifyDirection,
} from "../../src/theory/separability.js";

/** Solve the square system A z = b (A is m×m row-major) by Gaussian elimination with partial pivoting. */
function solveSquare(A: number[][], b: number[]): number[] | undefined {
  const m = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    if (Math.abs(M[piv][c]) < 1e-12) return undefined; // affinely dependent subset: no barycentric coordinates
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = c + 1; r < m; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= m; k++) M[r][k] -= f * M[c][k];
    }
  }
  const z = new Array<number>(m).fill(0);
  for (let r = m - 1; r >= 0; r--) {
    let s = M[r][m];
    for (let k = r + 1; k < m; k++) s -= M[r][k] * z[k];
    z[r] = s / M[r][r];
  }
  return z;
}

/** All k-subsets of {0..n−1}, in lexicographic order. */
function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  for (let last = k - 1; last < n; last++) for (const s of subsets(last, k - 1)) out.push([...s, last]);
  return out;
}

/**
 * Carathéodory oracle, independent of any LP: in general position the origin is in the hull of N points in R^d iff it
 * is in the simplex of some (d+1)-subset, i.e. iff that subset's barycentric coordinates of the origin are all ≥ 0.
 * With fewer than d+1 points the origin is a.s. not in the hull. Returns undefined when a coordinate is within 1e-9
 * of 0 (the origin numerically on a facet), where float64 cannot be trusted to settle the sign.
 */
function oracleSeparable(X: Float64Array, n: number, d: number): boolean | undefined {
  if (n < d + 1) return true;
  let ambiguous = false;
  for (const s of subsets(n, d + 1)) {
    const A = [...Array.from({ length: d }, (_, j) => s.map((i) => X[i * d + j])), s.map(() => 1)];
    const lam = solveSquare(A, [...new Array<number>(d).fill(0), 1]);
    if (lam === undefined) continue;
    if (lam.some((l) => Math.abs(l) < 1e-9)) ambiguous = true;
    else if (lam.every((l) => l > 0)) return false;
  }
  return ambiguous ? undefined : true;
}

/** Wendel's P(separable) = 2^{−(N−1)} Σ_{k<d} C(N−1, k), exactly in BigInt then rounded to float64. */
function wendel(n: number, d: number): number {
  let c = 1n;
  let sum = 0n;
  for (let k = 0; k < Math.min(d, n); k++) {
    sum += c;
    c = (c * BigInt(n - 1 - k)) / BigInt(k + 1); // exact: C(N−1, k+1) is an integer
  }
  const scale = 10n ** 18n;
  return Number((sum * scale) / (1n << BigInt(n - 1))) / 1e18;
}

/** Assert the result is decided and its certificate verifies, recomputing the key quantity here as well. */
function expectCertified(X: Float64Array, n: number, d: number, r: SeparabilityResult, separable: boolean): void {
  expect(r.separable).toBe(separable);
  if (r.separable === true) {
    const check = verifyDirection(X, n, d, r.certificate.direction);
    expect(check.valid).toBe(true);
    expect(r.certificate.minMargin).toBe(check.minMargin);
    expect(r.certificate.minMargin).toBeGreaterThan(0);
  } else if (r.separable === false) {
    const check = verifyConvexWeights(X, n, d, r.certificate.weights);
    expect(check.valid).toBe(true);
    expect(r.certificate.residual).toBe(check.residual);
  }
}

function rows(points: number[][]): Float64Array {
  return Float64Array.from(points.flat());
}

describe("decideSeparability agrees with an exact brute-force oracle", () => {
  it("matches the Carathéodory oracle on 240 random draws with N ≤ 8, d ≤ 3, and every certificate verifies", async () => {
    let separable = 0;
    let inseparable = 0;
    let skipped = 0;
    for (let k = 0; k < 240; k++) {
      const n = 1 + (k % 8);
      const d = 1 + (Math.floor(k / 8) % 3);
      const { X } = gaussianDataset(normalStream(2025, 1, k), n, d, 1);
      const truth = oracleSeparable(X, n, d);
      if (truth === undefined) {
        skipped++;
        continue;
      }
      const r = await decideSeparability(X, n, d);
      expectCertified(X, n, d, r, truth);
      if (truth) separable++;
      else inseparable++;
    }
    // Both outcomes must be well represented, or the comparison proves little; near-facet draws are rare.
    expect(separable).toBeGreaterThan(40);
    expect(inseparable).toBeGreaterThan(40);
    expect(skipped).toBeLessThanOrEqual(2);
  });
});

describe("decideSeparability on constructed cases", () => {
  it("finds a separating direction when every point has x_1 > 0", async () => {
    for (const [n, d] of [
      [50, 5],
      [500, 3],
      [300, 60],
    ]) {
      const { X } = gaussianDataset(normalStream(2025, 2, n, d), n, d, 1);
      for (let i = 0; i < n; i++) X[i * d] = Math.abs(X[i * d]) + 0.01;
      expectCertified(X, n, d, await decideSeparability(X, n, d), true);
    }
  });

  it("declares symmetric sets (x and −x both present) inseparable with verified weights", async () => {
    for (const [half, d] of [
      [10, 3],
      [40, 30],
      [100, 150],
    ]) {
      const { X: H } = gaussianDataset(normalStream(2025, 3, half, d), half, d, 1);
      const X = new Float64Array(2 * half * d);
      X.set(H);
      for (let i = 0; i < half * d; i++) X[half * d + i] = -H[i];
      expectCertified(X, 2 * half, d, await decideSeparability(X, 2 * half, d), false);
    }
  });

  it("declares d ≥ N points in general position separable", async () => {
    for (const [n, d] of [
      [30, 30],
      [30, 45],
      [120, 121],
    ]) {
      const { X } = gaussianDataset(normalStream(2025, 4, n, d), n, d, 1);
      expectCertified(X, n, d, await decideSeparability(X, n, d), true);
    }
  });

  it("treats a point at the origin as an exact inseparability certificate", async () => {
    const X = rows([
      [1, 2],
      [0, 0],
      [3, 1],
    ]);
    const r = await decideSeparability(X, 3, 2);
    expectCertified(X, 3, 2, r, false);
    if (r.separable === false) expect(Array.from(r.certificate.weights)).toEqual([0, 1, 0]);
  });

  it("declares the origin on a hull edge inseparable (degenerate LP optimum)", async () => {
    const X = rows([
      [1, 0],
      [-1, 0],
      [0, 1],
      [0.5, 2],
    ]);
    expectCertified(X, 4, 2, await decideSeparability(X, 4, 2), false);
  });

  it("decides one-dimensional sets by the signs of the points", async () => {
    expectCertified(rows([[1], [2], [0.1]]), 3, 1, await decideSeparability(rows([[1], [2], [0.1]]), 3, 1), true);
    expectCertified(rows([[1], [-2]]), 2, 1, await decideSeparability(rows([[1], [-2]]), 2, 1), false);
  });

  it("gives the same decision at any data scale σ (rows are normalised before the LP)", async () => {
    const n = 120;
    const d = 60;
    for (let k = 0; k < 4; k++) {
      const decisions = [];
      for (const sigma of [1e-6, 1, 1e6]) {
        const { X } = gaussianDataset(normalStream(2025, 5, k), n, d, sigma);
        const r = await decideSeparability(X, n, d);
        expectCertified(X, n, d, r, r.separable === true);
        decisions.push(r.separable);
      }
      expect(new Set(decisions).size).toBe(1);
    }
  });

  it("gets verified weights from the hull LP alone when inseparable, and none when separable (the fallback path)", async () => {
    const n = 80;
    const d = 20;
    const { X } = gaussianDataset(normalStream(2025, 7), n, d, 1);
    const inside = await hullWeights(X, n, d); // λ = 0.25: inseparable with overwhelming probability
    expect(inside.statusName).toBe("optimal");
    expect(verifyConvexWeights(X, n, d, inside.weights!).valid).toBe(true);
    for (let i = 0; i < n; i++) X[i * d] = Math.abs(X[i * d]) + 0.01;
    expect(await hullWeights(X, n, d)).toEqual({ weights: undefined, statusName: "infeasible" });
  });

  it("returns separable: null with a reason, instead of guessing, when the solver stops before a certificate", async () => {
    const n = 200;
    const d = 100;
    const { X } = gaussianDataset(normalStream(2025, 8), n, d, 1);
    const r = await decideSeparability(X, n, d, { timeLimit: 0 }); // both LPs hit HiGHS's time limit at once
    expect(r.separable).toBeNull();
    if (r.separable === null) expect(r.reason).toMatch(/timeLimit/);
  });

  it("rejects malformed input with a RangeError", async () => {
    await expect(decideSeparability(new Float64Array(5), 2, 3)).rejects.toThrow(RangeError);
    await expect(decideSeparability(new Float64Array(0), 0, 3)).rejects.toThrow(RangeError);
    await expect(decideSeparability(Float64Array.from([1, Number.NaN]), 2, 1)).rejects.toThrow(RangeError);
  });
});

describe("the certificate checks reject what is not a proof", () => {
  const X = rows([
    [1, 0],
    [-1, 0],
    [0, 1],
  ]);

  it("verifyDirection rejects a direction that leaves a point on or behind the origin", () => {
    expect(verifyDirection(X, 3, 2, Float64Array.from([0, 1])).valid).toBe(false); // margin exactly 0
    expect(verifyDirection(X, 3, 2, Float64Array.from([1, 1])).valid).toBe(false);
    expect(verifyDirection(X, 3, 2, Float64Array.from([0, 0])).valid).toBe(false);
    const pos = rows([
      [1, 0],
      [2, 1],
    ]);
    expect(verifyDirection(pos, 2, 2, Float64Array.from([1, 0]))).toMatchObject({ valid: true, minMargin: 1 });
  });

  it("verifyDirection rejects a margin below 1e-9 of ‖S‖·max‖x_i‖ (indistinguishable from rounding)", () => {
    const nearly = rows([
      [1, 1e-12],
      [-1, 1e-12],
    ]);
    expect(verifyDirection(nearly, 2, 2, Float64Array.from([0, 1])).valid).toBe(false);
  });

  it("verifyConvexWeights accepts an exact combination and rejects negative, unnormalised or off-origin weights", () => {
    expect(verifyConvexWeights(X, 3, 2, Float64Array.from([0.5, 0.5, 0]))).toMatchObject({ valid: true, residual: 0 });
    expect(verifyConvexWeights(X, 3, 2, Float64Array.from([0.6, 0.6, -0.2])).valid).toBe(false);
    expect(verifyConvexWeights(X, 3, 2, Float64Array.from([1, 1, 0])).valid).toBe(false);
    expect(verifyConvexWeights(X, 3, 2, Float64Array.from([0.4, 0.4, 0.2])).valid).toBe(false);
  });
});

describe("Monte-Carlo separability follows Wendel's theorem", () => {
  it("has exact Wendel values at the symmetric point and the ends", () => {
    expect(wendel(200, 100)).toBe(0.5); // Σ_{k<100} C(199,k) is exactly half of 2^199
    expect(wendel(200, 200)).toBe(1);
    expect(wendel(5, 1)).toBe(1 / 16);
  });

  const N = 200;
  const lambdas = [0.3, 0.35, 0.4, 0.45, 0.475, 0.5, 0.525, 0.55, 0.6, 0.65, 0.7];
  const draws = 150;

  it(`matches P(separable) within 3 binomial standard errors at N = ${N}, ${draws} draws per λ`, async () => {
    const report: string[] = [];
    for (const lambda of lambdas) {
      const d = Math.round(lambda * N);
      let sep = 0;
      for (let k = 0; k < draws; k++) {
        const { X } = gaussianDataset(normalStream(2025, 6, d, k), N, d, 1);
        const r = await decideSeparability(X, N, d);
        expect(r.separable).not.toBeNull();
        if (r.separable) sep++;
      }
      const P = wendel(N, d);
      // Floor of one count per draw set: with P ≈ 0 or 1 the binomial SE vanishes but a single event is still likely.
      const se = Math.max(Math.sqrt((P * (1 - P)) / draws), 1 / draws);
      report.push(`λ=${lambda} d=${d}: ${sep}/${draws} vs P=${P.toFixed(4)}`);
      expect(Math.abs(sep / draws - P), report.join("\n")).toBeLessThan(3 * se);
    }
  });
});
