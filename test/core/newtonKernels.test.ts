/**
 * The WASM dense kernels of the S_∞ Newton solver (core/kernel/solverWorkspace.ts) against the TypeScript reference
 * of core/linalg.ts: the Cholesky factor and the solve with it bit for bit (same summation order by construction), the
 * fused Hessian-vector product Xᵀ(w ⊙ Xv) to rounding.
 */
import { describe, expect, it } from "vitest";
import { createKernel } from "../../src/core/kernel/kernel.js";
import { cholesky, choleskySolve, matTVec, matVec } from "../../src/core/linalg.js";
import { normalStream } from "../../src/core/rng.js";

/** A WASM Kernel of its own (throws where WASM SIMD128 cannot run: these tests are about the WASM kernels). */
const kernel = createKernel({ backend: "wasm" });

function gaussian(seed: number, length: number): Float64Array {
  const g = normalStream(seed, length);
  return new Float64Array(length).map(() => g());
}

/** XᵀX/n + I for X n×d: symmetric positive definite. */
function spd(seed: number, n: number, d: number): Float64Array {
  const X = gaussian(seed, n * d);
  const A = new Float64Array(d * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) A[j * d + k] += (X[i * d + j] * X[i * d + k]) / n;
  for (let j = 0; j < d; j++) A[j * d + j] += 1;
  return A;
}

describe("WASM Newton kernels", () => {
  for (const [n, d] of [
    [9, 1],
    [37, 6],
    [130, 33],
    [301, 64],
  ]) {
    it(`factor and solve give linalg's cholesky and choleskySolve bit for bit (d = ${d})`, () => {
      const k = kernel.newtonKernels(n, d);
      expect(k).not.toBeNull();
      const A = spd(d, 2 * d + 3, d);
      const ref = A.slice();
      expect(cholesky(ref, d)).toBe(true);
      k!.L.set(A);
      expect(k!.factor(d)).toBe(true);
      for (let j = 0; j < d; j++) for (let c = 0; c <= j; c++) expect(k!.L[j * d + c]).toBe(ref[j * d + c]);
      const b = gaussian(d + 1, d);
      k!.rhs.set(b);
      k!.solve(d);
      expect([...k!.rhs]).toEqual([...choleskySolve(ref, d, b.slice())]);
    });

    it(`hessianTimes = Xᵀ(w ⊙ Xv) of matVec and matTVec to 1e-12 relative to Σ|terms| (n×d = ${n}×${d})`, () => {
      const k = kernel.newtonKernels(n, d)!;
      const X = gaussian(3, n * d);
      const w = gaussian(4, n).map((x, i) => (i % 3 === 0 ? 0 : Math.abs(x))); // zeros are skipped rows
      const v = gaussian(5, d);
      k.X.set(X);
      k.w.set(w);
      k.v.set(v);
      k.hessianTimes();
      const u = matVec(X, n, d, v, new Float64Array(n)).map((z, i) => z * w[i]);
      const want = matTVec(X, n, d, u, new Float64Array(d));
      // float error: each entry sums n products in another order; bound it by the size of the terms summed
      const scale = matTVec(X.map(Math.abs), n, d, u.map(Math.abs), new Float64Array(d));
      for (let j = 0; j < d; j++) expect(Math.abs(k.out[j] - want[j])).toBeLessThanOrEqual(1e-12 * scale[j]);
    });
  }

  it("refuses a matrix that is not positive definite", () => {
    const k = kernel.newtonKernels(4, 2)!;
    k.L.set([1, 2, 2, 1]); // eigenvalues 3 and −1
    expect(k.factor(2)).toBe(false);
  });
});
