/**
 * `grokedge worker --queue redis://host:port`: compute jobs from the queue (sweep cells submitted by
 * `grokedge sweep run --queue`, theory tasks) on this machine until stopped; start one per machine, any number.
 * SIGTERM or Ctrl-C stops taking jobs and finishes those in hand (a second one abandons them: they go back to the
 * queue once their locks expire). Results go back through Redis to the submitter, which stores them.
 */

import { availableParallelism } from "node:os";
import type { Command } from "commander";
import { parseQueueUrl } from "../cluster/queue.js";
import { startQueueWorker } from "../cluster/queueWorker.js";
import { commandFields } from "../config/commandOptions.js";
import { parseOption, UsageError } from "../config/schema.js";
import { VERSION } from "./version.js";

/** Default lock: a job whose worker has been silent this long (seconds) is handed to another worker. */
export const DEFAULT_LOCK_SECONDS = 30;

export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description("compute sweep cells (and theory tasks) from a Redis queue, until stopped (SIGTERM or Ctrl-C)")
    .option("--queue <url>", "the Redis server the work was submitted to: redis://host:port[/db]")
    .option("--workers <n>", "jobs computed at once, one thread each (default: all cores)")
    .option("--lock-seconds <s>", commandFields.lockSeconds.help, String(DEFAULT_LOCK_SECONDS))
    .option("--quiet", "no log lines on stderr")
    .action((opts: WorkerFlags) => workerAction(opts));
}

/** The options of `worker` as commander gives them. */
interface WorkerFlags {
  queue?: string;
  workers?: string;
  lockSeconds: string;
  quiet?: true;
}

async function workerAction(opts: WorkerFlags): Promise<void> {
  if (opts.queue === undefined) {
    throw new UsageError("--queue is required: the Redis URL the work was submitted to, e.g. redis://127.0.0.1:6379");
  }
  const target = parseQueueUrl(opts.queue);
  const threads = parseOption(commandFields.workers, opts.workers ?? availableParallelism());
  const lockSeconds = parseOption(commandFields.lockSeconds, opts.lockSeconds);
  const log = opts.quiet ? () => {} : (line: string) => process.stderr.write(`worker ${process.pid}: ${line}\n`);
  const worker = startQueueWorker({ target, threads, lockSeconds, version: VERSION, log });
  log(`taking jobs from ${target.url} (${threads} at a time)`);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(130);
      stopping = true;
      log(`${signal}: finishing the jobs in hand (send it again to abandon them to other workers)`);
      worker.close().then(resolve, resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  log("stopped");
}
