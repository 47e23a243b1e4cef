/** Human-readable summaries for the terminal. */

import { flowTolerance, lambdaOf } from "../config/run.js";
import type { Check } from "../experiments/checks.js";
import type { Crossing } from "../train/grokking.js";
import { type GrokkingMeasures, MEASURE_DEFINITIONS } from "../train/grokkingMeasures.js";
import type { RunResult, RunSummary } from "../train/run.js";

const num = (x: number | null, digits = 4) =>
  x === null || Number.isNaN(x) ? "—" : Number(x.toPrecision(digits)).toString();

/** "λ=0.48 (N=400, d=192), σ=5, η=0.01, logistic loss, 300000 epochs, seed 0, run 0" */
export function describeRun(r: RunResult): string {
  const c = r.config;
  const t = num(c.tMax > 0 ? c.tMax : c.lr * c.epochs);
  const dynamics = {
    gd: `GD for ${c.epochs} epochs`,
    adam: `Adam (β = ${c.beta1}, ${c.beta2}; ε = ${c.eps}) for ${c.epochs} epochs`,
    flow: `gradient flow to t = ${t} (${c.integrator}, rtol ${flowTolerance(c)}; epochs = t/η)`,
    conformal: `conformal-time gradient flow to t = ${t} (odex, rtol ${flowTolerance(c)}; epochs = t/η)`,
  }[c.optimizer];
  return (
    `λ=${num(lambdaOf(c))} (N=${c.n}, d=${c.d}), σ=${c.sigma}, η=${c.lr}, ${c.loss} loss, ${dynamics}, ` +
    `‖S_0‖=${c.s0}, b_0=${c.b0}, seed ${c.seed}, run index ${c.runIndex}`
  );
}

/** "train 106, generalization never: not reached" and the definition on the next line. */
export function describeCrossing(name: string, c: Crossing & { definition: string }): string {
  const at = (e: number | null) => (e === null ? "never" : String(e));
  const delay = c.delayEpochs === null ? "not reached" : `${c.delayEpochs} epochs`;
  return `grokking time (${name}): ${delay} [train crossed at ${at(c.trainEpoch)}, generalization at ${at(c.genEpoch)}]\n  definition: ${c.definition}`;
}

/** The threshold-free grokking measures, each with its definition. */
export function describeMeasures(m: GrokkingMeasures): string {
  const d = MEASURE_DEFINITIONS;
  return [
    `steepest rise of A_gen: log10 t = ${num(m.log10_t_steepest)} (slope ${num(m.steepest_slope)} per decade)\n  definition: ${d.steepest}`,
    `half-way time: log10 t = ${num(m.log10_t_halfway)} (plateau ${num(m.plateau)} at log10 t = ${num(m.log10_t_memorised)}, limit ${num(m.limit)}; delay ${num(m.halfway_delay_decades)} decades)\n  definition: ${d.halfway}`,
    `area between training and population accuracy: ${num(m.area_decades)} decades\n  definition: ${d.area}`,
  ].join("\n");
}

export function runSummaryText(r: RunResult): string {
  const f = r.summary.final;
  const g = r.summary.grokking;
  return [
    describeRun(r),
    `status ${r.summary.status} at t = ${num(f.t)} (${num(r.summary.epochs_run, 6)} epochs), ${r.summary.gradient_evaluations} gradient evaluations`,
    `final: train acc ${num(f.train_acc)}, population acc ${num(f.pop_acc)}, test acc ${num(f.test_acc)}, ` +
      `train loss ${num(f.train_loss)}, population loss ${num(f.pop_loss)}, σ‖S‖ ${num(f.sigma_norm_s)}, b ${num(f.b)}`,
    describeCrossing(`accuracy ${g.accuracy.threshold}`, g.accuracy),
    describeCrossing(`loss ${g.loss.threshold}`, g.loss),
    ...(r.summary.measures ? [describeMeasures(r.summary.measures)] : []),
    ...(r.summary.flow ? [flowText(r.summary.flow)] : []),
    ...(r.summary.theory ? [`theory of this draw: ${JSON.stringify(r.summary.theory)}`] : []),
  ].join("\n");
}

const cell = (v: unknown) => (typeof v === "number" ? num(v) : v === null || v === undefined ? "—" : String(v));

/** A figure's summary table: a column x with a sibling x_se prints as "x ± se"; the notes follow it. */
export function tableText(rows: readonly Record<string, unknown>[], notes: readonly string[]): string {
  const keys = Object.keys(rows[0]).filter((k) => !k.endsWith("_se"));
  const head = keys.map((k) => k.replace(/_/g, " "));
  const body = rows.map((r) =>
    keys.map((k) => (`${k}_se` in r ? `${cell(r[k])} ± ${cell(r[`${k}_se`])}` : cell(r[k]))),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line), ...notes].join("\n");
}

export function checksText(checks: readonly Check[]): string {
  return checks.map((c) => `${c.verdict.padEnd(6)}  ${c.claim}  (${c.detail})`).join("\n");
}

/** A flow's steps, and its end state's estimated error where it was estimated. */
function flowText(f: NonNullable<RunSummary["flow"]>): string {
  const estimate =
    f.error_estimate === null
      ? "error not estimated (--error-estimate off)"
      : `estimated relative error of ‖S‖ and b at the end ${f.error_estimate.toExponential(1)}`;
  return `flow: ${f.steps} steps (${f.rejected_steps} rejected), ${estimate}`;
}
