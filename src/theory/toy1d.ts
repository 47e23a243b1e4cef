/**
 * The one-dimensional toy model of SPEC §4 (paper Figs. 3, 8, 9): two points x_1 = −σ, x_2 = σx with x = 1 − 2λ,
 * exponential loss L = ½(e^{S x_1 + b} + e^{S x_2 + b}), gradient flow dS/dt = −η ∂L/∂S, db/dt = −η ∂L/∂b
 * (t in GD epochs, η the learning rate).
 *
 * Everything is written for S̃ = σS (SPEC §3.7): the logits are −S̃ + b and S̃x + b, so the loss is the σ = 1 loss,
 * and the flow of S̃ has rate κ = ησ² while b keeps rate η. In conformal time τ (dτ = e^b dt, SPEC §3.5):
 *   dS̃/dτ = −(κ/2)(x e^{S̃x} − e^{−S̃}),   db/dτ = −(η/2)(e^{S̃x} + e^{−S̃}),   dt/dτ = e^{−b}.
 * The S̃ equation is autonomous and b-free; b and t then follow by quadrature. With σ = 1 these are SPEC §4's equations.
 *
 * Time t reaches 1e100 and losses 1e−90, so t is carried as v = log(1 + t) (natural log) and losses as natural logs;
 * outputs are log10 (names say which).
 */

import { defaultToy1dConfig } from "../config/toy1d.js";
import { log10TOfV, vOfLog10T } from "../core/logTime.js";
import { integrateToy1d, TOY1D_SOLVER_DEFAULTS, type Toy1dSolverOptions } from "./toy1dFlow.js";
import { grokkingEvents, grokkingFromEvents, type Toy1dGrokking } from "./toy1dGrokking.js";
import { inseparableLimitS, type Toy1dParams, toy1dMetrics, xOfLambda } from "./toy1dModel.js";

export * from "./toy1dClosedForm.js";
export * from "./toy1dFlow.js";
export * from "./toy1dGrokking.js";
export * from "./toy1dModel.js";
export { log10TOfV, vOfLog10T };

// ─── the long-time table (SPEC §4) ─────────────────────────────────────────────────────

/** Predicted late-time behaviour (SPEC §4 table, at general σ): limits for λ < ½, slopes in log t for λ > ½. */
export interface Toy1dLongTime {
  regime: "inseparable" | "critical" | "separable";
  /** λ < ½: S_∞ (the weight S itself, S̃_∞/σ) */
  sInfinity?: number;
  /** λ < ½: lim (b + log t) = −log(η g), g = ½(e^{S̃_∞x} + e^{−S̃_∞}) the training loss per unit e^b at S_∞ */
  bPlusLogT?: number;
  /** λ = ½: lim (σS − log log t) = log σ² (e^{S̃} ≈ κτ/2 while log t = ητ/2 + O(log τ)) */
  sTildeMinusLogLogT?: number;
  /** λ > ½: lim dS/dlog t = M/(1+M²), M = σ(2λ − 1) the margin of the data as drawn (SPEC §3.4) */
  dSdLogT?: number;
  /** λ > ½: lim db/dlog t = −1/(1+M²) */
  dbdLogT?: number;
}

/**
 * The long-time table of SPEC §4 (σ = 1 there). For λ > ½ only x_2 = σx is a support vector (x_1 = −σ lies farther
 * out), so late on z_2 = Sσx + b carries the loss: (dS, db)/dt ∝ (σx, 1) e^{z_2}, dz_2/dt = −(η/2)(1 + M²)e^{z_2},
 * e^{−z_2} ≈ (η/2)(1 + M²)t, hence db/dlog t → −1/(1+M²) and dS/dlog t = σx·db/dlog t → M/(1+M²).
 * For λ < ½, S̃ → S̃_∞ and then db/dt = −η g e^b, so e^{−b} ≈ η g t.
 */
export function toy1dLongTime(p: Pick<Toy1dParams, "lambda" | "sigma" | "lr">): Toy1dLongTime {
  const x = xOfLambda(p.lambda);
  if (x > 0) {
    const sInf = inseparableLimitS(p.lambda, 1);
    const g = 0.5 * (Math.exp(sInf * x) + Math.exp(-sInf));
    return { regime: "inseparable", sInfinity: sInf / p.sigma, bPlusLogT: -Math.log(p.lr * g) };
  }
  if (x === 0) return { regime: "critical", sTildeMinusLogLogT: 2 * Math.log(p.sigma) };
  const M = -p.sigma * x;
  return { regime: "separable", dSdLogT: M / (1 + M * M), dbdLogT: -1 / (1 + M * M) };
}

// ─── the curve for `grokedge toy1d` ──────────────────────────────────────────────────────────────────────────────

/** Options of toy1dCurve; omitted model fields take defaultToy1dConfig's (config/toy1d.ts: the one default set of the 1-D model). */
export interface Toy1dCurveOptions extends Toy1dSolverOptions {
  lambda: number;
  sigma?: number;
  lr?: number;
  S0?: number;
  b0?: number;
  /** first sampled log10 t (default −2) */
  log10TMin?: number;
  /** last sampled log10 t (default 100) */
  log10TMax?: number;
  /** samples per decade of t (default 10) */
  perDecade?: number;
  /** loss threshold ε of the grokking time (default 1e-50, Fig. 8 right) */
  epsilon?: number;
  /** accuracy threshold (default 0.95, Fig. 3 right) */
  accThreshold?: number;
}

/** One sample of the curve: t as log10 t, losses as log10, S the weight (σS = S̃). */
export interface Toy1dRecord {
  log10_t: number;
  tau: number;
  S: number;
  b: number;
  log10_train_loss: number;
  log10_pop_loss: number;
  pop_acc: number;
}

/** What accompanies the records: the resolved parameters, grokking times with definitions, solver statistics. */
export interface Toy1dSummary {
  params: Toy1dParams;
  grokking: Toy1dGrokking;
  longTime: Toy1dLongTime;
  solver: { rtol: number; atol: number; steps: number; rejectedSteps: number; rhsEvaluations: number };
  reachedLog10T: number;
}

/** Reject values the model cannot take, naming the parameter (the CLI validates first; this guards the library). */
function checkCurveOptions(o: Toy1dCurveOptions, p: Toy1dParams, perDecade: number, min: number, max: number): void {
  const bad = (what: string) => {
    throw new RangeError(`toy1dCurve: ${what}`);
  };
  if (!(p.lambda >= 0 && p.lambda <= 1)) bad(`lambda must be in [0, 1] (got ${o.lambda})`);
  if (!(p.sigma > 0 && Number.isFinite(p.sigma))) bad(`sigma must be a positive number (got ${p.sigma})`);
  if (!(p.lr > 0 && Number.isFinite(p.lr))) bad(`lr must be a positive number (got ${p.lr})`);
  if (!Number.isFinite(p.S0) || !Number.isFinite(p.b0)) bad("S0 and b0 must be finite");
  if (!(Number.isInteger(perDecade) && perDecade >= 1)) bad(`perDecade must be an integer ≥ 1 (got ${perDecade})`);
  if (!(Number.isFinite(min) && Number.isFinite(max) && max > min)) bad("need finite log10TMin < log10TMax");
  const eps = o.epsilon ?? 1e-50;
  if (!(eps > 0 && eps < 1)) bad(`epsilon must be in (0, 1) (got ${eps})`);
}

/** The 1-D model's curve from t = 10^{log10TMin} to 10^{log10TMax}, perDecade samples per decade, and its summary. */
export function toy1dCurve(o: Toy1dCurveOptions): { records: Toy1dRecord[]; summary: Toy1dSummary } {
  const p: Toy1dParams = {
    lambda: o.lambda,
    sigma: o.sigma ?? defaultToy1dConfig.sigma,
    lr: o.lr ?? defaultToy1dConfig.lr,
    S0: o.S0 ?? defaultToy1dConfig.s0,
    b0: o.b0 ?? defaultToy1dConfig.b0,
  };
  const perDecade = o.perDecade ?? 10;
  const min = o.log10TMin ?? -2;
  const max = o.log10TMax ?? 100;
  checkCurveOptions(o, p, perDecade, min, max);
  const epsilon = o.epsilon ?? 1e-50;
  const acc = o.accThreshold ?? 0.95;
  const count = Math.floor((max - min) * perDecade + 1e-9);
  const grid = Array.from({ length: count + 1 }, (_, k) => (min * perDecade + k) / perDecade); // decimals round cleanly
  if (max - grid[count] > 1e-9) grid.push(max);
  const run = integrateToy1d(p, grid, grokkingEvents(p, epsilon, acc), { ...o, log10TMax: max });
  const records = run.samples.map((s, i): Toy1dRecord => {
    const m = toy1dMetrics(p, s.S, s.b);
    return {
      log10_t: grid[i],
      tau: s.tau,
      S: s.S,
      b: s.b,
      log10_train_loss: m.log10TrainLoss,
      log10_pop_loss: m.log10PopLoss,
      pop_acc: m.popAcc,
    };
  });
  const solver = {
    rtol: o.rtol ?? TOY1D_SOLVER_DEFAULTS.rtol,
    atol: o.atol ?? TOY1D_SOLVER_DEFAULTS.atol,
    steps: run.steps,
    rejectedSteps: run.rejectedSteps,
    rhsEvaluations: run.rhsEvaluations,
  };
  const grokking = grokkingFromEvents(p, run.events, epsilon, acc);
  return {
    records,
    summary: { params: p, grokking, longTime: toy1dLongTime(p), solver, reachedLog10T: run.reachedLog10T },
  };
}
