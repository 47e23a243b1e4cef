/**
 * Fig. 6 of the paper (SPEC §6), on the draws of Fig. 1 right top (N = 2400, σ = 1; shared through the memo of
 * sinfDraws.ts): left, the fraction of training points with a positive normalised projection S_∞·x_i/‖S_∞‖ > 0,
 * averaged over inseparable draws; right, the fraction of inseparable draws against Wendel's theorem (SPEC §3.2),
 * P(inseparable) = 1 − 2^{-(N-1)} Σ_{k<d} C(N−1, k).
 */

import { logAxis } from "../../plot/axes.js";
import { DASHES, GREYS, NEUTRAL_COLOURS, ROLE_COLOURS } from "../../plot/palette.js";
import { wendelProbability } from "../../theory/wendel.js";
import { type Check, exactClaim } from "../checks.js";
import { type PanelView, topLevel, VEGA_LITE_SCHEMA } from "./compose.js";
import { PAPER_SINF_DS, type SinfPoint, type SinfSweep, sinfDraws, sinfPoints, sinfSweep } from "./fig01/sinfDraws.js";
import {
  defineFigure,
  type FigureContext,
  type FigureRecipe,
  type FigureSize,
  type FigureView,
  theoryRunnerOf,
} from "./recipe.js";

const WIDTH = 300;
const HEIGHT = 200;

const r6 = (x: number): number | null => (Number.isFinite(x) ? Number(x.toPrecision(6)) : null);

/** Binomial standard error of an observed fraction p̂ = k/n under the probability p. */
function binomialSe(p: number, n: number): number {
  return Math.sqrt((p * (1 - p)) / n);
}

/** One d of the sweep as drawn and written (fractions to 6 digits; null where undefined): both panels' points. */
export type PerDRecord = {
  panel: "per_d";
  d: number;
  lambda: number | null;
  one_minus_2lambda: number | null;
  draws: number;
  inseparable: number;
  undecided: number;
  /** mean over inseparable draws of the fraction of S_∞·x_i > 0, ± 1 SE (pf_lo, pf_hi) */
  positive_fraction: number | null;
  positive_fraction_se: number | null;
  pf_lo: number | null;
  pf_hi: number | null;
  /** the fraction of decided draws that are inseparable, ± 1 binomial SE (if_lo, if_hi) */
  inseparable_fraction: number | null;
  inseparable_fraction_se: number | null;
  if_lo: number | null;
  if_hi: number | null;
  wendel_inseparable: number | null;
  /** the emulated lenient test's fraction ± 1 binomial SE, when the sweep ran it */
  lenient_inseparable_fraction?: number | null;
  lenient_lo?: number | null;
  lenient_hi?: number | null;
};

/** Wendel's P(inseparable) at one integer d, and at d − PAPER_SHIFT (the paper's). */
export type WendelRecord = {
  panel: "wendel";
  d: number;
  lambda: number | null;
  one_minus_2lambda: number | null;
  wendel_inseparable: number | null;
  wendel_shifted: number | null;
};

function perDRecords(points: readonly SinfPoint[]): PerDRecord[] {
  return points.map((p) => {
    const decided = p.inseparable + p.separable;
    const frac = p.inseparable / decided;
    const se = binomialSe(frac, decided);
    return {
      panel: "per_d",
      d: p.d,
      lambda: r6(p.lambda),
      one_minus_2lambda: r6(p.oneMinus2Lambda),
      draws: p.draws,
      inseparable: p.inseparable,
      undecided: p.undecided,
      positive_fraction: r6(p.positiveFraction.mean),
      positive_fraction_se: r6(p.positiveFraction.se),
      pf_lo: r6(p.positiveFraction.mean - p.positiveFraction.se),
      pf_hi: r6(p.positiveFraction.mean + p.positiveFraction.se),
      inseparable_fraction: r6(frac),
      inseparable_fraction_se: r6(se),
      if_lo: r6(frac - se),
      if_hi: r6(frac + se),
      wendel_inseparable: r6(p.wendelInseparable),
      ...lenientFields(p),
    };
  });
}

/** The emulated lenient test's fraction of "inseparable" draws (±1 binomial SE), when the sweep ran it. */
function lenientFields(p: SinfPoint): Pick<PerDRecord, "lenient_inseparable_fraction" | "lenient_lo" | "lenient_hi"> {
  if (!p.lenient) return {};
  const frac = p.lenient.inseparable / p.draws;
  const se = binomialSe(frac, p.draws);
  return { lenient_inseparable_fraction: r6(frac), lenient_lo: r6(frac - se), lenient_hi: r6(frac + se) };
}

/** Wendel's P(inseparable) at d − 14: the paper's inseparable fraction follows it (SPEC §6). */
const PAPER_SHIFT = 14;

/** Wendel's P(inseparable) at every integer d across the sweep (a smooth curve under the points). */
function wendelRecords(s: SinfSweep): WendelRecord[] {
  const lo = Math.min(...s.ds);
  const hi = Math.max(...s.ds);
  const step = Math.max(1, Math.floor((hi - lo) / 200));
  const rows: WendelRecord[] = [];
  for (let d = lo; d <= hi; d += step) {
    rows.push({
      panel: "wendel",
      d,
      lambda: r6(d / s.n),
      one_minus_2lambda: r6(1 - (2 * d) / s.n),
      wendel_inseparable: r6(1 - wendelProbability(s.n, d).probability),
      wendel_shifted: r6(1 - wendelProbability(s.n, Math.max(1, d - PAPER_SHIFT)).probability),
    });
  }
  return rows;
}

/** The log x axis over 1 − 2λ, fitted to the sweep's d (no empty decades). */
function xAxis(s: SinfSweep) {
  const xs = s.ds.map((d) => 1 - (2 * d) / s.n).filter((x) => x > 0);
  return logAxis("one_minus_2lambda", "1 − 2λ", [Math.min(...xs) / 1.15, Math.max(...xs) * 1.15]);
}

function positiveView(perD: readonly PerDRecord[], s: SinfSweep): PanelView {
  const X = xAxis(s);
  const values = perD.filter((r) => r.positive_fraction !== null);
  return {
    width: WIDTH,
    height: HEIGHT,
    title: { text: "fraction of S_∞·x_i/‖S_∞‖ > 0", subtitle: "mean over inseparable draws ± 1 SE" },
    data: { values },
    layer: [
      { mark: "rule", encoding: { x: X, y: { field: "pf_lo", type: "quantitative" }, y2: { field: "pf_hi" } } },
      {
        mark: { type: "line", point: true },
        encoding: {
          x: X,
          y: {
            field: "positive_fraction",
            type: "quantitative",
            title: "fraction of positive projections",
            scale: { zero: false },
          },
        },
      },
    ],
  };
}

/** The lower end of the inseparable-fraction axis: 0.05 below the lowest point, error bar or Wendel value. */
function fractionAxisLow(perD: readonly PerDRecord[]): number {
  // Number(null) is 0, as Math.min would read a null
  const lows = [
    ...perD.map((r) => Number(r.if_lo)),
    ...perD.map((r) => (r.lenient_lo === undefined ? 1 : Number(r.lenient_lo))),
  ];
  return Math.max(0, Math.min(...lows, ...perD.map((r) => Number(r.wendel_inseparable))) - 0.05);
}

function wendelView(perD: readonly PerDRecord[], wendel: readonly WendelRecord[], s: SinfSweep): PanelView {
  const X = xAxis(s);
  const lenient = perD.some((r) => r.lenient_inseparable_fraction !== undefined);
  const y = {
    type: "quantitative",
    title: "fraction of inseparable draws",
    scale: { domain: [fractionAxisLow(perD), 1], nice: false },
  };
  const curve = (field: keyof WendelRecord, dash: readonly number[], color: string) => ({
    data: { values: wendel },
    mark: { type: "line", color, strokeDash: dash },
    encoding: { x: X, y: { ...y, field } },
  });
  const points = (field: keyof PerDRecord, loF: keyof PerDRecord, hiF: keyof PerDRecord, color: string) => ({
    data: { values: perD.filter((r) => r[field] !== undefined && r[field] !== null) },
    layer: [
      { mark: { type: "rule", color }, encoding: { x: X, y: { ...y, field: loF }, y2: { field: hiF } } },
      { mark: { type: "point", filled: true, color }, encoding: { x: X, y: { ...y, field } } },
    ],
  });
  return {
    width: WIDTH,
    height: HEIGHT,
    title: {
      text: "inseparable draws vs Wendel's theorem",
      subtitle: [
        `N = ${s.n}; points: exact (Newton/LP), ±1 binomial SE`,
        `dashed: 1 − P_Wendel(d); dotted: at d − ${PAPER_SHIFT} (the paper's)`,
        ...(lenient ? ["red: emulated lenient test (Adam, ‖S‖ threshold)"] : []),
      ],
    },
    layer: [
      curve("wendel_inseparable", DASHES.training, GREYS.ink),
      curve("wendel_shifted", [1, 2], NEUTRAL_COLOURS.frame),
      points("inseparable_fraction", "if_lo", "if_hi", ROLE_COLOURS.training),
      ...(lenient ? [points("lenient_inseparable_fraction", "lenient_lo", "lenient_hi", ROLE_COLOURS.population)] : []),
    ],
  };
}

/**
 * The observed fraction of inseparable draws matches Wendel at every d: |z| = |k/n − p|/√(p(1−p)/n) ≤ 3 at each of
 * the d (3 rather than 2 SE because several d are judged at once; the binomial is exact, so this is a plain z-test).
 */
function wendelCheck(points: readonly SinfPoint[]): Check {
  const zs = points.map((p) => {
    const n = p.inseparable + p.separable;
    const q = p.wendelInseparable;
    const se = binomialSe(q, n);
    const diff = p.inseparable / n - q;
    return { d: p.d, z: se > 0 ? diff / se : diff === 0 ? 0 : Number.POSITIVE_INFINITY, obs: p.inseparable, n, q };
  });
  const worst = Math.max(...zs.map((z) => Math.abs(z.z)));
  return {
    claim: "the fraction of inseparable draws follows Wendel's theorem (|z| ≤ 3 at every d, binomial SE)",
    verdict: worst <= 3 ? "PASS" : worst > 4 ? "FAIL" : "UNSURE",
    detail: zs.map((z) => `d=${z.d}: ${z.obs}/${z.n} vs ${z.q.toFixed(4)} (z = ${z.z.toFixed(2)})`).join("; "),
  };
}

/** The positive fraction falls from the smallest to the largest λ of the sweep (2 SE of the difference). */
function positiveTrendCheck(points: readonly SinfPoint[]): Check {
  const a = points[0];
  const b = points[points.length - 1];
  const diff = a.positiveFraction.mean - b.positiveFraction.mean;
  const se = Math.hypot(a.positiveFraction.se, b.positiveFraction.se);
  const verdict = diff > 2 * se ? "PASS" : diff < -2 * se ? "FAIL" : "UNSURE";
  return {
    claim: "as λ → ½⁻ fewer points project positively on S_∞ (fraction at the smallest λ exceeds that at the largest)",
    verdict,
    detail: `d=${a.d}: ${a.positiveFraction.mean.toFixed(4)} ± ${a.positiveFraction.se.toFixed(4)}; d=${b.d}: ${b.positiveFraction.mean.toFixed(4)} ± ${b.positiveFraction.se.toFixed(4)}; difference ${diff.toFixed(4)} ± ${se.toFixed(4)}`,
  };
}

/** How the emulated lenient test's fraction compares with Wendel at d and at d − 14 (z in binomial SEs). */
function lenientNotes(points: readonly SinfPoint[], s: SinfSweep): string[] {
  if (!s.lenient) return [];
  const z = (k: number, n: number, q: number) => (k / n - q) / Math.max(binomialSe(q, n), 0.5 / n);
  const per = points.map((p) => {
    const k = p.lenient?.inseparable ?? 0;
    const shifted = 1 - wendelProbability(s.n, p.d - PAPER_SHIFT).probability;
    return `d=${p.d}: ${k}/${p.draws}, z = ${z(k, p.draws, p.wendelInseparable).toFixed(1)} vs Wendel(d), ${z(k, p.draws, shifted).toFixed(1)} vs Wendel(d − ${PAPER_SHIFT})`;
  });
  return [
    `red: the emulated lenient test (Adam η = ${s.lenient.lr}, ${s.lenient.steps} steps, separable iff ‖S‖ > ${s.lenient.threshold}); called inseparable ${per.join("; ")}`,
  ];
}

/** Fig. 6's typed result: the sweep, its points per d, and the records both panels draw. */
interface Fig6Result {
  size: FigureSize;
  sweep: SinfSweep;
  points: SinfPoint[];
  perD: PerDRecord[];
  wendel: WendelRecord[];
}

async function computeFig6(ctx: FigureContext): Promise<Fig6Result> {
  const sweep = sinfSweep(ctx);
  const points = sinfPoints(sweep, await sinfDraws(sweep, { run: theoryRunnerOf(ctx), onProgress: ctx.onProgress }));
  return { size: ctx.size, sweep, points, perD: perDRecords(points), wendel: wendelRecords(sweep) };
}

function fig6View({ size, sweep: s, perD, wendel }: Fig6Result): FigureView {
  const spec = topLevel({
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: "Fig. 6 — projections on S_∞ and the fraction of inseparable draws",
      subtitle: [`N = ${s.n}, σ = ${s.sigma}, ${s.draws} draws per d (${size} size); the draws of Fig. 1 right top`],
      anchor: "start",
    },
    hconcat: [positiveView(perD, s), wendelView(perD, wendel, s)],
    spacing: 28,
  });
  return { spec };
}

function fig6Checks({ points }: Fig6Result): Check[] {
  const undecided = points.reduce((a, p) => a + p.undecided, 0);
  return [
    wendelCheck(points),
    positiveTrendCheck(points),
    exactClaim("every draw's separability was decided by a certificate", undecided === 0, `${undecided} undecided`),
  ];
}

function fig6Notes({ size, sweep: s, points }: Fig6Result): string[] {
  return [
    `size ${size}: ${s.ds.length} of the paper's 17 d with ${s.draws} draws each (paper: 15000); the same draws as Fig. 1 right top`,
    "positive fraction: per inseparable draw, the fraction of i with S_∞·x_i > 0, then averaged over draws",
    "inseparable: Newton found a finite minimiser of Σ exp(S·x_i); separable: an iterate with every S·x_i < 0 (exact certificates, theory/sinf.ts)",
    "nested draws: draw k's coordinates at d are the first d of one N × d_max draw (each d alone is as independent draws; neighbouring d are correlated)",
    `the paper's inseparable fraction equals Wendel's at about d − ${PAPER_SHIFT} (SPEC §6, dotted); ours follows Wendel at d (exact LP-grade certificates)`,
    ...lenientNotes(points, s),
  ];
}

/** Fig. 6 (SPEC §6): its sizes are those of the shared sweep (fig01/sinfDraws.ts `sinfSweep`). */
export const fig6: FigureRecipe = defineFigure({
  id: "6",
  title: "fraction of positive projections on S_∞ and of inseparable draws (vs Wendel) near λ = ½",
  sizes: { smoke: null, laptop: null, paper: null },
  stated: { N: 2400, sigma: 1, d: PAPER_SINF_DS, draws: 15000 },
  compute: computeFig6,
  checks: fig6Checks,
  view: fig6View,
  rows: (r) => [...r.perD, ...r.wendel],
  chosen: ({ sweep: s }) => ({
    N: s.n,
    sigma: s.sigma,
    d: s.ds,
    draws_per_d: s.draws,
    seed: s.seed,
    run_index: "d·1e5 + k",
  }),
  notes: fig6Notes,
  table: ({ points }) => ({
    rows: points.map((p) => ({
      d: p.d,
      lambda: r6(p.lambda),
      inseparable: p.inseparable,
      draws: p.draws,
      wendel_inseparable: r6(p.wendelInseparable),
      positive_fraction: r6(p.positiveFraction.mean),
      positive_fraction_se: r6(p.positiveFraction.se),
    })),
    notes: [],
  }),
});
