import { describe, expect, it } from "vitest";
import { checkpointEpochs } from "../../src/train/checkpoints.js";

describe("checkpoints: log-spaced epochs for plots against log t", () => {
  it("starts at 0, ends at the last epoch and is strictly increasing", () => {
    for (const [epochs, perDecade] of [
      [1, 10],
      [2, 10],
      [10, 10],
      [1000, 10],
      [3000, 10],
      [300_000, 10],
      [12345, 3],
      [100, 1],
      [50, 1000],
    ]) {
      const e = checkpointEpochs(epochs, perDecade);
      expect(e[0]).toBe(0);
      expect(e[e.length - 1]).toBe(epochs);
      for (let i = 1; i < e.length; i++) expect(e[i]).toBeGreaterThan(e[i - 1]);
      for (const x of e) expect(Number.isInteger(x)).toBe(true);
    }
  });

  it("0 epochs gives the single checkpoint 0; 1 epoch gives 0 and 1", () => {
    expect(checkpointEpochs(0, 10)).toEqual([0]);
    expect(checkpointEpochs(1, 10)).toEqual([0, 1]);
  });

  it("has perDecade checkpoints in each full decade [10^k, 10^{k+1}) once the spacing exceeds one epoch", () => {
    const perDecade = 10;
    const e = checkpointEpochs(1_000_000, perDecade);
    for (let k = 1; k < 6; k++) {
      const inDecade = e.filter((x) => x >= 10 ** k && x < 10 ** (k + 1)).length;
      // theory: round(10^{j/10}) for j = 10k … 10k+9 are distinct once 10^k·(10^{0.1} − 1) > 1, i.e. k ≥ 1
      expect(inDecade).toBe(perDecade);
    }
    // the first decade [1, 10) is deduplicated: at most perDecade distinct integers
    expect(e.filter((x) => x >= 1 && x < 10).length).toBeLessThanOrEqual(perDecade);
    for (const pd of [3, 5, 20]) {
      const f = checkpointEpochs(1_000_000, pd);
      expect(f.filter((x) => x >= 1e5 && x < 1e6).length).toBe(pd);
    }
  });

  it("checkpoints are log-spaced: consecutive ratios ≈ 10^{1/perDecade} away from the first decade", () => {
    const e = checkpointEpochs(1_000_000, 10);
    const r = 10 ** 0.1;
    for (let i = 1; i < e.length - 1; i++) {
      if (e[i - 1] < 100) continue;
      // rounding to integers changes each ratio by at most ~1/e[i−1] ≤ 1% relative
      expect(Math.abs(e[i] / e[i - 1] - r)).toBeLessThan(0.02);
    }
  });
});
