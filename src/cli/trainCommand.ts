/** `grokedge train`: one configuration, printed or written as json/jsonl/csv, and stored in the results store. */

import { availableParallelism, totalmem } from "node:os";
import type { Command } from "commander";
import { defaultRunConfig, type RunConfig, runConfigToUser, runFields } from "../config/run.js";
import { UsageError } from "../config/schema.js";
import { KERNEL_CHUNKS, splitsPass } from "../core/wasmKernel.js";
import { drawTheory } from "../experiments/drawTheory.js";
import { writeFileAtomic } from "../store/atomicFile.js";
import { checkpointsCsv, jsonLines } from "../store/formats.js";
import { ResultsStore } from "../store/resultsStore.js";
import { enableKernelThreads, startedSafeForThreads } from "../train/kernelThreads.js";
import { type RunResult, runTraining, trainingData } from "../train/run.js";
import { createProgress } from "./progress.js";
import { addFieldOptions, checkOutputPath, choice, intOption, runConfigFromOptions } from "./runOptions.js";
import { relaunchSafeForThreads } from "./safeExit.js";
import { runSummaryText } from "./summaryText.js";
import { VERSION } from "./version.js";

export const DEFAULT_DB = "out/grokedge.sqlite";

const FORMATS = ["json", "jsonl", "csv"] as const;
type Format = (typeof FORMATS)[number];

/** The machine-readable forms of a run. JSON: {config, checkpoints, summary}; jsonl/csv: one record per checkpoint. */
export function formatRun(r: RunResult, format: Format): string {
  if (format === "csv") return checkpointsCsv(r.checkpoints);
  if (format === "jsonl") return jsonLines(r.checkpoints);
  const out = { config: runConfigToUser(r.config), checkpoints: r.checkpoints, summary: r.summary };
  return `${JSON.stringify(out, null, 2)}\n`;
}

export function registerTrain(program: Command): void {
  const cmd = program
    .command("train")
    .description("train one configuration by full-batch GD and report its checkpoints, summary and grokking times")
    .option("--config <file>", "JSON file of settings (keys are the flag names); flags override it");
  addFieldOptions(cmd, runFields, defaultRunConfig as unknown as Record<string, unknown>)
    .option("--out <file>", "write the run to this file (atomically) instead of stdout")
    .option("--format <format>", "json | jsonl | csv (default: json with --out, else a human summary)")
    .option("--db <file>", "results store (SQLite)", DEFAULT_DB)
    .option("--no-store", "do not record the run in the results store")
    .option("--group <name>", "group name of the run in the store", "train")
    .option("--theory", "add the draw's separability, margin or S_∞ and the predicted end state to the summary")
    .option(
      "--threads <n>",
      "threads sharing each gradient pass over a large X (N·d ≥ 2^18; default: all cores, at most 8 used); the numbers do not depend on it",
    )
    .option("--quiet", "no progress bar and no messages on stderr")
    .action((opts: Record<string, unknown>) => trainAction(opts));
}

/**
 * A run whose data would not fit in memory (`memoryBytes`, default this machine's) is refused before any work, rather
 * than swapping or being killed later.
 */
export function checkFitsInMemory(c: RunConfig, memoryBytes = totalmem()): void {
  const bytes = c.n * c.d * (c.precision === "f32" ? 4 : 8) + c.testSize * c.d * 8;
  if (bytes > 0.8 * memoryBytes) {
    const gb = (x: number) => (x / 1e9).toFixed(1);
    throw new UsageError(
      `--N ${c.n} × --d ${c.d} needs ${gb(bytes)} GB for the training and test data; this machine has ${gb(memoryBytes)} GB (at most 80 % usable): make N or d smaller, or use --precision f32`,
    );
  }
}

async function trainAction(opts: Record<string, unknown>): Promise<void> {
  const config = runConfigFromOptions(opts);
  const format = opts.format === undefined ? undefined : choice("--format", opts.format, FORMATS);
  const outPath = opts.out === undefined ? undefined : checkOutputPath("--out", String(opts.out));
  const dbPath = opts.store === false ? undefined : checkOutputPath("--db", String(opts.db));
  const quiet = opts.quiet === true;
  if (String(opts.group).trim() === "") throw new UsageError('--group must be a non-empty name (got "")');
  if (opts.theory && (config.distribution !== "gaussian" || config.labelFraction < 1)) {
    throw new UsageError(
      "--theory needs the constant-label Gaussian model (--distribution gaussian, --label-fraction 1)",
    );
  }

  checkFitsInMemory(config);
  const dataBytes = config.n * config.d * (config.precision === "f32" ? 4 : 8);
  if (!quiet && dataBytes > 2e9) {
    process.stderr.write(`note: the training X takes ${(dataBytes / 1e9).toFixed(1)} GB and is drawn first\n`);
  }
  const threads = opts.threads === undefined ? availableParallelism() : intOption("threads", opts.threads, 1, 256);
  // a labelled draw runs its passes on n × (d + 1) (train/passes.ts)
  if (threads > 1 && splitsPass(config.n, config.labelFraction < 1 ? config.d + 1 : config.d)) {
    if (!startedSafeForThreads()) {
      process.exitCode = await relaunchSafeForThreads();
      return;
    }
    enableKernelThreads(threads);
    if (!quiet) process.stderr.write(`each gradient pass shared by ${Math.min(threads, KERNEL_CHUNKS)} threads\n`);
  }

  // the store is opened (and refused if it is not a usable store) before any work
  const store = dbPath ? new ResultsStore(dbPath) : undefined;
  const progress = createProgress("train", config.epochs, quiet);
  const start = performance.now();
  const result = runTraining(config, (done) => progress.update(done));
  progress.stop();
  const wallSeconds = (performance.now() - start) / 1000;
  if (opts.theory) result.summary.theory = await drawTheory(trainingData(config), config.sigma);

  // the result is written before it is stored: a store that fails now cannot lose it
  if (outPath) writeFileAtomic(outPath, formatRun(result, format ?? "json"));
  let stored = "";
  if (store && dbPath) {
    try {
      const id = store.saveRun(result, { group: String(opts.group), wallSeconds, version: VERSION });
      stored = `stored as run ${id} in ${dbPath}`;
    } finally {
      store.close();
    }
  }
  const human = `${runSummaryText(result)}\n${stored}`.trimEnd();
  if (outPath) {
    if (!quiet) process.stdout.write(`${human}\nwrote ${outPath}\n`);
  } else if (format) {
    process.stdout.write(formatRun(result, format));
    if (!quiet) process.stderr.write(`${human}\n`);
  } else {
    process.stdout.write(`${human}\n`); // the human summary is the output itself here
  }
  // a run that did not complete is kept (stored, written) but is not a success: one line, exit 3
  const { status, epochs_run } = result.summary;
  if (status !== "ok") {
    const why = status === "diverged" ? "diverged" : "stopped: the ODE solver gave up";
    process.stderr.write(`error: the run ${why} at epoch ${epochs_run} (status "${status}")\n`);
    process.exitCode = 3;
  }
}
