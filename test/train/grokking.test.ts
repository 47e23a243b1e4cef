import { describe, expect, it } from "vitest";
import { accuracyDefinition, CrossingTracker, lossDefinition } from "../../src/train/grokking.js";

describe("grokking time (SPEC §5): delay between the first training and first generalization crossings", () => {
  it("records the FIRST crossing of each metric only, even if the metric later falls back and recrosses", () => {
    const t = new CrossingTracker();
    const train = [false, false, true, false, true, true, true, true];
    const gen = [false, false, false, false, false, true, false, true];
    for (let epoch = 0; epoch < train.length; epoch++) t.observe(epoch, train[epoch], gen[epoch]);
    expect(t.result()).toEqual({ trainEpoch: 2, genEpoch: 5, delayEpochs: 3 });
  });

  it("delay is null while either metric has not crossed; done only when both have", () => {
    const t = new CrossingTracker();
    expect(t.done).toBe(false);
    expect(t.result()).toEqual({ trainEpoch: null, genEpoch: null, delayEpochs: null });
    t.observe(0, false, false);
    t.observe(10, true, false);
    expect(t.done).toBe(false);
    expect(t.result()).toEqual({ trainEpoch: 10, genEpoch: null, delayEpochs: null });
    t.observe(1000, true, true);
    expect(t.done).toBe(true);
    expect(t.result()).toEqual({ trainEpoch: 10, genEpoch: 1000, delayEpochs: 990 });
    // further observations change nothing
    t.observe(2000, false, false);
    t.observe(3000, true, true);
    expect(t.result()).toEqual({ trainEpoch: 10, genEpoch: 1000, delayEpochs: 990 });
  });

  it("no grokking: both metrics crossing at the same epoch gives delay 0; generalizing first gives a negative delay", () => {
    const same = new CrossingTracker();
    same.observe(0, false, false);
    same.observe(7, true, true);
    expect(same.result().delayEpochs).toBe(0);
    const genFirst = new CrossingTracker();
    genFirst.observe(3, false, true);
    genFirst.observe(9, true, true);
    expect(genFirst.result()).toEqual({ trainEpoch: 9, genEpoch: 3, delayEpochs: -6 });
  });

  it("the definitions printed with every number name the metric, the direction and the threshold", () => {
    expect(accuracyDefinition(0.9)).toContain("accuracy ≥ 0.9");
    expect(accuracyDefinition(0.95)).toContain("0.95");
    expect(lossDefinition(0.01)).toContain("loss ≤ 0.01");
    expect(lossDefinition(1e-50)).toContain("1e-50");
  });
});
