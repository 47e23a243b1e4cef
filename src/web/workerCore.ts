/**
 * What the explorer's Web Workers do, independent of the worker global (so Node tests can drive it): train in slices
 * of ~SLICE_MS, stream checkpoints, stop between slices on pause; compute a draw's theory; run phase-diagram cells;
 * compute the 1-D model. web/src/worker.ts wires it to `self`.
 */

import { constantLabelRows, type OwnDataset } from "../config/ownData.js";
import type { RunConfig } from "../config/run.js";
import { defaultKernel } from "../core/kernel/kernel.js";
import { runTraining, trainingData } from "../train/run.js";
import { webTheory } from "./drawTheory.js";
import { classify } from "./phase.js";
import type { Reply, Request } from "./protocol.js";
import { toyView } from "./toyView.js";
import { runWhole, type SliceResult, Trainer } from "./trainer.js";

/** Wall time of one slice of training between two looks at the message queue. */
export const SLICE_MS = 40;

/** A worker's message handler, posting replies through `post`; `yieldNow` schedules a callback after pending messages. */
export function createWorkerCore(
  post: (reply: Reply, transfer?: ArrayBuffer[]) => void,
  yieldNow: (fn: () => void) => void = (fn) => setTimeout(fn, 0),
): (req: Request) => void {
  let trainer: Trainer | null = null;
  let id = -1;
  let running = false;
  let until = 0;
  let perSlice = 64;
  let runEpochs = 0;
  let runMs = 0;
  /** the id of the phase job in progress (a newer job or phaseStop ends it) */
  let phaseId = -1;

  const send = (slice: SliceResult) => {
    const transfer = slice.snapshots.map((s) => s.projections.buffer as ArrayBuffer);
    const rate = runMs > 0 ? (1000 * runEpochs) / runMs : 0;
    post({ kind: "progress", id, slice, running, epochsPerSecond: rate, backend: defaultKernel().backend }, transfer);
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

  const phase = (configs: RunConfig[], jobId: number, index: number) => {
    if (jobId !== phaseId || index >= configs.length) return;
    const r = runTraining(configs[index]);
    const accuracy = r.summary.grokking.accuracy;
    post({
      kind: "phaseCell",
      id: jobId,
      index,
      outcome: classify(accuracy),
      accuracy: { trainEpoch: accuracy.trainEpoch, genEpoch: accuracy.genEpoch, delayEpochs: accuracy.delayEpochs },
      finalPopAcc: r.summary.final.pop_acc,
    });
    yieldNow(() => phase(configs, jobId, index + 1));
  };

  return (req: Request) => {
    try {
      switch (req.kind) {
        case "start":
          start(req.config, req.id, req.data);
          break;
        case "play":
          if (req.id !== id || trainer === null || trainer.done) break;
          until = req.until;
          if (!running) {
            running = true;
            yieldNow(() => loop(req.id));
          }
          break;
        case "step":
          if (req.id !== id || trainer === null || trainer.done) break;
          running = false;
          send(
            trainer.advance(
              Number.POSITIVE_INFINITY,
              trainer.nextMark > trainer.epoch ? trainer.nextMark : trainer.epoch + 1,
            ),
          );
          break;
        case "pause":
          running = false;
          break;
        case "theory":
          post({ kind: "theory", id: req.id, theory: webTheory(req.config, theoryRows(req.config, req.data)) });
          break;
        case "phase":
          phaseId = req.id;
          phase(req.configs, req.id, req.from);
          break;
        case "phaseStop":
          if (req.id === phaseId) phaseId = -1;
          break;
        case "toy":
          post({ kind: "toy", id: req.id, view: toyView(req.toy) });
          break;
      }
    } catch (err) {
      running = false;
      post({ kind: "error", id: req.id, message: err instanceof Error ? err.message : String(err) });
    }
  };
}

/** The rows the draw's theory describes: the configuration's draw, or the user's points in constant-label form. */
function theoryRows(config: RunConfig, data?: OwnDataset) {
  return data ? constantLabelRows(data).rows : trainingData(config);
}
