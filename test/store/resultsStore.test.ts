import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
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

describe("results store schema upgrades", () => {
  it("reads a version-0 store (checkpoints keyed by epoch) after upgrading it in place", () => {
    const path = join(mkdtempSync(join(tmpdir(), "grokedge-")), "old.sqlite");
    const old = new Database(path);
    old.exec(`CREATE TABLE runs (run_id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, run_group TEXT NOT NULL,
      n_points INTEGER NOT NULL, dim INTEGER NOT NULL, sigma REAL NOT NULL, lr REAL NOT NULL, epochs INTEGER NOT NULL,
      loss_name TEXT NOT NULL, seed INTEGER NOT NULL, run_index INTEGER NOT NULL, status TEXT NOT NULL, wall_seconds REAL,
      version TEXT NOT NULL, config_json TEXT NOT NULL, summary_json TEXT NOT NULL);
      CREATE TABLE checkpoints (run_id INTEGER NOT NULL, epoch REAL, t REAL, b REAL, PRIMARY KEY (run_id, epoch));`);
    old
      .prepare("INSERT INTO runs VALUES (1, 'x', 'g', 2, 1, 1, 0.1, 2, 'logistic', 0, 0, 'ok', null, 'v0', '{}', '{}')")
      .run();
    for (const [e, b] of [
      [2, -0.3],
      [0, 0],
      [1, -0.1],
    ]) {
      old.prepare("INSERT INTO checkpoints (run_id, epoch, t, b) VALUES (1, ?, ?, ?)").run(e, e / 10, b);
    }
    old.close();
    const store = new ResultsStore(path, { readonly: true });
    const run = store.loadRun(1);
    expect(run.checkpoints.map((c) => c.epoch)).toEqual([0, 1, 2]); // positions follow the old epoch order
    expect(run.checkpoints.map((c) => c.b)).toEqual([0, -0.1, -0.3]);
    store.close();
  });
});
