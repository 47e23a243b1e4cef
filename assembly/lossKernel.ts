// AssemblyScript source of the WASM SIMD128 loss kernel (compiled by scripts/build-wasm.mjs into
// src/core/wasmKernelBytes.generated.ts). The TypeScript reference is src/core/lossKernel.ts; every pass here computes
// the same quantities with the same per-row formulas, in the same row order, so the two agree to rounding.
//
// Memory: imported ('env.memory') and laid out by the host (src/core/wasmKernel.ts) from heapBase() up: X (N×d f64,
// row-major), S (d), grad (d), out (8). Pointers are byte offsets. Loads are unaligned-safe (rows of odd d are only
// 8-byte aligned). Rows are processed in blocks of four: one sweep over the block for the four logits (S read once),
// then one sweep adding the block's Σ_k w_k·x_k to grad (grad read and written once) while the block is in cache.
// f64x2 lanes; Node 20's WASM SIMD has no FMA, so every product is rounded before its sum, as in JavaScript.

/** First free byte after the static data (AssemblyScript's math tables). */
export function heapBase(): usize {
  return __heap_base;
}

// the four logits of the current block (module globals: a function cannot return four values cheaply)
let z0: f64 = 0;
let z1: f64 = 0;
let z2: f64 = 0;
let z3: f64 = 0;

/**
 * Logit of one row from its two accumulators (lanes: a = columns ≡ 0, 1 mod 4; c = columns ≡ 2, 3) plus the d mod 4
 * leftover columns from byte offset j: the summation order of the TypeScript rowLogit, (a0 + a1) + (a2 + a3) with the
 * leftovers added to a0, so the logits are bit-identical to it (WASM has no FMA, nor does JavaScript). (The reference's
 * linear pass sums its blocks of four in one running sum per row instead: there the logits differ by rounding.)
 */
@inline function finishLogit(a: v128, c: v128, p: usize, s: usize, j: usize, end: usize, b: f64): f64 {
  let t0 = f64x2.extract_lane(a, 0);
  for (; j < end; j += 8) t0 += load<f64>(p + j) * load<f64>(s + j);
  return b + (t0 + f64x2.extract_lane(a, 1) + (f64x2.extract_lane(c, 0) + f64x2.extract_lane(c, 1)));
}

/** Logits S·x + b of the four rows starting at byte offset p0 into z0..z3 (S read once for the four). */
@inline function blockLogits(p0: usize, d: i32, s: usize, b: f64): void {
  const rb = (<usize>d) << 3;
  const p1 = p0 + rb;
  const p2 = p1 + rb;
  const p3 = p2 + rb;
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let a2 = f64x2.splat(0);
  let a3 = f64x2.splat(0);
  let c0 = f64x2.splat(0);
  let c1 = f64x2.splat(0);
  let c2 = f64x2.splat(0);
  let c3 = f64x2.splat(0);
  const end4 = (<usize>(d & ~3)) << 3;
  let j: usize = 0;
  for (; j < end4; j += 32) {
    const s0 = v128.load(s + j);
    const s1 = v128.load(s + j, 16);
    a0 = f64x2.add(a0, f64x2.mul(v128.load(p0 + j), s0));
    a1 = f64x2.add(a1, f64x2.mul(v128.load(p1 + j), s0));
    a2 = f64x2.add(a2, f64x2.mul(v128.load(p2 + j), s0));
    a3 = f64x2.add(a3, f64x2.mul(v128.load(p3 + j), s0));
    c0 = f64x2.add(c0, f64x2.mul(v128.load(p0 + j, 16), s1));
    c1 = f64x2.add(c1, f64x2.mul(v128.load(p1 + j, 16), s1));
    c2 = f64x2.add(c2, f64x2.mul(v128.load(p2 + j, 16), s1));
    c3 = f64x2.add(c3, f64x2.mul(v128.load(p3 + j, 16), s1));
  }
  z0 = finishLogit(a0, c0, p0, s, j, rb, b);
  z1 = finishLogit(a1, c1, p1, s, j, rb, b);
  z2 = finishLogit(a2, c2, p2, s, j, rb, b);
  z3 = finishLogit(a3, c3, p3, s, j, rb, b);
}

/** Logit S·x + b of the single row at byte offset p (the last N mod 4 rows). */
function rowLogit(p: usize, d: i32, s: usize, b: f64): f64 {
  let a = f64x2.splat(0);
  let c = f64x2.splat(0);
  const end4 = (<usize>(d & ~3)) << 3;
  let j: usize = 0;
  for (; j < end4; j += 32) {
    a = f64x2.add(a, f64x2.mul(v128.load(p + j), v128.load(s + j)));
    c = f64x2.add(c, f64x2.mul(v128.load(p + j, 16), v128.load(s + j, 16)));
  }
  return finishLogit(a, c, p, s, j, (<usize>d) << 3, b);
}

/** grad += w0·x_{p0} + w1·x_{p1} + w2·x_{p2} + w3·x_{p3} (the four rows starting at p0), one load/store of grad. */
@inline function blockAccumulate(p0: usize, d: i32, g: usize, w0: f64, w1: f64, w2: f64, w3: f64): void {
  const rb = (<usize>d) << 3;
  const p1 = p0 + rb;
  const p2 = p1 + rb;
  const p3 = p2 + rb;
  const W0 = f64x2.splat(w0);
  const W1 = f64x2.splat(w1);
  const W2 = f64x2.splat(w2);
  const W3 = f64x2.splat(w3);
  const end4 = (<usize>(d & ~3)) << 3;
  const end2 = (<usize>(d & ~1)) << 3;
  let j: usize = 0;
  for (; j < end4; j += 32) {
    let t = f64x2.mul(W0, v128.load(p0 + j));
    let u = f64x2.mul(W0, v128.load(p0 + j, 16));
    t = f64x2.add(t, f64x2.mul(W1, v128.load(p1 + j)));
    u = f64x2.add(u, f64x2.mul(W1, v128.load(p1 + j, 16)));
    t = f64x2.add(t, f64x2.mul(W2, v128.load(p2 + j)));
    u = f64x2.add(u, f64x2.mul(W2, v128.load(p2 + j, 16)));
    t = f64x2.add(t, f64x2.mul(W3, v128.load(p3 + j)));
    u = f64x2.add(u, f64x2.mul(W3, v128.load(p3 + j, 16)));
    v128.store(g + j, f64x2.add(v128.load(g + j), t));
    v128.store(g + j, f64x2.add(v128.load(g + j, 16), u), 16);
  }
  if (j < end2) {
    let t = f64x2.mul(W0, v128.load(p0 + j));
    t = f64x2.add(t, f64x2.mul(W1, v128.load(p1 + j)));
    t = f64x2.add(t, f64x2.mul(W2, v128.load(p2 + j)));
    t = f64x2.add(t, f64x2.mul(W3, v128.load(p3 + j)));
    v128.store(g + j, f64x2.add(v128.load(g + j), t));
    j += 16;
  }
  if (d & 1) {
    const t = w0 * load<f64>(p0 + j) + w1 * load<f64>(p1 + j) + w2 * load<f64>(p2 + j) + w3 * load<f64>(p3 + j);
    store<f64>(g + j, load<f64>(g + j) + t);
  }
}

/** grad += w·x_p for the single row at byte offset p. */
function rowAccumulate(p: usize, d: i32, g: usize, w: f64): void {
  const W = f64x2.splat(w);
  const end2 = (<usize>(d & ~1)) << 3;
  let j: usize = 0;
  for (; j < end2; j += 16) v128.store(g + j, f64x2.add(v128.load(g + j), f64x2.mul(W, v128.load(p + j))));
  if (d & 1) store<f64>(g + j, load<f64>(g + j) + w * load<f64>(p + j));
}

/** grad *= f. */
function scaleGrad(g: usize, d: i32, f: f64): void {
  const F = f64x2.splat(f);
  const end2 = (<usize>(d & ~1)) << 3;
  let j: usize = 0;
  for (; j < end2; j += 16) v128.store(g + j, f64x2.mul(v128.load(g + j), F));
  if (d & 1) store<f64>(g + j, load<f64>(g + j) * f);
}

// ---- the linear-space pass (src/core/lossKernel.ts linearPass) ----

let sumL: f64 = 0;
let sumW: f64 = 0;
let correct: i32 = 0;
let maxZ: f64 = -Infinity;

/** Weight of the row with logit z (σ(z) or e^z), adding its loss, its accuracy count and its weight to the sums. */
@inline function linearRow(z: f64, logistic: bool): f64 {
  if (z < 0) correct++;
  if (z > maxZ) maxZ = z;
  let w: f64;
  if (logistic) {
    const e = Math.exp(-Math.abs(z));
    w = z >= 0 ? 1 / (1 + e) : e / (1 + e);
    sumL += Math.max(z, 0) + Math.log1p(e);
  } else {
    w = Math.exp(z);
    sumL += w;
  }
  sumW += w;
  return w;
}

/**
 * One linear-space pass: grad (d) ← Σ_i w_i x_i; out[0..3] ← Σ loss_i, Σ w_i, #{z_i < 0}, max z_i. The host rejects
 * the result (and runs logPass) when max z_i is outside the range where the weights are exact.
 */
export function linearPass(x: usize, n: i32, d: i32, s: usize, b: f64, logistic: bool, g: usize, out: usize): void {
  memory.fill(g, 0, (<usize>d) << 3);
  sumL = 0;
  sumW = 0;
  correct = 0;
  maxZ = -Infinity;
  const rb = (<usize>d) << 3;
  const n4 = n & ~3;
  let p = x;
  let i = 0;
  for (; i < n4; i += 4, p += rb << 2) {
    blockLogits(p, d, s, b);
    const w0 = linearRow(z0, logistic);
    const w1 = linearRow(z1, logistic);
    const w2 = linearRow(z2, logistic);
    const w3 = linearRow(z3, logistic);
    blockAccumulate(p, d, g, w0, w1, w2, w3);
  }
  for (; i < n; i++, p += rb) rowAccumulate(p, d, g, linearRow(rowLogit(p, d, s, b), logistic));
  store<f64>(out, sumL);
  store<f64>(out, sumW, 8);
  store<f64>(out, <f64>correct, 16);
  store<f64>(out, maxZ, 24);
}

// ---- the log-space pass (src/core/lossKernel.ts logSpacePass) and lossAndAccuracy ----

@inline function softplus(z: f64): f64 {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** log softplus(z) (src/core/special.ts logSoftplus). */
function logSoftplus(z: f64): f64 {
  if (z < -30) {
    const e = Math.exp(z);
    return z - 0.5 * e;
  }
  return Math.log(softplus(z));
}

// running log Σ e^{v} (src/core/special.ts LogSumExp): lseSum = Σ e^{v − lseMax}
let lseMax: f64 = -Infinity;
let lseSum: f64 = 0;

@inline function lseAdd(v: f64): void {
  if (v > lseMax) {
    lseSum = lseSum * (lseMax == -Infinity ? 0 : Math.exp(lseMax - v)) + 1;
    lseMax = v;
  } else if (v != -Infinity) {
    lseSum += Math.exp(v - lseMax);
  }
}

/** Adds row z to the accuracy count, max logit and loss log-sum-exp. */
@inline function lossRow(z: f64, logistic: bool): void {
  if (z < 0) correct++;
  if (z > maxZ) maxZ = z;
  lseAdd(logistic ? logSoftplus(z) : z);
}

/** lossRow, returning the row's log weight: log σ(z) = −softplus(−z) or z. */
@inline function logRow(z: f64, logistic: bool): f64 {
  lossRow(z, logistic);
  return logistic ? -softplus(-z) : z;
}

let mW: f64 = -Infinity;

/** Raises the running max log weight to m (when larger), rescaling grad and Σ w (relative to the max) to match. */
@inline function raiseMax(m: f64, g: usize, d: i32): void {
  if (m > mW) {
    const f = mW == -Infinity ? 0 : Math.exp(mW - m);
    scaleGrad(g, d, f);
    sumW *= f;
    mW = m;
  }
}

/**
 * One log-space pass, exact for any finite logits: grad (d) ← Σ_i e^{lw_i − M} x_i with M = max_i lw_i; out[0..5] ←
 * the loss log-sum-exp (max, sum), #{z_i < 0}, max z_i, M, Σ_i e^{lw_i − M}. Blocks of four raise M once per block.
 */
export function logPass(x: usize, n: i32, d: i32, s: usize, b: f64, logistic: bool, g: usize, out: usize): void {
  memory.fill(g, 0, (<usize>d) << 3);
  sumW = 0;
  correct = 0;
  maxZ = -Infinity;
  lseMax = -Infinity;
  lseSum = 0;
  mW = -Infinity;
  const rb = (<usize>d) << 3;
  const n4 = n & ~3;
  let p = x;
  let i = 0;
  for (; i < n4; i += 4, p += rb << 2) {
    blockLogits(p, d, s, b);
    const l0 = logRow(z0, logistic);
    const l1 = logRow(z1, logistic);
    const l2 = logRow(z2, logistic);
    const l3 = logRow(z3, logistic);
    let m = l0;
    if (l1 > m) m = l1;
    if (l2 > m) m = l2;
    if (l3 > m) m = l3;
    raiseMax(m, g, d);
    const w0 = Math.exp(l0 - mW);
    const w1 = Math.exp(l1 - mW);
    const w2 = Math.exp(l2 - mW);
    const w3 = Math.exp(l3 - mW);
    sumW += w0;
    sumW += w1;
    sumW += w2;
    sumW += w3;
    blockAccumulate(p, d, g, w0, w1, w2, w3);
  }
  for (; i < n; i++, p += rb) {
    const l = logRow(rowLogit(p, d, s, b), logistic);
    raiseMax(l, g, d);
    const w = Math.exp(l - mW);
    sumW += w;
    rowAccumulate(p, d, g, w);
  }
  store<f64>(out, lseMax);
  store<f64>(out, lseSum, 8);
  store<f64>(out, <f64>correct, 16);
  store<f64>(out, maxZ, 24);
  store<f64>(out, mW, 32);
  store<f64>(out, sumW, 40);
}

/** Loss log-sum-exp and accuracy count, no gradient: out[0..2] ← lse max, lse sum, #{z_i < 0}. */
export function lossPass(x: usize, n: i32, d: i32, s: usize, b: f64, logistic: bool, out: usize): void {
  correct = 0;
  maxZ = -Infinity;
  lseMax = -Infinity;
  lseSum = 0;
  const rb = (<usize>d) << 3;
  const n4 = n & ~3;
  let p = x;
  let i = 0;
  for (; i < n4; i += 4, p += rb << 2) {
    blockLogits(p, d, s, b);
    lossRow(z0, logistic);
    lossRow(z1, logistic);
    lossRow(z2, logistic);
    lossRow(z3, logistic);
  }
  for (; i < n; i++, p += rb) lossRow(rowLogit(p, d, s, b), logistic);
  store<f64>(out, lseMax);
  store<f64>(out, lseSum, 8);
  store<f64>(out, <f64>correct, 16);
}
