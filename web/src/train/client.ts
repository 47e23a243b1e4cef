/** The training tab's worker clients: the run (on the training worker) and the draw's theory (on the theory worker). */

import type { OwnDataset } from "../../../src/config/ownData.js";
import type { RunConfig } from "../../../src/config/run.js";
import type { WorkerLink } from "../workerLink.js";
import type { TrainReply } from "./runView.js";

/** The workers the tab uses. */
export interface TrainWorkers {
  train: WorkerLink;
  theory: WorkerLink;
}

/** The jobs of run `id`; every reply goes to `onReply`. */
export function trainClient(workers: TrainWorkers, onReply: (msg: TrainReply) => void) {
  const run = workers.train.connect("run", onReply);
  const theory = workers.theory.connect("theory", onReply);
  return {
    /** a new run (and its draw's theory): `data`, the user's points instead of the configuration's draw */
    start(id: number, config: RunConfig, data?: OwnDataset): void {
      run({ kind: "start", id, config, data });
      theory({ kind: "theory", id, config, data });
    },
    /** train to epoch `until` */
    play: (id: number, until: number) => run({ kind: "play", id, until }),
    pause: (id: number) => run({ kind: "pause", id }),
    /** to the next checkpoint */
    step: (id: number) => run({ kind: "step", id }),
  };
}
