/**
 * Grokking times of the 1-D model (SPEC §4, §5): measured first crossings of the loss (ε) and accuracy thresholds on
 * the integrated flow, and the large-σ predictions, each with the definition printed next to it.
 */

import { logAddExp } from "../core/special.js";
import { integrateToy1d, type Toy1dEvent, type Toy1dSolverOptions } from "./toy1dFlow.js";
import { inseparableLimitS, type Toy1dParams, type Toy1dState, toy1dMetrics, xOfLambda } from "./toy1dModel.js";

/** One grokking-time measurement (SPEC §5) with the definition that must be printed next to it. */
export interface Toy1dGrokkingTime {
  definition: string;
  /**
   * log10 of the first t where the training metric crosses (−Infinity: already at t = 0; null: not reached). Located by
   * bisection in w = log(1 + τ), so a crossing at t = 0⁺ (true for every t > 0, e.g. training accuracy from b_0 = 0)
   * reads as the bisection floor, t ≈ 1e-22.
   */
  log10TTrain: number | null;
  /** log10 of the first t where the generalization metric crosses */
  log10TGen: number | null;
  /** log10(t_gen − t_tr), the grokking time proper; null unless t_gen > t_tr */
  log10Delay: number | null;
  /** √(log(t_gen/t_tr)) (natural log; Fig. 9 right); null unless t_gen ≥ t_tr > 0 */
  sqrtLogRatio: number | null;
}

/** The 1-D model's grokking times: loss threshold ε (Figs. 8–9), accuracy threshold (Fig. 3), large-σ prediction. */
export interface Toy1dGrokking {
  loss: Toy1dGrokkingTime & { epsilon: number };
  accuracy: Toy1dGrokkingTime & { threshold: number };
  prediction: Toy1dGrokkingTime & { epsilon: number };
}

/** Assemble a Toy1dGrokkingTime from the two crossing times (log10 t, or null). */
function grokkingTimes(definition: string, tr: number | null, gen: number | null): Toy1dGrokkingTime {
  const both = tr !== null && gen !== null;
  // gen = tr is a zero delay (log10 → −Infinity), not "not reached"
  const delay = both && gen >= tr ? gen + Math.log1p(-(10 ** (tr - gen))) / Math.LN10 : null;
  const ratio = both && gen >= tr && Number.isFinite(tr) ? Math.sqrt((gen - tr) * Math.LN10) : null;
  return { definition, log10TTrain: tr, log10TGen: gen, log10Delay: delay, sqrtLogRatio: ratio };
}

/** Common suffix of the definitions: the model, the dynamics and the unit of t. */
function runDescription(p: Toy1dParams): string {
  return `1-D model, λ = ${p.lambda}, σ = ${p.sigma}, gradient flow on the exp loss with η = ${p.lr}, t in epochs`;
}

/**
 * The large-σ law of SPEC §4 as printed: the crossing times of predictedGrokking, and √log(t*_gen/t*_tr) of
 * predictedSqrtLogRatio. The definitions here and the explorer's toy tab both write these.
 */
export const LARGE_SIGMA_LAW = {
  tTrain: "1/(ηε)",
  tGen: "(2/(ηε)) exp(½ log²(1−2λ))",
  sqrtLogRatio: "|log(1−2λ)|/√2",
} as const;

/**
 * SPEC §4 large-σ prediction: S̃ reaches S̃_∞ ≈ log(1/x) before b moves, then e^{−b} ≈ η g t with g ≈ ½, so the training
 * loss g e^b ≈ 1/(ηt) and the population loss e^{b + S̃²/2} reach ε at t*_tr = 1/(ηε), t*_gen = (2/(ηε))e^{½log²(1−2λ)}.
 */
export function predictedGrokking(p: Toy1dParams, epsilon: number): Toy1dGrokkingTime & { epsilon: number } {
  const tr = -Math.log10(p.lr * epsilon);
  const logX = Math.log(xOfLambda(p.lambda));
  const gen = xOfLambda(p.lambda) > 0 ? tr + Math.log10(2) + (0.5 * logX * logX) / Math.LN10 : null;
  const definition =
    `large-σ prediction (SPEC §4) for loss threshold ε = ${epsilon}: t*_tr = ${LARGE_SIGMA_LAW.tTrain}, ` +
    `t*_gen = ${LARGE_SIGMA_LAW.tGen}; ${runDescription(p)}`;
  return { ...grokkingTimes(definition, tr, gen), epsilon };
}

/**
 * The same large-σ argument without the λ → ½ approximations (derived here): with S̃ frozen at S̃_∞ from t = 0,
 * e^{−b} = e^{−b_0} + η g t, g = ½(e^{S̃_∞x} + e^{−S̃_∞}); training loss g e^b = ε at t = (1/ε − e^{−b_0}/g)/η and
 * population loss e^{b + S̃_∞²/2} = ε at t = (e^{S̃_∞²/2}/ε − e^{−b_0})/(ηg). The σ → ∞ limit of the flow (λ < ½).
 */
export function frozenLimitGrokking(p: Toy1dParams, epsilon: number): { log10TTrain: number; log10TGen: number } {
  const sInf = inseparableLimitS(p.lambda, 1);
  const x = xOfLambda(p.lambda);
  const logG = Math.log(0.5) + logAddExp(sInf * x, -sInf);
  const logEps = Math.log(epsilon);
  // log(e^A − e^B) = A + log(1 − e^{B−A}), A > B when the threshold is below the initial loss
  const logDiff = (a: number, b: number) => a + Math.log(-Math.expm1(b - a));
  const tr = logDiff(-logEps, -p.b0 - logG) - Math.log(p.lr);
  const gen = logDiff(0.5 * sInf * sInf - logEps, -p.b0) - Math.log(p.lr) - logG;
  return { log10TTrain: tr / Math.LN10, log10TGen: gen / Math.LN10 };
}

/** SPEC §4: √log(t*_gen/t*_tr) ≈ |log(1−2λ)|/√2 (the log 2 of the prefactor dropped), λ < ½. */
export function predictedSqrtLogRatio(lambda: number): number {
  return Math.abs(Math.log(xOfLambda(lambda))) / Math.SQRT2;
}

/** The four first-crossing events, in order: train loss ≤ ε, population loss ≤ ε, train acc ≥ a, population acc ≥ a. */
export function grokkingEvents(p: Toy1dParams, epsilon: number, accThreshold: number): Toy1dEvent[] {
  const log10Eps = Math.log10(epsilon);
  const m = (s: Toy1dState) => toy1dMetrics(p, s.S, s.b);
  return [
    { hit: (s) => m(s).log10TrainLoss <= log10Eps },
    { hit: (s) => m(s).log10PopLoss <= log10Eps },
    { hit: (s) => m(s).trainAcc >= accThreshold },
    { hit: (s) => m(s).popAcc >= accThreshold },
  ];
}

/** Grokking times from the four events of grokkingEvents (states or null). */
export function grokkingFromEvents(
  p: Toy1dParams,
  found: readonly (Toy1dState | null)[],
  epsilon: number,
  accThreshold: number,
): Toy1dGrokking {
  const l10 = (s: Toy1dState | null) => (s === null ? null : s.logT / Math.LN10);
  const lossDef =
    `grokking time, loss threshold ε = ${epsilon} (SPEC §5): t*_tr = first t with training loss ` +
    `½(e^{−σS+b} + e^{σ(1−2λ)S+b}) ≤ ε, t*_gen = first t with population loss E e^{Sz+b}, z ~ N(0, σ²), ≤ ε; ` +
    runDescription(p);
  const accDef =
    `grokking time, accuracy threshold ${accThreshold} (SPEC §5, Fig. 3): t_tr = first t with training accuracy ` +
    `≥ ${accThreshold}, t_gen = first t with population accuracy ½ erfc(b/(√2σ|S|)) ≥ ${accThreshold}; ` +
    runDescription(p);
  return {
    loss: { ...grokkingTimes(lossDef, l10(found[0]), l10(found[1])), epsilon },
    accuracy: { ...grokkingTimes(accDef, l10(found[2]), l10(found[3])), threshold: accThreshold },
    prediction: predictedGrokking(p, epsilon),
  };
}

/**
 * Grokking times of one run: integrate until all four crossings are found or log10 t = log10TMax (default 200;
 * t*_gen ~ 1e107 at 1 − 2λ = 1e-7, ε = 1e-50).
 */
export function toy1dGrokking(
  p: Toy1dParams,
  o: Toy1dSolverOptions & { epsilon: number; accThreshold?: number; log10TMax?: number },
): Toy1dGrokking & { reachedLog10T: number } {
  const acc = o.accThreshold ?? 0.95;
  const events = grokkingEvents(p, o.epsilon, acc);
  const run = integrateToy1d(p, [], events, { ...o, log10TMax: o.log10TMax ?? 200, stopAfterEvents: true });
  return { ...grokkingFromEvents(p, run.events, o.epsilon, acc), reachedLog10T: run.reachedLog10T };
}
