/** Fig. 10 (SPEC §6, §3.7): the Fig. 1 panels at λ = 0.48 for σ ∈ {1, 5, 10}; σ multiplies the learning rate of S. */

import { fig1VariantSizes } from "./fig01/sizes.js";
import { aboveClaim, accuracyClaim, groksClaims, variantRecipe } from "./variantFigure.js";

export const fig10 = variantRecipe({
  id: "10",
  title: "σ ∈ {1, 5, 10} at λ = 0.48: larger σ separates memorization from generalization",
  paperN: 40000,
  sizes: fig1VariantSizes(300_000),
  columns: [1, 5, 10].map((sigma) => ({ label: `σ = ${sigma}`, lambda: 0.48, change: { sigma } })),
  stated: { lambda: 0.48, sigma: [1, 5, 10], "as Fig. 1": "η = 0.01, ‖S_0‖ = 0.1, b_0 = 0, logistic, GD" },
  // σ‖S‖ and b scale with σ: a shared y scale would flatten the σ = 1 column
  independentY: true,
  describe: (c) => `λ = 0.48, η = ${c.lr}, ‖S_0‖ = ${c.s0}, b_0 = ${c.b0}, ${c.loss} loss, GD; one column per σ`,
  // σ = 1: S is slow, b and S move together and there is no delay; larger σ: memorize first, generalize late (§3.7)
  checks: ([s1, s5, s10]) => [
    accuracyClaim(s1, 1000, ">", 0.95),
    ...groksClaims(s5, { epoch: 1000, below: 0.75 }),
    accuracyClaim(s5, Number.POSITIVE_INFINITY, ">", 0.9),
    ...groksClaims(s10, { epoch: 1000, below: 0.75 }),
    aboveClaim(s1, s5, 1000),
    aboveClaim(s5, s10, 1000),
  ],
});
