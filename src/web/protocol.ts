/** Messages between the page and its Web Workers (structured-clone data only). */

import type { OwnDataset } from "../config/ownData.js";
import type { RunConfig } from "../config/run.js";
import type { Toy1dConfig } from "../config/toy1d.js";
import type { Crossing } from "../train/grokking.js";
import type { WebTheory } from "./drawTheory.js";
import type { Outcome } from "./phase.js";
import type { ToyView } from "./toyView.js";
import type { SliceResult } from "./trainer.js";

/**
 * Page → worker. Every job carries an id; results of an older id are ignored by the page. `data`: the user's points
 * (a dropped file, parsed in the page) instead of the configuration's draw; `config` is then resized to them.
 */
export type Request =
  | { kind: "start"; id: number; config: RunConfig; data?: OwnDataset }
  | { kind: "play"; id: number; until: number }
  | { kind: "step"; id: number }
  | { kind: "pause"; id: number }
  | { kind: "theory"; id: number; config: RunConfig; data?: OwnDataset }
  | { kind: "phase"; id: number; configs: RunConfig[]; from: number }
  | { kind: "phaseStop"; id: number }
  | { kind: "toy"; id: number; toy: Toy1dConfig };

/** Worker → page. */
export type Reply =
  | { kind: "progress"; id: number; slice: SliceResult; running: boolean; epochsPerSecond: number; backend: string }
  | { kind: "theory"; id: number; theory: WebTheory }
  | { kind: "phaseCell"; id: number; index: number; outcome: Outcome; accuracy: Crossing; finalPopAcc: number }
  | { kind: "toy"; id: number; view: ToyView }
  | { kind: "error"; id: number; message: string };
