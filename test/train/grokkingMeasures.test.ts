import { describe, expect, it } from "vitest";
import type { Checkpoint } from "../../src/train/gd.js";
import { areaBetween, grokkingMeasures, steepestRise } from "../../src/train/grokkingMeasures.js";

const logistic = (z: number) => 1 / (1 + Math.exp(-z));
const softplus = (z: number) => Math.log1p(Math.exp(z));
const logit = (p: number) => Math.log(p / (1 - p));

/** A history on x = log10 t ∈ [x0, x1] at 10 checkpoints per decade, with t = 0 first (log10 t = −∞, ignored). */
function history(train: (x: number) => number, gen: (x: number) => number, x0 = -2, x1 = 8): Checkpoint[] {
  const rows: Checkpoint[] = [{ log10_t: -Infinity, train_acc: 0.5, pop_acc: 0.5 } as Checkpoint];
  for (let k = 0; x0 + k / 10 <= x1 + 1e-12; k++) {
    const x = x0 + k / 10;
    rows.push({ log10_t: x, train_acc: train(x), pop_acc: gen(x) } as Checkpoint);
  }
  return rows;
}

describe("threshold-free grokking measures (README: defined in log10 t, no threshold)", () => {
  // training fitted from x = 0 on (a step), A_gen a logistic rise from plateau p to 1 centred at c, width w decades
  const [p, c, w] = [0.5, 3.037, 0.3];
  const gen = (x: number) => p + (1 - p) * logistic((x - c) / w);
  const train = (x: number) => (x >= 0 ? 1 : 0.6);
  const m = grokkingMeasures(history(train, gen));

  it("places the steepest rise of A_gen at the logistic's centre, between checkpoints", () => {
    // the parabola through three slopes locates the maximum to a small fraction of the 0.1-decade spacing
    expect(Math.abs((m.log10_t_steepest as number) - c)).toBeLessThan(0.01);
    // the largest chord slope is within 1 % of the true maximum (1 − p)/(4w) per decade (chords average the peak)
    expect(m.steepest_slope as number).toBeCloseTo((1 - p) / (4 * w), 2);
  });

  it("takes the plateau at the end of memorisation, the limit at the end, and the half-way time in closed form", () => {
    expect(m.log10_t_memorised).toBe(0);
    expect(m.plateau).toBeCloseTo(gen(0), 12);
    expect(m.limit).toBeCloseTo(gen(8), 12);
    const level = 0.5 * (gen(0) + gen(8));
    const exact = c + w * logit((level - p) / (1 - p));
    // linear interpolation of a logistic between checkpoints 0.1 decade apart: error ≤ h²·max|y''|/(8·slope) ≈ 1e-3
    expect(Math.abs((m.log10_t_halfway as number) - exact)).toBeLessThan(2e-3);
    expect(m.halfway_delay_decades).toBeCloseTo(m.log10_t_halfway as number, 12);
  });

  it("integrates training minus population accuracy in decades (closed form of the logistic's integral)", () => {
    const [x0, x1] = [-2, 8];
    const trainInt = 0.6 * (0 - x0) + 1 * (x1 - 0);
    const genInt = p * (x1 - x0) + (1 - p) * w * (softplus((x1 - c) / w) - softplus((x0 - c) / w));
    // trapezoids of spacing h = 0.1: error ≤ (x1 − x0) h² max|y''| / 12 ≈ 1e-3, plus the step's half cell (0.02)
    expect(Math.abs((m.area_decades as number) - (trainInt - genInt))).toBeLessThan(0.025);
  });

  it("two equal steps d decades apart enclose an area of d decades", () => {
    const x = Array.from({ length: 101 }, (_, k) => k / 10);
    const s = (at: number) => x.map((v) => logistic((v - at) / 0.2));
    // the recorded range [0, 10] cuts the tails: 0.2·e^{−10} ≈ 1e-5 missing; trapezoids are exact to 1e-9 here
    expect(areaBetween(x, s(2), s(6.5))).toBeCloseTo(4.5, 4);
  });

  it("reports no steepest rise and no half-way time when A_gen never rises", () => {
    const flat = grokkingMeasures(history(train, () => 0.5));
    expect(flat.log10_t_steepest).toBeNull();
    expect(flat.log10_t_halfway).toBeNull();
    expect(steepestRise([0, 1, 2], [1, 0.9, 0.8])).toBeNull();
  });

  it("follows a falling A_gen half-way down as well (the limit below the plateau)", () => {
    const fall = grokkingMeasures(history(train, (x) => 1 - 0.5 * logistic((x - 4) / 0.25)));
    expect(Math.abs((fall.log10_t_halfway as number) - 4)).toBeLessThan(2e-3);
  });
});
