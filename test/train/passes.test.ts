import { describe, expect, it } from "vitest";
import { discriminativeDataset, labelledLossGradient } from "../../src/core/distributions.js";
import { normalStream } from "../../src/core/rng.js";
import { evaluationPass, gradientPass } from "../../src/train/passes.js";

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
