/**
 * Several GD or Adam runs on one training draw advanced together (every step's gradient passes read X once for all of
 * them), and the key that says which runs of a sweep may be.
 */

import type { RunConfig } from "../config/run.js";
import { descendTogether } from "./gd.js";
import { descentOptions, discreteResult, initialS, type RunResult, stepRule, testData, trainingSet } from "./run.js";

/** The fields that fix a run's training and test data: runs that agree on them (and on the loss) can share X. */
export const DATA_FIELDS = [
  "seed",
  "runIndex",
  "n",
  "d",
  "sigma",
  "distribution",
  "alpha",
  "nu",
  "spike",
  "mixMean",
  "mixStd",
  "labelFraction",
  "precision",
  "testSize",
] as const;

/** Runs that may advance together in one runTogether call get the same key (null: not a gd or adam run). */
export function sharedDataKey(c: RunConfig): string | null {
  if (c.optimizer !== "gd" && c.optimizer !== "adam") return null;
  return JSON.stringify([c.loss, ...DATA_FIELDS.map((k) => c[k])]);
}

/**
 * Several GD or Adam runs on the same data (the same seed, run index and data model; η, S_0, b_0, epochs and the
 * optimizer may differ; the loss may not) advanced together: every step's gradient passes read X once for all of
 * them. Each result equals runTraining(config) exactly. Throws when the configurations do not share their data.
 * `onProgress(i, epochsDone)` reports run i's epochs.
 */
export function runTogether(
  configs: readonly RunConfig[],
  onProgress?: (run: number, epochsDone: number) => void,
): RunResult[] {
  const first = configs[0];
  if (first === undefined) return [];
  for (const c of configs) {
    if (sharedDataKey(c) === null) throw new Error("runTogether: gd and adam runs only");
    const differs = DATA_FIELDS.find((k) => c[k] !== first[k]) ?? (c.loss !== first.loss ? "loss" : undefined);
    if (differs) throw new Error(`runTogether: the runs must share their data and loss (${differs} differs)`);
  }
  const train = trainingSet(first, configs.length);
  const specs = configs.map((c, i) => ({
    S0: initialS(c),
    b0: c.b0,
    o: descentOptions(c, onProgress && ((e: number) => onProgress(i, e))),
    rule: stepRule(c),
  }));
  return descendTogether(train, testData(first), specs).map((r, i) => discreteResult(configs[i], r).run);
}
