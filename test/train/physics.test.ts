import { describe, expect, it } from "vitest";
import { defaultRunConfig } from "../../src/config/run.js";
import { randomDirection } from "../../src/core/data.js";
import { normalStream, Stream } from "../../src/core/rng.js";
import { gradientFlow } from "../../src/train/flow.js";
import type { Checkpoint } from "../../src/train/gd.js";
import { runTraining, trainingData } from "../../src/train/run.js";

/**
 * The paper's Fig. 1 phenomenology at laptop size: N = 400, σ = 5, η = 0.01, ‖S_0‖ = 0.1, b_0 = 0, GD on the
 * logistic loss, 6 seeds. Thresholds are loose compared with the observed values (noted per assertion), since with
 * 6 seeds the seed-to-seed spread of the population accuracy is ~0.05.
 */
const SEEDS = [0, 1, 2, 3, 4, 5];

function runs(d: number, epochs: number): Checkpoint[][] {
  return SEEDS.map(
    (seed) =>
      runTraining({ ...defaultRunConfig, n: 400, d, sigma: 5, lr: 0.01, s0: 0.1, b0: 0, testSize: 0, epochs, seed })
        .checkpoints,
  );
}

/** The checkpoint at `epoch` (all seeds share the same log-spaced checkpoint epochs). */
function at(cs: Checkpoint[], epoch: number): Checkpoint {
  const c = cs.find((x) => x.epoch === epoch);
  if (!c) throw new Error(`no checkpoint at epoch ${epoch}`);
  return c;
}

const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;

describe("physics: grokking at the edge of linear separability (Fig. 1, N = 400, 6 seeds)", () => {
  it("λ = 0.05 (far from the edge): the population accuracy exceeds 0.95 before epoch 1000 — no delay", () => {
    const all = runs(20, 1000);
    const epochs = all[0].map((c) => c.epoch);
    const first = epochs.find((e) => mean(all.map((cs) => at(cs, e).pop_acc)) > 0.95);
    // observed: mean ≈ 0.93 at epoch 158 and ≈ 1.000 at epoch 398
    expect(first).toBeDefined();
    expect(first as number).toBeLessThan(1000);
  });

  it("λ = 0.48 (just below ½): chance-level generalization long after the training set is fit (grokking)", () => {
    const all = runs(192, 3000);
    // theory: b_0 = 0 ⇒ A_gen(0) = ½ erfc(0) = ½ exactly; tolerance 0.1 as stated in the claim
    expect(Math.abs(mean(all.map((cs) => at(cs, 0).pop_acc)) - 0.5)).toBeLessThan(0.1);
    // observed mean ≈ 0.65 at epoch 1000 (seeds 0.62–0.73)
    expect(mean(all.map((cs) => at(cs, 1000).pop_acc))).toBeLessThan(0.75);
    // the training set is fit anyway (b ≪ 0 labels every training point −1, separable draw or not): training
    // accuracy is 1 for every seed by epoch 3000 (observed ≥ 0.998 at epoch 1000, 1 by 2512)
    for (const cs of all) expect(at(cs, 3000).train_acc).toBe(1);
  });

  it("λ = 0.52 (separable): training accuracy 1 while the population accuracy stays below 0.8 after 3000 epochs", () => {
    const all = runs(208, 3000);
    for (const cs of all) {
      const c = at(cs, 3000);
      expect(c.train_acc).toBe(1);
      // observed 0.64–0.70; the separable limit ½[1 + erf(1/(√2 σ M))] is well below 1 (SPEC §3.4)
      expect(c.pop_acc).toBeLessThan(0.8);
    }
  });
});

/** Population accuracy at t = η·epochs = 3000 (3·10^5 GD epochs at η = 0.01) by gradient flow, for draws 0..count−1. */
function finalAccuracies(d: number, count: number): number[] {
  return Array.from({ length: count }, (_, r) => {
    const c = { ...defaultRunConfig, d, runIndex: r };
    const S0 = randomDirection(normalStream(c.seed, r, Stream.init), c.d, c.s0);
    const f = gradientFlow(trainingData(c), null, S0, c.b0, {
      loss: "logistic",
      sigma: 5,
      tMax: 3000,
      tFirst: 3000,
      perDecade: 1,
      rtol: 1e-6,
      atol: 1e-8,
      accThreshold: 0.9,
      lossThreshold: 0.01,
      lr: 0.01,
    });
    return f.checkpoints[f.checkpoints.length - 1].pop_acc;
  });
}

const standardError = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)) / (v.length - 1));

/**
 * The Fig. 1 claims at 3·10^5 epochs are statements about the mean over draws; at N = 400 one draw's final accuracy
 * spreads by ~0.09 (separable draws — Wendel: 21% at λ = 0.48, 79% at 0.52 — plateau, inseparable ones generalise),
 * so they are checked here over 96 draws, where the mean is good to ~±0.01. Gradient flow stands in for GD at
 * η = 0.01 (they agree to ~1e-3 in accuracy, flow.test.ts) because 192 GD runs of 3·10^5 epochs do not fit in CI.
 */
describe("physics at 3·10^5 epochs: means over 96 draws (by gradient flow)", () => {
  it("λ = 0.48: the mean population accuracy is above 0.85 by more than 2 SE — the model has grokked", () => {
    const accs = finalAccuracies(192, 96);
    // observed 0.890 ± 0.009
    expect(mean(accs) - 2 * standardError(accs)).toBeGreaterThan(0.85);
  });

  it("λ = 0.52: the mean population accuracy is below 0.8 by more than 2 SE — it memorised", () => {
    const accs = finalAccuracies(208, 96);
    // observed 0.768 ± 0.009
    expect(mean(accs) + 2 * standardError(accs)).toBeLessThan(0.8);
  });
});
