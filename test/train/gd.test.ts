import { describe, expect, it } from "vitest";
import { defaultRunConfig } from "../../src/config/run.js";
import { type GDOptions, gradientDescent } from "../../src/train/gd.js";
import { runTraining } from "../../src/train/run.js";

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const softplus = (z: number) => Math.log1p(Math.exp(z)); // safe for the O(1) logits used here

const opts = (over: Partial<GDOptions> = {}): GDOptions => ({
  lr: 0.1,
  epochs: 1,
  loss: "logistic",
  sigma: 1,
  perDecade: 10,
  accThreshold: 0.9,
  lossThreshold: 0.01,
  ...over,
});

describe("gd: full-batch gradient descent on the constant-label model", () => {
  // N = 2, d = 1: x = (1, −2), S0 = 0.5, b0 = 0.1, η = 0.1, logistic loss
  const train = { X: new Float64Array([1, -2]), n: 2, d: 1 };
  const x = [1, -2];
  const S0 = 0.5;
  const b0 = 0.1;
  const lr = 0.1;

  it("one GD step equals the hand-computed S1 = S0 − η·mean(p_i x_i), b1 = b0 − η·mean(p_i), p_i = σ(S0 x_i + b0)", () => {
    const p = x.map((xi) => sigmoid(S0 * xi + b0));
    const S1 = S0 - lr * ((p[0] * x[0] + p[1] * x[1]) / 2);
    const b1 = b0 - lr * ((p[0] + p[1]) / 2);
    const r = gradientDescent(train, null, new Float64Array([S0]), b0, opts({ lr }));
    // float error: a handful of roundings in sigmoid, the mean and the update, relative to S1 ≈ 0.497, b1 ≈ 0.053
    expect(relErr(r.S[0], S1)).toBeLessThan(1e-15);
    expect(relErr(r.b, b1)).toBeLessThan(1e-15);
    expect(r.epochsRun).toBe(1);
    expect(r.gradientEvaluations).toBe(2);
    expect(r.diverged).toBe(false);
  });

  it("the checkpoint at epoch 0 records the initial state and the one at epoch 1 the stepped state", () => {
    const sigma = 2;
    const r = gradientDescent(train, null, new Float64Array([S0]), b0, opts({ lr, sigma }));
    expect(r.checkpoints.map((c) => c.epoch)).toEqual([0, 1]);
    const [c0, c1] = r.checkpoints;
    const p = x.map((xi) => sigmoid(S0 * xi + b0));
    const S1 = S0 - lr * ((p[0] * x[0] + p[1] * x[1]) / 2);
    const b1 = b0 - lr * ((p[0] + p[1]) / 2);
    expect(c0.b).toBe(b0);
    expect(c0.norm_s).toBe(S0);
    expect(c0.sigma_norm_s).toBe(sigma * S0);
    expect(c0.t).toBe(0);
    // float error: the loss goes through log/exp (logLoss) and a mean of 2 terms, a few ulp
    expect(relErr(c0.train_loss, (softplus(S0 * x[0] + b0) + softplus(S0 * x[1] + b0)) / 2)).toBeLessThan(1e-14);
    expect(c0.train_acc).toBe(0.5); // z = 0.6 (wrong), −0.9 (right)
    expect(relErr(c0.log10_train_loss, Math.log10(c0.train_loss))).toBeLessThan(1e-14);
    expect(c0.b_over_sigma_norm_s).toBe(b0 / (sigma * S0));
    expect(c0.test_loss).toBeNull();
    expect(c0.test_acc).toBeNull();
    // float error: as in the one-step test
    expect(relErr(c1.b, b1)).toBeLessThan(1e-15);
    expect(relErr(c1.norm_s, S1)).toBeLessThan(1e-15);
    expect(relErr(c1.t, lr)).toBeLessThan(1e-15);
    expect(relErr(c1.train_loss, (softplus(S1 * x[0] + b1) + softplus(S1 * x[1] + b1)) / 2)).toBeLessThan(1e-14);
    expect(c1.sigma_norm_s).toBe(sigma * c1.norm_s);
    // population accuracy ½(1 − erf(y)), y = b/(√2 σ|S|) ≈ 0.038, against the Maclaurin series of erf
    // (terms fall by y² ≈ 1e-3 each, 10 terms: truncation < 1e-30); float error a few ulp
    const y = c1.b / (Math.SQRT2 * c1.sigma_norm_s);
    let erf = 0;
    let term = y; // y^{2k+1}(−1)^k / k!
    for (let k = 0; k < 10; k++) {
      erf += term / (2 * k + 1);
      term *= (-y * y) / (k + 1);
    }
    erf *= 2 / Math.sqrt(Math.PI);
    expect(relErr(c1.pop_acc, 0.5 * (1 - erf))).toBeLessThan(1e-15);
    expect(c0.pop_acc).toBeLessThan(0.5); // b0 > 0: more than half of fresh points are misclassified
  });

  it("GD decreases the training loss step by step at a small learning rate (descent lemma)", () => {
    const r = gradientDescent(train, null, new Float64Array([S0]), b0, opts({ lr, epochs: 100, perDecade: 1000 }));
    const losses = r.checkpoints.map((c) => c.train_loss);
    expect(losses.length).toBe(101);
    // theory: the Hessian is mean σ'(z_i)(x_i,1)(x_i,1)ᵀ with σ' ≤ ¼, so L is smooth with constant ≤ ¼·mean(x²+1)
    // = 0.875; η = 0.1 < 2/0.875, so every step strictly decreases L (descent lemma)
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThan(losses[i - 1]);
  });

  it("the exponential loss step uses weights e^{z_i}", () => {
    const w = x.map((xi) => Math.exp(S0 * xi + b0));
    const S1 = S0 - lr * ((w[0] * x[0] + w[1] * x[1]) / 2);
    const b1 = b0 - lr * ((w[0] + w[1]) / 2);
    const r = gradientDescent(train, null, new Float64Array([S0]), b0, opts({ lr, loss: "exp" }));
    // float error: a few roundings relative to O(0.1–1) results
    expect(relErr(r.S[0], S1)).toBeLessThan(1e-15);
    expect(relErr(r.b, b1)).toBeLessThan(1e-14);
  });

  it("records first crossings of the training and population accuracy thresholds (grokking time)", () => {
    const r = runTraining({ ...defaultRunConfig, n: 100, d: 5, epochs: 2000, testSize: 0, perDecade: 5 });
    const acc = r.summary.grokking.accuracy;
    expect(acc.threshold).toBe(defaultRunConfig.accThreshold);
    expect(acc.trainEpoch).not.toBeNull();
    expect(acc.genEpoch).not.toBeNull();
    expect(acc.delayEpochs).toBe((acc.genEpoch as number) - (acc.trainEpoch as number));
    // the crossing epoch is consistent with the checkpoints: no checkpoint before it is past the threshold
    for (const c of r.checkpoints) {
      if (c.epoch < (acc.genEpoch as number)) expect(c.pop_acc).toBeLessThan(acc.threshold);
      if (c.epoch < (acc.trainEpoch as number)) expect(c.train_acc).toBeLessThan(acc.threshold);
    }
    expect(r.summary.grokking.accuracy.definition).toContain("accuracy");
  });

  it("stops and reports a divergence when a step leaves the float64 range (exp loss from b_0 = 1000)", () => {
    // the gradient is ~e^{1000}: finite in log space, but the step η·e^{1000} overflows to −∞ in b
    const r = gradientDescent(train, null, new Float64Array([S0]), 1000, opts({ epochs: 50, loss: "exp" }));
    expect(r.diverged).toBe(true);
    expect(r.epochsRun).toBe(1);
    expect(r.checkpoints.at(-1)?.epoch).toBe(1);
    // logits 1000.5 and 999: log of the mean loss is 1000 + log((e^{0.5} + e^{−1})/2); float error ~1e-16 relative
    const expected = (1000 + Math.log((Math.exp(0.5) + Math.exp(-1)) / 2)) / Math.LN10;
    expect(relErr(r.checkpoints[0].log10_train_loss, expected)).toBeLessThan(1e-14);
  });

  it("is deterministic: runTraining with the same config twice gives identical JSON", () => {
    const config = { ...defaultRunConfig, n: 60, d: 25, epochs: 500, testSize: 200, seed: 3, runIndex: 2 };
    const a = JSON.stringify(runTraining(config));
    const b = JSON.stringify(runTraining({ ...config }));
    expect(a).toBe(b);
    // and a different seed gives a different run
    expect(JSON.stringify(runTraining({ ...config, seed: 4 }))).not.toBe(a);
  });

  it("the test-set size does not change the training data or trajectory (separate streams)", () => {
    const config = { ...defaultRunConfig, n: 50, d: 10, epochs: 200 };
    const a = runTraining({ ...config, testSize: 0 });
    const b = runTraining({ ...config, testSize: 500 });
    expect(b.checkpoints.map((c) => [c.b, c.norm_s, c.train_loss])).toEqual(
      a.checkpoints.map((c) => [c.b, c.norm_s, c.train_loss]),
    );
  });

  it("the empirical test set agrees with the exact population metrics within sampling error", () => {
    const testSize = 20_000;
    const r = runTraining({ ...defaultRunConfig, n: 100, d: 20, epochs: 300, testSize });
    for (const c of r.checkpoints) {
      const p = c.pop_acc;
      // sampling error: binomial SE √(p(1−p)/n_test); 5 SE (several checkpoints, each a different S)
      expect(Math.abs((c.test_acc as number) - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / testSize) + 1e-12);
    }
  });
});
