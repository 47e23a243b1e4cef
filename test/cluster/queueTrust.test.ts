/**
 * Redis carries results, it does not vouch for them (issue 17, defect 6): a job's result is stored for a sweep cell
 * only if it is a training run of that very cell's configuration; a password in --queue never reaches a message.
 */
import { Queue, UnrecoverableError } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { parseQueueUrl, QUEUE_NAME, theoryJobId } from "../../src/cluster/queue.js";
import { cellResultProblem } from "../../src/cluster/queueSweep.js";
import { checkedTheoryTask } from "../../src/cluster/queueWorker.js";
import { defaultRunConfig } from "../../src/config/run.js";
import { freePort, killAll, sleep, start, startRedis } from "./helpers.js";

const config = { ...defaultRunConfig, n: 40, d: 10, epochs: 10 };
const checkpoint = { epoch: 0, t: 0, pop_acc: 0.5 };
const genuine = {
  run: { config, checkpoints: [checkpoint], summary: { status: "ok" } },
  wallSeconds: 0.1,
  version: "0.1.0",
};

describe("queue results are checked against their cell", () => {
  it("accepts the cell's own run, whatever the key order of its configuration", () => {
    const reordered = Object.fromEntries(Object.entries(config).reverse());
    expect(cellResultProblem({ config }, genuine)).toBeNull();
    expect(cellResultProblem({ config }, { ...genuine, run: { ...genuine.run, config: reordered } })).toBeNull();
  });

  it("refuses a forged or stale result: another configuration, no checkpoints, not a run", () => {
    const other = { ...genuine, run: { ...genuine.run, config: { ...config, lr: 0.02 } } };
    expect(cellResultProblem({ config }, other)).toBe("its configuration is not the cell's");
    expect(cellResultProblem({ config }, { ...genuine, run: { ...genuine.run, checkpoints: [] } })).toMatch(
      /without checkpoints/,
    );
    expect(cellResultProblem({ config }, { n: "abc" })).toBe("not a training run");
    expect(cellResultProblem({ config }, null)).toBe("not a training run");
    expect(cellResultProblem({ config }, { ...genuine, version: 3 })).toBe("no version or wall time");
  });
});

describe("--queue URLs in messages", () => {
  it("never show the password", () => {
    expect(parseQueueUrl("redis://user:secret@127.0.0.1:6380/2").url).toBe("redis://user:***@127.0.0.1:6380/2");
    expect(parseQueueUrl("redis://127.0.0.1:6379").url).toBe("redis://127.0.0.1:6379");
    // the connection still carries the real credentials
    expect(parseQueueUrl("redis://user:secret@127.0.0.1:6380/2").connection.password).toBe("secret");
    expect(() => parseQueueUrl("redis://user:secret@h:1?x=1")).toThrow(/got "redis:\/\/user:\*\*\*@h:1\?x=1"/);
  });
});

describe("theory jobs are validated before they run", () => {
  const job = { id: "t1" };
  it("passes a well-formed task through", () => {
    const task = { kind: "sinf", n: 40, d: 10, sigma: 1, seed: 0, runIndex: 3 };
    expect(checkedTheoryTask(job, task)).toEqual(task);
  });

  it("keeps a spiked draw's spike (its job id names it: another β is another draw)", () => {
    const model = { distribution: "spiked", alpha: 1.5, nu: 3, mixMean: 1, mixStd: 0.25 } as const;
    const task = { kind: "sinf", n: 40, d: 10, sigma: 1, seed: 0, runIndex: 3, ...model, spike: 7 } as const;
    expect(checkedTheoryTask(job, task)).toEqual(task);
    expect(theoryJobId(task)).not.toBe(theoryJobId({ ...task, spike: 8 }));
    expect(() => checkedTheoryTask(job, { ...task, spike: -1 })).toThrow(/"spike" in theory job t1/);
  });

  it("fails for good (UnrecoverableError) on a malformed task, naming the field", () => {
    const base = { kind: "sinf", n: 40, d: 10, sigma: 1, seed: 0, runIndex: 0 };
    expect(() => checkedTheoryTask(job, { ...base, n: "abc" })).toThrow(UnrecoverableError);
    expect(() => checkedTheoryTask(job, { ...base, n: "abc" })).toThrow(
      /"N" in theory job t1 must be a positive integer/,
    );
    expect(() => checkedTheoryTask(job, { ...base, sigma: -1 })).toThrow(/"sigma" in theory job t1/);
    expect(() => checkedTheoryTask(job, { ...base, kind: "margin" })).toThrow(/unknown theory kind "margin"/);
    expect(() => checkedTheoryTask(job, null)).toThrow(/no theory task/);
  });

  it("passes a nested S_∞ chain with its ds and lenient setting, and rejects a malformed one", () => {
    const chain = { kind: "sinfChain", n: 40, d: 12, ds: [8, 10, 12], sigma: 1, seed: 0, runIndex: 3 };
    expect(checkedTheoryTask(job, chain)).toEqual(chain);
    const lenient = { ...chain, lenient: { lr: 0.01, steps: 100, threshold: 50 } };
    expect(checkedTheoryTask(job, lenient)).toEqual(lenient);
    expect(() => checkedTheoryTask(job, { ...chain, ds: [8, 12, 10] })).toThrow(/rising integers/);
    expect(() => checkedTheoryTask(job, { ...chain, ds: [8, 10] })).toThrow(/ending at d = 12/);
    expect(() => checkedTheoryTask(job, { ...chain, lenient: { lr: 0, steps: 1, threshold: 1 } })).toThrow(
      /lenient test lr must be a number > 0 and ≤ 1 \(got 0\)/,
    );
    expect(() => checkedTheoryTask(job, { ...chain, kind: "sinf" })).toThrow(/ds or lenient given for a sinf task/);
  });
});

/**
 * A job whose stored data is not JSON (written into Redis by hand): BullMQ's own fetch throws on it, which left it
 * active forever; the worker must fail it for good and go on with the next job.
 */
describe("a job whose data is not JSON", () => {
  afterAll(killAll);

  it("fails for good, and the worker computes the next job", async () => {
    const port = await freePort();
    await startRedis(port);
    const queue = new Queue(QUEUE_NAME, { connection: { host: "127.0.0.1", port } });
    try {
      const task = { kind: "sinf", n: 40, d: 10, sigma: 1, seed: 0, runIndex: 0 };
      const bad = await queue.add("theory", { kind: "theory", task });
      const good = await queue.add("theory", { kind: "theory", task });
      const client = await queue.client;
      await client.hset(`bull:${QUEUE_NAME}:${bad.id}`, "data", "{not json");
      const w = start(["worker", "--queue", `redis://127.0.0.1:${port}`, "--workers", "1", "--lock-seconds", "2"]);
      const state = async (id: string) => (await queue.getJobState(id)) as string;
      for (
        let i = 0;
        i < 600 && ((await state(bad.id!)) !== "failed" || (await state(good.id!)) !== "completed");
        i++
      ) {
        await sleep(50);
      }
      expect(await state(bad.id!), w.err()).toBe("failed");
      const reason = await client.hget(`bull:${QUEUE_NAME}:${bad.id}`, "failedReason"); // getJob would parse the data
      expect(reason).toBe(`job ${bad.id}: its data is not JSON`);
      expect(await state(good.id!), w.err()).toBe("completed");
    } finally {
      await queue.close();
    }
  });
});
