/**
 * The submitting side of the queue: enqueue tasks, collect their results as workers finish them, and know at every
 * moment which are done, failed or still pending.
 *
 * Enqueue. Each task is added under its job id (queue.ts), so a task already waiting, running, or finished but not
 * yet collected is not added twice; a task whose job failed earlier is removed and added afresh (a rerun retries it).
 * Collect. A finished job's result is handed to `onResult` (which stores it) and only then removed from Redis: a
 * submitter killed in between finds the job again on its next run, and the store refuses a second copy of a cell.
 * Reconcile. QueueEvents say which jobs just finished; every `pollSeconds` all pending tasks are checked as well, so a
 * missed event costs nothing, and a task whose job is gone (Redis restarted without its data) is enqueued again.
 * Timeout. After `timeoutSeconds` the tasks not finished are returned as missing; their jobs stay queued, and a
 * later run with the same tasks collects them.
 */

import { type JobsOptions, Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { decodeResult, type JobPayload, type JobResult, QUEUE_NAME, type QueueTarget } from "./queue.js";

/** A task to run on the queue: its job id (a stable key), a name for humans, and what a worker needs. */
export interface QueuedTask {
  id: string;
  name: string;
  payload: JobPayload;
}

export interface QueueCounts {
  total: number;
  done: number;
  failed: number;
  pending: number;
  /** tasks enqueued again because their job had vanished from Redis */
  requeued: number;
}

export interface SubmitOptions {
  target: QueueTarget;
  /** runs of a job before it counts as failed (BullMQ attempts), with exponential backoff from backoffSeconds */
  attempts: number;
  backoffSeconds: number;
  /** stop waiting after this long and report the unfinished tasks (undefined: wait for all) */
  timeoutSeconds?: number;
  /** how often every pending task is checked (events cover the rest) */
  pollSeconds: number;
  /** give up when Redis does not answer within this long at the start */
  connectSeconds: number;
  /** a task's result: store it (an exception here ends the submission and is rethrown) */
  onResult: (task: QueuedTask, result: JobResult) => void;
  /** a task that failed all its attempts */
  onFailed: (task: QueuedTask, error: string, attempts: number) => void;
  onProgress?: (counts: QueueCounts) => void;
  log?: (line: string) => void;
}

export interface SubmitReport extends QueueCounts {
  /** tasks not finished when the wait ended (timeout) */
  missing: QueuedTask[];
}

/** Redis did not answer: a one-line reason for the command line. */
export class QueueUnavailableError extends Error {}

/** An exception of onResult (e.g. the store's disk is full): ends the submission, unlike a queue hiccup. */
class SinkError extends Error {
  constructor(readonly inner: unknown) {
    super(inner instanceof Error ? inner.message : String(inner));
  }
}

/** A timer that never keeps the process alive by itself (the Redis connections do while there is work). */
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)).unref());
const CHUNK = 500;

/** Enqueue `tasks`, wait for them (or the timeout) while collecting results; see the module comment. */
export async function runOnQueue(tasks: readonly QueuedTask[], o: SubmitOptions): Promise<SubmitReport> {
  await probe(o); // before BullMQ's connections, which retry forever and cannot be closed until they connect
  // the queue's own connection, so that it can be dropped even while Redis is away (BullMQ's close waits for it)
  const client = new Redis({ ...o.target.connection, maxRetriesPerRequest: null });
  client.on("error", () => {}); // reported by the reconcile loop, which retries
  const queue = new Queue<JobPayload, string>(QUEUE_NAME, { connection: client });
  queue.on("error", () => {});
  const events = new QueueEvents(QUEUE_NAME, { connection: { ...o.target.connection, maxRetriesPerRequest: null } });
  events.on("error", () => {});
  try {
    await connect(queue, events, o);
    const s = new Submission(queue, tasks, o);
    events.on("completed", ({ jobId }) => s.touch(jobId));
    events.on("failed", ({ jobId }) => s.touch(jobId));
    await s.run();
    return { ...s.counts(), missing: s.missing() };
  } finally {
    await shut(queue, events, client);
  }
}

/** One PING within connectSeconds, on a connection that gives up instead of retrying; else a one-line error. */
async function probe(o: SubmitOptions): Promise<void> {
  const ms = o.connectSeconds * 1000;
  const client = new Redis({
    ...o.target.connection,
    lazyConnect: true,
    connectTimeout: ms,
    retryStrategy: () => null,
  });
  let error = "";
  client.on("error", (e: Error) => {
    error ||= e.message;
  });
  const ping = client.connect().then(() => client.ping());
  ping.catch(() => {});
  const answer = await Promise.race([ping, sleep(ms).then(() => "timeout")]).catch((e: Error) => e.message);
  client.disconnect();
  if (answer !== "PONG") {
    const why = error || (answer === "timeout" ? `no answer within ${o.connectSeconds} s` : answer);
    throw new QueueUnavailableError(`cannot reach Redis at ${o.target.url} (${why})`);
  }
}

/** Wait until the queue and its event stream are ready (so that no early event is missed), or fail in one line. */
async function connect(queue: Queue, events: QueueEvents, o: SubmitOptions): Promise<void> {
  const ready = Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  ready.catch(() => {});
  const timeout = sleep(o.connectSeconds * 1000).then(() => "timeout" as const);
  if ((await Promise.race([ready, timeout])) === "timeout") {
    throw new QueueUnavailableError(`cannot reach Redis at ${o.target.url} (no answer within ${o.connectSeconds} s)`);
  }
}

/**
 * Close the queue, then drop the connections: at once if Redis is not answering (BullMQ's close then waits for it;
 * while QueueEvents is still connecting, its close drops the connection itself).
 */
async function shut(queue: Queue, events: QueueEvents, client: Redis): Promise<void> {
  const closed = Promise.all([queue.close(), events.close()]).catch(() => {});
  await Promise.race([closed, sleep(2000)]);
  client.disconnect();
  await Promise.race([events.disconnect().catch(() => {}), sleep(1000)]);
}

class Submission {
  private readonly pending = new Map<string, QueuedTask>();
  private readonly dirty = new Set<string>();
  private done = 0;
  private failed = 0;
  private requeued = 0;
  private wake: () => void = () => {};
  private queueError = "";

  constructor(
    private readonly queue: Queue<JobPayload, string>,
    private readonly tasks: readonly QueuedTask[],
    private readonly o: SubmitOptions,
  ) {
    for (const t of tasks) this.pending.set(t.id, t);
  }

  /** An event about job `id`: check it soon. */
  touch(id: string): void {
    if (!this.pending.has(id)) return;
    this.dirty.add(id);
    this.wake();
  }

  counts(): QueueCounts {
    const { done, failed, requeued } = this;
    return { total: this.tasks.length, done, failed, pending: this.pending.size, requeued };
  }

  missing(): QueuedTask[] {
    return [...this.pending.values()];
  }

  /** Enqueue everything, then reconcile until nothing is pending or the deadline passes. */
  async run(): Promise<void> {
    const deadline = this.o.timeoutSeconds === undefined ? Infinity : Date.now() + this.o.timeoutSeconds * 1000;
    const overdue = sleep(Math.min(deadline - Date.now(), 2 ** 31 - 1)).then(() => "overdue" as const);
    let full = true; // the first pass enqueues every task
    let first = true;
    while (this.pending.size > 0 && Date.now() < deadline) {
      const ids = full ? [...this.pending.keys()] : [...this.dirty];
      this.dirty.clear();
      const pass = this.safely(() => this.reconcile(ids, first));
      const ok = await Promise.race([pass, overdue]);
      if (ok === "overdue") break;
      if (full && ok) first = false;
      this.o.onProgress?.(this.counts());
      if (this.pending.size === 0) break;
      const woken = new Promise<"woken">((r) => {
        this.wake = () => r("woken");
      });
      if (this.dirty.size > 0) this.wake();
      full = (await Promise.race([woken, sleep(this.o.pollSeconds * 1000), overdue])) !== "woken";
    }
  }

  /** Run one pass; a queue error (Redis away) is logged once and the pass is retried later, a SinkError ends all. */
  private async safely(pass: () => Promise<void>): Promise<boolean> {
    try {
      await pass();
      if (this.queueError) this.o.log?.(`queue reachable again at ${this.o.target.url}`);
      this.queueError = "";
      return true;
    } catch (err) {
      if (err instanceof SinkError) throw err.inner;
      const msg = err instanceof Error ? err.message : String(err);
      if (msg !== this.queueError) this.o.log?.(`queue error (${this.o.target.url}): ${msg}; retrying`);
      this.queueError = msg;
      return false;
    }
  }

  /** Check the jobs of `ids`: collect finished ones, (re)enqueue absent ones (and failed ones on the first pass). */
  private async reconcile(ids: readonly string[], first: boolean): Promise<void> {
    let lost = 0;
    for (let k = 0; k < ids.length; k += CHUNK) {
      const chunk = ids.slice(k, k + CHUNK).filter((id) => this.pending.has(id));
      const states = await Promise.all(chunk.map((id) => this.queue.getJobState(id)));
      const toAdd: QueuedTask[] = [];
      for (const [i, id] of chunk.entries()) {
        const task = this.pending.get(id) as QueuedTask;
        const state = states[i];
        if (state === "completed") await this.collect(task);
        else if (state === "failed" && !first) await this.fail(task);
        else if (state === "failed") {
          await this.queue.remove(id);
          toAdd.push(task);
        } else if (state === "unknown") {
          if (!first) lost++;
          toAdd.push(task);
        }
      }
      await this.add(toAdd);
    }
    if (lost > 0) {
      this.requeued += lost;
      this.o.log?.(`re-enqueued ${lost} task(s) whose jobs had vanished from the queue (Redis restarted empty?)`);
    }
  }

  private async add(tasks: readonly QueuedTask[]): Promise<void> {
    if (tasks.length === 0) return;
    const opts: JobsOptions = {
      attempts: this.o.attempts,
      backoff: { type: "exponential", delay: this.o.backoffSeconds * 1000 },
    };
    await this.queue.addBulk(tasks.map((t) => ({ name: t.name, data: t.payload, opts: { ...opts, jobId: t.id } })));
  }

  /** Hand a finished job's result to onResult, then forget the job. */
  private async collect(task: QueuedTask): Promise<void> {
    const job = await this.queue.getJob(task.id);
    if (!job) return; // gone meanwhile: the next full pass enqueues it again
    let result: JobResult;
    try {
      result = decodeResult(job.returnvalue, task.id);
    } catch (err) {
      return this.fail(task, `unreadable result: ${(err as Error).message}`, job.attemptsMade);
    }
    try {
      this.o.onResult(task, result);
    } catch (err) {
      throw new SinkError(err);
    }
    this.pending.delete(task.id);
    this.done++;
    await job.remove();
  }

  /** Record a job that failed all its attempts, then forget it (a rerun enqueues it afresh). */
  private async fail(task: QueuedTask, why?: string, attempts?: number): Promise<void> {
    const job = await this.queue.getJob(task.id);
    const error = why ?? job?.failedReason ?? "failed";
    try {
      this.o.onFailed(task, error.split("\n")[0], attempts ?? job?.attemptsMade ?? 0);
    } catch (err) {
      throw new SinkError(err);
    }
    this.pending.delete(task.id);
    this.failed++;
    await job?.remove();
  }
}
