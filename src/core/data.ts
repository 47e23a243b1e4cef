/**
 * The constant-label Gaussian data model (SPEC §1): N points x_i ~ N(0, σ² I_d), every label y = −1.
 * Stored as one N×d row-major Float64Array (or Float32Array for `--precision f32` training: half the memory; the
 * kernels widen each element to float64 exactly and accumulate in float64).
 */

import { fillNormal, type NormalSource } from "./rng.js";
import { norm } from "./vector.js";

/** An N×d row-major data matrix in float64 or float32 storage. */
export type DataMatrix = Float64Array | Float32Array;

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
