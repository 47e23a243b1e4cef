/**
 * The options of commands that are not run settings — how a command computes (threads, workers, batch), what it
 * writes (format), how long it waits on a queue, how it bootstraps — declared as schema fields like the run's, so
 * that one parser (parseOption) checks every flag with the same messages.
 */

import { type Field, int, num, oneOf } from "./schema.js";

/** Each option's field, by name; `help` is the flag's text wherever commands share it. */
export const commandFields = {
  workers: { key: "workers", flag: "workers", kind: int(1, 1024), help: "worker threads (default: all cores)" },
  /** figure: worker threads of its training runs */
  figureWorkers: { key: "workers", flag: "workers", kind: int(1, 256), help: "worker threads (default: all cores)" },
  batch: {
    key: "batch",
    flag: "batch",
    kind: int(1, 64),
    default: 1,
    help: "advance up to k cells that share their data (same replicate; η, S_0, b_0, epochs or optimizer varying) together, reading X once per step for all: faster when X outgrows the cache; the numbers do not depend on it (default 1)",
  },
  threads: {
    key: "threads",
    flag: "threads",
    kind: int(1, 256),
    help: "threads sharing each gradient pass over a large X (N·d ≥ 2^18; default: all cores, at most 8 used); the numbers do not depend on it",
  },
  /** train: the run as machine-readable text */
  trainFormat: {
    key: "format",
    flag: "format",
    kind: oneOf(["json", "jsonl", "csv"]),
    help: "json | jsonl | csv (default: json with --out, else a human summary)",
  },
  /** export: checkpoint rows of stored runs */
  exportFormat: { key: "format", flag: "format", kind: oneOf(["csv", "jsonl"]), default: "csv", help: "csv | jsonl" },
  /** sweep export: a sweep's rows */
  sweepExportFormat: {
    key: "format",
    flag: "format",
    kind: oneOf(["csv", "parquet"]),
    default: "csv",
    help: "csv | parquet",
  },
  /** toy1d: the curve written to --out */
  toy1dFormat: {
    key: "format",
    flag: "format",
    kind: oneOf(["json", "jsonl", "csv"]),
    default: "json",
    help: "json | jsonl | csv for --out (default: json)",
  },
  attempts: { key: "attempts", flag: "attempts", kind: int(1, 100), help: "runs of a task before it counts as failed" },
  pollSeconds: { key: "pollSeconds", flag: "poll-seconds", kind: int(1, 3600), help: "check every pending task" },
  timeout: { key: "timeout", flag: "timeout", kind: int(1, 31_536_000), help: "stop waiting after s seconds" },
  lockSeconds: {
    key: "lockSeconds",
    flag: "lock-seconds",
    kind: int(1, 86_400),
    help: "a job whose worker stays silent this long goes back to the queue",
  },
  interval: {
    key: "interval",
    flag: "interval",
    kind: oneOf(["se", "bootstrap"]),
    default: "se",
    help: "with --aggregate: se (mean ± 1 SE) | bootstrap (percentile)",
  },
  level: {
    key: "level",
    flag: "level",
    kind: num({ exclusiveMin: 0, exclusiveMax: 1 }),
    help: "bootstrap confidence level",
  },
  resamples: { key: "resamples", flag: "resamples", kind: int(1, 1_000_000), help: "bootstrap resamples" },
  bootSeed: { key: "bootSeed", flag: "boot-seed", kind: int(0, Number.MAX_SAFE_INTEGER), help: "bootstrap seed" },
  /** critical: the seed of every draw, and draws per (N, λ) */
  seed: { key: "seed", flag: "seed", kind: int(0, 2 ** 32 - 1), help: "seed of every draw (draw r is run index r)" },
  draws: { key: "draws", flag: "draws", kind: int(2, 10_000), help: "draws (replicates) per (N, λ)" },
} as const satisfies Record<string, Field>;
