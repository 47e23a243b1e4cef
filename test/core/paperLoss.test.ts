import { describe, expect, it } from "vitest";
import { FLOAT32_SIGMOID_SATURATES, float32BceLoss, float32BcePopulationLoss } from "../../src/core/paperLoss.js";
import { populationLoss } from "../../src/core/population.js";
import { normalStream } from "../../src/core/rng.js";

const softplusOracle = (z: number) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));

describe("the paper's float32 BCELoss (SPEC §6)", () => {
  it("saturates at 100 from f = 24 ln 2 on, and is softplus to float32 precision well below", () => {
    expect(float32BceLoss(FLOAT32_SIGMOID_SATURATES + 1e-6)).toBe(100);
    expect(float32BceLoss(40)).toBe(100);
    // just below, 1 − p is the smallest float32 step below 1 (2^−24 or 2^−23): a loss near 16, not 100
    expect(float32BceLoss(FLOAT32_SIGMOID_SATURATES - 0.01)).toBeLessThan(17);
    for (const f of [-12, -3, -0.5, 0, 0.5, 3, 8]) {
      // float32 rounds p and 1 − p by up to 2^−24 absolute, which moves log(1 − p) by 2^−24/(1 − p) ≈ 6e-8·(1 + e^f),
      // and the result by float32's relative 1.2e-7 (absolute, not relative: for f ≪ 0 the loss e^f is below the step)
      const tol = 1.2e-7 * (1 + Math.exp(f)) + 1.2e-7 * softplusOracle(f);
      expect(Math.abs(float32BceLoss(f) - softplusOracle(f))).toBeLessThan(tol);
    }
  });

  it("is the exact population loss where no point saturates", () => {
    for (const [b, a] of [
      [-2, 1],
      [-8, 0.5],
    ]) {
      // z ≥ 16.6 lies ≥ 18 standard deviations out: its weight is below e^{−160}
      expect(float32BcePopulationLoss(b, a)).toBe(populationLoss("logistic", b, a));
    }
    expect(float32BcePopulationLoss(20, 0)).toBe(100);
  });

  it("matches a Monte Carlo mean of the float32 loss where many points saturate", () => {
    const normal = normalStream(17, 3);
    const n = 200_000;
    for (const [b, a] of [
      [-5, 10], // the SPEC's Fig. 1 λ = 0.52 end: exact ≈ 2, the paper's ≈ 3
      [-3, 8],
    ]) {
      let sum = 0;
      let sum2 = 0;
      let nearSaturation = 0;
      for (let k = 0; k < n; k++) {
        const z = b + a * normal();
        const l = float32BceLoss(z);
        sum += l;
        sum2 += l * l;
        if (z > 14 && z < FLOAT32_SIGMOID_SATURATES) nearSaturation++;
      }
      const mc = sum / n;
      const se = Math.sqrt((sum2 / n - mc * mc) / n);
      // sampling error (4 SE) plus the rounding the formula leaves out: < log 2 per point for 14 < z < 16.6, and
      // < 8 % of a loss below 16.6 elsewhere only where z > 11 (absorbed: it is the same band's tail)
      const bias = Math.LN2 * (nearSaturation / n) + 0.01;
      expect(Math.abs(float32BcePopulationLoss(b, a) - mc)).toBeLessThan(4 * se + bias);
      expect(float32BcePopulationLoss(b, a)).toBeGreaterThan(populationLoss("logistic", b, a) + 0.1);
    }
  });
});
