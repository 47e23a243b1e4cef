/**
 * The sizes of Fig. 1 (SPEC §6), declared once: the left grid's N, epochs, seeds and dynamics per size, the right
 * panels' training sweep with the parameters the paper's axes reveal, and the sizes shared by the Fig. 1-panel
 * variants (Figs. 10–14, 16: the paper's N = 40000, a laptop N = 2000). The S_∞ sweep's sizes sit with its draws
 * (sinfDraws.ts), which Figs. 6 and 7 share.
 */

import type { RunConfig } from "../../../config/run.js";
import type { FigureSize } from "../recipe.js";
import type { VariantSize } from "../variantFigure.js";

/** λ = d/N of the left grid's three columns. */
export const FIG1_LAMBDAS = [0.05, 0.48, 0.52] as const;

export const FIG1_PAPER_N = 40000;

/**
 * N, epochs, seeds, test points, dynamics and X storage per size; σ = 5, η = 0.01, ‖S_0‖ = 0.1, b_0 = 0 as in the
 * paper. The paper's size runs the gradient flow (RKC in log time: ~800 passes instead of 3·10^5 GD steps; within
 * 10^-3 of exact GD, README "Gradient flow") on X stored in float32, one draw per λ, and no test set (the population
 * metrics are exact; a 10^4 × 19200 test set would add 1.5 GB).
 */
export const FIG1_SIZES = {
  smoke: { n: 100, epochs: 400, seeds: 2, testSize: 200, optimizer: "gd", precision: "f64" },
  laptop: { n: 400, epochs: 300_000, seeds: 24, testSize: 10_000, optimizer: "gd", precision: "f64" },
  // the flow's own step control only: the error-estimate rerun would cost 40–80 % more passes over X
  paper: {
    n: FIG1_PAPER_N,
    epochs: 300_000,
    seeds: 1,
    testSize: 0,
    optimizer: "flow",
    precision: "f32",
    errorEstimate: "off",
  },
} as const satisfies Record<
  FigureSize,
  Pick<RunConfig, "n" | "epochs" | "testSize" | "optimizer" | "precision"> &
    Partial<Pick<RunConfig, "errorEstimate">> & { seeds: number }
>;

/** The training sweep of the right mid and bottom panels. */
export interface TrainSweep {
  n: number;
  sigma: number;
  lr: number;
  ds: readonly number[];
  draws: number;
  /** GD epochs of a run (the flow's horizon is t = η·epochs) */
  epochs: number;
  seed: number;
}

/** The paper's d of the right mid and bottom panels (N = 400). */
export const PAPER_TRAIN_DS = [
  20, 40, 80, 100, 120, 140, 160, 168, 180, 188, 192, 196, 200, 208, 220, 228, 240, 260, 280, 300, 320, 360,
] as const;
/** Seed of the N = 400 training draws (chosen). */
const TRAIN_SEED = 1;
/** η revealed by the paper's axes (SPEC §6). */
const ETA_REVEALED = 0.1;
/** Epochs of a run: the paper's "final" is the end of a ≈ 3·10^5-epoch run (SPEC §6). */
const EPOCHS = 3e5;
/** Checkpoints per decade of epochs: the crossings are located on the flow's dense output, not on this grid. */
export const PER_DECADE = 4;

/** The revealed parameters of the mid and bottom panels, with their evidence (FigureParameters.revealed). */
export const FIG1_RIGHT_REVEALED = {
  lr: ETA_REVEALED,
  lr_evidence:
    "the paper's grokking times at λ ≤ 0.35 are a constant ≈ 9× shorter than η = 0.01 gives (SPEC §6); at η = 0.1 ours at λ = 0.05 is a few epochs, the paper's ≈ 2.6",
  epochs: EPOCHS,
  epochs_evidence:
    "the paper's final accuracy near λ = ½⁻ is read at the end of a finite run of ≈ 3·10^5 epochs (SPEC §6), not at t → ∞",
};

/**
 * Laptop: the paper's N = 400, σ = 5 at the revealed η = 0.1 and 3·10^5 epochs, on 14 of its 22 d (denser near
 * λ = ½) with 6 draws each.
 */
export const TRAIN_SIZES: Record<FigureSize, TrainSweep> = {
  smoke: { n: 40, sigma: 5, lr: ETA_REVEALED, ds: [4, 12, 18, 22, 28], draws: 2, epochs: 1e4, seed: TRAIN_SEED },
  laptop: {
    n: 400,
    sigma: 5,
    lr: ETA_REVEALED,
    ds: [20, 80, 140, 168, 180, 188, 192, 196, 200, 208, 220, 240, 280, 360],
    draws: 6,
    epochs: EPOCHS,
    seed: TRAIN_SEED,
  },
  paper: { n: 400, sigma: 5, lr: ETA_REVEALED, ds: PAPER_TRAIN_DS, draws: 100, epochs: EPOCHS, seed: TRAIN_SEED },
};

/**
 * Sizes for a variant trained for `epochs` epochs: smoke (seconds), laptop (N = 2000, 16 seeds), paper (N = 40000,
 * one draw per column), both by the GD-equivalent flow. At N = 400, λ = 0.48 sits 0.8 Wendel widths below the edge:
 * a fifth of the draws are separable and most inseparable ones have not grokked by 3·10^5 epochs (final population
 * accuracy 0.88 in the mean over 15 draws, 0.69–0.99); at N = 2000 it is 1.8 widths below (P(separable) = 0.04) and
 * the mean ends at 0.93, as the paper's N = 40000 does. The draws' spread (sd ≈ 0.04, from σ‖S_∞‖'s, which does
 * not shrink with N) needs 16 seeds to tell a mean of 0.93 from 0.9 at 2 standard errors.
 */
export function fig1VariantSizes(epochs: number): Record<FigureSize, VariantSize> {
  return {
    smoke: { n: 100, epochs: Math.min(epochs, 400), seeds: 2, testSize: 200 },
    // ~10 s a run on one core; the 10^4-point test set is the paper's (its float32 / finite-sample loss overlays)
    laptop: { n: 2000, epochs, seeds: 16, testSize: 10_000, optimizer: "flow" },
    // one X of 3 GB at a time by the GD-equivalent flow (as Fig. 1 left at --size paper); no test set (exact metrics)
    paper: { n: 40000, epochs, seeds: 1, testSize: 0, optimizer: "flow", precision: "f32" },
  };
}

/**
 * Sizes for the Adam variant (Fig. 11): Adam has no flow, so every epoch is a pass; the laptop keeps N = 400 and the
 * paper's size (one epoch ≈ 0.3–0.85 s at N = 40000 here) is a job for sweep workers. At N = 400 a fifth of the
 * λ = 0.48 draws and four fifths of the λ = 0.52 ones are separable, so the laptop's draws are stratified by
 * separability in Wendel's proportion, as Fig. 1 left's (with consecutive draws the λ = 0.52 column ended at
 * 0.83 ± 0.04 over 8 draws, its few inseparable draws near 0.95).
 */
export function adamVariantSizes(epochs: number): Record<FigureSize, VariantSize> {
  return {
    smoke: { n: 100, epochs: Math.min(epochs, 400), seeds: 2, testSize: 200 },
    laptop: { n: 400, epochs, seeds: 8, testSize: 10_000, stratify: true },
    paper: { n: 40000, epochs, seeds: 1, testSize: 0, precision: "f32" },
  };
}
