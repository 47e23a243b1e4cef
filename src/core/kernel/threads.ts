/**
 * Helper threads for the blocks of a split pass, and how the blocks are shared among the threads. The kernel never
 * starts a thread: a KernelThreads (Node: train/kernelThreads.ts) is handed to the Kernel that uses it.
 */

import type { PassJob } from "./abi.js";
import { KERNEL_CHUNKS } from "./layout.js";
import type { WasmMemory } from "./loader.js";

/** Helper threads that run blocks of a pass on a shared memory. */
export interface KernelThreads {
  /** threads besides the caller's */
  readonly helpers: number;
  /** make a shared memory and the module compiled for it known to the helpers; returns its handle */
  attach(memory: WasmMemory, module: object): number;
  /**
   * run jobs[h] on helper h (each a list of blocks, each on the memory its `memory` handle names), while the caller
   * computes its own; returns when all are done
   */
  run(jobs: readonly (readonly PassJob[])[], own: () => void): void;
}

/** What runs one block of a split pass: the arena holding the block's rows. */
export interface BlockOwner {
  /** whether helper threads share this arena's memory */
  readonly helpersAttached: boolean;
  /** the jobs of the blocks of the current pass (only the blocks this arena owns are read) */
  readonly jobs: readonly PassJob[];
  runJob(j: PassJob): void;
}

/**
 * Runs the jobs of a split pass, block k on owner[k]: on helper threads when every owner's memory is shared with them,
 * block k on thread ⌊k·T/CHUNKS⌋ of T = helpers + 1 (thread 0 is this one: contiguous shares), whichever memories
 * hold the blocks; else every block on this thread, in block order.
 */
export function runBlocks(threads: KernelThreads | null, owner: readonly BlockOwner[]): void {
  const helpers =
    threads !== null && owner.every((a) => a.helpersAttached) ? Math.min(threads.helpers, KERNEL_CHUNKS - 1) : 0;
  const share = (k: number) => Math.floor((k * (helpers + 1)) / KERNEL_CHUNKS);
  const own = () => {
    for (let k = 0; k < KERNEL_CHUNKS; k++) if (share(k) === 0) owner[k].runJob(owner[k].jobs[k]);
  };
  if (helpers === 0 || threads === null) own();
  else {
    const jobs = owner.map((a, k) => a.jobs[k]);
    threads.run(
      Array.from({ length: helpers }, (_, h) => jobs.filter((_, k) => share(k) === h + 1)),
      own,
    );
  }
}
