import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { beforeAll, describe, expect, it } from "vitest";
import { grokedge, MAIN, storeContents, tempDir } from "../helpers.js";

/** 9 cells of ≈ 0.3 s each: long enough to kill the sweep mid-way, short enough for CI. */
const SPEC = {
  name: "edge",
  seed: 1,
  replicates: 3,
  base: { N: 100, epochs: 10000, "test-size": 200, "per-decade": 4 },
  grid: { lambda: [0.3, 0.48, 0.52] },
};
const CELLS = 9;

/** Done cells in a store being written by another process (0 until its tables exist). */
function doneCells(path: string): number {
  if (!existsSync(path)) return 0;
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("SELECT COUNT(*) AS k FROM sweep_cells WHERE status = 'done'").get() as { k: number }).k;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Start the sweep, wait until its first cell is committed, send `signal`; resolves with its exit code and stderr. */
async function killAfterFirstCell(
  db: string,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [MAIN, "sweep", "run", specPath, "--db", db, "--workers", "2"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += String(d);
  });
  let code: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.on("close", (c) => {
      code = c;
      resolve();
    }),
  );
  while (doneCells(db) < 1 && code === undefined) await sleep(20);
  expect(code, `the sweep ended before its first cell: ${stderr}`).toBeUndefined();
  child.kill(signal);
  await exited;
  return { code: code ?? null, stderr };
}

let dir: string;
let specPath: string;
let reference: ReturnType<typeof storeContents>;

beforeAll(() => {
  dir = tempDir();
  specPath = join(dir, "spec.json");
  writeFileSync(specPath, JSON.stringify(SPEC));
  const r = grokedge(["sweep", "run", specPath, "--db", join(dir, "full.sqlite"), "--workers", "2", "--quiet"]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/sweep edge: 9 cells; ran 9 \(9 done, 0 failed\), 0 already done/);
  reference = storeContents(join(dir, "full.sqlite"));
  expect(reference.rows).toBe(CELLS);
});

describe("grokedge sweep run: resume", () => {
  it("resumes a sweep killed with SIGKILL: every cell once, the numbers of an uninterrupted run", async () => {
    const db = join(dir, "killed.sqlite");
    const { code } = await killAfterFirstCell(db, "SIGKILL");
    expect(code).toBeNull(); // killed by the signal, not ended on its own
    const partial = doneCells(db);
    expect(partial).toBeGreaterThanOrEqual(1);
    expect(partial).toBeLessThan(CELLS); // killed mid-way, not after the end

    const again = grokedge(["sweep", "run", specPath, "--db", db]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^error: sweep "edge" already has \d of these 9 cells recorded .*pass --resume/);

    const resumed = grokedge(["sweep", "run", specPath, "--db", db, "--resume", "--workers", "2", "--quiet"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(
      `ran ${CELLS - partial} (${CELLS - partial} done, 0 failed), ${partial} already done`,
    );
    const after = storeContents(db);
    expect(after.rows).toBe(CELLS);
    expect(after.runs).toBe(CELLS); // no orphan run from the killed cells
    expect(after.cells).toEqual(reference.cells);
  });

  it("stops on Ctrl-C (SIGINT) with every finished cell saved and says how to resume", async () => {
    const db = join(dir, "interrupted.sqlite");
    const { code, stderr } = await killAfterFirstCell(db, "SIGINT");
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted: finished cells are saved; rerun with --resume to finish "edge"/);
    const partial = storeContents(db);
    expect(partial.rows).toBeLessThan(CELLS);
    expect(partial.runs).toBe(partial.rows);
    for (const [key, cell] of partial.cells) expect(cell).toEqual(reference.cells.get(key));
  });

  it("refuses a grid with an invalid point before running any cell (exit code 2)", () => {
    const spec = join(dir, "fails.json");
    const bad = { name: "fails", base: { lambda: 0.5, epochs: 100, "test-size": 10 }, grid: { N: [20, 21, 22] } };
    writeFileSync(spec, JSON.stringify(bad));
    const db = join(dir, "fails.sqlite");
    const r = grokedge(["sweep", "run", spec, "--db", db, "--workers", "2"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: grid point N=21 of sweep "fails" is not a valid configuration (--lambda × --N must be a positive integer d (got 0.5 × 21 = 10.5)); 1 of 3 grid points are invalid: fix the spec\n',
    );
    expect(existsSync(db)).toBe(false);
  });
});

describe("grokedge sweep run --shard and sweep merge", () => {
  it("with --batch on 2 worker threads, records the numbers of one cell at a time", () => {
    // a grid over η: replicate r of the three points shares its draw, so the cells advance three at a time
    const lrSpec = join(dir, "lr.json");
    writeFileSync(
      lrSpec,
      JSON.stringify({
        ...SPEC,
        name: "lr",
        base: { ...SPEC.base, lambda: 0.48, epochs: 3000 },
        grid: { lr: [0.005, 0.01, 0.02] },
      }),
    );
    const one = join(dir, "lr-one.sqlite");
    const batched = join(dir, "lr-batched.sqlite");
    expect(grokedge(["sweep", "run", lrSpec, "--db", one, "--workers", "1", "--quiet"]).code).toBe(0);
    const r = grokedge(["sweep", "run", lrSpec, "--db", batched, "--workers", "2", "--batch", "3", "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    const [a, b] = [storeContents(one), storeContents(batched)];
    expect(b.rows).toBe(9);
    for (const [idx, cell] of a.cells) {
      const other = b.cells.get(idx)!;
      expect(other.status).toBe("done");
      expect(other.checkpoints).toBe(cell.checkpoints);
      expect(JSON.parse(other.summary)).toEqual(JSON.parse(cell.summary));
    }
  });

  it("splits a sweep 3 ways and merges the shards to the uninterrupted result", () => {
    const shards = [0, 1, 2].map((i) => join(dir, `shard${i}.sqlite`));
    for (const [i, db] of shards.entries()) {
      const r = grokedge(["sweep", "run", specPath, "--db", db, "--shard", `${i}/3`, "--workers", "1", "--quiet"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`shard ${i}/3 (3 of 9 cells)`);
      expect(storeContents(db).rows).toBe(3);
    }
    const status = grokedge(["sweep", "status", "edge", "--db", shards[1]]);
    expect(status.stdout).toContain("9 cells: 3 done, 0 failed, 6 missing");
    expect(status.stdout).toContain("missing: 0, 2-3, 5-6, 8");

    const out = join(dir, "merged.sqlite");
    const m = grokedge(["sweep", "merge", "--out", out, ...shards]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toContain("9 cells: 9 done, 0 failed, 0 missing");
    const merged = storeContents(out);
    expect(merged.runs).toBe(CELLS);
    expect(merged.cells).toEqual(reference.cells);

    const twice = grokedge(["sweep", "merge", "--out", out, shards[0]]);
    expect(twice.stdout).toContain("0 cell(s) copied, 3 already present");
    expect(storeContents(out).runs).toBe(CELLS);
  });

  it("refuses to merge a store into itself, a file that is not a store, or no --out", () => {
    const shard = join(dir, "shard0.sqlite");
    const self = grokedge(["sweep", "merge", "--out", shard, shard]);
    expect(self.code).toBe(2);
    expect(self.stderr).toMatch(/^error: --out must not be one of the stores merged/);
    writeFileSync(join(dir, "junk.sqlite"), "not sqlite");
    const junk = grokedge(["sweep", "merge", "--out", join(dir, "m2.sqlite"), join(dir, "junk.sqlite")]);
    expect(junk.code).toBe(2);
    expect(junk.stderr).toMatch(/^error: <stores> must be a grokedge results store \(got ".*junk.sqlite": /);
    const noOut = grokedge(["sweep", "merge", shard]);
    expect(noOut.stderr).toBe("error: --out is required: the merged store to create or merge into\n");
  });
});

describe("grokedge sweep export", () => {
  it("writes one CSV row per cell with its final state", () => {
    const r = grokedge(["sweep", "export", "edge", "--db", join(dir, "full.sqlite")]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(CELLS + 1);
    const header = lines[0].split(",");
    expect(header.slice(0, 5)).toEqual(["cell_index", "cell_key", "lambda", "replicate", "status"]);
    const row = Object.fromEntries(lines[4].split(",").map((v, i) => [header[i], v]));
    expect(row).toMatchObject({ cell_index: "3", lambda: "0.48", replicate: "0", status: "done", run_index: "0" });
    const cell3 = [...reference.cells.values()][3];
    expect(Number(row.pop_acc)).toBe(JSON.parse(cell3.summary).final.pop_acc);
  });

  it("writes Parquet that reads back with the same rows, and aggregates per grid point", async () => {
    const db = join(dir, "full.sqlite");
    const out = join(dir, "cells.parquet");
    const r = grokedge(["sweep", "export", "edge", "--db", db, "--format", "parquet", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const file = new Uint8Array(readFileSync(out)).buffer;
    const rows = (await parquetReadObjects({ file })) as Record<string, unknown>[];
    const csv = grokedge(["sweep", "export", "edge", "--db", db]).stdout.trim().split("\n");
    expect(rows).toHaveLength(CELLS);
    const header = csv[0].split(",");
    for (const [i, line] of csv.slice(1).entries()) {
      const values = line.split(",");
      expect(rows[i].cell_key).toBe(values[header.indexOf("cell_key")]);
      expect(rows[i].pop_acc).toBe(Number(values[header.indexOf("pop_acc")])); // both exact: CSV is round-trip
    }
    const keys = parquetMetadata(file).key_value_metadata?.map((kv) => kv.key);
    expect(keys).toEqual(expect.arrayContaining(["sweep", "sweep_key", "spec"]));

    const agg = join(dir, "agg.parquet");
    const a = grokedge([
      "sweep",
      "export",
      "edge",
      "--db",
      db,
      "--aggregate",
      "--interval",
      "bootstrap",
      "--format",
      "parquet",
      "--out",
      agg,
    ]);
    expect(a.code, a.stderr).toBe(0);
    const points = (await parquetReadObjects({ file: new Uint8Array(readFileSync(agg)).buffer })) as Record<
      string,
      number
    >[];
    expect(points.map((p) => [p.lambda, p.n_cells])).toEqual([
      [0.3, 3],
      [0.48, 3],
      [0.52, 3],
    ]);
    const accs = rows.filter((x) => x.lambda === 0.48).map((x) => x.pop_acc as number);
    expect(points[1].pop_acc_mean).toBeCloseTo(accs.reduce((s, x) => s + x, 0) / 3, 12);
    expect(points[1].pop_acc_lo).toBeLessThanOrEqual(points[1].pop_acc_mean);
    expect(points[1].pop_acc_hi).toBeGreaterThanOrEqual(points[1].pop_acc_mean);

    const perCheckpoint = grokedge(["sweep", "export", "edge", "--db", db, "--aggregate", "--checkpoints"]);
    const cpLines = perCheckpoint.stdout.trim().split("\n");
    expect(cpLines[0]).toMatch(/^lambda,checkpoint,n_cells,epoch,t,log10_t,train_loss_mean,/);
    const perCell = JSON.parse(reference.cells.values().next().value!.checkpoints).length;
    expect(cpLines).toHaveLength(3 * perCell + 1);
  });
});

describe("grokedge sweep: bad input", () => {
  it.each([
    [
      ["sweep", "run", "/nonexistent/spec.json"],
      'error: <spec> must be an existing file (got "/nonexistent/spec.json")',
    ],
    [
      ["sweep", "run", "SPEC", "--shard", "3/3"],
      'error: --shard must be i/n with integers 0 ≤ i < n, e.g. 0/4 (got "3/3")',
    ],
    [["sweep", "run", "SPEC", "--workers", "0"], "error: --workers must be an integer from 1 to 1024 (got"],
    [["sweep", "run", "SPEC", "--batch", "0"], "error: --batch must be an integer from 1 to 64 (got"],
    [
      ["sweep", "run", "SPEC", "--batch", "2", "--queue", "redis://127.0.0.1:9"],
      "error: --batch applies to local runs",
    ],
    [["sweep", "status", "nope", "--db", "FULL"], 'error: sweep "nope" is not in --db'],
    [["sweep", "export", "edge", "--db", "FULL", "--format", "parquet"], "error: --format parquet needs --out FILE"],
    [
      ["sweep", "export", "edge", "--db", "FULL", "--aggregate", "--level", "1"],
      "error: --level must be a number > 0 and < 1",
    ],
  ])("refuses %j with one line naming the parameter", (args, message) => {
    const argv = args.map((a) => (a === "SPEC" ? specPath : a === "FULL" ? join(dir, "full.sqlite") : a));
    const r = grokedge(argv);
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("names the spec file and key of a bad spec", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ ...SPEC, grid: { sigma: [1, "x"] } }));
    const r = grokedge(["sweep", "run", bad, "--db", join(dir, "bad.sqlite")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: "grid.sigma[1]" in ${bad} must be a positive number (got "x")\n`);
    writeFileSync(bad, "{ not json");
    expect(grokedge(["sweep", "run", bad]).stderr).toMatch(/^error: sweep spec ".*bad.json" is not valid JSON/);
  });
});
