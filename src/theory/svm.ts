/**
 * Hard-margin SVMs of the all-(−1) label problem (SPEC §3.3–3.4).
 *
 * - Through the origin: S* = argmin ‖S‖² s.t. S·x_i ≤ −1 ∀i; margin M = 1/‖S*‖ (exists iff the draw is separable).
 * - Extended space: w_SVM = argmin ‖S‖² + b² s.t. S·x_i + b ≤ −1, i.e. the through-origin SVM of (x_i, 1). It always
 *   exists (S = 0, b = −1 is feasible), and exactly w_SVM = (M² S*, −1)/(1 + M²): for fixed b the best S is
 *   (1 + b)₊ S*, and minimising (1 + b)²/M² + b² gives b = −1/(1 + M²). Inseparable draws give (0, −1), margin 1.
 *
 * Both solve the dual min q(α) = ½‖Σ α_i z_i‖² − Σ α_i over α ≥ 0, z_i = −x_i or −(x_i, 1), S = Σ α_i z_i, by a
 * Lawson–Hanson active set: add the most violated constraints (up to BATCH per pass over the data, one at a time near
 * full rank), solve the equality problem K_PP β = 1 on the passive set P (K = Z Zᵀ, Cholesky factor kept by row
 * appends and Givens deletes, linalg.ts), step back to α ≥ 0 when β is not positive. When a new point lies in span(z_P) the equality problem is singular: z_t = Σ c_i z_i, and the ray
 * α + τ(e_t − c) leaves S unchanged and lowers q by τ(1 − Σc_i) > 0. If c ≤ 0 the ray never leaves α ≥ 0: the dual is
 * unbounded, and (c, −1) normalised is a convex combination of the x_i equal to 0 — the origin is in their hull, an
 * exact inseparability certificate (SPEC §3.1). Otherwise it is a ratio-test pivot as in the simplex method.
 */

import { choleskyAppend, choleskySolve, solveLowerTransposed } from "../core/linalg.js";
import {
  appendAt,
  BATCH,
  constraintValue,
  fillColumn,
  kernel,
  newState,
  removeAt,
  SINGULAR_PIVOT,
  type State,
  updateConstraints,
  updateS,
} from "./svmState.js";

export interface SvmOptions {
  /** cap on active-set changes (default 20·N + 1000) */
  maxIterations?: number;
  /** a constraint counts as violated when 1 − z_i·S > tol (default 1e-10, relative to the right-hand side 1) */
  tol?: number;
}

export type SvmResult =
  | {
      separable: true;
      /** S* (through origin) or the S part of w_SVM (extended), length d */
      S: Float64Array;
      /** the bias of w_SVM (extended only) */
      b?: number;
      /** 1/‖S*‖ or 1/‖(S, b)‖, units of x */
      margin: number;
      /** max of primal infeasibility, dual infeasibility, complementary slackness and the relative duality gap */
      kktResidual: number;
      /** number of α_i > 0 */
      supportVectors: number;
      /** active-set changes used */
      iterations: number;
    }
  | { separable: false; reason: string };

/** Hard-margin SVM through the origin for points X (n×d row-major), all labels −1. */
export function svmThroughOrigin(X: Float64Array, n: number, d: number, opts: SvmOptions = {}): SvmResult {
  return solveDual(X, n, d, false, opts);
}

/** Hard-margin SVM in the extended space (S, b), the bias penalised like a weight (SPEC §3.3). */
export function svmExtended(X: Float64Array, n: number, d: number, opts: SvmOptions = {}): SvmResult {
  return solveDual(X, n, d, true, opts);
}

/** The Lawson–Hanson outer loop: add the most violated constraints until none is violated by more than tol. */
function solveDual(X: Float64Array, n: number, d: number, extended: boolean, opts: SvmOptions): SvmResult {
  const tol = opts.tol ?? 1e-10;
  const maxIterations = opts.maxIterations ?? 20 * n + 1000;
  const st = newState(X, n, d, extended);
  const batch = new Int32Array(BATCH);
  let iterations = 0;
  for (;;) {
    updateS(st);
    updateConstraints(st);
    // several violators per pass while far from full rank (the O(N·D) pass dominates); one at a time near it
    const count = mostViolated(st, tol, st.m + 2 * BATCH < st.D ? BATCH : 1, batch);
    if (count === 0) return finish(st, iterations);
    if (iterations >= maxIterations) {
      return { separable: false, reason: `undecided: no optimum within ${maxIterations} active-set changes` };
    }
    const added = count === 1 ? addPoint(st, batch[0]) : addBatch(st, batch, count);
    if (typeof added === "string") return { separable: false, reason: added };
    iterations += count + restoreFeasibility(st);
  }
}

/** The (up to) `limit` points outside P with the largest violation 1 − r_i > tol, largest first, into out. */
function mostViolated(st: State, tol: number, limit: number, out: Int32Array): number {
  let count = 0;
  for (let i = 0; i < st.n; i++) {
    const v = 1 - st.r[i];
    if (st.pos[i] >= 0 || !(v > tol)) continue;
    if (count === limit && v <= 1 - st.r[out[count - 1]]) continue;
    let k = count < limit ? count++ : count - 1; // insertion into the sorted list, dropping its last entry if full
    while (k > 0 && 1 - st.r[out[k - 1]] < v) {
      out[k] = out[k - 1];
      k--;
    }
    out[k] = i;
  }
  return count;
}

/**
 * Put point t into P: a Cholesky append, or a ratio-test pivot when z_t ∈ span(z_P) (then t replaces the blocking
 * point and S is unchanged). Returns a reason string when no step is possible: unbounded dual or numerical breakdown.
 */
function addPoint(st: State, t: number): string | undefined {
  const m = st.m;
  const ktt = fillColumn(st, t);
  const delta = choleskyAppend(st.L, m, st.ld, st.col, SINGULAR_PIVOT * ktt);
  if (m < st.D && delta > SINGULAR_PIVOT * ktt) return appendAt(st, t);
  // singular: col holds L⁻¹k; c = K_PP⁻¹ k gives z_t ≈ Σ c_k z_{P_k}
  const c = solveLowerTransposed(st.L, m, st.col, st.ld);
  let blocking = -1;
  let tau = Number.POSITIVE_INFINITY;
  for (let k = 0; k < m; k++) {
    if (c[k] > 0 && st.alpha[st.P[k]] / c[k] < tau) {
      tau = st.alpha[st.P[k]] / c[k];
      blocking = k;
    }
  }
  if (blocking < 0) return inseparableCertificate(st, t, c);
  for (let k = 0; k < m; k++) st.alpha[st.P[k]] -= tau * c[k];
  removeAt(st, blocking);
  // z_t now has a component along the removed point (c_blocking > 0), so the append succeeds unless δ rounds to ≤ 0
  fillColumn(st, t);
  if (!(choleskyAppend(st.L, st.m, st.ld, st.col, 0) > 0)) return "undecided: singular active set (degenerate data)";
  appendAt(st, t);
  st.alpha[t] = tau;
  return undefined;
}

/**
 * Add the points batch[0..count) in order. Their kernel columns against P come from one pass over the rows of X_P
 * (each row read once for the whole batch, not once per point: the column fill was memory-bound). A point whose
 * append is singular goes through addPoint, which may reorder P; later points then fall back to addPoint too.
 */
function addBatch(st: State, batch: Int32Array, count: number): string | undefined {
  const m0 = st.m;
  const { ld, block, pair } = st;
  for (let k = 0; k < m0; k++) for (let b = 0; b < count; b++) block[b * ld + k] = kernel(st, st.P[k], batch[b]);
  for (let b = 0; b < count; b++) for (let q = 0; q <= b; q++) pair[b * BATCH + q] = kernel(st, batch[b], batch[q]);
  const appended: number[] = [];
  let fresh = true;
  for (let b = 0; b < count; b++) {
    if (fresh) {
      for (let k = 0; k < m0; k++) st.col[k] = block[b * ld + k];
      for (let q = 0; q < appended.length; q++) st.col[m0 + q] = pair[b * BATCH + appended[q]];
      const ktt = pair[b * BATCH + b];
      st.col[st.m] = ktt;
      if (st.m < st.D && choleskyAppend(st.L, st.m, ld, st.col, SINGULAR_PIVOT * ktt) > SINGULAR_PIVOT * ktt) {
        appendAt(st, batch[b]);
        appended.push(b);
        continue;
      }
      fresh = false;
    }
    const r = addPoint(st, batch[b]);
    if (r !== undefined) return r;
  }
  return undefined;
}

/**
 * The dual is unbounded along (e_t − c) ≥ 0: u = (−c, 1)/(1 − Σc) is a convex combination with Σ u_i z_i ≈ 0.
 * Verified here in the x-space (for the extended problem Σu_i·1 = 1 makes it fail, as it must).
 */
function inseparableCertificate(st: State, t: number, c: Float64Array): string {
  const { X, d, D } = st;
  let total = 1;
  for (let k = 0; k < st.m; k++) total -= c[k];
  const v = new Float64Array(D);
  let maxNorm = 0;
  const addPointTo = (i: number, weight: number): void => {
    let r2 = st.ext;
    for (let j = 0; j < d; j++) {
      v[j] += weight * X[i * d + j];
      r2 += X[i * d + j] ** 2;
    }
    if (st.ext) v[d] += weight;
    maxNorm = Math.max(maxNorm, Math.sqrt(r2));
  };
  addPointTo(t, 1 / total);
  for (let k = 0; k < st.m; k++) addPointTo(st.P[k], -c[k] / total);
  let res = 0;
  for (let j = 0; j < D; j++) res += v[j] * v[j];
  const rel = maxNorm > 0 ? Math.sqrt(res) / maxNorm : 0; // all involved points at the origin: trivially in the hull
  if (rel < 1e-9) {
    return `the origin is in the convex hull (a convex combination of ${st.m + 1} points has norm ${rel.toExponential(2)}·max‖x_i‖)`;
  }
  return `undecided: unbounded dual direction not verified (residual ${rel.toExponential(2)})`;
}

/**
 * The Lawson–Hanson inner loop: β = K_PP⁻¹ 1; if some β_k ≤ 0, move α toward β until the first α_k hits 0, drop it,
 * repeat. Ends with α_P = β > 0. Returns the number of points dropped.
 */
function restoreFeasibility(st: State): number {
  let dropped = 0;
  for (;;) {
    const { beta, alpha, P } = st;
    beta.fill(1, 0, st.m);
    choleskySolve(st.L, st.m, beta, st.ld);
    let tau = 1;
    let first = -1;
    for (let k = 0; k < st.m; k++) {
      const a = alpha[P[k]];
      if (beta[k] <= 0 && a / (a - beta[k]) < tau) {
        tau = a / (a - beta[k]);
        first = k;
      }
    }
    if (first < 0) {
      for (let k = 0; k < st.m; k++) alpha[P[k]] = beta[k];
      return dropped;
    }
    for (let k = 0; k < st.m; k++) alpha[P[k]] += tau * (beta[k] - alpha[P[k]]);
    alpha[P[first]] = 0; // exactly, whatever the rounding of a + τ(β − a)
    for (let k = st.m - 1; k >= 0; k--) {
      // drop points that reached zero moving down; a new point (α = 0, β > 0) at a τ = 0 step stays
      if (alpha[P[k]] <= 0 && (k === first || beta[k] <= 0)) {
        removeAt(st, k);
        dropped++;
      }
    }
  }
}

/** Polish the final active set (refine), then the result with its KKT residual. */
function finish(st: State, iterations: number): SvmResult {
  refine(st);
  updateConstraints(st);
  let normS2 = 0;
  for (let j = 0; j < st.D; j++) normS2 += st.S[j] * st.S[j];
  const S = st.S.slice(0, st.d);
  const margin = 1 / Math.sqrt(normS2);
  const base = { separable: true as const, S, margin, kktResidual: kktResidual(st, normS2), supportVectors: st.m };
  return st.ext ? { ...base, b: st.S[st.d], iterations } : { ...base, iterations };
}

/**
 * Iterative refinement of the equality system Z_P S = 1 on the final active set: δα = K_PP⁻¹(1 − Z_P S) with the
 * updated factor, α += δα, S += Z_Pᵀδα (S corrected in place, not re-summed from α ~ ‖S‖²). Needed near the edge,
 * where ‖S‖ ~ 1e3 and cond(K_PP) ~ 1e10 left a residual ~1e-8 after one solve. Stops when the residual stops
 * shrinking or a step would make some α_i ≤ 0.
 */
function refine(st: State): void {
  const { alpha, P, beta, S, X, d } = st;
  let previous = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    let worst = 0;
    for (let k = 0; k < st.m; k++) {
      beta[k] = 1 - constraintValue(st, P[k]);
      worst = Math.max(worst, Math.abs(beta[k]));
    }
    if (!(worst < 0.5 * previous) || worst < 1e-15) return;
    previous = worst;
    choleskySolve(st.L, st.m, beta, st.ld);
    for (let k = 0; k < st.m; k++) if (!(alpha[P[k]] + beta[k] > 0)) return;
    for (let k = 0; k < st.m; k++) {
      const i = P[k];
      alpha[i] += beta[k];
      for (let j = 0; j < d; j++) S[j] -= beta[k] * X[i * d + j];
      if (st.ext) S[d] -= beta[k];
    }
  }
}

/**
 * max of: primal infeasibility max(0, 1 − r_i) (relative to the right-hand side 1); dual infeasibility max(0, −α_i)
 * / max α; complementary slackness max α_i|r_i − 1| / max α; the relative duality gap |‖S‖² − Σα_i| / ‖S‖² (primal
 * ½‖S‖² vs dual Σα − ½‖S‖²; stationarity S = Σ α_i z_i holds by construction).
 */
function kktResidual(st: State, normS2: number): number {
  let primal = 0;
  let amax = 0;
  let amin = 0;
  let sum = 0;
  for (let i = 0; i < st.n; i++) {
    primal = Math.max(primal, 1 - st.r[i]);
    amax = Math.max(amax, st.alpha[i]);
    amin = Math.min(amin, st.alpha[i]);
    sum += st.alpha[i];
  }
  let comp = 0;
  for (let i = 0; i < st.n; i++) comp = Math.max(comp, (st.alpha[i] / amax) * Math.abs(st.r[i] - 1));
  return Math.max(primal, -amin / amax, comp, Math.abs(normS2 - sum) / normS2);
}
