import { describe, expect, it } from "vitest";
import { fig4Checks } from "../../../../src/experiments/figures/fig04/claims.js";
import type { Fig4Column } from "../../../../src/experiments/figures/fig04/columns.js";
import { FIG4_PARAMS, type TwoGaussianCheckpoint } from "../../../../src/train/twoGaussian.js";

const { lr } = FIG4_PARAMS;

/** A σ_A column of replicates, each a two-checkpoint history (epoch 0 and the end) with given accuracies. */
function column(sigmaA: number, runs: { trainAt: number; popAt: number | null; final: number }[]): Fig4Column {
  const cp = (epoch: number, train_acc: number, pop_acc: number, logLoss: number): TwoGaussianCheckpoint => ({
    epoch,
    t: epoch * lr,
    train_loss: 0.5,
    log10_train_loss: -0.3,
    train_acc,
    pop_loss: 10 ** logLoss,
    log10_pop_loss: logLoss,
    pop_acc,
    w1: 0,
    norm_rest: 1,
    scale: 1,
  });
  return {
    sigmaA,
    label: `σ_A = ${sigmaA}`,
    runs: runs.map((r) => [
      cp(0, 0.5, 0.5, -0.14),
      cp(r.trainAt, 0.95, 0.6, -0.02),
      ...(r.popAt === null ? [] : [cp(r.popAt, 1, 0.91, -0.5)]),
      cp(50_000, 1, r.final, -1),
    ]),
  };
}

describe("Fig. 4 claims", () => {
  const grok = (final: number) => [0, 1, 2].map((k) => ({ trainAt: 500, popAt: 20_000 + k, final: final + 0.01 * k }));

  it("pass on columns that grok at σ_A = 0 and fade with σ_A", () => {
    const cols = [
      column(0, grok(0.97)),
      column(0.01, grok(0.97)),
      column(0.05, grok(0.93)),
      column(
        0.1,
        [0, 1, 2].map((k) => ({ trainAt: 500, popAt: null, final: 0.8 + 0.01 * k })),
      ),
    ];
    expect(fig4Checks(cols).map((c) => c.verdict)).toEqual(["PASS", "PASS", "PASS", "PASS", "PASS"]);
  });

  it("fail when A_gen crosses 0.9 together with training accuracy, and when σ_A changes nothing", () => {
    const fast = [0, 1, 2].map((k) => ({ trainAt: 500, popAt: 600 + k, final: 0.97 + 0.01 * k }));
    const cols = [column(0, fast), column(0.01, fast), column(0.05, fast), column(0.1, fast)];
    const v = fig4Checks(cols).map((c) => c.verdict);
    expect(v[0]).toBe("FAIL"); // delay of 0.08 decade, not > 1
    expect(v[4]).toBe("FAIL"); // σ_A = 0.1 reached 0.91
  });
});
