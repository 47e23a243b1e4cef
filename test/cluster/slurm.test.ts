/**
 * SLURM job arrays for real: a single-node SLURM from Debian's packages (scripts/cluster/slurm-up.sh, every file in a
 * temp dir, stopped afterwards even when a test fails) runs examples/slurm-sweep.sh as an array of 3 shards. Checked:
 * the merged shards equal a local run; a shard killed mid-way (scancel --signal=KILL) is named cell by cell by
 * `sweep merge --check` (exit 1), and rerunning that shard alone completes the sweep with every cell once.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { doneCells, grokedge, killAll, MAIN, sleep, storeContents, tempDir, waitFor } from "./helpers.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const SCRIPT = join(ROOT, "examples/slurm-sweep.sh");

/** 12 cells of ≈ 0.4 s, 4 per shard. */
const SPEC = {
  name: "sedge",
  seed: 2,
  replicates: 4,
  base: { N: 100, epochs: 30000, "test-size": 200, "per-decade": 4 },
  grid: { lambda: [0.3, 0.48, 0.52] },
};
const CELLS = 12;
const SHARDS = 3;

let dir: string;
let slurmDir: string;
let specPath: string;
let reference: ReturnType<typeof storeContents>;
let env: NodeJS.ProcessEnv;

function slurm(cmd: string, args: string[], extra: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...env, ...extra } });
  expect(r.status, `${cmd} ${args.join(" ")}: ${r.stderr}`).toBe(0);
  return r.stdout.trim();
}

/** Submit examples/slurm-sweep.sh as an array; returns the array's job id. */
function submitArray(array: string, out: string, extra: NodeJS.ProcessEnv = {}): string {
  const args = ["--parsable", `--array=${array}`, "--output", join(dir, "slurm-%A_%a.out"), SCRIPT, specPath, out];
  return slurm("sbatch", args, { GROKEDGE: `${process.execPath} ${MAIN}`, ...extra }).split(";")[0];
}

/** The final state of every task of an array job once none is pending or running: task id → JobState. */
async function arrayStates(jobId: string, tasks: number): Promise<Map<number, string>> {
  for (;;) {
    const text = slurm("scontrol", ["-o", "show", "job", jobId]);
    const states = new Map<number, string>();
    for (const line of text.split("\n")) {
      const task = /ArrayTaskId=(\d+)\s/.exec(line);
      const state = /JobState=(\S+)/.exec(line);
      if (task && state) states.set(Number(task[1]), state[1]);
    }
    const running = [...states.values()].some((s) => /PENDING|RUNNING|COMPLETING|CONFIGURING/.test(s));
    if (states.size === tasks && !running) return states;
    await sleep(200);
  }
}

const shardStore = (out: string, i: number) => join(out, `shard-${i}.sqlite`);

beforeAll(() => {
  dir = tempDir();
  slurmDir = join(dir, "slurm");
  const up = spawnSync(join(ROOT, "scripts/cluster/slurm-up.sh"), [slurmDir], { encoding: "utf8" });
  expect(up.status, `could not start SLURM (scripts/cluster/slurm-up.sh): ${up.stderr}`).toBe(0);
  env = { ...process.env, SLURM_CONF: join(slurmDir, "slurm.conf") };
  specPath = join(dir, "spec.json");
  writeFileSync(specPath, JSON.stringify(SPEC));
  const r = grokedge(["sweep", "run", specPath, "--db", join(dir, "local.sqlite"), "--workers", "1", "--quiet"]);
  expect(r.code, r.stderr).toBe(0);
  reference = storeContents(join(dir, "local.sqlite"));
  expect(reference.rows).toBe(CELLS);
});

afterAll(async () => {
  if (slurmDir) spawnSync(join(ROOT, "scripts/cluster/slurm-down.sh"), [slurmDir]);
  await killAll();
});

describe("a sweep as a SLURM job array (examples/slurm-sweep.sh)", () => {
  it("runs 3 shards from the array task's environment; merged, they equal a local run", async () => {
    const out = join(dir, "array");
    const states = await arrayStates(submitArray(`0-${SHARDS - 1}`, out), SHARDS);
    expect([...states.values()]).toEqual(["COMPLETED", "COMPLETED", "COMPLETED"]);
    for (let i = 0; i < SHARDS; i++) {
      const shard = storeContents(shardStore(out, i));
      expect([...shard.cells.keys()]).toEqual([0, 1, 2, 3].map((k) => i + SHARDS * k)); // index ≡ i (mod 3)
    }
    const merged = join(out, "all.sqlite");
    const m = grokedge(["sweep", "merge", "--check", "--out", merged, ...[0, 1, 2].map((i) => shardStore(out, i))]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toContain("12 cells: 12 done, 0 failed, 0 missing");
    const got = storeContents(merged);
    expect(got.runs).toBe(CELLS);
    expect(got.cells).toEqual(reference.cells);
  });

  it("fault: a shard killed mid-way is named by merge --check; rerunning that shard alone completes it", async () => {
    const out = join(dir, "killed");
    const jobId = submitArray(`0-${SHARDS - 1}`, out);
    await waitFor(() => doneCells(shardStore(out, 1)) >= 1, "shard 1's first cell");
    slurm("scancel", ["--signal=KILL", "--full", `${jobId}_1`]);
    const states = await arrayStates(jobId, SHARDS);
    expect(states.get(1)).not.toBe("COMPLETED");
    const kept = storeContents(shardStore(out, 1));
    expect(kept.rows).toBeLessThan(CELLS / SHARDS);
    expect(kept.runs).toBe(kept.rows); // the killed cell left no orphan run
    for (const [index, cell] of kept.cells) expect(cell).toEqual(reference.cells.get(index));

    const stores = [0, 1, 2].map((i) => shardStore(out, i));
    const partial = grokedge(["sweep", "merge", "--check", "--out", join(out, "partial.sqlite"), ...stores]);
    const lost = [1, 4, 7, 10].filter((i) => !kept.cells.has(i));
    expect(partial.code).toBe(1);
    expect(partial.stderr).toBe(
      `error: sweep sedge: ${lost.length} of 12 cells not done, missing: ${lost.join(", ")}\n`,
    );

    const rerun = await arrayStates(submitArray("1", out, { GROKEDGE_SHARD_COUNT: String(SHARDS) }), 1);
    expect([...rerun.values()]).toEqual(["COMPLETED"]);
    const merged = join(out, "all.sqlite");
    const m = grokedge(["sweep", "merge", "--check", "--out", merged, ...stores]);
    expect(m.code, m.stderr).toBe(0);
    const got = storeContents(merged);
    expect(got.runs).toBe(CELLS);
    expect(got.cells).toEqual(reference.cells);
  });
});
