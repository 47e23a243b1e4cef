/**
 * A Kernel is an explicit object (core/kernel/kernel.ts): each holds its own memories, so what one made is foreign to
 * another (copied there on use, same bits), and the backend is fixed when it is made. Exact comparisons: the same
 * WASM passes over the same values give the same bits wherever the values live.
 */
import { describe, expect, it } from "vitest";
import { createKernel } from "../../../src/core/kernel/kernel.js";
import { lossAndAccuracy, lossGradient } from "../../../src/core/lossKernel.js";
import { normalStream } from "../../../src/core/rng.js";

const [n, d] = [203, 17];

function filled(X: Float64Array): Float64Array {
  const g = normalStream(3, n, d);
  for (let i = 0; i < X.length; i++) X[i] = g();
  return X;
}

describe("Kernel objects", () => {
  it("a workspace of one Kernel is an ordinary X to another: both give the bits of a plain copy", () => {
    const a = createKernel({ backend: "wasm" });
    const b = createKernel({ backend: "wasm" });
    const ws = a.workspace(n, d);
    filled(ws.X);
    const plain = Float64Array.from(ws.X);
    const S = new Float64Array(d).fill(0.05);
    const grads = [new Float64Array(d), new Float64Array(d), new Float64Array(d)];
    const rs = [
      lossGradient(ws.X, n, d, S, 0.1, "logistic", grads[0], a),
      lossGradient(ws.X, n, d, S, 0.1, "logistic", grads[1], b), // copied into b's cache
      lossGradient(plain, n, d, S, 0.1, "logistic", grads[2], createKernel({ backend: "wasm" })),
    ];
    expect(rs[1]).toEqual(rs[0]);
    expect(rs[2]).toEqual(rs[0]);
    expect(Array.from(grads[1])).toEqual(Array.from(grads[0]));
    expect(Array.from(grads[2])).toEqual(Array.from(grads[0]));
    // a one-off evaluation of an X b has not seen runs in TypeScript (no copy), a's in place: equal to rounding
    const fresh = createKernel({ backend: "wasm" });
    const inPlace = lossAndAccuracy(ws.X, n, d, S, 0.1, "exp", a);
    const reference = lossAndAccuracy(ws.X, n, d, S, 0.1, "exp", fresh);
    expect(inPlace.accuracy).toBe(reference.accuracy);
    expect(Math.abs(inPlace.logLoss - reference.logLoss)).toBeLessThan(1e-12); // summation order: ~d·ε relative
  });

  it("a TypeScript Kernel makes plain arrays and runs the reference; 'wasm' is refused only where it cannot run", () => {
    const ts = createKernel({ backend: "ts" });
    const ws = ts.workspace(n, d);
    expect(ws.X).toBeInstanceOf(Float64Array);
    expect(ts.arenaFor(filled(ws.X), n * d, d, true)).toBeNull();
    expect(ts.newtonKernels(4, 2)).toBeNull();
    expect(createKernel({ backend: "wasm" }).arenaFor(ws.X, n * d, d, true)).not.toBeNull();
  });
});
