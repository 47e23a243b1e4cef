/**
 * Cache arenas for foreign X (an ordinary Float64Array or Float32Array): X is copied into one of them on first use and
 * found again by identity on later calls, confirmed by a sampled-content check. Most recently used first: two, so a
 * training set and a test set both stay resident.
 */

import type { DenseMatrix } from "../data.js";
import { type ArenaHost, KernelArena } from "./arena.js";
import { SPLIT_MIN_ND } from "./layout.js";

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

export class ArenaCache {
  private readonly arenas: KernelArena[] = [];

  constructor(private readonly host: ArenaHost) {}

  /**
   * The cache arena holding X's first nd values, laid out for (d, runs), or null: a miss, or a hit whose layout cannot
   * hold (d, runs). A hit moves to the front.
   */
  find(X: DenseMatrix, nd: number, d: number, runs: number): KernelArena | null | "miss" {
    const cache = this.arenas;
    for (let i = 0; i < cache.length; i++) {
      const a = cache[i];
      if (a.source === X && a.copied >= nd && probesMatch(a, X, a.copied)) {
        if (i > 0) cache.unshift(...cache.splice(i, 1));
        return a.layout(nd, d, runs) ? a : null;
      }
    }
    return "miss";
  }

  /** Copies X's first nd values into a cache arena (a free slot, else the least recently used); null: memory refused. */
  insert(X: DenseMatrix, nd: number, d: number, runs: number): KernelArena | null {
    let a: KernelArena;
    const xBytes = X.BYTES_PER_ELEMENT === 4 ? 4 : 8;
    const shape = { nd, d, fixed: false, xBytes, runs } as const;
    try {
      if (this.arenas.length < CACHE_SLOTS) {
        a = new KernelArena(this.host, shape);
      } else {
        a = this.arenas.pop()!;
        // a private memory cannot become shared, nor a shared one outgrow its maximum, nor an arena change its element
        // type: then start afresh
        const t = this.host.threads;
        const wantsHelpers = nd >= SPLIT_MIN_ND && t !== null && t.helpers > 0;
        const stale = (wantsHelpers && !a.helpersAttached) || a.xBytes !== xBytes;
        if (stale || !a.layout(nd, d, runs)) a = new KernelArena(this.host, shape);
      }
    } catch {
      return null; // memory refused (RangeError): TypeScript
    }
    this.arenas.unshift(a);
    a.X.set(X.subarray(0, nd));
    a.source = X;
    a.copied = nd;
    a.preferLog = false;
    return a;
  }

  /** Drops the cached copies (after editing an X in place, or to free their memory). */
  clear(): void {
    this.arenas.length = 0;
  }
}
