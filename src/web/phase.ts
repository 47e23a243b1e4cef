/**
 * The phase diagram tab: a (λ, σ) grid of small runs, each classified by what it did within its horizon. Pure.
 */

import type { RunConfig } from "../config/run.js";
import type { Crossing } from "../train/grokking.js";
import type { ViewConfig } from "./state.js";

export type Outcome = "generalises" | "groks" | "memorises" | "unfitted";

/** How many times later than the training metric the population metric may cross and still count as "generalises". */
export const GROK_FACTOR = 10;

/** One-line definitions shown next to the diagram. */
export const OUTCOME_TEXT: Record<Outcome, string> = {
  generalises: `population accuracy reached the threshold within ${GROK_FACTOR}× the epochs training accuracy took`,
  groks: `population accuracy reached the threshold, more than ${GROK_FACTOR}× later than training accuracy`,
  memorises: "training accuracy reached the threshold, population accuracy did not (within the horizon)",
  unfitted: "training accuracy did not reach the threshold within the horizon",
};

/** Classify a run from its accuracy crossings (epochs). */
export function classify(c: Crossing): Outcome {
  if (c.trainEpoch === null) return c.genEpoch === null ? "unfitted" : "generalises";
  if (c.genEpoch === null) return "memorises";
  return c.genEpoch > GROK_FACTOR * Math.max(c.trainEpoch, 1) ? "groks" : "generalises";
}

/** The grid's λ values: d = round(λN) at evenly spaced λ, so every cell is a valid (integer d) run. */
export function gridDimensions(v: ViewConfig): number[] {
  const out: number[] = [];
  for (let i = 0; i < v.phaseCells; i++) {
    const lambda = v.phaseLambdaMin + ((v.phaseLambdaMax - v.phaseLambdaMin) * i) / (v.phaseCells - 1);
    out.push(Math.max(1, Math.round(lambda * v.phaseN)));
  }
  return out;
}

/** The grid's σ values, log-spaced, rounded to 3 significant digits (so they print and round-trip short). */
export function gridSigmas(v: ViewConfig): number[] {
  const out: number[] = [];
  for (let i = 0; i < v.phaseCells; i++) {
    const s = v.phaseSigmaMin * (v.phaseSigmaMax / v.phaseSigmaMin) ** (i / (v.phaseCells - 1));
    out.push(Number(s.toPrecision(3)));
  }
  return out;
}

/** The order of the outcomes (the legend's), which also breaks ties in a cell's majority. */
export const OUTCOMES: readonly Outcome[] = ["generalises", "groks", "memorises", "unfitted"];

/** A cell's outcome over its draws: the most frequent one (ties: the first in OUTCOMES), with the counts. */
export function majorityOutcome(outcomes: readonly Outcome[]): { outcome: Outcome; counts: Record<Outcome, number> } {
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const o of outcomes) counts[o]++;
  const outcome = OUTCOMES.reduce((best, o) => (counts[o] > counts[best] ? o : best), OUTCOMES[0]);
  return { outcome, counts };
}

/**
 * One cell: its grid position, the run configuration of its first draw (the page's other settings, N and epochs of
 * the grid) and those of all its draws (seeds seed, seed + 1, …).
 */
export interface PhaseCell {
  i: number;
  j: number;
  config: RunConfig;
  draws: RunConfig[];
}

/** All cells, row-major in σ (j) then λ (i); GD/Adam only (gradient flow would be slow per cell). */
export function phaseCells(run: RunConfig, v: ViewConfig): PhaseCell[] {
  const ds = gridDimensions(v);
  const sigmas = gridSigmas(v);
  const optimizer = run.optimizer === "adam" ? "adam" : "gd";
  const cells: PhaseCell[] = [];
  sigmas.forEach((sigma, j) => {
    ds.forEach((d, i) => {
      const config: RunConfig = { ...run, n: v.phaseN, d, sigma, epochs: v.phaseEpochs, optimizer, testSize: 0 };
      const draws = Array.from({ length: v.phaseDraws }, (_, k) => ({ ...config, seed: run.seed + k }));
      cells.push({ i, j, config, draws });
    });
  });
  return cells;
}
