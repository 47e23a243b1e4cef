/** Fig. 12 (SPEC §6): the Fig. 1 panels at λ = 0.48 for ‖S_0‖ ∈ {0.1, 1, 2}. */

import { fig1VariantSizes } from "./fig1Sizes.js";
import { groksClaims, sameEndClaim, variantRecipe } from "./variantFigure.js";

export const fig12 = variantRecipe({
  id: "12",
  title: "‖S_0‖ ∈ {0.1, 1, 2} at λ = 0.48: grokking does not depend on the initial norm",
  paperN: 40000,
  sizes: fig1VariantSizes(300_000),
  columns: [0.1, 1, 2].map((s0) => ({ label: `‖S_0‖ = ${s0}`, lambda: 0.48, change: { s0 } })),
  stated: { lambda: 0.48, s0: [0.1, 1, 2], "as Fig. 1": "σ = 5, η = 0.01, b_0 = 0, logistic, GD" },
  describe: (c) => `λ = 0.48, σ = ${c.sigma}, η = ${c.lr}, b_0 = ${c.b0}, ${c.loss} loss, GD; one column per ‖S_0‖`,
  checks: (cols) => [
    ...cols.flatMap((c) => groksClaims(c, { epoch: 1000, below: 0.75 })),
    ...cols.slice(1).map((c) => sameEndClaim(c, cols[0], 0.02)),
  ],
});
