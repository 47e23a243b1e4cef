import { describe, expect, it } from "vitest";
import { contourLine } from "../../../../src/experiments/figures/fig03/timeMap.js";

describe("Fig. 3 right's contours against an independent oracle", () => {
  it("contourLine is exact on a field that is linear in both grid directions (interpolation is then exact)", () => {
    // f(σ, l) = 0.5σ − l: grows with σ and towards the edge (l → −∞), as the time map does
    const size = { perDecade: 1, sigmas: [8, 10, 12, 14, 16], log10Xs: [-6, -5, -4, -3, -2] };
    const f = (sigma: number, l: number) => 0.5 * sigma - l;
    const cells = size.sigmas.flatMap((sigma) =>
      size.log10Xs.map((log10X) => ({ sigma, log10X, log10T: f(sigma, log10X) })),
    );
    const line = contourLine(cells, size, 9);
    expect(line.length).toBeGreaterThan(3);
    for (const p of line) expect(Math.abs(f(p.sigma, p.log10X) - 9)).toBeLessThan(1e-12);
    // one monotone curve: σ rises with log10(1 − 2λ) along the sorted vertices
    for (let k = 1; k < line.length; k++) expect(line[k].sigma).toBeGreaterThanOrEqual(line[k - 1].sigma);
  });
});
