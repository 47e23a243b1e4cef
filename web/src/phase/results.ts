/**
 * The phase-diagram tab's state: one result per run (cell-major, draws within a cell; null while pending) and what
 * the page says of them: a cell's outcome over its draws, its label, the progress line, the CSV.
 */

import {
  gridDimensions,
  gridSigmas,
  majorityOutcome,
  OUTCOMES,
  type Outcome,
  phaseCells,
} from "../../../src/web/phase.js";
import type { ViewConfig, WebState } from "../../../src/web/state.js";
import { fmt } from "../dom.js";

/** What one run did. */
export interface CellResult {
  outcome: Outcome;
  finalPopAcc: number;
  trainEpoch: number | null;
  genEpoch: number | null;
}

/** Every run's result, null while pending. */
export type Results = (CellResult | null)[];

/** The runs of cell `index` (its `draws`). */
export function cellRuns(results: Results, index: number, draws: number): Results {
  return results.slice(index * draws, (index + 1) * draws);
}

/** A cell's result once all its draws are done: the most frequent outcome, its counts, the mean final accuracy. */
export function cellResult(results: Results, index: number, draws: number) {
  const runs = cellRuns(results, index, draws);
  if (runs.some((r) => r === null)) return null;
  const done = runs as CellResult[];
  const { outcome, counts } = majorityOutcome(done.map((r) => r.outcome));
  const finalPopAcc = done.reduce((a, r) => a + r.finalPopAcc, 0) / done.length;
  return { outcome, counts, finalPopAcc, draws: done.length };
}

/** A cell's label: where it is in (λ, σ) and what its runs did so far. */
export function cellLabel(results: Results, index: number, v: ViewConfig): string {
  const n = v.phaseCells;
  const d = gridDimensions(v)[index % n];
  const sigma = gridSigmas(v)[Math.floor(index / n)];
  const r = cellResult(results, index, v.phaseDraws);
  const where = `λ = ${fmt(d / v.phaseN)}, σ = ${fmt(sigma, 3)}`;
  if (!r) {
    const done = cellRuns(results, index, v.phaseDraws).filter((x) => x !== null).length;
    return `${where}: pending${v.phaseDraws > 1 ? ` (${done} of ${v.phaseDraws} draws)` : ""}`;
  }
  const split =
    r.draws > 1
      ? ` (${r.draws} draws: ${OUTCOMES.filter((o) => r.counts[o] > 0)
          .map((o) => `${r.counts[o]} ${o}`)
          .join(", ")}), mean`
      : ",";
  return `${where}: ${r.outcome}${split} final population accuracy ${fmt(r.finalPopAcc)}`;
}

/** Where a job stands: whether it is computing, and the wall time (ms) and the runs done when it last (re)started. */
export interface Progress {
  computing: boolean;
  since: number;
  doneAtSince: number;
}

/** The progress line: runs done, and the time left while computing or that the grid is paused. */
export function progressText(results: Results, draws: number, p: Progress): string {
  const done = results.filter((r) => r !== null).length;
  const total = results.length;
  let text = draws > 1 ? `${done} / ${total} runs (${draws} draws per cell)` : `${done} / ${total} cells`;
  if (done < total && p.computing && done > p.doneAtSince) {
    const perCell = (performance.now() - p.since) / (done - p.doneAtSince);
    text += ` · about ${Math.ceil((perCell * (total - done)) / 1000)} s left`;
  } else if (done < total && !p.computing) text += " · paused (Run grid restarts, the tab resumes)";
  return text;
}

/** One row per run (every draw of every cell). */
export function resultsCsv(results: Results, st: WebState): string {
  const runs = phaseCells(st.run, st.view).flatMap((c) => c.draws);
  const head = "N,d,lambda,sigma,epochs,seed,outcome,final_pop_acc,train_epoch,gen_epoch";
  const rows = runs.map((c, k) => {
    const r = results[k];
    return [
      c.n,
      c.d,
      c.d / c.n,
      c.sigma,
      c.epochs,
      c.seed,
      r?.outcome ?? "",
      r?.finalPopAcc ?? "",
      r?.trainEpoch ?? "",
      r?.genEpoch ?? "",
    ].join(",");
  });
  return `${[head, ...rows].join("\n")}\n`;
}
