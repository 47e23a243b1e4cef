/**
 * What the explorer's Web Workers do, independent of the worker global (so Node tests can drive it): train in slices
 * of ~SLICE_MS, stream checkpoints, stop between slices on pause; compute a draw's theory; run phase-diagram cells;
 * compute the 1-D model. Every reply names the client and the job it answers (protocol.ts). web/src/worker.ts wires
 * it to `self`.
 */

import { constantLabelRows, type OwnDataset } from "../config/ownData.js";
import type { RunConfig } from "../config/run.js";
import { defaultKernel } from "../core/kernel/kernel.js";
import { runTraining, trainingData } from "../train/run.js";
import { webTheory } from "./drawTheory.js";
import { classify } from "./phase.js";
import type { Reply, ReplyOf, Request, RequestOf } from "./protocol.js";
import { toyView } from "./toyView.js";
import { runWhole, type SliceResult, Trainer } from "./trainer.js";

/** Wall time of one slice of training between two looks at the message queue. */
export const SLICE_MS = 40;

/** Posts a reply, moving the listed buffers. */
export type Post = (reply: Reply, transfer?: ArrayBuffer[]) => void;
/** Schedules a callback after the messages already pending. */
export type YieldNow = (fn: () => void) => void;

/** A worker's message handler, posting replies through `post`; `yieldNow` schedules a callback after pending messages. */
export function createWorkerCore(post: Post, yieldNow: YieldNow = (fn) => setTimeout(fn, 0)): (req: Request) => void {
  const run = runJobs(post, yieldNow);
  const phase = phaseJobs(post, yieldNow);
  return (req: Request) => {
    try {
      switch (req.client) {
        case "run":
          run.handle(req);
          break;
        case "theory":
          post({
            client: "theory",
            kind: "theory",
            id: req.id,
            theory: webTheory(req.config, theoryRows(req.config, req.data)),
          });
          break;
        case "toy":
          post({ client: "toy", kind: "toy", id: req.id, view: toyView(req.toy) });
          break;
        case "phase":
          phase.handle(req);
          break;
      }
    } catch (err) {
      run.stop();
      post({
        client: req.client,
        kind: "error",
        id: req.id,
        message: err instanceof Error ? err.message : String(err),
      });
    }
  };
}

/**
 * The run client's jobs: one training run at a time (a newer start replaces it), advanced in slices sized to take
 * ~SLICE_MS each, with a progress reply after every slice.
 */
function runJobs(post: Post, yieldNow: YieldNow) {
  let trainer: Trainer | null = null;
  let id = -1;
  let running = false;
  let until = 0;
  let perSlice = 64;
  let runEpochs = 0;
  let runMs = 0;

  const send = (slice: SliceResult) => {
    const transfer = slice.snapshots.map((s) => s.projections.buffer as ArrayBuffer);
    const epochsPerSecond = runMs > 0 ? (1000 * runEpochs) / runMs : 0;
    const backend = defaultKernel().backend;
    post({ client: "run", kind: "progress", id, slice, running, epochsPerSecond, backend }, transfer);
  };

  const loop = (jobId: number) => {
    if (!running || jobId !== id || trainer === null) return;
    const t0 = performance.now();
    const e0 = trainer.epoch;
    const slice = trainer.advance(perSlice, until);
    const ms = performance.now() - t0;
    runEpochs += trainer.epoch - e0;
    runMs += ms;
    // aim at SLICE_MS per slice, growing at most 4× at a time
    perSlice = Math.max(1, Math.min(perSlice * 4, Math.round((perSlice * SLICE_MS) / Math.max(ms, 0.5))));
    if (slice.done || trainer.epoch >= until) running = false;
    send(slice);
    if (running) yieldNow(() => loop(jobId));
  };

  const start = (config: RunConfig, jobId: number, data?: OwnDataset) => {
    id = jobId;
    running = false;
    runEpochs = 0;
    runMs = 0;
    if (config.optimizer === "gd" || config.optimizer === "adam") {
      trainer = new Trainer(config, data);
      send(trainer.advance(0)); // the initial checkpoint
    } else {
      trainer = null;
      send(runWhole(config, data)); // gradient flow: adaptive in log time, one piece
    }
  };

  const handle = (req: RequestOf<"run">) => {
    if (req.kind === "start") return start(req.config, req.id, req.data);
    if (req.kind === "pause") {
      running = false;
      return;
    }
    if (req.id !== id || trainer === null || trainer.done) return;
    if (req.kind === "play") {
      until = req.until;
      if (!running) {
        running = true;
        yieldNow(() => loop(req.id));
      }
    } else {
      running = false;
      send(
        trainer.advance(
          Number.POSITIVE_INFINITY,
          trainer.nextMark > trainer.epoch ? trainer.nextMark : trainer.epoch + 1,
        ),
      );
    }
  };

  return {
    handle,
    /** stop training (a job failed) */
    stop: () => {
      running = false;
    },
  };
}

/** The phase client's jobs: one grid at a time, a cell per turn of the queue (a newer job or phaseStop ends it). */
function phaseJobs(post: (reply: ReplyOf<"phase">) => void, yieldNow: YieldNow) {
  /** the id of the phase job in progress */
  let phaseId = -1;
  const cell = (configs: RunConfig[], jobId: number, index: number) => {
    if (jobId !== phaseId || index >= configs.length) return;
    const r = runTraining(configs[index]);
    const accuracy = r.summary.grokking.accuracy;
    post({
      client: "phase",
      kind: "phaseCell",
      id: jobId,
      index,
      outcome: classify(accuracy),
      accuracy: { trainEpoch: accuracy.trainEpoch, genEpoch: accuracy.genEpoch, delayEpochs: accuracy.delayEpochs },
      finalPopAcc: r.summary.final.pop_acc,
    });
    yieldNow(() => cell(configs, jobId, index + 1));
  };
  return {
    handle(req: RequestOf<"phase">) {
      if (req.kind === "phase") {
        phaseId = req.id;
        cell(req.configs, req.id, req.from);
      } else if (req.id === phaseId) phaseId = -1;
    },
  };
}

/** The rows the draw's theory describes: the configuration's draw, or the user's points in constant-label form. */
function theoryRows(config: RunConfig, data?: OwnDataset) {
  return data ? constantLabelRows(data).rows : trainingData(config);
}
