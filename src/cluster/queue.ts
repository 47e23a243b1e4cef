/**
 * The dynamic queue shared by the submitting side (queueSubmit.ts) and the workers (queueWorker.ts): one BullMQ
 * queue named "grokedge" on a Redis server given as `redis://host:port[/db]`.
 *
 * A job is one task: a sweep cell ({ kind: "cell", the sweep's spec, key and cell index }) or a per-draw theory task
 * ({ kind: "theory", experiments/theoryTasks.ts }). Its job id is the task's stable key (a cell key `<sweep>:<index>`
 * with ":" written "_", which BullMQ reserves), so enqueueing a task again while it is waiting, running or finished
 * but not yet collected adds nothing. A worker returns the result as base64 of v8.serialize: every double, NaN and
 * ±Infinity and −0 included, arrives bit for bit (JSON would turn NaN into null).
 */

import { hostname } from "node:os";
import { deserialize, serialize } from "node:v8";
import type { RedisOptions } from "ioredis";
import { UsageError } from "../config/schema.js";
import type { TheoryOutcome, TheoryTask } from "../experiments/theoryTasks.js";
import type { RunResult } from "../train/run.js";

/** The BullMQ queue every grokedge submitter and worker uses. */
export const QUEUE_NAME = "grokedge";

/** A Redis server to reach: the URL as given (for messages) and BullMQ's connection options. */
export interface QueueTarget {
  url: string;
  connection: RedisOptions & { host: string; port: number; db: number };
}

/** Parse `--queue redis://host:port[/db]` (rediss:// for TLS; user and password allowed in the URL). */
export function parseQueueUrl(text: string, flag = "--queue"): QueueTarget {
  const bad = () =>
    new UsageError(
      `${flag} must be a Redis URL redis://host:port[/db], e.g. redis://127.0.0.1:6379 (got "${text.replace(/:[^:@/]*@/, ":***@")}")`,
    );
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad();
  }
  if (!["redis:", "rediss:"].includes(url.protocol) || url.hostname === "") throw bad();
  const port = url.port === "" ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, "");
  if (!/^\d*$/.test(dbText) || url.search !== "" || url.hash !== "") throw bad();
  const connection: QueueTarget["connection"] = {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port,
    db: dbText === "" ? 0 : Number(dbText),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === "rediss:" ? { tls: {} } : {}),
  };
  return { url: redactedUrl(url), connection };
}

/** The URL for messages and logs: a password never leaves the process ("redis://user:***@host:port"). */
function redactedUrl(url: URL): string {
  if (url.password === "") return url.href.replace(/\/$/, "");
  const shown = new URL(url.href);
  shown.password = "***";
  return shown.href.replace(/\/$/, "");
}

/** A sweep cell: the worker rebuilds it from the spec and checks that it computes the same sweep key. */
export interface CellJob {
  kind: "cell";
  /** the spec as specToJson writes it */
  spec: Record<string, unknown>;
  sweepKey: string;
  index: number;
}

/** One per-draw theory computation (S_∞, SVM margin, or a training draw's theory). */
export interface TheoryJob {
  kind: "theory";
  task: TheoryTask;
}

export type JobPayload = CellJob | TheoryJob;

/** What a worker returns for a cell: the run, its wall time, and who computed it with which version. */
export interface CellJobResult {
  run: RunResult;
  wallSeconds: number;
  version: string;
  worker: string;
}

export type JobResult = CellJobResult | TheoryOutcome;

/** The job id of a task key (BullMQ reserves ":" and refuses integer ids: "sweepkey_12", never "12"). */
export function jobIdOf(key: string): string {
  const id = key.replaceAll(":", "_");
  return /^\d+$/.test(id) ? `task_${id}` : id;
}

/** A job's return value: base64 of v8.serialize, exact for every double. */
export function encodeResult(value: JobResult): string {
  return serialize(value).toString("base64");
}

/** The inverse of encodeResult; a value that is not one is an error naming the job. */
export function decodeResult(text: unknown, jobId: string): JobResult {
  if (typeof text !== "string") throw new Error(`job ${jobId} returned no result (got ${typeof text})`);
  return deserialize(Buffer.from(text, "base64")) as JobResult;
}

/** "host:pid", naming a worker in logs and stored results. */
export function workerName(): string {
  return `${hostname()}:${process.pid}`;
}

/** The job id of a theory task: its kind and draw, unique within a queue. */
export function theoryJobId(t: TheoryTask): string {
  const model =
    t.distribution === undefined || t.distribution === "gaussian"
      ? ""
      : `-${t.distribution}-a${t.alpha}-nu${t.nu}-m${t.mixMean}-s${t.mixStd}${t.spike === undefined ? "" : `-b${t.spike}`}`;
  const lenient = t.lenient ? `-adam${t.lenient.lr}_${t.lenient.steps}_${t.lenient.threshold}` : "";
  const chain = t.ds ? `-ds${t.ds.join("_")}${lenient}` : "";
  // "draw" outcomes carry theory/drawTheory.ts's fields since issue 18: the new tag keeps a store's older "draw"
  // outcomes (other field names) from being read as that shape; they are computed again instead
  const kind = t.kind === "draw" ? "drawtheory" : t.kind;
  return jobIdOf(`theory-${kind}-n${t.n}-d${t.d}-s${t.sigma}-seed${t.seed}-r${t.runIndex}${model}${chain}`);
}
