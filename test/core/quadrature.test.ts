import { describe, expect, it } from "vitest";
import { integrateAdaptive } from "../../src/core/quadrature.js";

describe("adaptive Gauss–Kronrod quadrature", () => {
  it("integrates a polynomial of degree ≤ 22 exactly on one piece (Kronrod-15 degree of exactness 22)", () => {
    // ∫_{-1}^{2} u^20 du = (2^21 + 1)/21; float error only (~1e-15 relative)
    const got = integrateAdaptive((u) => u ** 20, [-1, 2], 1e-14);
    expect(Math.abs(got / ((2 ** 21 + 1) / 21) - 1)).toBeLessThan(1e-13);
  });

  it("integrates the Gaussian to √(2π) (truncation at ±13 drops < e^{-84})", () => {
    const got = integrateAdaptive((u) => Math.exp(-0.5 * u * u), [-13, 13], 1e-13);
    expect(Math.abs(got / Math.sqrt(2 * Math.PI) - 1)).toBeLessThan(1e-13);
  });

  it("resolves a feature of width 1e-6 when given a breakpoint there", () => {
    // ∫ 1/(1 + ((u − 0.3)/w)²) du over [−1, 1] = w (atan((1 − 0.3)/w) + atan((1 + 0.3)/w)), w = 1e-6
    const w = 1e-6;
    const exact = w * (Math.atan(0.7 / w) + Math.atan(1.3 / w));
    const got = integrateAdaptive((u) => 1 / (1 + ((u - 0.3) / w) ** 2), [-1, 0.3 - w, 0.3, 0.3 + w, 1], 1e-12);
    // rtol 1e-12 requested; the bisection's error bound is pessimistic, so 1e-10 is a safe assertion
    expect(Math.abs(got / exact - 1)).toBeLessThan(1e-10);
  });
});
