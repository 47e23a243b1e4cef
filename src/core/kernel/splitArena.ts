/**
 * An X larger than one wasm32 memory (4 GiB), split over several (data.ts RowBlocks), each holding whole blocks of
 * the split pass: group g's arena holds kernel blocks [g·per, (g+1)·per), each run on the memory holding it (helpers
 * are attached to every memory); the blocks are then merged in block order into group 0's outputs, exactly as one
 * arena merges its own blocks, so every result is bit-identical to the pass over the same X in one memory, whatever
 * the split and the thread count.
 */

import { RowBlocks } from "../data.js";
import type { BasePass } from "./abi.js";
import { type ArenaHost, KernelArena, type PassArena } from "./arena.js";
import { blockRows, fitsMemory, KERNEL_CHUNKS, splitsPass } from "./layout.js";
import { mergeBlocks } from "./merge.js";
import { runBlocks } from "./threads.js";

export class SplitArena implements PassArena {
  preferLog = false;
  /** block k's arena */
  private readonly owner: readonly KernelArena[];

  constructor(
    private readonly host: ArenaHost,
    private readonly groups: readonly KernelArena[],
    /** kernel blocks per group (the last group may hold fewer) */
    private readonly per: number,
    readonly X: RowBlocks,
    /** runs that may share X in one pass (the groups' layout) */
    readonly runs: number,
  ) {
    this.owner = Array.from({ length: KERNEL_CHUNKS }, (_, k) => groups[Math.floor(k / per)]);
  }

  /** Runs every group's blocks of the pass over X (its S and b already loaded) at once, then merges them. */
  private pass(pass: BasePass, b: number, loss: number, runs = 1): Float64Array {
    const { n, d } = this.X;
    this.groups.forEach((a, g) => {
      a.fillJobs(pass, n, d, b, loss, runs, g * this.per, Math.min(KERNEL_CHUNKS, (g + 1) * this.per));
    });
    runBlocks(this.host.threads, this.owner);
    return mergeBlocks(pass, this.owner, this.groups[0], d, runs);
  }

  private loadS(S: Float64Array, d: number): void {
    for (const a of this.groups) a.loadS(S, d);
  }

  linear(_n: number, d: number, S: Float64Array, b: number, loss: number): Float64Array {
    this.loadS(S, d);
    return this.pass("linearPass", b, loss);
  }

  logSpace(_n: number, d: number, S: Float64Array, b: number, loss: number): Float64Array {
    this.loadS(S, d);
    return this.pass("logPass", b, loss);
  }

  loss(_n: number, d: number, S: Float64Array, b: number, loss: number): Float64Array {
    this.loadS(S, d);
    return this.pass("lossPass", b, loss);
  }

  copyGrad(gradS: Float64Array, d: number): void {
    this.groups[0].copyGrad(gradS, d);
  }

  linearBatch(_n: number, d: number, S: readonly Float64Array[], b: readonly number[], loss: number): void {
    for (const a of this.groups) a.loadBatch(d, S, b);
    this.pass("linearPassBatch", 0, loss, S.length);
  }

  batchOut(r: number): Float64Array {
    return this.groups[0].batchOut(r);
  }

  copyBatchGrad(r: number, gradS: Float64Array, d: number): void {
    this.groups[0].copyBatchGrad(r, gradS, d);
  }
}

/**
 * An n×d X split over as few memories (of at most `limit` bytes each) as hold it, each a contiguous group of whole
 * blocks of the split pass (balanced: ⌈8/groups⌉ blocks per group), with its SplitArena; null when the pass is not
 * split (splitsPass) or one block alone exceeds the limit. Throws RangeError when memory is refused.
 */
export function splitMatrix(
  host: ArenaHost,
  n: number,
  d: number,
  xBytes: 8 | 4,
  runs: number,
  limit: number,
): SplitArena | null {
  if (!splitsPass(n, d)) return null;
  const rows = blockRows(n);
  let per = KERNEL_CHUNKS;
  while (per > 0 && !fitsMemory(per * rows * d, d, xBytes, runs, limit)) per--;
  if (per === 0) return null;
  const count = Math.ceil(KERNEL_CHUNKS / per);
  per = Math.ceil(KERNEL_CHUNKS / count);
  const groups = Array.from({ length: count }, (_, g) => {
    const rowsIn = Math.min(n, (g + 1) * per * rows) - Math.min(n, g * per * rows);
    return new KernelArena(host, { nd: rowsIn * d, d, fixed: true, xBytes, runs, splits: true });
  });
  const X = new RowBlocks(
    groups.map((a) => a.X),
    n,
    d,
  );
  return new SplitArena(host, groups, per, X, runs);
}
