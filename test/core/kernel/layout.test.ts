/**
 * The shape rules of the kernel layer (core/kernel/layout.ts) that train/ and cli/ ask instead of knowing: where a
 * pass is cut into blocks, how many threads share it, how many columns a labelled set's passes run on, and which
 * draws go straight into kernel memory. Oracles: the stated thresholds worked by hand at their edges.
 */
import { describe, expect, it } from "vitest";
import { flipByLabels } from "../../../src/core/distributions.js";
import {
  drawsIntoKernel,
  KERNEL_CHUNKS,
  passColumns,
  splitsPass,
  threadsPerPass,
} from "../../../src/core/kernel/layout.js";

describe("kernel layout rules", () => {
  it("a pass is cut into blocks from N·d ≥ 2^18 = 262144 values and 8 × 16 = 128 rows on", () => {
    expect(splitsPass(1000, 262)).toBe(false); // 262000 values
    expect(splitsPass(1000, 263)).toBe(true); // 263000
    expect(splitsPass(1200, 360)).toBe(true);
    expect(splitsPass(127, 4000)).toBe(false); // 508000 values but fewer than 128 rows
    expect(splitsPass(128, 4000)).toBe(true);
  });

  it("threads share a pass only where it is cut into blocks, at most one per block", () => {
    expect(threadsPerPass(1000, 262, 16)).toBe(1);
    expect(threadsPerPass(1200, 360, 1)).toBe(1);
    expect(threadsPerPass(1200, 360, 3)).toBe(3);
    expect(threadsPerPass(1200, 360, 64)).toBe(KERNEL_CHUNKS);
    expect(KERNEL_CHUNKS).toBe(8);
  });

  it("a labelled set's passes run on d + 1 columns: its constant-label form has a bias column", () => {
    const [n, d] = [3, 2];
    const X = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const flipped = flipByLabels(X, [1, -1, 1], n, d, true);
    expect(flipped.length).toBe(n * passColumns(d, true));
    expect(Array.from(flipped.subarray(0, passColumns(d, true)))).toEqual([-1, -2, -1]); // −y (x, 1) for y = +1
    expect(passColumns(d, false)).toBe(d);
  });

  it("a training draw goes into kernel memory from N·columns ≥ 2^18 on", () => {
    expect(drawsIntoKernel(1000, 262)).toBe(false);
    expect(drawsIntoKernel(1000, 263)).toBe(true);
    expect(drawsIntoKernel(100, 2622)).toBe(true); // few rows: drawn there though its passes are not cut
  });
});
