/** Fig. 14 (SPEC §6): Fig. 1 left with the exponential loss throughout. */

import { fig1VariantSizes } from "./fig01/sizes.js";
import { accuracyClaim, groksClaims, memorisesClaim, variantRecipe } from "./variantFigure.js";

export const fig14 = variantRecipe({
  id: "14",
  title: "the exponential loss: the same grokking at λ = 0.48 as with the logistic loss",
  paperN: 40000,
  sizes: fig1VariantSizes(300_000),
  base: { loss: "exp" },
  columns: [0.05, 0.48, 0.52].map((lambda) => ({ label: `λ = ${lambda}`, lambda })),
  stated: { loss: "exp", lambda: [0.05, 0.48, 0.52], "as Fig. 1": "σ = 5, η = 0.01, ‖S_0‖ = 0.1, b_0 = 0, GD" },
  describe: (c) =>
    `exponential loss, σ = ${c.sigma}, η = ${c.lr}, ‖S_0‖ = ${c.s0}, b_0 = ${c.b0}, GD; one column per λ`,
  checks: ([easy, edge, sep]) => [
    accuracyClaim(easy, 1000, ">", 0.95),
    ...groksClaims(edge, { epoch: 1000, below: 0.75 }),
    accuracyClaim(edge, Number.POSITIVE_INFINITY, ">", 0.9),
    memorisesClaim(sep),
    accuracyClaim(sep, Number.POSITIVE_INFINITY, "<", 0.9),
  ],
});
