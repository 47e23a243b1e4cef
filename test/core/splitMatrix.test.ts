/**
 * An X split over several WASM memories (core/kernel/kernel.ts Kernel.matrix → RowBlocks), as f64 at the paper's size
 * (40000 × 19200, 6.1 GB > 4 GiB) must be: forced here at small sizes by a small per-memory limit. Every pass must
 * give the bits of the same draw in one memory (the blocks of a split pass are merged in the same fixed order), and so
 * must S_∞ by Newton–CG, the logits and a whole training run.
 */
import { spawnSync } from "node:child_process";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultRunConfig, type RunConfig } from "../../src/config/run.js";
import { type DataMatrix, fillNormalMatrix, RowBlocks } from "../../src/core/data.js";
import { defaultKernel } from "../../src/core/kernel/kernel.js";
import type { LossName } from "../../src/core/losses.js";
import { lossAndAccuracy, lossGradient, lossGradients } from "../../src/core/lossKernel.js";
import { normalStream } from "../../src/core/rng.js";
import { logits, sInfinityNewtonCG } from "../../src/theory/sinfNewtonCG.js";
import { gradientPass } from "../../src/train/passes.js";
import { runTraining, trainingSet, trainOn } from "../../src/train/run.js";
import { MAIN } from "../helpers.js";

/** N·d = 300000 ≥ 2^18: passes are cut into 8 blocks of 128 rows. */
const N = 1000;
const D = 300;
const ROWS = 128;
/** A per-memory limit that holds `blocks` blocks of X (xBytes per value) and the vectors of `runs` runs. */
const limit = (blocks: number, xBytes: number, runs = 1) =>
  65536 + blocks * ROWS * D * xBytes + runs * (10 * 8 * D + 9 * 64 + 8) + 64;

/** The same draw (seed 7) in one memory and split at `blocks` blocks per memory. */
function pair(precision: "f64" | "f32", blocks: number, runs = 1): { one: DataMatrix; split: RowBlocks } {
  const xBytes = precision === "f32" ? 4 : 8;
  const one = defaultKernel().matrix(N, D, precision, runs);
  const split = defaultKernel().matrix(N, D, precision, runs, limit(blocks, xBytes, runs));
  if (one === null || !(split instanceof RowBlocks)) throw new Error("no kernel matrix");
  fillNormalMatrix(normalStream(7, 0, 0), one);
  fillNormalMatrix(normalStream(7, 0, 0), split);
  return { one, split };
}

/** A direction of norm `length` (seed 11). */
function direction(length: number, seed = 11): Float64Array {
  const S = fillNormalMatrix(normalStream(seed, 1, 0), new Float64Array(D));
  let s2 = 0;
  for (const v of S) s2 += v * v;
  return S.map((v) => (v * length) / Math.sqrt(s2));
}

/** Asserts Object.is on every entry (0 and −0 differ, NaN equals NaN). */
function expectBits(a: ArrayLike<number>, b: ArrayLike<number>): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) expect(a[i], `entry ${i}`).toBe(b[i]);
}

/** (loss, ‖S‖, b): linear passes for small logits, log-space ones for exp loss at z ≫ 600. */
const CASES: [LossName, number, number][] = [
  ["logistic", 0.5, 0.1],
  ["exp", 0.5, -0.2],
  ["exp", 4000, 0],
  ["logistic", 4000, -30],
];

describe("an X split over several WASM memories", () => {
  it("holds the same draw, part by part, in as few memories as the limit allows (whole blocks, balanced)", () => {
    for (const [blocks, parts] of [
      [1, 8],
      [3, 3],
      [5, 2],
    ] as const) {
      const { one, split } = pair("f64", blocks);
      expect(split.parts.length).toBe(parts);
      expect(split.rowStart[parts]).toBe(N);
      expect(split.length).toBe(N * D);
      expectBits(Float64Array.from(split.parts.flatMap((p) => Array.from(p))), one as Float64Array);
    }
    expect(defaultKernel().matrix(N, D, "f64", 1, 1000)).toBeNull(); // not even one block fits
  });

  it("gives lossGradient and lossAndAccuracy bit-identical to one memory (f64, f32; linear and log space)", () => {
    for (const precision of ["f64", "f32"] as const) {
      for (const blocks of [1, 3, 5]) {
        const { one, split } = pair(precision, blocks);
        for (const [loss, length, b] of CASES) {
          const S = direction(length);
          const g1 = new Float64Array(D);
          const g2 = new Float64Array(D);
          // twice: the second call on a log-space X starts from the log-space pass (preferLog)
          for (let rep = 0; rep < 2; rep++) {
            const r1 = lossGradient(one, N, D, S, b, loss, g1);
            const r2 = lossGradient(split, N, D, S, b, loss, g2);
            expect(r2).toEqual(r1);
            for (const k of ["logLoss", "accuracy", "gradLogScale", "gradB"] as const) expect(r2[k]).toBe(r1[k]);
            expectBits(g2, g1);
          }
          const e1 = lossAndAccuracy(one, N, D, S, b, loss);
          const e2 = lossAndAccuracy(split, N, D, S, b, loss);
          expect(e2.logLoss).toBe(e1.logLoss);
          expect(e2.accuracy).toBe(e1.accuracy);
        }
      }
    }
  });

  it("the log-space cases do run in log space (their gradient scale is far from the linear pass's −log N)", () => {
    const { split } = pair("f64", 3);
    const r = lossGradient(split, N, D, direction(4000), 0, "exp", new Float64Array(D));
    expect(r.gradLogScale).toBeGreaterThan(600);
  });

  it("gives lossGradients for several runs bit-identical to one memory (one run in log space)", () => {
    for (const precision of ["f64", "f32"] as const) {
      const { one, split } = pair(precision, 3, 3);
      const S = [direction(0.3, 1), direction(0.8, 2), direction(4000, 3)];
      const b = [0.1, -0.4, 0];
      const g1 = S.map(() => new Float64Array(D));
      const g2 = S.map(() => new Float64Array(D));
      const r1 = lossGradients(one, N, D, S, b, "exp", g1);
      const r2 = lossGradients(split, N, D, S, b, "exp", g2);
      expect(r2).toEqual(r1);
      r1.forEach((r, k) => {
        expect(r2[k].gradB).toBe(r.gradB);
        expect(r2[k].logLoss).toBe(r.logLoss);
        expectBits(g2[k], g1[k]);
      });
      // more runs than the matrix was made for: one pass per run, still the same bits
      const S5 = [...S, direction(0.2, 4), direction(0.1, 5)];
      const g5 = S5.map(() => new Float64Array(D));
      const r5 = lossGradients(split, N, D, S5, [...b, 0, 0], "exp", g5);
      expect(r5.slice(0, 3)).toEqual(r1);
    }
  });

  it("refuses what the kernel cannot run on it (a part of its rows, labels) with a clear error", () => {
    const { split } = pair("f64", 3);
    expect(() => lossGradient(split, N - 4, D, direction(1), 0, "exp", new Float64Array(D))).toThrow(
      /split over several WASM memories/,
    );
    // a labelled set is rewritten (copied) into constant-label form: refused rather than copied out of the split
    const labelled = { X: split, n: N, d: D, y: new Float64Array(N).fill(1) };
    expect(() => gradientPass(labelled, direction(1), 0, "exp", new Float64Array(D))).toThrow(
      /labelled data set cannot be split/,
    );
  });

  it("gives sInfinityNewtonCG and logits identical to one memory", () => {
    for (const precision of ["f64", "f32"] as const) {
      const { one, split } = pair(precision, 3);
      const a = sInfinityNewtonCG({ X: one, n: N, d: D }, new Float64Array(D), { maxNewton: 30 });
      const b = sInfinityNewtonCG({ X: split, n: N, d: D }, new Float64Array(D), { maxNewton: 30 });
      expect(a.converged).toBe(true); // λ = 0.3: not separable, S_∞ exists
      expect(b).toEqual(a);
      expectBits(b.S, a.S);
      expect(b.gradNorm).toBe(a.gradNorm);
      expectBits(logits({ X: split, n: N, d: D }, a.S), logits({ X: one, n: N, d: D }, a.S));
    }
  });

  it("a training set drawn into a forced split trains to the same checkpoints as in one memory (GD, flow; f64, f32)", () => {
    for (const precision of ["f64", "f32"] as const) {
      for (const optimizer of ["gd", "flow"] as const) {
        const c: RunConfig = { ...defaultRunConfig, n: N, d: D, epochs: 300, testSize: 100, precision, optimizer };
        const split = trainingSet(c, 1, limit(3, precision === "f32" ? 4 : 8));
        expect(split.X).toBeInstanceOf(RowBlocks);
        const a = runTraining(c);
        const b = trainOn(c, split).run;
        expect(a.checkpoints.length).toBeGreaterThan(3);
        expect(JSON.stringify(b.checkpoints)).toBe(JSON.stringify(a.checkpoints));
        expect(JSON.stringify(b.summary)).toBe(JSON.stringify(a.summary));
      }
    }
  });

  it("with kernel helper threads: the same bits on 1 and 3 threads, split or not (child processes)", () => {
    const child = new URL("./splitMatrixThreads.mjs", import.meta.url).pathname;
    const dist = dirname(dirname(MAIN));
    const outs = ["1", "3"].map((t) =>
      spawnSync(process.execPath, ["--no-concurrent-recompilation", child, dist, t], { encoding: "utf8" }),
    );
    for (const r of outs) expect(r.status, r.stderr).toBe(0);
    const [one, three] = outs.map((r) => JSON.parse(r.stdout));
    expect(one.rounds).toBe(0);
    expect(three.rounds).toBeGreaterThan(0); // the helpers did run blocks
    expect(one.parts).toBe(4);
    expect(three.split).toEqual(one.split);
    expect(one.split).toEqual(one.one);
    expect(three.one).toEqual(one.one);
  });
});
