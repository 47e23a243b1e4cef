/**
 * The control block shared by the caller and one kernel helper thread: Int32 words (seq: the round the caller posted;
 * done: the round the helper finished; failed: 1 after a helper error; started: 1 once the helper runs), then float64
 * parameters: the job count and 12 values per job (the last: the handle of the memory it runs on).
 */

import { PASS_NAMES, type PassJob } from "../core/kernel/abi.js";

export const CONTROL = { words: 4, seq: 0, done: 1, failed: 2, started: 3, paramsByte: 16 } as const;
const PER_JOB = 12;

/** Bytes of a control block able to hold `maxJobs` jobs. */
export function controlBytes(maxJobs: number): number {
  return CONTROL.paramsByte + 8 * (1 + PER_JOB * maxJobs);
}

export type KernelFn = (...args: number[]) => void;

export function encodeJobs(params: Float64Array, jobs: readonly PassJob[]): void {
  params[0] = jobs.length;
  jobs.forEach((j, i) => {
    const o = 1 + PER_JOB * i; // written field by field: a pass allocates nothing here
    params[o] = PASS_NAMES.indexOf(j.pass);
    params[o + 1] = j.x;
    params[o + 2] = j.n;
    params[o + 3] = j.d;
    params[o + 4] = j.s;
    params[o + 5] = j.b;
    params[o + 6] = j.loss;
    params[o + 7] = j.g;
    params[o + 8] = j.out;
    params[o + 9] = j.runs;
    params[o + 10] = j.stride;
    params[o + 11] = j.memory;
  });
}

export function decodeJobs(params: Float64Array): PassJob[] {
  const jobs: PassJob[] = [];
  for (let i = 0; i < params[0]; i++) {
    const o = 1 + PER_JOB * i;
    const [pass, x, n, d, s, b, loss, g, out, runs, stride, memory] = params.subarray(o, o + PER_JOB);
    jobs.push({ pass: PASS_NAMES[pass], x, n, d, s, b, loss, g, out, runs, stride, memory });
  }
  return jobs;
}
