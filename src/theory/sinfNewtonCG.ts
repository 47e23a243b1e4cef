/**
 * S_∞ = argmin_S Σ_i exp(S·x_i) (SPEC §3.5) for an X too large for a dense Newton step (theory/sinf.ts forms the
 * N·d² Hessian: 1.5·10^13 flops at the paper's 40000 × 19200): truncated Newton–CG on G(S) = log Σ exp(S·x_i), where
 * every gradient is one fused kernel pass over X in its own storage (f32 or f64, never widened) and every
 * Hessian-vector product a forward difference of two gradients, H v ≈ (∇G(S + εv) − ∇G(S))/ε: one pass, accurate to
 * ~√u relative, which CG tolerates (the Newton system is solved only to the forcing tolerance). Armijo backtracking on G.
 * Warm-started from a trained run's late S, a few Newton steps suffice.
 *
 * Separability is certified as in sinf.ts: an iterate with S·x_i < 0 for all i (the kernel's accuracy at b = 0 is 1)
 * proves that the draw is separable from the origin, and S_∞ does not exist.
 */

import { type DataMatrix, type Dataset, matrixParts } from "../core/data.js";
import { exp } from "../core/detMath.js";
import { lossAndAccuracy, lossGradient } from "../core/lossKernel.js";
import { dot, norm, rowDot } from "../core/vector.js";

export interface NewtonCGOptions {
  /** stop when ‖∇G‖ / max_i ‖x_i‖ < gradTol (default 1e-9) */
  gradTol?: number;
  /** Newton steps at most (default 60) */
  maxNewton?: number;
  /** CG iterations per Newton step at most (default 250) */
  maxCG?: number;
}

export interface NewtonCGResult {
  converged: boolean;
  /** true: certified separable (S·x_i < 0 ∀i for the returned S); false: S_∞ found or not yet */
  separable: boolean;
  /** S_∞ (length d) when converged, else the last iterate */
  S: Float64Array;
  /** ‖∇G(S)‖ / max_i ‖x_i‖ */
  gradNorm: number;
  newtonSteps: number;
  cgIterations: number;
  /** passes over X (gradients, Hessian-vector products, line-search values) */
  passes: number;
}

/** max_i ‖x_i‖, the scale of the gradient test (one plain pass over X, part by part for a split X). */
function maxRowNorm(X: DataMatrix, n: number, d: number): number {
  let m = 0;
  for (const { part, row0 } of matrixParts(X)) {
    const rows = Math.min(n - row0, part.length / d);
    for (let i = 0; i < rows; i++) {
      // rowDot reads a row against an f64 vector: square the row through a copy-free loop instead
      let s = 0;
      const o = i * d;
      for (let j = 0; j < d; j++) s += part[o + j] * part[o + j];
      if (s > m) m = s;
    }
  }
  return Math.sqrt(m);
}

/** S_∞ of `data` by Newton–CG from `start` (length d). */
export function sInfinityNewtonCG(
  data: Dataset<DataMatrix>,
  start: Float64Array,
  o: NewtonCGOptions = {},
): NewtonCGResult {
  const { X, n, d } = data;
  const gradTol = o.gradTol ?? 1e-9;
  const maxNewton = o.maxNewton ?? 60;
  const maxCG = o.maxCG ?? 250;
  const scale = maxRowNorm(X, n, d);
  const S = Float64Array.from(start);
  const trial = new Float64Array(d);
  const g = new Float64Array(d);
  const raw = new Float64Array(d);
  const cg = newtonDirection(d, maxCG);
  let passes = 0;
  /** ∇G at x into out; returns G(x) and whether x separates (all x·x_i < 0). */
  const gradient = (x: Float64Array, out: Float64Array) => {
    passes++;
    const k = lossGradient(X, n, d, x, 0, "exp", raw);
    // G = log N + log mean e^{z}; ∇G = ∇ mean / mean = raw · e^{gradLogScale − logLoss}
    const f = exp(k.gradLogScale - k.logLoss);
    for (let j = 0; j < d; j++) out[j] = raw[j] * f;
    return { G: k.logLoss, separates: k.accuracy === 1 };
  };
  const value = (x: Float64Array) => {
    passes++;
    const k = lossAndAccuracy(X, n, d, x, 0, "exp");
    return { G: k.logLoss, separates: k.accuracy === 1 };
  };
  let cur = gradient(S, g);
  let steps = 0;
  const result = (converged: boolean, separable: boolean): NewtonCGResult => ({
    converged,
    separable,
    S,
    gradNorm: norm(g) / scale,
    newtonSteps: steps,
    cgIterations: cg.iterations,
    passes,
  });
  for (; steps < maxNewton; steps++) {
    if (cur.separates) return result(false, true);
    const gn = norm(g);
    if (gn / scale < gradTol) return result(true, false);
    // the forcing tolerance min(0.5, √(‖g‖/scale))·‖g‖: superlinear convergence near the solution
    const p = cg.solve(S, g, Math.min(0.5, Math.sqrt(gn / scale)) * gn, gradient);
    // Armijo backtracking on G along p
    const slope = dot(g, p);
    let accepted = false;
    for (let k = 0, t = 1; k < 40 && !accepted; k++, t *= 0.5) {
      for (let j = 0; j < d; j++) trial[j] = S[j] + t * p[j];
      const v = value(trial);
      if (v.separates) {
        S.set(trial);
        return result(false, true);
      }
      accepted = v.G <= cur.G + 1e-4 * t * slope;
    }
    if (!accepted) break; // at roundoff: the gradient test decides below
    S.set(trial);
    cur = gradient(S, g);
  }
  return result(norm(g) / scale < gradTol, false);
}

/**
 * Conjugate gradients on H p = −g (H = ∇²G at S) to a residual ≤ `tol`, H q by a forward difference of `gradient`
 * along q (one pass each): its buffers, allocated once, and the iterations it took in all.
 */
function newtonDirection(d: number, maxCG: number) {
  const [p, r, q, hq, trial, gTrial] = Array.from({ length: 6 }, () => new Float64Array(d));
  const state = {
    iterations: 0,
    solve(S: Float64Array, g: Float64Array, tol: number, gradient: (x: Float64Array, out: Float64Array) => unknown) {
      p.fill(0);
      for (let j = 0; j < d; j++) r[j] = -g[j];
      q.set(r);
      let rr = dot(r, r);
      for (let it = 0; it < maxCG && Math.sqrt(rr) > tol; it++) {
        state.iterations++;
        const eps = (Math.sqrt(2.2e-16) * (1 + norm(S))) / norm(q);
        for (let j = 0; j < d; j++) trial[j] = S[j] + eps * q[j];
        gradient(trial, gTrial);
        for (let j = 0; j < d; j++) hq[j] = (gTrial[j] - g[j]) / eps;
        const curv = dot(q, hq);
        if (!(curv > 0)) {
          if (it === 0) p.set(r); // no positive curvature at all: steepest descent
          break;
        }
        const alpha = rr / curv;
        for (let j = 0; j < d; j++) {
          p[j] += alpha * q[j];
          r[j] -= alpha * hq[j];
        }
        const rrNew = dot(r, r);
        for (let j = 0; j < d; j++) q[j] = r[j] + (rrNew / rr) * q[j];
        rr = rrNew;
      }
      return p;
    },
  };
  return state;
}

/** z_i = S·x_i for every row (n), one plain pass. */
export function logits(data: Dataset<DataMatrix>, S: Float64Array): Float64Array {
  const { n, d } = data;
  const z = new Float64Array(n);
  for (const { part, row0 } of matrixParts(data.X)) {
    const rows = Math.min(n - row0, part.length / d);
    for (let i = 0; i < rows; i++) z[row0 + i] = rowDot(part, i * d, d, S);
  }
  return z;
}
