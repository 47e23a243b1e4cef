/** Fig. 11 (SPEC §6): the Fig. 1 panels trained by Adam with PyTorch's defaults, σ = 1, ~3e4 epochs. */

import { adamDefaults } from "../../train/adam.js";
import { fig1VariantSizes } from "./fig1Sizes.js";
import { accuracyClaim, groksClaims, memorisesClaim, variantRecipe } from "./variantFigure.js";

/** PyTorch's default Adam learning rate; the paper says "PyTorch defaults" and no η. */
const ADAM_LR = 1e-3;

export const fig11 = variantRecipe({
  id: "11",
  title: "Adam (PyTorch defaults) at σ = 1: grokking at λ = 0.48 as with GD",
  paperN: 40000,
  sizes: fig1VariantSizes(30_000),
  base: { optimizer: "adam", sigma: 1, lr: ADAM_LR, ...adamDefaults },
  columns: [0.05, 0.48, 0.52].map((lambda) => ({ label: `λ = ${lambda}`, lambda })),
  stated: {
    optimizer: "Adam, PyTorch defaults (β = (0.9, 0.999), ε = 1e-8)",
    sigma: 1,
    lambda: [0.05, 0.48, 0.52],
    epochs: "~3e4",
  },
  chosen: { lr: ADAM_LR },
  notes: [`η = ${ADAM_LR} is PyTorch's default Adam learning rate (the paper states no η for this figure)`],
  describe: (c) =>
    `Adam (β = ${c.beta1}, ${c.beta2}; ε = ${c.eps}; η = ${c.lr}), σ = ${c.sigma}, ‖S_0‖ = ${c.s0}, b_0 = ${c.b0}`,
  checks: ([easy, edge, sep]) => [
    accuracyClaim(easy, 2000, ">", 0.95),
    ...groksClaims(edge, { epoch: 1000, below: 0.75 }),
    memorisesClaim(sep),
    accuracyClaim(sep, Number.POSITIVE_INFINITY, "<", 0.8),
  ],
});
