/**
 * The dynamic queue for real: Debian's redis-server on a free port of 127.0.0.1 (a fresh one per test, no
 * persistence), `grokedge worker` processes, and `grokedge sweep run --queue` as the submitting side: results equal a
 * local run, each cell computed once, theory tasks through the same queue, and the command line's one-line errors.
 */
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { freePort, grokedge, killAll, MAIN } from "./helpers.js";
import { expectComplete, expectEachDoneOnce, freshRedis, q, setupReference, submit, worker } from "./queueFixture.js";

beforeAll(setupReference);
afterEach(killAll);
afterAll(killAll);

describe("grokedge sweep run --queue with grokedge worker", () => {
  beforeEach(freshRedis);

  it("runs a sweep on 2 workers with the numbers of a local run, showing progress", async () => {
    const workers = [worker(), worker()];
    const db = join(q.dir, "two.sqlite");
    const s = submit(db);
    expect(await s.exited, s.err()).toBe(0);
    expect(s.out()).toContain(`sweep qedge: 6 cells; ran 6 (6 done, 0 failed) on ${q.url}, 0 already done`);
    expect(s.err()).toContain("sweep qedge: 6/6 finished: 6 done, 0 failed, 0 pending");
    expectComplete(db);
    expectEachDoneOnce(workers);

    const again = submit(db, "--resume");
    expect(await again.exited, again.err()).toBe(0);
    expect(again.out()).toContain(`ran 0 (0 done, 0 failed) on ${q.url}, 6 already done`);
    expectComplete(db);
  });

  it("runs theory tasks (what figures use) through the same queue, equal to computing them here", async () => {
    const dist = dirname(dirname(MAIN));
    const { runOnQueue } = await import(join(dist, "cluster/queueSubmit.js"));
    const { parseQueueUrl, theoryJobId } = await import(join(dist, "cluster/queue.js"));
    const { computeTheoryTask } = await import(join(dist, "experiments/theoryTasks.js"));
    const tasks = [0, 1].map((runIndex) => ({ kind: "sinf", n: 100, d: 40, sigma: 1, seed: 6, runIndex }));
    const results = new Map<string, Record<string, unknown>>();
    worker();
    const report = await runOnQueue(
      tasks.map((task) => ({ id: theoryJobId(task), name: "sinf", payload: { kind: "theory", task } })),
      {
        target: parseQueueUrl(q.url),
        attempts: 1,
        backoffSeconds: 1,
        pollSeconds: 1,
        connectSeconds: 10,
        onResult: (t: { id: string }, r: Record<string, unknown>) => results.set(t.id, r),
        onFailed: (_t: unknown, error: string) => results.set("failed", { error }),
      },
    );
    expect(report).toMatchObject({ total: 2, done: 2, failed: 0, pending: 0, missing: [] });
    for (const task of tasks) {
      const { seconds: _, ...here } = await computeTheoryTask(task);
      const { seconds: __, ...there } = results.get(theoryJobId(task)) as Record<string, unknown>;
      expect(there).toEqual(here);
    }
  });
});

describe("grokedge worker and sweep run --queue: bad input", () => {
  it.each([
    [["worker"], "error: --queue is required: the Redis URL the work was submitted to, e.g. redis://127.0.0.1:6379"],
    [["sweep", "run", "SPEC", "--queue", "http://127.0.0.1:1"], "error: --queue must be a Redis URL redis://host"],
    [["worker", "--queue", "redis://h:1", "--lock-seconds", "0"], "error: --lock-seconds must be an integer from 1"],
    [["sweep", "run", "SPEC", "--timeout", "5"], "error: --timeout applies only with --queue (got --timeout 5"],
    [["sweep", "run", "SPEC", "--queue", "redis://h:1", "--workers", "2"], "error: --workers sets local threads"],
    [["sweep", "run", "SPEC", "--shard", "slurm"], "error: --shard slurm needs SLURM_ARRAY_TASK_ID in the environment"],
    [["sweep", "run", "SPEC", "--shard", "pbs"], 'error: --shard must be i/n, slurm or k8s (got "pbs")'],
  ])("refuses %j with one line and exit 2", (args, message) => {
    const r = grokedge(args.map((a) => (a === "SPEC" ? q.specPath : a)));
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith(message), r.stderr).toBe(true);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("says in one line when Redis cannot be reached, and exits 1", async () => {
    const closed = await freePort();
    const db = join(q.dir, "unreachable.sqlite");
    const r = grokedge([
      "sweep",
      "run",
      q.specPath,
      "--queue",
      `redis://127.0.0.1:${closed}`,
      "--db",
      db,
      "--timeout",
      "1",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: cannot reach Redis at redis://127.0.0.1:${closed} (connect ECONNREFUSED 127.0.0.1:${closed})\n`,
    );
  });
});
