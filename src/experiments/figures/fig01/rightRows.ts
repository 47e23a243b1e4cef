/**
 * The records behind Fig. 1 right (right.ts's typed result, flattened): one per d and test for the top panel, one per
 * draw and per-d means and medians for the mid and bottom panels. The views draw them; `rightRows` tags each with its
 * panel for the CSV.
 */

import type { LenientTest } from "../../lenientSeparability.js";
import { mean, median, standardError } from "../../stats.js";
import type { DataRow } from "../recipe.js";
import type { RightResult, TrainDraw } from "./right.js";
import type { SinfPoint, SinfSweep } from "./sinfDraws.js";
import type { TrainSweep } from "./sizes.js";

/** Six significant digits: far below what a panel resolves; keeps inline data and CSV small. */
const r6 = (x: number): number | null => (Number.isFinite(x) ? Number(x.toPrecision(6)) : null);

/** The top panel's exact series, and the label of the emulated lenient test's. */
export const EXACT_SERIES = "exact: Newton / LP (SPEC §3.1)";
export const lenientSeries = (t: LenientTest) =>
  `emulated paper test: Adam η = ${t.lr}, ${t.steps} steps, ‖S‖ > ${t.threshold}`;

/** Names of the two accuracy series of the mid panel (the final one names the run length of this size). */
export function accSeries(s: TrainSweep) {
  const epochs = s.epochs.toExponential(0).replace("+", "");
  return { final: `after ${epochs} epochs (η = ${s.lr})`, prediction: "t → ∞ prediction (§3.4)" };
}

/** One top-panel point: mean ‖S_∞‖ (the lenient test: final ‖S‖) ± SE at one d over the draws called inseparable. */
export type LenientRecord = {
  test: string;
  d: number;
  lambda: number | null;
  one_minus_2lambda: number | null;
  draws: number;
  inseparable: number;
  mean_norm_s_inf: number | null;
  se_norm_s_inf: number | null;
  lo: number | null;
  hi: number | null;
};

/** The exact test's point also counts the draws' other verdicts and times the solves. */
export type ExactRecord = LenientRecord & {
  separable: number;
  undecided: number;
  unconverged: number;
  seconds_per_draw: number | null;
};

export type SinfRecord = ExactRecord | LenientRecord;

/** The top panel's records: one per d (test "exact"), and one per d for the emulated lenient test when it ran. */
export function sInfRecords(points: readonly SinfPoint[], s: SinfSweep): SinfRecord[] {
  const exact = points.map((p) => ({
    test: EXACT_SERIES,
    d: p.d,
    lambda: r6(p.lambda),
    one_minus_2lambda: r6(p.oneMinus2Lambda),
    draws: p.draws,
    inseparable: p.inseparable,
    separable: p.separable,
    undecided: p.undecided,
    unconverged: p.unconverged,
    mean_norm_s_inf: r6(p.norm.mean),
    se_norm_s_inf: r6(p.norm.se),
    lo: r6(p.norm.mean - p.norm.se),
    hi: r6(p.norm.mean + p.norm.se),
    seconds_per_draw: r6(p.meanSeconds),
  }));
  const lenient = points.flatMap((p) =>
    p.lenient && s.lenient
      ? [
          {
            test: lenientSeries(s.lenient),
            d: p.d,
            lambda: r6(p.lambda),
            one_minus_2lambda: r6(p.oneMinus2Lambda),
            draws: p.draws,
            inseparable: p.lenient.inseparable,
            mean_norm_s_inf: r6(p.lenient.norm.mean),
            se_norm_s_inf: r6(p.lenient.norm.se),
            lo: r6(p.lenient.norm.mean - p.lenient.norm.se),
            hi: r6(p.lenient.norm.mean + p.lenient.norm.se),
          },
        ]
      : [],
  );
  return [...exact, ...lenient];
}

/** One training draw of the mid and bottom panels. */
export type DrawRecord = {
  d: number;
  lambda: number | null;
  draw: number;
  separable: boolean | null;
  margin: number | null;
  predicted_acc: number | null;
  final_pop_acc: number | null;
  final_log10_t: number | null;
  grok_epochs: number | null;
  status: string;
};

/** One record per training draw, in the draws' order. */
export function drawRecords(draws: readonly TrainDraw[]): DrawRecord[] {
  return draws.map((r) => ({
    d: r.d,
    lambda: r6(r.lambda),
    draw: r.k,
    separable: r.theory.separable,
    margin: r6(r.theory.margin ?? Number.NaN),
    predicted_acc: r6(r.theory.predicted_final_pop_acc ?? Number.NaN),
    final_pop_acc: r6(r.final.pop_acc),
    final_log10_t: r6(r.final.log10_t),
    grok_epochs: r.grok === null ? null : r6(r.grok),
    status: r.status,
  }));
}

/** The mean of one accuracy series at one d (mid panel). */
export type AccuracyMean = {
  d: number;
  lambda: number | null;
  series: string;
  value: number | null;
  se: number | null;
  count: number;
};

/** The median grokking delay at one d over the draws that crossed (bottom panel). */
export type GrokMedian = {
  d: number;
  lambda: number | null;
  median_grok_epochs: number | null;
  crossed: number;
  draws: number;
};

/** Per d (increasing): the means of the final accuracy and of its prediction, and the median grokking delay. */
export function perDRecords(
  draws: readonly TrainDraw[],
  s: TrainSweep,
): { means: AccuracyMean[]; median: GrokMedian }[] {
  const names = accSeries(s);
  const ds = [...new Set(draws.map((r) => r.d))].sort((a, b) => a - b);
  return ds.map((d) => {
    const at = draws.filter((r) => r.d === d);
    const series: [string, number[]][] = [
      [names.final, at.map((r) => r.final.pop_acc)],
      [names.prediction, at.map((r) => r.theory.predicted_final_pop_acc ?? Number.NaN).filter(Number.isFinite)],
    ];
    const grok = at.flatMap((r) => (r.grok !== null && r.grok > 0 ? [r.grok] : []));
    const lambda = r6(at[0].lambda);
    return {
      means: series.map(([name, xs]) => ({
        d,
        lambda,
        series: name,
        value: r6(mean(xs)),
        se: r6(standardError(xs)),
        count: xs.length,
      })),
      median: {
        d,
        lambda,
        median_grok_epochs: grok.length ? r6(median(grok)) : null,
        crossed: grok.length,
        draws: at.length,
      },
    };
  });
}

/** The CSV rows of Fig. 1 right, tagged by panel: the top's, then each draw's, then per d its means and median. */
export function rightRows({ top, trained }: RightResult): DataRow[] {
  const sInf = sInfRecords(top.points, top.sweep).map((r) => ({ panel: "s_inf", ...r }));
  if (!trained) return sInf;
  const perDraw = drawRecords(trained.draws).map((r) => ({ panel: "accuracy_draw", ...r }));
  const perD = perDRecords(trained.draws, trained.sweep).flatMap((p) => [
    ...p.means.map((m) => ({ panel: "accuracy_mean", ...m })),
    { panel: "grokking_median", ...p.median },
  ]);
  return [...sInf, ...perDraw, ...perD];
}
