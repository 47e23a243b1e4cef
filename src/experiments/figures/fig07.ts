/**
 * Fig. 7 of the paper (SPEC §6): how close the origin sits to the hull of the data on either side of λ = ½, against
 * the signed 1 − 2λ on a linear axis, the separable side (λ > ½) on the left with its margin drawn negative. For λ < ½ (inseparable), the mean positive normalised projection S_∞·x_i/‖S_∞‖ over the points with a
 * positive one, averaged over draws (the S_∞ draws of Fig. 1 right top, shared via sinfDraws.ts); for λ > ½
 * (separable), the through-origin SVM margin M = 1/‖S*‖ (SPEC §3.4). Both vanish as λ → ½, the geometric reason why
 * ‖S_∞‖ diverges (SPEC §3.6) and the separable limit accuracy ½[1 + erf(1/(√2σM))] → 1.
 */

import type { TopLevelSpec } from "vega-lite";
import { DASHES, SERIES_COLOURS } from "../../core/palette.js";
import { wrapToWidth } from "../../plot/textWidth.js";
import { type Check, exactClaim } from "../checks.js";
import {
  bySize,
  type DataRow,
  type FigureContext,
  type FigureRecipe,
  type FigureResult,
  theoryRunnerOf,
} from "./recipe.js";
import {
  meanSe,
  risingSteps,
  type SinfPoint,
  type SinfSweep,
  type SvmDraw,
  sinfDraws,
  sinfPoints,
  sinfSweep,
  svmDraws,
} from "./sinfDraws.js";

/** The paper's margin dimensions: d ∈ {1230, 1260, …, 1560} at N = 2400, σ = 1, 1000 draws. */
const PAPER_MARGIN_DS = Array.from({ length: 12 }, (_, k) => 1230 + 30 * k);
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
const SIZES: Record<"smoke" | "laptop" | "paper", SinfSweep> = {
  smoke: { n: 100, sigma: 1, ds: [56, 64, 76], draws: 3, seed: SVM_SEED },
  laptop: { n: 2400, sigma: 1, ds: [1230, 1260, 1320, 1410, 1560], draws: 8, seed: SVM_SEED },
  paper: { n: 2400, sigma: 1, ds: PAPER_MARGIN_DS, draws: 1000, seed: SVM_SEED },
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
  margin: ReturnType<typeof meanSe>;
  worstKkt: number;
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
 * One row per (series, d). `signed_*` are what is drawn: the projection as is, the margin negated, against the signed
 * 1 − 2λ (the paper's axis: λ > ½ on the left as negative 1 − 2λ), so both halves meet at the origin at λ = ½.
 */
function rows(proj: readonly SinfPoint[], margins: readonly MarginPoint[]): DataRow[] {
  const row = (series: string, d: number, lambda: number, v: ReturnType<typeof meanSe>, draws: number) => {
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
  };
  return [
    ...proj.map((p) => row(SERIES.projection, p.d, p.lambda, p.positiveMean, p.draws)),
    ...margins.map((m) => row(SERIES.margin, m.d, m.lambda, m.margin, m.draws)),
  ];
}

/** [lo, hi] of `values` and 0, widened by 5% of the span on each side (axes fitted to the data, the origin kept). */
function fitted(values: readonly number[]): [number, number] {
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const pad = 0.05 * (hi - lo || 1);
  return [lo - pad, hi + pad];
}

function view(values: readonly DataRow[], n: number): object {
  const shown = values.filter((r) => typeof r.value === "number");
  const num = (k: string) => shown.map((r) => r[k]).filter((v): v is number => typeof v === "number");
  const x = {
    field: "one_minus_2lambda",
    type: "quantitative",
    scale: { domain: fitted(num("one_minus_2lambda")), nice: false, zero: false },
    title: "1 − 2λ  (λ > ½ on the left)",
  };
  const yScale = { domain: fitted([...num("signed_lo"), ...num("signed_hi")]), nice: false, zero: false };
  const color = {
    field: "series",
    type: "nominal",
    scale: { domain: [SERIES.projection, SERIES.margin], range: [SERIES_COLOURS[0], SERIES_COLOURS[1]] },
    legend: { orient: "bottom", direction: "vertical", title: null, labelLimit: 0 },
  };
  const axisRule = (enc: object) => ({
    mark: { type: "rule", color: "#888", strokeDash: DASHES.guide },
    encoding: enc,
  });
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
        encoding: {
          x,
          y: {
            field: "signed_value",
            type: "quantitative",
            scale: yScale,
            title: `signed distance (units of σ, N = ${n})`,
          },
          color,
          detail: { field: "series" },
          tooltip: [{ field: "d" }, { field: "value" }, { field: "se" }, { field: "used_draws" }],
        },
      },
    ],
  };
}

/** Self-checks: margin rises with 2λ − 1 step by step; projection falls towards ½⁻; every SVM met its KKT test. */
function checks(proj: readonly SinfPoint[], margins: readonly MarginPoint[]): Check[] {
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

async function runFig7(ctx: FigureContext): Promise<FigureResult> {
  const sSinf = sinfSweep(ctx);
  const base = bySize(ctx, SIZES);
  const sSvm = { ...base, draws: ctx.seeds ?? base.draws };
  const nSinf = sSinf.draws; // sinfDraws reports progress in nested chains (one per draw, all d)
  const total = nSinf + sSvm.ds.length * sSvm.draws;
  const proj = sinfPoints(
    sSinf,
    await sinfDraws(sSinf, { run: theoryRunnerOf(ctx), onProgress: (k) => ctx.onProgress?.(k, total) }),
  );
  const svm = await svmDraws(sSvm, { run: theoryRunnerOf(ctx), onProgress: (k) => ctx.onProgress?.(nSinf + k, total) });
  const margins = marginPoints(sSvm, svm);
  const data = rows(proj, margins);
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: "Fig. 7 — the origin's distance to the hull vanishes at λ = ½ from both sides",
      subtitle: [
        `λ < ½: mean positive projection on S_∞ (${sSinf.draws} draws per d); λ > ½: minus the SVM margin (${sSvm.draws} draws per d); ±1 SE`,
        "x: signed 1 − 2λ, linear (the paper's axis); y: the origin's signed distance to the hull, negative where separable",
        `N = ${sSvm.n}, σ = ${sSvm.sigma}; ${ctx.size} size`,
      ].flatMap((line) => wrapToWidth(line, PLOT_WIDTH + 60, 11)),
      anchor: "start",
    },
    ...view(data, sSvm.n),
  } as unknown as TopLevelSpec;
  return {
    spec,
    rows: data,
    checks: checks(proj, margins),
    parameters: {
      stated: { N: 2400, sigma: 1, margin_d: PAPER_MARGIN_DS, margin_draws: 1000, projection: "as Fig. 1 right top" },
      chosen: {
        projection: { N: sSinf.n, d: sSinf.ds, draws_per_d: sSinf.draws, seed: sSinf.seed },
        margin: { N: sSvm.n, d: sSvm.ds, draws_per_d: sSvm.draws, seed: sSvm.seed, run_index: "d·1e5 + k" },
        svm_solver: "own Lawson–Hanson active set on the dual (theory/svm.ts), violation tolerance 1e-10",
      },
    },
    notes: [
      `size ${ctx.size}: margins at ${sSvm.ds.length} of the paper's 12 d with ${sSvm.draws} draws each (paper: 1000)`,
      `inseparable draws at λ > ½ are discarded from the margin means: ${margins.map((q) => `d=${q.d}: ${q.inseparable}/${q.draws}`).join(", ")}`,
      "positive projection: per inseparable draw, the mean of S_∞·x_i/‖S_∞‖ over the i where it is > 0, then averaged over draws",
    ],
    table: margins.map((q) => ({
      d: q.d,
      lambda: r6(q.lambda),
      separable: q.separable,
      draws: q.draws,
      margin: r6(q.margin.mean),
      margin_se: r6(q.margin.se),
    })),
    extra: { projection: proj.map((q) => ({ d: q.d, positive_mean: q.positiveMean, inseparable: q.inseparable })) },
  };
}

export const fig7: FigureRecipe = {
  id: "7",
  title: "mean positive projection on S_∞ (λ < ½) and minus the SVM margin (λ > ½) against the signed 1 − 2λ",
  run: runFig7,
};
