import { describe, expect, it } from "vitest";
import { trainFig4 } from "../../../../src/experiments/figures/fig04/columns.js";
import { fig4 } from "../../../../src/experiments/figures/fig04/index.js";
import { FIG4_PARAMS } from "../../../../src/train/twoGaussian.js";

describe("Fig. 4 recipe at smoke size", () => {
  it("trains four σ_A columns on common noise draws and gives a verdict for every check", async () => {
    const r = await fig4.run({ size: "smoke", workers: 1 });
    expect(r.checks).toHaveLength(5);
    for (const c of r.checks) expect(["PASS", "FAIL", "UNSURE"]).toContain(c.verdict);
    expect(r.table?.map((row) => row.sigma_a)).toEqual([...FIG4_PARAMS.sigmaAs]);
    expect(r.parameters.chosen.N).toBe(100);
    // common random numbers: σ_A only scales the e_1 noise, so the σ_A = 0 and 0.01 runs start identically
    const cols = trainFig4({ n: 100, epochs: 3, seeds: 1 }, 1);
    expect(cols[1].runs[0][0].train_loss).toBe(cols[0].runs[0][0].train_loss);
  });
});
