/**
 * The ABI of the WASM loss kernel (assembly/lossKernel.ts): its exports and how one block of a pass is described and
 * run, on this thread or on a helper (train/kernelThreadWorker.ts). Pointers are byte offsets into the instance's
 * memory; `loss` is a loss code (core/losses.ts LOSSES[name].code).
 */

/** Exports of assembly/lossKernel.ts. */
export interface KernelExports {
  heapBase(): number;
  linearPass(x: number, n: number, d: number, s: number, b: number, loss: number, g: number, out: number): void;
  logPass(x: number, n: number, d: number, s: number, b: number, loss: number, g: number, out: number): void;
  lossPass(x: number, n: number, d: number, s: number, b: number, loss: number, out: number): void;
  linearPass32(x: number, n: number, d: number, s: number, b: number, loss: number, g: number, out: number): void;
  logPass32(x: number, n: number, d: number, s: number, b: number, loss: number, g: number, out: number): void;
  lossPass32(x: number, n: number, d: number, s: number, b: number, loss: number, out: number): void;
  linearPassBatch(...args: number[]): void;
  linearPassBatch32(...args: number[]): void;
  gramBlock(a: number, b: number, d: number, m: number, blockRows: number, out: number, ld: number): void;
  cholesky(a: number, m: number, ld: number): number;
  choleskySolve(l: number, m: number, ld: number, b: number): void;
  gramVec(x: number, n: number, d: number, v: number, w: number, out: number): void;
}

/** The kernel's passes: over an f64 X, and (suffix 32) over an f32 X. */
export const PASS_NAMES = [
  "linearPass",
  "logPass",
  "lossPass",
  "linearPassBatch",
  "linearPass32",
  "logPass32",
  "lossPass32",
  "linearPassBatch32",
] as const;
export type PassName = (typeof PASS_NAMES)[number];
/** A pass whatever X's element type (the f32 export adds the suffix 32). */
export type BasePass = "linearPass" | "logPass" | "lossPass" | "linearPassBatch";

/**
 * One block of a pass for a helper thread: exports[pass](x, n, d, s, b, loss, g, out) (loss passes take no g);
 * a batch pass is exports[pass](x, n, d, runs, s, stride, b, loss, g, out), b then pointing to the runs' biases.
 */
export interface PassJob {
  pass: PassName;
  x: number;
  n: number;
  d: number;
  s: number;
  b: number;
  /** the loss code */
  loss: number;
  g: number;
  out: number;
  /** batch passes: the number of runs, and the bytes between their vectors */
  runs: number;
  stride: number;
  /** the helpers' handle of the memory holding the block (KernelThreads.attach; 0: not shared) */
  memory: number;
}

/** A job to be filled in place (KernelArena.fillJobs). */
export function emptyJob(): PassJob {
  return { pass: "linearPass", x: 0, n: 0, d: 0, s: 0, b: 0, loss: 0, g: 0, out: 0, runs: 1, stride: 0, memory: 0 };
}

/** Runs one block of a pass on a kernel instance (this thread's, or a helper's). */
export function runPassJob(k: Record<PassName, (...args: number[]) => void>, j: PassJob): void {
  if (j.pass === "lossPass" || j.pass === "lossPass32") k[j.pass](j.x, j.n, j.d, j.s, j.b, j.loss, j.out);
  else if (j.pass === "linearPassBatch" || j.pass === "linearPassBatch32") {
    k[j.pass](j.x, j.n, j.d, j.runs, j.s, j.stride, j.b, j.loss, j.g, j.out);
  } else k[j.pass](j.x, j.n, j.d, j.s, j.b, j.loss, j.g, j.out);
}
