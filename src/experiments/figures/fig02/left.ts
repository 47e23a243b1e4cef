/**
 * Fig. 2 left (SPEC §6): histograms of the normalised projections S·x_i/‖S‖ of the training points at the end of
 * training, one per λ, with the t → ∞ limit outlined: S_∞ for inseparable draws (SPEC §3.5), the SVM direction S* for
 * separable ones (SPEC §3.4). With all labels −1, S·x_i < 0 is the correct side. An inseparable draw always keeps
 * some S·x_i > 0 (the origin is in the hull: no S makes them all negative, SPEC §3.1); a separable one ends with all
 * of them below −M, M the SVM margin.
 */

import { dot, norm, rowDot } from "../../../core/vector.js";
import { type HistogramBin, histogramSpec } from "../../../plot/histogram.js";
import { type Check, exactClaim } from "../../checks.js";
import type { DataRow } from "../recipe.js";
import type { Fig2Draw } from "./draws.js";

/** S·x_i/‖S‖ for every training point (units of x). */
export function projections(X: Float64Array, n: number, d: number, S: ArrayLike<number>): number[] {
  const s = norm(S);
  return Array.from({ length: n }, (_, i) => rowDot(X, i * d, d, S) / s);
}

const positives = (p: readonly number[]) => p.filter((v) => v > 0).length;
const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => dot(a, b) / (norm(a) * norm(b));

/** Counts of `values` in `bins` equal bins spanning [lo, hi] (the last bin closed). */
export function binCounts(values: readonly number[], lo: number, hi: number, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const w = (hi - lo) / bins;
  for (const v of values) counts[Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / w)))]++;
  return counts;
}

/** The projections of one draw: at the end of GD, at its limit, and at the end of the flow continuation. */
export interface DrawProjections {
  draw: Fig2Draw;
  label: string;
  end: number[];
  limit: number[];
  continued: number[] | null;
}

const END = "end of training";
const LIMIT = "t → ∞ limit";

/** Facet label: λ and the draw's class. */
function facetLabel(d: Fig2Draw): string {
  return `λ = ${d.lambda} (${d.limit.separable ? "separable" : "inseparable"})`;
}

/** Projections of every draw. */
export function drawProjections(draws: readonly Fig2Draw[]): DrawProjections[] {
  return draws.map((draw) => {
    const { X, n, d } = draw.data;
    const cont = draw.continuation;
    return {
      draw,
      label: facetLabel(draw),
      end: projections(X, n, d, draw.gd.S),
      limit: projections(X, n, d, draw.limit.S),
      continued: cont ? projections(X, n, d, cont.S) : null,
    };
  });
}

/**
 * Histogram bins shared by all facets (one x axis), as data rows and as chart bins: about `bins` equal bins over the
 * data, placed so that 0 is a bin edge (every bin is on one side of the decision boundary, red or not).
 */
export function leftBins(ps: readonly DrawProjections[], bins = 40): HistogramBin[] {
  const all = ps.flatMap((p) => [...p.end, ...p.limit]);
  const w = (Math.max(...all) - Math.min(...all)) / bins;
  const lo = Math.floor(Math.min(...all) / w) * w;
  const hi = Math.max(lo + w, Math.ceil(Math.max(...all) / w) * w);
  const count = Math.round((hi - lo) / w);
  return ps.flatMap((p) =>
    (
      [
        [END, p.end],
        [LIMIT, p.limit],
      ] as const
    ).flatMap(([series, values]) =>
      binCounts(values, lo, hi, count).map((n, k) => ({
        facet: p.label,
        series,
        lo: lo + k * w,
        hi: lo + (k + 1) * w,
        count: n,
      })),
    ),
  );
}

/** The left panel's data rows: one per bin. */
export function leftRows(bins: readonly HistogramBin[]): DataRow[] {
  return bins.map((b) => ({
    panel: "left",
    facet: b.facet,
    series: b.series,
    bin_lo: b.lo,
    bin_hi: b.hi,
    count: b.count,
  }));
}

/** The left panel's caption line (the figure's subtitle carries it: panel subtitles widen their column). */
export function leftCaption(tEnd: number): string {
  return `left: bars = end of training (t = ${tEnd}), black outline = t → ∞ (S_∞, or the SVM's S*); red bars: S·x_i > 0, the wrong side (all labels −1)`;
}

/** The left panel's chart. */
export function leftSpec(ps: readonly DrawProjections[]) {
  return histogramSpec(leftBins(ps), {
    facets: ps.map((p) => p.label),
    filled: END,
    outlined: LIMIT,
    xTitle: "S·x_i / ‖S‖",
    title: "S·x_i/‖S‖ of the training points",
    wrongSideFrom: 0,
    width: 240,
    height: 105,
  });
}

const frac = (p: readonly number[]) => `${positives(p)}/${p.length}`;
const fmt = (x: number) => x.toPrecision(4);

/**
 * The left panel's claims (SPEC §3.1, §3.4–3.5, and the Fig. 6 trend of the positive fraction), decided exactly on
 * the one draw per λ; λ values absent from `ps` are skipped.
 */
export function leftChecks(ps: readonly DrawProjections[], horizon: number): Check[] {
  const at = (lambda: number) => ps.find((p) => p.draw.lambda === lambda);
  const checks: Check[] = [];
  const low = at(0.05);
  const edge = at(0.48);
  const sep = at(0.52);
  const far = at(0.8);
  if (low) {
    const cos = cosine(low.draw.gd.S, low.draw.limit.S);
    checks.push(
      exactClaim(
        "λ = 0.05: training has reached the bias-free limit S_∞: cos(S, S_∞) ≥ 1 − 1e-6, same positive count (±1)",
        cos >= 1 - 1e-6 && Math.abs(positives(low.end) - positives(low.limit)) <= 1,
        `cos = 1 − ${fmt(1 - cos)}; positive ${frac(low.end)} at the end, ${frac(low.limit)} at S_∞`,
      ),
    );
  }
  if (low && edge) {
    checks.push(
      exactClaim(
        "λ < ½ (inseparable draws): some S·x_i > 0 remain at the end of training, fewer at λ = 0.48 than at 0.05",
        positives(edge.end) > 0 && positives(low.end) > positives(edge.end),
        `positive: λ = 0.05 ${frac(low.end)}, λ = 0.48 ${frac(edge.end)} (limit ${frac(edge.limit)})`,
      ),
    );
  }
  if (far) checks.push(allNegativeAtEnd(far));
  if (sep?.continued) checks.push(tailIsTransient(sep, sep.continued, horizon));
  return checks;
}

/** A separable draw whose S separates at the end: all S·x_i/‖S‖ < 0, and ≥ −M (no direction beats the SVM). */
function allNegativeAtEnd(p: DrawProjections): Check {
  const max = Math.max(...p.end);
  const m = p.draw.limit.margin ?? Number.NaN;
  return exactClaim(
    `λ = ${p.draw.lambda} (separable): every S·x_i/‖S‖ < 0 at the end of training, the largest within [−M, 0)`,
    max < 0 && max >= -m * (1 + 1e-9),
    `max S·x_i/‖S‖ = ${fmt(max)}, SVM margin M = ${fmt(m)}`,
  );
}

/** A separable draw whose positive tail at the end of GD is gone by the horizon, as S turns toward S* (§3.4). */
function tailIsTransient(p: DrawProjections, continued: readonly number[], horizon: number): Check {
  const cosEnd = cosine(p.draw.gd.S, p.draw.limit.S);
  const cosCont = cosine(p.draw.continuation?.S ?? [], p.draw.limit.S);
  return exactClaim(
    `λ = ${p.draw.lambda} (separable): the S·x_i > 0 tail is transient: none left at t = 1e${horizon} (flow continuation)`,
    positives(continued) === 0 && cosCont > cosEnd,
    `positive ${frac(p.end)} at the end of training, ${frac(continued)} at t = 1e${horizon}; ` +
      `cos(S, S*) ${fmt(cosEnd)} → ${fmt(cosCont)}`,
  );
}
