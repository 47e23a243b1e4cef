/**
 * The working state of svm.ts's active-set dual solve and its primitive operations: S and the constraint values from
 * α, kernel entries K_ij = z_i·z_j, and growing or shrinking the passive set P with its Cholesky factor.
 */

import { choleskyDelete, dotAt } from "../core/linalg.js";

/** Relative Schur-complement size under which a new point counts as in span(z_P): roundoff of δ is ~ε·cond(K_PP). */
export const SINGULAR_PIVOT = 1e-9;

/** Points added per pass over the data while |P| + 2·BATCH < D (measured 3× faster than one at a time at N = 2400). */
export const BATCH = 16;

/** The working state of one dual solve. Vectors indexed by point are length n; by position in P length ld. */
export interface State {
  X: Float64Array;
  n: number;
  d: number;
  /** 1 for the extended problem (z_i = −(x_i, 1)), else 0 */
  ext: number;
  /** dimension of z: d + ext */
  D: number;
  /** row stride of L: max |P| + 1 */
  ld: number;
  /** Cholesky factor of K_PP in its leading m×m block */
  L: Float64Array;
  /** P[k] = point at position k; pos[i] = its position or −1 */
  P: Int32Array;
  pos: Int32Array;
  m: number;
  /** α_i (zero outside P) */
  alpha: Float64Array;
  /** S = Σ α_i z_i (length D) */
  S: Float64Array;
  /** r_i = z_i·S (the constraint values; feasible when ≥ 1) */
  r: Float64Array;
  col: Float64Array;
  beta: Float64Array;
  /** kernel columns of a batch against P (BATCH × ld) and among the batch (BATCH × BATCH, lower triangle) */
  block: Float64Array;
  pair: Float64Array;
}

export function newState(X: Float64Array, n: number, d: number, extended: boolean): State {
  const ext = extended ? 1 : 0;
  const D = d + ext;
  const ld = Math.min(n, D) + 1;
  return {
    X,
    n,
    d,
    ext,
    D,
    ld,
    L: new Float64Array(ld * ld),
    P: new Int32Array(ld),
    pos: new Int32Array(n).fill(-1),
    m: 0,
    alpha: new Float64Array(n),
    S: new Float64Array(D),
    r: new Float64Array(n),
    col: new Float64Array(ld),
    beta: new Float64Array(ld),
    block: new Float64Array(BATCH * ld),
    pair: new Float64Array(BATCH * BATCH),
  };
}

/** S = Σ_{i∈P} α_i z_i with z_i = −(x_i, 1·ext). */
export function updateS(st: State): void {
  const { X, d, S } = st;
  S.fill(0);
  for (let k = 0; k < st.m; k++) {
    const i = st.P[k];
    const a = st.alpha[i];
    const off = i * d;
    for (let j = 0; j < d; j++) S[j] -= a * X[off + j];
    if (st.ext) S[d] -= a;
  }
}

/** r_i = z_i·S for every point. */
export function updateConstraints(st: State): void {
  for (let i = 0; i < st.n; i++) st.r[i] = constraintValue(st, i);
}

/** z_i·S = −(x_i·S_{1..d} + ext·S_{d+1}): the constraint value of point i (feasible when ≥ 1). */
export function constraintValue(st: State, i: number): number {
  const { X, d, S } = st;
  const off = i * d;
  let s0 = 0;
  let s1 = 0;
  let j = 0;
  for (; j + 1 < d; j += 2) {
    s0 += X[off + j] * S[j];
    s1 += X[off + j + 1] * S[j + 1];
  }
  if (j < d) s0 += X[off + j] * S[j];
  return -(s0 + s1 + (st.ext ? S[d] : 0));
}

/** K_ij = z_i·z_j = x_i·x_j + ext. */
export function kernel(st: State, i: number, j: number): number {
  const { X, d } = st;
  return st.ext + dotAt(X, i * d, X, j * d, d);
}

/** col = (K_{P_k, t})_k followed by K_tt; returns K_tt. */
export function fillColumn(st: State, t: number): number {
  for (let k = 0; k < st.m; k++) st.col[k] = kernel(st, st.P[k], t);
  const ktt = kernel(st, t, t);
  st.col[st.m] = ktt;
  return ktt;
}

/** Record t at the end of P (its factor row was just written by choleskyAppend). */
export function appendAt(st: State, t: number): undefined {
  st.P[st.m] = t;
  st.pos[t] = st.m;
  st.m += 1;
  return undefined;
}

/** Remove the point at position k of P (its α is set to exactly 0) and its row of the factor. */
export function removeAt(st: State, k: number): void {
  choleskyDelete(st.L, st.m, st.ld, k);
  st.alpha[st.P[k]] = 0;
  st.pos[st.P[k]] = -1;
  for (let q = k + 1; q < st.m; q++) {
    st.P[q - 1] = st.P[q];
    st.pos[st.P[q - 1]] = q - 1;
  }
  st.m -= 1;
}
