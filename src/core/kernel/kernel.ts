/**
 * The loss kernel as one explicit object: a Kernel is the WASM SIMD128 kernel (assembly/lossKernel.ts) loaded once,
 * with everything that lives in its memories — the arenas of X matrices made in it (workspaces, matrices, split
 * matrices), the cache of foreign X copied in, the dense solvers' workspaces — and the helper threads it may use; or
 * the TypeScript reference (backend "ts"), which holds nothing. The passes (core/lossKernel.ts) take the Kernel to
 * run on; tests construct the backend they need (createKernel). The one Kernel callers share unless they pass their
 * own is defaultKernel(): the process's loaded WASM instance, made on first use.
 *
 * X must live in a kernel memory, so a pass costs no copy: either the caller allocates X there once (`workspace`,
 * `matrix`), or an ordinary Float64Array or Float32Array X is copied into a cache arena on first use and found again
 * by identity on later calls (plus a sampled-content check, arenaCache.ts). An X larger than one wasm32 memory (4 GiB)
 * is split over several (`matrix` → data.ts RowBlocks, splitArena.ts), with the same bits as in one memory.
 */

import { type DataMatrix, RowBlocks } from "../data.js";
import { type ArenaHost, KernelArena, type PassArena } from "./arena.js";
import { ArenaCache } from "./arenaCache.js";
import { fitsMemory, WASM32_MEMORY_BYTES } from "./layout.js";
import { type LoadedKernel, loadKernel, loadSharedModule } from "./loader.js";
import { type GramWorkspace, type NewtonKernels, SolverWorkspaces } from "./solverWorkspace.js";
import { type SplitArena, splitMatrix } from "./splitArena.js";
import type { KernelThreads } from "./threads.js";

/** The implementation a Kernel runs: the WASM SIMD128 kernel, or the TypeScript reference. */
export type KernelBackend = "wasm" | "ts";

export interface KernelOptions {
  /** "auto" (default): WASM where it runs, else TypeScript; "wasm" throws where WASM SIMD128 is unavailable */
  backend?: "auto" | KernelBackend;
  /** helper threads for passes over large X (default none) */
  threads?: KernelThreads | null;
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

/** The state of a WASM kernel: what its arenas need, and where the arenas are found again. */
class WasmState implements ArenaHost {
  threads: KernelThreads | null;
  /** undefined: not compiled yet */
  private shared: object | null | undefined;
  /** arenas of workspaces and matrices, by the identity of their X view; of split matrices, by their RowBlocks */
  readonly own = new WeakMap<DataMatrix, KernelArena>();
  readonly split = new WeakMap<RowBlocks, SplitArena>();
  readonly cache: ArenaCache = new ArenaCache(this);
  readonly solvers: SolverWorkspaces;

  constructor(
    readonly loaded: LoadedKernel,
    threads: KernelThreads | null,
  ) {
    this.threads = threads;
    this.solvers = new SolverWorkspaces(loaded);
  }

  sharedModule(): object | null {
    if (this.shared === undefined) this.shared = loadSharedModule(this.loaded);
    return this.shared;
  }
}

export class Kernel {
  readonly backend: KernelBackend;
  private readonly wasm: WasmState | null;

  /** Use createKernel. */
  constructor(loaded: LoadedKernel | null, threads: KernelThreads | null) {
    this.wasm = loaded === null ? null : new WasmState(loaded, threads);
    this.backend = loaded === null ? "ts" : "wasm";
  }

  /**
   * Let passes over large X use helper threads (null: none). Only arenas created afterwards share their memory, so
   * set them before the first pass (train/kernelThreads.ts enableKernelThreads).
   */
  useThreads(threads: KernelThreads | null): void {
    if (this.wasm !== null) this.wasm.threads = threads;
  }

  /**
   * Allocates X (n×d), S (d) and a gradient buffer (d) inside a WASM memory, once. Pass `ws.X` to lossGradient /
   * lossAndAccuracy with this kernel and no pass ever copies X. On the TypeScript backend (or where n·d exceeds wasm32
   * memory) the views are ordinary Float64Arrays. The memory is released with the workspace (garbage collection).
   */
  workspace(n: number, d: number): KernelWorkspace {
    if (this.wasm !== null) {
      try {
        const a = new KernelArena(this.wasm, { nd: n * d, d, fixed: true });
        const X = a.X as Float64Array; // an f64 arena (the default xBytes)
        this.wasm.own.set(X, a);
        return { n, d, X, S: a.S, gradS: a.G };
      } catch {
        // too large for wasm32 memory: plain arrays below
      }
    }
    return { n, d, X: new Float64Array(n * d), S: new Float64Array(d), gradS: new Float64Array(d) };
  }

  /**
   * An n×d data matrix (float64 or float32) allocated inside WASM memory, for the training set of a large run: fill it
   * in place (row-major; a RowBlocks part after part, data.ts fillNormalMatrix) and every pass reads it there, so X
   * exists once in memory instead of twice (a plain array plus the cache arena's copy). An X (with its vectors) larger
   * than `memoryBytes` (default: the wasm32 limit, 4 GiB; smaller only to test the split) is split over several
   * memories, a RowBlocks whose passes give the bits of the one-memory pass. Null on the TypeScript backend, where
   * memory is refused, or where no split fits (then use a plain array). Create it after useThreads, so that helper
   * threads share its memory. `runs`: how many runs may share it in one pass (lossGradients).
   */
  matrix(
    n: number,
    d: number,
    precision: "f64" | "f32",
    runs = 1,
    memoryBytes = WASM32_MEMORY_BYTES,
  ): DataMatrix | null {
    const w = this.wasm;
    if (w === null) return null;
    const xBytes = precision === "f32" ? 4 : 8;
    const limit = Math.min(memoryBytes, WASM32_MEMORY_BYTES);
    try {
      if (!fitsMemory(n * d, d, xBytes, runs, limit)) {
        const s = splitMatrix(w, n, d, xBytes, runs, limit);
        if (s !== null) w.split.set(s.X, s);
        return s?.X ?? null;
      }
      const a = new KernelArena(w, { nd: n * d, d, fixed: true, xBytes, runs });
      w.own.set(a.X, a);
      return a.X;
    } catch {
      return null; // memory refused (RangeError)
    }
  }

  /**
   * The arena holding X (its first nd values) for a WASM pass, or null when the TypeScript kernel must run: backend
   * "ts", X too short for n·d (the reference then reads undefined), or too large for wasm32 memory. A workspace's or
   * matrix's X is used in place. Any other X is looked up by identity among the cache arenas and confirmed by
   * comparing 64 sampled entries with the cached copy; on a miss it is copied in when `copy` (the gradient pass, which
   * runs many times on one X), else null (one-off evaluations run in TypeScript rather than copying).
   * Caveat: an X edited in place in only a few entries may pass the sampled check and reuse the stale copy; call
   * `clearCache()` after editing an X, or use a workspace. `runs`: room for that many runs' vectors (lossGradients);
   * null when a fixed arena (workspace, matrix) was made with fewer. A split X (RowBlocks) has its arenas, for its
   * whole n×d only.
   */
  arenaFor(X: DataMatrix, nd: number, d: number, copy: boolean, runs = 1): PassArena | null {
    const w = this.wasm;
    if (w === null || nd <= 0 || nd > X.length) return null;
    if (X instanceof RowBlocks) {
      const s = w.split.get(X);
      return s !== undefined && nd === X.length && d === X.d && runs <= s.runs ? s : null;
    }
    const own = w.own.get(X);
    if (own !== undefined) return own.layout(nd, d, runs) ? own : null;
    const hit = w.cache.find(X, nd, d, runs);
    if (hit !== "miss") return hit;
    return copy ? w.cache.insert(X, nd, d, runs) : null;
  }

  /** Drops the cached copies of foreign X (after editing an X in place, or to free their memory). */
  clearCache(): void {
    this.wasm?.cache.clear();
  }

  /** The Gram workspace for (d, blockRows), reused while the shape fits; null when the TypeScript kernel must run. */
  gramWorkspace(d: number, blockRows: number): GramWorkspace | null {
    return this.wasm?.solvers.gramWorkspace(d, blockRows) ?? null;
  }

  /** Newton kernels for n×d (reused while the shape is the same: one solve at a time); null: TypeScript. */
  newtonKernels(n: number, d: number): NewtonKernels | null {
    return this.wasm?.solvers.newtonKernels(n, d) ?? null;
  }
}

/** A new Kernel (its own memories and caches): the backend asked for, and optionally helper threads. */
export function createKernel(options: KernelOptions = {}): Kernel {
  const backend = options.backend ?? "auto";
  const loaded = backend === "ts" ? null : loadKernel();
  if (backend === "wasm" && loaded === null) throw new Error("WASM SIMD128 kernel unavailable in this runtime");
  return new Kernel(loaded, options.threads ?? null);
}

/** The process's shared Kernel (made on first use): the loaded WASM instance, or TypeScript where WASM cannot run. */
let shared: Kernel | null = null;

/** The Kernel every pass runs on unless its caller passes another: createKernel() made once per process (thread). */
export function defaultKernel(): Kernel {
  shared ??= createKernel();
  return shared;
}
