/**
 * kill -9 of a command that relaunched itself (train with helper threads, figure at the paper's size: cli/safeExit.ts)
 * leaves nothing running: the child notices its launcher is gone and ends itself (issue 17, defect 2), before it can
 * write --out or the store.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { alive, childrenOf, MAIN, tempDir } from "../helpers.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("kill -9 of a relaunched train", () => {
  it("ends the relaunched child too, and nothing is written", async () => {
    // the relaunch needs more than one core and an X that splits (N·d ≥ 2^18): 1000 × 300
    expect(availableParallelism()).toBeGreaterThan(1);
    const dir = tempDir();
    const out = join(dir, "run.json");
    const db = join(dir, "s.sqlite");
    const args = ["train", "--N", "1000", "--d", "300", "--epochs", "100000000", "--test-size", "0", "--quiet"];
    const launcher = spawn(process.execPath, [MAIN, ...args, "--out", out, "--db", db], { stdio: "ignore" });
    const pid = launcher.pid as number;
    let child: number | undefined;
    for (let k = 0; k < 100 && child === undefined; k++) {
      await sleep(100);
      child = childrenOf(pid)[0];
    }
    expect(child, "the launcher started its relaunched child").toBeDefined();
    await sleep(1000); // the child is training now
    process.kill(pid, "SIGKILL");
    // the watchdog checks twice a second
    for (let k = 0; k < 50 && alive(child as number); k++) await sleep(100);
    expect(alive(child as number)).toBe(false);
    expect(existsSync(out)).toBe(false);
  }, 30_000);
});
