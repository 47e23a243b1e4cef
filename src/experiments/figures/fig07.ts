/**
 * Fig. 7 of the paper (SPEC §6): how close the origin sits to the hull of the data on either side of λ = ½, against
 * the signed 1 − 2λ on a linear axis, the separable side (λ > ½) on the left with its margin drawn negative. For λ < ½ (inseparable), the mean positive normalised projection S_∞·x_i/‖S_∞‖ over the points with a
 * positive one, averaged over draws (the S_∞ draws of Fig. 1 right top, shared via sinfDraws.ts); for λ > ½
 * (separable), the through-origin SVM margin M = 1/‖S*‖ (SPEC §3.4). Both vanish as λ → ½, the geometric reason why
 * ‖S_∞‖ diverges (SPEC §3.6) and the separable limit accuracy ½[1 + erf(1/(√2σM))] → 1.
 */

import { DASHES, NEUTRAL_COLOURS, SERIES_COLOURS } from "../../core/palette.js";
import { fixedScale } from "../../plot/decadeAxes.js";
import { singlePanelSpec, startTitle } from "../../plot/figureLayout.js";
import { bottomLegend } from "../../plot/legends.js";
import { wrapToWidth } from "../../plot/textWidth.js";
import { type Check, exactClaim } from "../checks.js";
import {
  type MeanSe,
  meanSe,
  risingSteps,
  type SinfPoint,
  type SinfSweep,
  type SvmDraw,
  sinfDraws,
  sinfPoints,
  sinfSweep,
  svmDraws,
} from "./fig01/sinfDraws.js";
import {
  defineFigure,
  type FigureContext,
  type FigureRecipe,
  type FigureSize,
  type FigureView,
  theoryRunnerOf,
} from "./recipe.js";

/** The paper's margin sweep: d ∈ {1230, 1260, …, 1560} at N = 2400, σ = 1, 1000 draws per d. */
const PAPER_MARGINS = { n: 2400, sigma: 1, ds: Array.from({ length: 12 }, (_, k) => 1230 + 30 * k), draws: 1000 };
/** Width of the plot, px; the subtitle is wrapped to it (headless Vega's text estimate, plot/textWidth.ts). */
const PLOT_WIDTH = 560;
/** Seed of the margin draws (chosen). */
const SVM_SEED = 7;
/** A KKT residual below this (relative to the right-hand side 1) is a solved SVM (svm.ts default tolerance 1e-10). */
const KKT_OK = 1e-8;

/**
 * Laptop keeps N = 2400, σ = 1 on five of the paper's d, log-spaced in 2λ − 1 (0.025 … 0.3), 8 draws each: one SVM
 * measured 3.5–5 s on one core at these sizes, and the margins' spread over draws is ~10%, so 8 draws separate them.
 */
const SIZES: Record<FigureSize, SinfSweep> = {
  smoke: { n: 100, sigma: 1, ds: [56, 64, 76], draws: 3, seed: SVM_SEED },
  laptop: { ...PAPER_MARGINS, ds: [1230, 1260, 1320, 1410, 1560], draws: 8, seed: SVM_SEED },
  paper: { ...PAPER_MARGINS, seed: SVM_SEED },
};

const r6 = (x: number): number | null => (Number.isFinite(x) ? Number(x.toPrecision(6)) : null);

const SERIES = {
  projection: "mean positive projection S_∞·x_i/‖S_∞‖ (λ < ½)",
  margin: "minus the SVM margin, −M (λ > ½)",
} as const;

interface MarginPoint {
  d: number;
  lambda: number;
  draws: number;
  separable: number;
  inseparable: number;
  undecided: number;
  margin: MeanSe;
  worstKkt: number;
}

/** Fig. 7's typed result: the two sweeps, the projection per d (λ < ½) and the margin per d (λ > ½). */
interface Fig7Result {
  size: FigureSize;
  sinf: SinfSweep;
  svm: SinfSweep;
  projection: SinfPoint[];
  margins: MarginPoint[];
}

function marginPoints(s: SinfSweep, draws: readonly SvmDraw[]): MarginPoint[] {
  return [...s.ds]
    .sort((a, b) => a - b)
    .map((d) => {
      const at = draws.filter((r) => r.d === d);
      const sep = at.filter((r) => r.separable === true);
      return {
        d,
        lambda: d / s.n,
        draws: at.length,
        separable: sep.length,
        inseparable: at.filter((r) => r.separable === false).length,
        undecided: at.filter((r) => r.separable === null).length,
        margin: meanSe(sep.map((r) => r.margin)),
        worstKkt: Math.max(0, ...sep.map((r) => r.kktResidual)),
      };
    });
}

/**
 * One drawn point per (series, d). `signed_*` are what is drawn: the projection as is, the margin negated, against
 * the signed 1 − 2λ (the paper's axis: λ > ½ on the left as negative 1 − 2λ), so both halves meet at λ = ½.
 */
interface SignedPoint {
  series: string;
  d: number;
  lambda: number | null;
  one_minus_2lambda: number | null;
  abs_one_minus_2lambda: number | null;
  value: number | null;
  se: number | null;
  signed_value: number | null;
  signed_lo: number | null;
  signed_hi: number | null;
  used_draws: number;
  draws: number;
}

function signedPoint(series: string, d: number, lambda: number, v: MeanSe, draws: number): SignedPoint {
  const sign = series === SERIES.margin ? -1 : 1;
  return {
    series,
    d,
    lambda: r6(lambda),
    one_minus_2lambda: r6(1 - 2 * lambda),
    abs_one_minus_2lambda: r6(Math.abs(1 - 2 * lambda)),
    value: r6(v.mean),
    se: r6(v.se),
    signed_value: r6(sign * v.mean),
    signed_lo: r6(sign * v.mean - v.se),
    signed_hi: r6(sign * v.mean + v.se),
    used_draws: v.count,
    draws,
  };
}

/** The projections, then the margins, in increasing d. */
function signedPoints({ projection, margins }: Fig7Result): SignedPoint[] {
  return [
    ...projection.map((p) => signedPoint(SERIES.projection, p.d, p.lambda, p.positiveMean, p.draws)),
    ...margins.map((m) => signedPoint(SERIES.margin, m.d, m.lambda, m.margin, m.draws)),
  ];
}

/** [lo, hi] of `values` and 0, widened by 5% of the span on each side (axes fitted to the data, the origin kept). */
function fitted(values: readonly number[]): [number, number] {
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const pad = 0.05 * (hi - lo || 1);
  return [lo - pad, hi + pad];
}

/** The plot: ±1 SE rules and the two series as lines with points, the axes through the origin as guides. */
function signedDistancePanel(shown: readonly SignedPoint[], n: number): object {
  const num = (k: "one_minus_2lambda" | "signed_lo" | "signed_hi") =>
    shown.map((r) => r[k]).filter((v): v is number => typeof v === "number");
  const x = {
    field: "one_minus_2lambda",
    type: "quantitative",
    scale: fixedScale(fitted(num("one_minus_2lambda"))),
    title: "1 − 2λ  (λ > ½ on the left)",
  };
  const yScale = fixedScale(fitted([...num("signed_lo"), ...num("signed_hi")]));
  const color = {
    field: "series",
    type: "nominal",
    scale: { domain: [SERIES.projection, SERIES.margin], range: [SERIES_COLOURS[0], SERIES_COLOURS[1]] },
    legend: { ...bottomLegend(), title: null, labelLimit: 0 },
  };
  const axisRule = (enc: object) => ({
    mark: { type: "rule", color: NEUTRAL_COLOURS.frame, strokeDash: DASHES.guide },
    encoding: enc,
  });
  const y = {
    field: "signed_value",
    type: "quantitative",
    scale: yScale,
    title: `signed distance (units of σ, N = ${n})`,
  };
  const tooltip = [{ field: "d" }, { field: "value" }, { field: "se" }, { field: "used_draws" }];
  return {
    width: PLOT_WIDTH,
    height: 300,
    data: { values: shown },
    layer: [
      axisRule({ x: { datum: 0, type: "quantitative" } }),
      axisRule({ y: { datum: 0, type: "quantitative" } }),
      {
        mark: "rule",
        encoding: {
          x,
          y: { field: "signed_lo", type: "quantitative", scale: yScale },
          y2: { field: "signed_hi" },
          color,
        },
      },
      {
        mark: { type: "line", point: true },
        encoding: { x, y, color, detail: { field: "series" }, tooltip },
      },
    ],
  };
}

function fig7View(r: Fig7Result): FigureView {
  const shown = signedPoints(r).filter((p) => typeof p.value === "number");
  const title = startTitle(
    "Fig. 7 — the origin's distance to the hull vanishes at λ = ½ from both sides",
    [
      `λ < ½: mean positive projection on S_∞ (${r.sinf.draws} draws per d); λ > ½: minus the SVM margin (${r.svm.draws} draws per d); ±1 SE`,
      "x: signed 1 − 2λ, linear (the paper's axis); y: the origin's signed distance to the hull, negative where separable",
      `N = ${r.svm.n}, σ = ${r.svm.sigma}; ${r.size} size`,
    ].flatMap((line) => wrapToWidth(line, PLOT_WIDTH + 60, 11)),
  );
  return { spec: singlePanelSpec(title, signedDistancePanel(shown, r.svm.n)) };
}

/** Self-checks: margin rises with 2λ − 1 step by step; projection falls towards ½⁻; every SVM met its KKT test. */
function fig7Checks({ projection: proj, margins }: Fig7Result): Check[] {
  const m = risingSteps(margins.map((p) => ({ label: `d=${p.d}`, v: p.margin })));
  const farToNear = [proj[0], proj[proj.length - 1]];
  const p = risingSteps(farToNear.reverse().map((q) => ({ label: `d=${q.d}`, v: q.positiveMean })));
  const worst = Math.max(0, ...margins.map((q) => q.worstKkt));
  const undecided = margins.reduce((a, q) => a + q.undecided, 0);
  return [
    { claim: "the SVM margin shrinks as λ → ½⁺ (rises with 2λ − 1 at every step by > 2 SE)", ...m },
    { claim: "the mean positive projection shrinks as λ → ½⁻ (largest λ below the smallest by > 2 SE)", ...p },
    exactClaim(
      `every SVM solve is optimal (KKT residual < ${KKT_OK}) and every draw decided`,
      worst < KKT_OK && undecided === 0,
      `worst KKT residual ${worst.toExponential(2)}; ${undecided} undecided`,
    ),
  ];
}

async function computeFig7(ctx: FigureContext, base: SinfSweep): Promise<Fig7Result> {
  const sinf = sinfSweep(ctx);
  const svm = { ...base, draws: ctx.seeds ?? base.draws };
  const nSinf = sinf.draws; // sinfDraws reports progress in nested chains (one per draw, all d)
  const total = nSinf + svm.ds.length * svm.draws;
  const run = theoryRunnerOf(ctx);
  const projection = sinfPoints(sinf, await sinfDraws(sinf, { run, onProgress: (k) => ctx.onProgress?.(k, total) }));
  const margins = marginPoints(
    svm,
    await svmDraws(svm, { run, onProgress: (k) => ctx.onProgress?.(nSinf + k, total) }),
  );
  return { size: ctx.size, sinf, svm, projection, margins };
}

/** Fig. 7 (SPEC §6). */
export const fig7: FigureRecipe = defineFigure({
  id: "7",
  title: "mean positive projection on S_∞ (λ < ½) and minus the SVM margin (λ > ½) against the signed 1 − 2λ",
  sizes: SIZES,
  stated: {
    N: PAPER_MARGINS.n,
    sigma: PAPER_MARGINS.sigma,
    margin_d: PAPER_MARGINS.ds,
    margin_draws: PAPER_MARGINS.draws,
    projection: "as Fig. 1 right top",
  },
  compute: computeFig7,
  checks: fig7Checks,
  view: fig7View,
  rows: (r) => signedPoints(r).map((p) => ({ ...p })),
  chosen: ({ sinf, svm }) => ({
    projection: { N: sinf.n, d: sinf.ds, draws_per_d: sinf.draws, seed: sinf.seed },
    margin: { N: svm.n, d: svm.ds, draws_per_d: svm.draws, seed: svm.seed, run_index: "d·1e5 + k" },
    svm_solver: "own Lawson–Hanson active set on the dual (theory/svm.ts), violation tolerance 1e-10",
  }),
  notes: ({ size, svm, margins }) => [
    `size ${size}: margins at ${svm.ds.length} of the paper's ${PAPER_MARGINS.ds.length} d with ${svm.draws} draws each (paper: ${PAPER_MARGINS.draws})`,
    `inseparable draws at λ > ½ are discarded from the margin means: ${margins.map((q) => `d=${q.d}: ${q.inseparable}/${q.draws}`).join(", ")}`,
    "positive projection: per inseparable draw, the mean of S_∞·x_i/‖S_∞‖ over the i where it is > 0, then averaged over draws",
  ],
  table: ({ margins }) => ({
    rows: margins.map((q) => ({
      d: q.d,
      lambda: r6(q.lambda),
      separable: q.separable,
      draws: q.draws,
      margin: r6(q.margin.mean),
      margin_se: r6(q.margin.se),
    })),
    notes: [],
  }),
  extra: ({ projection }) => ({
    projection: projection.map((q) => ({ d: q.d, positive_mean: q.positiveMean, inseparable: q.inseparable })),
  }),
});
