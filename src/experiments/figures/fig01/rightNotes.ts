/**
 * What Fig. 1 right says about itself, read from right.ts's typed result: its stated, revealed and chosen parameters
 * and the notes a reader of each panel needs at the run's size.
 */

import { defaultRunConfig, flowTolerance } from "../../../config/run.js";
import { GD_WARMUP_EPOCHS } from "../../../train/run.js";
import type { FigureParameters } from "../recipe.js";
import type { RightResult, TopResult, TrainDraw } from "./right.js";
import { sInfNorm } from "./rightChecks.js";
import { lenientSeries } from "./rightRows.js";
import { PAPER_SINF_DS, pairedSteps, type SinfPoint, type SinfSweep } from "./sinfDraws.js";
import { FIG1_RIGHT_REVEALED, PAPER_TRAIN_DS, PER_DECADE, type TrainSweep } from "./sizes.js";

/**
 * GD's stability at η = 0.1 on these draws, measured (README, Fig. 1 right): the bound L = λ_max(X̃ᵀX̃/N)/4 on the
 * logistic Hessian (X̃ = [X, 1], sigmoid' ≤ ¼) computed by power iteration on the draws d·1e5 of seed 1.
 */
const GD_STABILITY_NOTE =
  "GD at η = 0.1 is stable on these draws: η·L with L = λ_max(X̃ᵀX̃/N)/4 is 0.91 (λ = 0.05), 1.76 (0.5), 2.03 (0.7), 2.37 (0.9), past 2 for λ ≳ 0.68 only at the start (sigmoid' < ¼ once training moves); literal GD for 3·10^5 epochs at d = 200 and 360 (one draw each) ends within 1e-5 of this flow in A_gen (0.995039, 0.533516), b and σ‖S‖, with the same grokking delay (2186 epochs at d = 200)";

const SINF_SOLVER =
  "damped Newton on F = log Σ exp(S·x_i) (theory/sinf.ts), warm-started from the previous d's S_∞ of the same nested draw: stop at ‖∇F‖/max‖x_i‖ < 1e-12 (1e-9 accepted at a roundoff stall); an iterate with every S·x_i < 0 certifies separable (and every larger d of the draw with it); the HiGHS LP decides only when Newton is inconclusive";

/** The top panel's parameters: stated by the paper, and chosen here. */
function topParameters(s: SinfSweep) {
  return {
    stated: { N: 2400, sigma: 1, d: PAPER_SINF_DS, draws: 15000, separable_draws: "discarded" },
    chosen: {
      N: s.n,
      sigma: s.sigma,
      d: s.ds,
      draws_per_d: s.draws,
      seed: s.seed,
      run_index: "draw k: the first d columns of the N × d_max draw (seed, d_max·1e5 + k)",
      solver: SINF_SOLVER,
    },
  };
}

/** The mid and bottom panels' chosen parameters. */
function trainChosen(t: TrainSweep) {
  return {
    N: t.n,
    sigma: t.sigma,
    lr: t.lr,
    d: t.ds,
    draws_per_d: t.draws,
    seed: t.seed,
    run_index: "d·1e5 + k",
    optimizer: `GD-equivalent flow: ${GD_WARMUP_EPOCHS} exact GD steps, then GD's modified equation ∇L + (η/2)H∇L by Runge–Kutta–Chebyshev in log time (train/run.ts)`,
    epochs: t.epochs,
    t_max: t.lr * t.epochs,
    rtol: flowTolerance({ ...defaultRunConfig, optimizer: "flow" }),
    checkpoints_per_decade: PER_DECADE,
    test_points: "none: exact population metrics (SPEC §2)",
    prediction: "experiments/drawTheory.ts: separability by Newton/LP, margin by the active-set SVM (theory/svm.ts)",
  };
}

/** Stated (paper), revealed (its axes) and chosen (this project) parameters of the panels computed. */
export function rightParameters({ top, trained }: RightResult): FigureParameters {
  const t = topParameters(top.sweep);
  if (!trained) return { stated: { top: t.stated }, chosen: { top: t.chosen } };
  return {
    stated: {
      top: t.stated,
      mid_bottom: { N: 400, d: PAPER_TRAIN_DS, draws: 100, grokking_threshold: "accuracy 0.9" },
      from_fig1_left: { sigma: 5, s0: 0.1, b0: 0, loss: "logistic" },
    },
    revealed: { mid_bottom: FIG1_RIGHT_REVEALED },
    chosen: { top: t.chosen, mid_bottom: trainChosen(trained.sweep) },
  };
}

/** What a reader of the top panel must know about this size, with the spread of ‖S_∞‖ over draws measured. */
function topNotes(size: string, { sweep: s, points, draws }: TopResult): string[] {
  const table = points
    .map(
      (p) => `d=${p.d}: ${p.norm.mean.toFixed(3)} ± ${p.norm.se.toFixed(3)} (${p.inseparable}/${p.draws} inseparable)`,
    )
    .join("; ");
  const sd = (p: SinfPoint) => p.norm.se * Math.sqrt(p.norm.count);
  const { steps } = pairedSteps(draws, sInfNorm);
  // independent draws per d that would resolve a step (2 SE of the difference): n ≥ 8·sd²/diff²
  const near = steps.filter((x) => x.from >= 1170);
  const need = near.map((x) => {
    const a = points.find((p) => p.d === x.from) as SinfPoint;
    const b = points.find((p) => p.d === x.to) as SinfPoint;
    const spread = Math.hypot(sd(a), sd(b)) / Math.SQRT2;
    return `${x.from}→${x.to}: sd ${spread.toFixed(1)}, Δ ${x.diff.toFixed(2)} ± ${x.se.toFixed(2)} paired, ${Math.ceil((8 * spread ** 2) / x.diff ** 2)} independent draws`;
  });
  const lenient = s.lenient
    ? [
        `red series: ${lenientSeries(s.lenient)} from S = 0, bias-free, on the same draws (experiments/lenientSeparability.ts); a draw is "inseparable" when ‖S‖ stays below the threshold, and its final ‖S‖ is averaged. Called inseparable: ${points.map((p) => `d=${p.d} ${p.lenient?.inseparable}/${p.draws} (Wendel ${(p.wendelInseparable * p.draws).toFixed(1)})`).join(", ")}`,
      ]
    : [];
  return [
    `size ${size}: top panel N = ${s.n}, σ = ${s.sigma}, ${s.ds.length} of the paper's 17 d, ${s.draws} draws (paper: 15000 per d); separable draws are discarded as in the paper`,
    `nested draws: draw k is one N × ${Math.max(...s.ds)} Gaussian draw and each d uses its first d coordinates, so each d's mean is that of ${s.draws} independent draws at that d while neighbouring d are correlated; the monotonicity check uses paired (jackknife) SEs; each solve is warm-started from the previous d's S_∞, and once a draw is separable every larger d is (no solve)`,
    `mean ‖S_∞‖ ± SE (inseparable/total draws): ${table}`,
    `spread near the edge (sd of ‖S_∞‖ over draws; independent draws per d needed to resolve each step at 2 SE, as the paper's 15000 would): ${need.join("; ")}`,
    ...lenient,
  ];
}

/** What a reader of the mid and bottom panels must know. */
function trainNotes(t: TrainSweep, draws: readonly TrainDraw[]): string[] {
  const notOk = draws.filter((r) => r.status !== "ok").length;
  const crossed = draws.filter((r) => r.grok !== null).length;
  return [
    `mid/bottom: N = ${t.n}, σ = ${t.sigma}, ${t.ds.length} of the paper's 22 d, ${t.draws} draws per d (paper: 100); η = ${t.lr} and ${t.epochs.toExponential(0)} epochs are revealed by the paper's axes (SPEC §6), not stated`,
    `"final" = the end of ${t.epochs.toExponential(0)} epochs by the GD-equivalent flow (${GD_WARMUP_EPOCHS} exact GD steps, then GD's modified equation); ${GD_STABILITY_NOTE}`,
    `the dashed prediction is the t → ∞ limit; near λ = ½⁻ a run of ${t.epochs.toExponential(0)} epochs has not reached it (that lag is the grokking delay), and separable draws approach it from below like 1/log t`,
    `grokking time: ${crossed} of ${draws.length} runs crossed 0.9 in both metrics within the run; the others (separable draws whose limit is < 0.9, or inseparable ones slower than the run) are not drawn`,
    ...(notOk ? [`${notOk} flow runs did not finish cleanly (status ≠ ok)`] : []),
  ];
}

/** The notes of the panels computed: the top panel's, then the mid and bottom panels'. */
export function rightNotes({ size, top, trained }: RightResult): string[] {
  return [...topNotes(size, top), ...(trained ? trainNotes(trained.sweep, trained.draws) : [])];
}
