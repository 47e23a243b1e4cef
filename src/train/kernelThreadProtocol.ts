/**
 * The control block shared by the caller and one kernel helper thread: Int32 words (seq: the round the caller posted;
 * done: the round the helper finished; failed: 1 after a helper error), then float64 parameters: the arena handle,
 * the job count and 9 values per job.
 */

import type { PassJob } from "../core/wasmKernel.js";

export const CONTROL = { words: 4, seq: 0, done: 1, failed: 2, paramsByte: 16 } as const;
const PASSES: PassJob["pass"][] = ["linearPass", "logPass", "lossPass"];
const PER_JOB = 9;

/** Bytes of a control block able to hold `maxJobs` jobs. */
export function controlBytes(maxJobs: number): number {
  return CONTROL.paramsByte + 8 * (2 + PER_JOB * maxJobs);
}

export type KernelFn = (...args: number[]) => void;

export function encodeJobs(params: Float64Array, handle: number, jobs: readonly PassJob[]): void {
  params[0] = handle;
  params[1] = jobs.length;
  jobs.forEach((j, i) => {
    params.set([PASSES.indexOf(j.pass), j.x, j.n, j.d, j.s, j.b, j.logistic, j.g, j.out], 2 + PER_JOB * i);
  });
}

export function decodeJobs(params: Float64Array): { handle: number; jobs: PassJob[] } {
  const jobs: PassJob[] = [];
  for (let i = 0; i < params[1]; i++) {
    const o = 2 + PER_JOB * i;
    const [pass, x, n, d, s, b, logistic, g, out] = params.subarray(o, o + PER_JOB);
    jobs.push({ pass: PASSES[pass], x, n, d, s, b, logistic, g, out });
  }
  return { handle: params[0], jobs };
}
