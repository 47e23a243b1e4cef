import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { gaussianDataset } from "../../src/core/data.js";
import { normalStream, Stream } from "../../src/core/rng.js";
import { type SvmResult, svmExtended, svmThroughOrigin } from "../../src/theory/svm.js";

/** quadprog (Goldfarb–Idnani, 1-based arrays): min ½ bᵀDb − dᵀb s.t. Aᵀb ≥ b0. CommonJS without types. */
interface QuadprogResult {
  solution?: number[];
  message: string;
}
type SolveQP = (Dmat: number[][], dvec: number[], Amat: number[][], bvec: number[]) => QuadprogResult;
const { solveQP } = createRequire(import.meta.url)("quadprog") as { solveQP: SolveQP };

/** Reference: the primal SVM min ½‖w‖² s.t. −(x_i·S + b) ≥ 1 (b only if extended), solved by quadprog. */
function quadprogSvm(X: Float64Array, n: number, d: number, extended: boolean): { w: number[] } | { message: string } {
  const D = d + (extended ? 1 : 0);
  const Dmat: number[][] = [[]];
  const Amat: number[][] = [[]];
  const dvec = [0];
  const bvec = [0];
  for (let j = 1; j <= D; j++) {
    Dmat[j] = new Array(D + 1).fill(0);
    Dmat[j][j] = 1;
    dvec[j] = 0;
    Amat[j] = new Array(n + 1).fill(0);
  }
  for (let i = 1; i <= n; i++) {
    bvec[i] = 1;
    for (let j = 1; j <= d; j++) Amat[j][i] = -X[(i - 1) * d + j - 1];
    if (extended) Amat[D][i] = -1;
  }
  const r = solveQP(Dmat, dvec, Amat, bvec);
  return r.message === "" && r.solution ? { w: r.solution.slice(1) } : { message: r.message };
}

function draw(seed: number, n: number, d: number, sigma = 1): Float64Array {
  return gaussianDataset(normalStream(seed, 0, Stream.train), n, d, sigma).X;
}

function separable(r: SvmResult): Extract<SvmResult, { separable: true }> {
  if (!r.separable) throw new Error(`expected a separable result, got: ${r.reason}`);
  return r;
}

const norm = (v: ArrayLike<number>): number => Math.hypot(...Array.from(v));

/** Independent check of the primal: max_i (S·x_i + b) must be −1 (feasible, with at least one tight constraint). */
function maxConstraint(X: Float64Array, n: number, d: number, S: ArrayLike<number>, b = 0): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    let z = b;
    for (let j = 0; j < d; j++) z += S[j] * X[i * d + j];
    m = Math.max(m, z);
  }
  return m;
}

describe("hard-margin SVMs of the all-(−1) problem: S* with margin M = 1/‖S*‖, and the extended w_SVM (SPEC §3.3–3.4)", () => {
  it("solves small cases by hand: M = 2λ − 1 for the 1D toy, and S* = (1, ½) for x = (−1, 0), (0, −2), (−1, −1)", () => {
    for (const lambda of [0.55, 0.75, 0.9]) {
      const r = separable(svmThroughOrigin(Float64Array.from([-1, 1 - 2 * lambda]), 2, 1));
      // exact arithmetic on two scalars: a few ulp
      expect(Math.abs(r.margin - (2 * lambda - 1))).toBeLessThan(1e-14);
    }
    const r = separable(svmThroughOrigin(Float64Array.from([-1, 0, 0, -2, -1, -1]), 3, 2));
    // S*: constraints S₁ ≥ 1 and S₂ ≥ ½ are tight, (−1, −1) gives −1.5 < −1 and is not a support vector
    expect(Math.abs(r.S[0] - 1)).toBeLessThan(1e-14);
    expect(Math.abs(r.S[1] - 0.5)).toBeLessThan(1e-14);
    expect(r.supportVectors).toBe(2);
    expect(Math.abs(r.margin - 1 / Math.sqrt(1.25))).toBeLessThan(1e-14);
    // inseparable by hand: −1 and +1 in 1D, and a point at the origin itself
    expect(svmThroughOrigin(Float64Array.from([-1, 1]), 2, 1)).toMatchObject({ separable: false });
    expect(svmThroughOrigin(Float64Array.from([-1, -2, 0, 0]), 2, 2)).toMatchObject({ separable: false });
  });

  it("agrees with quadprog (Goldfarb–Idnani) on the margin to 1e-7 relative at N = 400, d ∈ {210, 260, 300}", () => {
    const n = 400;
    for (const d of [210, 260, 300]) {
      const X = draw(7, n, d);
      const own = separable(svmThroughOrigin(X, n, d));
      const ref = quadprogSvm(X, n, d, false);
      if (!("w" in ref)) throw new Error(`quadprog: ${ref.message}`);
      // the brief's acceptance: margins to 1e-7 (measured ~1e-15: both are exact active-set methods)
      expect(Math.abs(own.margin - 1 / norm(ref.w)) / own.margin).toBeLessThan(1e-7);
      // the SVM solution is unique (strictly convex objective): the weights agree too; 1e-6 allows cond(K_PP)·ε
      const diff = norm(own.S.map((v, j) => v - ref.w[j]));
      expect(diff / norm(own.S)).toBeLessThan(1e-6);
      expect(own.kktResidual).toBeLessThan(1e-8);
      // independent primal check: feasible and tight, max_i S·x_i = −1 to the KKT tolerance
      expect(Math.abs(maxConstraint(X, n, d, own.S) + 1)).toBeLessThan(1e-8);
    }
  });

  it("extended w_SVM agrees with quadprog and equals (M² S*, −1)/(1 + M²) exactly, so b/‖S‖ = −1/M", () => {
    // derivation (SPEC §3.4, exact, not asymptotic): for fixed b the best S is (1 + b)₊ S*; minimising
    // (1 + b)²/M² + b² over b gives b = −1/(1 + M²), S = M² S*/(1 + M²), and margin 1/‖w‖ = √(1 + M²)
    const n = 400;
    for (const d of [210, 260]) {
      const X = draw(7, n, d);
      const star = separable(svmThroughOrigin(X, n, d));
      const ext = separable(svmExtended(X, n, d));
      expect(ext.kktResidual).toBeLessThan(1e-8);
      const ref = quadprogSvm(X, n, d, true);
      if (!("w" in ref)) throw new Error(`quadprog: ${ref.message}`);
      // as above: exact solvers, 1e-7 is the brief's tolerance
      expect(Math.abs(ext.margin - 1 / norm(ref.w)) / ext.margin).toBeLessThan(1e-7);
      expect(Math.abs((ext.b ?? 0) - ref.w[d])).toBeLessThan(1e-9);
      const M2 = star.margin ** 2;
      // both solves have KKT residual ≲ 1e-11; ‖S_ext‖ = M/(1 + M²) can be ~1e-2, so 1e-8 relative to it
      expect(Math.abs((ext.b ?? 0) + 1 / (1 + M2))).toBeLessThan(1e-10);
      const sNorm = norm(ext.S);
      for (let j = 0; j < d; j++) expect(Math.abs(ext.S[j] - (M2 * star.S[j]) / (1 + M2))).toBeLessThan(1e-8 * sNorm);
      expect(Math.abs(ext.margin - Math.sqrt(1 + M2))).toBeLessThan(1e-10);
      expect(Math.abs((ext.b ?? 0) / sNorm + 1 / star.margin) * star.margin).toBeLessThan(1e-8);
    }
  });

  it("inseparable draws (λ = 0.3): separable: false with a convex-hull certificate, as quadprog reports infeasible", () => {
    const n = 400;
    const d = 120;
    for (const seed of [1, 2]) {
      const X = draw(seed, n, d);
      const own = svmThroughOrigin(X, n, d);
      expect(own.separable).toBe(false);
      if (!own.separable) expect(own.reason).toMatch(/convex hull/);
      expect(quadprogSvm(X, n, d, false)).toEqual({ message: "constraints are inconsistent, no solution!" });
      // the extended problem is always feasible (S = 0, b = −1); for an inseparable draw that is its solution,
      // the M → 0 end of (M² S*, −1)/(1 + M²). Degenerate optimum (all N constraints tight): 1e-9
      const ext = separable(svmExtended(X, n, d));
      expect(norm(ext.S)).toBeLessThan(1e-9);
      expect(Math.abs((ext.b ?? 0) + 1)).toBeLessThan(1e-9);
      const ref = quadprogSvm(X, n, d, true);
      if (!("w" in ref)) throw new Error(`quadprog: ${ref.message}`);
      expect(Math.abs(ref.w[d] + 1)).toBeLessThan(1e-9);
    }
  });

  it("says 'undecided' rather than guessing when the active-set cap is hit", () => {
    const r = svmThroughOrigin(draw(7, 400, 260), 400, 260, { maxIterations: 1 });
    expect(r.separable).toBe(false);
    if (!r.separable) expect(r.reason).toMatch(/^undecided/);
  });

  it("the margin is that of the data as drawn: M(σX) = σ·M(X) (SPEC §3.4)", () => {
    const n = 400;
    const d = 260;
    const base = separable(svmThroughOrigin(draw(9, n, d), n, d));
    for (const sigma of [0.1, 5]) {
      const r = separable(svmThroughOrigin(draw(9, n, d, sigma), n, d));
      // the same active-set path on scaled data: roundoff only, ~1e-13
      expect(Math.abs(r.margin / (sigma * base.margin) - 1)).toBeLessThan(1e-10);
    }
  });
});
