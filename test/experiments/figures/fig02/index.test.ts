import { beforeAll, describe, expect, it } from "vitest";
import { defaultRunConfig } from "../../../../src/config/run.js";
import { populationAccuracy } from "../../../../src/core/population.js";
import { norm } from "../../../../src/core/vector.js";
import { typicalDraw } from "../../../../src/experiments/figures/fig02/draws.js";
import { gdWithState } from "../../../../src/experiments/figures/fig02/gdWithState.js";
import { FIG2_LAMBDAS, fig2 } from "../../../../src/experiments/figures/fig02/index.js";
import { INSET_LAMBDA } from "../../../../src/experiments/figures/fig02/inset.js";
import { projections } from "../../../../src/experiments/figures/fig02/left.js";
import { ISO_ACCURACIES } from "../../../../src/experiments/figures/fig02/right.js";
import type { FigureResult } from "../../../../src/experiments/figures/recipe.js";
import type { TimedRun } from "../../../../src/experiments/pool.js";
import { svmExtended } from "../../../../src/theory/svm.js";

const VERDICTS = ["PASS", "FAIL", "UNSURE"];

describe("Fig. 2 recipe at smoke size", () => {
  let r: FigureResult;
  const runs: TimedRun[] = [];
  beforeAll(async () => {
    r = await fig2.run({ size: "smoke", workers: 1, onRun: (run) => runs.push(run) });
  }, 60_000);

  it("draws all three panels and the inset, stores the six runs, and gives a verdict for every check", () => {
    // five GD runs (one per λ, the inset's λ = 0.55 last) and the exponential-loss run in conformal time
    expect(runs.map((x) => x.config.optimizer)).toEqual(["gd", "gd", "gd", "gd", "gd", "conformal"]);
    expect(runs.slice(0, 5).map((x) => x.config.d / x.config.n)).toEqual([...FIG2_LAMBDAS, INSET_LAMBDA]);
    expect((r.spec as { hconcat: unknown[] }).hconcat).toHaveLength(3);
    expect(r.checks.length).toBe(12);
    for (const c of r.checks) expect(VERDICTS).toContain(c.verdict);
    expect(new Set(r.rows.map((row) => row.panel))).toEqual(
      new Set(["left", "middle", "inset", "right", "right iso-accuracy", "right heat map"]),
    );
    expect(r.parameters.chosen.N).toBe(100);
    expect(r.notes.join(" ")).toMatch(/N = 100/);
  });

  it("no histogram bin straddles 0, and the red bins (lo ≥ 0) hold exactly the points with S·x_i > 0", async () => {
    const bins = r.rows.filter((row) => row.panel === "left" && row.series === "end of training");
    for (const b of bins) expect((b.bin_lo as number) >= 0 || (b.bin_hi as number) <= 1e-12).toBe(true);
    // oracle: the positive projections counted directly on the λ = 0.05 draw, retrained (GD is deterministic)
    const { config, data } = typicalDraw({ ...defaultRunConfig, n: 100, epochs: 2_000, testSize: 200 }, 0.05);
    const gd = gdWithState(config);
    const positive = projections(data.X, data.n, data.d, gd.S).filter((v) => v > 0).length;
    const red = bins
      .filter((b) => String(b.facet).startsWith("λ = 0.05") && (b.bin_lo as number) >= 0)
      .reduce((a, b) => a + (b.count as number), 0);
    expect(red).toBe(positive);
  });

  it("every vertex of an iso-accuracy ray has A_gen = the ray's accuracy (SPEC §2), to 1e-9", () => {
    const iso = r.rows.filter((row) => row.panel === "right iso-accuracy" && (row.sigma_norm_s as number) > 0);
    expect(new Set(iso.map((row) => row.a_gen)).size).toBe(ISO_ACCURACIES.length);
    for (const row of iso) {
      const a = populationAccuracy(row.b as number, row.sigma_norm_s as number);
      expect(Math.abs(a - (row.a_gen as number))).toBeLessThan(1e-9);
    }
  });

  it("the inset's asymptotes are the extended SVM's (‖S_w‖, b_w) on the λ = 0.55 draw (SPEC §3.3–3.4), to 1e-8", () => {
    const { data } = typicalDraw({ ...defaultRunConfig, n: 100, epochs: 2_000, testSize: 200 }, INSET_LAMBDA);
    // w_SVM = argmin ‖S‖² + b² s.t. S·x_i + b ≤ −1: (M²S*, −1)/(1 + M²), so ‖S_w‖ = M/(1+M²), b_w = −1/(1+M²)
    const w = svmExtended(data.X, data.n, data.d);
    const row = r.rows.find((x) => x.panel === "inset");
    // 1e-8: the two SVM solvers (extended, through the origin) each meet KKT to ~1e-10
    expect(Math.abs(norm(w.S) - (row?.asymptote_norm_s as number))).toBeLessThan(1e-8);
    expect(Math.abs((w.b ?? Number.NaN) - (row?.asymptote_b as number))).toBeLessThan(1e-8);
  });

  it("with bias in conformal time and without bias give one ‖S‖ curve (SPEC §3.5; middle panel alone)", async () => {
    const r = await fig2.run({ size: "smoke", workers: 1, panels: ["middle"] });
    expect(new Set(r.rows.map((row) => row.panel))).toEqual(new Set(["middle", "inset"]));
    let worst = 0;
    for (const row of r.rows.filter((x) => x.panel === "middle")) {
      const a = row.norm_s_with_bias as number;
      worst = Math.max(worst, Math.abs(a - (row.norm_s_bias_free as number)) / a);
    }
    // two independent odex integrations at rtol 1e-8 of the same S(τ): 1e-6 leaves two decades of margin
    expect(worst).toBeLessThan(1e-6);
    expect(r.checks[0].verdict).toBe("PASS");
  });
});
