/** Sizes shared by the Fig. 1-panel variants (Figs. 10–14, 16): the paper's N = 40000, a laptop N = 400. */

import type { FigureSize } from "./recipe.js";
import type { VariantSize } from "./variantFigure.js";

/** Sizes for a variant trained for `epochs` epochs: smoke (seconds), laptop (N = 400, 8 seeds), paper (N = 40000). */
export function fig1VariantSizes(epochs: number): Record<FigureSize, VariantSize> {
  return {
    smoke: { n: 100, epochs: Math.min(epochs, 400), seeds: 2, testSize: 200 },
    laptop: { n: 400, epochs, seeds: 8, testSize: 10_000 },
    paper: { n: 40000, epochs, seeds: 3, testSize: 10_000 },
  };
}
