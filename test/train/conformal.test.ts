import { describe, expect, it } from "vitest";
import { defaultRunConfig, type RunConfig } from "../../src/config/run.js";
import { lossAndAccuracy } from "../../src/core/lossKernel.js";
import { norm } from "../../src/core/vector.js";
import { sInfinity } from "../../src/theory/sinf.js";
import { biasFreeFlow } from "../../src/train/biasFreeFlow.js";
import { type ConformalOptions, conformalFlow } from "../../src/train/conformal.js";
import { gradientFlow } from "../../src/train/flow.js";
import { initialS, trainingData } from "../../src/train/run.js";

/** A training set and S_0 (‖S_0‖ = 0.1) from the run streams of src/train/run.ts. */
function draw(n: number, d: number, sigma: number, seed: number) {
  const c: RunConfig = { ...defaultRunConfig, n, d, sigma, seed };
  return { data: trainingData(c), S0: initialS(c), sigma };
}

const base: ConformalOptions = {
  loss: "exp",
  sigma: 1,
  tMax: 1e6,
  tFirst: 1,
  perDecade: 1,
  rtol: 1e-10,
  atol: 1e-12,
  accThreshold: 0.9,
  lossThreshold: 0.01,
  lr: 0.01,
};

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

// N = 100, d = 30, σ = 1, seed 1: inseparable (sInfinity converges, ‖S_∞‖ ≈ 1.386)
const small = draw(100, 30, 1, 1);
// λ = 0.48 at N = 100, σ = 5: seed 1 inseparable (‖S_∞‖ ≈ 0.96), seed 3 separable (sInfinity certifies it)
const edgeInseparable = draw(100, 48, 5, 1);
const edgeSeparable = draw(100, 48, 5, 3);

describe("exponential-loss flow in conformal time (SPEC §3.5)", () => {
  it("agrees with the plain flow in log t to 1e-6 relative in ‖S‖ and b at t = 1, 10, 1e3, 1e6", () => {
    const c = conformalFlow(small.data, null, small.S0, 0, base);
    const p = gradientFlow(small.data, null, small.S0, 0, base);
    for (const t of [1, 10, 1e3, 1e6]) {
      const a = c.checkpoints.find((r) => r.t === t)!;
      const b = p.checkpoints.find((r) => Math.abs(r.t - t) <= 1e-9 * t)!;
      expect(a.log10_t).toBe(Math.log10(t));
      // both integrate the same ODE at local tolerance 1e-10 (measured: 8e-12 in ‖S‖, 2e-13 in b)
      expect(rel(a.norm_s, b.norm_s)).toBeLessThan(1e-6);
      expect(rel(a.b, b.b)).toBeLessThan(1e-6);
    }
    // the first crossings (SPEC §5) too, located on different dense outputs (measured: ~1e-11 relative)
    expect(rel(c.accuracyCrossing.trainT!, p.accuracyCrossing.trainT!)).toBeLessThan(1e-6);
    expect(rel(c.accuracyCrossing.genT!, p.accuracyCrossing.genT!)).toBeLessThan(1e-6);
    expect(rel(c.lossCrossing.trainT!, p.lossCrossing.trainT!)).toBeLessThan(1e-6);
    expect(rel(c.lossCrossing.genT!, p.lossCrossing.genT!)).toBeLessThan(1e-6);
  });

  it("gives ‖S(τ)‖ equal to the bias-free flow's at the same τ to 1e-8 relative, for any b_0 (Fig. 2 middle, λ = 0.48)", () => {
    for (const [s, b0] of [
      [edgeInseparable, 0],
      [edgeSeparable, 1],
    ] as const) {
      const o = { ...base, sigma: s.sigma, tFirst: 1e-3, perDecade: 2 };
      const c = conformalFlow(s.data, null, s.S0, b0, o);
      const f = biasFreeFlow(s.data, s.S0, { taus: c.tau, rtol: o.rtol, atol: o.atol });
      expect(f.normS).toHaveLength(c.checkpoints.length);
      // two integrations of the same S(τ) at local tolerance 1e-10 (measured: ≤ 6e-12)
      const worst = Math.max(...c.checkpoints.map((r, i) => rel(r.norm_s, f.normS[i])));
      expect(worst).toBeLessThan(1e-8);
    }
  });

  it("reaches t = 1e100 and 1e300 for the cost of S_∞ on an inseparable draw: S → S_∞, b + log t → −log F(S_∞)", () => {
    const sinf = sInfinity(small.data.X, small.data.n, small.data.d);
    expect(sinf.separable).toBe(false);
    const logFInf = lossAndAccuracy(small.data.X, small.data.n, small.data.d, sinf.S, 0, "exp").logLoss;
    const to100 = conformalFlow(small.data, null, small.S0, 0, { ...base, tMax: 1e100 });
    const to300 = conformalFlow(small.data, null, small.S0, 0, { ...base, tMax: 1e300 });
    // S froze once converged (measured at t ≈ 1e66 here); later decades cost nothing (measured: 4511 passes)
    expect(to300.frozenFromLog10T).not.toBeNull();
    expect(to300.gradientEvaluations).toBe(to100.gradientEvaluations);
    expect(to300.gradientEvaluations).toBeLessThan(10_000);
    const last = to300.checkpoints[to300.checkpoints.length - 1];
    expect(last.log10_t).toBe(300);
    const dS = Math.sqrt(to300.S.reduce((a, x, j) => a + (x - sinf.S[j]) ** 2, 0));
    expect(dS / sinf.norm).toBeLessThan(1e-8); // measured 4e-10: the freeze leaves < the tolerance scale
    // SPEC §3.4: b ~ −log t; exactly, e^{−b} = F_∞ t + O(1), so b + log t → −log F_∞ (measured: 2e-14)
    expect(Math.abs(last.b + 300 * Math.LN10 + logFInf)).toBeLessThan(1e-9);
    expect(last.pop_acc).toBe(1);
  });

  it("matches the run integrated to the end (no freeze) to 1e-8 relative in ‖S‖ and b at t = 1e100", () => {
    const frozen = conformalFlow(small.data, null, small.S0, 0, { ...base, tMax: 1e100, perDecade: 0.1 });
    const full = conformalFlow(small.data, null, small.S0, 0, {
      ...base,
      tMax: 1e100,
      perDecade: 0.1,
      freezeConverged: false,
    });
    expect(full.frozenFromLog10T).toBeNull();
    expect(full.gradientEvaluations).toBeGreaterThan(frozen.gradientEvaluations);
    frozen.checkpoints.forEach((r, i) => {
      const q = full.checkpoints[i];
      expect(r.log10_t).toBe(q.log10_t);
      if (i === 0) return;
      expect(rel(r.norm_s, q.norm_s)).toBeLessThan(1e-8); // measured 8e-11
      expect(rel(r.b, q.b)).toBeLessThan(1e-8); // measured 5e-16
      expect(rel(frozen.tau[i], full.tau[i])).toBeLessThan(1e-8);
    });
  });

  it("has t(τ) increasing with τ → ∞: τ grows like log t / F_∞ on an inseparable draw, and keeps growing on a separable one", () => {
    const r = conformalFlow(small.data, null, small.S0, 0, { ...base, tMax: 1e300, perDecade: 0.1 });
    for (let i = 1; i < r.tau.length; i++) {
      expect(r.tau[i]).toBeGreaterThan(r.tau[i - 1]);
      expect(r.checkpoints[i].log10_t).toBeGreaterThan(r.checkpoints[i - 1].log10_t);
    }
    const sinf = sInfinity(small.data.X, small.data.n, small.data.d);
    const fInf = Math.exp(lossAndAccuracy(small.data.X, small.data.n, small.data.d, sinf.S, 0, "exp").logLoss);
    const k = r.tau.length - 1; // t = 1e300; k − 1 is t = 1e290
    // after the freeze dτ/d log t = 1/F_1 + O(1/t) (measured: 1e-15 from 1/F(S_∞))
    expect(rel((r.tau[k] - r.tau[k - 1]) / (10 * Math.LN10), 1 / fInf)).toBeLessThan(1e-9);
    const sep = conformalFlow(edgeSeparable.data, null, edgeSeparable.S0, 0, { ...base, sigma: 5, tMax: 1e12 });
    expect(sep.frozenFromLog10T).toBeNull(); // no S_∞ to converge to
    for (let i = 1; i < sep.tau.length; i++) expect(sep.tau[i]).toBeGreaterThan(sep.tau[i - 1]);
  });

  it("has dτ = e^b dt: trapezoid quadrature of e^b over the checkpoints matches τ to 1e-6 relative", () => {
    const r = conformalFlow(small.data, null, small.S0, 0, { ...base, tFirst: 1e-3, perDecade: 40 });
    // ∫ e^b dt = ∫ e^{b + log t} d(log t), step log(10)/40; the integrand is smooth in log t and flat once
    // e^{−b} ∝ t, so the trapezoid rule is accurate (measured: 5e-9 relative)
    let integral = 0;
    for (let i = 2; i < r.checkpoints.length; i++) {
      const [p, q] = [r.checkpoints[i - 1], r.checkpoints[i]];
      const h = (q.log10_t - p.log10_t) * Math.LN10;
      integral += 0.5 * h * (Math.exp(p.b + p.log10_t * Math.LN10) + Math.exp(q.b + q.log10_t * Math.LN10));
    }
    expect(rel(integral, r.tau[r.tau.length - 1] - r.tau[1])).toBeLessThan(1e-6);
  });

  it("freezes the bias-free flow at S_∞ (‖S‖ to 1e-8) and reports ‖S_0‖ at τ = 0", () => {
    const sinf = sInfinity(small.data.X, small.data.n, small.data.d);
    const f = biasFreeFlow(small.data, small.S0, { taus: [0, 1, 1e6], rtol: 1e-10, atol: 1e-12 });
    expect(f.normS[0]).toBe(norm(small.S0));
    expect(f.frozenFromTau).not.toBeNull();
    expect(rel(f.normS[2], sinf.norm)).toBeLessThan(1e-8); // measured 5e-11
  });

  it("refuses the logistic loss and ±1 labels, which have no conformal time", () => {
    expect(() => conformalFlow(small.data, null, small.S0, 0, { ...base, loss: "logistic" })).toThrow(/exponential/);
    const labelled = Object.assign({}, small.data, { y: new Float64Array(small.data.n).fill(1) });
    expect(() => conformalFlow(labelled, null, small.S0, 0, base)).toThrow(/labels/);
  });
});
