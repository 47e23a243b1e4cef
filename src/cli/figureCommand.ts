/** `grokedge figure 1`: the laptop-size Fig. 1 left (the main job of `npm start`). */

import { join } from "node:path";
import type { Command } from "commander";
import { defaultRunConfig, runFields } from "../config/run.js";
import { parseField, UsageError } from "../config/schema.js";
import { defaultFig1Options, type Fig1Options, fig1Runs } from "../experiments/fig1.js";
import type { Fig1Artifacts } from "../experiments/fig1Artifacts.js";
import { defaultWorkers, runMany } from "../experiments/pool.js";
import { writeFileAtomic } from "../store/atomicFile.js";
import { ResultsStore } from "../store/resultsStore.js";
import { createProgress } from "./progress.js";
import { addFieldOptions, checkOutputDir, checkOutputPath, runConfigFromOptions } from "./runOptions.js";
import { checksText, fig1TableText } from "./summaryText.js";
import { DEFAULT_DB } from "./trainCommand.js";
import { VERSION } from "./version.js";

/** Flags shared by every run of the figure (d, λ and the run index are set per cell). */
const figureFields = runFields.filter((f) => !["d", "lambda", "run-index", "optimizer"].includes(f.flag));

const positiveInt = (flag: string, v: unknown, max: number) =>
  parseField({ key: flag, flag, kind: { type: "int", min: 1, max }, help: "" }, v, `--${flag}`) as number;

export function registerFigure(program: Command): void {
  const cmd = program
    .command("figure")
    .description("reproduce a figure of the paper; available: 1 (Fig. 1 left, laptop size by default)")
    .argument("<n>", "figure number")
    .option("--config <file>", "JSON file of run settings (keys are the flag names); flags override it");
  addFieldOptions(cmd, figureFields, defaultRunConfig as unknown as Record<string, unknown>)
    .option("--lambdas <list>", "comma-separated λ values", defaultFig1Options.lambdas.join(","))
    .option("--seeds <n>", "replicates per λ (replicate r uses --run-index r)", String(defaultFig1Options.seeds))
    .option("--workers <n>", "worker threads (default: all cores)")
    .option("--out-dir <dir>", "where the figure files go", "out/fig1")
    .option("--db <file>", "results store (SQLite)", DEFAULT_DB)
    .option("--quiet", "no progress on stderr")
    .action((n: string, opts: Record<string, unknown>) => figureAction(n, opts));
}

function parseFig1Options(opts: Record<string, unknown>): Fig1Options {
  const base = runConfigFromOptions(opts);
  const lambdaField = runFields.find((f) => f.flag === "lambda")!;
  const lambdas = String(opts.lambdas)
    .split(",")
    .map((s) => parseField(lambdaField, s.trim(), "--lambdas") as number);
  if (base.optimizer !== "gd" || base.distribution !== "gaussian" || base.labelFraction < 1) {
    throw new UsageError(
      "figure 1 trains the constant-label Gaussian model by GD: remove optimizer, distribution and label-fraction from --config",
    );
  }
  if (new Set(lambdas).size !== lambdas.length) {
    throw new UsageError(`--lambdas must not repeat a value (got "${opts.lambdas}")`);
  }
  const o: Fig1Options = { base, lambdas, seeds: positiveInt("seeds", opts.seeds, 1000) };
  fig1Runs(o); // validates λN for every λ before any work
  return o;
}

async function figureAction(n: string, opts: Record<string, unknown>): Promise<void> {
  if (n !== "1") throw new UsageError(`figure must be 1 (got "${n}"); the other figures are not implemented yet`);
  const o = parseFig1Options(opts);
  const cells = fig1Runs(o);
  const workers = opts.workers === undefined ? defaultWorkers(cells.length) : positiveInt("workers", opts.workers, 256);
  const outDir = checkOutputDir("--out-dir", String(opts.outDir));
  const dbPath = checkOutputPath("--db", String(opts.db));
  const quiet = opts.quiet === true;

  const group = `fig1/${new Date().toISOString()}`;
  const store = new ResultsStore(dbPath);
  const progress = createProgress("figure 1", cells.length * o.base.epochs, quiet);
  const start = performance.now();
  const runs = await runMany(
    cells.map((c) => c.config),
    {
      workers,
      onProgress: (done) => progress.update(done),
      onResult: (_, run) => store.saveRun(run, { group, wallSeconds: run.wallSeconds, version: VERSION }),
    },
  );
  progress.stop();
  store.close();
  const wallSeconds = (performance.now() - start) / 1000;
  const { fig1Artifacts } = await import("../experiments/fig1Artifacts.js"); // vega loads only when drawing
  const art = await fig1Artifacts(runs, { wallSeconds, version: VERSION });
  writeFig1(outDir, art);
  process.stdout.write(
    `${fig1TableText(art.table, o.base.accThreshold)}\n\n${checksText(art.checks)}\n\n` +
      `${cells.length} runs on ${workers} workers in ${wallSeconds.toFixed(1)} s; stored as group "${group}" in ${dbPath}\n` +
      `wrote ${join(outDir, "fig1.{svg,png,csv,json}")}\n`,
  );
}

/** Write the four figure files, each atomically. */
export function writeFig1(outDir: string, art: Fig1Artifacts): void {
  writeFileAtomic(join(outDir, "fig1.svg"), art.svg);
  writeFileAtomic(join(outDir, "fig1.png"), art.png);
  writeFileAtomic(join(outDir, "fig1.csv"), art.csv);
  writeFileAtomic(join(outDir, "fig1.json"), art.json);
}
