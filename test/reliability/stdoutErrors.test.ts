// Output that cannot be written is one line on stderr and exit 1, never a stack trace; a reader that stops early
// (`| head`) ends the run quietly with exit 0 (issue 17, defect 8).
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { grokedge, MAIN, tempDir } from "../helpers.js";

/** Run the CLI under bash with its stdout sent where `redirect` says; returns the CLI's own exit code. */
function shell(args: string, redirect: string): { code: number; stderr: string } {
  const r = spawnSync("bash", ["-c", `"${process.execPath}" "${MAIN}" ${args} ${redirect}; exit \${PIPESTATUS[0]}`], {
    encoding: "utf8",
  });
  return { code: r.status ?? -1, stderr: r.stderr };
}

const TRAIN = "train --N 20 --d 5 --epochs 10 --test-size 10 --no-store --quiet";

describe("stdout that cannot be written", () => {
  it("/dev/full: wendel, toy1d, export and train --format csv print one line and exit 1", () => {
    expect(existsSync("/dev/full")).toBe(true);
    const dir = tempDir();
    const db = join(dir, "s.sqlite");
    expect(
      grokedge(["train", "--N", "20", "--d", "5", "--epochs", "10", "--test-size", "10", "--quiet", "--db", db]).code,
    ).toBe(0);
    for (const args of [
      "wendel",
      "toy1d --no-store --t-max 1e3 --json",
      `export --db ${db}`,
      `${TRAIN} --format csv`,
    ]) {
      const r = shell(args, "> /dev/full");
      expect(r.code, args).toBe(1);
      expect(r.stderr, args).toBe("error: cannot write the output to stdout: ENOSPC: no space left on device, write\n");
    }
  });

  it("--out /dev/full (written through, not replaced) is one line naming the failure, exit 1", () => {
    // our own "full" device (major 1, minor 7) in a temporary folder: a writer that regressed to replacing what --out
    // names must not replace the machine's /dev/full (tests run as root)
    const full = join(tempDir(), "full");
    expect(spawnSync("mknod", ["-m", "666", full, "c", "1", "7"]).status).toBe(0);
    const r = grokedge([...TRAIN.split(" "), "--out", full]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("error: ENOSPC: no space left on device, write\n");
    expect(statSync(full).isCharacterDevice()).toBe(true);
  });

  it("a reader that stops early (| head -c 5) ends the run quietly with exit 0", () => {
    // 300 kB of output: far more than a pipe holds, so the writer meets the closed pipe (EPIPE)
    const r = shell("toy1d --no-store --t-max 1e10 --per-decade 100 --json", "| head -c 5 > /dev/null");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });
});
