import { describe, expect, it } from "vitest";
import { type Check, type Fig1Column, fig1Checks } from "../../../../src/experiments/figures/fig01/leftChecks.js";
import { fig1LongTimePrediction } from "../../../../src/experiments/figures/fig01/prediction.js";
import type { Checkpoint } from "../../../../src/train/gd.js";
import { checkpointAt } from "../../checkpointFixture.js";

/** A run whose population accuracy is `acc` at every epoch of 0, 1000, 300000 (other columns fixed). */
function run(acc: number): { checkpoints: Checkpoint[] } {
  return { checkpoints: [0, 1000, 300000].map((epoch) => checkpointAt(epoch, acc)) };
}

const column = (accs: number[]): Fig1Column => ({ runs: accs.map(run) });

const belowClaim = (checks: Check[]) => checks.find((c) => c.claim.startsWith("λ=0.52: population accuracy stays"));
const verdictFor = (accs: number[]) => belowClaim(fig1Checks(new Map([[0.52, column(accs)]])))?.verdict;

describe("Fig. 1 self-checks judge mean claims at two standard errors", () => {
  it("PASS when the mean stays below the threshold (0.8) by more than 2 SE", () => {
    expect(verdictFor([0.7, 0.72, 0.71, 0.69])).toBe("PASS"); // mean 0.705, SE 0.006
  });
  it("FAIL when the mean is above it by more than 2 SE", () => {
    expect(verdictFor([0.95, 0.97, 0.96, 0.94])).toBe("FAIL");
  });
  it("UNSURE when the threshold lies within 2 SE of the mean", () => {
    expect(verdictFor([0.7, 0.9, 0.75, 0.85])).toBe("UNSURE"); // mean 0.8, SE 0.046
  });
  it("'stays below' is judged at every checkpoint: a mean above 0.8 at epoch 1000 only still fails", () => {
    const bump = (acc: number) => ({
      checkpoints: [checkpointAt(0, 0.5), checkpointAt(1000, acc + 0.2), checkpointAt(300000, acc)],
    });
    const check = belowClaim(fig1Checks(new Map([[0.52, { runs: [0.7, 0.72, 0.71, 0.69].map(bump) }]])));
    expect(check?.verdict).toBe("FAIL");
    expect(check?.detail).toMatch(/^highest 0\.905 ± 0\.006, .* at epoch 1000$/);
  });
  it("compares λ = 0.52 with λ = 0.48 by the difference of the means and its SE", () => {
    const checks = fig1Checks(
      new Map([
        [0.48, column([0.9, 0.92, 0.91, 0.89])],
        [0.52, column([0.8, 0.82, 0.81, 0.79])],
      ]),
    );
    expect(checks.find((c) => c.claim.startsWith("λ=0.52 ends below λ=0.48"))?.verdict).toBe("PASS");
  });
});

describe("with the draws' strata, Fig. 1's means are Wendel-weighted over separable and inseparable draws", () => {
  // 4 separable draws plateau near 0.7 and 4 inseparable ones grok to ~0.95: twice Wendel's share of inseparable
  // draws at λ = 0.52 (P(separable) = 0.788), so the plain mean 0.825 overstates the expectation
  const accs = [0.7, 0.72, 0.68, 0.7, 0.95, 0.97, 0.93, 0.95];
  const strata = { separable: accs.map((_, k) => k < 4), pSeparable: 0.788 };

  it("the plain mean (0.825 ± 0.047) cannot decide 'stays below 0.8'; the weighted one (0.753 ± 0.007) passes it", () => {
    expect(verdictFor(accs)).toBe("UNSURE");
    const check = belowClaim(fig1Checks(new Map([[0.52, { runs: accs.map(run), strata }]])));
    expect(check?.verdict).toBe("PASS");
    expect(check?.detail).toMatch(
      /^highest 0\.753 ± 0\.007, Wendel-weighted mean ± SE over 8 seeds \(4 separable, 4 not\)/,
    );
  });
});

describe("the dashed long-time prediction of Fig. 1", () => {
  /** A run's summary carrying a prediction whose A_gen is `acc` at every point (or none: a separable draw). */
  const withPrediction = (acc: number | null) => ({
    summary: {
      prediction:
        acc === null
          ? null
          : {
              form: "test",
              s_inf: {
                norm: 1,
                sigma_norm: 5,
                converged: true,
                grad_norm: 0,
                newton_steps: 0,
                cg_iterations: 0,
                passes: 0,
                seconds: 0,
              },
              points: [1, 10].map((epoch) => ({
                epoch,
                t: epoch / 100,
                b: -acc,
                pop_acc: acc,
                log10_pop_loss: -1,
                sigma_norm_s: 5,
              })),
            },
    },
  });

  it("averages the inseparable runs' own predictions and skips the separable ones", () => {
    const p = fig1LongTimePrediction([withPrediction(0.6), withPrediction(null), withPrediction(0.8)] as never);
    expect(p?.draws).toBe(2);
    expect(p?.points.map((x) => x.epoch)).toEqual([1, 10]);
    expect(p?.points[1].pop_acc).toBeCloseTo(0.7, 14); // the mean of 0.6 and 0.8; float error only
    expect(p?.points[1].b).toBeCloseTo(-0.7, 14);
  });

  it("is null when no run has a prediction (every draw separable)", () => {
    expect(fig1LongTimePrediction([withPrediction(null)] as never)).toBeNull();
  });
});
