/** Small dense-vector helpers on Float64Array (length d). */

/** Euclidean norm ‖v‖; rescales (a second pass) only when Σv² leaves the normal float64 range. */
export function norm(v: ArrayLike<number>): number {
  let s2 = 0;
  for (let i = 0; i < v.length; i++) s2 += v[i] * v[i];
  if (s2 > 1e-280 && s2 < 1e280) return Math.sqrt(s2);
  let scale = 0;
  for (let i = 0; i < v.length; i++) scale = Math.max(scale, Math.abs(v[i]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const t = v[i] / scale;
    s += t * t;
  }
  return scale * Math.sqrt(s);
}

/** u·v for vectors of equal length. */
export function dot(u: ArrayLike<number>, v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * v[i];
  return s;
}

/** S·x for the row of X (row-major) starting at `off`, with four accumulators to shorten the dependency chain. */
export function rowDot(X: Float64Array | Float32Array, off: number, d: number, S: ArrayLike<number>): number {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    a0 += X[off + j] * S[j];
    a1 += X[off + j + 1] * S[j + 1];
    a2 += X[off + j + 2] * S[j + 2];
    a3 += X[off + j + 3] * S[j + 3];
  }
  for (; j < d; j++) a0 += X[off + j] * S[j];
  return a0 + a1 + (a2 + a3);
}
