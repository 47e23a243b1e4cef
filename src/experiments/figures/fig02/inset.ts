/**
 * Fig. 2's inset (SPEC §3.4, §6), drawn as a small panel under the middle one: on a separable draw (λ = 0.55) the
 * implicit bias makes w = (S, b) grow along w_SVM ∝ (M²S*, −1) like log t, so d‖S‖/dlog t → M/(1 + M²) and
 * db/dlog t → −1/(1 + M²), M the draw's SVM margin through the origin. The rates are finite differences of the GD run
 * and its gradient-flow continuation in log t.
 */

import { DASHES, ROLE_COLOURS, SERIES_COLOURS } from "../../../core/palette.js";
import { decadeTicks } from "../../../plot/decadeAxes.js";
import { bottomLegend } from "../../../plot/legends.js";
import type { Checkpoint } from "../../../train/gd.js";
import { type Check, exactClaim } from "../../checks.js";
import type { DataRow } from "../recipe.js";
import { continuationCheckpoints, type Fig2Draw } from "./draws.js";

/** The separable λ of the inset (the paper's). */
export const INSET_LAMBDA = 0.55;
/** The rates at the horizon must be within this fraction of |asymptote| (measured: see the check's detail). */
const RATE_TOLERANCE = 0.05;

const NORM_RATE = "d‖S‖/dlog t";
const B_RATE = "db/dlog t";

export interface InsetRates {
  lambda: number;
  margin: number;
  /** geometric midpoints of consecutive checkpoint times, and the two rates there */
  t: number[];
  normRate: number[];
  bRate: number[];
  /** M/(1 + M²) and −1/(1 + M²) */
  normAsymptote: number;
  bAsymptote: number;
}

/** GD then its continuation, strictly increasing in t > 0 (the continuation repeats the GD end state first). */
function timeline(d: Fig2Draw): Checkpoint[] {
  const out: Checkpoint[] = [];
  for (const c of [...d.gd.run.checkpoints, ...continuationCheckpoints(d)]) {
    if (c.t > 0 && (out.length === 0 || c.t > out[out.length - 1].t)) out.push(c);
  }
  return out;
}

/** Finite-difference rates in log t of ‖S‖ and b along a separable draw's trajectory, and their asymptotes. */
export function insetRates(d: Fig2Draw): InsetRates {
  const M = d.limit.margin;
  if (M === null) throw new Error(`the inset needs a separable draw (λ = ${d.lambda} is inseparable)`);
  const cs = timeline(d);
  const pairs = cs.slice(1).map((c, i) => ({ a: cs[i], c, dl: Math.log(c.t / cs[i].t) }));
  return {
    lambda: d.lambda,
    margin: M,
    t: pairs.map((p) => Math.sqrt(p.a.t * p.c.t)),
    normRate: pairs.map((p) => (p.c.norm_s - p.a.norm_s) / p.dl),
    bRate: pairs.map((p) => (p.c.b - p.a.b) / p.dl),
    normAsymptote: M / (1 + M * M),
    bAsymptote: -1 / (1 + M * M),
  };
}

/** One row per rate sample. */
export function insetRows(r: InsetRates): DataRow[] {
  return r.t.map((t, i) => ({
    panel: "inset",
    lambda: r.lambda,
    t,
    d_norm_s_dlog_t: r.normRate[i],
    d_b_dlog_t: r.bRate[i],
    asymptote_norm_s: r.normAsymptote,
    asymptote_b: r.bAsymptote,
  }));
}

/** The inset's caption line (the figure's subtitle carries it: panel subtitles widen their column). */
export function insetCaption(r: InsetRates): string {
  return (
    `inset (under the middle panel): λ = ${r.lambda} (separable), d‖S‖/dlog t and db/dlog t along GD and its flow; ` +
    `dotted: M/(1+M²) = ${r.normAsymptote.toFixed(3)} and −1/(1+M²) = ${r.bAsymptote.toFixed(3)}, M = ${r.margin.toFixed(3)}`
  );
}

/** The inset's chart: both rates against log10 t (decade ticks), each with its asymptote dotted. */
export function insetSpec(r: InsetRates) {
  const lt = r.t.map(Math.log10);
  const values = [
    ...lt.map((x, i) => ({ series: NORM_RATE, log10_t: x, rate: r.normRate[i] })),
    ...lt.map((x, i) => ({ series: B_RATE, log10_t: x, rate: r.bRate[i] })),
  ];
  const [lo, hi] = [Math.min(...lt), Math.max(...lt)];
  const x = {
    field: "log10_t",
    type: "quantitative" as const,
    title: "t",
    scale: { domain: [lo, hi], nice: false, zero: false },
    axis: decadeTicks(lo, hi, 2),
  };
  const y = { field: "rate", type: "quantitative" as const, title: "per unit log t" };
  const refs = [
    { series: NORM_RATE, rate: r.normAsymptote },
    { series: B_RATE, rate: r.bAsymptote },
  ];
  const colour = {
    field: "series",
    type: "nominal" as const,
    title: null,
    scale: { domain: [NORM_RATE, B_RATE], range: [SERIES_COLOURS[0], SERIES_COLOURS[1]] },
    legend: bottomLegend("horizontal"),
  };
  return {
    title: { text: `inset: λ = ${r.lambda}, rates in log t`, anchor: "start" as const },
    width: 280,
    height: 130,
    layer: [
      {
        data: { values: refs },
        mark: { type: "rule" as const, strokeDash: DASHES.guide, color: ROLE_COLOURS.theory },
        encoding: { y },
      },
      {
        data: { values },
        mark: { type: "line" as const, strokeWidth: 2, clip: true },
        encoding: { x, y, color: colour },
      },
    ],
  };
}

/** The inset's claim: at the horizon both rates sit on their SPEC §3.4 asymptotes. */
export function insetChecks(r: InsetRates, horizon: number): Check[] {
  const k = r.t.length - 1;
  const errN = Math.abs(r.normRate[k] / r.normAsymptote - 1);
  const errB = Math.abs(r.bRate[k] / r.bAsymptote - 1);
  return [
    exactClaim(
      `λ = ${r.lambda} (separable): d‖S‖/dlog t → M/(1+M²) and db/dlog t → −1/(1+M²) (SPEC §3.4): both within ` +
        `${100 * RATE_TOLERANCE}% at t = 1e${horizon}`,
      errN < RATE_TOLERANCE && errB < RATE_TOLERANCE,
      `d‖S‖/dlog t = ${r.normRate[k].toFixed(4)} vs ${r.normAsymptote.toFixed(4)}, db/dlog t = ${r.bRate[k].toFixed(4)} ` +
        `vs ${r.bAsymptote.toFixed(4)} at t = ${r.t[k].toPrecision(3)} (M = ${r.margin.toFixed(4)})`,
    ),
  ];
}
