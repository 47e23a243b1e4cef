/**
 * One run's gradient passes shared by threads (train/kernelThreads.ts): a pass over a large X is cut into a fixed
 * number of row blocks merged in a fixed order, so the run's numbers are the same, bit for bit, on 1 thread or many —
 * the same seed gives the same numbers on a laptop and on a 64-core node. `grokedge train` turns the helpers on only
 * in a process started with --no-concurrent-recompilation (cli/safeExit.ts: Node 20's exit deadlock), relaunching
 * itself once when needed. Runs the built CLI (worker threads load compiled JS).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { grokedge, MAIN } from "../helpers.js";

const DIST = dirname(dirname(MAIN));
/** N·d = 1200·360 = 432000 ≥ 2^18: every pass is cut into blocks (core/kernel/layout.ts splitsPass). */
const RUN = ["train", "--N", "1200", "--lambda", "0.3", "--epochs", "300", "--no-store", "--format", "json"];
const SHARED = /^each gradient pass shared by (\d+) threads$/m;

describe("kernel threads", () => {
  it("give bit-identical runs on 1, 2 and 3 threads, and train says how many threads share each pass", () => {
    const outs = ["1", "2", "3"].map((t) => grokedge([...RUN, "--threads", t]));
    for (const r of outs) expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(outs[0].stdout).checkpoints.length).toBeGreaterThan(5);
    expect(outs[1].stdout).toBe(outs[0].stdout);
    expect(outs[2].stdout).toBe(outs[0].stdout);
    // the line comes from the relaunched process, after it turned the helpers on
    expect(outs[0].stderr).not.toMatch(SHARED);
    expect(outs[1].stderr.match(SHARED)?.[1]).toBe("2");
    expect(outs[2].stderr.match(SHARED)?.[1]).toBe("3");
  });

  it("are not started for an X too small to split (no relaunch, no helper line)", () => {
    const r = grokedge(["train", "--N", "200", "--lambda", "0.3", "--epochs", "50", "--no-store", "--threads", "2"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(SHARED);
  });

  it("run blocks of large passes on the helpers, and none of small ones", () => {
    const child = new URL("./kernelThreadRounds.mjs", import.meta.url).pathname;
    const r = spawnSync(process.execPath, ["--no-concurrent-recompilation", child, DIST], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([0, 5]);
  });

  it("start in a process run with options a worker must not inherit (--input-type), instead of waiting forever", () => {
    // the same script read from stdin as a module: its --input-type=module would make a worker fail to start
    const child = new URL("./kernelThreadRounds.mjs", import.meta.url).pathname;
    const args = ["--no-concurrent-recompilation", "--input-type=module", "-", DIST];
    const r = spawnSync(process.execPath, args, { input: readFileSync(child), encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([0, 5]);
  });

  it("refuses --threads 0 with one line and exit 2", () => {
    const r = grokedge([...RUN, "--threads", "0"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error: --threads must be an integer from 1 to 256 (got "0")');
  });
});
