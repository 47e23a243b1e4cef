import { describe, expect, it } from "vitest";
import { defaultRunConfig } from "../../src/config/run.js";
import { ResultsStore } from "../../src/store/resultsStore.js";
import { runTraining } from "../../src/train/run.js";

const small = { ...defaultRunConfig, n: 24, d: 6, epochs: 50, testSize: 100 };

describe("results store", () => {
  it("returns a stored run exactly as it was saved", () => {
    const store = new ResultsStore(":memory:");
    const run = runTraining(small);
    const id = store.saveRun(run, { group: "g", wallSeconds: 0.1, version: "test" });
    const back = store.loadRun(id);
    expect(back.config).toEqual(run.config);
    expect(back.summary).toEqual(run.summary);
    expect(back.checkpoints).toEqual(run.checkpoints);
    expect(store.groups()).toEqual([{ group: "g", runs: 1 }]);
    store.close();
  });

  it("writes a run whole or not at all (a failing last checkpoint insert rolls the run back)", () => {
    const store = new ResultsStore(":memory:");
    const run = runTraining(small);
    // the last checkpoint cannot be bound (an object where a number belongs): the insert fails after the others
    const bad = { ...run.checkpoints[0], b: {} as unknown as number };
    const broken = { ...run, checkpoints: [...run.checkpoints, bad] };
    expect(() => store.saveRun(broken, { group: "g", wallSeconds: null, version: "test" })).toThrow();
    expect(store.runIds()).toEqual([]);
    expect(store.db.prepare("SELECT COUNT(*) AS k FROM checkpoints").get()).toEqual({ k: 0 });
    store.close();
  });
});

describe("results store keys checkpoints by position", () => {
  it("stores checkpoints that share an epoch (flow past t/η ≈ 1.8e308 gives epoch = Infinity)", () => {
    const store = new ResultsStore(":memory:");
    const run = runTraining(small);
    const twin = { ...run.checkpoints[1], epoch: Number.POSITIVE_INFINITY };
    const id = store.saveRun(
      { ...run, checkpoints: [...run.checkpoints, twin, twin] },
      { group: "g", wallSeconds: null, version: "t" },
    );
    expect(store.loadRun(id).checkpoints).toHaveLength(run.checkpoints.length + 2);
    store.close();
  });
});
