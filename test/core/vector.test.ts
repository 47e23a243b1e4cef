import { describe, expect, it } from "vitest";
import { dot, norm } from "../../src/core/vector.js";

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

// float error: a sum of a few squares, a sqrt and (in the rescaled path) a divide per entry: a few ulp
const ULPS = 1e-15;

describe("vector: Euclidean norm and dot product", () => {
  it("norm of ordinary vectors equals sqrt(Σ v²)", () => {
    expect(norm([3, 4])).toBe(5);
    expect(norm(new Float64Array([1, 2, 2]))).toBe(3);
    expect(norm([])).toBe(0);
    expect(norm(new Float64Array(7))).toBe(0);
    expect(relErr(norm([1, 1]), Math.SQRT2)).toBeLessThan(ULPS);
  });

  it("norm does not overflow for huge entries (1e200: Σv² = 1e400 would be Infinity)", () => {
    expect(relErr(norm([3e200, 4e200]), 5e200)).toBeLessThan(ULPS);
    expect(relErr(norm([1e200, 1e200]), Math.SQRT2 * 1e200)).toBeLessThan(ULPS);
    expect(relErr(norm(new Float64Array([-1e200, 0, 1e200, 1])), Math.SQRT2 * 1e200)).toBeLessThan(ULPS);
    expect(relErr(norm([1e308, -1e307]), Math.hypot(1e308, 1e307))).toBeLessThan(ULPS); // near the top of the float range
  });

  it("norm does not underflow for tiny entries (1e-200: Σv² = 1e-400 would be 0)", () => {
    expect(relErr(norm([3e-200, 4e-200]), 5e-200)).toBeLessThan(ULPS);
    expect(relErr(norm([1e-200, -1e-200]), Math.SQRT2 * 1e-200)).toBeLessThan(ULPS);
    // subnormal entries (the smallest float, 4.9e-324): no underflow to 0; √2·4.9e-324 rounds to 4.9e-324,
    // exactly as the correctly rounded Math.hypot does, so the comparison is exact
    expect(norm([5e-324])).toBe(5e-324);
    expect(norm([5e-324, 5e-324])).toBe(Math.hypot(5e-324, 5e-324));
    expect(norm([5e-324, 5e-324])).toBeGreaterThan(0);
  });

  it("norm agrees with Math.hypot across magnitudes", () => {
    for (const s of [1e-300, 1e-160, 1e-140, 1e-10, 1, 1e10, 1e140, 1e160, 1e300]) {
      const v = [0.3 * s, -1.7 * s, 2.2 * s, 0.01 * s];
      // float error: a few ulp (the two methods round differently)
      expect(relErr(norm(v), Math.hypot(...v))).toBeLessThan(ULPS);
    }
  });

  it("dot(u, v) = Σ u_i v_i", () => {
    expect(dot([1, 2, 3], [4, -5, 6])).toBe(12);
    expect(dot(new Float64Array([0.5]), new Float64Array([4]))).toBe(2);
  });
});
