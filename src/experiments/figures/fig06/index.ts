/**
 * Fig. 6 of the paper (SPEC §6), on the draws of Fig. 1 right top (N = 2400, σ = 1; shared through the memo of
 * sinfDraws.ts): left, the fraction of training points with a positive normalised projection S_∞·x_i/‖S_∞‖ > 0,
 * averaged over inseparable draws; right, the fraction of inseparable draws against Wendel's theorem (SPEC §3.2),
 * P(inseparable) = 1 − 2^{-(N-1)} Σ_{k<d} C(N−1, k).
 */

import { panelRowSpec, startTitle } from "../../../plot/figureLayout.js";
import { type Check, exactClaim } from "../../checks.js";
import { PAPER_SINF_DS, type SinfPoint, type SinfSweep, sinfDraws, sinfPoints, sinfSweep } from "../fig01/sinfDraws.js";
import {
  defineFigure,
  type FigureContext,
  type FigureRecipe,
  type FigureSize,
  type FigureView,
  theoryRunnerOf,
} from "../recipe.js";
import { lenientNotes, positiveTrendCheck, wendelCheck } from "./claims.js";
import { positiveView, wendelView } from "./panels.js";
import { PAPER_SHIFT, type PerDRecord, perDRecords, r6, type WendelRecord, wendelRecords } from "./records.js";

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
  const title = startTitle("Fig. 6 — projections on S_∞ and the fraction of inseparable draws", [
    `N = ${s.n}, σ = ${s.sigma}, ${s.draws} draws per d (${size} size); the draws of Fig. 1 right top`,
  ]);
  const spec = panelRowSpec({ title, panels: [positiveView(perD, s), wendelView(perD, wendel, s)], spacing: 28 });
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
