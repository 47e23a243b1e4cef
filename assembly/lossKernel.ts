// AssemblyScript source of the WASM SIMD128 loss kernel (compiled by scripts/build-wasm.mjs into
// src/core/wasmKernelBytes.generated.ts). The TypeScript reference is src/core/lossKernel.ts; every pass here computes
// the same quantities with the same per-row formulas, in the same row order, so the two agree to rounding.
//
// Memory: imported ('env.memory') and laid out by the host (src/core/kernel/arena.ts) from heapBase() up: X (N×d f64,
// row-major), S (d), grad (d), out (8). Pointers are byte offsets. Loads are unaligned-safe (rows of odd d are only
// 8-byte aligned). Rows are processed in blocks of four: one sweep over the block for the four logits (S read once),
// then one sweep adding the block's Σ_k w_k·x_k to grad (grad read and written once) while the block is in cache.
// f64x2 lanes; Node 20's WASM SIMD has no FMA, so every product is rounded before its sum, as in JavaScript.

/** First free byte after the static data (AssemblyScript's math tables). */
export function heapBase(): usize {
  return __heap_base;
}

// X's element type T: f64, or f32 (`--precision f32`: half the memory and bandwidth). An f32 element is promoted to
// f64 exactly on load and everything after is f64 arithmetic in the same order, so a pass over f32 X gives the same
// bits as the f64 pass over the same values widened to f64.

/** log2 of the bytes per element of X. */
@inline function xShift<T>(): usize {
  return sizeof<T>() == 8 ? 3 : 2;
}

/** Two consecutive elements of X at byte address p, as f64x2. */
@inline function loadX2<T>(p: usize): v128 {
  if (sizeof<T>() == 8) return v128.load(p);
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

/** One element of X at byte address p, as f64. */
@inline function loadX1<T>(p: usize): f64 {
  if (sizeof<T>() == 8) return load<f64>(p);
  return <f64>load<f32>(p);
}

// the four logits of the current block (module globals: a function cannot return four values cheaply)
let z0: f64 = 0;
let z1: f64 = 0;
let z2: f64 = 0;
let z3: f64 = 0;

/**
 * Logit of one row from its two accumulators (lanes: a = columns ≡ 0, 1 mod 4; c = columns ≡ 2, 3) plus the d mod 4
 * leftover columns from column j: the summation order of the TypeScript rowLogit, (a0 + a1) + (a2 + a3) with the
 * leftovers added to a0, so the logits are bit-identical to it (WASM has no FMA, nor does JavaScript). (The reference's
 * linear pass sums its blocks of four in one running sum per row instead: there the logits differ by rounding.)
 */
@inline function finishLogit<T>(a: v128, c: v128, p: usize, s: usize, j: usize, d: usize, b: f64): f64 {
  let t0 = f64x2.extract_lane(a, 0);
  for (; j < d; j++) t0 += loadX1<T>(p + (j << xShift<T>())) * load<f64>(s + (j << 3));
  return b + (t0 + f64x2.extract_lane(a, 1) + (f64x2.extract_lane(c, 0) + f64x2.extract_lane(c, 1)));
}

/** Logits S·x + b of the four rows starting at byte offset p0 into z0..z3 (S read once for the four). */
@inline function blockLogits<T>(p0: usize, d: i32, s: usize, b: f64): void {
  const rb = (<usize>d) << xShift<T>();
  const p1 = p0 + rb;
  const p2 = p1 + rb;
  const p3 = p2 + rb;
  const hi = (<usize>2) << xShift<T>(); // byte offset of columns 2, 3 of a group of four
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let a2 = f64x2.splat(0);
  let a3 = f64x2.splat(0);
  let c0 = f64x2.splat(0);
  let c1 = f64x2.splat(0);
  let c2 = f64x2.splat(0);
  let c3 = f64x2.splat(0);
  const end4 = <usize>(d & ~3);
  let j: usize = 0;
  for (; j < end4; j += 4) {
    const sj = s + (j << 3);
    const xj = j << xShift<T>();
    const s0 = v128.load(sj);
    const s1 = v128.load(sj, 16);
    a0 = f64x2.add(a0, f64x2.mul(loadX2<T>(p0 + xj), s0));
    a1 = f64x2.add(a1, f64x2.mul(loadX2<T>(p1 + xj), s0));
    a2 = f64x2.add(a2, f64x2.mul(loadX2<T>(p2 + xj), s0));
    a3 = f64x2.add(a3, f64x2.mul(loadX2<T>(p3 + xj), s0));
    c0 = f64x2.add(c0, f64x2.mul(loadX2<T>(p0 + xj + hi), s1));
    c1 = f64x2.add(c1, f64x2.mul(loadX2<T>(p1 + xj + hi), s1));
    c2 = f64x2.add(c2, f64x2.mul(loadX2<T>(p2 + xj + hi), s1));
    c3 = f64x2.add(c3, f64x2.mul(loadX2<T>(p3 + xj + hi), s1));
  }
  z0 = finishLogit<T>(a0, c0, p0, s, j, <usize>d, b);
  z1 = finishLogit<T>(a1, c1, p1, s, j, <usize>d, b);
  z2 = finishLogit<T>(a2, c2, p2, s, j, <usize>d, b);
  z3 = finishLogit<T>(a3, c3, p3, s, j, <usize>d, b);
}

/** Σ_k u[k]·v[k] for k < len (byte offsets; u of X's type T, v f64): four partial sums in two f64x2 accumulators. */
function dotX<T>(u: usize, v: usize, len: i32): f64 {
  let a = f64x2.splat(0);
  let c = f64x2.splat(0);
  const hi = (<usize>2) << xShift<T>();
  const end4 = <usize>(len & ~3);
  let k: usize = 0;
  for (; k < end4; k += 4) {
    const uk = u + (k << xShift<T>());
    const vk = v + (k << 3);
    a = f64x2.add(a, f64x2.mul(loadX2<T>(uk), v128.load(vk)));
    c = f64x2.add(c, f64x2.mul(loadX2<T>(uk + hi), v128.load(vk, 16)));
  }
  // the tail joins lane 0 of a, and the lanes combine as (s0 + s1) + (s2 + s3): linalg.ts dotAt's order, bit for bit
  let s0 = f64x2.extract_lane(a, 0);
  for (; k < <usize>len; k++) s0 += loadX1<T>(u + (k << xShift<T>())) * load<f64>(v + (k << 3));
  return s0 + f64x2.extract_lane(a, 1) + (f64x2.extract_lane(c, 0) + f64x2.extract_lane(c, 1));
}

/** Σ_k u[k]·v[k] for k < len, both f64 (the Cholesky kernels). */
function dot(u: usize, v: usize, len: i32): f64 {
  return dotX<f64>(u, v, len);
}

/** Logit S·x + b of the single row at byte offset p (the last N mod 4 rows): finishLogit's order, via dotX. */
function rowLogit<T>(p: usize, d: i32, s: usize, b: f64): f64 {
  return b + dotX<T>(p, s, d);
}

/** grad += w0·x_{p0} + w1·x_{p1} + w2·x_{p2} + w3·x_{p3} (the four rows starting at p0), one load/store of grad. */
@inline function blockAccumulate<T>(p0: usize, d: i32, g: usize, w0: f64, w1: f64, w2: f64, w3: f64): void {
  const rb = (<usize>d) << xShift<T>();
  const p1 = p0 + rb;
  const p2 = p1 + rb;
  const p3 = p2 + rb;
  const hi = (<usize>2) << xShift<T>();
  const W0 = f64x2.splat(w0);
  const W1 = f64x2.splat(w1);
  const W2 = f64x2.splat(w2);
  const W3 = f64x2.splat(w3);
  const end4 = <usize>(d & ~3);
  const end2 = <usize>(d & ~1);
  let j: usize = 0;
  for (; j < end4; j += 4) {
    const xj = j << xShift<T>();
    const gj = g + (j << 3);
    let t = f64x2.mul(W0, loadX2<T>(p0 + xj));
    let u = f64x2.mul(W0, loadX2<T>(p0 + xj + hi));
    t = f64x2.add(t, f64x2.mul(W1, loadX2<T>(p1 + xj)));
    u = f64x2.add(u, f64x2.mul(W1, loadX2<T>(p1 + xj + hi)));
    t = f64x2.add(t, f64x2.mul(W2, loadX2<T>(p2 + xj)));
    u = f64x2.add(u, f64x2.mul(W2, loadX2<T>(p2 + xj + hi)));
    t = f64x2.add(t, f64x2.mul(W3, loadX2<T>(p3 + xj)));
    u = f64x2.add(u, f64x2.mul(W3, loadX2<T>(p3 + xj + hi)));
    v128.store(gj, f64x2.add(v128.load(gj), t));
    v128.store(gj, f64x2.add(v128.load(gj, 16), u), 16);
  }
  if (j < end2) {
    const xj = j << xShift<T>();
    const gj = g + (j << 3);
    let t = f64x2.mul(W0, loadX2<T>(p0 + xj));
    t = f64x2.add(t, f64x2.mul(W1, loadX2<T>(p1 + xj)));
    t = f64x2.add(t, f64x2.mul(W2, loadX2<T>(p2 + xj)));
    t = f64x2.add(t, f64x2.mul(W3, loadX2<T>(p3 + xj)));
    v128.store(gj, f64x2.add(v128.load(gj), t));
    j += 2;
  }
  if (d & 1) {
    const xj = j << xShift<T>();
    const t = w0 * loadX1<T>(p0 + xj) + w1 * loadX1<T>(p1 + xj) + w2 * loadX1<T>(p2 + xj) + w3 * loadX1<T>(p3 + xj);
    store<f64>(g + (j << 3), load<f64>(g + (j << 3)) + t);
  }
}

/** grad += w·x_p for the single row at byte offset p. */
function rowAccumulate<T>(p: usize, d: i32, g: usize, w: f64): void {
  const W = f64x2.splat(w);
  const end2 = <usize>(d & ~1);
  let j: usize = 0;
  for (; j < end2; j += 2) {
    const gj = g + (j << 3);
    v128.store(gj, f64x2.add(v128.load(gj), f64x2.mul(W, loadX2<T>(p + (j << xShift<T>())))));
  }
  if (d & 1) store<f64>(g + (j << 3), load<f64>(g + (j << 3)) + w * loadX1<T>(p + (j << xShift<T>())));
}

/** grad *= f. */
function scaleGrad(g: usize, d: i32, f: f64): void {
  const F = f64x2.splat(f);
  const end2 = (<usize>(d & ~1)) << 3;
  let j: usize = 0;
  for (; j < end2; j += 16) v128.store(g + j, f64x2.mul(v128.load(g + j), F));
  if (d & 1) store<f64>(g + j, load<f64>(g + j) * f);
}

// ---- the losses: every per-row formula of a loss is in this section (a new loss: a code and a branch in each) ----

// Loss codes of the ABI, the `loss` argument of every pass: the `code` of each loss in src/core/losses.ts LOSSES.
const LOSS_EXP: i32 = 0;
const LOSS_LOGISTIC: i32 = 1;

/** log of the per-point loss at logit z: log softplus(z) (logistic) or z (exponential). */
@inline function logPointLoss(z: f64, loss: i32): f64 {
  return loss == LOSS_LOGISTIC ? logSoftplus(z) : z;
}

/** log of the weight ∂loss/∂z: log σ(z) = −softplus(−z) (logistic) or z (exponential). */
@inline function logPointWeight(z: f64, loss: i32): f64 {
  return loss == LOSS_LOGISTIC ? -softplus(-z) : z;
}

// ---- the linear-space pass (src/core/lossKernel.ts linearPass) ----

let sumL: f64 = 0;
let sumW: f64 = 0;
let correct: i32 = 0;
let maxZ: f64 = -Infinity;

/** Weight of the row with logit z (σ(z) or e^z), adding its loss, its accuracy count and its weight to the sums. */
@inline function linearRow(z: f64, loss: i32): f64 {
  if (z < 0) correct++;
  if (z > maxZ) maxZ = z;
  let w: f64;
  if (loss == LOSS_LOGISTIC) {
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
@inline function linearPassT<T>(x: usize, n: i32, d: i32, s: usize, b: f64, loss: i32, g: usize, out: usize): void {
  memory.fill(g, 0, (<usize>d) << 3);
  sumL = 0;
  sumW = 0;
  correct = 0;
  maxZ = -Infinity;
  const rb = (<usize>d) << xShift<T>();
  const n4 = n & ~3;
  let p = x;
  let i = 0;
  for (; i < n4; i += 4, p += rb << 2) {
    blockLogits<T>(p, d, s, b);
    const w0 = linearRow(z0, loss);
    const w1 = linearRow(z1, loss);
    const w2 = linearRow(z2, loss);
    const w3 = linearRow(z3, loss);
    blockAccumulate<T>(p, d, g, w0, w1, w2, w3);
  }
  for (; i < n; i++, p += rb) rowAccumulate<T>(p, d, g, linearRow(rowLogit<T>(p, d, s, b), loss));
  store<f64>(out, sumL);
  store<f64>(out, sumW, 8);
  store<f64>(out, <f64>correct, 16);
  store<f64>(out, maxZ, 24);
}

// ---- several runs on one X (src/core/lossKernel.ts lossGradients) ----

/** Loads run r's linear-pass sums from its out slot (o) into the module globals. */
@inline function loadSums(o: usize): void {
  sumL = load<f64>(o);
  sumW = load<f64>(o, 8);
  correct = <i32>load<f64>(o, 16);
  maxZ = load<f64>(o, 24);
}

/** Stores the module globals' linear-pass sums to a run's out slot (o). */
@inline function storeSums(o: usize): void {
  store<f64>(o, sumL);
  store<f64>(o, sumW, 8);
  store<f64>(o, <f64>correct, 16);
  store<f64>(o, maxZ, 24);
}

/**
 * linearPass for k runs on one X: run r has S at s + r·vs, its bias at bs + 8r, its gradient at g + r·vs and its
 * out[0..3] at out + 64r. Each block of four rows is read from memory once and stays in cache while every run does
 * with it exactly what linearPass does, in the same order, so each run's results equal its own linearPass, bit for bit.
 */
@inline function linearPassBatchT<T>(
  x: usize, n: i32, d: i32, k: i32, s: usize, vs: usize, bs: usize, loss: i32, g: usize, out: usize,
): void {
  for (let r = 0; r < k; r++) {
    memory.fill(g + <usize>r * vs, 0, (<usize>d) << 3);
    sumL = 0;
    sumW = 0;
    correct = 0;
    maxZ = -Infinity;
    storeSums(out + ((<usize>r) << 6));
  }
  const rb = (<usize>d) << xShift<T>();
  const n4 = n & ~3;
  let p = x;
  let i = 0;
  for (; i < n4; i += 4, p += rb << 2) {
    for (let r = 0; r < k; r++) {
      const o = out + ((<usize>r) << 6);
      const gr = g + <usize>r * vs;
      loadSums(o);
      blockLogits<T>(p, d, s + <usize>r * vs, load<f64>(bs + ((<usize>r) << 3)));
      const w0 = linearRow(z0, loss);
      const w1 = linearRow(z1, loss);
      const w2 = linearRow(z2, loss);
      const w3 = linearRow(z3, loss);
      blockAccumulate<T>(p, d, gr, w0, w1, w2, w3);
      storeSums(o);
    }
  }
  for (; i < n; i++, p += rb) {
    for (let r = 0; r < k; r++) {
      const o = out + ((<usize>r) << 6);
      loadSums(o);
      const z = rowLogit<T>(p, d, s + <usize>r * vs, load<f64>(bs + ((<usize>r) << 3)));
      rowAccumulate<T>(p, d, g + <usize>r * vs, linearRow(z, loss));
      storeSums(o);
    }
  }
}

export function linearPassBatch(
  x: usize, n: i32, d: i32, k: i32, s: usize, vs: usize, bs: usize, loss: i32, g: usize, out: usize,
): void {
  linearPassBatchT<f64>(x, n, d, k, s, vs, bs, loss, g, out);
}

/** linearPassBatch over an f32 X. */
export function linearPassBatch32(
  x: usize, n: i32, d: i32, k: i32, s: usize, vs: usize, bs: usize, loss: i32, g: usize, out: usize,
): void {
  linearPassBatchT<f32>(x, n, d, k, s, vs, bs, loss, g, out);
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
@inline function lossRow(z: f64, loss: i32): void {
  if (z < 0) correct++;
  if (z > maxZ) maxZ = z;
  lseAdd(logPointLoss(z, loss));
}

/** lossRow, returning the row's log weight: log σ(z) = −softplus(−z) or z. */
@inline function logRow(z: f64, loss: i32): f64 {
  lossRow(z, loss);
  return logPointWeight(z, loss);
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
@inline function logPassT<T>(x: usize, n: i32, d: i32, s: usize, b: f64, loss: i32, g: usize, out: usize): void {
  memory.fill(g, 0, (<usize>d) << 3);
  sumW = 0;
  correct = 0;
  maxZ = -Infinity;
  lseMax = -Infinity;
  lseSum = 0;
  mW = -Infinity;
  const rb = (<usize>d) << xShift<T>();
  const n4 = n & ~3;
  let p = x;
  let i = 0;
  for (; i < n4; i += 4, p += rb << 2) {
    blockLogits<T>(p, d, s, b);
    const l0 = logRow(z0, loss);
    const l1 = logRow(z1, loss);
    const l2 = logRow(z2, loss);
    const l3 = logRow(z3, loss);
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
    blockAccumulate<T>(p, d, g, w0, w1, w2, w3);
  }
  for (; i < n; i++, p += rb) {
    const l = logRow(rowLogit<T>(p, d, s, b), loss);
    raiseMax(l, g, d);
    const w = Math.exp(l - mW);
    sumW += w;
    rowAccumulate<T>(p, d, g, w);
  }
  store<f64>(out, lseMax);
  store<f64>(out, lseSum, 8);
  store<f64>(out, <f64>correct, 16);
  store<f64>(out, maxZ, 24);
  store<f64>(out, mW, 32);
  store<f64>(out, sumW, 40);
}

/** Loss log-sum-exp and accuracy count, no gradient: out[0..2] ← lse max, lse sum, #{z_i < 0}. */
@inline function lossPassT<T>(x: usize, n: i32, d: i32, s: usize, b: f64, loss: i32, out: usize): void {
  correct = 0;
  maxZ = -Infinity;
  lseMax = -Infinity;
  lseSum = 0;
  const rb = (<usize>d) << xShift<T>();
  const n4 = n & ~3;
  let p = x;
  let i = 0;
  for (; i < n4; i += 4, p += rb << 2) {
    blockLogits<T>(p, d, s, b);
    lossRow(z0, loss);
    lossRow(z1, loss);
    lossRow(z2, loss);
    lossRow(z3, loss);
  }
  for (; i < n; i++, p += rb) lossRow(rowLogit<T>(p, d, s, b), loss);
  store<f64>(out, lseMax);
  store<f64>(out, lseSum, 8);
  store<f64>(out, <f64>correct, 16);
}

export function linearPass(x: usize, n: i32, d: i32, s: usize, b: f64, loss: i32, g: usize, out: usize): void {
  linearPassT<f64>(x, n, d, s, b, loss, g, out);
}

export function logPass(x: usize, n: i32, d: i32, s: usize, b: f64, loss: i32, g: usize, out: usize): void {
  logPassT<f64>(x, n, d, s, b, loss, g, out);
}

export function lossPass(x: usize, n: i32, d: i32, s: usize, b: f64, loss: i32, out: usize): void {
  lossPassT<f64>(x, n, d, s, b, loss, out);
}

/** linearPass over an f32 X. */
export function linearPass32(x: usize, n: i32, d: i32, s: usize, b: f64, loss: i32, g: usize, out: usize): void {
  linearPassT<f32>(x, n, d, s, b, loss, g, out);
}

/** logPass over an f32 X. */
export function logPass32(x: usize, n: i32, d: i32, s: usize, b: f64, loss: i32, g: usize, out: usize): void {
  logPassT<f32>(x, n, d, s, b, loss, g, out);
}

/** lossPass over an f32 X. */
export function lossPass32(x: usize, n: i32, d: i32, s: usize, b: f64, loss: i32, out: usize): void {
  lossPassT<f32>(x, n, d, s, b, loss, out);
}

// ---- the weighted Gram matrix of the S_∞ Newton solver (src/core/linalg.ts weightedGram) ----

/** Σ_r of the two f64x2 lanes. */
@inline function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** out[row·ld + col] += v when the entry is on or above the diagonal and inside the matrix. */
@inline function addUpper(out: usize, ld: i32, d: i32, row: i32, col: i32, v: f64): void {
  if (row < d && col < d && col >= row) {
    const p = out + ((<usize>(row * ld + col)) << 3);
    store<f64>(p, load<f64>(p) + v);
  }
}

/**
 * out[j, k] += Σ_{r<m} A[j·R + r]·B[k·R + r] for k ≥ j (the upper triangle; out has row stride ld), A and B d×R
 * packed blocks (row j: entry j of the block's rows, contiguous over r). 2×4 register tiles over f64x2 pairs of r:
 * 6 loads per 8 multiply-adds of two lanes. Byte offsets; m ≤ R.
 */
export function gramBlock(a: usize, b: usize, d: i32, m: i32, R: i32, out: usize, ld: i32): void {
  const rb = (<usize>R) << 3;
  const m2 = (<usize>(m & ~1)) << 3;
  const odd = (m & 1) != 0;
  const last = (<usize>(m - 1)) << 3;
  for (let j = 0; j < d; j += 2) {
    const j1 = j + 1 < d ? j + 1 : j;
    const a0 = a + <usize>j * rb;
    const a1 = a + <usize>j1 * rb;
    for (let k = j; k < d; k += 4) {
      const b0 = b + <usize>k * rb;
      const b1 = b + <usize>(k + 1 < d ? k + 1 : k) * rb;
      const b2 = b + <usize>(k + 2 < d ? k + 2 : k) * rb;
      const b3 = b + <usize>(k + 3 < d ? k + 3 : k) * rb;
      let s00 = f64x2.splat(0);
      let s01 = f64x2.splat(0);
      let s02 = f64x2.splat(0);
      let s03 = f64x2.splat(0);
      let s10 = f64x2.splat(0);
      let s11 = f64x2.splat(0);
      let s12 = f64x2.splat(0);
      let s13 = f64x2.splat(0);
      for (let r: usize = 0; r < m2; r += 16) {
        const x0 = v128.load(a0 + r);
        const x1 = v128.load(a1 + r);
        const y0 = v128.load(b0 + r);
        const y1 = v128.load(b1 + r);
        const y2 = v128.load(b2 + r);
        const y3 = v128.load(b3 + r);
        s00 = f64x2.add(s00, f64x2.mul(x0, y0));
        s01 = f64x2.add(s01, f64x2.mul(x0, y1));
        s02 = f64x2.add(s02, f64x2.mul(x0, y2));
        s03 = f64x2.add(s03, f64x2.mul(x0, y3));
        s10 = f64x2.add(s10, f64x2.mul(x1, y0));
        s11 = f64x2.add(s11, f64x2.mul(x1, y1));
        s12 = f64x2.add(s12, f64x2.mul(x1, y2));
        s13 = f64x2.add(s13, f64x2.mul(x1, y3));
      }
      let t00 = hsum(s00);
      let t01 = hsum(s01);
      let t02 = hsum(s02);
      let t03 = hsum(s03);
      let t10 = hsum(s10);
      let t11 = hsum(s11);
      let t12 = hsum(s12);
      let t13 = hsum(s13);
      if (odd) {
        const x0 = load<f64>(a0 + last);
        const x1 = load<f64>(a1 + last);
        const y0 = load<f64>(b0 + last);
        const y1 = load<f64>(b1 + last);
        const y2 = load<f64>(b2 + last);
        const y3 = load<f64>(b3 + last);
        t00 += x0 * y0;
        t01 += x0 * y1;
        t02 += x0 * y2;
        t03 += x0 * y3;
        t10 += x1 * y0;
        t11 += x1 * y1;
        t12 += x1 * y2;
        t13 += x1 * y3;
      }
      addUpper(out, ld, d, j, k, t00);
      addUpper(out, ld, d, j, k + 1, t01);
      addUpper(out, ld, d, j, k + 2, t02);
      addUpper(out, ld, d, j, k + 3, t03);
      if (j1 != j) {
        addUpper(out, ld, d, j1, k, t10);
        addUpper(out, ld, d, j1, k + 1, t11);
        addUpper(out, ld, d, j1, k + 2, t12);
        addUpper(out, ld, d, j1, k + 3, t13);
      }
    }
  }
}

// ---- dense kernels of the S_∞ Newton solver (src/theory/sinf.ts; TypeScript reference in src/core/linalg.ts) ----

/**
 * In-place Cholesky A = L Lᵀ of the SPD m×m leading block of A (row stride ld), Crout order (row i from the dot
 * products of rows i and j < i, both contiguous). Reads the lower triangle, overwrites it with L. Returns 0 when a
 * pivot is not positive (A not positive definite to working precision), else 1.
 */
export function cholesky(a: usize, m: i32, ld: i32): i32 {
  const rs = (<usize>ld) << 3;
  for (let i = 0; i < m; i++) {
    const ri = a + <usize>i * rs;
    for (let j = 0; j < i; j++) {
      const rj = a + <usize>j * rs;
      const p = ri + ((<usize>j) << 3);
      store<f64>(p, (load<f64>(p) - dot(ri, rj, j)) / load<f64>(rj + ((<usize>j) << 3)));
    }
    const pi = ri + ((<usize>i) << 3);
    const piv = load<f64>(pi) - dot(ri, ri, i);
    if (!(piv > 0)) return 0;
    store<f64>(pi, Math.sqrt(piv));
  }
  return 1;
}

/** Solve (L Lᵀ) x = b in place (b ← x) with the factor L (m×m lower triangle, row stride ld): forward by row dot
 * products, backward as row axpys (both along contiguous rows of L). */
export function choleskySolve(l: usize, m: i32, ld: i32, b: usize): void {
  const rs = (<usize>ld) << 3;
  for (let i = 0; i < m; i++) {
    const ri = l + <usize>i * rs;
    const pb = b + ((<usize>i) << 3);
    store<f64>(pb, (load<f64>(pb) - dot(ri, b, i)) / load<f64>(ri + ((<usize>i) << 3)));
  }
  for (let i = m - 1; i >= 0; i--) {
    const ri = l + <usize>i * rs;
    const pb = b + ((<usize>i) << 3);
    const xi = load<f64>(pb) / load<f64>(ri + ((<usize>i) << 3));
    store<f64>(pb, xi);
    const X = f64x2.splat(xi);
    const end2 = (<usize>(i & ~1)) << 3;
    let k: usize = 0;
    for (; k < end2; k += 16) v128.store(b + k, f64x2.sub(v128.load(b + k), f64x2.mul(v128.load(ri + k), X)));
    if (i & 1) store<f64>(b + k, load<f64>(b + k) - load<f64>(ri + k) * xi);
  }
}

/**
 * out (d) = Xᵀ (w ⊙ X v) for X n×d row-major, w (n), v (d): the Hessian-vector product of the Newton solver in one
 * pass over X, rows in blocks of four (v read once per block); blocks whose four weights are 0 are skipped.
 */
export function gramVec(x: usize, n: i32, d: i32, v: usize, w: usize, out: usize): void {
  memory.fill(out, 0, (<usize>d) << 3);
  const rb = (<usize>d) << 3;
  const n4 = n & ~3;
  let p = x;
  let i = 0;
  for (; i < n4; i += 4, p += rb << 2) {
    const wp = w + ((<usize>i) << 3);
    const w0 = load<f64>(wp);
    const w1 = load<f64>(wp, 8);
    const w2 = load<f64>(wp, 16);
    const w3 = load<f64>(wp, 24);
    if (w0 == 0 && w1 == 0 && w2 == 0 && w3 == 0) continue;
    blockLogits<f64>(p, d, v, 0);
    blockAccumulate<f64>(p, d, out, w0 * z0, w1 * z1, w2 * z2, w3 * z3);
  }
  for (; i < n; i++, p += rb) {
    const wi = load<f64>(w + ((<usize>i) << 3));
    if (wi != 0) rowAccumulate<f64>(p, d, out, wi * rowLogit<f64>(p, d, v, 0));
  }
}
