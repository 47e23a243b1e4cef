/**
 * Fig. 4 of the paper (SPEC §6): the original two-Gaussian problem — classes at ±μe_1 in R^{d+1}, noise σ_A along e_1
 * and σ_B in the other d directions, a linear model without bias — trained by full-batch GD on the logistic loss for
 * σ_A ∈ {0, 0.01, 0.05, 0.1} (λ = d/N = 0.4, μ = 0.2, σ_B = 1, η = 0.1). With σ_A = 0 it is exactly the constant-label
 * model with σ = σ_B/μ = 5, b = μw_1, S = μw_{2..} and η → ημ² (SPEC §1), at λ = 0.4 < ½: it must grok. With σ_A > 0
 * the reduction fails: the flipped points' e_1 coordinates scatter around μ (at σ_A = 0.1 about 2% fall below 0), so
 * the max-margin direction GD turns to (SPEC §3.3) is no longer e_1 alone but leans on the noise directions, and
 * A_gen stalls below 1 — below the Bayes accuracy Φ(μ/σ_A) too.
 */

import { SERIES_COLOURS } from "../../core/palette.js";
import { normalStream, Stream } from "../../core/rng.js";
import { type PanelRun, trainingPanelsSpec } from "../../plot/trainingPanels.js";
import type { Checkpoint } from "../../train/gd.js";
import {
  FIG4_PARAMS,
  type TwoGaussianCheckpoint,
  type TwoGaussianParams,
  trainTwoGaussian,
  twoGaussianDataset,
  twoGaussianInit,
} from "../../train/twoGaussian.js";
import { type Check, exactClaim, meanClaim } from "../checks.js";
import { mean, median, standardError } from "../stats.js";
import { asPanel, composeFigure } from "./compose.js";
import {
  bySize,
  type DataRow,
  type FigureContext,
  type FigureRecipe,
  type FigureResult,
  type FigureSize,
} from "./recipe.js";

/** Width of one sketch: the training grid's panel width (plot/trainingPanels.ts), so that the columns line up. */
const SKETCH_WIDTH = 260;

export interface Fig4Size {
  n: number;
  epochs: number;
  seeds: number;
}

/**
 * N is unstated in the paper; the time scale does not depend on it (σ, η, λ set it), so every size runs 5e4 epochs:
 * at the paper's ~5e3 the σ_A = 0 population accuracy has only reached 0.79–0.87 at N = 400 (measured), and it
 * crosses 0.9 at 1–3e4 epochs.
 */
export const FIG4_SIZES: Record<FigureSize, Fig4Size> = {
  smoke: { n: 100, epochs: 500, seeds: 2 },
  laptop: { n: 400, epochs: 50_000, seeds: 6 },
  paper: { n: 4000, epochs: 50_000, seeds: 6 },
};

/** The paper's axis ends at about this many epochs (SPEC §6); our runs go on, and the table reports A_gen here. */
export const PAPER_AXIS_EPOCHS = 5_000;
/** Half-width of the class-density sketches' x range along e_1 (units of x): μ + 2.5 σ_A at the largest σ_A. */
const SKETCH_HALF_WIDTH = 0.45;
const SKETCH_POINTS = 181;

/**
 * The class densities along e_1 (the paper's sketches): class ±1 at ±μ with std σ_A, drawn as N(±μ, σ_A²) on a grid;
 * at σ_A = 0 each class is a point mass at ±μ, drawn as a spike (one row with `spike: true`).
 */
export function classDensities(sigmaA: number, mu: number): DataRow[] {
  const classes = [
    { label: "class −1 (at −μ)", centre: -mu },
    { label: "class +1 (at +μ)", centre: mu },
  ];
  if (sigmaA === 0) return classes.map((c) => ({ sigma_a: 0, class: c.label, x: c.centre, density: 1, spike: true }));
  const norm = 1 / (sigmaA * Math.sqrt(2 * Math.PI));
  return classes.flatMap((c) =>
    Array.from({ length: SKETCH_POINTS }, (_, k) => {
      const x = -SKETCH_HALF_WIDTH + (2 * SKETCH_HALF_WIDTH * k) / (SKETCH_POINTS - 1);
      const z = (x - c.centre) / sigmaA;
      return { sigma_a: sigmaA, class: c.label, x, density: norm * Math.exp(-0.5 * z * z), spike: false };
    }),
  );
}

/** One small sketch per σ_A column, side by side above the training grid (each with its own density scale). */
function sketchRow(cols: readonly Fig4Column[], mu: number, width: number) {
  const x = {
    field: "x",
    type: "quantitative" as const,
    scale: { domain: [-SKETCH_HALF_WIDTH, SKETCH_HALF_WIDTH], nice: false },
    axis: { title: "x·e_1", values: [-mu, 0, mu], format: ".1f", grid: false },
  };
  const y = { field: "density", type: "quantitative" as const, axis: null, stack: null };
  const colour = {
    field: "class",
    type: "nominal" as const,
    title: null,
    scale: { range: [SERIES_COLOURS[0], SERIES_COLOURS[1]] },
    legend: null,
  };
  return {
    hconcat: cols.map((col) => ({
      width: width,
      height: 45,
      data: { values: classDensities(col.sigmaA, mu) },
      layer: [
        {
          transform: [{ filter: "!datum.spike" }],
          mark: { type: "area" as const, opacity: 0.5, line: true },
          encoding: { x, y, color: colour },
        },
        {
          transform: [{ filter: "datum.spike" }],
          mark: { type: "rule" as const, strokeWidth: 3 },
          encoding: { x, y: { datum: 0, type: "quantitative" as const, axis: null }, y2: { datum: 1 }, color: colour },
        },
      ],
    })),
    spacing: 13, // the grid's column pitch (measured on the rendered figure)
    resolve: { scale: { y: "independent" } },
  };
}

/** One σ_A column: its runs' checkpoints, per replicate. */
export interface Fig4Column {
  sigmaA: number;
  label: string;
  runs: TwoGaussianCheckpoint[][];
}

/** A two-Gaussian checkpoint in the constant-label vocabulary of the panels: b = μw_1, σ‖S‖ = σ_B‖w_{2..}‖ (SPEC §1). */
export function asCheckpoint(c: TwoGaussianCheckpoint, p: TwoGaussianParams): Checkpoint {
  const b = p.mu * c.w1;
  const sigmaNormS = p.sigmaB * c.norm_rest;
  return {
    epoch: c.epoch,
    t: c.t,
    log10_t: Math.log10(c.t),
    train_loss: c.train_loss,
    log10_train_loss: c.log10_train_loss,
    train_acc: c.train_acc,
    pop_loss: c.pop_loss,
    log10_pop_loss: c.log10_pop_loss,
    pop_acc: c.pop_acc,
    test_loss: null,
    test_acc: null,
    norm_s: p.mu * c.norm_rest,
    sigma_norm_s: sigmaNormS,
    b,
    b_over_sigma_norm_s: sigmaNormS > 0 ? b / sigmaNormS : null,
  };
}

/**
 * Train every σ_A × replicate. Replicate r draws its data from stream (seed 0, r, train) and w_0 from (0, r, init), the
 * same for every σ_A (common random numbers: σ_A only scales the e_1 noise), so differences between columns are paired.
 */
export function trainFig4(size: Fig4Size, seeds: number, onEpochs?: (done: number) => void): Fig4Column[] {
  const { lambda, mu, sigmaB, lr, sigmaAs } = FIG4_PARAMS;
  const d = Math.round(lambda * size.n);
  let done = 0;
  return sigmaAs.map((sigmaA) => {
    const p = { mu, sigmaA, sigmaB };
    const runs = Array.from({ length: seeds }, (_, r) => {
      const train = twoGaussianDataset(normalStream(0, r, Stream.train), size.n, d, p);
      const w0 = twoGaussianInit(normalStream(0, r, Stream.init), d, mu);
      const res = trainTwoGaussian(train, w0, p, { lr, epochs: size.epochs, perDecade: 10 });
      done += size.epochs;
      onEpochs?.(done);
      return res.checkpoints;
    });
    return { sigmaA, label: `σ_A = ${sigmaA}`, runs };
  });
}

/** First checkpoint epoch at which `key` ≥ 0.9, or null. */
function crossing(cs: readonly TwoGaussianCheckpoint[], key: "train_acc" | "pop_acc"): number | null {
  return cs.find((c) => c[key] >= 0.9)?.epoch ?? null;
}

const last = (cs: readonly TwoGaussianCheckpoint[]) => cs[cs.length - 1];
/** The last checkpoint at or before `epoch` (checkpoints are log-spaced, 10 per decade: 5e3 is not always one). */
const atEpoch = (cs: readonly TwoGaussianCheckpoint[], epoch: number) => cs.filter((c) => c.epoch <= epoch).at(-1);

/**
 * log10 of (population crossing / training crossing) epochs per replicate, accuracy 0.9 (SPEC §5). A replicate whose
 * population accuracy never crossed counts with the horizon instead: a lower bound, so "> threshold" stays honest.
 */
function delayDecades(col: Fig4Column): number[] {
  return col.runs.map((cs) => {
    const tr = crossing(cs, "train_acc") ?? Number.NaN;
    return Math.log10((crossing(cs, "pop_acc") ?? last(cs).epoch) / tr);
  });
}

/** Paired per-replicate differences of the final A_gen, a − b (the columns share their noise draws). */
const finalGap = (a: Fig4Column, b: Fig4Column) => a.runs.map((cs, r) => last(cs).pop_acc - last(b.runs[r]).pop_acc);

/** The population loss rises above its start and ends below it, on every replicate (the test-loss bump). */
function lossBump(col: Fig4Column): Check {
  const bumps = col.runs.map((cs) => ({
    up: Math.max(...cs.map((c) => c.log10_pop_loss)) - cs[0].log10_pop_loss,
    down: last(cs).log10_pop_loss - cs[0].log10_pop_loss,
  }));
  return exactClaim(
    `${col.label}: the population loss is non-monotonic: it rises above its initial value, then ends below it (every seed)`,
    bumps.every((b) => b.up > 0 && b.down < 0),
    `log10 rise ${bumps.map((b) => b.up.toFixed(3)).join(", ")}; final − initial ${bumps.map((b) => b.down.toFixed(3)).join(", ")}`,
  );
}

/**
 * Fig. 4's claims. The SPEC states no claim for this figure; these are what the reduction implies (σ_A = 0 groks, at
 * λ = 0.4 < ½) and the fading of grokking as σ_A grows that the figure is drawn to show; judged at 2 SE over seeds.
 */
export function fig4Checks(cols: readonly Fig4Column[]): Check[] {
  const [zero, , mid, big] = cols;
  return [
    meanClaim(
      `${zero.label}: grokking: A_gen reaches 0.9 more than 10× (1 decade) after training accuracy does`,
      delayDecades(zero),
      ">",
      1,
    ),
    lossBump(zero),
    meanClaim(
      `grokking fades: final A_gen lower at ${mid.label} than at ${zero.label} (paired)`,
      finalGap(zero, mid),
      ">",
      0,
    ),
    meanClaim(
      `grokking fades: final A_gen lower at ${big.label} than at ${mid.label} (paired)`,
      finalGap(mid, big),
      ">",
      0,
    ),
    meanClaim(
      `${big.label}: no grokking: A_gen never reaches 0.9 within the horizon`,
      big.runs.map((cs) => Math.max(...cs.map((c) => c.pop_acc))),
      "<",
      0.9,
    ),
  ];
}

/** Per σ_A: final accuracies (mean and SE), best A_gen, and the median accuracy crossings. */
export function fig4Table(cols: readonly Fig4Column[]): DataRow[] {
  return cols.map((col) => {
    const finals = col.runs.map((cs) => last(cs).pop_acc);
    const gen = col.runs.map((cs) => crossing(cs, "pop_acc")).filter((x): x is number => x !== null);
    return {
      sigma_a: col.sigmaA,
      seeds: col.runs.length,
      final_train_acc: mean(col.runs.map((cs) => last(cs).train_acc)),
      final_pop_acc: mean(finals),
      final_pop_acc_se: standardError(finals),
      max_pop_acc: mean(col.runs.map((cs) => Math.max(...cs.map((c) => c.pop_acc)))),
      train_crossing_epoch_median: median(col.runs.map((cs) => crossing(cs, "train_acc") ?? Number.NaN)),
      pop_crossing_epoch_median: gen.length ? median(gen) : null,
      pop_crossed: `${gen.length}/${col.runs.length}`,
      pop_acc_at_paper_axis: mean(col.runs.map((cs) => atEpoch(cs, PAPER_AXIS_EPOCHS)?.pop_acc ?? Number.NaN)),
    };
  });
}

/** Every checkpoint of every run, tagged with σ_A and replicate. */
function fig4Rows(cols: readonly Fig4Column[]): DataRow[] {
  return cols.flatMap((col) =>
    col.runs.flatMap((cs, r) => cs.map(({ w: _w, ...c }) => ({ sigma_a: col.sigmaA, run_index: r, ...c }))),
  );
}

async function runFig4(ctx: FigureContext): Promise<FigureResult> {
  const size = bySize(ctx, FIG4_SIZES);
  const seeds = ctx.seeds ?? size.seeds;
  const { lambda, mu, sigmaB, lr, sigmaAs } = FIG4_PARAMS;
  const total = sigmaAs.length * seeds * size.epochs;
  const cols = trainFig4(size, seeds, (done) => ctx.onProgress?.(done, total));
  const runs: PanelRun[] = cols.flatMap((col) =>
    col.runs.map((cs, r) => ({
      column: col.label,
      seed: r,
      checkpoints: cs.map((c) => asCheckpoint(c, { mu, sigmaA: col.sigmaA, sigmaB })),
    })),
  );
  const { title: _t, ...grid } = asPanel(trainingPanelsSpec(runs, { title: "", subtitle: [] }));
  const d = Math.round(lambda * size.n);
  const subtitle = [
    `${ctx.size} size: N = ${size.n} (unstated in the paper), d + 1 = ${d + 1}, λ = ${lambda}; μ = ${mu}, σ_B = ${sigmaB}, η = ${lr}; bias-free logistic regression, GD, float64`,
    `${seeds} seeds per σ_A, the same noise draws in every column (thin lines; thick = mean); ${size.epochs} epochs; population metrics exact`,
    `rows 3–4 in constant-label terms (SPEC §1): σ‖S‖ = σ_B‖w_{2..}‖, b = μw_1; with σ_A = 0 this is Fig. 1's model at σ = σ_B/μ = ${sigmaB / mu}, η → ημ² = ${(lr * mu * mu).toPrecision(3)}`,
    `top: the two classes' densities along e_1, N(±μ, σ_A²) (a spike at ±μ for σ_A = 0); the paper's axis ends at ~${PAPER_AXIS_EPOCHS} epochs (A_gen there: table)`,
  ];
  return {
    spec: composeFigure("Fig. 4: the original two-Gaussian model without bias, several σ_A", subtitle, [
      {
        vconcat: [sketchRow(cols, mu, SKETCH_WIDTH), grid],
        spacing: 10,
        // the sketches' class colours are not the grid's training / population colours
        resolve: { scale: { color: "independent" }, legend: { color: "independent" } },
      },
    ]),
    rows: fig4Rows(cols),
    checks: fig4Checks(cols),
    parameters: {
      stated: { lambda, mu, sigma_B: sigmaB, lr, sigma_A: [...sigmaAs], epochs: "~5e3" },
      chosen: {
        N: size.n,
        epochs: size.epochs,
        seeds,
        seed: 0,
        S0_norm: 0.1,
        b0: 0,
        loss: "logistic",
        precision: "float64",
      },
    },
    notes: [
      `N = ${size.n}: the paper does not state N`,
      `${size.epochs} epochs instead of the paper's ~5e3 (chosen): at 5e3 the σ_A = 0 population accuracy is still below 0.9 ` +
        "at every N we tried (measured, 2 seeds each: N = 400 0.787, 0.924; N = 1000 0.823, 0.869; N = 4000 0.852, 0.836), " +
        "so the grokking the checks test needs the longer run; it crosses 0.9 at 1–3e4 epochs (N = 400). The table's " +
        "pop_acc_at_paper_axis is A_gen at the paper's 5e3",
      "w_0 matches the constant-label defaults through the reduction: ‖w_{2..}‖ = ‖S_0‖/μ with ‖S_0‖ = 0.1, w_1 = b_0/μ = 0 (unstated in the paper)",
      "the two-Gaussian runs are not RunConfig runs: they are not stored and `grokedge train` cannot rerun them; they run one after another in this thread",
      "with σ_A > 0, A_gen is bounded by the Bayes accuracy Φ(μ/σ_A) (0.977 at σ_A = 0.1); the runs stall below that",
      "the SPEC states no claim for this figure; the checks state what the σ_A = 0 reduction implies and that grokking fades with σ_A",
    ],
    table: fig4Table(cols),
    tableNotes: [
      "final values: mean over seeds (final_pop_acc_se its standard error)",
      "crossings: first checkpoint epoch with accuracy ≥ 0.9 (checkpoints 10 per decade)",
      `pop_acc_at_paper_axis: mean A_gen at the last checkpoint ≤ ${PAPER_AXIS_EPOCHS} epochs, where the paper's axis ends`,
    ],
  };
}

/** Fig. 4 (SPEC §6). */
export const fig4: FigureRecipe = {
  id: "4",
  title: "The original two-Gaussian model without bias: grokking at σ_A = 0 fades as σ_A grows",
  run: runFig4,
};
