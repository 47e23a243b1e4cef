/**
 * Seeded Gaussian randomness. Algorithm: Marsaglia–Tsang improved ziggurat over MT19937
 * (@stdlib/random-base-improved-ziggurat), pure JavaScript, so Node and the browser give the same numbers.
 *
 * Streams are addressed by a path of non-negative integers: (seed, run index, stream id). MT19937 is seeded by
 * init_by_array with the seed's two 32-bit halves followed by the path, so distinct paths give distinct generators
 * without any hashing, and any cell of a sweep can be regenerated alone from its (seed, run index).
 */

import ziggurat from "@stdlib/random-base-improved-ziggurat";

/** A source of standard normal draws N(0, 1). */
export type NormalSource = () => number;

/** Well-known stream ids inside one run, so that e.g. the test-set size never changes the training data. */
export const Stream = { train: 0, test: 1, init: 2 } as const;

/** Generator of N(0,1) for the stream (seed, ...path); seed is a non-negative safe integer, path entries uint32. */
export function normalStream(seed: number, ...path: number[]): NormalSource {
  const lo = seed % 2 ** 32;
  const hi = Math.floor(seed / 2 ** 32);
  const key = new Uint32Array([lo, hi, ...path]);
  return ziggurat.factory({ seed: key });
}

/** Fill `out` with σ·N(0,1) draws in order (a Float32Array stores each rounded to float32). */
export function fillNormal<T extends Float64Array | Float32Array>(normal: NormalSource, out: T, sigma = 1): T {
  for (let i = 0; i < out.length; i++) out[i] = sigma * normal();
  return out;
}
