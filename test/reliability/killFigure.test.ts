/**
 * kill -9 of `figure` at any moment (issue 17): no process is left, no file is half-written (each of the four files
 * is written atomically: what is there is a whole file), the store stays a sound SQLite database, and a rerun
 * completes. The moments: at 10, 30 and 60 % of a whole run's time, and among the file writes (right after the first
 * file is rewritten).
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { alive, childrenOf, grokedge, MAIN, tempDir } from "../helpers.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const descendants = (pid: number): number[] => childrenOf(pid).flatMap((k) => [k, ...descendants(k)]);

/**
 * Each file present is whole: JSON parses, SVG closes, PNG ends with its IEND chunk, CSV ends with a newline. A kill
 * that lands inside a write leaves that write's `.NAME.PID.tmp` (the next write of NAME removes it, atomicFile.ts):
 * allowed only for processes killed so far (`killedPids`), and never after the rerun (none given).
 */
function expectWholeFiles(dir: string, killedPids: readonly number[] = []): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (name.endsWith(".tmp")) {
      const pid = Number(name.split(".").at(-2));
      expect(killedPids, `${name}: a temp file of a live process, or left after the rerun`).toContain(pid);
      continue;
    }
    const body = readFileSync(join(dir, name));
    if (name.endsWith(".json")) expect(() => JSON.parse(body.toString("utf8")), name).not.toThrow();
    if (name.endsWith(".svg")) expect(body.toString("utf8").trimEnd().endsWith("</svg>"), name).toBe(true);
    if (name.endsWith(".png")) expect(body.subarray(-8).toString("latin1"), name).toBe("IEND\xaeB`\x82");
    if (name.endsWith(".csv")) expect(body.toString("utf8").endsWith("\n"), name).toBe(true);
  }
}

function expectSoundStore(path: string): void {
  if (!existsSync(path)) return;
  const db = new Database(path, { readonly: true });
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
  } finally {
    db.close();
  }
}

describe("kill -9 of figure", () => {
  it("leaves no process and no half-written file at any moment, and a rerun completes", async () => {
    const dir = tempDir();
    const db = join(dir, "s.sqlite");
    const figDir = join(dir, "fig4");
    const args = [MAIN, "figure", "4", "--size", "smoke", "--out-dir", dir, "--db", db, "--quiet"];
    // a whole run first: its duration T places the kills (10 %, 30 %, 60 % of T) on any machine
    const start = Date.now();
    const whole = grokedge(args.slice(1));
    expect(whole.code, whole.stderr).toBe(0);
    const T = Date.now() - start;
    // the last kill lands as soon as this run has rewritten one of the four files: among the writes
    const rewritten = (since: number) =>
      readdirSync(figDir).some((f) => !f.endsWith(".tmp") && statSync(join(figDir, f)).mtimeMs >= since);
    let killed = 0;
    const killedPids: number[] = [];
    for (const frac of [0.1, 0.3, 0.6, -1]) {
      const t0 = Date.now();
      const fig = spawn(process.execPath, args, { stdio: "ignore" });
      const exited = new Promise((r) => fig.once("close", r));
      const due = () => (frac < 0 ? rewritten(t0) : Date.now() - t0 >= frac * T);
      let family: number[] = [];
      while (fig.exitCode === null && !due()) {
        family = descendants(fig.pid as number);
        await sleep(5);
      }
      if (fig.exitCode === null) killed++; // else it finished early this time: nothing to kill
      fig.kill("SIGKILL");
      killedPids.push(fig.pid as number);
      await exited;
      for (let i = 0; i < 50 && family.some(alive); i++) await sleep(100);
      expect(family.filter(alive), `processes left after the kill at ${frac}`).toEqual([]);
      expectWholeFiles(figDir, killedPids);
      expectSoundStore(db);
    }
    expect(killed, "kills that landed while the figure ran").toBeGreaterThanOrEqual(3);
    const again = grokedge(args.slice(1));
    expect(again.code, again.stderr).toBe(0);
    expect(readdirSync(figDir).sort()).toEqual(["fig4.csv", "fig4.json", "fig4.png", "fig4.svg"]);
    expectWholeFiles(figDir);
    expectSoundStore(db);
  }, 240_000);
});
