import erf from "@stdlib/math-base-special-erf";
import { describe, expect, it } from "vitest";
import { classDensities } from "../../../../src/experiments/figures/fig04/sketches.js";
import { FIG4_PARAMS } from "../../../../src/train/twoGaussian.js";

const { mu } = FIG4_PARAMS;

describe("Fig. 4 class-density sketches", () => {
  it("each class density is N(±μ, σ_A²): it integrates to 1 and peaks at ±μ (trapezoid rule, 1e-4)", () => {
    for (const sigmaA of [0.05, 0.1]) {
      const rows = classDensities(sigmaA, mu);
      for (const sign of [-1, 1]) {
        const pts = rows.filter((r) => String(r.class).includes(sign < 0 ? "−1" : "+1"));
        let area = 0;
        for (let k = 1; k < pts.length; k++) {
          const dx = (pts[k].x as number) - (pts[k - 1].x as number);
          area += 0.5 * dx * ((pts[k].density as number) + (pts[k - 1].density as number));
        }
        // the grid covers μ ± 2.5σ_A at σ_A = 0.1 (mass 0.988) and ±5σ_A at 0.05; the trapezoid error is ~1e-5 here
        const mass = sigmaA === 0.1 ? erf(2.5 / Math.SQRT2) / 2 + erf(6.5 / Math.SQRT2) / 2 : 1;
        expect(Math.abs(area - mass)).toBeLessThan(1e-4);
        const peak = pts.reduce((a, b) => ((b.density as number) > (a.density as number) ? b : a));
        expect(Math.abs((peak.x as number) - sign * mu)).toBeLessThan(0.006);
      }
    }
  });

  it("at σ_A = 0 each class is a point mass at ±μ (drawn as a spike)", () => {
    const rows = classDensities(0, mu);
    expect(rows.map((r) => [r.x, r.spike])).toEqual([
      [-mu, true],
      [mu, true],
    ]);
  });
});
