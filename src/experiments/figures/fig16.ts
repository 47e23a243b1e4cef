/**
 * Fig. 16 (SPEC §6, §1): discriminative labels at λ = 0.48 — label −1 iff x_1 > μ_r, so that a fraction r of the points
 * is labelled −1 (r = 1 is the constant-label model); population metrics against the true labelling.
 */

import { fig1VariantSizes } from "./fig1Sizes.js";
import { groksClaims, variantRecipe } from "./variantFigure.js";

export const fig16 = variantRecipe({
  id: "16",
  title: "discriminative labels (fraction r labelled −1) at λ = 0.48",
  paperN: 40000,
  sizes: fig1VariantSizes(300_000),
  columns: [1, 0.99, 0.95].map((r) => ({ label: `r = ${r}`, lambda: 0.48, change: { labelFraction: r } })),
  stated: { lambda: 0.48, r: [1, 0.99, 0.95], "as Fig. 1": "σ = 5, η = 0.01, ‖S_0‖ = 0.1, b_0 = 0, logistic, GD" },
  notes: [
    "r < 1: the logistic population loss has no exact formula for these labels (the accuracy is exact), so the loss row shows the held-out test-set loss (orange, 10^4 points; none at the paper's size, which has no test set)",
  ],
  describe: (c) =>
    `λ = 0.48, σ = ${c.sigma}, η = ${c.lr}, ‖S_0‖ = ${c.s0}, b_0 = ${c.b0}, ${c.loss} loss, GD; one column per r`,
  checks: (cols) => cols.flatMap((c) => groksClaims(c, { epoch: 1000, below: 0.75 })),
});
