import { describe, expect, it } from "vitest";
import { createKernel } from "../../src/core/kernel/kernel.js";
import {
  cholesky,
  choleskyAppend,
  choleskyDelete,
  choleskySolve,
  solveLower,
  solveLowerTransposed,
  solveSpd,
  weightedGram,
} from "../../src/core/linalg.js";
import { normalStream } from "../../src/core/rng.js";

function randomMatrix(seed: number, rows: number, cols: number): Float64Array {
  const g = normalStream(seed, rows, cols);
  return new Float64Array(rows * cols).map(() => g());
}

/** Independent oracle: Σ_i w_i x_ij x_ik as a plain triple loop. */
function naiveGram(X: Float64Array, n: number, d: number, w: ArrayLike<number>): Float64Array {
  const out = new Float64Array(d * d);
  for (let j = 0; j < d; j++)
    for (let k = 0; k < d; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += w[i] * X[i * d + j] * X[i * d + k];
      out[j * d + k] = s;
    }
  return out;
}

/** A well-conditioned SPD matrix XᵀX/n + I (d×d). */
function spd(seed: number, d: number): Float64Array {
  const n = 3 * d;
  const A = naiveGram(randomMatrix(seed, n, d), n, d, new Float64Array(n).fill(1 / n));
  for (let j = 0; j < d; j++) A[j * d + j] += 1;
  return A;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, len: number): number {
  let m = 0;
  for (let k = 0; k < len; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}

/** max |(L Lᵀ)_ij − A_ij| over the lower triangle, L in the leading m×m block with stride ld. */
function reconstructionError(L: Float64Array, A: Float64Array, m: number, ld: number, lda: number): number {
  let err = 0;
  for (let i = 0; i < m; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += L[i * ld + k] * L[j * ld + k];
      err = Math.max(err, Math.abs(s - A[i * lda + j]));
    }
  return err;
}

describe("linalg: the weighted Gram (Hessian Xᵀ diag(w) X) and Cholesky kernels behind the S_∞ and SVM solvers", () => {
  it.each(["wasm", "ts"] as const)(
    "weightedGram (%s kernel) equals the naive triple loop, is exactly symmetric, and skips zero weights",
    (backend) => {
      const kernel = createKernel({ backend });
      for (const [n, d] of [
        [1, 1],
        [7, 3],
        [5, 6], // a 2×4 tile overhanging the last column
        [130, 17], // > one 64-row block, odd d
        [129, 10], // an odd row count in the last block
        [200, 64],
      ]) {
        const X = randomMatrix(n, n, d);
        const g = normalStream(99, n);
        const w = new Float64Array(n).map((_, i) => (i % 5 === 0 ? 0 : g())); // signed weights and zeros
        const out = weightedGram(X, n, d, w, new Float64Array(d * d).fill(Number.NaN), kernel);
        const ref = naiveGram(X, n, d, w);
        // float error: sums of n products of O(1) terms, summed in a different order: ≲ n·ε·max|term| ≈ 1e-13
        expect(maxAbsDiff(out, ref, d * d)).toBeLessThan(1e-12);
        for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) expect(out[j * d + k]).toBe(out[k * d + j]);
      }
    },
  );

  it("cholesky reconstructs A = L Lᵀ and solves A x = b; it reports a non-PD matrix instead of returning NaN", () => {
    const d = 40;
    const A = spd(1, d);
    const L = A.slice();
    expect(cholesky(L, d)).toBe(true);
    // float error: backward-stable Cholesky, |ΔA| ≲ d·ε·‖A‖ with ‖A‖ ≈ 4 → ~4e-14
    expect(reconstructionError(L, A, d, d, d)).toBeLessThan(1e-13);
    const b = randomMatrix(2, 1, d);
    const x = choleskySolve(L, d, b.slice());
    let res = 0;
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += A[i * d + j] * x[j];
      res = Math.max(res, Math.abs(s - b[i]));
    }
    // float error: cond(A) ≤ ~10 here, so the residual is ~cond·d·ε·|b| ≈ 1e-13
    expect(res).toBeLessThan(1e-12);
    const notPd = Float64Array.from([1, 2, 2, 1]); // eigenvalues 3 and −1
    expect(cholesky(notPd, 2)).toBe(false);
  });

  it("triangular solves invert L and Lᵀ (leading block of a larger buffer, row stride ld > m)", () => {
    const m = 9;
    const ld = 13;
    const L = new Float64Array(ld * ld).fill(Number.NaN);
    const g = normalStream(3);
    for (let i = 0; i < m; i++) for (let j = 0; j <= i; j++) L[i * ld + j] = i === j ? 2 + Math.abs(g()) : g();
    const b = randomMatrix(4, 1, m);
    const y = solveLower(L, m, b.slice(), ld);
    const x = solveLowerTransposed(L, m, b.slice(), ld);
    for (let i = 0; i < m; i++) {
      let sy = 0;
      let sx = 0;
      for (let j = 0; j <= i; j++) sy += L[i * ld + j] * y[j];
      for (let j = i; j < m; j++) sx += L[j * ld + i] * x[j];
      // float error: well-conditioned (diagonal ≥ 2) 9×9 triangular systems, ~1e-15
      expect(Math.abs(sy - b[i])).toBeLessThan(1e-13);
      expect(Math.abs(sx - b[i])).toBeLessThan(1e-13);
    }
  });

  it("solveSpd needs no shift on a PD matrix and falls back to a small diagonal shift on a singular PSD one", () => {
    const d = 6;
    const work = new Float64Array(d * d);
    const A = spd(5, d);
    const x = new Float64Array(d);
    expect(solveSpd(A, d, new Float64Array(d).fill(1), x, work)).toEqual({ ok: true, shift: 0 });
    const v = randomMatrix(6, 1, d); // rank one: v vᵀ is PSD and singular
    const R1 = naiveGram(v, 1, d, [1]);
    const r = solveSpd(R1, d, v, x, work);
    expect(r.ok).toBe(true);
    expect(r.shift).toBeGreaterThan(0);
    // the answer solves the shifted system it reports: (vvᵀ + δI) x = v with a backward-stable residual,
    // |r| ≲ d·ε·‖vvᵀ + δI‖·‖x‖ (the forward error is ~cond·ε and is not what a descent direction needs)
    let vv = 0;
    let vx = 0;
    let xx = 0;
    for (let j = 0; j < d; j++) {
      vv += v[j] * v[j];
      vx += v[j] * x[j];
      xx += x[j] * x[j];
    }
    for (let j = 0; j < d; j++) {
      const residual = v[j] * vx + r.shift * x[j] - v[j];
      expect(Math.abs(residual)).toBeLessThan(1e-13 * vv * Math.sqrt(xx));
    }
  });

  it("choleskyAppend / choleskyDelete keep L Lᵀ equal to the bordered / reduced matrix (SVM active-set updates)", () => {
    const d = 12;
    const A = spd(7, d);
    const ld = d + 3;
    const L = new Float64Array(ld * ld);
    const col = new Float64Array(d + 1);
    for (let m = 0; m < d; m++) {
      for (let k = 0; k <= m; k++) col[k] = A[m * d + k];
      expect(choleskyAppend(L, m, ld, col, 1e-12)).toBeGreaterThan(0.5); // Schur complements of A ⪰ I are ≥ 1
    }
    // float error: as for cholesky, ~1e-14
    expect(reconstructionError(L, A, d, ld, d)).toBeLessThan(1e-13);
    // delete indices 4, then 0, then the last one, comparing with A restricted to the kept indices
    let keep = Array.from({ length: d }, (_, i) => i);
    for (const pos of [4, 0, 9]) {
      choleskyDelete(L, keep.length, ld, pos);
      keep = keep.filter((_, k) => k !== pos);
      const m = keep.length;
      const sub = new Float64Array(m * m);
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) sub[i * m + j] = A[keep[i] * d + keep[j]];
      // float error: each Givens sweep is orthogonal, error stays ~d·ε·‖A‖
      expect(reconstructionError(L, sub, m, ld, m)).toBeLessThan(1e-13);
      for (let i = 0; i < m; i++) expect(L[i * ld + i]).toBeGreaterThan(0);
    }
    // a column in the span of the factor's rows is refused (δ ≈ 0 ≤ minPivot) and L is left untouched
    const m = 3;
    const L2 = new Float64Array(16);
    const B = spd(8, 4);
    for (let k = 0; k < m; k++) {
      for (let j = 0; j <= k; j++) col[j] = B[k * 4 + j];
      choleskyAppend(L2, k, 4, col, 0);
    }
    const before = L2.slice();
    const dup = Float64Array.from([B[0], B[1], B[2], B[0]]); // a copy of index 0: Schur complement exactly 0
    expect(Math.abs(choleskyAppend(L2, m, 4, dup, 1e-10))).toBeLessThan(1e-12);
    expect(L2).toEqual(before);
  });
});
