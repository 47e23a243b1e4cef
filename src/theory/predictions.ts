/**
 * Long-time predictions of SPEC §3.3–3.4 and the dashed long-time curve of Fig. 1. Inputs are plain numbers and
 * vectors; the margin M and S_∞ come from svm.ts and sinf.ts.
 */

import erf from "@stdlib/math-base-special-erf";
import type { DataMatrix, Dataset } from "../core/data.js";
import type { LossName } from "../core/losses.js";
import { odexSolver } from "../core/odex.js";
import { populationAccuracy, populationLogLoss } from "../core/population.js";
import { LogSumExp, sigmoid } from "../core/special.js";
import { dot, norm } from "../core/vector.js";
import { logits } from "./sinfNewtonCG.js";

/** A_gen → ½[1 + erf(1/(√2 σ M))] for a separable draw with margin M (of the data as drawn, std σ). SPEC §3.4. */
export function separableLimitAccuracy(margin: number, sigma: number): number {
  return 0.5 * (1 + erf(1 / (Math.SQRT2 * sigma * margin)));
}

/** Separable asymptotes at time t (SPEC §3.4): b ≈ −log t/(1+M²), ‖S‖ ≈ M log t/(1+M²), so b/‖S‖ → −1/M. */
export function separableAsymptote(margin: number, t: number): { b: number; normS: number } {
  const k = Math.log(t) / (1 + margin * margin);
  return { b: -k, normS: margin * k };
}

/**
 * The extended-space SVM from the through-origin one (SPEC §3.4): with S* (margin M = 1/‖S*‖),
 * w_SVM = (M² S*, −1)/(1+M²) exactly — for fixed b the problem reduces to the through-origin SVM, and minimising
 * β²/M² + (β−1)² over the scale β of S* gives β = M²/(1+M²).
 */
export function extendedSvmFromThroughOrigin(Sstar: Float64Array, margin: number): { S: Float64Array; b: number } {
  const m2 = margin * margin;
  return { S: Sstar.map((s) => (m2 * s) / (1 + m2)), b: -1 / (1 + m2) };
}

/** cos∠((S, b), (wS, wb)) in the extended space R^{d+1}: the implicit-bias diagnostic of SPEC §3.3. */
export function extendedCosine(S: Float64Array, b: number, wS: Float64Array, wb: number): number {
  const num = dot(S, wS) + b * wb;
  return num / (Math.hypot(norm(S), b) * Math.hypot(norm(wS), wb));
}

export interface PredictedPoint {
  t: number;
  b: number;
  pop_acc: number;
  log10_pop_loss: number;
}

/**
 * The dashed long-time prediction of Fig. 1 (SPEC §6): S held at the draw's S_∞ from t = 0 (so σ‖S‖ = σ‖S_∞‖
 * throughout) and b(t) solving the bias equation with S frozen, db/dt = −(1/N) Σ_i ℓ'(z_i + b), z_i = S_∞·x_i, from
 * b(0) = b_0 (t = η·epochs). Exponential loss (ℓ' = exp): e^{−b(t)} = e^{−b_0} + C t, C = (1/N) Σ e^{z_i}, in closed
 * form. Logistic loss (ℓ' = sigmoid): the same equation integrated by odex in s = log(1 + t) (rtol 1e-10); once every
 * z_i + b ≪ 0 it is the exponential form, b ≈ −log(C t) (SPEC §3.4's b ~ −log t). The population metrics follow from
 * (b(t), σ‖S_∞‖) by SPEC §2. `times` ascending, ≥ 0.
 */
export function longTimePrediction(
  loss: LossName,
  z: Float64Array,
  sigmaNormSInf: number,
  b0: number,
  times: readonly number[],
): PredictedPoint[] {
  const bs = loss === "exp" ? expBias(z, b0, times) : logisticBias(z, b0, times);
  return times.map((t, k) => ({
    t,
    b: bs[k],
    pop_acc: populationAccuracy(bs[k], sigmaNormSInf),
    log10_pop_loss: populationLogLoss(loss, bs[k], sigmaNormSInf) / Math.LN10,
  }));
}

/**
 * longTimePrediction for a draw: S frozen at its S_∞ (`sInf`, with σ‖S_∞‖ = `sigmaNormSInf` in the run's population
 * model), z_i = S_∞·x_i over the rows of `data`, b(0) = the run's b_0; `times` t = η·epochs, ascending.
 */
export function drawLongTimePrediction(
  run: { loss: LossName; b0: number },
  data: Dataset<DataMatrix>,
  sInf: Float64Array,
  sigmaNormSInf: number,
  times: readonly number[],
): PredictedPoint[] {
  return longTimePrediction(run.loss, logits(data, sInf), sigmaNormSInf, run.b0, times);
}

/** b(t) = −log(e^{−b_0} + C t), C = (1/N) Σ e^{z_i}, in log space (C may be huge or tiny). */
function expBias(z: Float64Array, b0: number, times: readonly number[]): number[] {
  const lse = new LogSumExp();
  for (const zi of z) lse.add(zi);
  const logC = lse.value() - Math.log(z.length);
  return times.map((t) => (t > 0 ? -logAddExp(-b0, logC + Math.log(t)) : b0));
}

/** log(e^a + e^b), stable. */
const logAddExp = (a: number, b: number) => Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));

/** b(t) of the logistic bias equation, db/ds = −(1 + t)(1/N) Σ sigmoid(z_i + b) in s = log(1 + t). */
function logisticBias(z: Float64Array, b0: number, times: readonly number[]): number[] {
  const marks = times.map((t) => Math.log1p(t));
  const out = new Array<number>(times.length).fill(b0);
  const solver = odexSolver(1, { rtol: 1e-10, atol: 1e-12, maxSteps: 1_000_000 });
  const meanSigmoid = (b: number) => {
    let s = 0;
    for (const zi of z) s += sigmoid(zi + b);
    return s / z.length;
  };
  let k = marks.findIndex((m) => m > 0);
  if (k < 0) return out;
  const end = marks[marks.length - 1];
  solver.solve(
    (s, y) => [-Math.exp(s) * meanSigmoid(y[0])],
    0,
    [b0],
    end,
    (_nr, sOld, s, y, dense) => {
      for (; k < marks.length && marks[k] <= s; k++) out[k] = marks[k] === s || !dense ? y[0] : dense(0, marks[k]);
      return sOld <= s;
    },
  );
  return out;
}
