/**
 * Piscina worker: trains one configuration, or several sharing their data (runTogether), posting progress (epochs
 * done; [run, epochs] for a group) on the task's port.
 */

import type { MessagePort } from "node:worker_threads";
import type { RunConfig } from "../config/run.js";
import { type RunResult, runTraining, trainingSet, trainOn } from "../train/run.js";
import { runTogether } from "../train/runTogether.js";
import { predictRun } from "./longTime.js";

/** A run with its wall time in seconds (training only). */
export interface TimedRun extends RunResult {
  wallSeconds: number;
}

export interface RunTask {
  config: RunConfig;
  port?: MessagePort;
  /** also compute the run's long-time prediction on its own draw (summary.prediction) */
  predict?: boolean;
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
  const run = timedRun(config, port ? (done) => port.postMessage(done) : undefined, task.predict);
  port?.close();
  return run;
}

/** One run with its wall time (training only), and with `predict` its long-time prediction in summary.prediction. */
export function timedRun(config: RunConfig, onProgress?: (epochsDone: number) => void, predict = false): TimedRun {
  const start = performance.now();
  if (!predict) {
    const result = runTraining(config, onProgress);
    return { ...result, wallSeconds: (performance.now() - start) / 1000 };
  }
  const train = trainingSet(config);
  const state = trainOn(config, train, onProgress);
  const wallSeconds = (performance.now() - start) / 1000;
  state.run.summary.prediction = predictRun(config, train, state);
  return { ...state.run, wallSeconds };
}

/** A group's runs (runTogether), each with the group's wall time shared equally (they advanced together). */
export function runGroup(configs: RunConfig[], onProgress?: (run: number, epochsDone: number) => void): TimedRun[] {
  const start = performance.now();
  const results = runTogether(configs, onProgress);
  const wallSeconds = (performance.now() - start) / 1000 / configs.length;
  return results.map((r) => ({ ...r, wallSeconds }));
}
