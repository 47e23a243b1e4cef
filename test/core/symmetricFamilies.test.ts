import { describe, expect, it } from "vitest";
import { defaultRunConfig } from "../../src/config/run.js";
import { populationAccuracy } from "../../src/core/population.js";
import { normalStream } from "../../src/core/rng.js";
import {
  rademacherDataset,
  spikedDataset,
  studentCdf,
  studentDataset,
  studentPopulationAccuracy,
  studentPopulationLogLoss,
} from "../../src/core/symmetricFamilies.js";
import { decideSeparabilityFast } from "../../src/theory/decideDraw.js";
import { wendelProbability } from "../../src/theory/wendel.js";
import { populationModel } from "../../src/train/run.js";

const softplus = (z: number) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));

/** The accuracy (S·x + b < 0) and mean logistic loss of f(x) = S·x + b on the sampled points, with the loss's SE. */
function sampledMetrics(data: { X: Float64Array; n: number; d: number }, S: ArrayLike<number>, b: number) {
  const { X, n, d } = data;
  let hits = 0;
  let loss = 0;
  let loss2 = 0;
  for (let i = 0; i < n; i++) {
    let z = b;
    for (let k = 0; k < d; k++) z += S[k] * X[i * d + k];
    if (z < 0) hits++;
    const l = softplus(z);
    loss += l;
    loss2 += l * l;
  }
  const mean = loss / n;
  return { accuracy: hits / n, loss: mean, lossSe: Math.sqrt((loss2 / n - mean * mean) / n) };
}

describe("Student-t and Rademacher inputs (universality families)", () => {
  it("the t CDF matches the closed forms for ν = 1 (Cauchy) and ν = 2", () => {
    for (const t of [-30, -2, -0.3, 0, 0.7, 5]) {
      expect(studentCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 13);
      expect(studentCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 13);
    }
  });

  it("S·x of a Student-t draw is σ‖S‖·t_ν: accuracy and logistic loss agree with 40000 points within 4 SE", () => {
    const [n, d, nu, sigma] = [40_000, 5, 3, 2];
    const data = studentDataset(normalStream(1, 2), n, d, { nu, sigma });
    const S = [0.3, -0.2, 0.1, 0.05, 0.4];
    const b = -0.8;
    const scale = sigma * Math.hypot(...S);
    const sampled = sampledMetrics(data, S, b);
    const acc = studentPopulationAccuracy(b, scale, nu);
    expect(Math.abs(sampled.accuracy - acc)).toBeLessThan(4 * Math.sqrt((acc * (1 - acc)) / n));
    const logLoss = studentPopulationLogLoss("logistic", b, scale, nu);
    expect(Math.abs(sampled.loss - Math.exp(logLoss))).toBeLessThan(4 * sampled.lossSe);
  });

  it("has an infinite exponential loss, and an infinite logistic loss for a Cauchy (ν = 1)", () => {
    expect(studentPopulationLogLoss("exp", -3, 0.5, 5)).toBe(Number.POSITIVE_INFINITY);
    expect(studentPopulationLogLoss("logistic", -3, 0.5, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(studentPopulationLogLoss("logistic", -3, 0, 1)).toBeCloseTo(Math.log(softplus(-3)), 14);
  });

  it("Rademacher coordinates are ±σ with fair signs (mean within 4 SE of 0)", () => {
    const data = rademacherDataset(normalStream(4, 0), 200, 50, 3);
    expect(new Set(data.X)).toEqual(new Set([-3, 3]));
    const mean = data.X.reduce((a, v) => a + v, 0) / data.X.length;
    expect(Math.abs(mean)).toBeLessThan((4 * 3) / Math.sqrt(data.X.length));
  });

  it("both families obey Wendel's theorem: separable fractions of 150 draws within 4 SE (N = 24, d = 12)", async () => {
    const [n, d, draws] = [24, 12, 150];
    const p = wendelProbability(n, d).probability;
    for (const draw of [
      (r: number) => studentDataset(normalStream(9, r), n, d, { nu: 2, sigma: 1 }),
      (r: number) => rademacherDataset(normalStream(9, r), n, d, 1),
    ]) {
      let separable = 0;
      for (let r = 0; r < draws; r++) if ((await decideSeparabilityFast(draw(r))).separable) separable++;
      expect(Math.abs(separable / draws - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / draws));
    }
  });
});

describe("spiked-covariance inputs N(0, σ²(I + β e_1 e_1ᵀ))", () => {
  const [n, d, beta, sigma] = [40_000, 5, 3, 2];
  const data = spikedDataset(normalStream(3, 1), n, d, { beta, sigma });

  it("has variance σ²(1 + β) along e_1 and σ² along the others (sample variances within 4 SE)", () => {
    for (let k = 0; k < d; k++) {
      let s2 = 0;
      for (let i = 0; i < n; i++) s2 += data.X[i * d + k] ** 2;
      const v = k === 0 ? sigma * sigma * (1 + beta) : sigma * sigma;
      expect(Math.abs(s2 / n - v), `coordinate ${k}`).toBeLessThan(4 * v * Math.sqrt(2 / n)); // var of x² is 2v²
    }
  });

  it("S·x ~ N(0, σ²(‖S‖² + β S_1²)): the run's population accuracy and logistic loss agree with 40000 points", () => {
    const S = Float64Array.from([0.3, -0.2, 0.1, 0.05, 0.4]);
    const b = -0.8;
    const pop = populationModel({ ...defaultRunConfig, distribution: "spiked", spike: beta, sigma, d });
    const scale = pop.scale(S);
    expect(scale).toBeCloseTo(
      sigma * Math.sqrt(0.3 ** 2 * (1 + beta) + 0.2 ** 2 + 0.1 ** 2 + 0.05 ** 2 + 0.4 ** 2),
      14,
    );
    const sampled = sampledMetrics(data, S, b);
    const acc = pop.accuracy(S, b, scale);
    const se = Math.sqrt((acc * (1 - acc)) / n);
    expect(Math.abs(sampled.accuracy - acc)).toBeLessThan(4 * se);
    // the spike matters: the isotropic formula at σ‖S‖ is far off (so this test would fail on an isotropic stand-in)
    expect(Math.abs(sampled.accuracy - populationAccuracy(b, sigma * Math.hypot(...S)))).toBeGreaterThan(10 * se);
    expect(Math.abs(sampled.loss - Math.exp(pop.logLoss(S, b, scale)))).toBeLessThan(4 * sampled.lossSe);
  });

  it("obeys Wendel's theorem: the separable fraction of 150 draws within 4 SE (N = 24, d = 12, β = 50)", async () => {
    const [m, k, draws] = [24, 12, 150];
    const p = wendelProbability(m, k).probability;
    let separable = 0;
    for (let r = 0; r < draws; r++) {
      if ((await decideSeparabilityFast(spikedDataset(normalStream(9, r), m, k, { beta: 50, sigma: 1 }))).separable)
        separable++;
    }
    expect(Math.abs(separable / draws - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / draws));
  });
});
