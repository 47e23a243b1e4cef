/**
 * Host side of the WASM SIMD128 loss kernel (source: assembly/lossKernel.ts; bytes: the generated module, embedded as
 * base64 so src/core does no I/O). The passes themselves are orchestrated by lossKernel.ts; this module owns the
 * WebAssembly instances, the placement of X in their linear memory, and the choice of backend.
 *
 * Each arena is one instance with its own memory, laid out [static data | X (N×d, float64 or float32) | per run
 * sharing X: S (d), grad (d), block gradients, outputs | the runs' biases] (arenaBytes, KernelArena.layout).
 * X must live in that memory, so a pass costs no copy: either the caller allocates X there once
 * (`createKernelWorkspace`, `kernelMatrix`), or an ordinary Float64Array or Float32Array X is copied into one of the
 * cache arenas on first use and found again by identity on later calls (plus a sampled-content check, see `arenaFor`).
 * An X larger than one wasm32 memory (4 GiB) is split over several, each holding whole blocks of the split pass
 * (`kernelMatrix` → data.ts RowBlocks, passes by SplitArena): the blocks' partial sums merge in the same order as in
 * one memory, so the numbers do not depend on the split.
 */

import { type DataMatrix, type DenseMatrix, RowBlocks } from "./data.js";
import { exp } from "./detMath.js";
import { WASM_KERNEL_BASE64, WASM_KERNEL_SHARED_BASE64 } from "./wasmKernelBytes.generated.js";

/** The subset of the WebAssembly JS API used here (lib ES2023 does not declare it; the runtime may lack it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}

export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}

/** Exports of assembly/lossKernel.ts (pointers are byte offsets; booleans are 0/1). */
interface KernelExports {
  heapBase(): number;
  linearPass(x: number, n: number, d: number, s: number, b: number, logistic: number, g: number, out: number): void;
  logPass(x: number, n: number, d: number, s: number, b: number, logistic: number, g: number, out: number): void;
  lossPass(x: number, n: number, d: number, s: number, b: number, logistic: number, out: number): void;
  linearPass32(x: number, n: number, d: number, s: number, b: number, logistic: number, g: number, out: number): void;
  logPass32(x: number, n: number, d: number, s: number, b: number, logistic: number, g: number, out: number): void;
  lossPass32(x: number, n: number, d: number, s: number, b: number, logistic: number, out: number): void;
  linearPassBatch(...args: number[]): void;
  linearPassBatch32(...args: number[]): void;
  gramBlock(a: number, b: number, d: number, m: number, blockRows: number, out: number, ld: number): void;
  cholesky(a: number, m: number, ld: number): number;
  choleskySolve(l: number, m: number, ld: number, b: number): void;
  gramVec(x: number, n: number, d: number, v: number, w: number, out: number): void;
}

const PAGE = 65536;
/** wasm32 memory limit (4 GiB) in pages. */
const MAX_PAGES = 65536;

function decodeBase64(text: string): Uint8Array {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const value = new Uint8Array(128);
  for (let i = 0; i < alphabet.length; i++) value[alphabet.charCodeAt(i)] = i;
  const clean = text.replace(/=+$/, "");
  const out = new Uint8Array((clean.length * 3) >> 2);
  let bits = 0;
  let nBits = 0;
  let k = 0;
  for (let i = 0; i < clean.length; i++) {
    bits = (bits << 6) | value[clean.charCodeAt(i)];
    nBits += 6;
    if (nBits >= 8) {
      nBits -= 8;
      out[k++] = (bits >> nBits) & 0xff;
    }
  }
  return out;
}

/** undefined: not tried yet; null: unavailable (no WebAssembly, no SIMD128, or compilation refused). */
let compiled: { api: WasmApi; module: object } | null | undefined;

function kernelModule(): { api: WasmApi; module: object } | null {
  if (compiled === undefined) {
    compiled = null;
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (api !== undefined) {
      try {
        const bytes = decodeBase64(WASM_KERNEL_BASE64);
        // validate() is false where SIMD128 is unsupported. Synchronous compilation: fine in Node and in workers
        // (a browser's main thread refuses modules over 4 KB synchronously; the kernel then falls back to TypeScript).
        if (api.validate(bytes)) compiled = { api, module: new api.Module(bytes) };
      } catch {
        compiled = null;
      }
    }
  }
  return compiled;
}

/** The same kernel compiled against a shared memory (for helper threads), compiled on first use; null: unavailable. */
let compiledShared: object | null | undefined;

function sharedKernelModule(): object | null {
  const k = kernelModule();
  if (compiledShared === undefined) {
    compiledShared = null;
    if (k !== null) {
      try {
        const bytes = decodeBase64(WASM_KERNEL_SHARED_BASE64);
        if (k.api.validate(bytes)) compiledShared = new k.api.Module(bytes);
      } catch {
        compiledShared = null;
      }
    }
  }
  return compiledShared;
}

/**
 * Large passes are cut into CHUNKS row blocks whose partial sums are merged in a fixed order, so that the numbers do
 * not depend on how many threads computed the blocks (one in a browser, every core in the CLI): same seed, same bits,
 * on any machine. Below SPLIT_MIN_ND values of X (and for fewer than MIN_CHUNK_ROWS rows per block) one pass runs.
 */
export const KERNEL_CHUNKS = 8;
export const SPLIT_MIN_ND = 1 << 18;
const MIN_CHUNK_ROWS = 16;

/** Whether a pass over n×d is cut into KERNEL_CHUNKS blocks (a function of the shape alone). */
export function splitsPass(n: number, d: number): boolean {
  return n * d >= SPLIT_MIN_ND && n >= KERNEL_CHUNKS * MIN_CHUNK_ROWS;
}

/**
 * Rows per block of a split pass over n rows (the last blocks may be shorter or empty): a multiple of 4, the kernel's
 * block of rows.
 */
function blockRows(n: number): number {
  return Math.ceil(n / KERNEL_CHUNKS / 4) * 4;
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
type BasePass = "linearPass" | "logPass" | "lossPass" | "linearPassBatch";

/**
 * One block of a pass for a helper thread: exports[pass](x, n, d, s, b, logistic, g, out) (loss passes take no g);
 * a batch pass is exports[pass](x, n, d, runs, s, stride, b, logistic, g, out), b then pointing to the runs' biases.
 */
export interface PassJob {
  pass: PassName;
  x: number;
  n: number;
  d: number;
  s: number;
  b: number;
  logistic: number;
  g: number;
  out: number;
  /** batch passes: the number of runs, and the bytes between their vectors */
  runs: number;
  stride: number;
  /** the helpers' handle of the memory holding the block (KernelThreads.attach; 0: not shared) */
  memory: number;
}

/** Runs one block of a pass on a kernel instance (this thread's, or a helper's). */
export function runPassJob(k: Record<PassName, (...args: number[]) => void>, j: PassJob): void {
  if (j.pass === "lossPass" || j.pass === "lossPass32") k[j.pass](j.x, j.n, j.d, j.s, j.b, j.logistic, j.out);
  else if (j.pass === "linearPassBatch" || j.pass === "linearPassBatch32") {
    k[j.pass](j.x, j.n, j.d, j.runs, j.s, j.stride, j.b, j.logistic, j.g, j.out);
  } else k[j.pass](j.x, j.n, j.d, j.s, j.b, j.logistic, j.g, j.out);
}

/**
 * Helper threads that run blocks of a pass on a shared memory (Node: train/kernelThreads.ts). Registered by the
 * command line; the kernel itself never starts a thread.
 */
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

let threads: KernelThreads | null = null;

/**
 * Let passes over large X use helper threads (null: none). Only arenas created afterwards share their memory, so
 * register before the first pass.
 */
export function setKernelThreads(t: KernelThreads | null): void {
  threads = t;
}

/** Whether the WASM SIMD128 kernel can run here. */
export function wasmKernelAvailable(): boolean {
  return kernelModule() !== null;
}

export type KernelBackend = "auto" | "wasm" | "ts";

let backend: KernelBackend = "auto";

/**
 * Choose the implementation of lossGradient / lossAndAccuracy: "auto" (default: WASM when available, else the
 * TypeScript reference), "wasm" (throws here if WASM SIMD128 is unavailable) or "ts" (the reference).
 */
export function setKernelBackend(b: KernelBackend): void {
  if (b === "wasm" && !wasmKernelAvailable()) throw new Error("WASM SIMD128 kernel unavailable in this runtime");
  backend = b;
}

/** The implementation calls use now: "wasm" or "ts". */
export function activeKernelBackend(): "wasm" | "ts" {
  return backend !== "ts" && wasmKernelAvailable() ? "wasm" : "ts";
}

/** Rounds up to a multiple of 16 bytes (arithmetic, not bitwise: offsets pass 2^31 for an X over 2 GB). */
const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

/** Per-block outputs of a split pass: 8 values each (the layout of `out`). */
const OUT_LEN = 8;

/**
 * Bytes of an arena's layout after its static data: X (xBytes per value), then for each of `runs` runs sharing X (1
 * but for lossGradients) its S, its gradient, its block gradients and its outputs, and the runs' biases.
 */
function arenaBytes(nd: number, d: number, xBytes: number, runs: number): number {
  const vec = align16(8 * d);
  return align16(xBytes * nd) + runs * ((2 + KERNEL_CHUNKS) * vec + (1 + KERNEL_CHUNKS) * 8 * OUT_LEN + 8);
}

/** Does one memory of at most `limit` bytes hold the static data (1 page) and arenaBytes(nd, d, xBytes, runs)? */
function fitsMemory(nd: number, d: number, xBytes: number, runs: number, limit: number): boolean {
  return PAGE + arenaBytes(nd, d, xBytes, runs) <= limit;
}

/**
 * What the passes of lossKernel.ts need from where X lives: one arena (KernelArena), or the arenas of an X split over
 * several memories (SplitArena). `out` arrays are views valid until the next pass.
 */
export interface PassArena {
  /** the last gradient pass had to run in log space: try that pass first next time */
  preferLog: boolean;
  linear(n: number, d: number, S: Float64Array, b: number, logistic: boolean): Float64Array;
  logSpace(n: number, d: number, S: Float64Array, b: number, logistic: boolean): Float64Array;
  loss(n: number, d: number, S: Float64Array, b: number, logistic: boolean): Float64Array;
  copyGrad(gradS: Float64Array, d: number): void;
  linearBatch(n: number, d: number, S: readonly Float64Array[], b: readonly number[], logistic: boolean): void;
  batchOut(r: number): Float64Array;
  copyBatchGrad(r: number, gradS: Float64Array, d: number): void;
}

/**
 * One WebAssembly instance with its own memory holding X, S, the gradient and the pass's output, plus a gradient and
 * an output per block of a split pass. With helper threads registered the memory is shared and they run some blocks.
 */
export class KernelArena implements PassArena {
  private readonly kernel: KernelExports;
  private readonly memory: WasmMemory;
  private readonly base: number;
  /** helper threads' handle for this memory (null: no helpers) */
  private readonly handle: number | null = null;
  /** X capacity (elements), d and runs of the current layout */
  private capacity = 0;
  private dCap = 0;
  private runsCap = 0;
  private xPtr = 0;
  private sPtr = 0;
  private gPtr = 0;
  private outPtr = 0;
  /** first block gradient and output (block k of run r: gBlock(k, r), outBlock(k, r)); the runs' biases */
  private gBlocks = 0;
  private outBlocks = 0;
  private bsPtr = 0;
  private vecBytes = 0;
  /** views on the memory for the current layout (recreated after the memory grows) */
  X: DenseMatrix = new Float64Array(0);
  S = new Float64Array(0);
  G = new Float64Array(0);
  private out = new Float64Array(0);
  private heap = new Float64Array(0);
  /** the blocks of a split pass, rewritten by each pass */
  readonly jobs: PassJob[] = Array.from({ length: KERNEL_CHUNKS }, () => ({
    pass: "linearPass" as PassName,
    x: 0,
    n: 0,
    d: 0,
    s: 0,
    b: 0,
    logistic: 0,
    g: 0,
    out: 0,
    runs: 1,
    stride: 0,
    memory: 0,
  }));
  /** the cached foreign X this arena holds a copy of (cache arenas only), and how many elements were copied */
  source: DenseMatrix | null = null;
  copied = 0;
  /** the last gradient pass had to run in log space: try that pass first next time */
  preferLog = false;

  constructor(
    k: { api: WasmApi; module: object },
    nd: number,
    d: number,
    private readonly fixed: boolean,
    /** bytes per element of X: 8 (float64) or 4 (float32) */
    readonly xBytes: 8 | 4 = 8,
    /** runs that may share X in one pass (lossGradients) */
    runs = 1,
    /** whether passes over this X may be cut into blocks (so helpers may share them): true for a part of a split X */
    splits = nd >= SPLIT_MIN_ND,
  ) {
    // a shared memory (and helpers attached to it) only where passes may be split; a smaller X runs on this thread
    const shared = splits && threads !== null && threads.helpers > 0 ? sharedKernelModule() : null;
    // the static data's 1 page, grown in layout()
    // a shared memory must declare its maximum, and V8 reserves all of it up front: reserve what this X needs (plus
    // the static data's page), not the 4 GiB wasm32 limit; a larger X later gets a new arena (arenaFor)
    const maximum = Math.min(MAX_PAGES, 1 + Math.ceil(arenaBytes(nd, d, xBytes, runs) / PAGE));
    this.memory = new k.api.Memory(shared ? { initial: 1, maximum, shared: true } : { initial: 1 });
    const module = shared ?? k.module;
    this.kernel = new k.api.Instance(module, { env: { memory: this.memory } }).exports as KernelExports;
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
    const vec = align16(8 * d);
    const outBytes = 8 * OUT_LEN;
    const end = this.base + arenaBytes(nd, d, this.xBytes, runs);
    const pages = Math.ceil(end / PAGE);
    if (pages > MAX_PAGES) return false;
    const have = this.memory.buffer.byteLength / PAGE;
    if (pages > have) {
      try {
        this.memory.grow(pages - have);
      } catch {
        return false; // beyond a shared memory's declared maximum
      }
    }
    this.capacity = nd;
    this.dCap = d;
    this.runsCap = runs;
    this.vecBytes = vec;
    // run r's S at sPtr + r·vec and gradient at gPtr + r·vec; block k of run r at gBlocks + (k·runs + r)·vec, so that
    // one block's gradients of all runs are `vec` apart, as the batch kernel takes them (likewise the outputs)
    this.xPtr = this.base;
    this.sPtr = this.xPtr + align16(this.xBytes * nd);
    this.gPtr = this.sPtr + runs * vec;
    this.gBlocks = this.gPtr + runs * vec;
    this.outPtr = this.gBlocks + KERNEL_CHUNKS * runs * vec;
    this.outBlocks = this.outPtr + runs * outBytes;
    this.bsPtr = this.outBlocks + KERNEL_CHUNKS * runs * outBytes;
    // typed as ArrayBuffer: views on a SharedArrayBuffer read and write the same way
    const buf = this.memory.buffer as ArrayBuffer;
    this.X = this.xBytes === 8 ? new Float64Array(buf, this.xPtr, nd) : new Float32Array(buf, this.xPtr, nd);
    this.S = new Float64Array(buf, this.sPtr, d);
    this.G = new Float64Array(buf, this.gPtr, d);
    this.out = new Float64Array(buf, this.outPtr, OUT_LEN);
    this.heap = new Float64Array(buf, 0, (end - (end % 8)) / 8);
    return true;
  }

  loadS(S: Float64Array, d: number): void {
    if (S !== this.S) this.S.set(S.subarray(0, d));
  }

  /** Linear-space gradient pass: out = [Σ loss, Σ w, #correct, max z]; the gradient Σ w x is left in G. */
  linear(n: number, d: number, S: Float64Array, b: number, logistic: boolean): Float64Array {
    this.loadS(S, d);
    if (splitsPass(n, d)) return this.split("linearPass", n, d, b, logistic);
    this.kernel[this.pass("linearPass")](this.xPtr, n, d, this.sPtr, b, logistic ? 1 : 0, this.gPtr, this.outPtr);
    return this.out;
  }

  /** Log-space gradient pass: out = [lse max, lse sum, #correct, max z, max log w M, Σ e^{lw − M}]; G as above. */
  logSpace(n: number, d: number, S: Float64Array, b: number, logistic: boolean): Float64Array {
    this.loadS(S, d);
    if (splitsPass(n, d)) return this.split("logPass", n, d, b, logistic);
    this.kernel[this.pass("logPass")](this.xPtr, n, d, this.sPtr, b, logistic ? 1 : 0, this.gPtr, this.outPtr);
    return this.out;
  }

  /** Loss and accuracy only: out = [lse max, lse sum, #correct]. */
  loss(n: number, d: number, S: Float64Array, b: number, logistic: boolean): Float64Array {
    this.loadS(S, d);
    if (splitsPass(n, d)) return this.split("lossPass", n, d, b, logistic);
    this.kernel[this.pass("lossPass")](this.xPtr, n, d, this.sPtr, b, logistic ? 1 : 0, this.outPtr);
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
  private gBlock(k: number, r: number): number {
    return this.gBlocks + (k * this.runsCap + r) * this.vecBytes;
  }

  private outBlock(k: number, r: number): number {
    return this.outBlocks + (k * this.runsCap + r) * 8 * OUT_LEN;
  }

  /** This arena for every block: the sources of merging its own split pass. */
  private readonly self: readonly KernelArena[] = Array.from({ length: KERNEL_CHUNKS }, () => this);

  /**
   * The pass as KERNEL_CHUNKS row blocks (multiples of 4 rows, the kernel's block), on helpers where there are some.
   * For linearPassBatch, b is ignored: the runs' biases are at bsPtr (loadBatch).
   */
  private split(pass: BasePass, n: number, d: number, b: number, logistic: boolean, runs = 1): Float64Array {
    this.fillJobs(pass, n, d, b, logistic, runs, 0, KERNEL_CHUNKS);
    KernelArena.runSplit(this.self);
    return KernelArena.mergeBlocks(pass, this.self, this, d, runs);
  }

  /**
   * Sets up the jobs of blocks first..end−1 of a split pass over n rows, each into its own block gradient and output;
   * this arena's X holds rows from block `first` on (all of X for the arena of an unsplit X).
   */
  fillJobs(
    pass: BasePass,
    n: number,
    d: number,
    b: number,
    logistic: boolean,
    runs: number,
    first: number,
    end: number,
  ): void {
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
      j.logistic = logistic ? 1 : 0;
      j.g = this.gBlock(k, 0);
      j.out = this.outBlock(k, 0);
      j.runs = runs;
      j.stride = this.vecBytes;
      j.memory = this.handle ?? 0;
    }
  }

  /**
   * Runs the jobs of a split pass (fillJobs), block k on owner[k], the arena holding its rows: on helper threads when
   * every owner's memory is shared with them, block k on thread ⌊k·T/CHUNKS⌋ of T = helpers + 1 (thread 0 is this
   * one: contiguous shares), whichever memories hold the blocks.
   */
  static runSplit(owner: readonly KernelArena[]): void {
    const t = threads;
    const helpers = t !== null && owner.every((a) => a.handle !== null) ? Math.min(t.helpers, KERNEL_CHUNKS - 1) : 0;
    const share = (k: number) => Math.floor((k * (helpers + 1)) / KERNEL_CHUNKS);
    const own = () => {
      for (let k = 0; k < KERNEL_CHUNKS; k++) if (share(k) === 0) owner[k].runJob(owner[k].jobs[k]);
    };
    if (helpers === 0 || t === null) own();
    else {
      const jobs = owner.map((a, k) => a.jobs[k]);
      t.run(
        Array.from({ length: helpers }, (_, h) => jobs.filter((_, k) => share(k) === h + 1)),
        own,
      );
    }
  }

  /**
   * Merges the blocks of a split pass into dst's outputs and gradients (returns dst's out): block k's partial sums are
   * read from src[k], the arena that ran it. The arithmetic and its order do not depend on which memory holds a block.
   */
  static mergeBlocks(pass: BasePass, src: readonly KernelArena[], dst: KernelArena, d: number, runs: number) {
    if (pass === "linearPass") KernelArena.mergeLinear(src, dst, d, 0);
    else if (pass === "linearPassBatch") for (let r = 0; r < runs; r++) KernelArena.mergeLinear(src, dst, d, r);
    else KernelArena.mergeLog(src, dst, d, pass === "logPass");
    return dst.out;
  }

  runJob(j: PassJob): void {
    runPassJob(this.kernel as unknown as Record<PassName, (...args: number[]) => void>, j);
  }

  /**
   * Run r's blocks' linear outputs → its out: sums of loss, weight and correct, max of z; its G = Σ_k G_k in block
   * order.
   */
  private static mergeLinear(src: readonly KernelArena[], dst: KernelArena, d: number, r: number): void {
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
   * linearPass for several runs sharing this X (lossGradients), each with its S and b: X is read once per block of
   * rows for all of them, and each run's outputs equal its own linear pass bit for bit. Needs an arena laid out for
   * that many runs. Read run r's results with batchOut(r) and copyBatchGrad(r, …).
   */
  linearBatch(n: number, d: number, S: readonly Float64Array[], b: readonly number[], logistic: boolean): void {
    const runs = S.length;
    this.loadBatch(d, S, b);
    if (splitsPass(n, d)) {
      this.split("linearPassBatch", n, d, this.bsPtr, logistic, runs);
      return;
    }
    this.kernel[this.pass("linearPassBatch")](
      this.xPtr,
      n,
      d,
      runs,
      this.sPtr,
      this.vecBytes,
      this.bsPtr,
      logistic ? 1 : 0,
      this.gPtr,
      this.outPtr,
    );
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

  /**
   * Blocks' log-space outputs → out: the loss log-sum-exps and the weights rescaled to the largest block maximum
   * (e^{M_k − M}, exact merging of running maxima); counts summed; G = Σ_k e^{M_k − M} G_k (logPass only).
   */
  private static mergeLog(src: readonly KernelArena[], dst: KernelArena, d: number, gradient: boolean): void {
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
}

/**
 * The passes over an X split over several memories (RowBlocks): group g's arena holds kernel blocks
 * [g·per, (g+1)·per) of the split pass, each run on the memory holding it (helpers are attached to every memory);
 * the blocks are then merged in block order into group 0's outputs, exactly as one arena merges its own blocks, so
 * every result is bit-identical to the pass over the same X in one memory, whatever the split and the thread count.
 */
class SplitArena implements PassArena {
  preferLog = false;
  /** block k's arena */
  private readonly owner: readonly KernelArena[];

  constructor(
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
  private pass(pass: BasePass, b: number, logistic: boolean, runs = 1): Float64Array {
    const { n, d } = this.X;
    this.groups.forEach((a, g) => {
      a.fillJobs(pass, n, d, b, logistic, runs, g * this.per, Math.min(KERNEL_CHUNKS, (g + 1) * this.per));
    });
    KernelArena.runSplit(this.owner);
    return KernelArena.mergeBlocks(pass, this.owner, this.groups[0], d, runs);
  }

  private loadS(S: Float64Array, d: number): void {
    for (const a of this.groups) a.loadS(S, d);
  }

  linear(_n: number, d: number, S: Float64Array, b: number, logistic: boolean): Float64Array {
    this.loadS(S, d);
    return this.pass("linearPass", b, logistic);
  }

  logSpace(_n: number, d: number, S: Float64Array, b: number, logistic: boolean): Float64Array {
    this.loadS(S, d);
    return this.pass("logPass", b, logistic);
  }

  loss(_n: number, d: number, S: Float64Array, b: number, logistic: boolean): Float64Array {
    this.loadS(S, d);
    return this.pass("lossPass", b, logistic);
  }

  copyGrad(gradS: Float64Array, d: number): void {
    this.groups[0].copyGrad(gradS, d);
  }

  linearBatch(_n: number, d: number, S: readonly Float64Array[], b: readonly number[], logistic: boolean): void {
    for (const a of this.groups) a.loadBatch(d, S, b);
    this.pass("linearPassBatch", 0, logistic, S.length);
  }

  batchOut(r: number): Float64Array {
    return this.groups[0].batchOut(r);
  }

  copyBatchGrad(r: number, gradS: Float64Array, d: number): void {
    this.groups[0].copyBatchGrad(r, gradS, d);
  }
}

/** Arenas of split matrices, by the identity of the RowBlocks. */
const splitArenas = new WeakMap<RowBlocks, SplitArena>();

/**
 * An n×d X split over as few memories (of at most `limit` bytes each) as hold it, each a contiguous group of whole
 * blocks of the split pass (balanced: ⌈8/groups⌉ blocks per group); null when the pass is not split (splitsPass) or
 * one block alone exceeds the limit. Throws RangeError when memory is refused.
 */
function splitMatrix(
  k: { api: WasmApi; module: object },
  n: number,
  d: number,
  xBytes: 8 | 4,
  runs: number,
  limit: number,
): RowBlocks | null {
  if (!splitsPass(n, d)) return null;
  const rows = blockRows(n);
  let per = KERNEL_CHUNKS;
  while (per > 0 && !fitsMemory(per * rows * d, d, xBytes, runs, limit)) per--;
  if (per === 0) return null;
  const count = Math.ceil(KERNEL_CHUNKS / per);
  per = Math.ceil(KERNEL_CHUNKS / count);
  const groups = Array.from({ length: count }, (_, g) => {
    const rowsIn = Math.min(n, (g + 1) * per * rows) - Math.min(n, g * per * rows);
    return new KernelArena(k, rowsIn * d, d, true, xBytes, runs, true);
  });
  const X = new RowBlocks(
    groups.map((a) => a.X),
    n,
    d,
  );
  splitArenas.set(X, new SplitArena(groups, per, X, runs));
  return X;
}

/**
 * Buffers of the weighted Gram kernel (core/linalg.ts weightedGram) in WASM memory: A and B hold a packed block of
 * rows (d × blockRows, row j contiguous over the block), `accumulate(m)` adds A Bᵀ over the first m rows of the block
 * to the upper triangle of `out` (d×d).
 */
export interface GramWorkspace {
  readonly A: Float64Array;
  readonly B: Float64Array;
  readonly out: Float64Array;
  accumulate(m: number): void;
}

/**
 * A fresh instance of the kernel with its own memory holding float64 buffers of the given lengths (16-byte aligned,
 * after the static data): their views and byte offsets; null when the kernel is unavailable or they exceed wasm32.
 */
function denseInstance(
  lengths: readonly number[],
): { kernel: KernelExports; views: Float64Array[]; ptrs: number[] } | null {
  const k = kernelModule();
  if (k === null) return null;
  const memory = new k.api.Memory({ initial: 1 });
  const kernel = new k.api.Instance(k.module, { env: { memory } }).exports as KernelExports;
  const ptrs: number[] = [];
  let end = align16(kernel.heapBase());
  for (const length of lengths) {
    ptrs.push(end);
    end += align16(8 * length);
  }
  const pages = Math.ceil(end / PAGE);
  if (pages > MAX_PAGES) return null;
  memory.grow(pages - memory.buffer.byteLength / PAGE);
  const buf = memory.buffer as ArrayBuffer;
  return { kernel, views: lengths.map((length, i) => new Float64Array(buf, ptrs[i], length)), ptrs };
}

let gram: { d: number; rows: number; ws: GramWorkspace } | null = null;

/** The Gram workspace for (d, blockRows), reused while the shape fits; null when the TypeScript kernel must run. */
export function gramWorkspace(d: number, blockRows: number): GramWorkspace | null {
  if (backend === "ts") return null;
  if (gram !== null && gram.d === d && gram.rows === blockRows) return gram.ws;
  const inst = denseInstance([d * blockRows, d * blockRows, d * d]);
  if (inst === null) return null;
  const [A, B, out] = inst.views;
  const [pa, pb, pout] = inst.ptrs;
  const ws: GramWorkspace = { A, B, out, accumulate: (m) => inst.kernel.gramBlock(pa, pb, d, m, blockRows, pout, d) };
  gram = { d, rows: blockRows, ws };
  return ws;
}

/**
 * The dense kernels of a Newton solve on n×d data (theory/sinf.ts) with their operands in one WASM memory: fill X, w,
 * v, L, rhs in place, then hessianTimes (out ← Xᵀ(w ⊙ X v), one pass over X), factor (L ← its Cholesky factor, in
 * place, row stride d) and solve (rhs ← (L Lᵀ)⁻¹ rhs). factor and solve give the bits of linalg.ts's cholesky and
 * choleskySolve (same summation order); hessianTimes equals matVec then matTVec to rounding.
 */
export interface NewtonKernels {
  readonly X: Float64Array;
  readonly w: Float64Array;
  readonly v: Float64Array;
  readonly out: Float64Array;
  readonly L: Float64Array;
  readonly rhs: Float64Array;
  hessianTimes(): void;
  factor(m: number): boolean;
  solve(m: number): void;
}

let newton: { n: number; d: number; k: NewtonKernels } | null = null;

/** Newton kernels for n×d (reused while the shape is the same: one solve at a time per thread); null: TypeScript. */
export function newtonKernels(n: number, d: number): NewtonKernels | null {
  if (backend === "ts") return null;
  if (newton !== null && newton.n === n && newton.d === d) return newton.k;
  const inst = denseInstance([n * d, n, d, d, d * d, d]);
  if (inst === null) return null;
  const [X, w, v, out, L, rhs] = inst.views;
  const [px, pw, pv, pout, pl, prhs] = inst.ptrs;
  const kernel = inst.kernel;
  const kn: NewtonKernels = {
    X,
    w,
    v,
    out,
    L,
    rhs,
    hessianTimes: () => kernel.gramVec(px, n, d, pv, pw, pout),
    factor: (m) => kernel.cholesky(pl, m, d) === 1,
    solve: (m) => kernel.choleskySolve(pl, m, d, prhs),
  };
  newton = { n, d, k: kn };
  return kn;
}

/** A problem whose X, S and gradient buffer live in WASM memory: passes on it copy nothing. */
export interface KernelWorkspace {
  readonly n: number;
  readonly d: number;
  /** N×d row-major; fill it in place (its contents are read at every pass) */
  readonly X: Float64Array;
  /** length d; pass it as S to skip the O(d) copy of S (any other Float64Array works too) */
  readonly S: Float64Array;
  /** length d; pass it as gradS to skip the O(d) copy of the gradient */
  readonly gradS: Float64Array;
}

/** Arenas of workspaces, by the identity of their X view. */
const workspaces = new WeakMap<DataMatrix, KernelArena>();

/**
 * Allocates X (n×d), S (d) and a gradient buffer (d) inside a WASM instance's memory, once. Pass `ws.X` to
 * lossGradient / lossAndAccuracy and no pass ever copies X. Where WASM SIMD128 is unavailable (or n·d exceeds wasm32
 * memory) the views are ordinary Float64Arrays and the TypeScript kernel runs on them. The memory is released with the
 * workspace (garbage collection).
 */
export function createKernelWorkspace(n: number, d: number): KernelWorkspace {
  const k = kernelModule();
  if (k !== null) {
    try {
      const a = new KernelArena(k, n * d, d, true);
      const X = a.X as Float64Array; // an f64 arena (the default xBytes)
      workspaces.set(X, a);
      return { n, d, X, S: a.S, gradS: a.G };
    } catch {
      // too large for wasm32 memory: plain arrays below
    }
  }
  return { n, d, X: new Float64Array(n * d), S: new Float64Array(d), gradS: new Float64Array(d) };
}

/** Bytes of one wasm32 memory at most (4 GiB): kernelMatrix's default limit per memory. */
export const WASM32_MEMORY_BYTES = MAX_PAGES * PAGE;

/**
 * An n×d data matrix (float64 or float32) allocated inside WASM memory, for the training set of a large run: fill it
 * in place (row-major; a RowBlocks part after part, data.ts fillNormalMatrix) and every pass reads it there, so X
 * exists once in memory instead of twice (a plain array plus the cache arena's copy). An X (with its vectors) larger
 * than `memoryBytes` (default: the wasm32 limit, 4 GiB; smaller only to test the split) is split over several
 * memories, a RowBlocks whose passes give the bits of the one-memory pass. Null where WASM is unavailable, memory is
 * refused, or no split fits (then use a plain array). Create it after enableKernelThreads, so that helper threads
 * share its memory.
 */
export function kernelMatrix(
  n: number,
  d: number,
  precision: "f64" | "f32",
  runs = 1,
  memoryBytes = WASM32_MEMORY_BYTES,
): DataMatrix | null {
  const k = kernelModule();
  if (k === null || backend === "ts") return null;
  const xBytes = precision === "f32" ? 4 : 8;
  try {
    if (!fitsMemory(n * d, d, xBytes, runs, Math.min(memoryBytes, WASM32_MEMORY_BYTES))) {
      return splitMatrix(k, n, d, xBytes, runs, Math.min(memoryBytes, WASM32_MEMORY_BYTES));
    }
    const a = new KernelArena(k, n * d, d, true, xBytes, runs);
    workspaces.set(a.X, a);
    return a.X;
  } catch {
    return null; // memory refused (RangeError)
  }
}

/** Cache arenas for foreign X (most recently used first): two, so a training set and a test set both stay resident. */
const cache: KernelArena[] = [];
const CACHE_SLOTS = 2;
/** entries of X compared with the cached copy on every call (strided, plus the first and the last) */
const PROBES = 64;

/** Does the cached copy (a.X) still equal X at the probe positions? Object.is: NaN equals NaN, 0 differs from −0. */
function probesMatch(a: KernelArena, X: DenseMatrix, m: number): boolean {
  const C = a.X;
  if (!Object.is(C[0], X[0]) || !Object.is(C[m - 1], X[m - 1])) return false;
  for (let i = 0; i < PROBES - 2; i++) {
    const k = Math.floor(((i + 0.5) * m) / (PROBES - 2));
    if (!Object.is(C[k], X[k])) return false;
  }
  return true;
}

/**
 * The arena holding X (its first nd values) for a WASM pass, or null when the TypeScript kernel must run: backend
 * "ts", WASM unavailable, X too short for n·d (the reference then reads undefined), or too large for wasm32 memory.
 * A workspace's X is used in place. Any other X is looked up by identity among the cache arenas and confirmed by
 * comparing 64 sampled entries with the cached copy; on a miss it is copied in when `copy` (the gradient pass, which
 * runs many times on one X), else null (one-off evaluations run in TypeScript rather than copying).
 * Caveat: an X edited in place in only a few entries may pass the sampled check and reuse the stale copy; call
 * `clearKernelCache()` after editing an X, or use a workspace. `runs`: room for that many runs' vectors
 * (lossGradients); null when a fixed arena (workspace, kernelMatrix) was made with fewer. A split X (RowBlocks) has
 * its arenas, for its whole n×d only.
 */
export function arenaFor(X: DataMatrix, nd: number, d: number, copy: boolean, runs = 1): PassArena | null {
  if (nd <= 0 || nd > X.length || backend === "ts") return null;
  if (X instanceof RowBlocks) {
    const s = splitArenas.get(X);
    return s !== undefined && nd === X.length && d === X.d && runs <= s.runs ? s : null;
  }
  const own = workspaces.get(X);
  if (own !== undefined) return own.layout(nd, d, runs) ? own : null;
  const k = kernelModule();
  if (k === null) return null;
  for (let i = 0; i < cache.length; i++) {
    const a = cache[i];
    if (a.source === X && a.copied >= nd && probesMatch(a, X, a.copied)) {
      if (i > 0) cache.unshift(...cache.splice(i, 1));
      if (!a.layout(nd, d, runs)) return null;
      return a;
    }
  }
  if (!copy) return null;
  let a: KernelArena;
  const xBytes = X.BYTES_PER_ELEMENT === 4 ? 4 : 8;
  try {
    if (cache.length < CACHE_SLOTS) {
      a = new KernelArena(k, nd, d, false, xBytes, runs);
    } else {
      a = cache.pop()!;
      // a private memory cannot become shared, nor a shared one outgrow its maximum, nor an arena change its element
      // type: then start afresh
      const wantsHelpers = nd >= SPLIT_MIN_ND && threads !== null && threads.helpers > 0;
      const stale = (wantsHelpers && !a.helpersAttached) || a.xBytes !== xBytes;
      if (stale || !a.layout(nd, d, runs)) a = new KernelArena(k, nd, d, false, xBytes, runs);
    }
  } catch {
    return null; // memory refused (RangeError): TypeScript
  }
  cache.unshift(a);
  a.X.set(X.subarray(0, nd));
  a.source = X;
  a.copied = nd;
  a.preferLog = false;
  return a;
}

/** Drops the cached copies of foreign X (after editing an X in place, or to free their memory). */
export function clearKernelCache(): void {
  cache.length = 0;
}
