import { describe, expect, it } from "vitest";
import { gaussianDataset, randomDirection } from "../../src/core/data.js";
import { normalStream, Stream } from "../../src/core/rng.js";
import { norm } from "../../src/core/vector.js";

describe("data: x_i ~ N(0, σ² I_d) stored N×d row-major; S_0 a random direction of given norm", () => {
  it("gaussianDataset has N×d entries with mean 0 and standard deviation σ (σ is a std, not a variance)", () => {
    const n = 2000;
    const d = 25;
    const sigma = 5;
    const ds = gaussianDataset(normalStream(1, 0, Stream.train), n, d, sigma);
    expect(ds.n).toBe(n);
    expect(ds.d).toBe(d);
    expect(ds.X.length).toBe(n * d);
    const m = n * d;
    let s = 0;
    for (const v of ds.X) s += v;
    const mean = s / m;
    let ss = 0;
    for (const v of ds.X) ss += (v - mean) ** 2;
    const variance = ss / (m - 1);
    // sampling error: SE(mean) = σ/√m, SE(s²) = σ²√(2/m); 5 SE
    expect(Math.abs(mean)).toBeLessThan((5 * sigma) / Math.sqrt(m));
    expect(Math.abs(variance - sigma * sigma)).toBeLessThan(5 * sigma * sigma * Math.sqrt(2 / m));
  });

  it("gaussianDataset fills rows in stream order (row i is draws i·d … i·d + d − 1)", () => {
    const ds = gaussianDataset(normalStream(2, 0, Stream.train), 3, 4, 2);
    const g = normalStream(2, 0, Stream.train);
    // float error: none, both sides compute 2·draw with the same rounding
    for (let k = 0; k < 12; k++) expect(ds.X[k]).toBe(2 * g());
  });

  it("randomDirection has exactly the requested norm and is zero for norm 0", () => {
    for (const len of [0.1, 1, 2, 1e-8]) {
      const s = randomDirection(normalStream(3, 0, Stream.init), 17, len);
      // float error: d multiplications and divisions plus the norm, a few ulp
      expect(Math.abs(norm(s) - len) / len).toBeLessThan(1e-14);
    }
    const z = randomDirection(normalStream(3, 0, Stream.init), 5, 0);
    expect(z.length).toBe(5);
    expect(z.every((v) => v === 0)).toBe(true); // ±0 both count as zero
  });

  it("randomDirection is isotropic: the mean of many unit directions is ≈ 0 and E[v_j²] = 1/d", () => {
    const d = 4;
    const reps = 20000;
    const g = normalStream(4, 0, Stream.init);
    const sum = new Float64Array(d);
    const sumSq = new Float64Array(d);
    for (let r = 0; r < reps; r++) {
      const v = randomDirection(g, d, 1);
      for (let j = 0; j < d; j++) {
        sum[j] += v[j];
        sumSq[j] += v[j] * v[j];
      }
    }
    for (let j = 0; j < d; j++) {
      // sampling error: Var(v_j) = 1/d, so SE(mean) = 1/√(d·reps); 5 SE
      expect(Math.abs(sum[j] / reps)).toBeLessThan(5 / Math.sqrt(d * reps));
      // theory: v_j² ~ Beta(1/2, (d−1)/2), mean 1/d, variance 2(d−1)/(d²(d+2)); 5 SE
      const se = Math.sqrt((2 * (d - 1)) / (d * d * (d + 2)) / reps);
      expect(Math.abs(sumSq[j] / reps - 1 / d)).toBeLessThan(5 * se);
    }
  });
});
