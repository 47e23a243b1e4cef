/**
 * The --queue options shared by `grokedge sweep run` and `grokedge figure`: which Redis to use, attempts per task,
 * how often every pending task is checked, and how long to wait; plus the progress line of a queued run.
 */

import type { Command } from "commander";
import { parseQueueUrl, type QueueTarget } from "../cluster/queue.js";
import type { QueueCounts } from "../cluster/queueSubmit.js";
import { commandFields } from "../config/commandOptions.js";
import { parseOption, UsageError } from "../config/schema.js";

/** Defaults of the --queue options: attempts per task, seconds between full checks, backoff and connect seconds. */
export const QUEUE_DEFAULTS = { attempts: 3, poll: 5, backoff: 2, connect: 10 };

export interface QueueRunOptions {
  target: QueueTarget;
  attempts: number;
  pollSeconds: number;
  timeoutSeconds: number | undefined;
}

/** Declare --queue, --timeout, --attempts and --poll-seconds on a command; `what` names its tasks ("cells"). */
export function addQueueOptions(command: Command, what: string, queueHelp: string): Command {
  return command
    .option("--queue <url>", queueHelp)
    .option("--timeout <s>", `with --queue: stop waiting after s seconds, name the ${what} not finished, exit 1`)
    .option(
      "--attempts <n>",
      `with --queue: runs of a task before it counts as failed (default ${QUEUE_DEFAULTS.attempts})`,
    )
    .option("--poll-seconds <s>", `with --queue: check every pending task this often (default ${QUEUE_DEFAULTS.poll})`);
}

/** The options of addQueueOptions as commander gives them, and --workers (which does not apply with --queue). */
export interface QueueFlags {
  queue?: string;
  timeout?: string;
  attempts?: string;
  pollSeconds?: string;
  workers?: string;
}

/** The --queue options, or undefined for a local run (whose queue-only options are refused). */
export function queueOptions(opts: QueueFlags): QueueRunOptions | undefined {
  if (opts.queue === undefined) {
    const { timeout, attempts, pollSeconds } = commandFields;
    for (const field of [timeout, attempts, pollSeconds]) {
      const value = opts[field.key];
      if (value !== undefined) {
        throw new UsageError(
          `--${field.flag} applies only with --queue (got --${field.flag} ${value} without --queue)`,
        );
      }
    }
    return undefined;
  }
  if (opts.workers !== undefined) {
    throw new UsageError(
      "--workers sets local threads and does not apply with --queue: start workers with grokedge worker --queue URL --workers N",
    );
  }
  return {
    target: parseQueueUrl(opts.queue),
    attempts: parseOption(commandFields.attempts, opts.attempts ?? QUEUE_DEFAULTS.attempts),
    pollSeconds: parseOption(commandFields.pollSeconds, opts.pollSeconds ?? QUEUE_DEFAULTS.poll),
    timeoutSeconds: opts.timeout === undefined ? undefined : parseOption(commandFields.timeout, opts.timeout),
  };
}

/** The submit options of runOnQueue that follow from the command line. */
export function submitSettings(q: QueueRunOptions) {
  return {
    target: q.target,
    attempts: q.attempts,
    backoffSeconds: QUEUE_DEFAULTS.backoff,
    timeoutSeconds: q.timeoutSeconds,
    pollSeconds: q.pollSeconds,
    connectSeconds: Math.min(QUEUE_DEFAULTS.connect, q.timeoutSeconds ?? Infinity),
  };
}

/** Progress of a queued run, one line whenever the counts change (at most every 2 s, and always at the end). */
export function queueProgress(say: (line: string) => void): (c: QueueCounts) => void {
  let last = "";
  let at = 0;
  return (c) => {
    const line = `${c.done + c.failed}/${c.total} finished: ${c.done} done, ${c.failed} failed, ${c.pending} pending`;
    const now = performance.now();
    if (line === last || (c.pending > 0 && now - at < 2000)) return;
    say(line);
    last = line;
    at = now;
  };
}
