// npm run bench: the plain-TypeScript GD step of grokedge against references measured in the same run on this machine:
// a naive two-pass JS loop, and numpy (when python3 with numpy is present). Reports medians, ratios, and the
// memory-bandwidth bound (bytes of X read per step ÷ a measured streaming-read rate). Writes out/bench.json.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { lossGradient } from "../dist/core/lossKernel.js";
import { fillNormal, normalStream } from "../dist/core/rng.js";

const SIZES = [
  [400, 192],
  [2000, 1000],
];

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function timeIt(fn, minSeconds = 1) {
  for (let i = 0; i < 5; i++) fn();
  const times = [];
  const end = performance.now() + minSeconds * 1000;
  while (performance.now() < end || times.length < 10) {
    const t = performance.now();
    fn();
    times.push((performance.now() - t) / 1000);
  }
  return median(times);
}

/** The reference: z = X S + b in one loop, then X^T w in another (what a straightforward port of numpy does). */
function naiveStep(X, n, d, S, b, z, g) {
  for (let i = 0; i < n; i++) {
    let s = b;
    for (let j = 0; j < d; j++) s += X[i * d + j] * S[j];
    z[i] = 1 / (1 + Math.exp(-s));
  }
  g.fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) g[j] += z[i] * X[i * d + j];
}

function streamingReadRate() {
  const a = new Float64Array(1 << 25); // 256 MiB, far beyond the caches
  a.fill(1);
  const t = timeIt(() => {
    // four independent sums so the loop is limited by memory, not by the latency of one add chain
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < a.length; i += 4) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
    }
    return s0 + s1 + s2 + s3;
  }, 2);
  return (a.length * 8) / t; // bytes/s
}

function numpyStep(n, d) {
  const r = spawnSync("python3", ["scripts/bench_numpy.py", String(n), String(d), "200"], { encoding: "utf8" });
  return r.status === 0 ? Number(r.stdout.trim()) : null;
}

const bandwidth = streamingReadRate();
const rows = [];
for (const [n, d] of SIZES) {
  const X = fillNormal(normalStream(0, 0, 0), new Float64Array(n * d), 5);
  const S = fillNormal(normalStream(0, 0, 2), new Float64Array(d), 0.01);
  const grad = new Float64Array(d);
  const z = new Float64Array(n);
  const ours = timeIt(() => lossGradient(X, n, d, S, -1, "logistic", grad));
  const naive = timeIt(() => naiveStep(X, n, d, S, -1, z, grad));
  const numpy = numpyStep(n, d);
  const bound = (n * d * 8) / bandwidth;
  rows.push({ n, d, ours_s: ours, steps_per_s: 1 / ours, naive_js_s: naive, numpy_s: numpy, bandwidth_bound_s: bound });
  console.log(
    `N×d = ${n}×${d}: ${(1 / ours).toFixed(0)} steps/s; naive JS / ours = ${(naive / ours).toFixed(2)}; ` +
      `numpy / ours = ${numpy === null ? "n/a (no numpy)" : (numpy / ours).toFixed(2)}; ` +
      `ours / bandwidth bound = ${(ours / bound).toFixed(1)} (bound ${(bound * 1e6).toFixed(1)} µs at ${(bandwidth / 1e9).toFixed(1)} GB/s)`,
  );
}
mkdirSync("out", { recursive: true });
writeFileSync(
  "out/bench.json",
  `${JSON.stringify({ date: new Date().toISOString(), bandwidth_bytes_per_s: bandwidth, rows }, null, 2)}\n`,
);
console.log("wrote out/bench.json (ratios > 1 mean grokedge is faster than the reference)");
