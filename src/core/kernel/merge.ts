/**
 * Merging the blocks of a split pass: block k's partial sums, read from the arena that ran it, are combined in block
 * order into one arena's outputs and gradients. The arithmetic and its order do not depend on which memory holds a
 * block nor on which thread ran it, so a split pass gives the same bits on any machine.
 */

import { exp } from "../detMath.js";
import type { BasePass } from "./abi.js";
import { KERNEL_CHUNKS, OUT_LEN } from "./layout.js";

/** Where an arena keeps the sums of its blocks and of the merged pass (KernelArena). */
export interface MergeArena {
  /** the whole memory as float64 */
  readonly heap: Float64Array;
  /** the merged pass's output (8 values) */
  readonly out: Float64Array;
  /** byte offsets of run 0's gradient and outputs, and the bytes between runs' vectors */
  readonly gPtr: number;
  readonly outPtr: number;
  readonly vecBytes: number;
  /** byte offsets of block k's gradient and output for run r */
  gBlock(k: number, r: number): number;
  outBlock(k: number, r: number): number;
}

/** Merges the blocks of a split pass (block k in src[k]) into dst's outputs and gradients; returns dst's out. */
export function mergeBlocks(
  pass: BasePass,
  src: readonly MergeArena[],
  dst: MergeArena,
  d: number,
  runs: number,
): Float64Array {
  if (pass === "linearPass") mergeLinear(src, dst, d, 0);
  else if (pass === "linearPassBatch") for (let r = 0; r < runs; r++) mergeLinear(src, dst, d, r);
  else mergeLog(src, dst, d, pass === "logPass");
  return dst.out;
}

/**
 * Run r's blocks' linear outputs → its out: sums of loss, weight and correct, max of z; its G = Σ_k G_k in block
 * order.
 */
function mergeLinear(src: readonly MergeArena[], dst: MergeArena, d: number, r: number): void {
  const h = dst.heap;
  const o = (dst.outPtr + r * 8 * OUT_LEN) / 8;
  h.fill(0, o, o + OUT_LEN);
  h[o + 3] = Number.NEGATIVE_INFINITY;
  const g0 = (dst.gPtr + r * dst.vecBytes) / 8;
  h.fill(0, g0, g0 + d);
  for (let k = 0; k < KERNEL_CHUNKS; k++) {
    const hk = src[k].heap;
    const ob = src[k].outBlock(k, r) / 8;
    h[o] += hk[ob];
    h[o + 1] += hk[ob + 1];
    h[o + 2] += hk[ob + 2];
    if (hk[ob + 3] > h[o + 3]) h[o + 3] = hk[ob + 3];
    const gb = src[k].gBlock(k, r) / 8;
    for (let j = 0; j < d; j++) h[g0 + j] += hk[gb + j];
  }
}

/**
 * Blocks' log-space outputs → out: the loss log-sum-exps and the weights rescaled to the largest block maximum
 * (e^{M_k − M}, exact merging of running maxima); counts summed; G = Σ_k e^{M_k − M} G_k (logPass only).
 */
function mergeLog(src: readonly MergeArena[], dst: MergeArena, d: number, gradient: boolean): void {
  const h = dst.heap;
  const o = dst.out;
  // block k's output: 8 values at hk(k)[ob(k)], in the memory of the arena that ran it
  const hk = (k: number) => src[k].heap;
  const ob = (k: number) => src[k].outBlock(k, 0) / 8;
  let lseMax = Number.NEGATIVE_INFINITY;
  let mW = Number.NEGATIVE_INFINITY;
  let maxZ = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < KERNEL_CHUNKS; k++) {
    lseMax = Math.max(lseMax, hk(k)[ob(k)]);
    if (gradient) {
      maxZ = Math.max(maxZ, hk(k)[ob(k) + 3]);
      mW = Math.max(mW, hk(k)[ob(k) + 4]);
    }
  }
  const scale = (m: number, top: number) => (m === Number.NEGATIVE_INFINITY ? 0 : exp(m - top));
  let lseSum = 0;
  let correct = 0;
  let sumW = 0;
  const g0 = dst.gPtr / 8;
  if (gradient) h.fill(0, g0, g0 + d);
  for (let k = 0; k < KERNEL_CHUNKS; k++) {
    const hb = hk(k);
    lseSum += hb[ob(k) + 1] * scale(hb[ob(k)], lseMax);
    correct += hb[ob(k) + 2];
    if (!gradient) continue;
    const f = scale(hb[ob(k) + 4], mW);
    sumW += hb[ob(k) + 5] * f;
    const gb = src[k].gBlock(k, 0) / 8;
    for (let j = 0; j < d; j++) h[g0 + j] += f * hb[gb + j];
  }
  o.fill(0);
  o[0] = lseMax;
  o[1] = lseSum;
  o[2] = correct;
  o[3] = maxZ;
  o[4] = mW;
  o[5] = sumW;
}
