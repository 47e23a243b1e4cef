/** Sizes shared by the Fig. 1-panel variants (Figs. 10–14, 16): the paper's N = 40000, a laptop N = 400. */

import type { FigureSize } from "./recipe.js";
import type { VariantSize } from "./variantFigure.js";

/**
 * Sizes for a variant trained for `epochs` epochs: smoke (seconds), laptop (N = 400, 8 seeds), paper (N = 40000, one
 * draw per column, the GD-equivalent flow on X in float32).
 */
export function fig1VariantSizes(epochs: number): Record<FigureSize, VariantSize> {
  return {
    smoke: { n: 100, epochs: Math.min(epochs, 400), seeds: 2, testSize: 200 },
    laptop: { n: 400, epochs, seeds: 8, testSize: 10_000 },
    // one X of 3 GB at a time by the GD-equivalent flow (as Fig. 1 left at --size paper); no test set (exact metrics)
    paper: { n: 40000, epochs, seeds: 1, testSize: 0, optimizer: "flow", precision: "f32" },
  };
}
