import { beforeAll, describe, expect, it } from "vitest";
import { sinfDraws, sinfPoints } from "../../../../src/experiments/figures/fig01/sinfDraws.js";
import { fig6 } from "../../../../src/experiments/figures/fig06/index.js";
import type { FigureResult } from "../../../../src/experiments/figures/recipe.js";
import { localTheoryRunner } from "../../../../src/experiments/theoryTasks.js";

let result: FigureResult;

beforeAll(async () => {
  result = await fig6.run({ size: "smoke", workers: 1 });
}, 60_000);

describe("Fig. 6 (smoke size)", () => {
  it("draws two panels with inline data and yields checks with verdicts", () => {
    const spec = result.spec as unknown as { hconcat: object[] };
    expect(spec.hconcat).toHaveLength(2);
    expect(result.checks.map((c) => c.claim).join(" ")).toContain("Wendel");
    for (const c of result.checks) expect(["PASS", "FAIL", "UNSURE"]).toContain(c.verdict);
    expect(result.rows.filter((r) => r.panel === "per_d")).toHaveLength(3);
    expect(result.rows.some((r) => r.panel === "wendel")).toBe(true);
  });

  it("every positive fraction is in (0, 1): at S_∞ Σ p_i S·x_i = 0 with p_i > 0 forces some S·x_i > 0", () => {
    for (const r of result.rows.filter((x) => x.panel === "per_d")) {
      expect(r.positive_fraction as number).toBeGreaterThan(0);
      expect(r.positive_fraction as number).toBeLessThan(1);
    }
  });
});

describe("separability of the sweep's draws against Wendel's theorem (SPEC §3.2)", () => {
  it("the fraction of inseparable draws is within 4 binomial SE of 1 − P_Wendel at N = 30", async () => {
    // 300 cheap draws per d around λ = ½; 4 SE: a correct decision procedure fails this with probability < 1e-4
    const s = { n: 30, sigma: 1, ds: [12, 15, 18], draws: 300, seed: 11 };
    const points = sinfPoints(s, await sinfDraws(s, { run: localTheoryRunner(1) }));
    for (const p of points) {
      const n = p.inseparable + p.separable;
      expect(p.undecided).toBe(0);
      const q = p.wendelInseparable;
      const se = Math.sqrt((q * (1 - q)) / n);
      expect(Math.abs(p.inseparable / n - q)).toBeLessThan(4 * se);
    }
    // the three d straddle the step: inseparable draws become rarer as d grows
    expect(points[0].inseparable).toBeGreaterThan(points[2].inseparable);
  }, 60_000);
});
