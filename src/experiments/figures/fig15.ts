/**
 * Fig. 15 (SPEC §6, §1 "Other variants"): grokking with other symmetric input distributions at N = 400, d = 180:
 * isotropic Gaussian (σ = 5), a power-law covariance spectrum (α = 1.5, trace σ²·d with σ = 10), and a per-coordinate
 * two-Gaussian mixture (±1, std 0.25, scaled by 5).
 */

import { groksClaims, variantRecipe } from "./variantFigure.js";

const LAMBDA = 180 / 400;

export const fig15 = variantRecipe({
  id: "15",
  title: "other input distributions (isotropic, power-law spectrum, mixture): grokking near λ = ½ persists",
  paperN: 400,
  sizes: {
    smoke: { n: 100, epochs: 400, seeds: 2, testSize: 200 },
    // 6·10^4 epochs: the length the paper's axis shows for the isotropic and mixture columns (SPEC §6)
    laptop: { n: 400, epochs: 60_000, seeds: 8, testSize: 10_000 },
    paper: { n: 400, epochs: 60_000, seeds: 24, testSize: 10_000 },
  },
  columns: [
    { label: "isotropic, σ = 5", lambda: LAMBDA, change: { sigma: 5 } },
    {
      label: "power law α = 1.5, σ = 10",
      lambda: LAMBDA,
      // 6·10^5 epochs: the length the paper's axis shows for this column (SPEC §6)
      change: { distribution: "powerlaw", alpha: 1.5, sigma: 10, epochs: 600_000 },
    },
    {
      label: "mixture ±1, std 0.25, ×5",
      lambda: LAMBDA,
      change: { distribution: "mixture", mixMean: 1, mixStd: 0.25, sigma: 5 },
    },
  ],
  stated: {
    N: 400,
    d: 180,
    isotropic: { sigma: 5 },
    powerlaw: { alpha: 1.5, sigma: 10 },
    mixture: { m: 1, s: 0.25, scale: 5 },
  },
  chosen: { "as Fig. 1": "η = 0.01, ‖S_0‖ = 0.1, b_0 = 0, logistic, GD" },
  revealed: { epochs: { isotropic: 60_000, mixture: 60_000, powerlaw: 600_000 }, evidence: "the paper's x axes" },
  describe: (c) =>
    `N = ${c.n}, d = 180, η = ${c.lr}, ‖S_0‖ = ${c.s0}, b_0 = ${c.b0}, ${c.loss} loss, GD; one column per distribution`,
  // Wendel's theorem holds for every symmetric distribution, so all three draws are (almost surely) inseparable at
  // λ = 0.45 and generalize in the end, each after memorising: the paper's claim, column by column
  checks: ([iso, power, mix]) => [
    ...groksClaims(iso, { epoch: 1000, below: 0.8 }),
    ...groksClaims(power, { epoch: 1000, below: 0.8 }),
    ...groksClaims(mix, { epoch: 1000, below: 0.8 }),
  ],
  notes: [
    "mixture: the logistic population loss has no exact formula here (the accuracy is exact, SPEC §2 by Gil-Pelaez inversion), so its loss row shows the held-out test-set loss (orange)",
    "power law: the covariance's trace is σ²·d (SPEC §1, corrected from σ·d, which the paper's curves do not fit)",
    "run lengths as the paper's axes show them: 6·10^4 epochs for the isotropic and mixture columns, 6·10^5 for the power law",
    "power law: its top variance σ²d/Σk^−α ≈ 7.3·10^3 puts GD at η = 0.01 beyond its stability limit (η < 8/λ_1 ≈ 1.1·10^-3 while the loss is near its start), so the first ~10^3 epochs oscillate until the logistic loss saturates that direction; the paper's σ‖S‖ ≈ 0.99 at t = 1 suggests a smaller step there (unstated)",
  ],
});
