/**
 * Redis carries results, it does not vouch for them (issue 17, defect 6): a job's result is stored for a sweep cell
 * only if it is a training run of that very cell's configuration; a password in --queue never reaches a message.
 */
import { UnrecoverableError } from "bullmq";
import { describe, expect, it } from "vitest";
import { parseQueueUrl } from "../../src/cluster/queue.js";
import { cellResultProblem } from "../../src/cluster/queueSweep.js";
import { checkedTheoryTask } from "../../src/cluster/queueWorker.js";
import { defaultRunConfig } from "../../src/config/run.js";

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
});
