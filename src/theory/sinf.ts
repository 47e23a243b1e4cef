/**
 * S_∞ = argmin_S Σ_i exp(S·x_i): the bias-free limit of training when the draw is NOT separable from the origin
 * (SPEC §3.5 conformal time; §3.6 its norm diverges as λ → ½⁻; paper Figs. 1 right top, 6, 7).
 *
 * We minimise F(S) = log Σ_i exp(S·x_i) instead: same minimiser, no overflow. Damped Newton from S = 0 (affine
 * invariant, so S_∞(σX) = S_∞(X)/σ step by step): ∇F = Xᵀp, ∇²F = Xᵀ diag(p) X − ∇F ∇Fᵀ with p = softmax(XS), Armijo
 * backtracking on F. The N·d² Hessian is formed only when CG preconditioned by the last Hessian's Cholesky factor
 * fails to solve the Newton system (typically 1–3 Hessians per draw instead of 6–15).
 *
 * Separability comes for free: F(S) ≥ max_i S·x_i, and if the origin is in the convex hull (inseparable) some
 * S·x_i ≥ 0 for every S, so min F ≥ 0. An iterate with S·x_i < 0 for all i is therefore an exact certificate that
 * −S separates the points from the origin (SPEC §3.1), and then F is unbounded below and S_∞ does not exist.
 * Assumes the origin is not on the boundary of the hull (probability 0 for Gaussian draws): there the infimum is not
 * attained, the gradient still tends to 0, and a huge S could pass the gradient test.
 */

import { defaultKernel, type Kernel } from "../core/kernel/kernel.js";
import type { NewtonKernels } from "../core/kernel/solverWorkspace.js";
import { type CholeskyKernels, matTVec, matVec, solveSpd, typescriptCholesky, weightedGram } from "../core/linalg.js";
import { dot, norm } from "../core/vector.js";

export interface SInfinityOptions {
  /** Newton iteration cap (default 100; draws at N = 2400 measured 6–15) */
  maxIterations?: number;
  /** stop when ‖∇F‖ / max_i ‖x_i‖ < gradTol (default 1e-12) */
  gradTol?: number;
  /** when Newton stalls at roundoff, still report converged if the scaled gradient is below this (default 1e-9) */
  acceptTol?: number;
  /** the kernel whose dense kernels run the solve (default: defaultKernel(); a "ts" Kernel: the TypeScript ones) */
  kernel?: Kernel;
  /** warm start: the first start.length coordinates of the initial S (the rest 0); default S = 0 */
  start?: Float64Array;
}

export interface SInfinityResult {
  /** scaled gradient reached gradTol (or acceptTol at a roundoff stall): S is S_∞ */
  converged: boolean;
  /** true: certified separable (S separates: S·x_i < 0 ∀i); false: S_∞ found; null: undecided within the cap */
  separable: boolean | null;
  /** S_∞ (length d) when converged; the separating certificate when separable; else the last iterate */
  S: Float64Array;
  /** ‖S‖ (units 1/σ) */
  norm: number;
  /** ‖∇F(S)‖ / max_i ‖x_i‖, dimensionless (F = log Σ exp(S·x_i)) */
  gradNorm: number;
  /** Newton steps taken */
  iterations: number;
  /** fraction of i with S·x_i > 0 (paper Fig. 6) */
  positiveFraction: number;
  /** mean of S·x_i/‖S‖ over those i (paper Fig. 7, units σ); NaN when there is none */
  positiveMean: number;
}

/** Hessian rows with p_i below this are dropped: their share of ∇²F is < N·1e-18·max‖x‖², far below its scale. */
const HESSIAN_CUTOFF = 1e-18;
/** Armijo sufficient-decrease constant. */
const ARMIJO = 1e-4;

/** Buffers of one solve, allocated once so that the Newton loop allocates nothing. */
interface Work {
  z: Float64Array; // X S (n)
  u: Float64Array; // X Δ (n)
  p: Float64Array; // softmax(z) (n)
  w: Float64Array; // Hessian weights (n)
  g: Float64Array; // ∇F (d)
  step: Float64Array; // Δ (d)
  H: Float64Array; // ∇²F (d×d)
  chol: Float64Array; // Cholesky factor of the last Hessian formed (d×d)
  factored: boolean; // chol holds a valid factor
  res: Float64Array; // CG residual, direction, preconditioned residual, ∇²F·direction (d each)
  dir: Float64Array;
  pre: Float64Array;
  hq: Float64Array;
  /** the WASM dense kernels (w and chol are their buffers then), or null: the TypeScript ones of core/linalg.ts */
  dense: NewtonKernels | null;
  /** factorisation and solve on chol, by the same kernels */
  cholesky: CholeskyKernels;
  /** the kernel of the Gram products */
  kernel: Kernel;
}

/** S_∞ of the draw X (n×d row-major) by damped Newton on log Σ exp(S·x_i), with a separability certificate. */
export function sInfinity(X: Float64Array, n: number, d: number, opts: SInfinityOptions = {}): SInfinityResult {
  const maxIterations = opts.maxIterations ?? 100;
  const gradTol = opts.gradTol ?? 1e-12;
  const acceptTol = opts.acceptTol ?? 1e-9;
  const maxNorm = maxRowNorm(X, n, d);
  const S = new Float64Array(d);
  if (opts.start) S.set(opts.start.subarray(0, Math.min(d, opts.start.length)));
  const kernel = opts.kernel ?? defaultKernel();
  const dense = kernel.newtonKernels(n, d);
  dense?.X.set(X.subarray(0, n * d));
  const wk: Work = {
    z: new Float64Array(n),
    u: new Float64Array(n),
    p: new Float64Array(n),
    w: dense ? dense.w : new Float64Array(n),
    g: new Float64Array(d),
    step: new Float64Array(d),
    H: new Float64Array(d * d),
    chol: dense ? dense.L : new Float64Array(d * d),
    factored: false,
    res: new Float64Array(d),
    dir: new Float64Array(d),
    pre: new Float64Array(d),
    hq: new Float64Array(d),
    dense,
    cholesky: choleskyKernels(dense),
    kernel,
  };
  let previousGrad = Number.POSITIVE_INFINITY;
  for (let it = 0; ; it++) {
    matVec(X, n, d, S, wk.z);
    const F = softmax(wk.z, n, wk.p);
    const gn = norm(matTVec(X, n, d, wk.p, wk.g)) / maxNorm;
    if (certifiesSeparable(wk.z, n, d, norm(S) * maxNorm)) return finish(S, wk, n, it, false, true, maxNorm);
    if (gn < gradTol) return finish(S, wk, n, it, true, false, maxNorm);
    if (it >= maxIterations) return finish(S, wk, n, it, false, null, maxNorm);
    newtonStep(X, n, d, wk, gn, gradTol, maxNorm);
    matVec(X, n, d, wk.step, wk.u);
    const slope = dot(wk.g, wk.step);
    const noise = 1e-14 * (1 + Math.abs(F) + norm(S) * maxNorm); // roundoff of F: the z_i carry ~ε·‖S‖‖x_i‖
    const t = lineSearch(wk.z, wk.u, n, F, slope, noise);
    // a stall (no decrease F can resolve, or a blind full step that did not halve ∇F) ends the solve at roundoff
    if (t === 0 || (-slope < noise && gn > 0.5 * previousGrad)) {
      const ok = gn < acceptTol;
      return finish(S, wk, n, it, ok, ok ? false : null, maxNorm);
    }
    previousGrad = gn;
    for (let j = 0; j < d; j++) S[j] += t * wk.step[j];
  }
}

/** max_i ‖x_i‖ over the rows of X (the scale of the gradient, units σ). */
function maxRowNorm(X: Float64Array, n: number, d: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, norm(X.subarray(i * d, (i + 1) * d)));
  return m > 0 ? m : 1;
}

/** p = softmax(z) in place of p; returns F = log Σ e^{z_i}. */
function softmax(z: Float64Array, n: number, p: Float64Array): number {
  let zmax = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) if (z[i] > zmax) zmax = z[i];
  let s = 0;
  for (let i = 0; i < n; i++) {
    p[i] = Math.exp(z[i] - zmax);
    s += p[i];
  }
  for (let i = 0; i < n; i++) p[i] /= s;
  return zmax + Math.log(s);
}

/** True when every z_i = S·x_i is negative beyond its roundoff d·ε·‖S‖‖x_i‖: −S separates (SPEC §3.1). */
function certifiesSeparable(z: Float64Array, n: number, d: number, scale: number): boolean {
  if (scale === 0) return false;
  const slack = 4 * d * Number.EPSILON * scale;
  for (let i = 0; i < n; i++) if (!(z[i] < -slack)) return false;
  return true;
}

/**
 * wk.step ≈ −(∇²F)⁻¹ ∇F, ∇²F = Xᵀ diag(p) X − g gᵀ (p_i < HESSIAN_CUTOFF dropped). Forming ∇²F costs N·d² and
 * dominates a solve, so first try preconditioned CG with the Cholesky factor of the last Hessian formed (Hessian-vector
 * products cost 2·N·d) to the inexact-Newton forcing tolerance min(0.1, √gn)·‖∇F‖ (gn the scaled gradient, so the
 * convergence stays superlinear); refactor only when that fails.
 */
function newtonStep(
  X: Float64Array,
  n: number,
  d: number,
  wk: Work,
  gn: number,
  gradTol: number,
  maxNorm: number,
): void {
  for (let i = 0; i < n; i++) wk.w[i] = wk.p[i] >= HESSIAN_CUTOFF ? wk.p[i] : 0;
  // the linear model need not beat what the stopping rule asks: residual ≤ 0.1·gradTol·max‖x‖ is enough
  const target = Math.max(Math.min(0.1, Math.sqrt(gn)) * gn, 0.1 * gradTol) * maxNorm;
  if (wk.factored && preconditionedCg(X, n, d, wk, target)) return;
  const H = weightedGram(X, n, d, wk.w, wk.H, wk.kernel);
  for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) H[j * d + k] -= wk.g[j] * wk.g[k];
  wk.factored = solveSpd(H, d, wk.g, wk.step, wk.chol, wk.cholesky).ok;
  if (!wk.factored) wk.step.set(wk.g); // no usable factor: fall back to steepest descent
  for (let j = 0; j < d; j++) wk.step[j] = -wk.step[j];
}

/** CG iterations allowed with a stale preconditioner before forming a fresh Hessian (each ≈ 2·N·d + d² flops). */
const PCG_MAX = 40;

/** out = ∇²F v = Xᵀ(w ⊙ Xv) − g (g·v), with wk.u as the length-N scratch (one fused WASM pass where it runs). */
function hessianTimes(X: Float64Array, n: number, d: number, wk: Work, v: Float64Array, out: Float64Array): void {
  if (wk.dense) {
    wk.dense.v.set(v);
    wk.dense.hessianTimes();
    out.set(wk.dense.out);
  } else {
    matVec(X, n, d, v, wk.u);
    for (let i = 0; i < n; i++) wk.u[i] *= wk.w[i];
    matTVec(X, n, d, wk.u, out);
  }
  const gv = dot(wk.g, v);
  for (let j = 0; j < d; j++) out[j] -= wk.g[j] * gv;
}

/** Cholesky factorisation and solve on the WASM kernels (work is their L: the same bits), or the TypeScript ones. */
function choleskyKernels(dense: NewtonKernels | null): CholeskyKernels {
  if (!dense) return typescriptCholesky;
  return {
    factor: (_work, d) => dense.factor(d),
    solve: (_work, d, x) => {
      dense.rhs.set(x.subarray(0, d));
      dense.solve(d);
      x.set(dense.rhs);
    },
  };
}

/** Solve ∇²F s = −g by CG preconditioned with the factor in wk.chol; true when ‖residual‖ ≤ target in PCG_MAX. */
function preconditionedCg(X: Float64Array, n: number, d: number, wk: Work, target: number): boolean {
  const { step: s, res: r, dir: q, pre: z, hq } = wk;
  s.fill(0);
  for (let j = 0; j < d; j++) r[j] = -wk.g[j];
  z.set(r);
  wk.cholesky.solve(wk.chol, d, z);
  q.set(z);
  let rz = dot(r, z);
  for (let k = 0; k < PCG_MAX; k++) {
    hessianTimes(X, n, d, wk, q, hq);
    const qHq = dot(q, hq);
    if (!(qHq > 0)) return false;
    const a = rz / qHq;
    for (let j = 0; j < d; j++) {
      s[j] += a * q[j];
      r[j] -= a * hq[j];
    }
    if (norm(r) <= target) return true;
    z.set(r);
    wk.cholesky.solve(wk.chol, d, z);
    const rzNext = dot(r, z);
    for (let j = 0; j < d; j++) q[j] = z[j] + (rzNext / rz) * q[j];
    rz = rzNext;
  }
  return false;
}

/** log Σ exp(z_i + t u_i): F along the Newton ray in O(n), since X(S + tΔ) = z + t·u. */
function rayValue(z: Float64Array, u: Float64Array, n: number, t: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) m = Math.max(m, z[i] + t * u[i]);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp(z[i] + t * u[i] - m);
  return m + Math.log(s);
}

/**
 * Armijo backtracking from the full Newton step. When the predicted decrease −slope is below the roundoff of F the
 * full step is taken blind (Newton is then in its quadratic region; the caller checks that ∇F shrank).
 * Returns 0 if no step size down to 2⁻⁶⁰ decreases F.
 */
function lineSearch(z: Float64Array, u: Float64Array, n: number, F: number, slope: number, noise: number): number {
  if (!(slope < 0)) return 0;
  if (-slope < noise) return 1;
  let t = 1;
  for (let k = 0; k < 60; k++, t *= 0.5) if (rayValue(z, u, n, t) <= F + ARMIJO * t * slope) return t;
  return 0;
}

/** Assemble the result, with the projection statistics of Figs. 6–7 from z = X S (current in wk.z). */
function finish(
  S: Float64Array,
  wk: Work,
  n: number,
  iterations: number,
  converged: boolean,
  separable: boolean | null,
  maxNorm: number,
): SInfinityResult {
  const sNorm = norm(S);
  let count = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (wk.z[i] > 0) {
      count++;
      sum += wk.z[i] / sNorm;
    }
  }
  return {
    converged,
    separable,
    S,
    norm: sNorm,
    gradNorm: norm(wk.g) / maxNorm,
    iterations,
    positiveFraction: count / n,
    positiveMean: count > 0 ? sum / count : Number.NaN,
  };
}
