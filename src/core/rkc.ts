/**
 * Runge–Kutta–Chebyshev, second order, damped (RKC: Sommeijer, Shampine & Verwer, J. Comput. Appl. Math. 88, 1998):
 * an explicit s-stage method whose real stability interval [−β(s), 0], β ≈ 0.65·s², grows with the square of the
 * stages. It is built for y' = f(x, y) whose Jacobian has a real, non-positive spectrum — a gradient flow of a convex
 * loss, whose Jacobian is −(Hessian). A step of length h over a spectral radius ρ costs s ≈ √(1.54 h ρ) evaluations,
 * so the cost of a stiff stretch grows like √ρ instead of ρ (an ordinary explicit method) and no Jacobian is formed.
 *
 * Error control: RKC's local error estimate (1/15)[12(y_n − y_{n+1}) + 6h(f_n + f_{n+1})] in the RMS norm weighted by
 * atol + rtol·|y|, with f_{n+1} reused as the next step's f_n (first same as last). The spectral radius comes from a
 * nonlinear power method on f (one evaluation per iteration, warm-started from the last eigenvector), redone every
 * 25 accepted steps and after a rejection. Dense output: the cubic Hermite interpolant of (y, f) at the step's ends.
 * Pure arithmetic on Float64Arrays: a step allocates nothing.
 */

import { pow } from "./detMath.js";

/** f(x, y) written into out (length of y). */
export type Rhs = (x: number, y: Float64Array, out: Float64Array) => void;

/** An accepted step: x0 → x1 with states and slopes at both ends (views, valid during the callback only). */
export interface RkcStep {
  x0: number;
  x1: number;
  y0: Float64Array;
  y1: Float64Array;
  f0: Float64Array;
  f1: Float64Array;
}

export interface RkcOptions {
  rtol: number;
  atol: number;
  /** give up (completed: false) once f has been evaluated this many times (also, at once, when steps shrink below
   * 1e-13 of |x|: the solution cannot advance, e.g. a slope that is not finite) */
  maxEvaluations: number;
  /** called after every accepted step; f(x1, y1) was the last evaluation of f before it */
  onStep?: (step: RkcStep) => void;
}

export interface RkcResult {
  /** the state at x (xEnd when completed) */
  y: Float64Array;
  x: number;
  evaluations: number;
  steps: number;
  rejected: number;
  /** evaluations spent on spectral-radius estimates (included in `evaluations`) */
  radiusEvaluations: number;
  /** the largest stage count used */
  maxStages: number;
  completed: boolean;
}

/** Damping of the Chebyshev polynomial (RKC's ε = 2/13): keeps the stability region a strip around the real axis. */
const DAMPING = 2 / 13;
const UROUND = 2.220446049250313e-16;

/** The s-stage coefficients μ_j, ν_j, μ̃_j, γ̃_j and stage abscissae c_j (j = 1 … s) for damping ε. */
export class RkcCoefficients {
  readonly mu: Float64Array;
  readonly nu: Float64Array;
  readonly muT: Float64Array;
  readonly gammaT: Float64Array;
  readonly c: Float64Array;

  constructor(readonly stages: number) {
    const s = stages;
    const w0 = 1 + DAMPING / (s * s);
    // Chebyshev T_j(w0) and its first two derivatives, j = 0 … s
    const T = new Float64Array(s + 1);
    const T1 = new Float64Array(s + 1);
    const T2 = new Float64Array(s + 1);
    T[0] = 1;
    T[1] = w0;
    T1[1] = 1;
    for (let j = 2; j <= s; j++) {
      T[j] = 2 * w0 * T[j - 1] - T[j - 2];
      T1[j] = 2 * T[j - 1] + 2 * w0 * T1[j - 1] - T1[j - 2];
      T2[j] = 4 * T1[j - 1] + 2 * w0 * T2[j - 1] - T2[j - 2];
    }
    const w1 = T1[s] / T2[s];
    const b = new Float64Array(s + 1);
    for (let j = 2; j <= s; j++) b[j] = T2[j] / (T1[j] * T1[j]);
    b[0] = b[2];
    b[1] = b[2];
    const a = (j: number) => 1 - b[j] * T[j];
    this.mu = new Float64Array(s + 1);
    this.nu = new Float64Array(s + 1);
    this.muT = new Float64Array(s + 1);
    this.gammaT = new Float64Array(s + 1);
    this.c = new Float64Array(s + 1);
    this.muT[1] = b[1] * w1;
    this.c[1] = this.muT[1];
    for (let j = 2; j <= s; j++) {
      this.mu[j] = (2 * w0 * b[j]) / b[j - 1];
      this.nu[j] = -b[j] / b[j - 2];
      this.muT[j] = (2 * w1 * b[j]) / b[j - 1];
      this.gammaT[j] = -a(j - 1) * this.muT[j];
      // Y_j of f ≡ 1 is y_0 + c_j h: the abscissa follows from the recursion itself
      this.c[j] = this.mu[j] * this.c[j - 1] + this.nu[j] * this.c[j - 2] + this.muT[j] + this.gammaT[j];
    }
  }
}

/** Stages for a stable step h·ρ (RKC's rule: β(s) ≥ h ρ with margin), at least 2. */
export function stagesFor(hRho: number): number {
  return Math.max(2, 1 + Math.floor(Math.sqrt(1 + 1.54 * hRho)));
}

/** y(x) on a step, by cubic Hermite interpolation of its end states and slopes, into out. */
export function hermite(step: RkcStep, x: number, out: Float64Array): Float64Array {
  const h = step.x1 - step.x0;
  const u = h > 0 ? (x - step.x0) / h : 1;
  const h00 = (1 + 2 * u) * (1 - u) * (1 - u);
  const h10 = u * (1 - u) * (1 - u) * h;
  const h01 = u * u * (3 - 2 * u);
  const h11 = u * u * (u - 1) * h;
  for (let i = 0; i < out.length; i++) {
    out[i] = h00 * step.y0[i] + h10 * step.f0[i] + h01 * step.y1[i] + h11 * step.f1[i];
  }
  return out;
}

/** x^(1/3) for x ≥ 0, engine-independent (core/detMath.ts: the same step sizes in every browser). */
const cbrt = (x: number) => (x > 0 ? pow(x, 1 / 3) : 0);

function norm2(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/**
 * Integrate y' = f(x, y) from (x0, y0) to xEnd (> x0) with RKC. y0 is not modified.
 */
export function rkc(f: Rhs, x0: number, y0: Float64Array, xEnd: number, o: RkcOptions): RkcResult {
  const run = new RkcRun(f, x0, y0, o);
  let h = Math.min(xEnd - x0, run.rho > 0 ? 1 / run.rho : xEnd - x0);
  // a step below 1e-13 of |x| cannot advance x (or the slope is not finite): give up rather than spin to the cap
  while (run.x < xEnd && run.evaluations < o.maxEvaluations && h > 1e-13 * Math.max(1, Math.abs(run.x))) {
    if (run.x + 1.1 * h >= xEnd) h = xEnd - run.x;
    h = run.attempt(h);
  }
  return {
    y: run.yn,
    x: run.x,
    evaluations: run.evaluations,
    steps: run.steps,
    rejected: run.rejected,
    radiusEvaluations: run.radiusEvaluations,
    maxStages: run.usedStages,
    completed: run.x >= xEnd,
  };
}

/** The state of one integration: the current point, its slope, the spectral radius and the step-size history. */
class RkcRun {
  readonly yn: Float64Array;
  private readonly fn: Float64Array;
  private readonly y1: Float64Array;
  private readonly f1: Float64Array;
  private readonly yjm1: Float64Array;
  private readonly yjm2: Float64Array;
  private readonly fj: Float64Array;
  /** the last dominant eigenvector estimate (warm start of the power method) */
  private readonly eig: Float64Array;
  private haveEig = false;
  private readonly coefficients = new Map<number, RkcCoefficients>();
  /** rounding error grows with the stages: RKC caps them at √(rtol / (10 u)) */
  private readonly maxStages: number;
  x: number;
  rho = 0;
  private sinceRadius = 0;
  private hOld = 0;
  private errOld = 0;
  private lastRejected = false;
  evaluations = 0;
  radiusEvaluations = 0;
  steps = 0;
  rejected = 0;
  usedStages = 0;

  constructor(
    private readonly f: Rhs,
    x0: number,
    y0: Float64Array,
    private readonly o: RkcOptions,
  ) {
    const n = y0.length;
    this.yn = Float64Array.from(y0);
    [this.fn, this.y1, this.f1, this.yjm1, this.yjm2, this.fj, this.eig] = Array.from(
      { length: 7 },
      () => new Float64Array(n),
    );
    this.maxStages = Math.max(2, Math.round(Math.sqrt(o.rtol / (10 * UROUND))));
    this.x = x0;
    this.evaluate(x0, this.yn, this.fn);
    this.rho = this.spectralRadius();
  }

  private evaluate(x: number, y: Float64Array, out: Float64Array): void {
    this.evaluations++;
    this.f(x, y, out);
  }

  private coeff(s: number): RkcCoefficients {
    let c = this.coefficients.get(s);
    if (!c) {
      c = new RkcCoefficients(s);
      this.coefficients.set(s, c);
    }
    return c;
  }

  /** Try a step of length h: advance on success; returns the next step length to try. */
  attempt(h: number): number {
    let s = stagesFor(h * this.rho);
    if (s > this.maxStages) {
      s = this.maxStages;
      h = (((s - 1) * (s - 1) - 1) / 1.54 / this.rho) * 0.999;
    }
    this.usedStages = Math.max(this.usedStages, s);
    this.chebyshevStep(h, this.coeff(s));
    const xNew = this.x + h;
    this.evaluate(xNew, this.y1, this.f1);
    const err = this.errorNorm(h);
    if (!(err <= 1)) {
      // rejected (also for a NaN estimate): shrink, and re-estimate ρ once at this point
      this.rejected++;
      this.lastRejected = true;
      if (this.sinceRadius > 0) {
        this.rho = this.spectralRadius();
        this.sinceRadius = 0;
      }
      return h * (Number.isFinite(err) ? Math.max(0.1, 0.8 / cbrt(err)) : 0.1);
    }
    this.steps++;
    this.o.onStep?.({ x0: this.x, x1: xNew, y0: this.yn, y1: this.y1, f0: this.fn, f1: this.f1 });
    this.x = xNew;
    this.yn.set(this.y1);
    this.fn.set(this.f1);
    const next = h * this.growth(h, err);
    if (++this.sinceRadius >= 25) {
      this.rho = this.spectralRadius();
      this.sinceRadius = 0;
    }
    return next;
  }

  /** y1 ← the s-stage Chebyshev recursion from (x, yn): Y_j = (1 − μ_j − ν_j) Y_0 + μ_j Y_{j−1} + ν_j Y_{j−2} + μ̃_j h F_{j−1} + γ̃_j h F_0. */
  private chebyshevStep(h: number, c: RkcCoefficients): void {
    const { yn, fn, yjm1, yjm2, fj } = this;
    const { mu, nu, muT, gammaT } = c;
    for (let i = 0; i < yn.length; i++) {
      yjm2[i] = yn[i];
      yjm1[i] = yn[i] + muT[1] * h * fn[i];
    }
    for (let j = 2; j <= c.stages; j++) {
      this.evaluate(this.x + c.c[j - 1] * h, yjm1, fj);
      for (let i = 0; i < yn.length; i++) {
        const yj =
          (1 - mu[j] - nu[j]) * yn[i] + mu[j] * yjm1[i] + nu[j] * yjm2[i] + muT[j] * h * fj[i] + gammaT[j] * h * fn[i];
        yjm2[i] = yjm1[i];
        yjm1[i] = yj;
      }
    }
    this.y1.set(yjm1);
  }

  /** RKC's local error estimate (1/15)[12(y_n − y_{n+1}) + 6h(f_n + f_{n+1})], weighted RMS norm. */
  private errorNorm(h: number): number {
    const { yn, y1, fn, f1, o } = this;
    let err = 0;
    for (let i = 0; i < yn.length; i++) {
      const est = 0.8 * (yn[i] - y1[i]) + 0.4 * h * (fn[i] + f1[i]);
      const wt = o.atol + o.rtol * Math.max(Math.abs(yn[i]), Math.abs(y1[i]));
      err += (est / wt) * (est / wt);
    }
    return Math.sqrt(err / yn.length);
  }

  /** RKC's step-size factor after an accepted step, from the last two errors (a PI-like controller), in [0.1, 10]. */
  private growth(h: number, err: number): number {
    let fac = 10;
    if (this.hOld === 0 || this.errOld === 0) {
      const e3 = cbrt(err);
      if (0.8 < fac * e3) fac = 0.8 / e3;
    } else {
      const t1 = 0.8 * h * cbrt(this.errOld);
      const t2 = this.hOld * cbrt(err) * cbrt(err);
      if (t1 < fac * t2) fac = t1 / t2;
    }
    fac = Math.max(0.1, fac);
    if (this.lastRejected) fac = Math.min(fac, 1); // no growth right after a rejection
    this.lastRejected = false;
    this.hOld = h;
    this.errOld = err;
    return fac;
  }

  /** Nonlinear power method on f around (x, yn): the spectral radius of ∂f/∂y, times RKC's safety 1.2. */
  private spectralRadius(): number {
    const { yn, fn, eig, yjm1: v, fj: fv } = this;
    const n = yn.length;
    let vnrm = norm2(eig);
    if (vnrm === 0 || !this.haveEig) {
      for (let i = 0; i < n; i++) eig[i] = fn[i] !== 0 ? fn[i] : yn[i] !== 0 ? yn[i] : 1;
      vnrm = norm2(eig);
    }
    const ynrm = norm2(yn);
    const dy = ynrm > 0 ? ynrm * Math.sqrt(UROUND) : Math.sqrt(UROUND);
    for (let i = 0; i < n; i++) v[i] = yn[i] + (eig[i] * dy) / vnrm;
    let sigma = 0;
    for (let iter = 1; iter <= 20; iter++) {
      this.evaluate(this.x, v, fv);
      this.radiusEvaluations++;
      for (let i = 0; i < n; i++) eig[i] = fv[i] - fn[i];
      const df = norm2(eig);
      const last = sigma;
      sigma = df / dy;
      if (df === 0) break;
      for (let i = 0; i < n; i++) v[i] = yn[i] + (eig[i] * dy) / df;
      if (iter >= 2 && Math.abs(sigma - last) <= 0.01 * Math.max(sigma, 1e-300)) break;
    }
    this.haveEig = true;
    return 1.2 * sigma;
  }
}
