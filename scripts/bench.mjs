// npm run bench: grokedge's GD step against a numpy reference loop measured in the same run on this machine, at the
// sizes of the speed issue (N×d ∈ 400×192, 2000×1000, 4000×1920, 20000×9600), plus the memory-bandwidth bound and the
// plain-JavaScript two-pass loop. Prints ratios of medians (numpy / grokedge: > 1 means grokedge is faster) and writes
// out/bench.json. Options: --sizes 400x192,2000x1000 (a subset), --precisions f64,f32 (default both), --quick (fewer
// repetitions). Run with --no-concurrent-recompilation (npm run bench does): the helper threads need it
// (src/cli/safeExit.ts).
//
// - grokedge: one GD step = lossGradient (one fused pass over X in the WASM SIMD kernel) + the O(d) update, on 1
//   thread and on every core (train/kernelThreads.ts: rows split across threads over a shared memory).
// - numpy: scripts/bench_numpy.py, the same step (z = X S + b, weights, loss, Xᵀw, update), OpenBLAS on every core and
//   on one (OPENBLAS_NUM_THREADS=1); skipped when python3 with numpy is absent.
// - bound: bytes of X read per step ÷ the memory traffic of a native copy (TypedArray.set, i.e. memcpy) on every core,
//   read plus write bytes per second: the rate the memory system sustains here. (A JavaScript summing loop, the
//   bound used before, is compute-bound below what the kernel itself pulls through X.)
// - 40000×19200 (the paper's size, 3.1 GB in f32, 6.1 GB in f64 over two WASM memories): one pass costs no more per
//   element than at 20000×9600.
// - batches: at the sizes with N·d ≥ 4e6, 4 runs sharing X (sweep --batch) stepped together against one after another.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { defaultRunConfig } from "../dist/config/run.js";
import { fillNormalMatrix } from "../dist/core/data.js";
import { defaultKernel } from "../dist/core/kernel/kernel.js";
import { lossGradient, lossGradients } from "../dist/core/lossKernel.js";
import { fillNormal, normalStream } from "../dist/core/rng.js";
import { sInfinity } from "../dist/theory/sinf.js";
import { enableKernelThreads, releaseKernelMemory } from "../dist/train/kernelThreads.js";
import { runTraining, trainingData } from "../dist/train/run.js";

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const QUICK = args.includes("--quick");
const ALL_SIZES = [
  [400, 192],
  [2000, 1000],
  [4000, 1920],
  [20000, 9600],
  [40000, 19200],
];
const SIZES = flag("--sizes")
  ? flag("--sizes")
      .split(",")
      .map((s) => s.split("x").map(Number))
  : ALL_SIZES;
const CORES = availableParallelism();
const PRECISIONS = (flag("--precisions") ?? "f64,f32").split(",");

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Median seconds of fn over ≥ minReps calls and ≥ minSeconds, after warm-up calls. */
function timeIt(fn, minSeconds, minReps = 7, warm = 3) {
  for (let i = 0; i < warm; i++) fn();
  const times = [];
  const end = performance.now() + minSeconds * 1000;
  while (performance.now() < end || times.length < minReps) {
    const t = performance.now();
    fn();
    times.push((performance.now() - t) / 1000);
  }
  return median(times);
}

/**
 * Memory traffic (bytes read + written per second) of `threads` threads each copying its share of a 512 MiB shared
 * array into another with TypedArray.set (a native memcpy, vectorised), median of the rounds after 3 warm-ups: an
 * upper estimate of the rate at which a pass can stream X.
 */
async function copyTrafficRate(threads) {
  const bytes = 1 << 29;
  const src = new SharedArrayBuffer(bytes);
  const dst = new SharedArrayBuffer(bytes);
  new Float64Array(src).fill(1);
  const code = `
    const { parentPort, workerData: { src, dst, lo, hi } } = require("node:worker_threads");
    const a = new Float64Array(src, lo * 8, hi - lo);
    const b = new Float64Array(dst, lo * 8, hi - lo);
    parentPort.on("message", () => { b.set(a); parentPort.postMessage(0); });`;
  const n = bytes / 8;
  const workers = Array.from(
    { length: threads },
    (_, k) =>
      new Worker(code, { eval: true, workerData: { src, dst, lo: (k * n) / threads, hi: ((k + 1) * n) / threads } }),
  );
  const round = () => Promise.all(workers.map((w) => new Promise((r) => w.once("message", r) && w.postMessage(0))));
  const times = [];
  for (let r = 0; r < (QUICK ? 7 : 13); r++) {
    const t = performance.now();
    await round();
    times.push((performance.now() - t) / 1000);
  }
  await Promise.all(workers.map((w) => w.terminate()));
  return (2 * bytes) / median(times.slice(3));
}

/** numpy's median seconds per step (null without numpy); threads: OpenBLAS threads (undefined: its default). */
function numpyStep(n, d, reps, threads, precision) {
  const env = { ...process.env, ...(threads ? { OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: "1" } : {}) };
  const r = spawnSync("python3", ["scripts/bench_numpy.py", String(n), String(d), String(reps), precision], {
    encoding: "utf8",
    env,
  });
  return r.status === 0 ? Number(r.stdout.trim()) : null;
}

/** The plain two-pass JavaScript loop (what a direct port of the numpy step does), seconds per step. */
function naiveStep(X, n, d, S, b, z, g) {
  for (let i = 0; i < n; i++) {
    let s = b;
    for (let j = 0; j < d; j++) s += X[i * d + j] * S[j];
    z[i] = 1 / (1 + Math.exp(-s));
  }
  g.fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) g[j] += z[i] * X[i * d + j];
}

/** grokedge's GD step, median seconds, on X generated in place in the kernel's WASM memory (f64 or f32). */
function oursStep(n, d, seconds, precision) {
  // X drawn into the kernel's memory (what `train` does for a large draw; over several memories past 4 GB)
  const X =
    defaultKernel().matrix(n, d, precision) ??
    (precision === "f32" ? new Float32Array(n * d) : defaultKernel().workspace(n, d).X);
  const ws = { X, S: new Float64Array(d), gradS: new Float64Array(d) };
  fillNormalMatrix(normalStream(0, 0, 0), ws.X, 5);
  fillNormal(normalStream(0, 0, 2), ws.S, 0.01);
  let b = 0;
  const step = () => {
    const r = lossGradient(ws.X, n, d, ws.S, b, "logistic", ws.gradS);
    const f = 0.01 * Math.exp(r.gradLogScale);
    for (let j = 0; j < d; j++) ws.S[j] -= f * ws.gradS[j];
    b -= f * r.gradB;
  };
  return timeIt(step, seconds, QUICK ? 5 : 9);
}

/**
 * K runs sharing one X (runTogether: a sweep over η, S_0 or b_0 with `--batch`): the K gradient passes of one step
 * computed together (X read once per block for all) against one after another, on every core, median seconds.
 */
function batchRow(n, d, K, seconds) {
  const X = defaultKernel().matrix(n, d, "f64", K);
  fillNormalMatrix(normalStream(0, 0, 0), X, 5);
  const S = Array.from({ length: K }, (_, r) => fillNormal(normalStream(0, 1, r), new Float64Array(d), 0.01));
  const G = S.map(() => new Float64Array(d));
  const b = S.map(() => 0);
  const alone = timeIt(
    () => {
      for (let r = 0; r < K; r++) lossGradient(X, n, d, S[r], 0, "logistic", G[r]);
    },
    seconds,
    5,
  );
  const together = timeIt(() => lossGradients(X, n, d, S, b, "logistic", G), seconds, 5);
  return { n, d, runs: K, alone_s: alone, together_s: together, alone_over_together: alone / together };
}

/**
 * S_∞ of one inseparable draw at N = 2400, d = 1170 (Fig. 1 right top's hardest λ but one): grokedge's Newton
 * (theory/sinf.ts) against scripts/bench_sinf.py on the same X (written to a temporary file), medians of `reps` solves.
 */
function sinfRow(reps) {
  const n = 2400;
  const d = 1170;
  // the first inseparable draw of Fig. 1's stream at this d (about 9 in 10 are)
  let data;
  for (let k = 0; ; k++) {
    data = trainingData({ ...defaultRunConfig, n, d, sigma: 1, seed: 6, runIndex: d * 100_000 + k });
    if (sInfinity(data.X, n, d).separable === false) break;
  }
  let r;
  const ours = timeIt(
    () => {
      r = sInfinity(data.X, n, d);
    },
    0,
    reps,
    0,
  );
  const dir = mkdtempSync(join(tmpdir(), "grokedge-bench-"));
  const file = join(dir, "X.f64");
  writeFileSync(file, new Uint8Array(data.X.buffer, data.X.byteOffset, n * d * 8));
  const py = spawnSync("python3", ["scripts/bench_sinf.py", file, String(n), String(d), String(reps)], {
    encoding: "utf8",
  });
  rmSync(dir, { recursive: true, force: true });
  const [numpy, numpyNorm, numpyIterations] =
    py.status === 0 ? py.stdout.trim().split(" ").map(Number) : [null, null, null];
  return {
    n,
    d,
    separable: r.separable,
    ours_s: ours,
    ours_norm: r.norm,
    ours_iterations: r.iterations,
    numpy_s: numpy,
    numpy_norm: numpyNorm,
    numpy_iterations: numpyIterations,
    ours_over_numpy: numpy === null ? null : ours / numpy,
  };
}

/**
 * Time to reach t = 10^6 at N = 400, λ = 0.48, σ = 5: gradient flow (train/flow.ts) measured, against GD at η = 0.01
 * (10^8 epochs) projected from its measured time per epoch on the same data.
 */
function flowRow() {
  const base = { ...defaultRunConfig, n: 400, d: 192, sigma: 5, lr: 0.01, testSize: 0, perDecade: 4 };
  const t = performance.now();
  runTraining({ ...base, optimizer: "flow", tMax: 1e6, epochs: 0 });
  const flow = (performance.now() - t) / 1000;
  const t1 = performance.now();
  runTraining({ ...base, optimizer: "gd", epochs: 20000 });
  const perEpoch = (performance.now() - t1) / 1000 / 20000;
  return {
    t: 1e6,
    flow_s: flow,
    gd_per_epoch_s: perEpoch,
    gd_projected_s: perEpoch * 1e8,
    gd_over_flow: (perEpoch * 1e8) / flow,
  };
}

const fmt = (x, digits = 2) => (x === null || x === undefined ? "n/a" : x.toFixed(digits));

async function main() {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  console.log(`grokedge bench: ${CORES} cores (${cpu}), Node ${process.version}`);
  const bandwidth = await copyTrafficRate(CORES);
  const bandwidth1 = await copyTrafficRate(1);
  console.log(
    `memory traffic of a native copy (read + write): ${(bandwidth / 1e9).toFixed(1)} GB/s on ${CORES} threads, ${(bandwidth1 / 1e9).toFixed(1)} GB/s on 1`,
  );
  const rows = [];
  for (const [n, d] of SIZES)
    for (const precision of PRECISIONS) {
      const big = n * d > 1e7;
      const huge = n * d > 2e8; // the paper's size: one thread would take minutes, and numpy a second copy of X
      const seconds = QUICK ? 0.5 : big ? 4 : 1.5;
      const reps = big ? (QUICK ? 5 : 11) : 200;
      // one thread, then every core (arenas made after enableKernelThreads share their memory with the helpers)
      enableKernelThreads(1);
      const one = huge ? null : oursStep(n, d, seconds, precision);
      await releaseKernelMemory();
      enableKernelThreads(CORES);
      const all = oursStep(n, d, seconds, precision);
      await releaseKernelMemory();
      enableKernelThreads(1);
      let naive = null;
      if (!big && precision === "f64") {
        const X = fillNormal(normalStream(0, 0, 0), new Float64Array(n * d), 5);
        const S = fillNormal(normalStream(0, 0, 2), new Float64Array(d), 0.01);
        naive = timeIt(() => naiveStep(X, n, d, S, 0, new Float64Array(n), new Float64Array(d)), seconds, 5, 1);
      }
      const numpy = numpyStep(n, d, reps, undefined, precision);
      const numpy1 = huge ? null : numpyStep(n, d, reps, 1, precision);
      const bound = (n * d * (precision === "f32" ? 4 : 8)) / bandwidth;
      const ours = one === null ? all : Math.min(one, all);
      const row = {
        n,
        d,
        precision,
        ours_1_thread_s: one,
        ours_all_threads_s: all,
        ours_s: ours,
        numpy_s: numpy,
        numpy_1_thread_s: numpy1,
        naive_js_s: naive,
        bandwidth_bound_s: bound,
        numpy_over_ours: numpy === null ? null : numpy / ours,
        ours_over_bound: ours / bound,
      };
      rows.push(row);
      console.log(
        `${n}×${d} ${precision}: grokedge ${fmt(ours * 1e3, 3)} ms/step (1 thread ${fmt(one === null ? null : one * 1e3, 3)}, ${CORES} threads ${fmt(all * 1e3, 3)}); ` +
          `numpy ${fmt(numpy === null ? null : numpy * 1e3, 3)} ms (1 thread ${fmt(numpy1 === null ? null : numpy1 * 1e3, 3)}); ` +
          `numpy / grokedge = ${fmt(row.numpy_over_ours)}; grokedge / bandwidth bound = ${fmt(row.ours_over_bound)} ` +
          `(bound ${fmt(bound * 1e3, 3)} ms)${naive === null ? "" : `; naive JS / grokedge = ${fmt(naive / ours, 1)}`}`,
      );
    }
  const batches = [];
  enableKernelThreads(CORES);
  // 4e6 ≤ N·d ≤ 2e8: at the paper's size four runs' vectors are cheap but the batch is not what it trains with
  for (const [n, d] of SIZES.filter(([n, d]) => n * d >= 4e6 && n * d <= 2e8)) {
    const row = batchRow(n, d, 4, QUICK ? 1 : 3);
    batches.push(row);
    console.log(
      `${n}×${d} f64, 4 runs sharing X on ${CORES} threads: one after another ${fmt(row.alone_s * 1e3, 2)} ms, together ${fmt(row.together_s * 1e3, 2)} ms per step of all 4; ratio ${fmt(row.alone_over_together)}`,
    );
  }
  enableKernelThreads(1);
  const flow = flowRow();
  console.log(
    `gradient flow to t = 1e6 (N = 400, λ = 0.48): ${fmt(flow.flow_s, 2)} s; GD at η = 0.01 (1e8 epochs, projected from ${fmt(flow.gd_per_epoch_s * 1e6, 1)} µs/epoch): ${fmt(flow.gd_projected_s, 0)} s; GD / flow = ${fmt(flow.gd_over_flow, 0)}`,
  );
  const sinf = sinfRow(QUICK ? 1 : 3);
  console.log(
    `S_∞ at N = 2400, d = 1170 (one inseparable draw): grokedge ${fmt(sinf.ours_s, 2)} s (${sinf.ours_iterations} Newton steps, ‖S_∞‖ = ${fmt(sinf.ours_norm, 6)}); ` +
      `numpy ${fmt(sinf.numpy_s, 2)} s (${sinf.numpy_iterations} steps, ‖S_∞‖ = ${fmt(sinf.numpy_norm, 6)}); grokedge / numpy = ${fmt(sinf.ours_over_numpy)}`,
  );
  mkdirSync("out", { recursive: true });
  const record = {
    date: new Date().toISOString(),
    machine: { cores: CORES, cpu, node: process.version },
    copy_traffic_bytes_per_s: { all_threads: bandwidth, one_thread: bandwidth1 },
    rows,
    batches,
    flow,
    sinf,
  };
  writeFileSync("out/bench.json", `${JSON.stringify(record, null, 2)}\n`);
  console.log("wrote out/bench.json (numpy / grokedge > 1: grokedge is faster)");
}

await main();
