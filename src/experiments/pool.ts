/**
 * Run many independent configurations, one per core. Each run is deterministic in its own (seed, runIndex), so the
 * results do not depend on the number of workers or on scheduling.
 */

import { availableParallelism } from "node:os";
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import type { RunConfig } from "../config/run.js";
import { releaseKernelMemory } from "../train/kernelThreads.js";
import { type TimedRun, timedRun } from "./runWorker.js";

export type { TimedRun };

export interface PoolOptions {
  /** worker threads; 1 runs in this thread (no worker files needed) */
  workers: number;
  /** total epochs done over all runs so far */
  onProgress?: (epochsDone: number) => void;
  /** called as each run finishes, with its index in `configs` */
  onResult?: (index: number, run: TimedRun) => void;
  /** which runs also get their long-time prediction on their own draw (summary.prediction) */
  predict?: (index: number) => boolean;
}

/** Default worker count: every core, but no more than there are runs. */
export function defaultWorkers(runs: number): number {
  return Math.max(1, Math.min(availableParallelism(), runs));
}

/** Train every configuration; results in input order. */
export async function runMany(configs: readonly RunConfig[], o: PoolOptions): Promise<TimedRun[]> {
  const done = new Float64Array(configs.length);
  const report = (i: number, epochs: number) => {
    done[i] = epochs;
    o.onProgress?.(done.reduce((a, b) => a + b, 0));
  };
  const finish = (i: number, run: TimedRun) => {
    report(i, run.config.epochs);
    o.onResult?.(i, run);
    return run;
  };
  const predict = (i: number) => o.predict?.(i) === true;
  if (o.workers <= 1) {
    const runs: TimedRun[] = [];
    for (const [i, config] of configs.entries()) {
      runs.push(
        finish(
          i,
          timedRun(config, (e) => report(i, e), predict(i)),
        ),
      );
      // a large X (3 GB at the paper's size) is garbage once its run ends: free it before the next one is drawn, so
      // that two never coexist (the figure command at --size paper exposes gc)
      await releaseKernelMemory();
    }
    return runs;
  }
  const pool = new Piscina({ filename: new URL("./runWorker.js", import.meta.url).href, maxThreads: o.workers });
  try {
    return await Promise.all(
      configs.map(async (config, i) => {
        const { port1, port2 } = new MessageChannel();
        port1.on("message", (e: number) => report(i, e));
        try {
          const task = { config, port: port2, predict: predict(i) };
          const run = (await pool.run(task, { transferList: [port2] })) as TimedRun;
          return finish(i, run);
        } finally {
          port1.close();
        }
      }),
    );
  } finally {
    await pool.destroy();
  }
}
