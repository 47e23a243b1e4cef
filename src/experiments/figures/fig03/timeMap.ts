/**
 * Fig. 3 right (SPEC §6): the time at which the population accuracy A_gen first reaches 0.95, over
 * σ ∈ [8, 16] × 1 − 2λ ∈ [1e-6, 1e-2], from S_0 = b_0 = 0; its contour lines, and where the paper's contours sit.
 */

import { decadeLabel } from "../../../plot/decadeAxes.js";
import { integrateToy1d, type Toy1dParams, type Toy1dState, toy1dMetrics } from "../../../theory/toy1d.js";
import { lambdaOfX, round6, TOY1D_ETA, toy1dModel } from "../toy1dFigures.js";

/** The accuracy threshold of Fig. 3 right (SPEC §5). */
export const ACC_THRESHOLD = 0.95;
/** √2 erfc⁻¹(2·0.05): A_gen = ½ erfc(b/(√2 σS)) ≥ 0.95 ⇔ −b/(σS) ≥ this. */
const Z95 = 1.6448536269514722;

/**
 * Contour levels of the time map, t in epochs (chosen around the paper's 10^7 and 9·10^7, which at 1 − 2λ = 10^-6 sit
 * at σ ≈ 8.2 and ≈ 14.5 in the paper).
 */
export const CONTOUR_LEVELS = [1e6, 3e6, 1e7, 2e7, 4e7, 6e7, 9e7] as const;
/** The paper's contour positions read off its axes at 1 − 2λ = 10^-6: level → σ (SPEC §6 / issue 15). */
const PAPER_CONTOURS = [
  { level: 1e7, sigma: 8.2 },
  { level: 9e7, sigma: 14.5 },
] as const;

/** The map's grid: σ of its rows, log10(1 − 2λ) of its columns (both evenly spaced). */
export interface TimeGrid {
  sigmas: number[];
  log10Xs: number[];
}

export interface HeatCell {
  sigma: number;
  log10X: number;
  /** log10 of the first t with A_gen ≥ 0.95; null if not reached by log10 t = 200 */
  log10T: number | null;
}

/** First t with A_gen ≥ 0.95 (SPEC §5, Fig. 3's threshold), located on the integrator's dense output; log10. */
export function timeToAccuracy(p: Toy1dParams): number | null {
  const hit = (s: Toy1dState) => toy1dMetrics(p, s.S, s.b).popAcc >= ACC_THRESHOLD;
  const run = integrateToy1d(p, [], [{ hit }], { log10TMax: 200, stopAfterEvents: true });
  const e = run.events[0];
  return e === null ? null : e.logT / Math.LN10;
}

/** The map, σ row by σ row; `onProgress` counts cells. */
export function heatmapCells(grid: TimeGrid, onProgress?: (done: number, total: number) => void): HeatCell[] {
  const cells: HeatCell[] = [];
  const total = grid.sigmas.length * grid.log10Xs.length;
  for (const sigma of grid.sigmas) {
    for (const log10X of grid.log10Xs) {
      cells.push({ sigma, log10X, log10T: timeToAccuracy(toy1dModel(10 ** log10X, sigma)) });
      onProgress?.(cells.length, total);
    }
  }
  return cells;
}

/** log10 t of the heatmap cell (σ, log10(1 − 2λ)), or null (not reached or not on the grid). */
export function cellTime(cells: readonly HeatCell[], sigma: number, log10X: number): number | null {
  return cells.find((c) => c.sigma === sigma && c.log10X === log10X)?.log10T ?? null;
}

/** Half the spacing of a grid (one cell's half-width); the grids are evenly spaced. */
export const halfStep = (xs: readonly number[]) => (xs.length > 1 ? (xs[1] - xs[0]) / 2 : 0.5);

/** One drawn cell: its value and its rectangle [x0, x1] × [s0, s1]. */
export interface HeatMark {
  sigma: number;
  lambda: number;
  log10_one_minus_2lambda: number;
  log10_t_gen95: number | null;
  x0: number;
  x1: number;
  s0: number;
  s1: number;
}

export function heatMarks(cells: readonly HeatCell[], grid: TimeGrid): HeatMark[] {
  // cells overlap their neighbours by 2% so that anti-aliasing leaves no light seams between them
  const hx = 1.02 * halfStep(grid.log10Xs);
  const hs = 1.02 * halfStep(grid.sigmas);
  return cells.map((c) => ({
    sigma: c.sigma,
    lambda: lambdaOfX(10 ** c.log10X),
    log10_one_minus_2lambda: c.log10X,
    log10_t_gen95: c.log10T === null ? null : round6(c.log10T),
    x0: c.log10X - hx,
    x1: c.log10X + hx,
    s0: c.sigma - hs,
    s1: c.sigma + hs,
  }));
}

/** One point of a contour line: (log10(1 − 2λ), σ). */
interface ContourPoint {
  log10X: number;
  sigma: number;
}

/** Where log10 t crosses `level` between two grid values (linear in log10 t), as a fraction of the step; else null. */
function crossingFraction(a: number | null, b: number | null, level: number): number | null {
  if (a === null || b === null || a === b || (a - level) * (b - level) > 0) return null;
  return (level - a) / (b - a);
}

/**
 * The contour log10 t = `level` of the time map, from the grid by linear interpolation along every σ row and every
 * 1 − 2λ column. The map grows with σ and towards the edge (the heatmap checks), so the contour is one monotone curve
 * σ(1 − 2λ) and its crossings, sorted by 1 − 2λ, are its vertices in order.
 */
export function contourLine(cells: readonly HeatCell[], grid: TimeGrid, level: number): ContourPoint[] {
  const at = (sigma: number, lx: number) => cellTime(cells, sigma, lx);
  const { sigmas, log10Xs } = grid;
  const pts: ContourPoint[] = [];
  for (const lx of log10Xs) {
    sigmas.slice(1).forEach((s, i) => {
      const f = crossingFraction(at(sigmas[i], lx), at(s, lx), level);
      if (f !== null) pts.push({ log10X: lx, sigma: sigmas[i] + f * (s - sigmas[i]) });
    });
  }
  for (const s of sigmas) {
    log10Xs.slice(1).forEach((lx, i) => {
      const f = crossingFraction(at(s, log10Xs[i]), at(s, lx), level);
      if (f !== null) pts.push({ log10X: log10Xs[i] + f * (lx - log10Xs[i]), sigma: s });
    });
  }
  return pts.sort((p, q) => p.log10X - q.log10X || p.sigma - q.sigma);
}

/** A vertex of a contour line (k ≥ 0, in order), or its label's spot (k = −1). */
export interface ContourMark {
  level: number;
  /** "10⁷", "3·10⁶" */
  label: string;
  k: number;
  log10_one_minus_2lambda: number;
  sigma: number;
}

/**
 * Every contour line's vertices, and one label per line: at the vertex nearest a σ that steps up the panel level by
 * level, so that neighbouring labels (the near-vertical 10⁶ and 3·10⁶ lines) do not overprint each other.
 */
export function contourMarks(cells: readonly HeatCell[], grid: TimeGrid): ContourMark[] {
  const [sLo, sHi] = [grid.sigmas[0], grid.sigmas[grid.sigmas.length - 1]];
  return CONTOUR_LEVELS.flatMap((level, i) => {
    const line = contourLine(cells, grid, Math.log10(level));
    const target = sLo + (sHi - sLo) * (0.1 + (0.8 * i) / (CONTOUR_LEVELS.length - 1));
    const spot = [...line].sort((p, q) => Math.abs(p.sigma - target) - Math.abs(q.sigma - target))[0];
    const base = { level, label: decadeLabel(level) };
    return [
      ...line.map((p, k) => ({ ...base, k, log10_one_minus_2lambda: round6(p.log10X), sigma: round6(p.sigma) })),
      ...(spot ? [{ ...base, k: -1, log10_one_minus_2lambda: round6(spot.log10X), sigma: round6(spot.sigma) }] : []),
    ];
  });
}

/** σ at which t(σ, 1 − 2λ = 10^lx) = level, by bisection on the flow itself (the map grows with σ); null outside. */
function contourSigma(level: number, lx: number, [lo, hi]: [number, number]): number | null {
  const t = (sigma: number) => timeToAccuracy(toy1dModel(10 ** lx, sigma)) ?? Number.POSITIVE_INFINITY;
  const target = Math.log10(level);
  if (t(lo) > target || t(hi) < target) return null;
  let [a, b] = [lo, hi];
  for (let k = 0; k < 30; k++) {
    const m = (a + b) / 2;
    if (t(m) < target) a = m;
    else b = m;
  }
  return (a + b) / 2;
}

/** A contour of the paper at 1 − 2λ = 10^-6: its level, its σ read off the paper, and ours (null: off the map). */
export interface PaperContour {
  level: number;
  sigma: number;
  ours: number | null;
}

/** Our σ of the paper's two contours at 1 − 2λ = 10^-6, bisected on the flow within the grid's σ range. */
export function paperContours(grid: TimeGrid): PaperContour[] {
  const range: [number, number] = [grid.sigmas[0], grid.sigmas[grid.sigmas.length - 1]];
  return PAPER_CONTOURS.map((c) => ({ ...c, ours: contourSigma(c.level, -6, range) }));
}

/**
 * σ → ∞ limit of the time to A_gen = 0.95 (derived here, as frozenLimitGrokking in theory/toy1d.ts): σS = S̃_∞ from
 * t = 0, so e^{−b} = 1 + ηg t and A_gen = 0.95 at −b = z₉₅ S̃_∞, i.e. t = (e^{z₉₅ S̃_∞} − 1)/(ηg); log10.
 */
export function frozenAccuracyTime(x: number): number {
  const sInf = Math.log(1 / x) / (1 + x);
  const g = 0.5 * (Math.exp(sInf * x) + Math.exp(-sInf));
  return Math.log10(Math.expm1(Z95 * sInf) / (TOY1D_ETA * g));
}
