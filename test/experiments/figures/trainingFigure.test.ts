import { describe, expect, it } from "vitest";
import { defaultRunConfig } from "../../../src/config/run.js";
import { float32BcePopulationLoss } from "../../../src/core/paperLoss.js";
import { populationLogLoss } from "../../../src/core/population.js";
import {
  type ColumnRuns,
  panelRun,
  paperLog10Loss,
  trainingView,
} from "../../../src/experiments/figures/trainingFigure.js";
import { trainingPanelsSpec } from "../../../src/plot/trainingPanels.js";
import type { Checkpoint } from "../../../src/train/gd.js";
import { checkpointAt } from "../checkpointFixture.js";

/** A checkpoint whose exact population loss is the logistic one at (b, σ‖S‖), optionally with a test loss. */
function at(epoch: number, b: number, scale: number, testLoss: number | null = null): Checkpoint {
  const logPop = populationLogLoss("logistic", b, scale);
  return {
    ...checkpointAt(epoch, 0.7),
    b,
    sigma_norm_s: scale,
    pop_loss: Math.exp(logPop),
    log10_pop_loss: logPop / Math.LN10,
    test_loss: testLoss,
  };
}

describe("the generalization loss as the paper measured it (SPEC §6)", () => {
  it("is the float32 BCELoss population mean for a logistic Gaussian run that reaches saturation", () => {
    const cps = [at(1, -0.1, 0.6), at(1000, -5, 10)];
    const paper = paperLog10Loss(defaultRunConfig, cps);
    expect(paper).toBeDefined();
    expect(paper?.[1]).toBe(Math.log10(float32BcePopulationLoss(-5, 10)));
    // where no point saturates it equals the exact loss (to quadrature error, < 1e-9 in log10)
    expect(Math.abs((paper?.[0] ?? 0) - cps[0].log10_pop_loss)).toBeLessThan(1e-9);
  });

  it("is not drawn where it would lie on the exact curve, nor for inputs or labels without the formula", () => {
    const small = [at(1, -0.1, 0.6), at(1000, -6, 3)];
    expect(paperLog10Loss(defaultRunConfig, small)).toBeUndefined();
    const big = [at(1000, -5, 10)];
    expect(paperLog10Loss({ ...defaultRunConfig, distribution: "mixture" }, big)).toBeUndefined();
    expect(paperLog10Loss({ ...defaultRunConfig, labelFraction: 0.99 }, big)).toBeUndefined();
  });

  it("is the held-out mean for the exponential loss, and absent without a test set", () => {
    const cps = [at(1000, -5, 10, 0.25)];
    const exp = { ...defaultRunConfig, loss: "exp" as const };
    expect(paperLog10Loss(exp, cps)).toEqual([Math.log10(0.25)]);
    expect(paperLog10Loss({ ...exp, testSize: 0 }, cps)).toBeUndefined();
  });

  it("appears as its own legend entry of the panel grid only when drawn", () => {
    const withPaper = panelRun("λ = 0.52", defaultRunConfig, [at(1, -0.1, 0.6), at(1000, -5, 10)]);
    const without = panelRun("λ = 0.05", defaultRunConfig, [at(1, -0.1, 0.6), at(1000, -6, 3)]);
    const legend = (runs: ReturnType<typeof panelRun>[]) =>
      JSON.stringify(trainingPanelsSpec(runs, { title: "", subtitle: [] }));
    expect(legend([withPaper, without])).toContain("as the paper measured it");
    expect(legend([without])).not.toContain("as the paper measured it");
  });

  it("is named in the grid's notes exactly when some run draws it, with the loss it stands for", () => {
    const column = (checkpoints: Checkpoint[], loss: "logistic" | "exp"): ColumnRuns => {
      const config = { ...defaultRunConfig, loss };
      const summary = {} as ColumnRuns["runs"][number]["summary"];
      return { label: loss, config, runs: [{ config, checkpoints, summary, wallSeconds: 0 }] };
    };
    const notes = (cols: ColumnRuns[]) => trainingView(cols, { title: "", subtitle: [] }).paperNotes;
    expect(notes([column([at(1, -0.1, 0.6), at(1000, -6, 3)], "logistic")])).toEqual([]);
    const logistic = notes([column([at(1, -0.1, 0.6), at(1000, -5, 10)], "logistic")]);
    expect(logistic).toHaveLength(1);
    expect(logistic[0]).toContain("float32 PyTorch BCELoss");
    expect(logistic[0]).not.toContain("exponential:");
    const both = notes([column([at(1000, -5, 10)], "logistic"), column([at(1000, -5, 10, 0.25)], "exp")]);
    expect(both[0]).toContain("float32 PyTorch BCELoss");
    expect(both[0]).toContain("exponential: the mean over the held-out test set");
  });
});
