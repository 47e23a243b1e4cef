import { describe, expect, it } from "vitest";
import { defaultRunConfig, dimensionFromLambda, type RunConfig } from "../../src/config/run.js";
import { NEGLIGIBLE_STRATUM, stratifiedDraws, wendelWeightedMean } from "../../src/experiments/separabilityStrata.js";
import { mean, standardError } from "../../src/experiments/stats.js";
import { decideSeparability } from "../../src/theory/separability.js";
import { wendelProbability } from "../../src/theory/wendel.js";
import { trainingData } from "../../src/train/run.js";

/** The oracle: the exact LP alone (stratifiedDraws decides by Newton first and the LP only when Newton is unsure). */
async function separableByLp(c: RunConfig): Promise<boolean> {
  const { X, n, d } = trainingData(c);
  const r = await decideSeparability(X, n, d);
  if (r.separable === null) throw new Error("undecided");
  return r.separable;
}

describe("draws stratified by separability hold Wendel's share of separable draws (Fig. 1 at N = 400, σ = 5)", () => {
  const config = { ...defaultRunConfig, n: 400, d: dimensionFromLambda(0.52, 400), sigma: 5 };

  it("λ = 0.52, 24 draws: round(24·0.788) = 19 separable and 5 not, each the first of its kind by run index", async () => {
    const s = await stratifiedDraws(config, 24);
    expect(s.pSeparable).toBe(wendelProbability(400, 208).probability);
    expect(s.separable.filter(Boolean)).toHaveLength(19);
    expect(s.runIndices).toHaveLength(24);
    expect(s.runIndices).toEqual([...s.runIndices].sort((a, b) => a - b));
    expect(s.runIndices.at(-1)).toBe(s.scanned - 1);
    // outcome-blind first-come rule, checked against the LP on every index examined: an index is taken exactly
    // when its stratum still has room
    const room = { sep: 19, insep: 5 };
    const taken: number[] = [];
    for (let r = 0; r < s.scanned; r++) {
      const key = (await separableByLp({ ...config, runIndex: r })) ? "sep" : "insep";
      if (room[key] > 0) {
        room[key]--;
        taken.push(r);
      }
    }
    expect(taken).toEqual(s.runIndices);
    expect(room).toEqual({ sep: 0, insep: 0 });
  });

  it("far below ½ (λ = 0.05, P(separable) ~ 1e-88) the stratified draws are run indices 0 … n−1, all inseparable", async () => {
    const c = { ...config, d: 20 };
    expect(wendelProbability(400, 20).probability).toBeLessThan(NEGLIGIBLE_STRATUM);
    const s = await stratifiedDraws(c, 6);
    expect(s.runIndices).toEqual([0, 1, 2, 3, 4, 5]);
    expect(s.separable).toEqual(Array(6).fill(false));
    // taken from Wendel without an LP there; the LP agrees
    for (const r of s.runIndices) expect(await separableByLp({ ...c, runIndex: r })).toBe(false);
  });
});

describe("the Wendel-weighted mean over separable and inseparable draws", () => {
  it("is P·mean(separable) + (1−P)·mean(inseparable), with SE √Σ w²·s²/n (hand computation; float error only)", () => {
    const w = wendelWeightedMean([0.7, 0.8, 0.9, 1.0], { separable: [true, true, false, false], pSeparable: 0.75 });
    // strata means 0.75 and 0.95; each stratum's s²/n = 0.005/2
    expect(w.mean).toBeCloseTo(0.75 * 0.75 + 0.25 * 0.95, 14);
    expect(w.se).toBeCloseTo(Math.sqrt(0.75 ** 2 * 0.0025 + 0.25 ** 2 * 0.0025), 14);
    expect(w).toMatchObject({ separable: 2, inseparable: 2, stratified: true });
  });

  it("equals the plain mean when the draws hold the strata in Wendel's proportion (float error only)", () => {
    const xs = [0.71, 0.65, 0.8, 0.77, 0.69, 0.74, 0.97, 0.93];
    const w = wendelWeightedMean(xs, {
      separable: [true, true, true, true, true, true, false, false],
      pSeparable: 0.75,
    });
    expect(w.mean).toBeCloseTo(mean(xs), 14);
    // without the between-strata spread the SE is smaller than the plain one
    expect(w.se).toBeLessThan(standardError(xs));
  });

  it("corrects an unlucky draw: 4 separable of 8 where Wendel expects 6 moves the mean towards the separable plateau", () => {
    const xs = [0.7, 0.72, 0.68, 0.7, 0.95, 0.97, 0.93, 0.95];
    const w = wendelWeightedMean(xs, {
      separable: [true, true, true, true, false, false, false, false],
      pSeparable: 0.75,
    });
    expect(mean(xs)).toBeCloseTo(0.825, 14);
    expect(w.mean).toBeCloseTo(0.75 * 0.7 + 0.25 * 0.95, 14);
  });

  it("drops a stratum without draws and falls back to the plain mean when one holds a single draw", () => {
    const all = wendelWeightedMean([0.9, 1, 0.95], { separable: [false, false, false], pSeparable: 1e-90 });
    expect(all).toMatchObject({ mean: mean([0.9, 1, 0.95]), stratified: true });
    expect(all.se).toBeCloseTo(standardError([0.9, 1, 0.95]), 15);
    const lone = wendelWeightedMean([0.7, 0.9, 1], { separable: [true, false, false], pSeparable: 0.8 });
    expect(lone).toMatchObject({ mean: mean([0.7, 0.9, 1]), se: standardError([0.7, 0.9, 1]), stratified: false });
  });
});
