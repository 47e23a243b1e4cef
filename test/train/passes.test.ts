import { describe, expect, it } from "vitest";
import { defaultRunConfig, type RunConfig } from "../../src/config/run.js";
import { RowBlocks } from "../../src/core/data.js";
import { discriminativeDataset } from "../../src/core/discriminative.js";
import { labelledLossGradient } from "../../src/core/distributions.js";
import { normalStream } from "../../src/core/rng.js";
import { evaluationPass, gradientPass } from "../../src/train/passes.js";
import { type RunResult, runTraining, trainingData, trainingSet, trainOn } from "../../src/train/run.js";

describe("a labelled set's passes run on the constant-label kernel after one flip", () => {
  const n = 300;
  const d = 40;
  const data = discriminativeDataset(normalStream(5, 0, 0), n, d, { sigma: 3, r: 0.9 });
  const normal = normalStream(5, 0, 1);
  const S = Float64Array.from({ length: d }, () => 0.3 * normal());
  const b = -0.7;

  for (const loss of ["logistic", "exp"] as const) {
    it(`gives the reference labelled pass's loss, accuracy and gradient (${loss} loss)`, () => {
      const want = new Float64Array(d);
      const ref = labelledLossGradient(data.X, data.y, n, d, S, b, loss, want);
      const got = new Float64Array(d);
      const g = gradientPass(data, S, b, loss, got);
      expect(g.accuracy).toBe(ref.accuracy);
      // same sums in another order (blocked kernel vs row loop): float error only
      expect(Math.abs(g.logLoss - ref.logLoss)).toBeLessThan(1e-12 * Math.max(1, Math.abs(ref.logLoss)));
      const scale = Math.exp(g.gradLogScale - ref.gradLogScale);
      for (let j = 0; j < d; j++) expect(got[j] * scale).toBeCloseTo(want[j], 12);
      expect(g.gradB * scale).toBeCloseTo(ref.gradB, 12);
      const e = evaluationPass(data, S, b, loss);
      expect(e.accuracy).toBe(ref.accuracy);
      expect(Math.abs(e.logLoss - ref.logLoss)).toBeLessThan(1e-12 * Math.max(1, Math.abs(ref.logLoss)));
    });
  }
});

/**
 * At the paper's size a labelled X cannot also be copied for the flip (Fig. 16: 40000 × 19200), so trainingSet draws
 * it straight into constant-label form. Oracle: the same run on discriminativeDataset's draw with its labels, flipped
 * by a copy (the small-set path). Same values in the same kernel: every checkpoint must agree bit for bit.
 */
describe("a large labelled set drawn in constant-label form trains as its flipped copy does", () => {
  // n·(d + 1) = 264600 ≥ 2^18: trainingSet draws into the kernel's memory
  const base = { ...defaultRunConfig, n: 600, d: 440, sigma: 5, labelFraction: 0.95, epochs: 60, testSize: 0 };
  const bits = (a: RunResult, b: RunResult) =>
    expect(JSON.stringify(b.checkpoints)).toBe(JSON.stringify(a.checkpoints));

  for (const precision of ["f64", "f32"] as const) {
    it(`gives the copy path's checkpoints (${precision})`, () => {
      const config: RunConfig = { ...base, precision };
      const set = trainingSet(config);
      expect("constantLabelForm" in set && set.X.length).toBe(600 * 441);
      const copy = trainingData(config); // float64 values of the run's draw (f32-rounded for f32), with y
      const copied = precision === "f32" ? { ...copy, X: Float32Array.from(copy.X) } : copy;
      const want = trainOn(config, copied).run;
      expect(want.checkpoints.length).toBeGreaterThan(5);
      bits(want, trainOn(config, set).run);
    });
  }

  it("gives the same checkpoints when the set is split over several WASM memories", () => {
    const config: RunConfig = { ...base, precision: "f64" };
    const split = trainingSet(config, 1, 900_000); // < 600·441·8 bytes: row blocks in several memories
    expect(split.X).toBeInstanceOf(RowBlocks);
    bits(runTraining(config), trainOn(config, split).run);
  });
});
