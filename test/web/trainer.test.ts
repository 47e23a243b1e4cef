import { describe, expect, it } from "vitest";
import { defaultRunConfig, resolveRunConfig } from "../../src/config/run.js";
import { runTraining, trainingData, trainingSet } from "../../src/train/run.js";
import { webRunDefaults } from "../../src/web/state.js";
import { projections, type Snapshot, Trainer } from "../../src/web/trainer.js";

const config = (values: Record<string, unknown>) =>
  resolveRunConfig([{ values, namer: (f) => f.flag, where: "test" }], webRunDefaults);

/** Run a Trainer to the end in uneven slices. */
function sliced(t: Trainer): Snapshot[] {
  const out: Snapshot[] = [];
  const sizes = [1, 3, 7, 50, 333];
  for (let k = 0; !t.done; k++) out.push(...t.advance(sizes[k % sizes.length]).snapshots);
  return out;
}

describe("the explorer's resumable trainer", () => {
  for (const [optimizer, precision] of [
    ["gd", "f64"],
    ["adam", "f64"],
    ["gd", "f32"],
  ]) {
    it(`reproduces runTraining bit for bit (${optimizer}, X in ${precision}, sliced)`, () => {
      const c = config({ N: 60, lambda: 0.45, sigma: 3, epochs: 3000, optimizer, precision, seed: 3, "test-size": 50 });
      const lib = runTraining(c);
      const t = new Trainer(c);
      const snaps = sliced(t);
      expect(snaps.map((s) => s.row)).toEqual(lib.checkpoints);
      const last = t.advance(1);
      expect(last.accuracy.trainEpoch).toBe(lib.summary.grokking.accuracy.trainEpoch);
      expect(last.accuracy.genEpoch).toBe(lib.summary.grokking.accuracy.genEpoch);
      expect(last.loss.trainEpoch).toBe(lib.summary.grokking.loss.trainEpoch);
      expect(t.epoch).toBe(lib.summary.epochs_run);
    });
  }

  it("stops at a requested epoch and resumes from there", () => {
    const c = config({ N: 40, lambda: 0.5, epochs: 500 });
    const t = new Trainer(c);
    const first = t.advance(1e9, 100);
    expect(first.epoch).toBe(100);
    expect(first.done).toBe(false);
    expect(first.snapshots.at(-1)?.row.epoch).toBe(100);
    const rest = t.advance(1e9);
    expect(rest.done).toBe(true);
    expect(rest.snapshots.at(-1)?.row.epoch).toBe(500);
    expect(rest.snapshots.at(-1)?.projections.length).toBe(40);
  });
});

describe("projections of a labelled set held in constant-label form", () => {
  it("are those of its points x_i, bit for bit (the last column −y_i = ±1 undoes the flip)", () => {
    // n·(d + 1) ≥ 2^18: trainingSet draws the labelled set as rows −y_i (x_i, 1) in the kernel's memory
    const config = { ...defaultRunConfig, n: 600, d: 440, labelFraction: 0.9, testSize: 0 };
    const flipped = trainingSet(config);
    expect("constantLabelForm" in flipped).toBe(true);
    const plain = trainingData(config); // the same draw as x_i, with its labels
    const S = Float64Array.from({ length: config.d }, (_, j) => Math.sin(j + 1));
    const want = projections(plain, S);
    const got = projections(flipped, S);
    expect(got.length).toBe(600);
    for (let i = 0; i < 600; i++) if (!Object.is(got[i], want[i])) expect(got[i], `point ${i}`).toBe(want[i]);
  });
});
