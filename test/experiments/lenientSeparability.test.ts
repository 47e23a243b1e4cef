import { describe, expect, it } from "vitest";
import { lenientSeparability, parseLenientTest } from "../../src/experiments/lenientSeparability.js";
import { sInfinity } from "../../src/theory/sinf.js";
import { trainingData } from "../../src/train/run.js";

describe("the emulated lenient separability test (Adam, threshold on ‖S‖)", () => {
  it("calls a separable draw separable once ‖S‖ passes the threshold", () => {
    // every point has x_1 ≥ 1: S = −e_1·s separates, the loss has no minimiser and Adam's ‖S‖ grows without bound
    // (slowly: the gradient falls like e^{−‖S‖} while Adam's second moment remembers the early, larger ones; measured
    // ‖S‖ ≈ 5.7 after 1000 steps and 8.6 after 5000 at η = 0.1)
    const n = 20;
    const d = 3;
    const X = Float64Array.from({ length: n * d }, (_, m) => (m % d === 0 ? 1 + (m % 7) / 7 : Math.sin(m)));
    const r = lenientSeparability(X, n, d, { lr: 0.1, steps: 5000, threshold: 5 });
    expect(r.separable).toBe(true);
    expect(r.norm).toBeGreaterThan(5);
    expect(r.steps).toBeLessThan(5000);
    // the same draw with too few steps for the threshold is called inseparable: the leniency under test
    expect(lenientSeparability(X, n, d, { lr: 0.1, steps: 100, threshold: 5 }).separable).toBe(false);
  });

  it("on an inseparable draw ends near S_∞ of the exact Newton solve, below the threshold", () => {
    // N = 200, d = 20 (λ = 0.1, far below ½: inseparable with certainty in practice); Adam at η = 0.01 with 5000 steps
    // settles within its step-size noise, ~η·√d = 0.05 in ‖S‖; the tolerance 0.1 is twice that
    const data = trainingData({ n: 200, d: 20, sigma: 1, seed: 3, runIndex: 0 });
    const exact = sInfinity(data.X, 200, 20);
    expect(exact.separable).toBe(false);
    const r = lenientSeparability(data.X, 200, 20, { lr: 0.01, steps: 5000, threshold: 100 });
    expect(r.separable).toBe(false);
    expect(Math.abs(r.norm - exact.norm)).toBeLessThan(0.1);
  });

  it("parses lr,steps,threshold and names the value and what is allowed when it is bad", () => {
    expect(parseLenientTest("0.01, 1000, 100")).toEqual({ lr: 0.01, steps: 1000, threshold: 100 });
    expect(() => parseLenientTest("0.01,1000")).toThrow('--lenient must be lr,steps,threshold (got "0.01,1000")');
    expect(() => parseLenientTest("0.01,10.5,100")).toThrow(
      '--lenient steps must be an integer from 1 to 1000000 (got "10.5")',
    );
    expect(() => parseLenientTest("2,10,100")).toThrow('--lenient lr must be a number > 0 and ≤ 1 (got "2")');
  });
});
