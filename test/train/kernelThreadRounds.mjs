// Child process of kernelThreads.test.ts: with 3 threads, count the passes that ran blocks on helpers after one small
// pass and after five large ones. argv[2]: the dist/ folder of the build under test. Prints [small, large].
const dist = process.argv[2];
const { enableKernelThreads, kernelThreadRounds } = await import(`${dist}/train/kernelThreads.js`);
const { lossGradient } = await import(`${dist}/core/lossKernel.js`);
enableKernelThreads(3);
const pass = (n, d) =>
  lossGradient(
    new Float64Array(n * d).fill(0.01),
    n,
    d,
    new Float64Array(d).fill(0.1),
    0,
    "logistic",
    new Float64Array(d),
  );
pass(100, 100);
const small = kernelThreadRounds();
for (let k = 0; k < 5; k++) pass(1000, 300);
console.log(JSON.stringify([small, kernelThreadRounds()]));
