/**
 * A queue worker: takes jobs from the "grokedge" queue (queue.ts) and computes them on a thread pool, `threads` at a
 * time, until closed. The computation runs in piscina threads, so this thread stays free to renew the job locks: a
 * long cell is never mistaken for a dead worker. A worker that dies (kill -9, a lost machine) stops renewing its
 * locks; after `lockSeconds` another worker's stalled-job check puts its jobs back in the queue, up to
 * MAX_STALLED times per job. A job that throws is retried by BullMQ with the submitter's attempts and backoff; an
 * invalid job (a bad spec, another version's sweep key) fails at once without retries.
 */

import { type Job, type JobJsonRaw, UnrecoverableError, Worker } from "bullmq";
import { Piscina } from "piscina";
import { resolveRunConfig } from "../config/run.js";
import { UsageError } from "../config/schema.js";
import { lenientTestError } from "../experiments/lenientSeparability.js";
import type { TimedRun } from "../experiments/runWorker.js";
import { parseSweepSpec, type SweepCell, sweepCells, sweepKey } from "../experiments/sweep.js";
import type { TheoryOutcome, TheoryTask } from "../experiments/theoryTasks.js";
import { type CellJob, encodeResult, type JobPayload, QUEUE_NAME, type QueueTarget, workerName } from "./queue.js";

/** How often one job may be found stalled (its worker gone) and requeued before it is failed. */
export const MAX_STALLED = 5;

export interface QueueWorkerOptions {
  target: QueueTarget;
  /** jobs computed at once (pool threads) */
  threads: number;
  /** a job whose worker has not renewed its lock for this long is requeued (BullMQ's lockDuration) */
  lockSeconds: number;
  /** this grokedge's version, stored with each result */
  version: string;
  /** one line per job started, done or failed, and per connection problem */
  log: (line: string) => void;
}

export interface RunningWorker {
  /** stop taking jobs; resolves when the jobs in hand are finished (force: abandon them to the stalled check) */
  close(force?: boolean): Promise<void>;
}

/** Lazily started piscina pools of the compiled workers (experiments/runWorker.js, experiments/theoryWorker.js). */
function pools(threads: number) {
  const made = new Map<string, Piscina>();
  const get = (file: string) => {
    let pool = made.get(file);
    if (!pool) {
      const filename = new URL(`../experiments/${file}`, import.meta.url).href;
      pool = new Piscina({ filename, maxThreads: threads, minThreads: 0, idleTimeout: 60_000 });
      made.set(file, pool);
    }
    return pool;
  };
  return {
    train: (config: unknown) => get("runWorker.js").run({ config }) as Promise<TimedRun>,
    theory: (task: unknown) => get("theoryWorker.js").run(task) as Promise<TheoryOutcome>,
    destroy: () => Promise.all([...made.values()].map((p) => p.destroy())),
  };
}

/** The cells of a sweep, rebuilt from a job's spec once per sweep; a spec this version keys differently is refused. */
function cellResolver() {
  const cache = new Map<string, SweepCell[]>();
  return (job: Job, p: CellJob): SweepCell => {
    let cells = cache.get(p.sweepKey);
    if (!cells) {
      try {
        const spec = parseSweepSpec(p.spec, `the spec of job ${job.id}`);
        const key = sweepKey(spec);
        if (key !== p.sweepKey) {
          throw new UsageError(
            `this worker keys sweep "${spec.name}" as ${key}, the submitter as ${p.sweepKey}: run the same grokedge version on both sides`,
          );
        }
        cells = sweepCells(spec, key);
      } catch (err) {
        if (err instanceof UsageError) throw new UnrecoverableError(err.message);
        throw err;
      }
      cache.set(p.sweepKey, cells);
    }
    const cell = cells[p.index];
    if (!cell) throw new UnrecoverableError(`job ${job.id}: the sweep has no cell ${p.index}`);
    if (cell.config === null) throw new UnrecoverableError(cell.error ?? "invalid configuration");
    return cell;
  };
}

const THEORY_KINDS: readonly TheoryTask["kind"][] = ["sinf", "svm", "draw", "sinfChain"];

/**
 * A theory job's task, validated as the one schema validates a draw (N, d, σ, seed, run index; config/run.ts): a
 * malformed or forged job fails for good (UnrecoverableError) instead of coming back "done" with garbage.
 */
export function checkedTheoryTask(job: Pick<Job, "id">, task: unknown): TheoryTask {
  const t = task as Partial<TheoryTask> | null;
  const fail = (why: string): never => {
    throw new UnrecoverableError(`job ${job.id}: ${why}`);
  };
  if (t === null || typeof t !== "object") return fail("no theory task");
  if (!THEORY_KINDS.includes(t.kind as TheoryTask["kind"])) {
    fail(`unknown theory kind ${JSON.stringify(t.kind)} (allowed: ${THEORY_KINDS.join(", ")})`);
  }
  try {
    const where = `theory job ${job.id}`;
    const model = {
      distribution: t.distribution,
      alpha: t.alpha,
      nu: t.nu,
      "mix-mean": t.mixMean,
      "mix-std": t.mixStd,
      spike: t.spike,
    };
    const values = { N: t.n, d: t.d, sigma: t.sigma, seed: t.seed, "run-index": t.runIndex, "test-size": 0, ...model };
    const c = resolveRunConfig([{ values, namer: (f) => `"${f.flag}" in ${where}`, where }]);
    const drawn = { n: c.n, d: c.d, sigma: c.sigma, seed: c.seed, runIndex: c.runIndex };
    const named =
      t.distribution === undefined
        ? {}
        : { distribution: c.distribution, alpha: c.alpha, nu: c.nu, mixMean: c.mixMean, mixStd: c.mixStd };
    const spike = t.spike === undefined ? {} : { spike: c.spike }; // spiked draws name their spike
    return { kind: t.kind as TheoryTask["kind"], ...drawn, ...named, ...spike, ...chainOf(t, c.d, fail) };
  } catch (err) {
    if (err instanceof UsageError) return fail(err.message);
    throw err;
  }
}

/** A "sinfChain" task's ds (integers rising to its d) and lenient setting; neither for the other kinds. */
function chainOf(t: Partial<TheoryTask>, d: number, fail: (why: string) => never): Pick<TheoryTask, "ds" | "lenient"> {
  if (t.kind !== "sinfChain") {
    return t.ds === undefined && t.lenient === undefined ? {} : fail(`ds or lenient given for a ${t.kind} task`);
  }
  const why = t.lenient === undefined ? null : lenientTestError(t.lenient);
  if (why) fail(why);
  const lenient = t.lenient ? { lenient: { ...t.lenient } } : {};
  const ds = t.ds as unknown;
  const ok =
    Array.isArray(ds) &&
    ds.length > 0 &&
    ds.every((x, i) => Number.isInteger(x) && x >= 1 && (i === 0 || x > ds[i - 1])) &&
    ds[ds.length - 1] === d;
  if (!ok) fail(`ds ${JSON.stringify(ds)}: allowed, rising integers ≥ 1 ending at d = ${d}`);
  return { ds: [...(ds as number[])], ...lenient };
}

/** The payload given to a job whose stored data is not JSON: the processor fails it for good. */
const UNREADABLE = { kind: "unreadable" } as const;

/**
 * BullMQ parses a job's data while fetching it; data that is not JSON (written into Redis by hand, or corrupted)
 * throws inside its fetch loop and leaves the job active forever. Here such a job is handed to the processor with
 * the UNREADABLE payload, which fails it at once (UnrecoverableError: no retries).
 */
class CheckedWorker extends Worker<JobPayload, string> {
  protected override createJob(raw: JobJsonRaw, jobId: string): Job<JobPayload, string> {
    try {
      return super.createJob(raw, jobId);
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      return super.createJob({ ...raw, data: JSON.stringify(UNREADABLE) }, jobId);
    }
  }
}

/** Start a worker on the queue; it runs until closed. */
export function startQueueWorker(o: QueueWorkerOptions): RunningWorker {
  const pool = pools(o.threads);
  const cellOf = cellResolver();
  const me = workerName();
  const processor = async (job: Job<JobPayload>): Promise<string> => {
    const p = job.data;
    o.log(`start ${job.id} (attempt ${job.attemptsMade + 1})`);
    if ((p as { kind: string }).kind === UNREADABLE.kind)
      throw new UnrecoverableError(`job ${job.id}: its data is not JSON`);
    if (p.kind === "cell") {
      const cell = cellOf(job, p);
      const { wallSeconds, ...run } = await pool.train(cell.config);
      return encodeResult({ run, wallSeconds, version: o.version, worker: me });
    }
    if (p.kind === "theory") return encodeResult(await pool.theory(checkedTheoryTask(job, p.task)));
    throw new UnrecoverableError(`job ${job.id} has an unknown kind ${JSON.stringify((p as { kind: unknown }).kind)}`);
  };
  const worker = new CheckedWorker(QUEUE_NAME, processor, {
    connection: o.target.connection,
    concurrency: o.threads,
    lockDuration: o.lockSeconds * 1000,
    stalledInterval: o.lockSeconds * 1000,
    maxStalledCount: MAX_STALLED,
    autorun: true,
  });
  worker.on("completed", (job) => o.log(`done ${job.id}`));
  worker.on("failed", (job, err) =>
    o.log(`failed ${job?.id ?? "?"} (attempt ${job?.attemptsMade ?? "?"}): ${err.message}`),
  );
  worker.on("stalled", (jobId) => o.log(`requeued ${jobId}: its worker stopped renewing the lock`));
  let lastError = "";
  worker.on("error", (err) => {
    // a Redis outage repeats one error many times a second: log each distinct message once
    if (err.message !== lastError) o.log(`queue error: ${err.message}`);
    lastError = err.message;
  });
  worker.on("ready", () => {
    lastError = "";
  });
  return {
    async close(force = false) {
      await worker.close(force);
      await pool.destroy();
    },
  };
}
