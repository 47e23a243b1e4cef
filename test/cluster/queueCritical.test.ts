/**
 * `grokedge critical --queue`: the cells and every draw's S_∞ solve go to `grokedge worker`s through one queue (Debian's
 * redis-server on 127.0.0.1), each result stored as it comes back, and the analysis equals a local run's; a submitter
 * that stops waiting keeps what it collected, and a rerun with --resume collects the rest.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { freshRedisEach, grokedge, jobLines, queued, storedRows, tempDir } from "./helpers.js";

/** 2 λ × 2 draws at N = 40, a short flow: 4 cells and 4 S_∞ solves. */
const CRITICAL = ["critical", "--sizes", "40", "--lambdas", "0.45,0.55", "--draws", "2", "--epochs", "20000"];
const CELLS = 4;

const state = { dir: "", url: "", reference: "" };

const csvOf = (name: string) => readFileSync(join(state.dir, name, "critical.csv"), "utf8");

const submit = (name: string, ...extra: string[]) =>
  queued(CRITICAL, { url: state.url, dir: state.dir, outFlag: "--out" }).submit(name, ...extra);
const worker = () => queued(CRITICAL, { url: state.url, dir: state.dir, outFlag: "--out" }).worker();

beforeAll(() => {
  state.dir = tempDir();
  const args = [
    ...CRITICAL,
    "--workers",
    "1",
    "--db",
    join(state.dir, "local.sqlite"),
    "--out",
    join(state.dir, "local"),
  ];
  const r = grokedge(args);
  expect(r.code, r.stderr).toBe(0);
  state.reference = csvOf("local");
  expect(state.reference.trim().split("\n")).toHaveLength(CELLS + 1);
});
freshRedisEach(state);

describe("grokedge critical --queue", () => {
  it("runs the cells and the S_∞ solves on 2 workers, each once, with the draws of a local run", async () => {
    const workers = [worker(), worker()];
    const s = submit("two");
    expect(await s.exited, s.err()).toBe(0);
    expect(csvOf("two")).toBe(state.reference);
    const db = join(state.dir, "two.sqlite");
    expect(storedRows(db, "task_results")).toBe(CELLS); // every S_∞ came back through the queue and is kept
    const done = workers.flatMap((w) => jobLines(w.err(), "done"));
    expect(done).toHaveLength(2 * CELLS); // the cells and the S_∞ solves, each done by a worker, once
    expect(new Set(done).size).toBe(2 * CELLS);
    expect(s.err()).toMatch(/critical critical-gaussian on redis:\S+: S_∞ 4\/4 finished: 4 done/);
    expect(s.err()).toMatch(/cells 4\/4 finished: 4 done/);
  });

  it("without workers it stops at --timeout in one line (exit 1); --resume with a worker collects the rest", async () => {
    const waited = submit("late", "--timeout", "2");
    expect(await waited.exited).toBe(1);
    const last = waited.err().trim().split("\n").at(-1)!;
    expect(last).toMatch(/^error: critical critical-gaussian on redis:\S+: .*not finished within 2 s/);
    const w = worker();
    const again = submit("late", "--resume");
    expect(await again.exited, again.err()).toBe(0);
    expect(csvOf("late")).toBe(state.reference);
    expect(jobLines(w.err(), "done")).toHaveLength(2 * CELLS); // the jobs queued by the first run, done once
  });

  it("refuses --workers with --queue, before any work", () => {
    const dir = tempDir();
    const r = grokedge([...CRITICAL, "--queue", state.url, "--workers", "2", "--db", join(dir, "s.sqlite")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--workers sets local threads and does not apply with --queue/);
  });
});
