import { describe, expect, it } from "vitest";
import { defaultRunConfig } from "../../src/config/run.js";
import { randomDirection } from "../../src/core/data.js";
import { normalStream, Stream } from "../../src/core/rng.js";
import { type FlowOptions, gradientFlow, log10TimeOf } from "../../src/train/flow.js";
import { gradientDescent } from "../../src/train/gd.js";
import { trainingData } from "../../src/train/run.js";

const config = { ...defaultRunConfig, n: 200, d: 96, seed: 4 };
const data = trainingData(config);
const S0 = randomDirection(normalStream(config.seed, 0, Stream.init), config.d, config.s0);
const flowOptions: FlowOptions = {
  loss: "logistic",
  sigma: 5,
  tMax: 100,
  tFirst: 1,
  perDecade: 1,
  rtol: 1e-9,
  atol: 1e-11,
  accThreshold: 0.9,
  lossThreshold: 0.01,
  lr: 0.01,
};

describe("gradient flow in log time", () => {
  it("agrees with GD at η = 0.01 to O(η) on population accuracy, σ‖S‖ and b (t = 1, 10, 100)", () => {
    const f = gradientFlow(data, null, S0, 0, flowOptions);
    const g = gradientDescent(data, null, S0, 0, {
      lr: 0.01,
      epochs: 10000,
      loss: "logistic",
      sigma: 5,
      perDecade: 1,
      accThreshold: 0.9,
      lossThreshold: 0.01,
    });
    for (const t of [1, 10, 100]) {
      const a = f.checkpoints.find((c) => Math.abs(c.t - t) < 1e-9 * t)!;
      const b = g.checkpoints.find((c) => c.epoch === Math.round(t / 0.01))!;
      // GD is the explicit Euler scheme of the flow: global error O(η) = O(0.01) times the dynamics' scale
      expect(Math.abs(a.pop_acc - b.pop_acc)).toBeLessThan(0.01);
      expect(Math.abs(a.sigma_norm_s - b.sigma_norm_s) / b.sigma_norm_s).toBeLessThan(0.01);
      expect(Math.abs(a.b - b.b)).toBeLessThan(0.02);
    }
  });

  it("tightening the tolerance 10^4-fold moves the end state by < 1e-4 relative and costs more evaluations", () => {
    const loose = gradientFlow(data, null, S0, 0, { ...flowOptions, rtol: 1e-6, atol: 1e-8, tMax: 1e6 });
    const tight = gradientFlow(data, null, S0, 0, { ...flowOptions, rtol: 1e-10, atol: 1e-12, tMax: 1e6 });
    // GBS local error control at rtol 1e-6 over a few hundred steps: global error well below 1e-4 relative
    expect(Math.abs(loose.b - tight.b) / Math.abs(tight.b)).toBeLessThan(1e-4);
    expect(tight.gradientEvaluations).toBeGreaterThan(loose.gradientEvaluations);
  });

  it("reaches t = 1e100 with b ≈ −log t on an inseparable draw (λ = 0.2), in log time", () => {
    const c = { ...defaultRunConfig, n: 100, d: 20, seed: 2 };
    const S = randomDirection(normalStream(c.seed, 0, Stream.init), c.d, c.s0);
    const f = gradientFlow(trainingData(c), null, S, 0, { ...flowOptions, tMax: 1e100, tFirst: 1e90, rtol: 1e-8 });
    const last = f.checkpoints[f.checkpoints.length - 1];
    expect(last.log10_t).toBeCloseTo(100, 9);
    // SPEC §3.4: inseparable ⇒ S → S_∞ and b + log t → const; compare b at 1e90 and 1e100
    const prev = f.checkpoints[f.checkpoints.length - 2];
    const slope = (last.b - prev.b) / ((last.log10_t - prev.log10_t) * Math.LN10);
    expect(slope).toBeCloseTo(-1, 6); // corrections are O(1/t)
    expect(last.pop_acc).toBe(1);
  });

  it("keeps log10 t exact where t itself overflows", () => {
    expect(log10TimeOf(Math.log(10) * 400)).toBeCloseTo(400, 12);
    expect(log10TimeOf(Math.log1p(1e-3))).toBeCloseTo(-3, 12);
  });
});

describe("GD ↔ gradient flow at the paper's setting (N = 400, λ = 0.48, σ = 5)", () => {
  const c = { ...defaultRunConfig, seed: 1 };
  const train = trainingData(c);
  const S = randomDirection(normalStream(c.seed, 0, Stream.init), c.d, c.s0);
  const flowAt = (tMax: number) =>
    gradientFlow(train, null, S, 0, { ...flowOptions, sigma: 5, tMax, tFirst: 0.01, perDecade: 10, rtol: 1e-9 });
  const gdFor = (lr: number, epochs: number) =>
    gradientDescent(train, null, S, 0, {
      lr,
      epochs,
      loss: "logistic",
      sigma: 5,
      perDecade: 10,
      accThreshold: 0.9,
      lossThreshold: 0.01,
    });

  it("population accuracy agrees within 0.01 at every checkpoint from epoch 100 to 3·10^4 (η = 0.01)", () => {
    const f = flowAt(300);
    const g = gdFor(0.01, 30000);
    let compared = 0;
    for (const cp of g.checkpoints.filter((x) => x.epoch >= 100)) {
      // both grids are 10 per decade from t = 0.01; GD rounds epochs to integers, so match t within 1%
      const match = f.checkpoints.find((x) => Math.abs(x.t - cp.t) < 0.01 * cp.t);
      if (!match) continue;
      compared++;
      expect(Math.abs(match.pop_acc - cp.pop_acc)).toBeLessThan(0.01);
    }
    expect(compared).toBeGreaterThanOrEqual(25); // 2.5 decades × 10 per decade
  });

  it("the GD–flow gap shrinks linearly in η (GD is explicit Euler: global error O(η))", () => {
    const f = flowAt(10);
    const gap = (lr: number) => Math.abs(gdFor(lr, Math.round(10 / lr)).b - f.b);
    const [g1, g2, g3] = [0.04, 0.02, 0.01].map(gap);
    // halving η halves the gap, up to O(η²): ratios within 15% of 2
    expect(g1 / g2).toBeGreaterThan(1.7);
    expect(g1 / g2).toBeLessThan(2.3);
    expect(g2 / g3).toBeGreaterThan(1.7);
    expect(g2 / g3).toBeLessThan(2.3);
  });
});
