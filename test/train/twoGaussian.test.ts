import { describe, expect, it } from "vitest";
import { labelledLossGradient } from "../../src/core/distributions.js";
import { normalStream, Stream } from "../../src/core/rng.js";
import { gradientDescent } from "../../src/train/gd.js";
import {
  constantLabelReduction,
  FIG4_PARAMS,
  trainTwoGaussian,
  twoGaussianDataset,
  twoGaussianInit,
  twoGaussianPopulationAccuracy,
  twoGaussianPopulationLogLoss,
} from "../../src/train/twoGaussian.js";

const softplus = (z: number) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));

/** |a − b| relative to max(|a|, |b|), 0 when both are 0. */
function relDiff(a: number, b: number): number {
  const m = Math.max(Math.abs(a), Math.abs(b));
  return m === 0 ? 0 : Math.abs(a - b) / m;
}

/** Fig. 4's μ, σ_B, η at a reduced size: λ = d/N = 0.4 with N = 250, d = 100. */
const { mu, sigmaB, lr } = FIG4_PARAMS;
const N = 250;
const D = 100;

/** Data and initial w of one Fig. 4 cell (seed fixed; σ_A only scales the e_1 noise draws). */
function cell(sigmaA: number, n = N, d = D) {
  const p = { mu, sigmaA, sigmaB };
  const train = twoGaussianDataset(normalStream(4, 0, Stream.train), n, d, p);
  const w0 = twoGaussianInit(normalStream(4, 0, Stream.init), d, mu);
  return { p, train, w0 };
}

describe("two-Gaussian sampler (SPEC §1): classes at ∓μe_1 for y = ±1, noise σ_A along e_1, σ_B elsewhere", () => {
  it("is balanced, centres class y at −yμ e_1, with variances σ_A² and σ_B², all within 5 SE", () => {
    const n = 100_001;
    const d = 4;
    const p = { mu: 0.7, sigmaA: 0.3, sigmaB: 1.5 };
    const { X, y, d: dim } = twoGaussianDataset(normalStream(1, 0, 0), n, d, p);
    expect(dim).toBe(d + 1);
    expect(y.filter((v) => v === -1).length).toBe(50_001); // ⌈N/2⌉ labelled −1
    for (const label of [-1, 1]) {
      const rows = [...y.keys()].filter((i) => y[i] === label);
      const m = rows.length;
      const mean1 = rows.reduce((s, i) => s + X[i * dim], 0) / m;
      expect(Math.abs(mean1 + label * p.mu)).toBeLessThan(5 * (p.sigmaA / Math.sqrt(m)));
      const var1 = rows.reduce((s, i) => s + (X[i * dim] - mean1) ** 2, 0) / (m - 1);
      expect(Math.abs(var1 - p.sigmaA ** 2)).toBeLessThan(5 * p.sigmaA ** 2 * Math.sqrt(2 / m));
      for (let k = 1; k < dim; k++) {
        const mk = rows.reduce((s, i) => s + X[i * dim + k], 0) / m;
        expect(Math.abs(mk)).toBeLessThan(5 * (p.sigmaB / Math.sqrt(m)));
        const vk = rows.reduce((s, i) => s + X[i * dim + k] ** 2, 0) / m;
        expect(Math.abs(vk - p.sigmaB ** 2)).toBeLessThan(5 * p.sigmaB ** 2 * Math.sqrt(2 / m));
      }
    }
  });

  it("with σ_A = 0 puts x_1 = −yμ exactly, and σ_A changes nothing but the e_1 column (common random numbers)", () => {
    const a = cell(0).train;
    const b = cell(0.05).train;
    const dim = D + 1;
    let offAxis = 0;
    let changed = 0;
    for (let i = 0; i < N; i++) {
      if (a.X[i * dim] !== -a.y[i] * mu) offAxis++;
      for (let k = 1; k < dim; k++) if (b.X[i * dim + k] !== a.X[i * dim + k]) changed++;
    }
    expect(offAxis).toBe(0);
    expect(changed).toBe(0);
  });
});

describe("two-Gaussian population metrics: −y w·x ~ N(μ w_1, σ_A² w_1² + σ_B² ‖w_{2..}‖²)", () => {
  it("accuracy ½ erfc(μw_1/(√2v)) and logistic loss agree with 1e6 fresh points within 4 SE", () => {
    const d = 5;
    const p = { mu: 0.2, sigmaA: 0.1, sigmaB: 1 };
    const w = Float64Array.from([-2, 0.1, -0.05, 0.08, 0.02, -0.1]);
    const acc = twoGaussianPopulationAccuracy(w, p);
    const L = Math.exp(twoGaussianPopulationLogLoss("logistic", w, p));
    expect(acc).toBeGreaterThan(0.6); // a non-trivial point
    expect(acc).toBeLessThan(0.95);
    const M = 1_000_000;
    const { X, y } = twoGaussianDataset(normalStream(2, 0, 0), M, d, p);
    let correct = 0;
    let s = 0;
    let ss = 0;
    for (let i = 0; i < M; i++) {
      let z = 0;
      for (let k = 0; k <= d; k++) z += w[k] * X[i * (d + 1) + k];
      if (y[i] * z > 0) correct++;
      const l = softplus(-y[i] * z);
      s += l;
      ss += l * l;
    }
    // balanced classes: the class-mixture accuracy is the same Φ for both classes, so the binomial SE applies
    expect(Math.abs(correct / M - acc)).toBeLessThan(4 * Math.sqrt((acc * (1 - acc)) / M));
    const se = Math.sqrt((ss / M - (s / M) ** 2) / (M - 1));
    expect(Math.abs(s / M - L)).toBeLessThan(4 * se);
  });
});

describe("trainTwoGaussian: bias-free GD w ← w − η∇L, L = mean softplus(−y w·x)", () => {
  it("one step equals w0 − η ∇L from the reference labelled kernel, to 1e-14 relative", () => {
    const { p, train, w0 } = cell(0.05, 40, 6);
    const grad = new Float64Array(7);
    const g = labelledLossGradient(train.X, train.y, 40, 7, w0, 0, "logistic", grad);
    const r = trainTwoGaussian(train, w0, p, { lr, epochs: 1, perDecade: 1, recordWeights: true });
    const w1 = r.checkpoints[1].w!;
    // float: the two kernels sum in different orders; the step is O(η‖∇L‖) ≈ 0.1 against ‖w0‖ = 0.5
    for (let k = 0; k < 7; k++)
      expect(Math.abs(w1[k] - (w0[k] - lr * Math.exp(g.gradLogScale) * grad[k]))).toBeLessThan(1e-14);
    expect(r.checkpoints[0].train_loss).toBeCloseTo(Math.exp(g.logLoss), 14);
    expect(r.checkpoints[0].train_acc).toBe(g.accuracy);
  });
});

describe("σ_A = 0 reduces to the constant-label model (SPEC §1): σ = σ_B/μ, b = μw_1, S = μw_{2..}, η → ημ²", () => {
  it("GD trajectories agree to 1e-10 relative at every checkpoint over 5e3 epochs (Fig. 4 μ, σ_B, η; λ = 0.4)", () => {
    const { p, train, w0 } = cell(0);
    const epochs = FIG4_PARAMS.epochs;
    const two = trainTwoGaussian(train, w0, p, { lr, epochs, perDecade: 10, recordWeights: true });
    const reduced = constantLabelReduction(train, mu);
    const S0 = w0.slice(1).map((v) => mu * v);
    const one = gradientDescent(reduced, null, S0, mu * w0[0], {
      lr: lr * mu * mu,
      epochs,
      loss: "logistic",
      sigma: sigmaB / mu,
      perDecade: 10,
      accThreshold: 0.9,
      lossThreshold: 0.01,
    });
    expect(two.checkpoints.map((c) => c.epoch)).toEqual(one.checkpoints.map((c) => c.epoch));
    // Both runs do the same arithmetic up to summation order and the division by μ in the mapped data: a few ulp
    // per step; GD on this convex loss with ημ²·‖Hessian‖ ≪ 2 does not amplify them. 1e-10 leaves a wide margin.
    let worst = 0;
    two.checkpoints.forEach((c, i) => {
      const o = one.checkpoints[i];
      const diffs = [
        relDiff(mu * c.w1, o.b),
        relDiff(mu * c.norm_rest, o.norm_s),
        relDiff(c.pop_acc, o.pop_acc),
        relDiff(c.pop_loss, o.pop_loss),
        relDiff(c.train_loss, o.train_loss),
      ];
      expect(c.train_acc).toBe(o.train_acc);
      worst = Math.max(worst, ...diffs);
    });
    expect(worst).toBeLessThan(1e-10);
    const wEnd = two.w;
    const sNorm = mu * two.checkpoints[two.checkpoints.length - 1].norm_rest;
    for (let k = 0; k < D; k++) expect(Math.abs(mu * wEnd[k + 1] - one.S[k])).toBeLessThan(1e-10 * sNorm);
    // the run is in the interesting regime: training fits before the population accuracy catches up
    const last = two.checkpoints[two.checkpoints.length - 1];
    expect(last.train_acc).toBe(1);
  });

  it("does not hold for σ_A > 0: the mapping refuses the data and the trajectory departs from σ_A = 0", () => {
    const base = cell(0);
    const noisy = cell(0.1);
    expect(() => constantLabelReduction(noisy.train, mu)).toThrow(RangeError);
    const opts = { lr, epochs: 2000, perDecade: 5 };
    const r0 = trainTwoGaussian(base.train, base.w0, base.p, opts);
    const r1 = trainTwoGaussian(noisy.train, noisy.w0, noisy.p, opts);
    const end0 = r0.checkpoints[r0.checkpoints.length - 1];
    const end1 = r1.checkpoints[r1.checkpoints.length - 1];
    // same noise in the d other directions and the same w0: any difference comes from the e_1 noise alone
    expect(relDiff(end0.w1, end1.w1)).toBeGreaterThan(1e-3);
    expect(end1.scale).toBeGreaterThan(sigmaB * end1.norm_rest); // v² gains σ_A² w_1²
  });
});
