import { describe, expect, it } from "vitest";
import { normalStream, Stream } from "../../../../src/core/rng.js";
import { asCheckpoint } from "../../../../src/experiments/figures/fig04/columns.js";
import { gradientDescent } from "../../../../src/train/gd.js";
import {
  constantLabelReduction,
  FIG4_PARAMS,
  trainTwoGaussian,
  twoGaussianDataset,
  twoGaussianInit,
} from "../../../../src/train/twoGaussian.js";

const { mu, sigmaB, lr } = FIG4_PARAMS;

describe("Fig. 4 panels in constant-label terms (SPEC §1 reduction)", () => {
  it("at σ_A = 0, σ‖S‖ and b of the panels equal those of GD on the reduced constant-label data (1e-10 relative)", () => {
    const n = 80;
    const d = 32;
    const p = { mu, sigmaA: 0, sigmaB };
    const train = twoGaussianDataset(normalStream(0, 0, Stream.train), n, d, p);
    const w0 = twoGaussianInit(normalStream(0, 0, Stream.init), d, mu);
    const two = trainTwoGaussian(train, w0, p, { lr, epochs: 2000, perDecade: 5 });
    // the oracle: Fig. 1's model on x̃ = −y x_{2..}/μ with σ = σ_B/μ, S_0 = μw_{2..}, b_0 = μw_1, η → ημ²
    const one = gradientDescent(
      constantLabelReduction(train, mu),
      null,
      w0.slice(1).map((v) => mu * v),
      mu * w0[0],
      {
        lr: lr * mu * mu,
        epochs: 2000,
        loss: "logistic",
        sigma: sigmaB / mu,
        perDecade: 5,
        accThreshold: 0.9,
        lossThreshold: 0.01,
      },
    );
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
    two.checkpoints.forEach((c, i) => {
      const mapped = asCheckpoint(c, p);
      const ref = one.checkpoints[i];
      expect(mapped.epoch).toBe(ref.epoch);
      // same arithmetic up to summation order and the division by μ: a few ulp per step (twoGaussian.test.ts)
      expect(rel(mapped.sigma_norm_s, ref.sigma_norm_s)).toBeLessThan(1e-10);
      expect(rel(mapped.b, ref.b)).toBeLessThan(1e-10);
      expect(rel(mapped.pop_acc, ref.pop_acc)).toBeLessThan(1e-10);
    });
  });
});
