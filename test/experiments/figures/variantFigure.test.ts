import { describe, expect, it } from "vitest";
import { defaultRunConfig } from "../../../src/config/run.js";
import type { ColumnRuns } from "../../../src/experiments/figures/trainingFigure.js";
import { columnTable } from "../../../src/experiments/figures/trainingFigure.js";
import {
  aboveClaim,
  groksClaims,
  sameEndClaim,
  valuesAtEpoch,
} from "../../../src/experiments/figures/variantFigure.js";
import { checkpointAt } from "../checkpointFixture.js";

/** A column of runs, one per (early, final) population accuracy pair, checkpoints at epochs 0, 1000, 300000. */
function column(label: string, accs: [number, number][]): ColumnRuns {
  const runs = accs.map(([early, final], r) => {
    const checkpoints = [checkpointAt(0, 0.5), checkpointAt(1000, early), checkpointAt(300000, final)];
    const summary = {
      status: "ok" as const,
      epochs_run: 300000,
      gradient_evaluations: 300000,
      final: checkpoints[2],
      grokking: {
        accuracy: {
          trainEpoch: 10,
          genEpoch: 1000 * (r + 1),
          delayEpochs: 1000 * (r + 1) - 10,
          threshold: 0.9,
          definition: "",
        },
        loss: { trainEpoch: null, genEpoch: null, delayEpochs: null, threshold: 0.01, definition: "" },
      },
    };
    return { config: { ...defaultRunConfig, runIndex: r }, checkpoints, summary, wallSeconds: 1 };
  });
  return { label, config: defaultRunConfig, runs };
}

describe("the claims of the Fig. 1-panel variants", () => {
  const groks = column("groks", [
    [0.6, 0.95],
    [0.62, 0.93],
    [0.58, 0.96],
  ]);
  const plateaus = column("plateaus", [
    [0.7, 0.7],
    [0.72, 0.71],
    [0.68, 0.69],
  ]);

  it("reads per-seed values at the last checkpoint at or before an epoch", () => {
    expect(valuesAtEpoch(groks, "pop_acc", 5000)).toEqual([0.6, 0.62, 0.58]);
    expect(valuesAtEpoch(groks, "pop_acc", Number.POSITIVE_INFINITY)).toEqual([0.95, 0.93, 0.96]);
  });

  it("a grokking column passes: training set fitted, low early, rising afterwards", () => {
    const checks = groksClaims(groks, { epoch: 1000, below: 0.75 });
    expect(checks.map((c) => c.verdict)).toEqual(["PASS", "PASS", "PASS"]);
  });

  it("a column that stays where it was after the early epoch does not pass the late-rise claim", () => {
    expect(groksClaims(plateaus, { epoch: 1000, below: 0.75 })[2].verdict).toBe("UNSURE"); // rise 0 ± 0.006
  });

  it("compares two columns by the difference of their final means at 2 SE", () => {
    expect(aboveClaim(groks, plateaus).verdict).toBe("PASS");
    expect(aboveClaim(plateaus, groks).verdict).toBe("FAIL");
    expect(aboveClaim(plateaus, groks, 1000).verdict).toBe("PASS"); // 0.70 vs 0.60 at epoch 1000
  });

  it("pairs the seeds of two columns to judge whether they end at the same accuracy", () => {
    const shifted = column("shifted", [
      [0.6, 0.951],
      [0.62, 0.931],
      [0.58, 0.961],
    ]);
    expect(sameEndClaim(shifted, groks, 0.02).verdict).toBe("PASS"); // paired difference 0.001 ± 0
    expect(sameEndClaim(plateaus, groks, 0.02).verdict).toBe("FAIL"); // −0.247 ± 0.005
  });

  it("tables the final values as mean ± SE and the median grokking delay", () => {
    const [row] = columnTable([groks]);
    expect(row.pop_acc).toBeCloseTo((0.95 + 0.93 + 0.96) / 3, 12); // float error only
    expect(row.grokking_epochs_median).toBe(1990);
    expect(row.grokking_crossed).toBe("3/3");
  });
});
