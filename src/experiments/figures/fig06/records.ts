/**
 * Fig. 6's data (SPEC §6): per d of the sweep, the positive fraction and the inseparable fraction with their SEs, and
 * Wendel's P(inseparable) on every integer d; as drawn and as written to the CSV (6 significant digits).
 */

import { wendelProbability } from "../../../theory/wendel.js";
import type { SinfPoint, SinfSweep } from "../fig01/sinfDraws.js";

/** x to 6 significant digits; null where it is not finite. */
export const r6 = (x: number): number | null => (Number.isFinite(x) ? Number(x.toPrecision(6)) : null);

/** Binomial standard error of an observed fraction p̂ = k/n under the probability p. */
export function binomialSe(p: number, n: number): number {
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

export function perDRecords(points: readonly SinfPoint[]): PerDRecord[] {
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
export const PAPER_SHIFT = 14;

/** Wendel's P(inseparable) at every integer d across the sweep (a smooth curve under the points). */
export function wendelRecords(s: SinfSweep): WendelRecord[] {
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
