import { describe, expect, it } from "vitest";
import { asymptote, type WebTheory } from "../../src/web/drawTheory.js";
import { webRunDefaults } from "../../src/web/state.js";

const last = { epoch: 1000, b: -2.5, sigma_norm_s: 1.7 };
const base = { width: 10, wendel_probability: 0.2, wendelLargeN: 0.2, method: "newton", note: "" };

describe("the explorer's long-time asymptotes", () => {
  it("an inseparable draw's curve starts at the current state and tends to σ‖S_∞‖ as t0/t", () => {
    const theory: WebTheory = { ...base, separable: false, sigma_s_inf_norm: 2.5 };
    const pts = asymptote(theory, webRunDefaults, last, 1e7, 40);
    expect(pts[0]).toMatchObject({ epoch: 1000, b: last.b, sigmaNormS: last.sigma_norm_s });
    const end = pts.at(-1)!;
    // t0/t = 1e-4 at the end: σ‖S‖ is within 1e-4 of the gap from σ‖S_∞‖; b has fallen by log(1e4)
    expect(Math.abs(end.sigmaNormS - 2.5)).toBeCloseTo(0.8e-4, 12);
    expect(end.b).toBeCloseTo(last.b - Math.log(1e4), 12);
  });

  it("a separable draw's curve starts at the current state too", () => {
    const theory: WebTheory = { ...base, separable: true, margin: 0.1 };
    const [first] = asymptote(theory, webRunDefaults, last, 1e7, 40);
    expect(first.b).toBeCloseTo(last.b, 12);
    expect(first.sigmaNormS).toBeCloseTo(last.sigma_norm_s, 12);
  });
});
