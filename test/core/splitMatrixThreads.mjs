// Child process of splitMatrix.test.ts: with argv[3] threads, the gradient passes (linear, log space, batch) over one
// draw in one WASM memory and split over four. argv[2]: the dist/ folder of the build under test. Prints
// { one, split, parts, rounds }: each pass's results and gradient bytes (base64), the split's memories, and the passes
// that ran blocks on helpers.
const dist = process.argv[2];
const { enableKernelThreads, kernelThreadRounds } = await import(`${dist}/train/kernelThreads.js`);
const { lossGradient, lossGradients, lossAndAccuracy } = await import(`${dist}/core/lossKernel.js`);
const { defaultKernel } = await import(`${dist}/core/kernel/kernel.js`);
const { fillNormalMatrix } = await import(`${dist}/core/data.js`);
const { normalStream } = await import(`${dist}/core/rng.js`);
enableKernelThreads(Number(process.argv[3]));
const [n, d] = [1000, 300];
const bits = (g) => Buffer.from(g.buffer, g.byteOffset, g.byteLength).toString("base64");
const S = (length, seed) => {
  const s = fillNormalMatrix(normalStream(seed, 1, 0), new Float64Array(d));
  const r = Math.hypot(...s);
  return s.map((v) => (v * length) / r);
};
function passes(X) {
  const out = [];
  for (const [loss, length] of [
    ["logistic", 0.5],
    ["exp", 4000],
  ]) {
    const g = new Float64Array(d);
    out.push(lossGradient(X, n, d, S(length, 3), 0.1, loss, g), bits(g));
    out.push(lossAndAccuracy(X, n, d, S(length, 3), 0.1, loss));
  }
  const gs = [0, 1].map(() => new Float64Array(d));
  out.push(lossGradients(X, n, d, [S(0.3, 4), S(0.7, 5)], [0, 0.2], "exp", gs), gs.map(bits));
  return out;
}
// four memories of 2 blocks of 128 rows (see splitMatrix.test.ts limit): on 3 threads, thread 1 runs blocks 3–5 of
// memories 1 and 2
const limit = 65536 + 2 * 128 * d * 8 + 2 * (10 * 8 * d + 9 * 64 + 8) + 64;
const one = defaultKernel().matrix(n, d, "f64", 2);
const split = defaultKernel().matrix(n, d, "f64", 2, limit);
for (const X of [one, split]) fillNormalMatrix(normalStream(7, 0, 0), X);
const result = { one: passes(one), split: passes(split), parts: split.parts.length };
console.log(JSON.stringify({ ...result, rounds: kernelThreadRounds() }));
