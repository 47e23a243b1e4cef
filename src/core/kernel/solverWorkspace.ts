/**
 * The dense solvers' workspaces in WASM memory: the weighted Gram kernel (core/linalg.ts weightedGram) and the Newton
 * kernels of S_∞ (theory/sinf.ts). Each is one instance with its own memory, reused while the shape is the same (one
 * solve at a time per Kernel); SolverWorkspaces keeps the last of each.
 */

import type { KernelExports } from "./abi.js";
import { align16, MAX_PAGES, PAGE } from "./layout.js";
import { instantiate, type LoadedKernel } from "./loader.js";

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

/**
 * A fresh instance of the kernel with its own memory holding float64 buffers of the given lengths (16-byte aligned,
 * after the static data): their views and byte offsets; null when they exceed wasm32.
 */
function denseInstance(
  k: LoadedKernel,
  lengths: readonly number[],
): { kernel: KernelExports; views: Float64Array[]; ptrs: number[] } | null {
  const memory = new k.api.Memory({ initial: 1 });
  const kernel = instantiate(k, memory);
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

function gramWorkspace(k: LoadedKernel, d: number, blockRows: number): GramWorkspace | null {
  const inst = denseInstance(k, [d * blockRows, d * blockRows, d * d]);
  if (inst === null) return null;
  const [A, B, out] = inst.views;
  const [pa, pb, pout] = inst.ptrs;
  return { A, B, out, accumulate: (m) => inst.kernel.gramBlock(pa, pb, d, m, blockRows, pout, d) };
}

function newtonKernels(k: LoadedKernel, n: number, d: number): NewtonKernels | null {
  const inst = denseInstance(k, [n * d, n, d, d, d * d, d]);
  if (inst === null) return null;
  const [X, w, v, out, L, rhs] = inst.views;
  const [px, pw, pv, pout, pl, prhs] = inst.ptrs;
  const kernel = inst.kernel;
  return {
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
}

/** The last Gram workspace and Newton kernels made, reused while the shape is the same. */
export class SolverWorkspaces {
  private gram: { d: number; rows: number; ws: GramWorkspace } | null = null;
  private newton: { n: number; d: number; k: NewtonKernels } | null = null;

  constructor(private readonly loaded: LoadedKernel) {}

  /** The Gram workspace for (d, blockRows); null when it exceeds wasm32. */
  gramWorkspace(d: number, blockRows: number): GramWorkspace | null {
    if (this.gram !== null && this.gram.d === d && this.gram.rows === blockRows) return this.gram.ws;
    const ws = gramWorkspace(this.loaded, d, blockRows);
    if (ws !== null) this.gram = { d, rows: blockRows, ws };
    return ws;
  }

  /** Newton kernels for n×d; null when they exceed wasm32. */
  newtonKernels(n: number, d: number): NewtonKernels | null {
    if (this.newton !== null && this.newton.n === n && this.newton.d === d) return this.newton.k;
    const k = newtonKernels(this.loaded, n, d);
    if (k !== null) this.newton = { n, d, k };
    return k;
  }
}
