/**
 * Faults on the queue: a submitter killed and rerun, a worker killed mid-cell, Redis killed and restarted empty, no
 * worker at all. After each, every cell is in the store exactly once with the numbers of a local run, or the command
 * names the cells missing and exits non-zero.
 */
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { doneCells, grokedge, jobLines, killAll, startRedis, waitFor } from "./helpers.js";
import {
  CELLS,
  expectComplete,
  expectEachDoneOnce,
  freshRedis,
  q,
  setupReference,
  submit,
  worker,
} from "./queueFixture.js";

beforeAll(setupReference);
beforeEach(freshRedis);
afterEach(killAll);
afterAll(killAll);

describe("faults on the queue", () => {
  it("fault: the submitter killed (SIGKILL) and rerun collects the rest; no cell is computed twice", async () => {
    const workers = [worker()];
    const db = join(q.dir, "submitter-killed.sqlite");
    const first = submit(db, "--quiet");
    await waitFor(() => doneCells(db) >= 1, "the first cell in the store");
    first.proc.kill("SIGKILL");
    expect(await first.exited).toBeNull();
    const partial = doneCells(db);
    expect(partial).toBeLessThan(CELLS);

    const again = submit(db, "--resume", "--quiet"); // re-enqueues the cells not stored: existing jobs are not doubled
    expect(await again.exited, again.err()).toBe(0);
    expect(again.out()).toContain(`ran ${CELLS - partial} (${CELLS - partial} done, 0 failed) on ${q.url}, ${partial}`);
    expectComplete(db);
    expectEachDoneOnce(workers);
  });
  it("fault: a worker killed (SIGKILL) mid-cell: its cell goes back to the queue and is stored once", async () => {
    const victim = worker();
    const db = join(q.dir, "worker-killed.sqlite");
    const s = submit(db, "--quiet");
    await waitFor(() => jobLines(victim.err(), "start").length > 0, "the victim's first job");
    victim.proc.kill("SIGKILL");
    await victim.exited;
    const [killedJob] = jobLines(victim.err(), "start");
    expect(jobLines(victim.err(), "done")).not.toContain(killedJob); // it died mid-cell
    const survivor = worker();
    expect(await s.exited, s.err()).toBe(0);
    expect(jobLines(survivor.err(), "done")).toContain(killedJob);
    expectComplete(db);
    expectEachDoneOnce([victim, survivor]);
  });
  it("fault: Redis killed (SIGKILL) and restarted empty: lost jobs are enqueued again, every cell once", async () => {
    const workers = [worker(), worker()];
    const db = join(q.dir, "redis-killed.sqlite");
    const s = submit(db);
    await waitFor(() => doneCells(db) >= 1, "the first cell in the store");
    q.redis.proc.kill("SIGKILL");
    await q.redis.exited;
    expect(doneCells(db)).toBeLessThan(CELLS);
    q.redis = await startRedis(q.port); // same port, no data: every queued job is gone
    expect(await s.exited, s.err()).toBe(0);
    expect(s.err()).toMatch(/re-enqueued \d+ task\(s\) whose jobs had vanished from the queue/);
    expect(s.out()).toMatch(/ran \d \(\d done, 0 failed\) on .*, 0 already done, \d+ re-enqueued after vanishing/);
    expectComplete(db);
    expect(workers.flatMap((w) => jobLines(w.err(), "done")).length).toBeGreaterThanOrEqual(CELLS);
  });
  it("fault: no worker within --timeout: names every missing cell, exits 1; a later --resume completes them", async () => {
    const db = join(q.dir, "timeout.sqlite");
    const s = submit(db, "--timeout", "1", "--quiet");
    expect(await s.exited).toBe(1);
    expect(s.err()).toBe(
      `error: 6 cell(s) of sweep qedge not finished within 1 s: 0-5 (still queued at ${q.url}: rerun with --resume to collect them)\n`,
    );
    const status = grokedge(["sweep", "status", "qedge", "--db", db, "--check"]);
    expect(status.code).toBe(1);
    expect(status.stderr).toBe("error: sweep qedge: 6 of 6 cells not done, missing: 0-5\n");

    const workers = [worker()];
    const again = submit(db, "--resume", "--quiet");
    expect(await again.exited, again.err()).toBe(0);
    expectComplete(db);
    expectEachDoneOnce(workers); // the jobs left queued by the first submitter were not enqueued twice
    expect(grokedge(["sweep", "status", "qedge", "--db", db, "--check"]).code).toBe(0);
  });
});
