import { describe, expect, it } from "vitest";
import {
  monotoneVerdict,
  pairedSteps,
  risingSteps,
  type SinfDraw,
} from "../../../../src/experiments/figures/fig01/sinfDraws.js";

describe("risingSteps (the monotonicity verdict)", () => {
  const v = (mean: number, se: number) => ({ mean, se, count: 10 });
  it("PASS when every step rises by > 2 SE, FAIL when one falls by > 2 SE, UNSURE otherwise", () => {
    const pts = (ms: number[]) => ms.map((m, i) => ({ label: `${i}`, v: v(m, 0.1) }));
    expect(risingSteps(pts([1, 2, 3])).verdict).toBe("PASS");
    expect(risingSteps(pts([1, 2, 1])).verdict).toBe("FAIL");
    expect(risingSteps(pts([1, 2, 2.1])).verdict).toBe("UNSURE");
  });
});

describe("pairedSteps / monotoneVerdict (monotone within error bars, nested draws)", () => {
  const draw = (d: number, k: number, norm: number) =>
    ({ d, runIndex: k, separable: false, converged: true, norm }) as unknown as SinfDraw;
  const value = (r: SinfDraw) => r.norm;
  it("a shift common to every draw has zero jackknife SE; the difference is exact", () => {
    // per-draw values at d2 are those at d1 plus 1: the paired difference is 1 in every leave-one-out sample
    const draws = [0, 1, 2, 3].flatMap((k) => [draw(1, k, k * k), draw(2, k, k * k + 1)]);
    const p = pairedSteps(draws, value);
    expect(p.steps[0].diff).toBeCloseTo(1, 12);
    expect(p.steps[0].se).toBeLessThan(1e-12);
    expect(monotoneVerdict(p).verdict).toBe("PASS");
  });
  it("jackknife SE of one d's mean equals the textbook SE (√(s²/n)) when the other d is constant", () => {
    const xs = [3, 5, 4, 9, 1];
    const draws = xs.flatMap((x, k) => [draw(1, k, 0), draw(2, k, x)]);
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const s2 = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
    expect(pairedSteps(draws, value).steps[0].se).toBeCloseTo(Math.sqrt(s2 / xs.length), 12);
  });
  it("FAIL when a step falls by more than 2 SE; UNSURE when nothing is resolved", () => {
    const falling = [0, 1, 2].flatMap((k) => [draw(1, k, k), draw(2, k, k + 2), draw(3, k, k + 1)]);
    expect(monotoneVerdict(pairedSteps(falling, value)).verdict).toBe("FAIL");
    const noisy = [0, 1, 2].flatMap((k) => [draw(1, k, 0), draw(2, k, [5, -5, 1][k])]);
    expect(monotoneVerdict(pairedSteps(noisy, value)).verdict).toBe("UNSURE");
  });
});
