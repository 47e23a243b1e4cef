/**
 * The few dense kernels the theory solvers need (SPEC §3.4–3.5): weighted Gram / Hessian, Cholesky, triangular solves.
 * Matrices are row-major Float64Array; an m×m matrix stored with row stride `ld` (≥ m) has entry (i, j) at i·ld + j,
 * so a factor can live in the leading block of a larger buffer and grow or shrink without copying.
 * No BLAS here: plain loops measured at ~1 GFMA/s (ECOSYSTEM "Kernels"), so the cache layout is what matters.
 */

import { hypot } from "./detMath.js";
import { defaultKernel, type Kernel } from "./kernel/kernel.js";

/** Rows of X packed per block of the Gram kernel: 2·d·64 doubles (~1 MB at d = 1000) stay in L2. */
const GRAM_BLOCK = 64;

/**
 * out (d×d, full symmetric) = Xᵀ diag(w) X = Σ_i w_i x_i x_iᵀ; X is n×d row-major, w has length n.
 * Each row of X is read once: rows are packed transposed into a d×64 block (skipping w_i = 0, so a caller can drop
 * negligible weights for free) and the upper triangle is accumulated with 2×2 register tiles over the block. `kernel`:
 * the one whose Gram workspace runs it (the TypeScript tiles on a "ts" Kernel).
 */
export function weightedGram(
  X: Float64Array,
  n: number,
  d: number,
  w: ArrayLike<number>,
  out: Float64Array,
  kernel: Kernel = defaultKernel(),
): Float64Array {
  // the WASM SIMD kernel where it runs (2×4 tiles over f64x2), else the TypeScript 2×2 tiles below
  const ws = kernel.gramWorkspace(d, GRAM_BLOCK);
  const acc = ws ?? { A: new Float64Array(d * GRAM_BLOCK), B: new Float64Array(d * GRAM_BLOCK), out };
  const { A, B } = acc; // A[j·B + r] = w_r x_rj, B[j·B + r] = x_rj
  acc.out.fill(0, 0, d * d);
  let i = 0;
  while (i < n) {
    let m = 0;
    for (; i < n && m < GRAM_BLOCK; i++) {
      const wi = w[i];
      if (wi === 0) continue;
      const off = i * d;
      for (let j = 0; j < d; j++) {
        const x = X[off + j];
        B[j * GRAM_BLOCK + m] = x;
        A[j * GRAM_BLOCK + m] = wi * x;
      }
      m++;
    }
    if (m > 0) {
      if (ws) ws.accumulate(m);
      else accumulateUpper(A, B, d, m, out);
    }
  }
  if (ws) out.set(ws.out.subarray(0, d * d));
  for (let j = 1; j < d; j++) for (let k = 0; k < j; k++) out[j * d + k] = out[k * d + j];
  return out;
}

/** out[j,k] += Σ_{r<m} A[j,r] B[k,r] for k ≥ j (upper triangle), with 2×2 tiles: one load per multiply-add. */
function accumulateUpper(A: Float64Array, B: Float64Array, d: number, m: number, out: Float64Array): void {
  const R = GRAM_BLOCK;
  for (let j = 0; j < d; j += 2) {
    const j1 = j + 1 < d ? j + 1 : j; // odd d: the last tile row is computed twice, stored once
    const aj = j * R;
    const aj1 = j1 * R;
    for (let k = j; k < d; k += 2) {
      const k1 = k + 1 < d ? k + 1 : k;
      const bk = k * R;
      const bk1 = k1 * R;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let r = 0; r < m; r++) {
        const a0 = A[aj + r];
        const a1 = A[aj1 + r];
        const b0 = B[bk + r];
        const b1 = B[bk1 + r];
        s00 += a0 * b0;
        s01 += a0 * b1;
        s10 += a1 * b0;
        s11 += a1 * b1;
      }
      out[j * d + k] += s00;
      if (k1 !== k) out[j * d + k1] += s01;
      if (j1 !== j) {
        if (k !== j) out[j1 * d + k] += s10; // (j+1, j) is below the diagonal: the mirror fills it
        if (k1 !== k) out[j1 * d + k1] += s11;
      }
    }
  }
}

/** out (length n) = X v for X n×d row-major and v of length d. */
export function matVec(X: Float64Array, n: number, d: number, v: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    const off = i * d;
    let s0 = 0;
    let s1 = 0;
    let j = 0;
    for (; j + 1 < d; j += 2) {
      s0 += X[off + j] * v[j];
      s1 += X[off + j + 1] * v[j + 1];
    }
    if (j < d) s0 += X[off + j] * v[j];
    out[i] = s0 + s1;
  }
  return out;
}

/** out (length d) = Xᵀ w = Σ_i w_i x_i for X n×d row-major; rows with w_i = 0 are skipped. */
export function matTVec(X: Float64Array, n: number, d: number, w: ArrayLike<number>, out: Float64Array): Float64Array {
  out.fill(0, 0, d);
  for (let i = 0; i < n; i++) {
    const wi = w[i];
    if (wi === 0) continue;
    const off = i * d;
    for (let j = 0; j < d; j++) out[j] += wi * X[off + j];
  }
  return out;
}

/** u·v over entries [0, len) of two rows at offsets a and b of the same or different buffers; 4 accumulators. */
export function dotAt(u: Float64Array, a: number, v: Float64Array, b: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += u[a + k] * v[b + k];
    s1 += u[a + k + 1] * v[b + k + 1];
    s2 += u[a + k + 2] * v[b + k + 2];
    s3 += u[a + k + 3] * v[b + k + 3];
  }
  for (; k < len; k++) s0 += u[a + k] * v[b + k];
  return s0 + s1 + (s2 + s3);
}

/**
 * In-place Cholesky A = L Lᵀ of the SPD m×m matrix in the leading block of A (row stride ld). Reads the lower
 * triangle, overwrites it with L (the strict upper triangle is left as it was). Returns false when a pivot is not
 * positive (A not positive definite to working precision); A is then partly overwritten.
 */
export function cholesky(A: Float64Array, m: number, ld = m): boolean {
  for (let i = 0; i < m; i++) {
    const ri = i * ld;
    for (let j = 0; j < i; j++) {
      const rj = j * ld;
      A[ri + j] = (A[ri + j] - dotAt(A, ri, A, rj, j)) / A[rj + j];
    }
    const p = A[ri + i] - dotAt(A, ri, A, ri, i);
    if (!(p > 0)) return false;
    A[ri + i] = Math.sqrt(p);
  }
  return true;
}

/** Solve L y = b in place (b ← y); L is the m×m lower-triangular leading block of Lmat (row stride ld). */
export function solveLower(Lmat: Float64Array, m: number, b: Float64Array, ld = m): Float64Array {
  for (let i = 0; i < m; i++) {
    const ri = i * ld;
    b[i] = (b[i] - dotAt(Lmat, ri, b, 0, i)) / Lmat[ri + i];
  }
  return b;
}

/** Solve Lᵀ x = y in place (y ← x), column-oriented so that the inner loop runs along a row of L. */
export function solveLowerTransposed(Lmat: Float64Array, m: number, y: Float64Array, ld = m): Float64Array {
  for (let i = m - 1; i >= 0; i--) {
    const ri = i * ld;
    const xi = y[i] / Lmat[ri + i];
    y[i] = xi;
    for (let k = 0; k < i; k++) y[k] -= Lmat[ri + k] * xi;
  }
  return y;
}

/** Solve (L Lᵀ) x = b in place (b ← x) with a Cholesky factor L (m×m, row stride ld). */
export function choleskySolve(Lmat: Float64Array, m: number, b: Float64Array, ld = m): Float64Array {
  return solveLowerTransposed(Lmat, m, solveLower(Lmat, m, b, ld), ld);
}

/** In-place Cholesky of a d×d matrix and the solve with its factor (solveSpd's building blocks). */
export interface CholeskyKernels {
  factor(work: Float64Array, d: number): boolean;
  solve(work: Float64Array, d: number, x: Float64Array): void;
}

/** cholesky and choleskySolve above. */
export const typescriptCholesky: CholeskyKernels = {
  factor: (work, d) => cholesky(work, d),
  solve: (work, d, x) => {
    choleskySolve(work, d, x);
  },
};

/** What `solveSpd` did: the diagonal shift it needed (0 when A was PD as given). */
export interface SpdSolve {
  ok: boolean;
  shift: number;
}

/**
 * Solve A x = b (A d×d symmetric, PSD expected) into x via Cholesky of a copy in `work` (length ≥ d²). If A is not
 * numerically PD, retries with A + δI, δ = 1e-14·max diag growing ×100 (a Levenberg-style fallback: the solvers use
 * the result only as a descent direction). A is not modified. ok = false only when even δ = max diag fails.
 * `kernels` may run the factorisation elsewhere (the WASM kernels, on a `work` that lives in their memory).
 */
export function solveSpd(
  A: Float64Array,
  d: number,
  b: ArrayLike<number>,
  x: Float64Array,
  work: Float64Array,
  kernels: CholeskyKernels = typescriptCholesky,
): SpdSolve {
  let maxDiag = 0;
  for (let j = 0; j < d; j++) maxDiag = Math.max(maxDiag, Math.abs(A[j * d + j]));
  let shift = 0;
  for (let attempt = 0; attempt < 9; attempt++) {
    for (let k = 0; k < d * d; k++) work[k] = A[k];
    for (let j = 0; j < d; j++) work[j * d + j] += shift;
    if (kernels.factor(work, d)) {
      for (let j = 0; j < d; j++) x[j] = b[j];
      kernels.solve(work, d, x);
      return { ok: true, shift };
    }
    shift = shift === 0 ? 1e-14 * (maxDiag > 0 ? maxDiag : 1) : shift * 100;
  }
  return { ok: false, shift };
}

/**
 * Grow a Cholesky factor by one row: given L (m×m, stride ld, ld > m) of K and the new column k = (K_{0..m−1,m}, K_mm)
 * in `col` (length m + 1, overwritten), write row m of the factor of the bordered matrix. Returns the new squared
 * pivot δ = K_mm − ‖L⁻¹k‖² (the Schur complement); the row is written only when δ > minPivot and true returned then.
 */
export function choleskyAppend(Lmat: Float64Array, m: number, ld: number, col: Float64Array, minPivot: number): number {
  solveLower(Lmat, m, col, ld);
  let s = 0;
  for (let k = 0; k < m; k++) s += col[k] * col[k];
  const delta = col[m] - s;
  if (delta > minPivot) {
    const rm = m * ld;
    for (let k = 0; k < m; k++) Lmat[rm + k] = col[k];
    Lmat[rm + m] = Math.sqrt(delta);
  }
  return delta;
}

/**
 * Shrink a Cholesky factor: L (m×m, stride ld) of K becomes the (m−1)×(m−1) factor of K without row/column j.
 * Deleting row j of L leaves rows below with one entry above the diagonal; Givens rotations of column pairs
 * (r, r+1) clear it (L' L'ᵀ is unchanged by a right rotation), O((m − j)²) instead of refactorising.
 */
export function choleskyDelete(Lmat: Float64Array, m: number, ld: number, j: number): void {
  for (let i = j + 1; i < m; i++) Lmat.copyWithin((i - 1) * ld, i * ld, i * ld + i + 1);
  for (let r = j; r < m - 1; r++) {
    const rr = r * ld;
    const a = Lmat[rr + r];
    const b = Lmat[rr + r + 1];
    const h = hypot(a, b);
    const c = a / h;
    const s = b / h;
    Lmat[rr + r] = h;
    Lmat[rr + r + 1] = 0;
    for (let q = r + 1; q < m - 1; q++) {
      const o = q * ld + r;
      const x = Lmat[o];
      const y = Lmat[o + 1];
      Lmat[o] = c * x + s * y;
      Lmat[o + 1] = c * y - s * x;
    }
  }
}
