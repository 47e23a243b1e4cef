import { describe, expect, it } from "vitest";
import type { LossName } from "../../src/core/losses.js";
import { lossAndAccuracy, lossGradient } from "../../src/core/lossKernel.js";
import { normalStream } from "../../src/core/rng.js";

/** Independent oracle: softplus written out here, not imported from the module under test. */
function softplusOracle(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/** Independent oracle: the mean loss (1/N) Σ loss(S·x_i + b), a plain double loop. */
function meanLoss(X: Float64Array, n: number, d: number, S: ArrayLike<number>, b: number, loss: LossName): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    let z = b;
    for (let j = 0; j < d; j++) z += S[j] * X[i * d + j];
    s += loss === "logistic" ? softplusOracle(z) : Math.exp(z);
  }
  return s / n;
}

interface Run {
  logLoss: number;
  accuracy: number;
  gradLogScale: number;
  gradB: number;
  gradS: Float64Array;
  /** log of the common scale of the true gradient, gradLogScale + log gradB (gradB > 0 for both losses) */
  logScale: number;
  /** gradS / gradB: the direction of the gradient, independent of its scale */
  ratio: Float64Array;
}

function run(X: Float64Array, n: number, d: number, S: Float64Array, b: number, loss: LossName): Run {
  // garbage in the buffer: the kernel must overwrite, not accumulate
  const gradS = new Float64Array(d).fill(123.456);
  const r = lossGradient(X, n, d, S, b, loss, gradS);
  return {
    ...r,
    gradS,
    logScale: r.gradLogScale + Math.log(r.gradB),
    ratio: gradS.map((g) => g / r.gradB),
  };
}

function randomProblem(seed: number, n: number, d: number, sScale: number) {
  const g = normalStream(seed, n, d);
  const X = new Float64Array(n * d).map(() => g());
  const S = new Float64Array(d).map(() => sScale * g());
  const b = 0.3 * g();
  return { X, S, b };
}

function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}

const LOSSES: LossName[] = ["logistic", "exp"];
// (N, d): N = 7 and 9 exercise the block-of-4 path plus a remainder, N = 12 blocks only, N = 3 the remainder only;
// d = 5 and 9 exercise the 4-way unrolled dot product plus its remainder, d = 1 the remainder only
const SHAPES: [number, number][] = [
  [7, 5],
  [12, 5],
  [3, 1],
  [9, 9],
];

describe("lossKernel: loss, accuracy and gradient of f(x) = S·x + b with all labels −1 (SPEC §1)", () => {
  for (const loss of LOSSES) {
    for (const [n, d] of SHAPES) {
      it(`${loss} loss, N=${n}, d=${d}: gradient w.r.t. S and b matches central finite differences of the mean loss`, () => {
        const { X, S, b } = randomProblem(1, n, d, 0.5);
        const r = run(X, n, d, S, b, loss);
        const scale = Math.exp(r.gradLogScale);
        const grad = [...Array.from(r.gradS, (g) => g * scale), r.gradB * scale];
        const fd: number[] = [];
        const h = 1e-5;
        for (let j = 0; j <= d; j++) {
          const Sp = Float64Array.from(S);
          const Sm = Float64Array.from(S);
          let bp = b;
          let bm = b;
          if (j < d) {
            Sp[j] += h;
            Sm[j] -= h;
          } else {
            bp += h;
            bm -= h;
          }
          fd.push((meanLoss(X, n, d, Sp, bp, loss) - meanLoss(X, n, d, Sm, bm, loss)) / (2 * h));
        }
        const err = maxAbs(grad.map((g, k) => g - fd[k])) / maxAbs(grad);
        // central differences: truncation O(h² L''') ≈ 1e-10, rounding O(ε L / h) ≈ 1e-11, so 1e-6 is generous
        expect(err).toBeLessThan(1e-6);
        // the loss itself against the oracle: float error of ≤ 12 terms, a few ulp
        expect(Math.abs(Math.exp(r.logLoss) / meanLoss(X, n, d, S, b, loss) - 1)).toBeLessThan(1e-14);
      });
    }
  }

  it("logistic gradient is the SPEC formula ∇_S L = (1/N) Σ σ(z_i) x_i, ∂_b L = (1/N) Σ σ(z_i)", () => {
    const n = 7;
    const d = 5;
    const { X, S, b } = randomProblem(2, n, d, 0.8);
    const r = run(X, n, d, S, b, "logistic");
    const scale = Math.exp(r.gradLogScale);
    const gS = new Float64Array(d);
    let gB = 0;
    for (let i = 0; i < n; i++) {
      let z = b;
      for (let j = 0; j < d; j++) z += S[j] * X[i * d + j];
      const p = 1 / (1 + Math.exp(-z));
      gB += p / n;
      for (let j = 0; j < d; j++) gS[j] += (p * X[i * d + j]) / n;
    }
    // float error: sums of 7 terms of O(1) with mild cancellation; 1e-13 relative to the largest component
    expect(maxAbs(Array.from(r.gradS, (g, j) => g * scale - gS[j])) / maxAbs(gS)).toBeLessThan(1e-13);
    expect(Math.abs(r.gradB * scale - gB) / gB).toBeLessThan(1e-14);
  });

  it("training accuracy is the fraction of points with S·x_i + b < 0", () => {
    for (const [n, d] of SHAPES) {
      const { X, S, b } = randomProblem(3, n, d, 1);
      let correct = 0;
      for (let i = 0; i < n; i++) {
        let z = b;
        for (let j = 0; j < d; j++) z += S[j] * X[i * d + j];
        if (z < 0) correct++;
      }
      for (const loss of LOSSES) expect(run(X, n, d, S, b, loss).accuracy).toBe(correct / n);
    }
  });

  // Logits constructed to be exact: S = (1e4, 0, 0), so z_i = 1e4 · x_i1 with x_i1 ∈ {1, −1, 0, 0.5, −0.25}
  // (products with 0 and power-of-two fractions of 1e4 are exact in float64).
  const d3 = 3;
  const Sbig = new Float64Array([1e4, 0, 0]);
  const rows = [
    [1, 2, -3], // z = +1e4
    [-1, 5, 7], // z = −1e4
    [0, -1, 1], // z = 0
    [0.5, 3, 3], // z = 5000
    [-0.25, -4, 0.5], // z = −2500
  ];
  const Xmix = new Float64Array(rows.flat());

  it("logistic at logits exactly ±1e4: finite; loss(+1e4) = 1e4, log loss(−1e4) = −1e4", () => {
    const plus = run(new Float64Array([1, 2, -3]), 1, d3, Sbig, 0, "logistic");
    // theory: softplus(1e4) = 1e4 + log1p(e^{−1e4}) = 1e4 exactly in float64; exp(log(1e4)) rounds within 2 ulp
    expect(Math.abs(Math.exp(plus.logLoss) - 1e4) / 1e4).toBeLessThan(1e-15);
    // theory: σ(1e4) = 1, so the true gradient is exactly (x, 1)
    expect(Math.exp(plus.logScale)).toBe(1);
    expect(Array.from(plus.ratio)).toEqual([1, 2, -3]);
    expect(plus.accuracy).toBe(0);

    const minus = run(new Float64Array([-1, 5, 7]), 1, d3, Sbig, 0, "logistic");
    // theory: log softplus(−1e4) = −1e4 − e^{−1e4}/2 = −1e4 exactly; log σ(−1e4) = −1e4 exactly
    expect(minus.logLoss).toBe(-1e4);
    expect(minus.logScale).toBe(-1e4);
    expect(Array.from(minus.ratio)).toEqual([-1, 5, 7]);
    expect(minus.accuracy).toBe(1);
    for (const v of [minus.logLoss, minus.gradLogScale, minus.gradB, ...minus.gradS]) {
      expect(Number.isFinite(v)).toBe(true);
    }
  });

  it("logistic with mixed logits {1e4, −1e4, 0, 5000, −2500}: mean loss and gradient exact", () => {
    const r = run(Xmix, 5, d3, Sbig, 0, "logistic");
    // theory: mean softplus = (1e4 + 0 + ln 2 + 5000 + e^{−2500}) / 5; float error a few ulp
    expect(Math.abs(Math.exp(r.logLoss) / ((15000 + Math.LN2) / 5) - 1)).toBeLessThan(1e-15);
    // theory: σ = (1, 0, ½, 1, 0) → ∂_b L = 2.5/5 = ½ and ∇_S L = (x_1 + ½ x_3 + x_4)/5 (σ(−1e4), σ(−2500) underflow)
    const scale = Math.exp(r.gradLogScale);
    // float error: exp(−log 5)·Σ, a few ulp
    expect(Math.abs(r.gradB * scale - 0.5)).toBeLessThan(1e-15);
    const expected = [0, 1, 2].map((j) => (rows[0][j] + 0.5 * rows[2][j] + rows[3][j]) / 5);
    for (let j = 0; j < d3; j++) expect(Math.abs(r.gradS[j] * scale - expected[j])).toBeLessThan(1e-14);
    expect(r.accuracy).toBe(2 / 5);
  });

  it("exp loss at logit 1e4 (e^{1e4} overflows float64): logLoss = 1e4 + log(mean), gradient direction via gradLogScale", () => {
    const one = run(new Float64Array([1, 2, -3]), 1, d3, Sbig, 0, "exp");
    expect(one.logLoss).toBe(1e4); // theory: log e^{1e4} = 1e4, nothing to round
    expect(one.logScale).toBe(1e4); // ∂_b L = e^{1e4}
    expect(Array.from(one.ratio)).toEqual([1, 2, -3]); // ∇_S L = e^{1e4} x
    const r = run(Xmix, 5, d3, Sbig, 0, "exp");
    // theory: (1/5)(e^{1e4} + e^{5000} + 1 + …) = e^{1e4}/5 · (1 + e^{−5000}) → 1e4 − log 5; float error: ulp of 1e4
    expect(Math.abs(r.logLoss - (1e4 - Math.log(5)))).toBeLessThan(1e-11);
    expect(Math.abs(r.logScale - (1e4 - Math.log(5)))).toBeLessThan(1e-11);
    // the gradient points along x_1 (the other rows weigh e^{−5000} relative): exact
    expect(Array.from(r.ratio)).toEqual([1, 2, -3]);
    expect(r.accuracy).toBe(2 / 5);
    for (const v of [r.logLoss, r.gradLogScale, r.gradB, ...r.gradS]) expect(Number.isFinite(v)).toBe(true);
  });

  it("logistic with every logit ≪ 0 (loss ~e^{−2500}, underflows as a float): log loss and gradient stay exact", () => {
    const X = new Float64Array([rows[1], rows[4], [-0.5, 1, 1], [-1, 0, 0], [-0.25, 9, -8]].flat());
    // logits: −1e4, −2500, −5000, −1e4, −2500; theory: softplus(z) = σ(z)(1 + O(e^z)) = e^z here
    const r = run(X, 5, d3, Sbig, 0, "logistic");
    // theory: mean = (2 e^{−2500} + …)/5 → log = −2500 + log(2/5); float error: ulp of 2500
    expect(Math.abs(r.logLoss - (-2500 + Math.log(2 / 5)))).toBeLessThan(1e-11);
    expect(Math.abs(r.logScale - (-2500 + Math.log(2 / 5)))).toBeLessThan(1e-11);
    // direction: ∇_S L ∝ x_2 + x_5 (the two rows at −2500), ∂_b L ∝ 2
    const expected = [0, 1, 2].map((j) => (rows[4][j] + [-0.25, 9, -8][j]) / 2);
    // float error: one add and one divide per component
    for (let j = 0; j < d3; j++) expect(Math.abs(r.ratio[j] - expected[j])).toBeLessThan(1e-14);
    expect(r.accuracy).toBe(1);
  });

  describe("the linear-space fast pass and the log-space fallback agree", () => {
    const n = 7;
    const d = 5;
    const { X, S, b } = randomProblem(4, n, d, 0.5);
    const base = run(X, n, d, S, b, "exp"); // moderate logits: the linear pass
    let maxZ = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      let z = b;
      for (let j = 0; j < d; j++) z += S[j] * X[i * d + j];
      maxZ = Math.max(maxZ, z);
    }

    function expectShifted(r: Run, shift: number, what: string) {
      // theory (exp loss): L(b + c) = e^c L(b) and ∇L(b + c) = e^c ∇L(b) exactly, so logs shift by c and the
      // direction is unchanged. float error: ulp of |log| ≤ 700 is 1.1e-13, plus a few ulp of the O(1) sums
      expect(Math.abs(r.logLoss - (base.logLoss + shift)), what).toBeLessThan(1e-12);
      expect(Math.abs(r.logScale - (base.logScale + shift)), what).toBeLessThan(1e-12);
      expect(maxAbs(r.ratio.map((v, j) => v - base.ratio[j])) / maxAbs(base.ratio), what).toBeLessThan(1e-13);
      expect(r.accuracy, what).toBe(shift < 0 ? 1 : 0);
    }

    it("exp loss shifted by b → b − 650 (every logit < −600: fallback) is e^{−650} times the unshifted loss", () => {
      expect(maxZ - 650).toBeLessThan(-600);
      expectShifted(run(X, n, d, S, b - 650, "exp"), -650, "exp, b − 650");
    });

    it("exp loss across the largest-logit 600 switch (599 → 601) shifts exactly by the change in b", () => {
      const c1 = 599 - maxZ;
      const c2 = 601 - maxZ;
      expectShifted(run(X, n, d, S, b + c1, "exp"), c1, "exp, max logit 599");
      expectShifted(run(X, n, d, S, b + c2, "exp"), c2, "exp, max logit 601");
    });

    it("logistic deep in the tail equals the shifted exp loss on both sides of the switch (b − 590: linear, b − 650: log)", () => {
      // theory: for z < −580, softplus(z) = e^z (1 − e^z/2 + …) and σ(z) = e^z (1 − e^z + …): relative corrections
      // < e^{−580}, far below float precision, so the logistic results equal the exp-loss results shifted
      expect(maxZ - 590).toBeGreaterThan(-600); // still the linear pass
      expect(maxZ - 590).toBeLessThan(-580);
      expectShifted(run(X, n, d, S, b - 590, "logistic"), -590, "logistic, b − 590");
      expectShifted(run(X, n, d, S, b - 650, "logistic"), -650, "logistic, b − 650");
    });
  });

  it("lossAndAccuracy agrees with lossGradient's logLoss and accuracy (random, extreme and all-negative logits)", () => {
    const cases: { X: Float64Array; n: number; d: number; S: Float64Array; b: number }[] = [];
    for (const [n, d] of SHAPES) cases.push({ ...randomProblem(5, n, d, 0.7), n, d });
    cases.push({ X: Xmix, n: 5, d: d3, S: Sbig, b: 0 });
    cases.push({ X: Xmix, n: 5, d: d3, S: Sbig, b: -1e4 - 1 });
    const { X, S, b } = randomProblem(6, 7, 5, 0.5);
    cases.push({ X, n: 7, d: 5, S, b: b - 650 });
    for (const c of cases) {
      for (const loss of LOSSES) {
        const r = run(c.X, c.n, c.d, c.S, c.b, loss);
        const q = lossAndAccuracy(c.X, c.n, c.d, c.S, c.b, loss);
        // float error: the two functions sum ≤ 12 terms in different orders/spaces; a few ulp of |logLoss| ≤ 2e4
        expect(Math.abs(q.logLoss - r.logLoss)).toBeLessThan(1e-14 * Math.max(1, Math.abs(r.logLoss)));
        expect(q.accuracy).toBe(r.accuracy);
      }
    }
  });
});
