/**
 * `grokedge figure … --queue`: a figure's per-draw S_∞ solves computed by `grokedge worker`s (Debian's redis-server on
 * 127.0.0.1) give the figure of a local run; every outcome is kept in the store as it arrives, so a submitter that
 * stops waiting (or is killed) loses nothing and a rerun computes only what is missing.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { freshRedisEach, grokedge, jobLines, queued, storedRows, tempDir } from "./helpers.js";

/** Fig. 1's S_∞ panel at smoke size: 4 nested draws of N = 100, one chain task each over its 3 values of d. */
const DRAWS = 4;
const FIGURE = ["figure", "1", "--panels", "right-top", "--size", "smoke"];

const state = { dir: "", url: "", reference: [] as unknown[] };

/** The per-d S_∞ table of a figure run, without its wall times (the only field allowed to differ). */
function sInfTable(outDir: string): unknown[] {
  const record = JSON.parse(readFileSync(join(outDir, "fig1", "fig1.json"), "utf8"));
  return (record.s_inf_table as Record<string, unknown>[]).map(({ meanSeconds: _, ...rest }) => rest);
}

const storedOutcomes = (db: string) => storedRows(db, "task_results");

const submit = (name: string, ...extra: string[]) =>
  queued(FIGURE, { url: state.url, dir: state.dir, outFlag: "--out-dir" }).submit(name, ...extra);
const worker = () => queued(FIGURE, { url: state.url, dir: state.dir, outFlag: "--out-dir" }).worker();

beforeAll(() => {
  state.dir = tempDir();
  const local = join(state.dir, "local");
  const r = grokedge([...FIGURE, "--workers", "1", "--db", join(state.dir, "local.sqlite"), "--out-dir", local]);
  expect(r.code, r.stderr).toBe(0);
  state.reference = sInfTable(local);
  expect(state.reference).toHaveLength(3);
});
freshRedisEach(state);

describe("grokedge figure --queue", () => {
  it("computes the S_∞ draws on 2 workers, each once, with the numbers of a local run; a rerun reads the store", async () => {
    const workers = [worker(), worker()];
    const s = submit("two");
    expect(await s.exited, s.err()).toBe(0);
    expect(sInfTable(join(state.dir, "two"))).toEqual(state.reference);
    expect(storedOutcomes(join(state.dir, "two.sqlite"))).toBe(DRAWS);
    const done = workers.flatMap((w) => jobLines(w.err(), "done"));
    expect(done).toHaveLength(DRAWS);
    expect(new Set(done).size).toBe(DRAWS);

    for (const w of workers) w.proc.kill("SIGKILL");
    const again = submit("two");
    expect(await again.exited, again.err()).toBe(0);
    expect(again.err()).toContain(`${DRAWS} of ${DRAWS} outcome(s) already in the store; 0 to compute`);
    expect(sInfTable(join(state.dir, "two"))).toEqual(state.reference);
  });

  it("stops waiting after --timeout with one line and exit 1, and a rerun collects the draws left on the queue", async () => {
    const waiting = submit("late", "--timeout", "2", "--quiet");
    expect(await waiting.exited).toBe(1);
    const lines = waiting.err().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^error: figure 1: ${DRAWS} task\\(s\\) not finished within 2 s \\(still queued at ${state.url}\\)`),
    );
    expect(lines[0]).toContain("run the same command again to collect the rest");

    const w = worker();
    const rerun = submit("late");
    expect(await rerun.exited, rerun.err()).toBe(0);
    expect(sInfTable(join(state.dir, "late"))).toEqual(state.reference);
    expect(jobLines(w.err(), "done")).toHaveLength(DRAWS); // the queued jobs, not a second copy of each
  });

  it("refuses queue-only options without --queue (exit 2, one line)", () => {
    const r = grokedge([...FIGURE, "--attempts", "2"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("error: --attempts applies only with --queue (got --attempts 2 without --queue)");
  });
});
