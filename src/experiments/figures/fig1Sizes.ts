/** Sizes shared by the Fig. 1-panel variants (Figs. 10–14, 16): the paper's N = 40000, a laptop N = 2000. */

import type { FigureSize } from "./recipe.js";
import type { VariantSize } from "./variantFigure.js";

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
