import { describe, expect, it } from "vitest";
import {
  discriminativeDataset,
  discriminativeLabels,
  discriminativePopulationAccuracy,
  discriminativePopulationLogExpLoss,
  discriminativeThreshold,
} from "../../src/core/discriminative.js";
import {
  FIG15_MIXTURE,
  flipByLabels,
  labelledLossGradient,
  mixtureAccuracyByEnumeration,
  mixtureDataset,
  mixturePopulationAccuracy,
  mixturePopulationLogExpLoss,
  normalCdf,
  normalQuantile,
  powerLawDataset,
  powerLawPopulationAccuracy,
  powerLawPopulationLogLoss,
  powerLawScale,
  powerLawVariances,
} from "../../src/core/distributions.js";
import { lossGradient } from "../../src/core/lossKernel.js";
import { populationAccuracy, populationLogLoss } from "../../src/core/population.js";
import { type NormalSource, normalStream } from "../../src/core/rng.js";

const softplus = (z: number) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));

/** Sample mean and standard error of f over the rows of successive chunks drawn by `draw`. */
function empiricalMean(
  draw: (normal: NormalSource, n: number) => { X: Float64Array; d: number; y?: Float64Array },
  f: (x: Float64Array, off: number, y: number) => number,
  total: number,
  seed: number,
): { mean: number; se: number } {
  const normal = normalStream(seed, 0, 7);
  const chunk = 100_000;
  let s = 0;
  let ss = 0;
  for (let done = 0; done < total; done += chunk) {
    const { X, d, y } = draw(normal, chunk);
    for (let i = 0; i < chunk; i++) {
      const v = f(X, i * d, y ? y[i] : -1);
      s += v;
      ss += v * v;
    }
  }
  const mean = s / total;
  return { mean, se: Math.sqrt(Math.max(ss / total - mean * mean, 0) / (total - 1)) };
}

/** S·x_row + b. */
function logit(X: Float64Array, off: number, S: ArrayLike<number>, b: number): number {
  let z = b;
  for (let j = 0; j < S.length; j++) z += X[off + j] * S[j];
  return z;
}

/** A fixed pseudo-random weight vector (entries N(0, scale²)) from its own stream. */
function weights(d: number, scale: number, seed: number): Float64Array {
  const g = normalStream(seed, 0, 3);
  return Float64Array.from({ length: d }, () => scale * g());
}

/** Per-coordinate means and variances of an N×d sample. */
function columnMoments(X: Float64Array, n: number, d: number): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(d);
  const variance = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mean[k] += X[i * d + k] / n;
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) variance[k] += (X[i * d + k] - mean[k]) ** 2 / (n - 1);
  return { mean, variance };
}

/** Mean of ‖x‖² over the rows. */
function meanSquaredNorm(X: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < X.length; i++) s += X[i] * X[i];
  return s / n;
}

// One empirical estimate uses 1e6 points: a binomial SE ≤ 5e-4; "within 4 SE" fails falsely with p ≈ 6e-5 per check.
const M = 1_000_000;

describe("normalQuantile: Φ^{-1} to float precision", () => {
  it("inverts Φ to a few ulp of x over p ∈ [1e-300, ½] and matches z_{0.975} = 1.959963984540054", () => {
    const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    for (const p of [1e-300, 1e-100, 1e-20, 1e-5, 0.01, 0.02425, 0.1, 0.3, 0.5]) {
      // Halley from a 1.2e-9 start is cubic, so x is exact to rounding; the implied error in x, (Φ(x) − p)/φ(x),
      // must be a few ulp of x (at p = 1e-300, x ≈ −37 and one ulp of x moves Φ by 37·7e-15 relative)
      const x = normalQuantile(p);
      expect(Math.abs(normalCdf(x) - p) / phi(x)).toBeLessThan(4e-16 * Math.max(1, Math.abs(x)));
    }
    expect(Math.abs(normalQuantile(0.975) - 1.959963984540054)).toBeLessThan(4e-15);
    expect(normalQuantile(0.7)).toBe(-normalQuantile(1 - 0.7));
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("power-law covariance spectrum λ_k ∝ k^{−α}, trace σ²·d (SPEC §1)", () => {
  const p = { alpha: 1.5, sigma: 10 }; // Fig. 15

  it("has variances λ_k = λ_1 k^{−α} summing to σ²·d (σ the RMS standard deviation, units x)", () => {
    const lam = powerLawVariances(180, p);
    const sum = lam.reduce((s, v) => s + v, 0);
    expect(Math.abs(sum / (100 * 180) - 1)).toBeLessThan(1e-14); // float: a sum of 180 positive terms
    for (const k of [2, 7, 180]) expect(Math.abs(lam[k - 1] / lam[0] / k ** -1.5 - 1)).toBeLessThan(1e-14);
    // α = 0 is the isotropic model of std σ: per-coordinate variance σ²
    expect(powerLawVariances(5, { alpha: 0, sigma: 3 }).every((v) => Math.abs(v - 9) < 1e-14)).toBe(true);
  });

  it("samples with per-coordinate mean 0, variance λ_k and trace σ²·d, each within 5 standard errors", () => {
    const n = 200_000;
    const d = 8;
    const lam = powerLawVariances(d, p);
    const { X } = powerLawDataset(normalStream(11, 0, 0), n, d, p);
    const { mean, variance } = columnMoments(X, n, d);
    for (let k = 0; k < d; k++) {
      expect(Math.abs(mean[k])).toBeLessThan(5 * Math.sqrt(lam[k] / n)); // SE of a mean: √(λ/n)
      expect(Math.abs(variance[k] - lam[k])).toBeLessThan(5 * lam[k] * Math.sqrt(2 / n)); // Gaussian: SE √(2/n)λ
    }
    const trSE = Math.sqrt((2 * lam.reduce((s, v) => s + v * v, 0)) / n); // Var ‖x‖² = 2 Σ λ_k²
    expect(Math.abs(meanSquaredNorm(X, n) - p.sigma ** 2 * d)).toBeLessThan(5 * trSE);
  });

  it("powerLawScale = √(Σ λ_k S_k²); α = 0 gives σ‖S‖ (the isotropic scale)", () => {
    const S = weights(30, 1, 5);
    const lam = powerLawVariances(30, p);
    const ref = Math.sqrt(lam.reduce((s, v, k) => s + v * S[k] * S[k], 0));
    expect(Math.abs(powerLawScale(S, 1.5, 10) / ref - 1)).toBeLessThan(1e-14);
    const iso = 3 * Math.sqrt(S.reduce((s, v) => s + v * v, 0));
    expect(Math.abs(powerLawScale(S, 0, 3) / iso - 1)).toBeLessThan(1e-14);
  });

  it("population accuracy and logistic loss agree with 1e6 sampled points within 4 SE", () => {
    const d = 10;
    const S = weights(d, 0.3, 21);
    const b = -1.2;
    const draw = (g: NormalSource, n: number) => powerLawDataset(g, n, d, p);
    const acc = powerLawPopulationAccuracy(S, b, p);
    const emp = empiricalMean(draw, (X, off) => (logit(X, off, S, b) < 0 ? 1 : 0), M, 31);
    expect(acc).toBeGreaterThan(0.6);
    expect(acc).toBeLessThan(0.95); // a non-trivial point
    expect(Math.abs(emp.mean - acc)).toBeLessThan(4 * Math.sqrt((acc * (1 - acc)) / M));
    const L = Math.exp(powerLawPopulationLogLoss("logistic", S, b, p));
    const empL = empiricalMean(draw, (X, off) => softplus(logit(X, off, S, b)), M, 32);
    expect(Math.abs(empL.mean - L)).toBeLessThan(4 * empL.se);
  });
});

describe("per-coordinate two-Gaussian mixture ±m, std s, ×scale (SPEC §1, Fig. 15)", () => {
  const p = FIG15_MIXTURE;

  it("samples with mean 0, E x² = scale²(m²+s²), E x⁴ = scale⁴(m⁴+6m²s²+3s⁴) and trace, within 5 SE", () => {
    const n = 100_000;
    const d = 6;
    const { X } = mixtureDataset(normalStream(12, 0, 0), n, d, p);
    const { m, s, scale } = p;
    const m2 = scale ** 2 * (m * m + s * s);
    const m4 = scale ** 4 * (m ** 4 + 6 * m * m * s * s + 3 * s ** 4);
    const m8 =
      scale ** 8 * (m ** 8 + 28 * m ** 6 * s * s + 210 * m ** 4 * s ** 4 + 420 * m * m * s ** 6 + 105 * s ** 8);
    const { mean } = columnMoments(X, n, d);
    for (let k = 0; k < d; k++) expect(Math.abs(mean[k])).toBeLessThan(5 * Math.sqrt(m2 / n));
    const fourth = X.reduce((a, v) => a + v ** 4, 0) / (n * d);
    expect(Math.abs(fourth - m4)).toBeLessThan(5 * Math.sqrt((m8 - m4 * m4) / (n * d)));
    // Var ‖x‖² = d (E x⁴ − (E x²)²) (independent coordinates)
    expect(Math.abs(meanSquaredNorm(X, n) - d * m2)).toBeLessThan(5 * Math.sqrt((d * (m4 - m2 * m2)) / n));
  });

  it("Gil-Pelaez (Davies) accuracy equals exact 2^d enumeration to 1e-13 absolute (d = 14, Fig. 15 params)", () => {
    const d = 14;
    for (const [wScale, seed] of [
      [0.05, 1],
      [0.3, 2],
      [1, 3],
    ]) {
      const S = weights(d, wScale, seed);
      for (const b of [0, -0.5, -3, 2, -15, -40]) {
        const exact = mixtureAccuracyByEnumeration(S, b, p);
        // the discretisation error is bounded by 1.2e-38; what remains is rounding of ~100 summed terms
        expect(Math.abs(mixturePopulationAccuracy(S, b, p) - exact)).toBeLessThan(1e-13);
      }
    }
  });

  it("is right in the strongly non-Gaussian d = 1 case: ½[Φ((−b−A)/c) + Φ((−b+A)/c)]", () => {
    const S = [1];
    for (const b of [-3, 0.7, 5, -8]) {
      const ref = 0.5 * (normalCdf((-b - 5) / 1.25) + normalCdf((-b + 5) / 1.25));
      expect(Math.abs(mixturePopulationAccuracy(S, b, p) - ref)).toBeLessThan(1e-14);
    }
  });

  it("s = 0 is atomic: enumeration gives P(±1±2±4 < −b) exactly (b = 2: 3/8)", () => {
    const q = { m: 1, s: 0, scale: 1 };
    expect(mixturePopulationAccuracy([1, 2, 4], 2, q)).toBe(3 / 8);
    expect(mixturePopulationAccuracy([1, 2, 4], -7.5, q)).toBe(1);
    expect(mixturePopulationAccuracy([0, 0], -1, q)).toBe(1); // S = 0: the sign of b
    expect(() => mixturePopulationAccuracy(new Float64Array(25).fill(1), 0, q)).toThrow(RangeError);
  });

  for (const d of [10, 180]) {
    // d = 180 is Fig. 15's size; 1e5 points there (3.6e7 draws) keep the test quick: SE ≤ 1.6e-3
    const total = d === 10 ? M : 100_000;
    it(`accuracy agrees with ${total} sampled points within 4 SE (d = ${d})`, () => {
      const S = weights(d, 0.4 / Math.sqrt(d), 40 + d);
      const b = -2;
      const acc = mixturePopulationAccuracy(S, b, p);
      expect(acc).toBeGreaterThan(0.6);
      expect(acc).toBeLessThan(0.95);
      const draw = (g: NormalSource, n: number) => mixtureDataset(g, n, d, p);
      const emp = empiricalMean(draw, (X, off) => (logit(X, off, S, b) < 0 ? 1 : 0), total, 50 + d);
      expect(Math.abs(emp.mean - acc)).toBeLessThan(4 * Math.sqrt((acc * (1 - acc)) / total));
    });
  }

  it("exp population loss b + Σ log cosh(A S_k) + c²/2 agrees with 1e6 sampled points within 4 SE", () => {
    const d = 10;
    const S = weights(d, 0.03, 60); // small weights: e^{S·x} has a light enough tail for the sample mean
    const b = -1;
    const L = Math.exp(mixturePopulationLogExpLoss(S, b, p));
    const draw = (g: NormalSource, n: number) => mixtureDataset(g, n, d, p);
    const emp = empiricalMean(draw, (X, off) => Math.exp(logit(X, off, S, b)), M, 61);
    expect(Math.abs(emp.mean - L)).toBeLessThan(4 * emp.se);
  });
});

describe("discriminative labels with fraction r (SPEC §1)", () => {
  const sigma = 2;

  it("threshold μ_r = σΦ^{-1}(1−r) gives P(x_1 > μ_r) = r; labels are −1 exactly where x_1 > μ_r", () => {
    for (const r of [1, 0.99, 0.95, 0.5, 0.1]) {
      const mu = discriminativeThreshold({ sigma, r });
      expect(Math.abs(normalCdf(-mu / sigma) - r)).toBeLessThan(1e-15);
    }
    const n = 200_000;
    const r = 0.95;
    const data = discriminativeDataset(normalStream(13, 0, 0), n, 3, { sigma, r });
    const mu = discriminativeThreshold({ sigma, r });
    let neg = 0;
    let mismatched = 0;
    for (let i = 0; i < n; i++) {
      if (data.y[i] !== (data.X[i * 3] > mu ? -1 : 1)) mismatched++;
      if (data.y[i] === -1) neg++;
    }
    expect(mismatched).toBe(0);
    expect(Math.abs(neg / n - r)).toBeLessThan(5 * Math.sqrt((r * (1 - r)) / n));
    expect(() => discriminativeThreshold({ sigma, r: 0 })).toThrow(RangeError);
  });

  it("r = 1 is the constant-label model: all labels −1, accuracy and exp loss equal SPEC §2's", () => {
    const S = weights(6, 0.5, 70);
    const sn = Math.sqrt(S.reduce((a, v) => a + v * v, 0));
    const data = discriminativeDataset(normalStream(14, 0, 0), 1000, 6, { sigma, r: 1 });
    expect(data.y.every((v) => v === -1)).toBe(true);
    for (const b of [-3, 0, 0.4]) {
      expect(discriminativePopulationAccuracy(S, b, { sigma, r: 1 })).toBe(populationAccuracy(b, sigma * sn));
      const logExp = discriminativePopulationLogExpLoss(S, b, { sigma, r: 1 });
      expect(Math.abs(logExp - populationLogLoss("exp", b, sigma * sn))).toBeLessThan(1e-14 * (1 + Math.abs(logExp)));
      // continuity at r → 1: the correction has mass ≤ 1 − r
      const near = discriminativePopulationAccuracy(S, b, { sigma, r: 1 - 1e-12 });
      expect(Math.abs(near - populationAccuracy(b, sigma * sn))).toBeLessThan(1.1e-12);
    }
  });

  /** Independent oracle: Simpson on [−40, 40] of φ(u)[1{u>u_r}Φ(−v) + 1{u≤u_r}Φ(v)], v = (αu+b)/ρ, split at u_r. */
  function simpsonAccuracy(alpha: number, b: number, rho: number, ur: number): number {
    const phi = (u: number) => Math.exp(-0.5 * u * u) / Math.sqrt(2 * Math.PI);
    const piece = (lo: number, hi: number, sgn: number) => {
      const k = 200_000;
      const h = (hi - lo) / k;
      let s = 0;
      for (let i = 0; i <= k; i++) {
        const u = lo + i * h;
        s += (i === 0 || i === k ? 1 : i % 2 ? 4 : 2) * phi(u) * normalCdf((sgn * (alpha * u + b)) / rho);
      }
      return (s * h) / 3;
    };
    return piece(ur, 40, -1) + piece(-40, ur, 1);
  }

  it("accuracy matches a brute-force Simpson evaluation of the defining 1-D integral to 1e-10", () => {
    for (const [r, s1, s2, b] of [
      [0.99, 0.8, 0.3, -0.5],
      [0.95, 2, 0.05, 0.3],
      [0.6, -1, 1, -2],
      [0.95, 0.01, 3, 1],
    ]) {
      const S = [s1, s2, 0];
      const ur = discriminativeThreshold({ sigma, r }) / sigma;
      const ref = simpsonAccuracy(sigma * s1, b, sigma * Math.abs(s2), ur);
      // Simpson with h = 4e-4 over an integrand whose finest feature is ρ/|α| ≥ 0.025 wide: error ≪ 1e-11
      expect(Math.abs(discriminativePopulationAccuracy(S, b, { sigma, r }) - ref)).toBeLessThan(1e-10);
    }
  });

  it("ρ = 0 (S along e_1) uses the closed form: P(u > u_r, αu+b < 0) + P(u ≤ u_r, αu+b > 0)", () => {
    const r = 0.9;
    const ur = discriminativeThreshold({ sigma, r }) / sigma; // ≈ −1.28
    // α = 2σ > 0, b = 1: f < 0 ⇔ u < −1/(2σ) = −0.25
    const ref = normalCdf(-0.25) - normalCdf(ur) + 0; // u ≤ u_r < −0.25 gives f < 0: no correct +1 points
    expect(Math.abs(discriminativePopulationAccuracy([2, 0], 1, { sigma, r }) - ref)).toBeLessThan(1e-15);
    // α < 0, b = 0: f < 0 ⇔ u > 0; u ≤ u_r: f > 0, all correct
    const ref2 = 0.5 + normalCdf(ur);
    expect(Math.abs(discriminativePopulationAccuracy([-1, 0], 0, { sigma, r }) - ref2)).toBeLessThan(1e-15);
  });

  for (const r of [0.99, 0.95, 0.6]) {
    it(`accuracy and exp loss agree with 1e6 sampled labelled points within 4 SE (r = ${r})`, () => {
      const d = 5;
      const S = Float64Array.from([0.6, -0.2, 0.3, 0.1, -0.4]);
      const b = -0.7;
      const q = { sigma: 1.5, r };
      const draw = (g: NormalSource, n: number) => discriminativeDataset(g, n, d, q);
      const acc = discriminativePopulationAccuracy(S, b, q);
      const emp = empiricalMean(draw, (X, off, y) => (y * logit(X, off, S, b) > 0 ? 1 : 0), M, 80);
      expect(Math.abs(emp.mean - acc)).toBeLessThan(4 * Math.sqrt((acc * (1 - acc)) / M));
      const L = Math.exp(discriminativePopulationLogExpLoss(S, b, q));
      const empL = empiricalMean(draw, (X, off, y) => Math.exp(-y * logit(X, off, S, b)), M, 81);
      expect(Math.abs(empL.mean - L)).toBeLessThan(4 * empL.se);
    });
  }
});

describe("labelledLossGradient: fused loss/gradient for labels y_i ∈ {±1}", () => {
  const n = 9;
  const d = 4;
  const g = normalStream(90, 0, 0);
  const X = Float64Array.from({ length: n * d }, () => g());
  const y = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : -1));
  const S = Float64Array.from([0.3, -0.7, 0.2, 1.1]);
  const b = 0.4;

  /** Mean loss by direct summation (independent of the kernel). */
  function directLoss(loss: "logistic" | "exp", SS: Float64Array, bb: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const m = -y[i] * logit(X, i * d, SS, bb);
      s += loss === "logistic" ? softplus(m) : Math.exp(m);
    }
    return s / n;
  }

  for (const loss of ["logistic", "exp"] as const) {
    it(`matches central finite differences to 1e-6 and the direct loss/accuracy (${loss})`, () => {
      const grad = new Float64Array(d);
      const r = labelledLossGradient(X, y, n, d, S, b, loss, grad);
      const scale = Math.exp(r.gradLogScale);
      expect(Math.abs(Math.exp(r.logLoss) / directLoss(loss, S, b) - 1)).toBeLessThan(1e-14);
      let correct = 0;
      for (let i = 0; i < n; i++) if (y[i] * logit(X, i * d, S, b) > 0) correct++;
      expect(r.accuracy).toBe(correct / n);
      const h = 1e-6;
      // central differences: truncation h²L'''/6 ~ 1e-12, rounding ε L/h ~ 1e-10; both ≪ 1e-6
      for (let j = 0; j <= d; j++) {
        const plus = Float64Array.from(S);
        const minus = Float64Array.from(S);
        if (j < d) {
          plus[j] += h;
          minus[j] -= h;
        }
        const bp = j === d ? b + h : b;
        const bm = j === d ? b - h : b;
        const fd = (directLoss(loss, plus, bp) - directLoss(loss, minus, bm)) / (2 * h);
        const an = scale * (j < d ? grad[j] : r.gradB);
        expect(Math.abs(an - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      }
    });

    it(`equals lossGradient (the constant-label kernel) when every y = −1, to 1e-14 (${loss})`, () => {
      const yNeg = new Float64Array(n).fill(-1);
      const g1 = new Float64Array(d);
      const g2 = new Float64Array(d);
      const a = labelledLossGradient(X, yNeg, n, d, S, b, loss, g1);
      const c = lossGradient(X, n, d, S, b, loss, g2);
      expect(a.accuracy).toBe(c.accuracy);
      // the two kernels sum in different orders and scalings (log-space here): a few ulp of the loss and of ‖∇‖
      expect(Math.abs(a.logLoss - c.logLoss)).toBeLessThan(1e-14 * Math.max(1, Math.abs(c.logLoss)));
      const ga = [...g1, a.gradB].map((v) => v * Math.exp(a.gradLogScale));
      const gc = [...g2, c.gradB].map((v) => v * Math.exp(c.gradLogScale));
      const gNorm = Math.hypot(...gc);
      for (let j = 0; j <= d; j++) expect(Math.abs(ga[j] - gc[j])).toBeLessThan(1e-14 * gNorm);
    });
  }

  for (const loss of ["logistic", "exp"] as const) {
    it(`equals lossGradient on the flipped rows (−y_i x_i, −y_i) with weights (S, b), to 1e-14 (${loss})`, () => {
      const g1 = new Float64Array(d);
      const g2 = new Float64Array(d + 1);
      const a = labelledLossGradient(X, y, n, d, S, b, loss, g1);
      const c = lossGradient(flipByLabels(X, y, n, d, true), n, d + 1, Float64Array.from([...S, b]), 0, loss, g2);
      expect(a.accuracy).toBe(c.accuracy);
      // different summation orders and scalings: a few ulp of the loss and of ‖∇‖
      expect(Math.abs(a.logLoss - c.logLoss)).toBeLessThan(1e-14 * Math.max(1, Math.abs(c.logLoss)));
      const ga = [...g1, a.gradB].map((v) => v * Math.exp(a.gradLogScale));
      const gc = [...g2].map((v) => v * Math.exp(c.gradLogScale));
      const gNorm = Math.hypot(...gc);
      for (let j = 0; j <= d; j++) expect(Math.abs(ga[j] - gc[j])).toBeLessThan(1e-14 * gNorm);
    });
  }

  it("stays finite and exact at logits ±1e4 (log space): two points, exp loss", () => {
    const X2 = new Float64Array([1, -1]);
    const y2 = new Float64Array([-1, 1]); // S = 1e4, b = 0: z = (1e4, −1e4), margins m = −y z = (1e4, 1e4)
    const grad = new Float64Array(1);
    const r = labelledLossGradient(X2, y2, 2, 1, [1e4], 0, "exp", grad);
    // both margins are 1e4: L = e^{1e4}, ∂L/∂S = ½(e^{1e4}·1 + e^{1e4}·1) = e^{1e4}, ∂L/∂b = ½(e^{1e4} − e^{1e4}) = 0
    expect(r.logLoss).toBeCloseTo(1e4, 10); // 1e4 + log 2 − log 2: an ulp of 1e4
    expect(r.gradLogScale + Math.log(grad[0])).toBeCloseTo(1e4, 10);
    expect(r.gradB).toBe(0);
    expect(r.accuracy).toBe(0);
    const lg = labelledLossGradient(X2, y2, 2, 1, [-1e4], 0, "logistic", grad);
    // margins −1e4: softplus ≈ e^{−1e4}, log L = −1e4 to rounding; all correct
    expect(lg.logLoss).toBeCloseTo(-1e4, 8);
    expect(lg.accuracy).toBe(1);
    expect(Number.isFinite(lg.gradLogScale)).toBe(true);
  });

  it("discriminativeLabels on a hand-made set", () => {
    const Xh = new Float64Array([0.5, 9, -0.5, 9, 0.1, 9]);
    expect([...discriminativeLabels(Xh, 3, 2, 0)]).toEqual([-1, 1, -1]);
  });
});
