import { describe, expect, it } from "vitest";
import { normalStream } from "../../src/core/rng.js";
import {
  aggregateCheckpoints,
  aggregateFinal,
  bootstrapInterval,
  type CellData,
  defaultIntervalOptions,
  type IntervalOptions,
  quantileSorted,
  summarize,
  uniformStream,
} from "../../src/experiments/aggregate.js";
import type { Checkpoint } from "../../src/train/gd.js";
import type { RunSummary } from "../../src/train/run.js";

const se: IntervalOptions = { ...defaultIntervalOptions, method: "se" };
const boot: IntervalOptions = { method: "bootstrap", level: 0.95, resamples: 1000, seed: 7 };

describe("mean ± standard error", () => {
  it("matches the hand computation (exact to 1e-12: a few roundings)", () => {
    // mean 2.5, sample variance 5/3, SE = sqrt(5/3/4)
    const s = summarize([1, 2, 3, 4], se);
    const want = Math.sqrt(5 / 3 / 4);
    expect(s.count).toBe(4);
    expect(s.mean).toBe(2.5);
    expect(s.se).toBeCloseTo(want, 12);
    expect(s.lo).toBeCloseTo(2.5 - want, 12);
    expect(s.hi).toBeCloseTo(2.5 + want, 12);
  });

  it("leaves out nulls and non-finite values, and reports an unknown SE as null", () => {
    expect(summarize([1, null, Number.NaN, 3, Number.POSITIVE_INFINITY], se)).toMatchObject({ count: 2, mean: 2 });
    expect(summarize([5], se)).toEqual({ count: 1, mean: 5, se: null, lo: null, hi: null });
    expect(summarize([null, null], se)).toEqual({ count: 0, mean: null, se: null, lo: null, hi: null });
  });
});

describe("seeded bootstrap", () => {
  it("interpolates quantiles between order statistics (R type 7)", () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
  });

  it("draws uniforms in [0, 1) that depend on the seed and the stream path", () => {
    const a = uniformStream(1, 2);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    // mean of 1e4 uniforms: SD 0.0029, so 0.5 ± 0.015 is a 5-SD band
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 0.5)).toBeLessThan(0.015);
    expect(uniformStream(1, 2)()).toBe(xs[0]);
    expect(uniformStream(1, 3)()).not.toBe(xs[0]);
    expect(uniformStream(2, 2)()).not.toBe(xs[0]);
  });

  it("gives the same interval for the same seed, another for another seed, and a point for constant data", () => {
    const xs = [0.3, 1.2, -0.4, 2.2, 0.9, 1.1, 0.05];
    expect(bootstrapInterval(xs, boot, 0)).toEqual(bootstrapInterval(xs, boot, 0));
    expect(bootstrapInterval(xs, boot, 0)).not.toEqual(bootstrapInterval(xs, { ...boot, seed: 8 }, 0));
    expect(bootstrapInterval([2, 2, 2], boot)).toEqual([2, 2]);
  });

  it("agrees with mean ± 1.96 SE for many normal values", () => {
    const normal = normalStream(11);
    const xs = Array.from({ length: 400 }, () => normal());
    const s = summarize(xs, { ...boot, resamples: 4000 });
    const half = 1.96 * s.se!;
    // the bootstrap SE differs from the sample SE by a factor √((n−1)/n) ≈ 0.999, and 4000 resamples put ≈ 3%
    // Monte-Carlo error on a 2.5% quantile: 10% of the half-width is a safe band
    expect(Math.abs(s.lo! - (s.mean! - half))).toBeLessThan(0.1 * half);
    expect(Math.abs(s.hi! - (s.mean! + half))).toBeLessThan(0.1 * half);
  });

  it("covers the true mean about 95% of the time", () => {
    const normal = normalStream(5);
    let covered = 0;
    const trials = 400;
    for (let k = 0; k < trials; k++) {
      const xs = Array.from({ length: 30 }, () => 1 + normal());
      const s = summarize(xs, boot, k);
      if (s.lo! <= 1 && 1 <= s.hi!) covered++;
    }
    // the percentile bootstrap of a mean of 30 normals covers ≈ 0.935; the binomial SD over 400 trials is 0.012,
    // so [0.89, 0.98] is a ≈ 4-SD band that a broken interval (e.g. ± 1 SE, 0.68) cannot meet
    expect(covered / trials).toBeGreaterThan(0.89);
    expect(covered / trials).toBeLessThan(0.98);
  });
});

function checkpoint(epoch: number, trainAcc: number, b: number): Checkpoint {
  return {
    epoch,
    t: epoch / 100,
    log10_t: Math.log10(epoch / 100),
    train_loss: 1,
    log10_train_loss: 0,
    train_acc: trainAcc,
    pop_loss: 1,
    log10_pop_loss: 0,
    pop_acc: 0.5,
    test_loss: null,
    test_acc: null,
    norm_s: 1,
    sigma_norm_s: 1,
    b,
    b_over_sigma_norm_s: b,
  };
}

function cell(point: Record<string, number>, checkpoints: Checkpoint[], accDelay: number | null): CellData {
  const crossing = { trainEpoch: null, genEpoch: null, delayEpochs: accDelay, threshold: 0.9, definition: "d" };
  const summary = {
    status: "ok",
    epochs_run: 10,
    gradient_evaluations: 10,
    final: checkpoints.at(-1)!,
    grokking: { accuracy: crossing, loss: { ...crossing, delayEpochs: null } },
  } as RunSummary;
  return { point, summary, checkpoints };
}

describe("aggregation by grid point", () => {
  const cells = [
    cell({ lambda: 0.4 }, [checkpoint(1, 0.5, -1), checkpoint(10, 0.9, -2)], 100),
    cell({ lambda: 0.6 }, [checkpoint(1, 0.6, 0), checkpoint(10, 1, 0)], null),
    cell({ lambda: 0.4 }, [checkpoint(1, 0.7, -3), checkpoint(10, 1, -4)], 300),
    cell({ lambda: 0.4 }, [checkpoint(1, 0.9, -5)], null), // stopped early: one checkpoint only
  ];

  it("summarises the final state per point, in order of first appearance", () => {
    const rows = aggregateFinal(cells, se);
    expect(rows.map((r) => [r.lambda, r.n_cells])).toEqual([
      [0.4, 3],
      [0.6, 1],
    ]);
    expect(rows[0].b_mean).toBeCloseTo((-2 - 4 - 5) / 3, 12);
    expect(rows[0].grok_acc_delay_epochs_mean).toBe(200); // the null delay is left out...
    expect(rows[0].grok_acc_delay_epochs_count).toBe(2); // ...and the count says so
    expect(rows[0].test_acc_count).toBe(0);
    expect(rows[1].b_se).toBeNull();
    expect(rows[0].interval).toBe("mean ± 1 standard error over seeds");
  });

  it("summarises per checkpoint position, over the cells that reached it", () => {
    const rows = aggregateCheckpoints(cells, boot);
    expect(rows.map((r) => [r.lambda, r.checkpoint, r.n_cells, r.epoch])).toEqual([
      [0.4, 0, 3, 1],
      [0.4, 1, 2, 10],
      [0.6, 0, 1, 1],
      [0.6, 1, 1, 10],
    ]);
    expect(rows[0].train_acc_mean).toBeCloseTo(0.7, 12);
    expect(rows[1].train_acc_mean).toBeCloseTo(0.95, 12);
    expect(rows[0].train_acc_lo as number).toBeLessThanOrEqual(0.7);
    expect(rows[0].train_acc_hi as number).toBeGreaterThanOrEqual(0.7);
    expect(rows[0].interval).toMatch(/^95% percentile bootstrap .*\(1000 resamples, seed 7\)$/);
  });
});
