/**
 * The one protocol between the page and its Web Workers (structured-clone data only). A page part that talks to a
 * worker is a client (the training run, the draw's theory, the 1-D model, the phase diagram); each of its messages
 * names it, and the worker's replies name it back, so one worker can serve several clients and the page routes each
 * reply to the client that asked. Every job carries an id; a client ignores replies to an older id.
 */

import type { OwnDataset } from "../config/ownData.js";
import type { RunConfig } from "../config/run.js";
import type { Toy1dConfig } from "../config/toy1d.js";
import type { Crossing } from "../train/grokking.js";
import type { WebTheory } from "./drawTheory.js";
import type { Outcome } from "./phase.js";
import type { ToyView } from "./toyView.js";
import type { SliceResult } from "./trainer.js";

/**
 * What each client may ask (`request`) and what it gets back besides an error (`reply`), without the `client` tag.
 * `data`: the user's points (a dropped file, parsed in the page) instead of the configuration's draw; `config` is then
 * resized to them.
 */
export interface Protocol {
  run: {
    request:
      | { kind: "start"; id: number; config: RunConfig; data?: OwnDataset }
      | { kind: "play"; id: number; until: number }
      | { kind: "step"; id: number }
      | { kind: "pause"; id: number };
    reply: {
      kind: "progress";
      id: number;
      slice: SliceResult;
      running: boolean;
      epochsPerSecond: number;
      backend: string;
    };
  };
  theory: {
    request: { kind: "theory"; id: number; config: RunConfig; data?: OwnDataset };
    reply: { kind: "theory"; id: number; theory: WebTheory };
  };
  toy: {
    request: { kind: "toy"; id: number; toy: Toy1dConfig };
    reply: { kind: "toy"; id: number; view: ToyView };
  };
  phase: {
    request: { kind: "phase"; id: number; configs: RunConfig[]; from: number } | { kind: "phaseStop"; id: number };
    reply: { kind: "phaseCell"; id: number; index: number; outcome: Outcome; accuracy: Crossing; finalPopAcc: number };
  };
}

/** The page parts that talk to a worker. */
export type Client = keyof Protocol;

/** A job that failed in the worker: its id and the error's message. */
export interface ErrorReply {
  kind: "error";
  id: number;
  message: string;
}

/** What client C sends (its tag added). */
export type RequestOf<C extends Client> = Protocol[C]["request"] & { client: C };
/** What client C receives (its tag added). */
export type ReplyOf<C extends Client> = (Protocol[C]["reply"] | ErrorReply) & { client: C };

/** Page → worker. */
export type Request = { [C in Client]: RequestOf<C> }[Client];
/** Worker → page. */
export type Reply = { [C in Client]: ReplyOf<C> }[Client];
