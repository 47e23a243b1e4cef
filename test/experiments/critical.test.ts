import { describe, expect, it } from "vitest";
import { analyseCritical, type CriticalDraw, criticalSpec } from "../../src/experiments/critical.js";

/** A draw whose σ‖S_∞‖ is log(1/(1−2λ)) (+ a small alternating offset) and final accuracy a step at λ = ½. */
function draw(n: number, lambda: number, k: number): CriticalDraw {
  const x = 1 - 2 * lambda;
  return {
    n,
    lambda,
    d: Math.round(lambda * n),
    draw: k,
    separable: lambda > 0.5 ? 1 : 0,
    sigma_s_inf: lambda < 0.5 ? Math.log(1 / x) + (k % 2 ? 0.01 : -0.01) : Number.NaN,
    final_pop_acc: 0.5 + 0.5 / (1 + Math.exp(-x * Math.sqrt(n))),
    final_train_acc: 1,
    log10_t_steepest: null,
    log10_t_halfway: null,
    halfway_delay_decades: null,
    area_decades: null,
    grok_acc_delay_epochs: null,
  };
}

describe("critical analysis: per-size laws below ½ and collapses over sizes", () => {
  const lambdas = [0.4, 0.44, 0.46, 0.48, 0.49, 0.5, 0.51, 0.52, 0.54, 0.56];
  const rows = [400, 1600].flatMap((n) => lambdas.flatMap((l) => [0, 1, 2, 3].map((k) => draw(n, l, k))));
  const a = analyseCritical(rows, { level: 0.95, resamples: 200, seed: 0 });

  it("fits σ‖S_∞‖ = log(1/(1−2λ)) with a = 1 inside its interval, from the λ below ½ only", () => {
    const log = a.laws.find((l) => l.quantity === "sigma_s_inf" && l.n === 400 && l.form === "log");
    expect(log?.fit?.points).toBe(5);
    expect(log?.fit?.exponent).toBeCloseTo(1, 10); // the ±0.01 offsets cancel in each λ's mean
    expect(log?.fit?.exponentInterval[0]).toBeLessThanOrEqual(1);
    expect(log?.fit?.exponentInterval[1]).toBeGreaterThanOrEqual(1);
  });

  it("says why a quantity with no finite values has no fit, and collapses an accuracy of (1−2λ)√N to ν ≈ 2", () => {
    const none = a.laws.find((l) => l.quantity === "area_decades");
    expect(none?.fit).toBeNull();
    expect(none?.error).toMatch(/at least two control values/);
    const acc = a.collapses.find((c) => c.quantity === "final_pop_acc")?.fit;
    // an exact scaling function sampled at 10 λ: the residual's minimum sits within 10 % of ν = 2 (interpolation)
    expect(Math.abs((acc?.nu ?? 0) - 2)).toBeLessThan(0.2);
  });

  it("builds the sweep N × λ with draws as replicates through the one schema", () => {
    const spec = criticalSpec({ name: "c", seed: 3, draws: 5, sizes: [400], lambdas: [0.48, 0.5], base: { sigma: 5 } });
    expect(spec.replicates).toBe(5);
    expect(spec.grid).toEqual([
      ["N", [400]],
      ["lambda", [0.48, 0.5]],
    ]);
    expect(() =>
      criticalSpec({ name: "c", seed: 0, draws: 2, sizes: [1], lambdas: [0.5], base: { sigma: -1 } }),
    ).toThrow(/sigma/);
  });
});
