import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resolveRunConfig } from "../../src/config/run.js";
import { flagNamer, UsageError } from "../../src/config/schema.js";
import {
  gridPoint,
  parseShard,
  parseSweepSpec,
  pointCount,
  type SweepCell,
  shardCells,
  specToJson,
  sweepCells,
  sweepKey,
} from "../../src/experiments/sweep.js";
import { SweepRun, WHOLE_SWEEP } from "../../src/experiments/sweepRun.js";
import { groupCells, runSweep } from "../../src/experiments/sweepRunner.js";
import { ResultsStore } from "../../src/store/resultsStore.js";
import { runTraining } from "../../src/train/run.js";

const raw = {
  name: "t",
  seed: 3,
  replicates: 2,
  base: { N: 40, epochs: 200, "test-size": 50 },
  grid: { lambda: [0.25, 0.5], sigma: [1, 2, 5] },
};

describe("sweep spec", () => {
  it("reads a spec and writes it back to the same spec", () => {
    const spec = parseSweepSpec(raw, "s.json");
    expect(spec.grid).toEqual([
      ["lambda", [0.25, 0.5]],
      ["sigma", [1, 2, 5]],
    ]);
    expect(parseSweepSpec(JSON.parse(JSON.stringify(specToJson(spec))))).toEqual(spec);
  });

  it.each([
    [{ ...raw, extra: 1 }, 'unknown key "extra" in s.json'],
    [{ ...raw, name: "a b" }, '"name" in s.json must be 1–100 letters'],
    [{ ...raw, replicates: 0 }, '"replicates" in s.json must be an integer from 1 to 100000 (got 0)'],
    [{ ...raw, grid: { sigma: [1, -2] } }, '"grid.sigma[1]" in s.json must be a positive number (got -2)'],
    [{ ...raw, grid: { sigmaa: [1] } }, 'unknown key "sigmaa" in "grid" of s.json'],
    [{ ...raw, grid: { sigma: [] } }, '"grid.sigma" in s.json must be a non-empty list'],
    [{ ...raw, grid: { sigma: [1, 1] } }, '"grid.sigma" in s.json must not repeat a value (got 1 twice)'],
    [{ ...raw, grid: { seed: [1, 2] } }, '"grid.seed" in s.json is not allowed'],
    [{ ...raw, base: { "run-index": 1 } }, '"base.run-index" in s.json is not allowed'],
    [{ ...raw, base: { N: "x" } }, '"base.N" in s.json must be a positive integer (got "x")'],
    [{ ...raw, grid: { d: [1], lambda: [0.5] } }, "may vary d or lambda, not both"],
    [{ ...raw, replicates: 1000, grid: { N: Array.from({ length: 2000 }, (_, i) => i + 1) } }, "at most 1000000 cells"],
  ])("refuses a bad spec with one line naming the key (%#)", (bad, message) => {
    expect(() => parseSweepSpec(bad, "s.json")).toThrow(UsageError);
    expect(() => parseSweepSpec(bad, "s.json")).toThrow(message);
  });
});

describe("the example spec", () => {
  it("is a valid sweep whose every cell runs", () => {
    const path = new URL("../../examples/sweep-edge.json", import.meta.url);
    const spec = parseSweepSpec(JSON.parse(readFileSync(path, "utf8")), "examples/sweep-edge.json");
    const cells = sweepCells(spec);
    expect(cells).toHaveLength(32);
    expect(cells.every((c) => c.config !== null)).toBe(true);
  });

  it("the η scan is valid, and its cells group in fours by replicate under --batch 4", () => {
    const path = new URL("../../examples/sweep-lr.json", import.meta.url);
    const spec = parseSweepSpec(JSON.parse(readFileSync(path, "utf8")), "examples/sweep-lr.json");
    const cells = sweepCells(spec);
    expect(cells).toHaveLength(16);
    // cell p·4 + r is (η_p, replicate r): replicate r's four η form one task
    expect(groupCells(cells, 4)).toEqual([0, 1, 2, 3].map((r) => [r, 4 + r, 8 + r, 12 + r]));
  });
});

describe("sweep cells", () => {
  const spec = parseSweepSpec(raw, "s.json");
  const cells = sweepCells(spec);

  it("enumerates grid points (last key fastest) × replicates (fastest)", () => {
    expect(pointCount(spec)).toBe(6);
    expect(cells).toHaveLength(12);
    expect(cells.map((c) => [c.point.lambda, c.point.sigma, c.replicate]).slice(0, 5)).toEqual([
      [0.25, 1, 0],
      [0.25, 1, 1],
      [0.25, 2, 0],
      [0.25, 2, 1],
      [0.25, 5, 0],
    ]);
    expect(gridPoint(spec, 5)).toEqual({ lambda: 0.5, sigma: 5 });
    expect(cells.map((c) => c.index)).toEqual(cells.map((_, i) => i));
  });

  it("runs cell (point, replicate r) as `train --seed S --run-index r` with the base and point flags", () => {
    const cell = cells[9]; // point 4 = (lambda 0.5, sigma 2), replicate 1
    const flags = { N: "40", epochs: "200", "test-size": "50", lambda: "0.5", sigma: "2", seed: "3", "run-index": "1" };
    const train = resolveRunConfig([{ values: flags, namer: flagNamer, where: "the command line" }]);
    expect(cell.config).toEqual(train);
    expect(cell.config).toMatchObject({ n: 40, d: 20, sigma: 2, seed: 3, runIndex: 1 });
  });

  it("gives stable keys that change with anything that changes the numbers", () => {
    const key = sweepKey(spec);
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(sweepKey(parseSweepSpec(raw))).toBe(key);
    expect(cells[4].key).toBe(`${key}:4`);
    expect(new Set(cells.map((c) => c.key)).size).toBe(cells.length);
    const variants = [
      { ...raw, seed: 4 },
      { ...raw, name: "u" },
      { ...raw, base: { ...raw.base, epochs: 201 } },
      { ...raw, grid: { sigma: [1, 2, 5], lambda: [0.25, 0.5] } }, // same points, another cell order
    ];
    for (const v of variants) expect(sweepKey(parseSweepSpec(v))).not.toBe(key);
  });

  it("marks an invalid combination of base and point as the cell's error, not a spec error", () => {
    const s = parseSweepSpec({ name: "x", base: { lambda: 0.5, epochs: 10 }, grid: { N: [40, 41] } });
    const [ok, bad] = sweepCells(s);
    expect(ok.config?.d).toBe(20);
    expect(bad.config).toBeNull();
    expect(bad.error).toMatch(/positive integer d \(got 0.5 × 41 = 20.5\)/);
    const allBad = parseSweepSpec({ name: "x", base: { lambda: 0.5 }, grid: { N: [41, 43] } });
    expect(() => sweepCells(allBad)).toThrow(/no grid point of sweep "x" is a valid configuration/);
  });
});

describe("shards", () => {
  it("parses i/n and refuses anything else with the allowed form", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    for (const bad of ["3/3", "1/0", "-1/2", "a/b", "1", "1/2/3"]) {
      expect(() => parseShard(bad)).toThrow(`--shard must be i/n with integers 0 ≤ i < n, e.g. 0/4 (got "${bad}")`);
    }
  });

  it("splits the cells into disjoint slices that cover them all", () => {
    const cells = sweepCells(parseSweepSpec(raw));
    const slices = [0, 1, 2, 3, 4].map((index) => shardCells(cells, { index, count: 5 }));
    const indices = slices.flatMap((s) => s.map((c) => c.index)).sort((a, b) => a - b);
    expect(indices).toEqual(cells.map((c) => c.index));
    expect(slices.map((s) => s.length)).toEqual([3, 3, 2, 2, 2]);
  });
});

describe("sweep runner (in this thread)", () => {
  const spec = parseSweepSpec({
    name: "r",
    replicates: 2,
    base: { lambda: 0.5, epochs: 100, "test-size": 20 },
    grid: { N: [20, 21] },
  });
  const key = sweepKey(spec);
  const opts = { workers: 1 };
  /** A run of `slice` (of these cells) into the store. */
  const sweepRun = (store: ResultsStore, cells: SweepCell[], slice = cells) =>
    new SweepRun(store, { spec, key, cells, shard: WHOLE_SWEEP, slice }, "test");

  it("records done cells with the numbers of a lone run, and failed cells with their message", async () => {
    const store = new ResultsStore(":memory:");
    store.saveSweep({ key, name: "r", specJson: "{}", cells: 4, version: "test" });
    const cells = sweepCells(spec, key);
    // a cell that passes validation but throws at run time (a negative size cannot be allocated)
    cells[1] = { ...cells[1], config: { ...cells[1].config!, n: -1 } };
    const seen: string[] = [];
    const report = await runSweep(sweepRun(store, cells), {
      ...opts,
      onCell: (r) => seen.push(`${r.cell.index}:${r.status}`),
    });
    expect(report).toEqual({ skipped: 0, done: 1, failed: 3 });
    expect(seen.sort()).toEqual(["0:done", "1:failed", "2:failed", "3:failed"]);
    const rows = store.sweepCells(key);
    expect(rows.map((r) => r.status)).toEqual(["done", "failed", "failed", "failed"]);
    expect(rows[1].error).toMatch(/length/i);
    expect(rows[2].error).toMatch(/positive integer d/);
    const stored = store.loadRun(rows[0].runId!);
    const alone = runTraining(cells[0].config!);
    expect(stored.checkpoints).toEqual(alone.checkpoints);
    expect(stored.summary).toEqual(alone.summary);
    expect(stored.group).toBe("sweep:r");
    store.close();
  });

  it("on resume runs only missing and failed cells, counting attempts", async () => {
    const store = new ResultsStore(":memory:");
    store.saveSweep({ key, name: "r", specJson: "{}", cells: 4, version: "test" });
    const cells = sweepCells(spec, key);
    await runSweep(sweepRun(store, cells, cells.slice(0, 1)), opts); // a first run stopped after cell 0
    expect(
      sweepRun(store, cells)
        .pending()
        .map((c) => c.index),
    ).toEqual([1, 2, 3]);
    const report = await runSweep(sweepRun(store, cells), opts);
    expect(report).toEqual({ skipped: 1, done: 1, failed: 2 });
    await runSweep(sweepRun(store, cells), opts);
    const rows = store.sweepCells(key);
    expect(rows.map((r) => r.attempts)).toEqual([1, 1, 2, 2]);
    expect(store.runIds()).toHaveLength(2); // one run per done cell, none duplicated
    store.close();
  });
});

describe("batched sweep cells (--batch)", () => {
  // replicate r of every grid point shares its draw (common random numbers): cells 0, 2, 4 (r = 0) and 1, 3, 5 can
  // advance together; the flow point cannot share (gradient flow has no batched form)
  const spec = parseSweepSpec({
    name: "b",
    replicates: 2,
    base: { N: 40, lambda: 0.4, epochs: 300, "test-size": 50 },
    grid: { lr: [0.01, 0.05, 0.2], optimizer: ["gd", "flow"] },
  });
  const key = sweepKey(spec);

  it("groups cells that share their data, up to the batch size, in order; others run alone", () => {
    const cells = sweepCells(spec, key);
    // points: (0.01,gd) (0.01,flow) (0.05,gd) (0.05,flow) (0.2,gd) (0.2,flow), 2 replicates each
    expect(groupCells(cells, 1)).toEqual(cells.map((_, i) => [i]));
    expect(groupCells(cells, 3)).toEqual([[0, 4, 8], [1, 5, 9], [2], [3], [6], [7], [10], [11]]);
    expect(groupCells(cells, 2)).toEqual([[0, 4], [1, 5], [2], [3], [6], [7], [8], [9], [10], [11]]);
  });

  it("records, batched, the same numbers as one cell at a time", async () => {
    const results = [];
    for (const batch of [1, 3]) {
      const store = new ResultsStore(":memory:");
      store.saveSweep({ key, name: "b", specJson: "{}", cells: 12, version: "test" });
      const cells = sweepCells(spec, key);
      const run = new SweepRun(store, { spec, key, cells, shard: WHOLE_SWEEP, slice: cells }, "t");
      const report = await runSweep(run, { workers: 1, batch });
      expect(report).toEqual({ skipped: 0, done: 12, failed: 0 });
      results.push(
        store.sweepCells(key).map((c) => {
          const run = store.loadRun(c.runId!);
          return JSON.stringify([c.index, run.checkpoints, run.summary]);
        }),
      );
      store.close();
    }
    expect(results[1]).toEqual(results[0]);
  });
});
