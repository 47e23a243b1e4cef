import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import { drawRunIndex } from "../../../src/experiments/figures/fig01/sinfDraws.js";
import { fig7 } from "../../../src/experiments/figures/fig07.js";
import type { FigureResult } from "../../../src/experiments/figures/recipe.js";
import { computeTheoryTask, type SvmOutcome } from "../../../src/experiments/theoryTasks.js";
import { trainingData } from "../../../src/train/run.js";

/** quadprog (Goldfarb–Idnani, 1-based arrays): min ½ bᵀDb − dᵀb s.t. Aᵀb ≥ b0. CommonJS without types. */
type SolveQP = (D: number[][], dv: number[], A: number[][], b: number[]) => { solution?: number[]; message: string };
const { solveQP } = createRequire(import.meta.url)("quadprog") as { solveQP: SolveQP };

/** Independent margin: the primal min ½‖S‖² s.t. −S·x_i ≥ 1 by quadprog, M = 1/‖S*‖. */
function quadprogMargin(X: Float64Array, n: number, d: number): number {
  const D: number[][] = [[]];
  const A: number[][] = [[]];
  const dv = [0];
  const b = [0];
  for (let j = 1; j <= d; j++) {
    D[j] = new Array(d + 1).fill(0);
    D[j][j] = 1;
    dv[j] = 0;
    A[j] = new Array(n + 1).fill(0);
  }
  for (let i = 1; i <= n; i++) {
    b[i] = 1;
    for (let j = 1; j <= d; j++) A[j][i] = -X[(i - 1) * d + j - 1];
  }
  const r = solveQP(D, dv, A, b);
  if (r.message !== "" || !r.solution) throw new Error(`quadprog: ${r.message}`);
  return 1 / Math.hypot(...r.solution.slice(1));
}

let result: FigureResult;

beforeAll(async () => {
  result = await fig7.run({ size: "smoke", workers: 1 });
}, 60_000);

describe("Fig. 7 (smoke size)", () => {
  it("has both series, and checks with verdicts", () => {
    const series = new Set(result.rows.map((r) => r.series));
    expect(series.size).toBe(2);
    expect(result.checks).toHaveLength(3);
    for (const c of result.checks) expect(["PASS", "FAIL", "UNSURE"]).toContain(c.verdict);
    const lambdas = result.rows.map((r) => r.lambda as number);
    expect(lambdas.some((l) => l < 0.5) && lambdas.some((l) => l > 0.5)).toBe(true);
  });

  it("draws the signed distance against the signed 1 − 2λ: +projection where λ < ½, −margin where λ > ½", () => {
    for (const r of result.rows) {
      const lambda = r.lambda as number;
      // rows carry six significant digits: 1e-6 relative
      expect(Math.abs((r.one_minus_2lambda as number) - (1 - 2 * lambda))).toBeLessThan(1e-6);
      const sign = lambda > 0.5 ? -1 : 1;
      expect(r.signed_value).toBe(sign * (r.value as number));
      expect(Math.sign(r.one_minus_2lambda as number)).toBe(sign);
    }
  });

  it("each margin mean is the mean of 1/‖S*‖ over separable draws, S* checked against quadprog", async () => {
    // the smoke margin sweep: N = 100, σ = 1, seed 7, d = 76, 3 draws (λ = 0.76: separable with P ≈ 1 − 1e-7)
    const n = 100;
    const d = 76;
    const margins: number[] = [];
    for (let k = 0; k < 3; k++) {
      const spec = { n, d, sigma: 1, seed: 7, runIndex: drawRunIndex(d, k) };
      const r = (await computeTheoryTask({ kind: "svm", ...spec })) as SvmOutcome;
      expect(r.separable).toBe(true);
      // Goldfarb–Idnani is accurate to ~1e-10 here; 1e-7 relative leaves room for its conditioning at λ = 0.76
      const ref = quadprogMargin(trainingData(spec).X, n, d);
      expect(Math.abs(r.margin - ref) / ref).toBeLessThan(1e-7);
      margins.push(r.margin);
    }
    const row = result.rows.find((r) => r.d === d);
    const mean = margins.reduce((a, b) => a + b, 0) / margins.length;
    expect(Math.abs((row?.value as number) - mean) / mean).toBeLessThan(1e-5); // rows carry 6 significant digits
  });
});
