/** The training tab's state: the run as the page holds it (what the worker streamed) and what is derived from it. */

import type { RunConfig } from "../../../src/config/run.js";
import { type AsymptotePoint, asymptote, type WebTheory } from "../../../src/web/drawTheory.js";
import type { ReplyOf } from "../../../src/web/protocol.js";
import type { ViewConfig } from "../../../src/web/state.js";
import type { SliceResult, Snapshot } from "../../../src/web/trainer.js";

/** The run's data as the page holds it. */
export interface RunView {
  id: number;
  config: RunConfig;
  snapshots: Snapshot[];
  last: SliceResult | null;
  theory: WebTheory | null;
  running: boolean;
  rate: number;
  backend: string;
  /** checkpoint index under inspection; null: follow the latest */
  inspect: number | null;
}

/** What the tab's two worker clients receive: the run's progress and the draw's theory. */
export type TrainReply = ReplyOf<"run"> | ReplyOf<"theory">;

/** A run with nothing received yet. */
export function blankRun(id: number, config: RunConfig): RunView {
  return { id, config, snapshots: [], last: null, theory: null, running: false, rate: 0, backend: "", inspect: null };
}

/** The grokking crossings (epochs) by the chosen definition; null where not crossed (or nothing received yet). */
export function crossing(run: RunView, grok: ViewConfig["grok"]): { tr: number | null; gen: number | null } {
  const c = run.last ? (grok === "acc" ? run.last.accuracy : run.last.loss) : null;
  return { tr: c?.trainEpoch ?? null, gen: c?.genEpoch ?? null };
}

/** The checkpoint under inspection (the latest when none is chosen); undefined before the first. */
export function inspected(run: RunView): Snapshot | undefined {
  const i = run.inspect ?? run.snapshots.length - 1;
  return run.snapshots[Math.max(0, Math.min(i, run.snapshots.length - 1))];
}

/**
 * The long-time asymptotes, from the latest checkpoint when the run stops (done, paused, stepped) and, while it
 * trains, recomputed only once the epoch has doubled since the checkpoint they start from (~17 times in a run of
 * 1e5 epochs, not at every checkpoint: 41 population losses by quadrature each time). They always start on the
 * trajectory. None once the run diverged. Returns the function that gives them for a run, with its cache.
 */
export function asymptotes(): (run: RunView) => AsymptotePoint[] {
  let pred: { key: string; from: number; points: AsymptotePoint[] } = { key: "", from: 0, points: [] };
  return (run) => {
    const last = run.snapshots.at(-1)?.row;
    const key = `${run.id}:${run.theory !== null}:${run.last?.diverged === true}`;
    const fresh = key === pred.key && last && (last.epoch === pred.from || (run.running && last.epoch < 2 * pred.from));
    if (fresh) return pred.points;
    const ok = run.theory && last && last.epoch > 0 && !run.last?.diverged;
    const points = ok ? asymptote(run.theory!, run.config, last, Math.max(run.config.epochs, last.epoch) * 1000) : [];
    pred = { key, from: last?.epoch ?? 0, points };
    return points;
  };
}

/** Take a worker reply for this run into it; returns whether there is something new to draw (false: not this run's). */
export function takeReply(run: RunView, msg: TrainReply): boolean {
  if (msg.id !== run.id) return false;
  if (msg.kind === "progress") {
    run.snapshots.push(...msg.slice.snapshots);
    run.last = msg.slice;
    // the worker says when it stopped by itself; a progress message already in flight when the visitor pressed
    // Pause still says "running" and must not undo the pause
    run.running = run.running && msg.running;
    run.rate = msg.epochsPerSecond;
    run.backend = msg.backend;
    return true;
  }
  if (msg.kind === "theory") {
    run.theory = msg.theory;
    return true;
  }
  return false;
}
