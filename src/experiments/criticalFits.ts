/**
 * Fits for critical behaviour near λ = ½ (README "Beyond the paper"), on per-draw measurements grouped by control
 * value, with percentile-bootstrap confidence intervals that resample the draws within each group:
 *
 * - laws in the distance to the edge x = 1 − 2λ > 0, fitted to the group means by least squares:
 *   power  y = A·x^(−γ)           (log y on log x; reports γ and A),
 *   log    y = a·log(1/x) + c      (the 1-D model's ‖S_∞‖ = log(1/(1−2λ))/(2(1−λ)), SPEC §4; reports a and c),
 *   log2   y = a·log²(1/x) + c     (the 1-D grokking-time law log(t*_gen/t*_tr) = ½ log²(1−2λ) + log 2; a and c);
 * - a finite-size-scaling collapse: curves y(λ) at several N plotted against u = (1 − 2λ)·N^(1/ν), with ν chosen to
 *   minimise the collapse residual (the mean squared distance between each curve's points and every other curve,
 *   interpolated linearly in u, where their u ranges overlap).
 */

import { quantileSorted, uniformStream } from "./aggregate.js";
import { mean } from "./stats.js";

/** The draws at one control value: x = 1 − 2λ (laws) or λ (collapse), and each draw's measured value. */
export interface DrawGroup {
  x: number;
  values: readonly number[];
}

export type LawForm = "power" | "log" | "log2";

export interface BootstrapOptions {
  /** confidence level of the percentile intervals, e.g. 0.95 */
  level: number;
  resamples: number;
  seed: number;
}

export const defaultBootstrap: BootstrapOptions = { level: 0.95, resamples: 1000, seed: 0 };

export interface LawFit {
  form: LawForm;
  /** γ (power) or a (log, log2), with its percentile-bootstrap interval */
  exponent: number;
  exponentInterval: [number, number];
  /** A (power) or c (log, log2) */
  prefactor: number;
  prefactorInterval: [number, number];
  /** control values used and draws over them */
  points: number;
  draws: number;
  definition: string;
}

export const LAW_DEFINITIONS: Record<LawForm, string> = {
  power: "y = A·(1−2λ)^(−γ): least squares of log(mean y) on log(1−2λ) over λ",
  log: "y = a·log(1/(1−2λ)) + c: least squares of mean y on log(1/(1−2λ)) over λ",
  log2: "y = a·log²(1/(1−2λ)) + c: least squares of mean y on log²(1/(1−2λ)) over λ",
};

/** Least squares y = slope·x + intercept. */
export function linearFit(x: readonly number[], y: readonly number[]): { slope: number; intercept: number } {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** The law's (exponent, prefactor) through one mean per group. */
function lawThrough(form: LawForm, xs: readonly number[], means: readonly number[]): [number, number] {
  if (form === "power") {
    const f = linearFit(
      xs.map((x) => Math.log(x)),
      means.map((y) => Math.log(y)),
    );
    return [-f.slope, Math.exp(f.intercept)];
  }
  const g = (x: number) => (form === "log" ? -Math.log(x) : Math.log(x) ** 2);
  const f = linearFit(xs.map(g), means);
  return [f.slope, f.intercept];
}

/** The finite values of each group; groups left with none are dropped. */
function finiteGroups(groups: readonly DrawGroup[]): DrawGroup[] {
  return groups
    .map((g) => ({ x: g.x, values: g.values.filter((v) => Number.isFinite(v)) }))
    .filter((g) => g.values.length > 0);
}

/** Resample each group's values with replacement and return the means. */
function resampledMeans(groups: readonly DrawGroup[], u: () => number): number[] {
  return groups.map((g) => {
    let s = 0;
    for (let i = 0; i < g.values.length; i++) s += g.values[Math.floor(u() * g.values.length)];
    return s / g.values.length;
  });
}

/** Percentile interval at `level` of the values (non-finite ones dropped). */
function percentile(values: readonly number[], level: number): [number, number] {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return [Number.NaN, Number.NaN];
  const tail = (1 - level) / 2;
  return [quantileSorted(s, tail), quantileSorted(s, 1 - tail)];
}

/**
 * Fit a law to groups at x = 1 − 2λ > 0 (power: all means > 0), with bootstrap intervals from stream (seed, 1).
 * Throws when fewer than two groups have finite values.
 */
export function fitLaw(groups: readonly DrawGroup[], form: LawForm, o: BootstrapOptions = defaultBootstrap): LawFit {
  const g = finiteGroups(groups);
  if (g.length < 2)
    throw new Error(`fitLaw: at least two control values with finite draws are needed (got ${g.length})`);
  const xs = g.map((v) => v.x);
  const [exponent, prefactor] = lawThrough(
    form,
    xs,
    g.map((v) => mean(v.values)),
  );
  const u = uniformStream(o.seed, 1);
  const exps: number[] = [];
  const pres: number[] = [];
  for (let b = 0; b < o.resamples; b++) {
    const [e, p] = lawThrough(form, xs, resampledMeans(g, u));
    exps.push(e);
    pres.push(p);
  }
  return {
    form,
    exponent,
    exponentInterval: percentile(exps, o.level),
    prefactor,
    prefactorInterval: percentile(pres, o.level),
    points: g.length,
    draws: g.reduce((a, v) => a + v.values.length, 0),
    definition: LAW_DEFINITIONS[form],
  };
}

/** One size's curve for the collapse: groups at x = λ. */
export interface SizeCurve {
  n: number;
  groups: readonly DrawGroup[];
}

export interface CollapseOptions extends BootstrapOptions {
  /** the search range of ν (default 0.25 … 8) */
  nuMin: number;
  nuMax: number;
}

export const defaultCollapse: CollapseOptions = { ...defaultBootstrap, resamples: 200, nuMin: 0.25, nuMax: 8 };

export interface CollapseFit {
  nu: number;
  nuInterval: [number, number];
  /** the collapse residual at ν (mean squared distance between curves) and the number of point pairs it averages */
  residual: number;
  pairs: number;
  sizes: number[];
  draws: number;
  /** the collapsed points at ν: (N, λ, u = (1 − 2λ)·N^(1/ν), mean y) */
  points: { n: number; lambda: number; u: number; y: number }[];
  definition: string;
}

export const COLLAPSE_DEFINITION =
  "u = (1 − 2λ)·N^(1/ν); ν minimises the mean squared distance between each size's mean curve and every other size's curve interpolated linearly in u where their u ranges overlap; interval: percentile bootstrap over draws";

/** Collapse residual of curves (λ values and means per size) at 1/ν = theta; pairs: the point pairs compared. */
export function collapseResidual(
  curves: readonly { n: number; lambdas: readonly number[]; means: readonly number[] }[],
  theta: number,
): { residual: number; pairs: number } {
  const scaled = curves.map((c) => {
    const s = c.n ** theta;
    const pts = c.lambdas.map((l, i) => [(1 - 2 * l) * s, c.means[i]] as const);
    return pts.sort((a, b) => a[0] - b[0]);
  });
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < scaled.length; i++) {
    for (let j = 0; j < scaled.length; j++) {
      if (i === j) continue;
      const other = scaled[j];
      for (const [u, y] of scaled[i]) {
        const at = interpolate(other, u);
        if (at === null) continue;
        sum += (y - at) ** 2;
        pairs++;
      }
    }
  }
  return { residual: pairs > 0 ? sum / pairs : Number.POSITIVE_INFINITY, pairs };
}

/** Linear interpolation of sorted (u, y) points at u; null outside their range. */
function interpolate(pts: readonly (readonly [number, number])[], u: number): number | null {
  if (pts.length < 2 || u < pts[0][0] || u > pts[pts.length - 1][0]) return null;
  let k = 0;
  while (k + 2 < pts.length && pts[k + 1][0] < u) k++;
  const [u0, y0] = pts[k];
  const [u1, y1] = pts[k + 1];
  return u1 === u0 ? 0.5 * (y0 + y1) : y0 + ((y1 - y0) * (u - u0)) / (u1 - u0);
}

/** The θ = 1/ν in [1/nuMax, 1/nuMin] minimising the residual: a grid of 121 values, then golden-section search. */
function bestTheta(
  curves: readonly { n: number; lambdas: readonly number[]; means: readonly number[] }[],
  o: Pick<CollapseOptions, "nuMin" | "nuMax">,
): number {
  const [lo, hi] = [1 / o.nuMax, 1 / o.nuMin];
  const f = (t: number) => collapseResidual(curves, t).residual;
  const steps = 120;
  let best = lo;
  let bestValue = Number.POSITIVE_INFINITY;
  for (let k = 0; k <= steps; k++) {
    const t = lo + ((hi - lo) * k) / steps;
    const v = f(t);
    if (v < bestValue) [best, bestValue] = [t, v];
  }
  const h = (hi - lo) / steps;
  let [a, b] = [Math.max(lo, best - h), Math.min(hi, best + h)];
  const r = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 40; it++) {
    const c = b - r * (b - a);
    const d = a + r * (b - a);
    if (f(c) <= f(d)) b = d;
    else a = c;
  }
  return 0.5 * (a + b);
}

/**
 * Finite-size-scaling collapse of curves y(λ) at several N (at least two sizes, each with two or more λ), with a
 * percentile-bootstrap interval for ν from stream (seed, 2).
 */
export function collapseFit(curves: readonly SizeCurve[], o: CollapseOptions = defaultCollapse): CollapseFit {
  const cs = curves.map((c) => ({ n: c.n, groups: finiteGroups(c.groups) })).filter((c) => c.groups.length >= 2);
  if (cs.length < 2) throw new Error(`collapseFit: at least two sizes with two λ each are needed (got ${cs.length})`);
  const withMeans = (means: (c: (typeof cs)[number]) => number[]) =>
    cs.map((c) => ({ n: c.n, lambdas: c.groups.map((g) => g.x), means: means(c) }));
  const central = withMeans((c) => c.groups.map((g) => mean(g.values)));
  const theta = bestTheta(central, o);
  const u = uniformStream(o.seed, 2);
  const nus: number[] = [];
  for (let b = 0; b < o.resamples; b++)
    nus.push(
      1 /
        bestTheta(
          withMeans((c) => resampledMeans(c.groups, u)),
          o,
        ),
    );
  const { residual, pairs } = collapseResidual(central, theta);
  return {
    nu: 1 / theta,
    nuInterval: percentile(nus, o.level),
    residual,
    pairs,
    sizes: cs.map((c) => c.n),
    draws: cs.reduce((a, c) => a + c.groups.reduce((s, g) => s + g.values.length, 0), 0),
    points: central.flatMap((c) =>
      c.lambdas.map((l, i) => ({ n: c.n, lambda: l, u: (1 - 2 * l) * c.n ** theta, y: c.means[i] })),
    ),
    definition: COLLAPSE_DEFINITION,
  };
}
