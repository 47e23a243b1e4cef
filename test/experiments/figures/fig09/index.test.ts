import { compile, type TopLevelSpec } from "vega-lite";
import { beforeAll, describe, expect, it } from "vitest";
import { fig9 } from "../../../../src/experiments/figures/fig09/index.js";
import type { FigureResult } from "../../../../src/experiments/figures/recipe.js";
import { TOY1D_ETA } from "../../../../src/experiments/figures/toy1dFigures.js";

let result: FigureResult;

beforeAll(async () => {
  result = await fig9.run({ size: "smoke", workers: 1 });
}, 60_000);

describe("Fig. 9 (smoke size)", () => {
  it("draws the losses and the ratio panel as one compilable spec, with checks that carry verdicts", () => {
    const spec = result.spec as unknown as { hconcat: object[] };
    expect(spec.hconcat).toHaveLength(2);
    expect(() => compile(result.spec as TopLevelSpec)).not.toThrow();
    expect(result.checks.map((c) => c.claim).join(" ")).toContain("−1/√2");
    for (const c of result.checks) expect(["PASS", "FAIL", "UNSURE"]).toContain(c.verdict);
    const fit = result.extra?.fit as { slope: number } | undefined;
    expect(Number.isFinite(fit?.slope)).toBe(true);
  });

  it("carries both losses to t = 1e91 as finite log10 values", () => {
    const losses = result.rows.filter((r) => r.panel === "losses" && typeof r.log10_loss === "number");
    expect(Math.max(...losses.map((r) => r.log10_t as number))).toBe(91);
    for (const r of losses) expect(Number.isFinite(r.log10_loss as number)).toBe(true);
  });
});

describe("Fig. 9 against independent oracles", () => {
  it("late on, the drawn training loss is 1/(ηt) within 1e-3 decades for t ≥ 1e20", () => {
    // e^{−b} grows as η∫g dt with g(S̃) = ½(e^{S̃x} + e^{−S̃}) stationary at S̃_∞, so the training loss g e^b → 1/(ηt);
    // 1e-3 decades covers the O(1/t)-relative start-up term and the six-digit rounding of the rows.
    const train = result.rows.filter((r) => r.series === "training loss" && (r.log10_t as number) >= 20);
    expect(train.length).toBeGreaterThan(50);
    const log10Eta = Math.log10(TOY1D_ETA);
    for (const r of train) {
      expect(Math.abs((r.log10_loss as number) + log10Eta + (r.log10_t as number))).toBeLessThan(1e-3);
    }
  });

  it("at σ = 20, √log(t*_gen/t*_tr) agrees with the σ → ∞ closed form within 0.01 at every 1 − 2λ", () => {
    // σ → ∞ (S frozen at S̃_∞ = log(1/x)/(1 + x)): t_tr = (1/ε − 1/g)/η, t_gen = (e^{S̃²/2}/ε − 1)/(ηg),
    // g = ½(e^{S̃x} + e^{−S̃}); logs formed without overflow since ε = 1e-50 keeps both below 1e110.
    const eps = 1e-50;
    const measured = result.rows.filter((r) => r.series === "measured, σ = 20");
    expect(measured).toHaveLength(4);
    for (const r of measured) {
      const x = Math.exp(r.log_one_minus_2lambda as number);
      const sInf = Math.log(1 / x) / (1 + x);
      const g = 0.5 * (Math.exp(sInf * x) + Math.exp(-sInf));
      const tTr = 1 / eps - 1 / g;
      const tGen = (Math.exp(0.5 * sInf * sInf) / eps - 1) / g;
      // 0.01: the finite-σ transient (largest at 1e-4, measured 0.0013 there)
      expect(Math.abs((r.sqrt_log_ratio as number) - Math.sqrt(Math.log(tGen / tTr)))).toBeLessThan(0.01);
    }
  });
});
