import { beforeEach, describe, expect, it } from "vitest";
import { sourceHash } from "../../scripts/build-wasm.mjs";
import { createKernel, defaultKernel, type Kernel } from "../../src/core/kernel/kernel.js";
import { LOSS_NAMES, type LossName } from "../../src/core/losses.js";
import { type LossGradient, lossAndAccuracy, lossGradient } from "../../src/core/lossKernel.js";
import { normalStream } from "../../src/core/rng.js";
import { WASM_KERNEL_SOURCE_SHA256 } from "../../src/core/wasmKernelBytes.generated.js";

/*
 * The WASM SIMD128 kernel against the TypeScript reference (both in src/core/lossKernel.ts, run on a Kernel of each
 * backend, made fresh for every test: core/kernel/kernel.ts createKernel). Tolerances, and why:
 * - The two compute the same per-row formulas in the same row order. They differ only in (a) the summation order of the
 *   logits of blocked rows (the reference's blockLogits keeps one running sum per row; the kernel the 4-way split of the
 *   reference's rowLogit, f64x2 lanes): |Δz_i| ≲ d·ε·Σ_j |S_j x_ij|, and (b) libm: AssemblyScript's exp/log/log1p
 *   against V8's, each within 1 ulp. Both give relative differences of order 1e-15 to 1e-14 in each weight and loss.
 * - So logLoss, gradLogScale and gradB (sums of positive terms) agree to 1e-12 relative; accuracy exactly (no logit of
 *   these draws is within 1e-12 of 0).
 * - A gradient component g_j = Σ_i ŵ_i x_ij is a sum with cancellation: the weights' relative differences become
 *   |Δg_j| ≲ 1e-14 · c_j with c_j = Σ_i ŵ_i |x_ij| ≥ |g_j|, which is large relative to |g_j| where the sum cancels. The
 *   test is |Δg_j| ≤ 1e-12 · c_j: relative to the size of the terms summed (c_j is computed here from independently
 *   computed logits). Observed: ≤ 2e-14 · c_j; plain |Δg_j|/|g_j| ≤ 1e-13 at these sizes (up to 3e-11 at 2000×1000,
 *   only in components with |g_j| ≪ c_j).
 */

/** A Kernel of each backend, fresh for each test (so no test sees another's cached copies). */
let kernels: Record<"ts" | "wasm", Kernel>;
beforeEach(() => {
  kernels = { ts: createKernel({ backend: "ts" }), wasm: createKernel({ backend: "wasm" }) };
});

/** every loss of the table (core/losses.ts): a new loss is compared with its reference here too */
const LOSSES: LossName[] = LOSS_NAMES;
// N not a multiple of 4 (block remainder), d odd (SIMD remainder), the edge shapes, and passes cut into blocks
// (N·d ≥ 2^18, core/kernel/layout.ts splitsPass): 1001×301, and 130×2100 whose last block is empty
const SHAPES: [number, number][] = [
  [7, 5],
  [401, 193],
  [400, 192],
  [3, 1],
  [9, 2],
  [1, 7],
  [1001, 301],
  [130, 2100],
];

/** X ~ N(0, 1); S with ‖S‖ ≈ sNorm; logits z ≈ b + N(0, sNorm²). */
function problem(seed: number, n: number, d: number, sNorm: number) {
  const g = normalStream(seed, n, d);
  const X = new Float64Array(n * d).map(() => g());
  const S = new Float64Array(d).map(() => (sNorm * g()) / Math.sqrt(d));
  return { X, S };
}

/** log of the weight ∂loss/∂z, written out independently of the module under test. */
function logWeight(loss: LossName, z: number): number {
  if (loss === "exp") return z;
  return z > 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
}

interface Outcome {
  r: LossGradient;
  gradS: Float64Array;
  la: { logLoss: number; accuracy: number };
}

function runWith(
  backend: "ts" | "wasm",
  X: Float64Array | Float32Array,
  n: number,
  d: number,
  S: Float64Array,
  b: number,
  loss: LossName,
): Outcome {
  const kernel = kernels[backend];
  expect(kernel.backend).toBe(backend);
  const gradS = new Float64Array(d).fill(123.456); // garbage: must be overwritten
  const r = lossGradient(X, n, d, S, b, loss, gradS, kernel);
  return { r, gradS, la: lossAndAccuracy(X, n, d, S, b, loss, kernel) };
}

const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

/** Asserts the agreement stated at the top of the file; returns max_j |Δg_j| / c_j for the record. */
function expectAgree(
  ts: Outcome,
  wasm: Outcome,
  X: Float64Array,
  n: number,
  d: number,
  S: Float64Array,
  b: number,
  loss: LossName,
): number {
  expect(wasm.r.accuracy).toBe(ts.r.accuracy);
  expect(rel(wasm.r.logLoss, ts.r.logLoss)).toBeLessThanOrEqual(1e-12);
  expect(rel(wasm.r.gradLogScale, ts.r.gradLogScale)).toBeLessThanOrEqual(1e-12);
  expect(rel(wasm.r.gradB, ts.r.gradB)).toBeLessThanOrEqual(1e-12);
  expect(wasm.la.accuracy).toBe(ts.la.accuracy);
  expect(rel(wasm.la.logLoss, ts.la.logLoss)).toBeLessThanOrEqual(1e-12);
  // c_j = Σ_i ŵ_i |x_ij| with ŵ_i = exp(lw_i − gradLogScale − log N): the weights in the units of gradS
  const shift = ts.r.gradLogScale + Math.log(n);
  const c = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    let z = b;
    for (let j = 0; j < d; j++) z += S[j] * X[i * d + j];
    const w = Math.exp(logWeight(loss, z) - shift);
    for (let j = 0; j < d; j++) c[j] += w * Math.abs(X[i * d + j]);
  }
  let worst = 0;
  for (let j = 0; j < d; j++) {
    expect(Number.isFinite(wasm.gradS[j])).toBe(true);
    const e = Math.abs(wasm.gradS[j] - ts.gradS[j]);
    expect(e).toBeLessThanOrEqual(1e-12 * c[j]);
    worst = Math.max(worst, c[j] > 0 ? e / c[j] : e);
  }
  return worst;
}

// logit regimes: (name, ‖S‖, b, pass the reference takes)
const REGIMES: { name: string; sNorm: number; b: number; logSpace: LossName[] }[] = [
  { name: "logits near 0", sNorm: 0.1, b: 0, logSpace: [] },
  { name: "logits near +30", sNorm: 0.1, b: 30, logSpace: [] },
  { name: "logits near −30", sNorm: 0.1, b: -30, logSpace: [] },
  { name: "logits spread over ±30", sNorm: 30, b: 0, logSpace: [] },
  { name: "max logit just above −600 (linear pass)", sNorm: 0.1, b: -597, logSpace: [] },
  { name: "logits near −700 (log-space fallback)", sNorm: 1, b: -700, logSpace: ["logistic", "exp"] },
  { name: "logits near +700 (log-space fallback for exp)", sNorm: 1, b: 700, logSpace: ["exp"] },
];

describe("WASM SIMD128 loss kernel", () => {
  it("the embedded binary was built from the current assembly/ sources, compiler and flags (else: npm run build:wasm)", () => {
    expect(WASM_KERNEL_SOURCE_SHA256).toBe(sourceHash());
  });

  it("is available on Node ≥ 20 and is the default; the TypeScript reference is selectable", () => {
    expect(createKernel().backend).toBe("wasm");
    expect(defaultKernel().backend).toBe("wasm");
    expect(createKernel({ backend: "ts" }).backend).toBe("ts");
    // a "ts" Kernel holds nothing in WASM memory: no workspace memory, no matrix, no dense solver kernels
    expect(createKernel({ backend: "ts" }).matrix(4, 3, "f64")).toBeNull();
    expect(createKernel({ backend: "ts" }).gramWorkspace(3, 64)).toBeNull();
  });

  for (const loss of LOSSES) {
    for (const reg of REGIMES) {
      it(`${loss}, ${reg.name}: WASM = TypeScript reference (1e-12; gradS relative to Σ|ŵ x|) for N×d ∈ ${SHAPES.map((s) => s.join("×")).join(", ")}`, () => {
        for (const [n, d] of SHAPES) {
          const { X, S } = problem(n * 1000 + d, n, d, reg.sNorm);
          const ts = runWith("ts", X, n, d, S, reg.b, loss);
          const wasm = runWith("wasm", X, n, d, S, reg.b, loss);
          // the same pass was taken: linear ⇔ gradLogScale = −log N
          const linear = !reg.logSpace.includes(loss);
          expect(ts.r.gradLogScale === -Math.log(n)).toBe(linear);
          expect(wasm.r.gradLogScale === -Math.log(n)).toBe(linear);
          expectAgree(ts, wasm, X, n, d, S, reg.b, loss);
        }
      });
    }
  }

  it("alternating between the linear and the log-space regime on one X (the log-first hint) matches the reference", () => {
    const n = 401;
    const d = 193;
    const { X, S } = problem(5, n, d, 1);
    for (const loss of LOSSES) {
      for (const b of [0, -700, -700, 0, 0, -700, -650, -599, -700, 700, 700, 0]) {
        const ts = runWith("ts", X, n, d, S, b, loss);
        const wasm = runWith("wasm", X, n, d, S, b, loss);
        expectAgree(ts, wasm, X, n, d, S, b, loss);
      }
    }
  });

  it("a workspace (X in WASM memory) gives bit-identical results to the same data as a plain array, and is read at every pass", () => {
    const n = 401;
    const d = 193;
    const { X, S } = problem(6, n, d, 3);
    const wk = kernels.wasm;
    const ws = wk.workspace(n, d);
    expect(ws.X.length).toBe(n * d);
    ws.X.set(X);
    ws.S.set(S);
    for (const loss of LOSSES) {
      const plain = runWith("wasm", X, n, d, S, 0.2, loss);
      const r = lossGradient(ws.X, n, d, ws.S, 0.2, loss, ws.gradS, wk);
      expect(r).toEqual(plain.r);
      expect(Array.from(ws.gradS)).toEqual(Array.from(plain.gradS));
      // other S / gradS arrays work with a workspace X too
      const g = new Float64Array(d);
      expect(lossGradient(ws.X, n, d, S, 0.2, loss, g, wk)).toEqual(plain.r);
      expect(Array.from(g)).toEqual(Array.from(plain.gradS));
      expect(lossAndAccuracy(ws.X, n, d, ws.S, 0.2, loss, wk)).toEqual(plain.la);
    }
    // edit one entry of the workspace in place: the next pass sees it
    ws.X[5 * d + 3] += 10;
    const X2 = Float64Array.from(ws.X);
    const ts = runWith("ts", X2, n, d, S, 0.2, "logistic");
    const g = new Float64Array(d);
    const r = lossGradient(ws.X, n, d, S, 0.2, "logistic", g, wk);
    expect(rel(r.logLoss, ts.r.logLoss)).toBeLessThanOrEqual(1e-12);
    expect(rel(g[3], ts.gradS[3])).toBeLessThanOrEqual(1e-12);
    // the first rows of a workspace: n' < n
    const head = runWith("ts", X2, 100, d, S, 0.2, "exp");
    const headW = runWith("wasm", ws.X, 100, d, S, 0.2, "exp");
    expect(rel(headW.r.logLoss, head.r.logLoss)).toBeLessThanOrEqual(1e-12);
  });

  it("a plain X is cached by identity: refilling it in place is detected; clearCache() after a local edit", () => {
    const n = 201;
    const d = 31;
    const { X, S } = problem(7, n, d, 2);
    const first = runWith("wasm", X, n, d, S, 0, "logistic");
    // wholesale refill (a new draw in the same buffer): the sampled check sees it
    const { X: Y } = problem(8, n, d, 2);
    X.set(Y);
    const refilled = runWith("wasm", X, n, d, S, 0, "logistic");
    expect(refilled.r.logLoss).not.toBe(first.r.logLoss);
    expect(rel(refilled.r.logLoss, runWith("ts", Y, n, d, S, 0, "logistic").r.logLoss)).toBeLessThanOrEqual(1e-12);
    // a local edit, then clearCache(): the next pass copies X again
    X[7 * d + 1] += 5;
    kernels.wasm.clearCache();
    const edited = runWith("wasm", X, n, d, S, 0, "logistic");
    const ref = runWith("ts", X, n, d, S, 0, "logistic");
    expect(rel(edited.r.logLoss, ref.r.logLoss)).toBeLessThanOrEqual(1e-12);
    expect(rel(edited.gradS[1], ref.gradS[1])).toBeLessThanOrEqual(1e-12);
  });

  it("several data sets in turn (train, test, a third evicting one of them) stay correct", () => {
    const sets = [problem(10, 64, 9, 1), problem(11, 33, 9, 1), problem(12, 130, 17, 1)];
    const shapes: [number, number][] = [
      [64, 9],
      [33, 9],
      [130, 17],
    ];
    for (const k of [0, 1, 0, 1, 2, 0, 2, 1, 1, 0]) {
      const [n, d] = shapes[k];
      const { X, S } = sets[k];
      const ts = runWith("ts", X, n, d, S, 0.5, "exp");
      const wasm = runWith("wasm", X, n, d, S, 0.5, "exp");
      expectAgree(ts, wasm, X, n, d, S, 0.5, "exp");
    }
  });

  it("X longer than N·d and S longer than d: only the first N rows and d entries count, as in the reference", () => {
    const n = 13;
    const d = 6;
    const { X, S } = problem(13, n + 3, d + 2, 1);
    const Xv = X.subarray(0, (n + 3) * d);
    const ts = runWith("ts", Xv, n, d, S, -0.3, "logistic");
    const wasm = runWith("wasm", Xv, n, d, S, -0.3, "logistic");
    expectAgree(ts, wasm, Xv, n, d, S, -0.3, "logistic");
  });

  it("float32 storage (--precision f32): each pass equals, bit for bit, the float64 pass over the same values widened", () => {
    // A float32 element widens to float64 exactly and every later operation is the float64 pass's, in the same order:
    // so the comparison is exact (no tolerance), for both backends, every regime and the split shapes.
    for (const [n, d] of SHAPES) {
      for (const regime of REGIMES) {
        const { X, S } = problem(n + 7 * d, n, d, regime.sNorm);
        const X32 = Float32Array.from(X);
        const widened = Float64Array.from(X32);
        for (const backend of ["wasm", "ts"] as const) {
          for (const loss of LOSSES) {
            const a = runWith(backend, X32, n, d, S, regime.b, loss);
            const b = runWith(backend, widened, n, d, S, regime.b, loss);
            expect(a.r).toEqual(b.r);
            expect(a.la).toEqual(b.la);
            expect(Array.from(a.gradS)).toEqual(Array.from(b.gradS));
          }
        }
      }
    }
  });

  it("float32 and float64 copies of one draw are cached apart (neither is mistaken for the other)", () => {
    const n = 41;
    const d = 9;
    const { X, S } = problem(41, n, d, 3);
    const X32 = Float32Array.from(X);
    const g64 = new Float64Array(d);
    const g32 = new Float64Array(d);
    const wk = kernels.wasm;
    for (let round = 0; round < 2; round++) {
      const r64 = lossGradient(X, n, d, S, 0.2, "logistic", g64, wk);
      const r32 = lossGradient(X32, n, d, S, 0.2, "logistic", g32, wk);
      expect(r32.logLoss).not.toBe(r64.logLoss); // X has values float32 cannot hold: the two draws differ
      expect(rel(r32.logLoss, r64.logLoss)).toBeLessThan(1e-6); // by float32 rounding (2^-24 relative per value)
      expect(lossGradient(Float64Array.from(X32), n, d, S, 0.2, "logistic", g64, wk)).toEqual(r32);
    }
  });
});
