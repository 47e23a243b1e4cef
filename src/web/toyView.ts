/**
 * The 1-D model tab's data (SPEC §4): the closed-form/ODE curve of src/theory/toy1d.ts to t ≫ 1e10 in log space, its
 * grokking times, and the grokking-time law √log(t*_gen/t*_tr) against log(1−2λ) for a range of λ. Pure.
 */

import type { Toy1dConfig } from "../config/toy1d.js";
import {
  predictedSqrtLogRatio,
  type Toy1dGrokking,
  type Toy1dRecord,
  toy1dCurve,
  toy1dGrokking,
  toy1dLongTime,
} from "../theory/toy1d.js";

/** One point of the law: 1 − 2λ, the measured √log(t*_gen/t*_tr) (loss threshold ε) and the prediction. */
export interface LawPoint {
  oneMinus2Lambda: number;
  measured: number | null;
  predicted: number;
}

export interface ToyView {
  records: Toy1dRecord[];
  grokking: Toy1dGrokking;
  regime: string;
  law: LawPoint[];
}

/** Curve to t = tMax and the law at 1 − 2λ = 10^{-1} … 10^{-6} (same σ, η, ε). */
export function toyView(c: Toy1dConfig): ToyView {
  const common = { sigma: c.sigma, lr: c.lr, S0: c.s0, b0: c.b0, atol: c.atol };
  const { records, summary } = toy1dCurve({
    ...common,
    lambda: c.lambda,
    log10TMin: Math.log10(c.tMin),
    log10TMax: Math.log10(c.tMax),
    perDecade: c.perDecade,
    epsilon: c.epsilon,
    accThreshold: c.accThreshold,
  });
  const law: LawPoint[] = [];
  for (let k = 1; k <= 6; k += 0.5) {
    const x = 10 ** -k;
    const lambda = (1 - x) / 2;
    const g = toy1dGrokking({ ...common, lambda, S0: c.s0, b0: c.b0 }, { epsilon: c.epsilon, atol: c.atol });
    law.push({ oneMinus2Lambda: x, measured: g.loss.sqrtLogRatio, predicted: predictedSqrtLogRatio(lambda) });
  }
  return {
    records,
    grokking: summary.grokking,
    regime: toy1dLongTime({ ...common, lambda: c.lambda }).regime,
    law,
  };
}
