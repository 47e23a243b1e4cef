/**
 * The contract of a figure recipe: one small module per figure of the paper (SPEC §6) declares its parameters per size,
 * computes its data, and returns a Vega-Lite view, the data behind it, its self-checks and its resolved parameters.
 * Writing files, the store and the terminal belong to the caller (`grokedge figure`).
 */

import type { TopLevelSpec } from "vega-lite";
import type { Check } from "../checks.js";
import type { LenientTest } from "../lenientSeparability.js";
import type { TimedRun } from "../pool.js";
import { localTheoryRunner, type TheoryRunner } from "../theoryTasks.js";

/**
 * laptop: minutes on 2 cores, the paper's λ, σ and η with smaller N and fewer draws (the default);
 * paper: the paper's N and draw counts (a big machine or a cluster);
 * smoke: seconds, for tests of the plumbing only — its self-checks are not expected to pass.
 */
export type FigureSize = "smoke" | "laptop" | "paper";
export const FIGURE_SIZES: readonly FigureSize[] = ["smoke", "laptop", "paper"];

/**
 * How a figure picks its training draws where it offers a choice (Fig. 1 left): stratified by separability in Wendel's
 * proportion (experiments/separabilityStrata.ts), or consecutive run indices 0 … seeds−1.
 */
export type DrawSampling = "stratified" | "consecutive";
export const DRAW_SAMPLINGS: readonly DrawSampling[] = ["stratified", "consecutive"];

export interface FigureContext {
  size: FigureSize;
  /** worker threads for independent runs or draws */
  workers: number;
  /** replicates (seeds or draws) override, when the user gave one; recipes fall back to their size's count */
  seeds?: number;
  /** how Fig. 1 left picks its draws; stratified when absent */
  sampling?: DrawSampling;
  /** storage of the training X where the user chose it (`--precision`); else the figure's size decides */
  precision?: "f64" | "f32";
  /** progress of the figure's work, in units the recipe chooses (e.g. epochs or draws) */
  onProgress?: (done: number, total: number) => void;
  /**
   * called for every finished training run, so that the caller can store it; `part` names a panel group whose runs
   * are kept apart from the figure's main runs (e.g. Fig. 1 "right"), so that redrawing one part reads only its own
   */
  onRun?: (run: TimedRun, part?: string) => void;
  /** the panel groups to draw (a subset of the recipe's `panels`); all when absent */
  panels?: readonly string[];
  /** where per-draw theory tasks (S_∞, SVM margins) are computed: a cluster queue; absent: `workers` local threads */
  runTheory?: TheoryRunner;
  /** Figs. 1 right top and 6: also run the emulated lenient separability test of the paper (`--lenient`) */
  lenient?: LenientTest;
}

/** The context's theory runner: its queue if it has one, else a pool of its local threads. */
export function theoryRunnerOf(ctx: Pick<FigureContext, "workers" | "runTheory">): TheoryRunner {
  return ctx.runTheory ?? localTheoryRunner(ctx.workers);
}

/**
 * Which parameters the paper states, which its own axes reveal (unstated, but measured off its figures: SPEC §6, each
 * with its evidence), and which this project chose (SPEC §6 "Unstated in the paper").
 */
export interface FigureParameters {
  stated: Record<string, unknown>;
  revealed?: Record<string, unknown>;
  chosen: Record<string, unknown>;
}

/** A flat data record behind a figure; one CSV row. */
export type DataRow = Record<string, number | string | boolean | null>;

export interface FigureResult {
  /** the whole figure as one Vega-Lite spec (panels concatenated) */
  spec: TopLevelSpec;
  /** every number drawn, as flat records (written as CSV; columns are the union of keys) */
  rows: DataRow[];
  checks: Check[];
  parameters: FigureParameters;
  /** what differs from the paper at this size, and any caveat a reader needs */
  notes: string[];
  /** a summary table printed under the figure (one record per row) and the lines that define its columns */
  table?: DataRow[];
  tableNotes?: string[];
  /** further results worth keeping in the figure's JSON (per-draw summaries, fits) */
  extra?: Record<string, unknown>;
}

export interface FigureRecipe {
  /** "1" … "16" */
  id: string;
  /** one line: what the figure shows */
  title: string;
  /** named panel groups that can be drawn alone (e.g. Fig. 1 "left" and "right"); absent: the figure is one piece */
  panels?: readonly string[];
  run(ctx: FigureContext): Promise<FigureResult>;
}

/** Pick the value for the context's size. */
export function bySize<T>(ctx: Pick<FigureContext, "size">, values: Record<FigureSize, T>): T {
  return values[ctx.size];
}

/** What a figure's view returns: the whole figure as one Vega-Lite spec, and the notes its drawing adds. */
export interface FigureView {
  spec: TopLevelSpec;
  /** notes the view itself produces (e.g. where the paper-measured loss overlay differs), appended after `notes` */
  notes?: readonly string[];
}

/**
 * A figure as data plus four functions (docs/architecture.md "Where to add a figure"): its parameters per size, with
 * the paper's stated (and revealed) values declared once as data; `compute` makes a typed result; `checks`, `view`
 * and `rows` read only that result. `defineFigure` is the one driver that turns it into a `FigureRecipe`.
 * `Size` is the recipe's per-size parameter record, `Result` its typed result.
 */
export interface FigureDefinition<Size, Result> {
  id: string;
  title: string;
  panels?: readonly string[];
  sizes: Record<FigureSize, Size>;
  /**
   * what the paper states for this figure (SPEC §6); a function of the result where it depends on which panel groups
   * were drawn (Fig. 1 `--panels`)
   */
  stated: Record<string, unknown> | ((result: Result) => Record<string, unknown>);
  /** unstated but read off the paper's axes (SPEC §6), each with its evidence; a function as `stated` may be */
  revealed?: Record<string, unknown> | ((result: Result) => Record<string, unknown> | undefined);
  compute(ctx: FigureContext, size: Size): Promise<Result>;
  checks(result: Result): Check[];
  view(result: Result): FigureView;
  /** every number drawn, flat, for the CSV */
  rows(result: Result): DataRow[];
  /** what this project chose at the run's size (SPEC §6 "Unstated in the paper") */
  chosen(result: Result): Record<string, unknown>;
  /** what differs from the paper at this size, and any caveat a reader needs */
  notes?(result: Result): string[];
  /** the summary table under the figure, with the lines that define its columns; undefined: none at this run */
  table?(result: Result): { rows: DataRow[]; notes: string[] } | undefined;
  /** further results worth keeping in the figure's JSON */
  extra?(result: Result): Record<string, unknown>;
}

/** The one driver: run a figure definition at the context's size and assemble its result. */
export function defineFigure<Size, Result>(def: FigureDefinition<Size, Result>): FigureRecipe {
  return {
    id: def.id,
    title: def.title,
    ...(def.panels ? { panels: def.panels } : {}),
    async run(ctx) {
      const result = await def.compute(ctx, def.sizes[ctx.size]);
      const view = def.view(result);
      const table = def.table?.(result);
      const stated = typeof def.stated === "function" ? def.stated(result) : def.stated;
      const revealed = typeof def.revealed === "function" ? def.revealed(result) : def.revealed;
      return {
        spec: view.spec,
        rows: def.rows(result),
        checks: def.checks(result),
        parameters: {
          stated,
          ...(revealed ? { revealed } : {}),
          chosen: def.chosen(result),
        },
        notes: [...(def.notes?.(result) ?? []), ...(view.notes ?? [])],
        ...(table ? { table: table.rows, tableNotes: table.notes } : {}),
        ...(def.extra ? { extra: def.extra(result) } : {}),
      };
    },
  };
}
