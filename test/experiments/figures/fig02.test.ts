import { describe, expect, it } from "vitest";
import { defaultRunConfig, type RunConfig } from "../../../src/config/run.js";
import { norm } from "../../../src/core/vector.js";
import { FIG2_LAMBDAS, fig2 } from "../../../src/experiments/figures/fig02.js";
import { typicalDraw } from "../../../src/experiments/figures/fig02Draws.js";
import { binCounts, projections } from "../../../src/experiments/figures/fig02Left.js";
import { gdWithState } from "../../../src/experiments/figures/gdWithState.js";
import type { TimedRun } from "../../../src/experiments/pool.js";
import { decideSeparability } from "../../../src/theory/separability.js";
import { svmThroughOrigin } from "../../../src/theory/svm.js";
import { runTraining } from "../../../src/train/run.js";

const VERDICTS = ["PASS", "FAIL", "UNSURE"];

describe("gdWithState: a GD run as `grokedge train` records it, plus the final (S, b)", () => {
  const config: RunConfig = { ...defaultRunConfig, n: 60, d: 29, epochs: 500, testSize: 50, runIndex: 3 };

  it("has runTraining's checkpoints and summary exactly, and S, b that reproduce the final checkpoint", () => {
    const kept = gdWithState(config);
    const ref = runTraining(config);
    // same arithmetic in the same order: bit-identical, so toEqual (not a tolerance)
    expect(kept.run.checkpoints).toEqual(ref.checkpoints);
    expect(kept.run.summary).toEqual(ref.summary);
    expect(kept.run.config).toEqual(config);
    expect(norm(kept.S)).toBe(ref.summary.final.norm_s);
    expect(kept.b).toBe(ref.summary.final.b);
  });

  it("refuses other optimizers (their state is not what GD keeps)", () => {
    expect(() => gdWithState({ ...config, optimizer: "adam" })).toThrow(RangeError);
  });
});

describe("Fig. 2 left: projections, bins and the choice of draw", () => {
  const base: RunConfig = { ...defaultRunConfig, n: 100, epochs: 10 };

  it("the typical draw's class matches the exact LP certificate: inseparable at λ = 0.48, separable at 0.52", async () => {
    for (const lambda of [0.48, 0.52]) {
      const { data, limit, skipped, config } = typicalDraw(base, lambda);
      const lp = await decideSeparability(data.X, data.n, data.d);
      expect(lp.separable).toBe(lambda > 0.5);
      expect(limit.separable).toBe(lambda > 0.5);
      expect(config.runIndex).toBe(skipped.length); // the first index of the class, none passed over silently
    }
  });

  it("projections on the SVM direction: max S*·x_i/‖S*‖ = −M, the margin the SVM reports (to 1e-9 relative)", () => {
    const { data } = typicalDraw(base, 0.8);
    const svm = svmThroughOrigin(data.X, data.n, data.d);
    if (!svm.separable) throw new Error("λ = 0.8 draw must be separable");
    const p = projections(data.X, data.n, data.d, svm.S);
    // support vectors sit on S·x = −1, i.e. at −1/‖S*‖ = −M after normalising; the SVM's KKT tolerance is ~1e-10
    expect(Math.abs(Math.max(...p) + svm.margin) / svm.margin).toBeLessThan(1e-9);
  });

  it("binCounts puts every value in one bin, the maximum in the last", () => {
    const counts = binCounts([-1, -0.5, 0, 0.25, 1], -1, 1, 4);
    expect(counts).toEqual([1, 1, 2, 1]);
  });
});

describe("Fig. 2 recipe at smoke size", () => {
  it("draws all three panels, stores the five runs, and gives a verdict for every check", async () => {
    const runs: TimedRun[] = [];
    const r = await fig2.run({ size: "smoke", workers: 1, onRun: (run) => runs.push(run) });
    // four GD runs (one per λ) and the exponential-loss run in conformal time
    expect(runs.map((x) => x.config.optimizer)).toEqual(["gd", "gd", "gd", "gd", "conformal"]);
    expect(runs.slice(0, 4).map((x) => x.config.d / x.config.n)).toEqual([...FIG2_LAMBDAS]);
    expect((r.spec as { hconcat: unknown[] }).hconcat).toHaveLength(3);
    expect(r.checks.length).toBe(11);
    for (const c of r.checks) expect(VERDICTS).toContain(c.verdict);
    expect(new Set(r.rows.map((row) => row.panel))).toEqual(new Set(["left", "middle", "right", "right heat map"]));
    expect(r.parameters.chosen.N).toBe(100);
    expect(r.notes.join(" ")).toMatch(/N = 100/);
  });

  it("with bias in conformal time and without bias give one ‖S‖ curve (SPEC §3.5; middle panel alone)", async () => {
    const r = await fig2.run({ size: "smoke", workers: 1, panels: ["middle"] });
    expect(new Set(r.rows.map((row) => row.panel))).toEqual(new Set(["middle"]));
    let worst = 0;
    for (const row of r.rows) {
      const a = row.norm_s_with_bias as number;
      worst = Math.max(worst, Math.abs(a - (row.norm_s_bias_free as number)) / a);
    }
    // two independent odex integrations at rtol 1e-8 of the same S(τ): 1e-6 leaves two decades of margin
    expect(worst).toBeLessThan(1e-6);
    expect(r.checks[0].verdict).toBe("PASS");
  });
});
