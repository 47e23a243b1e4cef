import { describe, expect, it } from "vitest";
import { fig1LongTimePrediction } from "../../src/experiments/fig1.js";
import { fig1Checks } from "../../src/experiments/fig1Checks.js";
import type { Checkpoint } from "../../src/train/gd.js";
import { checkpointAt } from "./checkpointFixture.js";

/** A run whose population accuracy is `acc` at every epoch of 0, 1000, 300000 (other columns fixed). */
function run(acc: number): { checkpoints: Checkpoint[] } {
  return { checkpoints: [0, 1000, 300000].map((epoch) => checkpointAt(epoch, acc)) };
}

const verdictFor = (accs: number[]) =>
  fig1Checks(new Map([[0.52, accs.map(run)]])).find((c) => c.claim.startsWith("λ=0.52: population accuracy"))?.verdict;

describe("Fig. 1 self-checks judge mean claims at two standard errors", () => {
  it("PASS when the mean is below the threshold (0.9) by more than 2 SE", () => {
    expect(verdictFor([0.8, 0.82, 0.81, 0.79])).toBe("PASS"); // mean 0.805, SE 0.006
  });
  it("FAIL when the mean is above it by more than 2 SE", () => {
    expect(verdictFor([0.95, 0.97, 0.96, 0.94])).toBe("FAIL");
  });
  it("UNSURE when the threshold lies within 2 SE of the mean", () => {
    expect(verdictFor([0.8, 1, 0.85, 0.95])).toBe("UNSURE"); // mean 0.9, SE 0.046
  });
  it("compares λ = 0.52 with λ = 0.48 by the difference of the means and its SE", () => {
    const checks = fig1Checks(
      new Map([
        [0.48, [0.9, 0.92, 0.91, 0.89].map(run)],
        [0.52, [0.8, 0.82, 0.81, 0.79].map(run)],
      ]),
    );
    expect(checks.find((c) => c.claim.startsWith("λ=0.52 ends below λ=0.48"))?.verdict).toBe("PASS");
  });
});

describe("the dashed long-time prediction of Fig. 1", () => {
  it("starts at the runs' final state and follows b(t_end) − log(t/t_end) with σ‖S‖ held", () => {
    const runs = [run(0.8), run(0.8)];
    const pts = fig1LongTimePrediction(runs, { loss: "logistic", lr: 0.01, perDecade: 2 }, 2);
    expect(pts).toHaveLength(5); // 2 decades × 2 per decade, plus the start
    expect(pts[0].epoch).toBeCloseTo(300000, 6);
    expect(pts[0].b).toBe(-1);
    // b falls by log 100 over two decades of t; float error only
    expect(pts[4].b).toBeCloseTo(-1 - Math.log(100), 12);
    expect(pts[4].sigma_norm_s).toBe(5);
    expect(pts[4].pop_acc).toBeGreaterThan(pts[0].pop_acc);
  });
});
