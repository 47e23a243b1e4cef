/**
 * Host side of the WASM SIMD128 loss kernel (source: assembly/lossKernel.ts; bytes: the generated module, embedded as
 * base64 so src/core does no I/O). The passes themselves are orchestrated by lossKernel.ts; this module owns the
 * WebAssembly instances, the placement of X in their linear memory, and the choice of backend.
 *
 * Each arena is one instance with its own memory, laid out [static data | X (N×d) | S (d) | grad (d) | out (8)].
 * X must live in that memory, so a pass costs no copy: either the caller allocates X there once
 * (`createKernelWorkspace`), or an X that is an ordinary Float64Array is copied into one of two cache arenas on first
 * use and found again by identity on later calls (plus a sampled-content check, see `arenaFor`).
 */

import { WASM_KERNEL_BASE64 } from "./wasmKernelBytes.generated.js";

/** The subset of the WebAssembly JS API used here (lib ES2023 does not declare it; the runtime may lack it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** Exports of assembly/lossKernel.ts (pointers are byte offsets; booleans are 0/1). */
interface KernelExports {
  heapBase(): number;
  linearPass(x: number, n: number, d: number, s: number, b: number, logistic: number, g: number, out: number): void;
  logPass(x: number, n: number, d: number, s: number, b: number, logistic: number, g: number, out: number): void;
  lossPass(x: number, n: number, d: number, s: number, b: number, logistic: number, out: number): void;
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

const align16 = (bytes: number) => (bytes + 15) & ~15;

/** One WebAssembly instance with its own memory holding X, S, the gradient and the pass's output. */
export class KernelArena {
  private readonly kernel: KernelExports;
  private readonly memory: WasmMemory;
  private readonly base: number;
  /** X capacity (f64 elements) and d of the current layout */
  private capacity = 0;
  private dCap = 0;
  private xPtr = 0;
  private sPtr = 0;
  private gPtr = 0;
  private outPtr = 0;
  /** views on the memory for the current layout (recreated after the memory grows) */
  X = new Float64Array(0);
  S = new Float64Array(0);
  G = new Float64Array(0);
  private out = new Float64Array(0);
  /** the cached foreign X this arena holds a copy of (cache arenas only), and how many elements were copied */
  source: Float64Array | null = null;
  copied = 0;
  /** the last gradient pass had to run in log space: try that pass first next time */
  preferLog = false;

  constructor(
    k: { api: WasmApi; module: object },
    nd: number,
    d: number,
    private readonly fixed: boolean,
  ) {
    // the static data's 1 page, grown in layout()
    this.memory = new k.api.Memory({ initial: 1 });
    this.kernel = new k.api.Instance(k.module, { env: { memory: this.memory } }).exports as KernelExports;
    this.base = align16(this.kernel.heapBase());
    if (!this.layout(nd, d)) throw new RangeError(`kernel arena for ${nd} values exceeds the wasm32 memory`);
  }

  /** Room for X of nd values and vectors of length d; false when that exceeds wasm32 memory. */
  layout(nd: number, d: number): boolean {
    if (nd <= this.capacity && d <= this.dCap) return true;
    if (this.fixed && this.capacity > 0) return false;
    // never shrink: X stays at the same offset, so a cached copy survives a larger d
    nd = Math.max(nd, this.capacity);
    d = Math.max(d, this.dCap);
    const vec = align16(8 * d);
    const end = this.base + align16(8 * nd) + 2 * vec + 64;
    const pages = Math.ceil(end / PAGE);
    if (pages > MAX_PAGES) return false;
    const have = this.memory.buffer.byteLength / PAGE;
    if (pages > have) this.memory.grow(pages - have);
    this.capacity = nd;
    this.dCap = d;
    this.xPtr = this.base;
    this.sPtr = this.xPtr + align16(8 * nd);
    this.gPtr = this.sPtr + vec;
    this.outPtr = this.gPtr + vec;
    const buf = this.memory.buffer;
    this.X = new Float64Array(buf, this.xPtr, nd);
    this.S = new Float64Array(buf, this.sPtr, d);
    this.G = new Float64Array(buf, this.gPtr, d);
    this.out = new Float64Array(buf, this.outPtr, 8);
    return true;
  }

  private loadS(S: Float64Array, d: number): void {
    if (S !== this.S) this.S.set(S.subarray(0, d));
  }

  /** Linear-space gradient pass: out = [Σ loss, Σ w, #correct, max z]; the gradient Σ w x is left in G. */
  linear(n: number, d: number, S: Float64Array, b: number, logistic: boolean): Float64Array {
    this.loadS(S, d);
    this.kernel.linearPass(this.xPtr, n, d, this.sPtr, b, logistic ? 1 : 0, this.gPtr, this.outPtr);
    return this.out;
  }

  /** Log-space gradient pass: out = [lse max, lse sum, #correct, max z, max log w M, Σ e^{lw − M}]; G as above. */
  logSpace(n: number, d: number, S: Float64Array, b: number, logistic: boolean): Float64Array {
    this.loadS(S, d);
    this.kernel.logPass(this.xPtr, n, d, this.sPtr, b, logistic ? 1 : 0, this.gPtr, this.outPtr);
    return this.out;
  }

  /** Loss and accuracy only: out = [lse max, lse sum, #correct]. */
  loss(n: number, d: number, S: Float64Array, b: number, logistic: boolean): Float64Array {
    this.loadS(S, d);
    this.kernel.lossPass(this.xPtr, n, d, this.sPtr, b, logistic ? 1 : 0, this.outPtr);
    return this.out;
  }

  /** Copies the gradient of the last pass to gradS (nothing to do when gradS is this arena's own view). */
  copyGrad(gradS: Float64Array, d: number): void {
    if (gradS !== this.G) gradS.set(this.G.subarray(0, d));
  }
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
const workspaces = new WeakMap<Float64Array, KernelArena>();

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
      workspaces.set(a.X, a);
      return { n, d, X: a.X, S: a.S, gradS: a.G };
    } catch {
      // too large for wasm32 memory: plain arrays below
    }
  }
  return { n, d, X: new Float64Array(n * d), S: new Float64Array(d), gradS: new Float64Array(d) };
}

/** Cache arenas for foreign X (most recently used first): two, so a training set and a test set both stay resident. */
const cache: KernelArena[] = [];
const CACHE_SLOTS = 2;
/** entries of X compared with the cached copy on every call (strided, plus the first and the last) */
const PROBES = 64;

/** Does the cached copy (a.X) still equal X at the probe positions? Object.is: NaN equals NaN, 0 differs from −0. */
function probesMatch(a: KernelArena, X: Float64Array, m: number): boolean {
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
 * `clearKernelCache()` after editing an X, or use a workspace.
 */
export function arenaFor(X: Float64Array, nd: number, d: number, copy: boolean): KernelArena | null {
  if (nd <= 0 || nd > X.length || backend === "ts") return null;
  const own = workspaces.get(X);
  if (own !== undefined) return own.layout(nd, d) ? own : null;
  const k = kernelModule();
  if (k === null) return null;
  for (let i = 0; i < cache.length; i++) {
    const a = cache[i];
    if (a.source === X && a.copied >= nd && probesMatch(a, X, a.copied)) {
      if (i > 0) cache.unshift(...cache.splice(i, 1));
      if (!a.layout(nd, d)) return null;
      return a;
    }
  }
  if (!copy) return null;
  let a: KernelArena;
  try {
    if (cache.length < CACHE_SLOTS) {
      a = new KernelArena(k, nd, d, false);
    } else {
      a = cache.pop()!;
      if (!a.layout(nd, d)) {
        cache.push(a);
        return null;
      }
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
