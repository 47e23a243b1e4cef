/**
 * Piscina worker: trains one configuration, or several sharing their data (runTogether), posting progress (epochs
 * done; [run, epochs] for a group) on the task's port.
 */

import type { MessagePort } from "node:worker_threads";
import type { RunConfig } from "../config/run.js";
import { runTogether, runTraining } from "../train/run.js";
import type { TimedRun } from "./pool.js";

export interface RunTask {
  config: RunConfig;
  port?: MessagePort;
}

export interface GroupTask {
  configs: RunConfig[];
  port?: MessagePort;
}

export default function runTask(task: RunTask | GroupTask): TimedRun | TimedRun[] {
  if ("configs" in task) {
    const { configs, port } = task;
    const runs = runGroup(configs, port ? (i, done) => port.postMessage([i, done]) : undefined);
    port?.close();
    return runs;
  }
  const { config, port } = task;
  const run = timedRun(config, port ? (done) => port.postMessage(done) : undefined);
  port?.close();
  return run;
}

/** One run with its wall time. */
export function timedRun(config: RunConfig, onProgress?: (epochsDone: number) => void): TimedRun {
  const start = performance.now();
  const result = runTraining(config, onProgress);
  return { ...result, wallSeconds: (performance.now() - start) / 1000 };
}

/** A group's runs (runTogether), each with the group's wall time shared equally (they advanced together). */
export function runGroup(configs: RunConfig[], onProgress?: (run: number, epochsDone: number) => void): TimedRun[] {
  const start = performance.now();
  const results = runTogether(configs, onProgress);
  const wallSeconds = (performance.now() - start) / 1000 / configs.length;
  return results.map((r) => ({ ...r, wallSeconds }));
}
