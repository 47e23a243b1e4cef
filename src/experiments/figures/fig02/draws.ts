/**
 * The draws behind Fig. 2 left and right (SPEC §6): one training draw per λ, GD in the Fig. 1 setting with the final
 * (S, b) kept, the draw's t → ∞ theory (S_∞ or the SVM, SPEC §3.4–3.5), and a gradient-flow continuation of the run
 * from its final state to a long horizon (what GD at this small η does if run on, at the cost of a few thousand
 * gradient passes: flow.ts integrates in log t).
 */

import { dimensionFromLambda, flowTolerance, type RunConfig } from "../../../config/run.js";
import type { Dataset } from "../../../core/data.js";
import { sInfinity } from "../../../theory/sinf.js";
import { svmThroughOrigin } from "../../../theory/svm.js";
import { type FlowResult, gradientFlow } from "../../../train/flow.js";
import type { Checkpoint } from "../../../train/gd.js";
import { populationModel, trainingData } from "../../../train/run.js";
import { gdWithState, type RunWithState } from "./gdWithState.js";

/** What theory says the draw does as t → ∞ (SPEC §3.4): S → S_∞ if inseparable, the direction of S → that of the SVM S* if separable. */
export interface DrawLimit {
  separable: boolean;
  /** S_∞ (inseparable) or the through-origin SVM S* (separable); units 1/x */
  S: Float64Array;
  /** SVM margin M (units of x); null for inseparable draws */
  margin: number | null;
}

export interface Fig2Draw {
  lambda: number;
  /** the GD run's configuration (runIndex = the chosen draw) */
  config: RunConfig;
  data: Dataset;
  /** run indices passed over because their draw was of the atypical class */
  skipped: number[];
  limit: DrawLimit;
  gd: RunWithState;
  /** the flow from the GD end state on to the horizon; null when not asked for */
  continuation: FlowResult | null;
}

/** The draw's limit: S_∞ by Newton (exact separability certificate) or, when separable, the SVM through the origin. */
export function drawLimit(data: Dataset): DrawLimit | null {
  const s = sInfinity(data.X, data.n, data.d);
  if (s.separable === null) return null;
  if (!s.separable) return { separable: false, S: s.S, margin: null };
  const svm = svmThroughOrigin(data.X, data.n, data.d);
  return svm.separable ? { separable: true, S: svm.S, margin: svm.margin } : null;
}

/**
 * The first run index (from 0) whose draw is separable from the origin iff λ > ½. At the paper's N = 40000 that is
 * the only class that occurs (Wendel, SPEC §3.2); at N = 400, λ = 0.48 a draw is separable with probability ≈ 0.2,
 * and such a draw would show the λ > ½ behaviour under the λ = 0.48 label. Gives up after `maxTries` draws.
 */
export function typicalDraw(base: RunConfig, lambda: number, maxTries = 50) {
  const skipped: number[] = [];
  for (let r = 0; r < maxTries; r++) {
    const config: RunConfig = { ...base, d: dimensionFromLambda(lambda, base.n), runIndex: r };
    const data = trainingData(config);
    const limit = drawLimit(data);
    if (limit !== null && limit.separable === lambda > 0.5) return { config, data, skipped, limit };
    skipped.push(r);
  }
  throw new Error(`no draw of the typical class at λ = ${lambda}, N = ${base.n} in ${maxTries} tries`);
}

/**
 * The gradient flow from the GD run's final (S, b) at t_end = η·epochs to 10^log10Horizon; checkpoints are log-spaced
 * in the time since t_end, starting one checkpoint step after it. Times in its checkpoints are relative to t_end.
 */
export function continueByFlow(draw: Pick<Fig2Draw, "config" | "data">, gd: RunWithState, log10Horizon: number) {
  const c = draw.config;
  const tEnd = c.lr * c.epochs;
  return gradientFlow(draw.data, null, gd.S, gd.b, {
    loss: c.loss,
    sigma: c.sigma,
    population: populationModel(c),
    tMax: 10 ** log10Horizon - tEnd,
    tFirst: tEnd * (10 ** (1 / c.perDecade) - 1),
    perDecade: c.perDecade,
    rtol: flowTolerance({ ...c, optimizer: "flow" }),
    atol: flowTolerance({ ...c, optimizer: "flow" }) * 1e-2,
    integrator: c.integrator,
    accThreshold: c.accThreshold,
    lossThreshold: c.lossThreshold,
    lr: c.lr,
  });
}

/** A continuation's checkpoints with absolute time t and epoch t/η (the first is the GD end state again). */
export function continuationCheckpoints(draw: Pick<Fig2Draw, "config" | "continuation">): Checkpoint[] {
  const c = draw.config;
  const tEnd = c.lr * c.epochs;
  return (draw.continuation?.checkpoints ?? []).map((k) => ({
    ...k,
    t: tEnd + k.t,
    epoch: (tEnd + k.t) / c.lr,
    log10_t: Math.log10(tEnd + k.t),
  }));
}

/** Fig. 2's draws: the typical draw per λ, trained; continued by the flow for the λ in `continued`. */
export function fig2Draws(
  base: RunConfig,
  lambdas: readonly number[],
  continued: readonly number[],
  log10Horizon: number,
  onEpochs?: (lambdaIndex: number, epochsDone: number) => void,
): Fig2Draw[] {
  return lambdas.map((lambda, i) => {
    const chosen = typicalDraw(base, lambda);
    const gd = gdWithState(chosen.config, (e) => onEpochs?.(i, e));
    const continuation = continued.includes(lambda) ? continueByFlow(chosen, gd, log10Horizon) : null;
    return { lambda, ...chosen, gd, continuation };
  });
}
