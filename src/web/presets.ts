/**
 * The explorer's presets (each a page URL) and the choice of its default draw by the library's own theory: the first
 * seed whose training draw is inseparable (S_∞ finite, theory/sinf.ts) and whose predicted population accuracy —
 * the dashed Fig. 1 prediction with S held at S_∞ (theory/predictions.ts, SPEC §6) — crosses the accuracy threshold
 * within the run's epochs. Browser-safe: no DOM, no Node.
 */

import type { RunConfig } from "../config/run.js";
import { drawLongTimePrediction } from "../theory/predictions.js";
import { sInfinity } from "../theory/sinf.js";
import { populationModel, trainingData } from "../train/run.js";

/**
 * The first epoch (on a grid of 20 points per decade up to `config.epochs`) at which the predicted population
 * accuracy of this draw reaches `config.accThreshold`; null for a separable or undecided draw, or when it is not
 * reached within the epochs.
 */
export function predictedGeneralisationEpoch(config: RunConfig): number | null {
  const data = trainingData(config);
  const sinf = sInfinity(data.X, data.n, data.d);
  if (sinf.separable !== false) return null;
  const epochs: number[] = [];
  for (let k = 0; 10 ** (k / 20) <= config.epochs; k++) epochs.push(Math.round(10 ** (k / 20)));
  const sigmaNorm = populationModel(config).scale(sinf.S);
  const times = epochs.map((e) => config.lr * e);
  const points = drawLongTimePrediction(config, data, sinf.S, sigmaNorm, times);
  const k = points.findIndex((p) => p.pop_acc >= config.accThreshold);
  return k < 0 ? null : epochs[k];
}

/** The first seed in [0, maxSeed) whose draw is predicted to generalise within the epochs (see above), or null. */
export function firstGrokkingSeed(config: RunConfig, maxSeed = 20): number | null {
  for (let seed = 0; seed < maxSeed; seed++) {
    if (predictedGeneralisationEpoch({ ...config, seed }) !== null) return seed;
  }
  return null;
}

/** A named situation of the paper, as the page query that shows it. */
export interface Preset {
  id: string;
  label: string;
  /** what the visitor should see */
  shows: string;
  /** the page query (flag names of the one schema); keys not given take the page defaults */
  query: string;
}

/** The paper's situations at the page's size (N = 400, σ = 5, GD, η = 0.01 unless said). */
export const PRESETS: readonly Preset[] = [
  {
    id: "grokking",
    label: "Grokking (λ = 0.48)",
    shows: "an inseparable draw: training accuracy reaches 1 early, population accuracy much later",
    query: "",
  },
  {
    id: "memorisation",
    label: "Memorisation (λ = 0.52)",
    shows: "a separable draw: training accuracy 1, population accuracy stuck at the max-margin limit",
    query: "lambda=0.52",
  },
  {
    id: "generalisation",
    label: "Immediate generalisation (λ = 0.05)",
    shows: "far from the edge: both accuracies rise together",
    query: "lambda=0.05&epochs=10000",
  },
  {
    id: "sigma1",
    label: "σ = 1 (no delay)",
    shows: "the same λ at small σ: S reaches S_∞ before b moves, so no grokking delay",
    query: "sigma=1",
  },
  {
    id: "adam",
    label: "Adam's plateau",
    shows:
      "Adam with β = (0.8, 0.9) near the edge: population accuracy sits near chance (0.54–0.57) while training accuracy climbs to 0.98, then generalises (Fig. 5)",
    query: "lambda=0.495&sigma=1&optimizer=adam&beta1=0.8&beta2=0.9&epochs=10000&seed=4",
  },
  {
    id: "exp",
    label: "Exponential loss",
    shows: "the exponential loss from t = 0 (Fig. 14): the same grokking as the logistic loss",
    query: "loss=exp",
  },
];
