/**
 * The hot kernel of the model f(x) = S·x + b with every label y = −1 (SPEC §1).
 *
 * One pass over X (N×d, row-major Float64Array, or Float32Array whose elements are widened exactly to float64 and
 * accumulated in float64): for each row its logit z_i = S·x_i + b, its per-point loss, its
 * weight w_i = ∂loss/∂z_i and its contribution w_i·x_i to ∇_S, while the row is in cache. No N×d temporary.
 *
 * Losses and weights can leave the float64 range (exp loss at z = 1e4, logistic loss ~1e-400 late in training), so
 * both sums are kept in log space with a running maximum (the "online log-sum-exp" trick): the gradient buffer holds
 * ∇_S · e^{−gradLogScale} and is rescaled (O(d)) only when a new largest weight appears, O(log N) times per pass.
 *
 * Two implementations of the same passes: a WASM SIMD128 kernel (assembly/lossKernel.ts, host in core/kernel/; the
 * default where WebAssembly SIMD is available, one WASM call per pass) and the TypeScript below (the reference, and
 * the fallback). They agree to rounding (test/core/wasmKernel.test.ts). Every pass takes the Kernel to run on (default:
 * defaultKernel(), the process's loaded WASM instance; createKernel({ backend: "ts" }) for the reference). For
 * zero-copy passes allocate X with `kernel.workspace`; any other X is copied into WASM memory on its first use and
 * found again by identity. The losses and their per-row formulas are the table core/losses.ts.
 */

import { type DataMatrix, type DenseMatrix, RowBlocks } from "./data.js";
import { exp, log } from "./detMath.js";
import type { PassArena } from "./kernel/arena.js";
import { defaultKernel, type Kernel } from "./kernel/kernel.js";
import { LOSSES, type LossName } from "./losses.js";
import { LogSumExp } from "./special.js";
import { rowDot } from "./vector.js";

/** Result of one pass. The true gradient is exp(gradLogScale) · (gradS, gradB). */
export interface LossGradient {
  /** natural log of the mean loss (1/N) Σ loss(z_i) */
  logLoss: number;
  /** fraction of rows with z_i < 0 (correctly classified as −1) */
  accuracy: number;
  /** natural log of the common factor of gradS and gradB */
  gradLogScale: number;
  /** ∂L/∂b · e^{−gradLogScale} */
  gradB: number;
}

/** S·x_row + b for the row starting at `off` (the sum order the WASM kernel reproduces). */
function rowLogit(X: DenseMatrix, off: number, d: number, S: Float64Array, b: number): number {
  return b + rowDot(X, off, d, S);
}

/**
 * Loss, training accuracy and gradient in one pass. `gradS` (length d) is overwritten with ∇_S L · e^{−gradLogScale}.
 * X: N×d row-major; S: length d; b scalar. Tries the linear-space pass first (one exp and one log1p per row) and
 * repeats the pass in log space only when some weight or loss left the comfortable float64 range. `kernel`: the Kernel
 * to run on (default: defaultKernel(); a workspace or matrix X runs in place on the Kernel that made it).
 */
export function lossGradient(
  X: DataMatrix,
  n: number,
  d: number,
  S: Float64Array,
  b: number,
  loss: LossName,
  gradS: Float64Array,
  kernel: Kernel = defaultKernel(),
): LossGradient {
  if (S.length >= d && gradS.length >= d) {
    const arena = kernel.arenaFor(X, n * d, d, true);
    if (arena !== null) return wasmLossGradient(arena, n, d, S, b, loss, gradS);
  }
  const Xd = dense(X);
  const fast = linearPass(Xd, n, d, S, b, loss, gradS);
  if (fast !== null) return fast;
  return logSpacePass(Xd, n, d, S, b, loss, gradS);
}

/**
 * X for the TypeScript reference passes. A split X (RowBlocks) exists only where the WASM kernel does, and its passes
 * run there (for its whole n×d, with S and gradS of length ≥ d): anything else on it is refused here.
 */
function dense(X: DataMatrix): DenseMatrix {
  if (X instanceof RowBlocks) {
    throw new Error(
      `an X split over several WASM memories (${X.n}×${X.d}) runs only on the WASM kernel, for its full n×d`,
    );
  }
  return X;
}

/**
 * lossGradient for several runs on one X, each at its own (S[r], b[r]), with gradS[r] overwritten: the results equal
 * K lossGradient calls bit for bit, but on the WASM kernel X is read once per block of rows for all runs (linear
 * pass); a run whose logits need log space then gets its own log-space pass. Where there is no arena for K runs (the
 * TypeScript backend, a fixed arena made for fewer runs) it is those K calls.
 */
export function lossGradients(
  X: DataMatrix,
  n: number,
  d: number,
  S: readonly Float64Array[],
  b: readonly number[],
  loss: LossName,
  gradS: readonly Float64Array[],
  kernel: Kernel = defaultKernel(),
): LossGradient[] {
  const arena = S.length > 1 ? kernel.arenaFor(X, n * d, d, true, S.length) : null;
  if (arena === null) return S.map((s, r) => lossGradient(X, n, d, s, b[r], loss, gradS[r], kernel));
  const L = LOSSES[loss];
  arena.linearBatch(n, d, S, b, L.code);
  const out: (LossGradient | null)[] = S.map((_, r) => {
    const o = arena.batchOut(r);
    if (!L.linearOk(o[3])) return null;
    arena.copyBatchGrad(r, gradS[r], d);
    return { logLoss: log(o[0] / n), accuracy: o[2] / n, gradLogScale: -log(n), gradB: o[1] };
  });
  // after every linear result is read: a log-space pass reuses the first run's buffers
  return out.map((g, r) => g ?? wasmLogSpaceResult(arena, arena.logSpace(n, d, S[r], b[r], L.code), n, d, gradS[r]));
}

/**
 * lossGradient on the WASM kernel: the same choice between the linear and the log-space pass as the TypeScript path
 * (decided by the largest logit). A pass that needed log space makes the next call on this X try log space first (its
 * largest logit tells whether the linear pass would have done, and then that runs), so long runs in the log-space
 * regime cost one pass per call, not two.
 */
function wasmLossGradient(
  a: PassArena,
  n: number,
  d: number,
  S: Float64Array,
  b: number,
  loss: LossName,
  gradS: Float64Array,
): LossGradient {
  const L = LOSSES[loss];
  if (a.preferLog) {
    const o = a.logSpace(n, d, S, b, L.code);
    if (!L.linearOk(o[3])) return wasmLogSpaceResult(a, o, n, d, gradS);
    a.preferLog = false;
  }
  const o = a.linear(n, d, S, b, L.code);
  if (L.linearOk(o[3])) {
    a.copyGrad(gradS, d);
    return { logLoss: log(o[0] / n), accuracy: o[2] / n, gradLogScale: -log(n), gradB: o[1] };
  }
  a.preferLog = true;
  return wasmLogSpaceResult(a, a.logSpace(n, d, S, b, L.code), n, d, gradS);
}

/** The LossGradient of a WASM log-space pass (out = [lse max, lse sum, #correct, max z, M, Σ e^{lw − M}]). */
function wasmLogSpaceResult(a: PassArena, o: Float64Array, n: number, d: number, gradS: Float64Array): LossGradient {
  a.copyGrad(gradS, d);
  const logN = log(n);
  return {
    logLoss: (o[0] === Number.NEGATIVE_INFINITY ? o[0] : o[0] + log(o[1])) - logN,
    accuracy: o[2] / n,
    gradLogScale: o[4] - logN,
    gradB: o[5],
  };
}

/** Per-block scratch (4 rows): logits and weights. Module-level so the hot loop allocates nothing. */
const zs = new Float64Array(4);
const ws = new Float64Array(4);

/** Logits of rows i..i+3 into zs, reading S once for four rows. */
function blockLogits(X: DenseMatrix, i: number, d: number, S: Float64Array, b: number): void {
  const o0 = i * d;
  const o1 = o0 + d;
  const o2 = o1 + d;
  const o3 = o2 + d;
  let z0 = 0;
  let z1 = 0;
  let z2 = 0;
  let z3 = 0;
  for (let j = 0; j < d; j++) {
    const s = S[j];
    z0 += X[o0 + j] * s;
    z1 += X[o1 + j] * s;
    z2 += X[o2 + j] * s;
    z3 += X[o3 + j] * s;
  }
  zs[0] = z0 + b;
  zs[1] = z1 + b;
  zs[2] = z2 + b;
  zs[3] = z3 + b;
}

/** gradS += Σ_k ws[k] · x_{i+k}: one load and store of gradS for four rows. */
function blockAccumulate(X: DenseMatrix, i: number, d: number, gradS: Float64Array): void {
  const o0 = i * d;
  const o1 = o0 + d;
  const o2 = o1 + d;
  const o3 = o2 + d;
  const w0 = ws[0];
  const w1 = ws[1];
  const w2 = ws[2];
  const w3 = ws[3];
  for (let j = 0; j < d; j++) gradS[j] += w0 * X[o0 + j] + w1 * X[o1 + j] + w2 * X[o2 + j] + w3 * X[o3 + j];
}

/**
 * Linear-space pass: w_i = σ(z_i) or e^{z_i}, loss_i = softplus(z_i) or e^{z_i}, rows in blocks of four (the block
 * is still in L1 when its gradient contribution is added). Returns null, and the caller redoes the pass in log
 * space, when the largest logit makes the largest weight under- or overflow-prone.
 */
function linearPass(
  X: DenseMatrix,
  n: number,
  d: number,
  S: Float64Array,
  b: number,
  loss: LossName,
  gradS: Float64Array,
): LossGradient | null {
  gradS.fill(0, 0, d);
  const L = LOSSES[loss];
  let sumW = 0;
  let sumL = 0;
  let correct = 0;
  let maxZ = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i += 4) {
    const rows = Math.min(4, n - i);
    if (rows === 4) blockLogits(X, i, d, S, b);
    else for (let k = 0; k < 4; k++) zs[k] = k < rows ? rowLogit(X, (i + k) * d, d, S, b) : 0;
    for (let k = 0; k < 4; k++) {
      const z = zs[k];
      if (k >= rows) {
        ws[k] = 0;
        continue;
      }
      if (z < 0) correct++;
      if (z > maxZ) maxZ = z;
      sumL += L.linearPoint(z, ws, k);
      sumW += ws[k];
    }
    if (rows === 4) blockAccumulate(X, i, d, gradS);
    else for (let k = 0; k < rows; k++) for (let j = 0; j < d; j++) gradS[j] += ws[k] * X[(i + k) * d + j];
  }
  if (!L.linearOk(maxZ)) return null;
  return { logLoss: log(sumL / n), accuracy: correct / n, gradLogScale: -log(n), gradB: sumW };
}

/** The same pass with per-row log weights and running maxima: exact for any finite logits. */
function logSpacePass(
  X: DenseMatrix,
  n: number,
  d: number,
  S: Float64Array,
  b: number,
  loss: LossName,
  gradS: Float64Array,
): LossGradient {
  gradS.fill(0, 0, d);
  const L = LOSSES[loss];
  let mW = Number.NEGATIVE_INFINITY; // running max of log weights
  let sumW = 0; // Σ w_i e^{−mW}
  const logLoss = new LogSumExp();
  let correct = 0;
  for (let i = 0, off = 0; i < n; i++, off += d) {
    const z = rowLogit(X, off, d, S, b);
    if (z < 0) correct++;
    logLoss.add(L.logPointLoss(z));
    const lw = L.logPointWeight(z);
    if (lw > mW) {
      const f = mW === Number.NEGATIVE_INFINITY ? 0 : exp(mW - lw);
      for (let j = 0; j < d; j++) gradS[j] *= f;
      sumW *= f;
      mW = lw;
    }
    const w = exp(lw - mW);
    sumW += w;
    for (let j = 0; j < d; j++) gradS[j] += w * X[off + j];
  }
  const logN = log(n);
  return {
    logLoss: logLoss.value() - logN,
    accuracy: correct / n,
    gradLogScale: mW - logN,
    gradB: sumW,
  };
}

/** Mean loss (natural log) and accuracy of (S, b) on a data set, without the gradient (test sets), on `kernel`. */
export function lossAndAccuracy(
  X: DataMatrix,
  n: number,
  d: number,
  S: Float64Array,
  b: number,
  loss: LossName,
  kernel: Kernel = defaultKernel(),
): { logLoss: number; accuracy: number } {
  // WASM only when X is already resident (a workspace, or the cached copy of a training set): no copy for one-offs
  const arena = S.length >= d ? kernel.arenaFor(X, n * d, d, false) : null;
  if (arena !== null) {
    const o = arena.loss(n, d, S, b, LOSSES[loss].code);
    const lse = o[0] === Number.NEGATIVE_INFINITY ? o[0] : o[0] + log(o[1]);
    return { logLoss: lse - log(n), accuracy: o[2] / n };
  }
  const Xd = dense(X);
  const logLoss = new LogSumExp();
  const L = LOSSES[loss];
  let correct = 0;
  for (let i = 0, off = 0; i < n; i++, off += d) {
    const z = rowLogit(Xd, off, d, S, b);
    if (z < 0) correct++;
    logLoss.add(L.logPointLoss(z));
  }
  return { logLoss: logLoss.value() - log(n), accuracy: correct / n };
}
