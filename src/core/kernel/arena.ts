/**
 * One kernel instance with its own memory holding X, S, the gradient and the pass's output, plus a gradient and an
 * output per block of a split pass (layout.ts). X must live in that memory, so a pass costs no copy. With helper
 * threads the memory is shared and they run some blocks (threads.ts); the blocks are merged by merge.ts.
 */

import type { DenseMatrix } from "../data.js";
import { type BasePass, emptyJob, type KernelExports, type PassJob, type PassName, runPassJob } from "./abi.js";
import {
  align16,
  arenaBytes,
  blockRows,
  KERNEL_CHUNKS,
  MAX_PAGES,
  OUT_LEN,
  PAGE,
  SPLIT_MIN_ND,
  splitsPass,
} from "./layout.js";
import { instantiate, type LoadedKernel, type WasmMemory } from "./loader.js";
import { mergeBlocks } from "./merge.js";
import { type BlockOwner, type KernelThreads, runBlocks } from "./threads.js";

/**
 * What the passes of lossKernel.ts need from where X lives: one arena (KernelArena), or the arenas of an X split over
 * several memories (SplitArena). `loss` is a loss code (core/losses.ts); `out` arrays are views valid until the next
 * pass.
 */
export interface PassArena {
  /** the last gradient pass had to run in log space: try that pass first next time */
  preferLog: boolean;
  linear(n: number, d: number, S: Float64Array, b: number, loss: number): Float64Array;
  logSpace(n: number, d: number, S: Float64Array, b: number, loss: number): Float64Array;
  loss(n: number, d: number, S: Float64Array, b: number, loss: number): Float64Array;
  copyGrad(gradS: Float64Array, d: number): void;
  linearBatch(n: number, d: number, S: readonly Float64Array[], b: readonly number[], loss: number): void;
  batchOut(r: number): Float64Array;
  copyBatchGrad(r: number, gradS: Float64Array, d: number): void;
}

/** What an arena needs from the Kernel that owns it: the compiled kernel and the helper threads (read per pass). */
export interface ArenaHost {
  readonly loaded: LoadedKernel;
  readonly threads: KernelThreads | null;
  /** the kernel compiled for a shared memory (null: unavailable) */
  sharedModule(): object | null;
}

/** Options of a new arena: X of nd values, vectors of length d. */
export interface ArenaShape {
  nd: number;
  d: number;
  /** a fixed arena (workspace, Kernel.matrix) never grows past its first layout */
  fixed: boolean;
  /** bytes per element of X: 8 (float64) or 4 (float32) */
  xBytes?: 8 | 4;
  /** runs that may share X in one pass (lossGradients) */
  runs?: number;
  /** whether passes over this X may be cut into blocks (so helpers may share them): true for a part of a split X */
  splits?: boolean;
}

/** One arena: X of one problem (a workspace, a matrix, a cached copy, or one memory of a split X) and its vectors. */
export class KernelArena implements PassArena, BlockOwner {
  private readonly kernel: KernelExports;
  private readonly memory: WasmMemory;
  private readonly base: number;
  private readonly fixed: boolean;
  /** helper threads' handle for this memory (null: no helpers) */
  private readonly handle: number | null = null;
  readonly xBytes: 8 | 4;
  /** X capacity (elements), d and runs of the current layout */
  private capacity = 0;
  private dCap = 0;
  private runsCap = 0;
  private xPtr = 0;
  private sPtr = 0;
  /** byte offsets of run 0's gradient and outputs (run r's: + r·vecBytes, + r·8·OUT_LEN) */
  gPtr = 0;
  outPtr = 0;
  /** first block gradient and output (block k of run r: gBlock(k, r), outBlock(k, r)); the runs' biases */
  private gBlocks = 0;
  private outBlocks = 0;
  private bsPtr = 0;
  vecBytes = 0;
  /** views on the memory for the current layout (recreated after the memory grows) */
  X: DenseMatrix = new Float64Array(0);
  S = new Float64Array(0);
  G = new Float64Array(0);
  out = new Float64Array(0);
  /** the whole memory as float64 (merge.ts reads the blocks' sums here) */
  heap = new Float64Array(0);
  /** the blocks of a split pass, rewritten by each pass */
  readonly jobs: PassJob[] = Array.from({ length: KERNEL_CHUNKS }, emptyJob);
  /** the cached foreign X this arena holds a copy of (cache arenas only), and how many elements were copied */
  source: DenseMatrix | null = null;
  copied = 0;
  /** the last gradient pass had to run in log space: try that pass first next time */
  preferLog = false;
  /** This arena for every block: the sources of merging its own split pass. */
  private readonly self: readonly KernelArena[] = Array.from({ length: KERNEL_CHUNKS }, () => this);

  constructor(
    private readonly host: ArenaHost,
    { nd, d, fixed, xBytes = 8, runs = 1, splits = nd >= SPLIT_MIN_ND }: ArenaShape,
  ) {
    this.fixed = fixed;
    this.xBytes = xBytes;
    const threads = host.threads;
    // a shared memory (and helpers attached to it) only where passes may be split; a smaller X runs on this thread
    const shared = splits && threads !== null && threads.helpers > 0 ? host.sharedModule() : null;
    // the static data's 1 page, grown in layout()
    // a shared memory must declare its maximum, and V8 reserves all of it up front: reserve what this X needs (plus
    // the static data's page), not the 4 GiB wasm32 limit; a larger X later gets a new arena (Kernel.arenaFor)
    const maximum = Math.min(MAX_PAGES, 1 + Math.ceil(arenaBytes(nd, d, xBytes, runs) / PAGE));
    this.memory = new host.loaded.api.Memory(shared ? { initial: 1, maximum, shared: true } : { initial: 1 });
    this.kernel = instantiate(host.loaded, this.memory, shared ?? host.loaded.module);
    this.base = align16(this.kernel.heapBase());
    if (shared && threads) this.handle = threads.attach(this.memory, shared);
    if (!this.layout(nd, d, runs)) throw new RangeError(`kernel arena for ${nd} values exceeds the wasm32 memory`);
  }

  /** Whether helper threads share this arena's memory (it was created for a splittable X with helpers registered). */
  get helpersAttached(): boolean {
    return this.handle !== null;
  }

  /** Room for X of nd values and `runs` runs' vectors of length d; false when that exceeds wasm32 memory. */
  layout(nd: number, d: number, runs = 1): boolean {
    if (nd <= this.capacity && d <= this.dCap && runs <= this.runsCap) return true;
    if (this.fixed && this.capacity > 0) return false;
    // never shrink: X stays at the same offset, so a cached copy survives a larger d
    nd = Math.max(nd, this.capacity);
    d = Math.max(d, this.dCap);
    runs = Math.max(runs, this.runsCap);
    const end = this.base + arenaBytes(nd, d, this.xBytes, runs);
    if (!this.grow(Math.ceil(end / PAGE))) return false;
    this.capacity = nd;
    this.dCap = d;
    this.runsCap = runs;
    this.place(nd, d, runs);
    // typed as ArrayBuffer: views on a SharedArrayBuffer read and write the same way
    const buf = this.memory.buffer as ArrayBuffer;
    this.X = this.xBytes === 8 ? new Float64Array(buf, this.xPtr, nd) : new Float32Array(buf, this.xPtr, nd);
    this.S = new Float64Array(buf, this.sPtr, d);
    this.G = new Float64Array(buf, this.gPtr, d);
    this.out = new Float64Array(buf, this.outPtr, OUT_LEN);
    this.heap = new Float64Array(buf, 0, (end - (end % 8)) / 8);
    return true;
  }

  /** Grows the memory to `pages`; false beyond wasm32 or a shared memory's declared maximum. */
  private grow(pages: number): boolean {
    if (pages > MAX_PAGES) return false;
    const have = this.memory.buffer.byteLength / PAGE;
    if (pages <= have) return true;
    try {
      this.memory.grow(pages - have);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The offsets of the layout: run r's S at sPtr + r·vec and gradient at gPtr + r·vec; block k of run r at
   * gBlocks + (k·runs + r)·vec, so that one block's gradients of all runs are `vec` apart, as the batch kernel takes
   * them (likewise the outputs).
   */
  private place(nd: number, d: number, runs: number): void {
    const vec = align16(8 * d);
    const outBytes = 8 * OUT_LEN;
    this.vecBytes = vec;
    this.xPtr = this.base;
    this.sPtr = this.xPtr + align16(this.xBytes * nd);
    this.gPtr = this.sPtr + runs * vec;
    this.gBlocks = this.gPtr + runs * vec;
    this.outPtr = this.gBlocks + KERNEL_CHUNKS * runs * vec;
    this.outBlocks = this.outPtr + runs * outBytes;
    this.bsPtr = this.outBlocks + KERNEL_CHUNKS * runs * outBytes;
  }

  /** Copies S (its first d entries) into this memory (nothing to do when S is this arena's own view). */
  loadS(S: Float64Array, d: number): void {
    if (S !== this.S) this.S.set(S.subarray(0, d));
  }

  /** Linear-space gradient pass: out = [Σ loss, Σ w, #correct, max z]; the gradient Σ w x is left in G. */
  linear(n: number, d: number, S: Float64Array, b: number, loss: number): Float64Array {
    return this.single("linearPass", n, d, S, b, loss);
  }

  /** Log-space gradient pass: out = [lse max, lse sum, #correct, max z, max log w M, Σ e^{lw − M}]; G as above. */
  logSpace(n: number, d: number, S: Float64Array, b: number, loss: number): Float64Array {
    return this.single("logPass", n, d, S, b, loss);
  }

  /** Loss and accuracy only: out = [lse max, lse sum, #correct]. */
  loss(n: number, d: number, S: Float64Array, b: number, loss: number): Float64Array {
    return this.single("lossPass", n, d, S, b, loss);
  }

  /** One pass for one run at (S, b): in one call, or as blocks when the shape splits. */
  private single(
    pass: "linearPass" | "logPass" | "lossPass",
    n: number,
    d: number,
    S: Float64Array,
    b: number,
    loss: number,
  ) {
    this.loadS(S, d);
    if (splitsPass(n, d)) return this.split(pass, n, d, b, loss);
    const k = this.kernel;
    if (pass === "lossPass") k[this.pass(pass)](this.xPtr, n, d, this.sPtr, b, loss, this.outPtr);
    else k[this.pass(pass)](this.xPtr, n, d, this.sPtr, b, loss, this.gPtr, this.outPtr);
    return this.out;
  }

  /** Copies the gradient of the last pass to gradS (nothing to do when gradS is this arena's own view). */
  copyGrad(gradS: Float64Array, d: number): void {
    if (gradS !== this.G) gradS.set(this.G.subarray(0, d));
  }

  /** The export of a pass for this arena's element type. */
  private pass<P extends BasePass>(base: P): P | `${P}32` {
    return this.xBytes === 8 ? base : `${base}32`;
  }

  /** Byte offsets of block k's gradient and output for run r. */
  gBlock(k: number, r: number): number {
    return this.gBlocks + (k * this.runsCap + r) * this.vecBytes;
  }

  outBlock(k: number, r: number): number {
    return this.outBlocks + (k * this.runsCap + r) * 8 * OUT_LEN;
  }

  /**
   * The pass as KERNEL_CHUNKS row blocks (multiples of 4 rows, the kernel's block), on helpers where there are some.
   * For linearPassBatch, b is ignored: the runs' biases are at bsPtr (loadBatch).
   */
  private split(pass: BasePass, n: number, d: number, b: number, loss: number, runs = 1): Float64Array {
    this.fillJobs(pass, n, d, b, loss, runs, 0, KERNEL_CHUNKS);
    runBlocks(this.host.threads, this.self);
    return mergeBlocks(pass, this.self, this, d, runs);
  }

  /**
   * Sets up the jobs of blocks first..end−1 of a split pass over n rows, each into its own block gradient and output;
   * this arena's X holds rows from block `first` on (all of X for the arena of an unsplit X).
   */
  fillJobs(pass: BasePass, n: number, d: number, b: number, loss: number, runs: number, first: number, end: number) {
    const rows = blockRows(n);
    const row0 = Math.min(n, first * rows);
    const jobs = this.jobs; // filled in place: a GD loop over a large X allocates nothing per pass
    for (let k = first; k < end; k++) {
      const j = jobs[k];
      const r0 = Math.min(n, k * rows);
      j.pass = this.pass(pass);
      j.x = this.xPtr + this.xBytes * (r0 - row0) * d;
      j.n = Math.min(n, r0 + rows) - r0;
      j.d = d;
      j.s = this.sPtr;
      j.b = pass === "linearPassBatch" ? this.bsPtr : b;
      j.loss = loss;
      j.g = this.gBlock(k, 0);
      j.out = this.outBlock(k, 0);
      j.runs = runs;
      j.stride = this.vecBytes;
      j.memory = this.handle ?? 0;
    }
  }

  /** Runs one block of a split pass on this thread's instance. */
  runJob(j: PassJob): void {
    runPassJob(this.kernel as unknown as Record<PassName, (...args: number[]) => void>, j);
  }

  /**
   * linearPass for several runs sharing this X (lossGradients), each with its S and b: X is read once per block of
   * rows for all of them, and each run's outputs equal its own linear pass bit for bit. Needs an arena laid out for
   * that many runs. Read run r's results with batchOut(r) and copyBatchGrad(r, …).
   */
  linearBatch(n: number, d: number, S: readonly Float64Array[], b: readonly number[], loss: number): void {
    const runs = S.length;
    this.loadBatch(d, S, b);
    if (splitsPass(n, d)) {
      this.split("linearPassBatch", n, d, this.bsPtr, loss, runs);
      return;
    }
    const p = this.pass("linearPassBatch");
    this.kernel[p](this.xPtr, n, d, runs, this.sPtr, this.vecBytes, this.bsPtr, loss, this.gPtr, this.outPtr);
  }

  /** Copies each run's S (length ≥ d) and bias into this memory, for a batch pass. */
  loadBatch(d: number, S: readonly Float64Array[], b: readonly number[]): void {
    const h = this.heap;
    for (let r = 0; r < S.length; r++) {
      h.set(S[r].subarray(0, d), (this.sPtr + r * this.vecBytes) / 8);
      h[this.bsPtr / 8 + r] = b[r];
    }
  }

  /** Run r's linear-pass outputs of the last linearBatch: [Σ loss, Σ w, #correct, max z]. */
  batchOut(r: number): Float64Array {
    const o = this.outPtr + r * 8 * OUT_LEN;
    return this.heap.subarray(o / 8, o / 8 + 4);
  }

  /** Copies run r's gradient of the last linearBatch to gradS. */
  copyBatchGrad(r: number, gradS: Float64Array, d: number): void {
    const g = (this.gPtr + r * this.vecBytes) / 8;
    gradS.set(this.heap.subarray(g, g + d));
  }
}
