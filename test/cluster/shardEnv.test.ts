/** Shards from a cluster engine's environment, the queue's URL, job ids and result encoding, and the examples. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeResult, encodeResult, jobIdOf, parseQueueUrl, theoryJobId } from "../../src/cluster/queue.js";
import { resolveShard } from "../../src/cluster/shardEnv.js";

const example = (name: string) => readFileSync(new URL(`../../examples/${name}`, import.meta.url), "utf8");

describe("--shard from the environment", () => {
  it("maps a SLURM array 0-3 to shards i/4", () => {
    for (const id of [0, 1, 2, 3]) {
      const env = {
        SLURM_ARRAY_TASK_ID: String(id),
        SLURM_ARRAY_TASK_COUNT: "4",
        SLURM_ARRAY_TASK_MIN: "0",
        SLURM_ARRAY_TASK_MAX: "3",
        SLURM_ARRAY_TASK_STEP: "1",
      };
      expect(resolveShard("slurm", env)).toEqual({ index: id, count: 4 });
    }
  });

  it("refuses a SLURM array that is not 0…n−1 unless GROKEDGE_SHARD_COUNT says n (a rerun of some shards)", () => {
    const rerun = { SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_TASK_COUNT: "1", SLURM_ARRAY_TASK_MIN: "2" };
    expect(() => resolveShard("slurm", { ...rerun, SLURM_ARRAY_TASK_MAX: "2" })).toThrow(
      "--shard slurm needs an array 0-0 with step 1 (got min 2, max 2, step 1, 1 tasks)",
    );
    expect(resolveShard("slurm", { ...rerun, GROKEDGE_SHARD_COUNT: "3" })).toEqual({ index: 2, count: 3 });
    expect(() => resolveShard("slurm", { ...rerun, GROKEDGE_SHARD_COUNT: "2" })).toThrow(
      "--shard slurm: the shard index must be below the count, 0 ≤ i < n (got SLURM_ARRAY_TASK_ID=2, GROKEDGE_SHARD_COUNT=2)",
    );
    const stepped = { SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_TASK_COUNT: "2", SLURM_ARRAY_TASK_MAX: "2" };
    expect(() => resolveShard("slurm", { ...stepped, SLURM_ARRAY_TASK_STEP: "2" })).toThrow(/step 2/);
  });

  it("maps a Kubernetes Indexed Job's JOB_COMPLETION_INDEX with GROKEDGE_SHARD_COUNT", () => {
    expect(resolveShard("k8s", { JOB_COMPLETION_INDEX: "3", GROKEDGE_SHARD_COUNT: "4" })).toEqual({
      index: 3,
      count: 4,
    });
    expect(() => resolveShard("k8s", { JOB_COMPLETION_INDEX: "0" })).toThrow(
      "--shard k8s needs GROKEDGE_SHARD_COUNT in the environment (set it in the Job's manifest, equal to spec.completions)",
    );
    expect(() => resolveShard("k8s", { JOB_COMPLETION_INDEX: "4", GROKEDGE_SHARD_COUNT: "4" })).toThrow(/below/);
    expect(() => resolveShard("k8s", { JOB_COMPLETION_INDEX: "x", GROKEDGE_SHARD_COUNT: "4" })).toThrow(
      '--shard k8s: JOB_COMPLETION_INDEX must be a non-negative integer (got "x")',
    );
  });

  it("keeps --shard i/n and the whole sweep without --shard", () => {
    expect(resolveShard(undefined, {})).toEqual({ index: 0, count: 1 });
    expect(resolveShard("2/5", {})).toEqual({ index: 2, count: 5 });
    expect(() => resolveShard("slurm", {})).toThrow("--shard slurm needs SLURM_ARRAY_TASK_ID in the environment");
  });
});

describe("the examples use the contract", () => {
  it("the Indexed Job's GROKEDGE_SHARD_COUNT equals its completions, and it runs --shard k8s --resume", () => {
    const yaml = example("k8s-sweep.yaml");
    const completions = /^\s*completions:\s*(\d+)/m.exec(yaml)?.[1];
    const count = /name: GROKEDGE_SHARD_COUNT\s+value: "(\d+)"/.exec(yaml)?.[1];
    expect(completions).toBeDefined();
    expect(count).toBe(completions);
    expect(yaml).toMatch(/completionMode: Indexed/);
    expect(yaml).toMatch(/--shard k8s --resume/);
    expect(yaml).toMatch(/--db \/results\/shard-\$JOB_COMPLETION_INDEX\.sqlite/);
  });

  it("the SLURM script runs --shard slurm --resume into one store per array task", () => {
    const script = example("slurm-sweep.sh");
    expect(script).toMatch(/--shard slurm --resume/);
    expect(script).toMatch(/shard-\$\{SLURM_ARRAY_TASK_ID\}\.sqlite/);
  });
});

describe("queue plumbing", () => {
  it("parses redis URLs and refuses others in one line", () => {
    expect(parseQueueUrl("redis://127.0.0.1:6390/2").connection).toEqual({ host: "127.0.0.1", port: 6390, db: 2 });
    expect(parseQueueUrl("redis://u:p%40ss@example.org").connection).toEqual({
      host: "example.org",
      port: 6379,
      db: 0,
      username: "u",
      password: "p@ss",
    });
    expect(parseQueueUrl("rediss://h:1").connection).toMatchObject({ tls: {} });
    for (const bad of ["127.0.0.1:6379", "http://h:1", "redis://h:1/x", "redis://h:1?db=2", "redis://"]) {
      expect(() => parseQueueUrl(bad)).toThrow(`--queue must be a Redis URL redis://host:port[/db]`);
    }
  });

  it("keys jobs by the cell key without BullMQ's reserved ':' and never as an integer", () => {
    expect(jobIdOf("0123abcd0123abcd:17")).toBe("0123abcd0123abcd_17");
    expect(jobIdOf("17")).toBe("task_17");
    const t = { kind: "sinf" as const, n: 2400, d: 1188, sigma: 1, seed: 6, runIndex: 118_800_007 };
    expect(theoryJobId(t)).toBe("theory-sinf-n2400-d1188-s1-seed6-r118800007");
    expect(theoryJobId({ ...t, runIndex: 118_800_008 })).not.toBe(theoryJobId(t));
    // a nested chain is named by its ds and lenient setting too: another sweep's chain on the same draw is another job
    const chain = { ...t, kind: "sinfChain" as const, ds: [1170, 1188] };
    expect(theoryJobId(chain)).toBe("theory-sinfChain-n2400-d1188-s1-seed6-r118800007-ds1170_1188");
    expect(theoryJobId({ ...chain, ds: [1188] })).not.toBe(theoryJobId(chain));
    const lenient = { ...chain, lenient: { lr: 0.01, steps: 1000, threshold: 30 } };
    expect(theoryJobId(lenient)).toBe(`${theoryJobId(chain)}-adam0.01_1000_30`);
  });

  it("encodes results exactly: NaN, ±Infinity, −0 and every bit of a double survive", () => {
    const summary = { a: Number.NaN, b: Number.POSITIVE_INFINITY, c: -0, d: 0.1 + 0.2, e: 5e-324 };
    const value = { kind: "svm", separable: null, margin: Number.NaN, kktResidual: -0, supportVectors: 3, seconds: 1 };
    const back = decodeResult(encodeResult({ ...value, ...summary } as never), "j") as unknown as typeof summary;
    expect(Object.is(back.c, -0)).toBe(true);
    expect(back).toEqual({ ...value, ...summary });
    expect(() => decodeResult(undefined, "j7")).toThrow("job j7 returned no result");
  });
});
