/** Piscina worker: trains one configuration and posts progress (epochs done) on the task's port. */

import type { MessagePort } from "node:worker_threads";
import type { RunConfig } from "../config/run.js";
import { runTraining } from "../train/run.js";
import type { TimedRun } from "./pool.js";

export interface RunTask {
  config: RunConfig;
  port?: MessagePort;
}

export default function runTask({ config, port }: RunTask): TimedRun {
  const start = performance.now();
  const result = runTraining(config, port ? (done) => port.postMessage(done) : undefined);
  port?.close();
  return { ...result, wallSeconds: (performance.now() - start) / 1000 };
}
