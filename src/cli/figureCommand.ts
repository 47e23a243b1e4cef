/** `grokedge figure <n|all>`: reproduce the paper's figures (the main job of `npm start` is figure 1). */

import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { QueueUnavailableError } from "../cluster/queueSubmit.js";
import { queueTheoryRunner, TheoryTasksIncomplete } from "../cluster/queueTheory.js";
import { commandFields } from "../config/commandOptions.js";
import { runFields } from "../config/run.js";
import { type Field, fieldOf, parseOption, UsageError } from "../config/schema.js";
import { type FigureFiles, figureFiles } from "../experiments/figures/artifacts.js";
import { FIGURE_IDS, loadRecipe } from "../experiments/figures/index.js";
import {
  DRAW_SAMPLINGS,
  type DrawSampling,
  FIGURE_SIZES,
  type FigureRecipe,
  type FigureResult,
  type FigureSize,
} from "../experiments/figures/recipe.js";
import { type LenientTest, parseLenientTest } from "../experiments/lenientSeparability.js";
import { defaultWorkers } from "../experiments/pool.js";
import { writeFileAtomic } from "../store/atomicFile.js";
import { ResultsStore } from "../store/resultsStore.js";
import { enableKernelThreads, startedSafeForThreads } from "../train/kernelThreads.js";
import { createProgress } from "./progress.js";
import {
  addQueueOptions,
  type QueueFlags,
  type QueueRunOptions,
  queueOptions,
  queueProgress,
  submitSettings,
} from "./queueOptions.js";
import { checkOutputDir, checkOutputPath } from "./runOptions.js";
import { relaunchSafeForThreads } from "./safeExit.js";
import { checksText, tableText } from "./summaryText.js";
import { DEFAULT_DB } from "./trainCommand.js";
import { VERSION } from "./version.js";

/** figure's own options, checked by the schema (config/commandOptions.ts has those it shares). */
const figureFields = {
  size: { key: "size", flag: "size", kind: { type: "enum", values: FIGURE_SIZES }, help: "smoke, laptop or paper" },
  sampling: { key: "sampling", flag: "sampling", kind: { type: "enum", values: DRAW_SAMPLINGS }, help: "draws" },
  seeds: { key: "seeds", flag: "seeds", kind: { type: "int", min: 1, max: 100_000 }, help: "replicates" },
} as const satisfies Record<string, Field>;

/** The options of `figure` as commander gives them. */
interface FigureFlags extends QueueFlags {
  size: string;
  panels?: string;
  seeds?: string;
  sampling?: string;
  lenient?: string;
  precision?: string;
  outDir: string;
  db: string;
  check?: true;
  quiet?: true;
}

export function registerFigure(program: Command): void {
  const figure = program
    .command("figure")
    .description(`reproduce a figure of the paper (${FIGURE_IDS.join(", ")}) or all of them`)
    .argument("<n>", `figure number (${FIGURE_IDS.join(", ")}) or "all"`)
    .option(
      "--size <size>",
      "laptop (minutes on 2 cores), paper (the paper's N and draws), smoke (seconds, plumbing only)",
      "laptop",
    )
    .option(
      "--panels <list>",
      "comma-separated panel groups of a figure that has them (figure 1: left, right, right-top = the S_∞ panel alone)",
    )
    .option("--seeds <n>", "replicates (seeds or draws) per configuration, instead of the size's count")
    .option(
      "--sampling <how>",
      "figure 1 left's draws: stratified (Wendel's share of separable draws, the rest inseparable) or consecutive (run indices 0…seeds−1) (default: stratified)",
    )
    .option(
      "--lenient <lr,steps,threshold>",
      "figures 1 (right top) and 6: also emulate the paper's lenient separability test on every draw — bias-free Adam on the exponential loss from S = 0 for `steps` steps at learning rate `lr`; ‖S‖ past `threshold` = separable, else the final ‖S‖ is the draw's ‖S_∞‖ (e.g. 0.01,1000,100)",
    )
    .option(
      "--precision <p>",
      "storage of the training X: f64 or f32 (default: the size's, f32 at --size paper for figure 1)",
    )
    .option("--workers <n>", commandFields.figureWorkers.help)
    .option("--out-dir <dir>", "root folder: figure n goes to <dir>/fig<n>/fig<n>.{svg,png,csv,json}", "out")
    .option("--db <file>", "results store (SQLite) for the training runs", DEFAULT_DB)
    .option("--check", "exit with status 1 unless every self-check of every figure passes")
    .option("--quiet", "no progress on stderr");
  addQueueOptions(
    figure,
    "draws",
    "compute the per-draw theory tasks (S_∞, SVM margins) on `grokedge worker`s of this Redis (redis://host:port) and keep their outcomes in --db; training runs stay on local threads",
  ).action((n: string, opts: FigureFlags) => figureAction(n, opts));
}

interface FigureOptions {
  ids: string[];
  size: FigureSize;
  precision?: "f64" | "f32";
  seeds?: number;
  sampling: DrawSampling;
  workers: number;
  outDir: string;
  dbPath: string;
  check: boolean;
  quiet: boolean;
  panels?: string[];
  queue?: QueueRunOptions;
  lenient?: LenientTest;
}

function parseFigureOptions(n: string, opts: FigureFlags): FigureOptions {
  if (n !== "all" && !FIGURE_IDS.includes(n)) {
    throw new UsageError(`figure must be one of ${FIGURE_IDS.join(", ")} or "all" (got "${n}")`);
  }
  if (opts.sampling !== undefined && n !== "1" && n !== "all") {
    throw new UsageError(
      `--sampling applies to figure 1 (its left panel's draws) only (got --sampling with figure ${n})`,
    );
  }
  if (opts.lenient !== undefined && !["1", "6", "all"].includes(n)) {
    throw new UsageError(`--lenient applies to figures 1 and 6 only (got --lenient with figure ${n})`);
  }
  return {
    lenient: opts.lenient === undefined ? undefined : parseLenientTest(String(opts.lenient)),
    ids: n === "all" ? [...FIGURE_IDS] : [n],
    size: parseOption(figureFields.size, opts.size),
    precision: opts.precision === undefined ? undefined : parseOption(fieldOf(runFields, "precision"), opts.precision),
    seeds: opts.seeds === undefined ? undefined : parseOption(figureFields.seeds, opts.seeds),
    sampling: parseOption(figureFields.sampling, opts.sampling ?? "stratified"),
    workers: opts.workers === undefined ? defaultWorkers(256) : parseOption(commandFields.figureWorkers, opts.workers),
    outDir: checkOutputDir("--out-dir", String(opts.outDir)),
    dbPath: checkOutputPath("--db", String(opts.db)),
    check: opts.check === true,
    // --workers keeps its meaning with --queue: the figure's training runs stay local
    queue: queueOptions({ ...opts, workers: undefined }),
    quiet: opts.quiet === true,
    panels:
      opts.panels === undefined
        ? undefined
        : String(opts.panels)
            .split(",")
            .map((p) => p.trim()),
  };
}

/** --panels must name panel groups of the one figure asked for. */
async function checkPanels(o: FigureOptions): Promise<void> {
  if (!o.panels) return;
  const given = o.panels.join(",");
  if (o.ids.length !== 1) throw new UsageError(`--panels applies to one figure, not to "all" (got "${given}")`);
  const known = (await loadRecipe(o.ids[0])).panels ?? [];
  if (known.length === 0) {
    throw new UsageError(`--panels does not apply to figure ${o.ids[0]}: it has no panel groups (got "${given}")`);
  }
  const bad = o.panels.find((p) => !known.includes(p));
  if (bad !== undefined || o.panels.length === 0) {
    throw new UsageError(`--panels must be one or more of ${known.join(", ")} (got "${given}")`);
  }
}

/**
 * Compute one figure, storing its training runs as group fig<id>/<time> (a part's runs as fig<id>/<time>/<part>);
 * returns the result and its wall time.
 */
async function computeFigure(recipe: FigureRecipe, o: FigureOptions, store: ResultsStore) {
  const group = `fig${recipe.id}/${new Date().toISOString()}`;
  const progress = createProgress(`figure ${recipe.id}`, 1, o.quiet, "work units");
  const start = performance.now();
  const result = await recipe.run({
    size: o.size,
    workers: o.workers,
    seeds: o.seeds,
    sampling: o.sampling,
    precision: o.precision,
    panels: o.panels,
    lenient: o.lenient,
    runTheory: o.queue && queueRunner(o.queue, store, o.quiet),
    onProgress: (done, total) => progress.update(done, total),
    onRun: (run, part) =>
      store.saveRun(run, { group: part ? `${group}/${part}` : group, wallSeconds: run.wallSeconds, version: VERSION }),
  });
  progress.stop();
  return { result, group, wallSeconds: (performance.now() - start) / 1000 };
}

/** The figure's theory tasks on the queue, their outcomes kept in the store (a rerun collects, never recomputes). */
function queueRunner(q: QueueRunOptions, store: ResultsStore, quiet: boolean) {
  const say = quiet ? undefined : (line: string) => process.stderr.write(`\nqueue ${q.target.url}: ${line}\n`);
  return queueTheoryRunner(store, {
    ...submitSettings(q),
    version: VERSION,
    log: say,
    onProgress: say && queueProgress(say),
  });
}

/** Write the four files of a figure, each atomically. */
export function writeFigureFiles(dir: string, id: string, files: FigureFiles): string {
  for (const ext of ["svg", "png", "csv", "json"] as const) writeFileAtomic(join(dir, `fig${id}.${ext}`), files[ext]);
  return join(dir, `fig${id}.{svg,png,csv,json}`);
}

/** What the terminal shows for one figure: table, checks, time, files. */
function figureText(recipe: FigureRecipe, r: FigureResult, wallSeconds: number, where: string): string {
  const parts = [`Fig. ${recipe.id}: ${recipe.title}`];
  if (r.table?.length) parts.push(tableText(r.table, r.tableNotes ?? []));
  if (r.checks.length) parts.push(checksText(r.checks));
  parts.push(
    `${r.notes.map((n) => `note: ${n}`).join("\n")}\nfigure ${recipe.id} took ${wallSeconds.toFixed(1)} s; wrote ${where}`,
  );
  return `${parts.join("\n\n")}\n\n`;
}

async function figureAction(n: string, opts: FigureFlags): Promise<void> {
  const o = parseFigureOptions(n, opts);
  await checkPanels(o);
  // every file the figures will write, probed before any work (a file named like a figure folder is in the way)
  for (const id of o.ids) checkOutputPath("--out-dir", join(o.outDir, `fig${id}`, `fig${id}.svg`));
  // the paper's size trains one X of gigabytes at a time with each pass on every core (kernel helper threads), in a
  // process that can collect each X before the next is drawn (--expose-gc; experiments/pool.ts)
  if (o.size === "paper" && availableParallelism() > 1) {
    if (!startedSafeForThreads()) {
      process.exitCode = await relaunchSafeForThreads(["--expose-gc"]);
      return;
    }
    enableKernelThreads(availableParallelism());
  }
  const store = new ResultsStore(o.dbPath);
  let notPassed = 0;
  let failedFigures = 0;
  try {
    for (const id of o.ids) {
      try {
        const recipe = await loadRecipe(id);
        const { result, wallSeconds } = await computeFigure(recipe, o, store);
        const meta = { size: o.size, workers: o.workers, wallSeconds, version: VERSION };
        const where = writeFigureFiles(join(o.outDir, `fig${id}`), id, await figureFiles(recipe, result, meta));
        process.stdout.write(figureText(recipe, result, wallSeconds, where));
        notPassed += result.checks.filter((c) => c.verdict !== "PASS").length;
      } catch (err) {
        if (err instanceof QueueUnavailableError || err instanceof TheoryTasksIncomplete) {
          // the queue is away or did not finish: nothing else can be computed either; one line, exit 1
          process.stderr.write(`error: figure ${id}: ${err.message}\n`);
          process.exitCode = 1;
          return;
        }
        if (err instanceof UsageError || o.ids.length === 1) throw err;
        failedFigures++;
        process.stderr.write(`error: figure ${id} failed: ${(err as Error).message}\n`);
      }
    }
  } finally {
    store.close();
  }
  if (failedFigures > 0 || (o.check && notPassed > 0)) {
    process.stdout.write(`${failedFigures} figure(s) failed; ${notPassed} self-check(s) did not pass\n`);
    process.exitCode = 1;
  }
}
