/**
 * The loss table (core/losses.ts) against independent oracles: each entry's linear-space row gives the loss and the
 * weight that its log-space formulas give, the weight is the loss's derivative (central finite differences), and the
 * ABI codes are distinct small integers (the kernel's branch per loss). Tolerances: the linear and log forms of one
 * quantity are two roundings of the same value, and exp of a log of size ≤ 30 amplifies a rounding 30-fold
 * (30 · 2.2e-16 ≈ 7e-15): 1e-13 relative; the finite difference at step h = 1e-5 has
 * truncation error ~h²·|ℓ'''|/6 ≲ 1e-10 and roundoff ~ε·|ℓ|/h ≲ 1e-10, so 1e-8 relative.
 */
import { describe, expect, it } from "vitest";
import { LOSS_NAMES, LOSSES } from "../../src/core/losses.js";

const Z = [-30, -5, -1, -1e-3, 0, 1e-3, 0.5, 2, 10, 30];
const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

describe("the loss table", () => {
  it("has the logistic and the exponential loss with distinct integer codes", () => {
    expect(LOSS_NAMES).toEqual(["logistic", "exp"]);
    const codes = LOSS_NAMES.map((l) => LOSSES[l].code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(Number.isInteger(c) && c >= 0).toBe(true);
  });

  for (const name of LOSS_NAMES) {
    const L = LOSSES[name];
    it(`${name}: the linear row's loss and weight equal exp of the log formulas (1e-13), weight = dℓ/dz (1e-8)`, () => {
      const w = new Float64Array(1);
      const lossAt = (z: number) => L.linearPoint(z, w, 0);
      for (const z of Z) {
        const l = L.linearPoint(z, w, 0);
        expect(rel(l, Math.exp(L.logPointLoss(z)))).toBeLessThanOrEqual(1e-13);
        expect(rel(w[0], Math.exp(L.logPointWeight(z)))).toBeLessThanOrEqual(1e-13);
        const weight = w[0];
        const h = 1e-5;
        const fd = (lossAt(z + h) - lossAt(z - h)) / (2 * h);
        expect(rel(fd, weight)).toBeLessThanOrEqual(1e-8);
      }
    });
  }

  it("the linear pass is refused where its weights leave float64's exact range: e^{±600} and beyond", () => {
    expect(LOSSES.logistic.linearOk(-599)).toBe(true);
    expect(LOSSES.logistic.linearOk(-601)).toBe(false);
    expect(LOSSES.logistic.linearOk(1e4)).toBe(true); // σ(z) ≤ 1: no overflow
    expect(LOSSES.exp.linearOk(599)).toBe(true);
    expect(LOSSES.exp.linearOk(601)).toBe(false);
    expect(LOSSES.exp.linearOk(-601)).toBe(false);
  });
});
