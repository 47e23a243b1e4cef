/**
 * The constant-label Gaussian data model (SPEC §1): N points x_i ~ N(0, σ² I_d), every label y = −1.
 * Stored as one N×d row-major Float64Array (or Float32Array for `--precision f32` training: half the memory; the
 * kernels widen each element to float64 exactly and accumulate in float64), or, for a training X larger than one
 * WASM memory (4 GiB: f64 at the paper's 40000 × 19200), as RowBlocks: consecutive groups of rows in several memories.
 */

import { fillNormal, type NormalSource } from "./rng.js";
import { norm } from "./vector.js";

/** An N×d row-major matrix in one float64 or float32 array. */
export type DenseMatrix = Float64Array | Float32Array;

/**
 * An N×d row-major matrix held as consecutive groups of whole rows, each its own array: an X larger than one WASM
 * memory (4 GiB), split over several (core/kernel/kernel.ts Kernel.matrix). Part p holds rows [rowStart[p], rowStart[p+1]).
 * Only the WASM kernel passes over it; other readers go part by part (matrixParts).
 */
export class RowBlocks {
  /** n·d (values, as a dense matrix's length) */
  readonly length: number;
  /** bytes per value: 8 (float64) or 4 (float32), as a typed array's */
  readonly BYTES_PER_ELEMENT: number;
  /** first row of each part, then n (parts.length + 1 entries) */
  readonly rowStart: readonly number[];

  constructor(
    /** each rows_p × d, row-major, all of one element type */
    readonly parts: readonly DenseMatrix[],
    readonly n: number,
    readonly d: number,
  ) {
    const starts = [0];
    for (const p of parts) starts.push(starts[starts.length - 1] + p.length / d);
    if (starts[parts.length] !== n || parts.some((p) => p.BYTES_PER_ELEMENT !== parts[0].BYTES_PER_ELEMENT)) {
      throw new RangeError(`row blocks of ${starts[parts.length]} rows (mixed element types?) for an ${n}×${d} X`);
    }
    this.rowStart = starts;
    this.length = n * d;
    this.BYTES_PER_ELEMENT = parts[0].BYTES_PER_ELEMENT;
  }
}

/** An N×d row-major data matrix in float64 or float32 storage: one array, or row blocks over several memories. */
export type DataMatrix = DenseMatrix | RowBlocks;

/** The dense pieces of X (N×d) in row order, with their first row: X itself for a dense matrix. */
export function matrixParts(X: DataMatrix): { part: DenseMatrix; row0: number }[] {
  if (!(X instanceof RowBlocks)) return [{ part: X, row0: 0 }];
  return X.parts.map((part, p) => ({ part, row0: X.rowStart[p] }));
}

/** Fill X with σ·N(0,1) draws in row-major order, part after part: the values fillNormal gives a dense X. */
export function fillNormalMatrix<M extends DataMatrix>(normal: NormalSource, X: M, sigma = 1): M {
  for (const { part } of matrixParts(X)) fillNormal(normal, part, sigma);
  return X;
}

/** N points in R^d. Theory works on float64 sets (the default M); training also takes float32 ones. */
export interface Dataset<M extends DataMatrix = Float64Array> {
  /** N×d row-major */
  X: M;
  n: number;
  d: number;
}

/** N points in R^d with i.i.d. N(0, σ²) coordinates, drawn row by row from `normal`. */
export function gaussianDataset(normal: NormalSource, n: number, d: number, sigma: number): Dataset {
  return { X: fillNormal(normal, new Float64Array(n * d), sigma), n, d };
}

/** A uniformly random direction in R^d scaled to norm `length` (S_0 of SPEC §1); zero when length is 0. */
export function randomDirection(normal: NormalSource, d: number, length: number): Float64Array {
  const v = fillNormal(normal, new Float64Array(d));
  const r = norm(v);
  for (let j = 0; j < d; j++) v[j] = r > 0 ? (v[j] * length) / r : 0;
  return v;
}
