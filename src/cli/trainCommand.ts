/** `grokedge train`: one configuration, printed or written as json/jsonl/csv, and stored in the results store. */

import { availableParallelism, totalmem } from "node:os";
import type { Command } from "commander";
import { commandFields } from "../config/commandOptions.js";
import {
  constantLabelRows,
  type OwnDataOptions,
  type OwnDataset,
  ownDataConfig,
  ownDataFields,
  resolveOwnData,
} from "../config/ownData.js";
import { type RunConfig, runConfigToUser, runFields } from "../config/run.js";
import { parseOption, UsageError } from "../config/schema.js";
import type { Dataset } from "../core/data.js";
import { passColumns, threadsPerPass } from "../core/kernel/layout.js";
import { writeFileAtomic } from "../store/atomicFile.js";
import { checkpointsCsv, jsonLines } from "../store/formats.js";
import { ResultsStore } from "../store/resultsStore.js";
import { drawTheory } from "../theory/decideDraw.js";
import { enableKernelThreads, startedSafeForThreads } from "../train/kernelThreads.js";
import {
  inRunStorage,
  type RunResult,
  type RunSummary,
  runTraining,
  testData,
  trainingData,
  trainOn,
} from "../train/run.js";
import { readDataFile, readLabelsFile, writeDataFile } from "./dataFile.js";
import { createProgress } from "./progress.js";
import {
  addFieldOptions,
  checkOutputPath,
  type FieldFlags,
  givenFieldValues,
  type RunFlags,
  runConfigFromOptions,
} from "./runOptions.js";
import { relaunchSafeForThreads } from "./safeExit.js";
import { runSummaryText } from "./summaryText.js";
import { VERSION } from "./version.js";

export const DEFAULT_DB = "out/grokedge.sqlite";

type Format = (typeof commandFields.trainFormat.kind.values)[number];

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
  addFieldOptions(cmd, runFields)
    .option("--out <file>", "write the run to this file (atomically) instead of stdout")
    .option("--format <format>", commandFields.trainFormat.help)
    .option("--db <file>", "results store (SQLite)", DEFAULT_DB)
    .option("--no-store", "do not record the run in the results store")
    .option("--group <name>", "group name of the run in the store", "train")
    .option("--theory", "add the draw's separability, margin or S_∞ and the predicted end state to the summary")
    .option("--threads <n>", commandFields.threads.help)
    .option("--data <file>", "train on these points (.csv, one per row, no header; or a 2-D .npy) instead of a draw")
    .option(
      "--labels <file>",
      "with --data: ±1 or 0/1 labels, one per row (flipped into constant-label form; --labelled-bias on keeps the bias)",
    );
  addFieldOptions(cmd, ownDataFields)
    .option("--test-data <file>", "with --data: held-out points (.csv or .npy) for the test_* columns")
    .option("--test-labels <file>", "labels of --test-data")
    .option("--save-data <file>", "write the run's training X (.csv or .npy, exact) before training")
    .option("--save-labels <file>", "write the draw's labels (--label-fraction < 1) before training")
    .option("--save-test-data <file>", "write the run's test X before training")
    .option("--quiet", "no progress bar and no messages on stderr")
    .action((opts: TrainFlags) => trainAction(opts));
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

/** The user's data of `--data` (with labels and a held-out set), the configuration resized to it. */
interface OwnData {
  config: RunConfig;
  train: OwnDataset;
  test: Dataset | null;
  files: NonNullable<RunSummary["data"]>;
  options: OwnDataOptions;
}

const str = (v: string | undefined) => v ?? null;

/** The options of `train` as commander gives them. */
type TrainFlags = RunFlags &
  FieldFlags<typeof ownDataFields> & {
    out?: string;
    format?: string;
    db: string;
    /** false with --no-store */
    store: boolean;
    group: string;
    theory?: true;
    threads?: string;
    data?: string;
    labels?: string;
    testData?: string;
    testLabels?: string;
    saveData?: string;
    saveLabels?: string;
    saveTestData?: string;
    quiet?: true;
  };

/** Read --data and its companions; null without --data (companions without it are refused). */
function ownData(opts: TrainFlags, drawn: RunConfig): OwnData | null {
  const options = resolveOwnData(givenFieldValues(opts, ownDataFields));
  const flags: Record<string, unknown> = { ...opts };
  if (opts.data === undefined) {
    const stray = ["labels", "testData", "testLabels", "labelledBias"].find((k) => flags[k] !== undefined);
    if (stray) throw new UsageError(`--${stray.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --data`);
    return null;
  }
  // the model flags (σ, --distribution, --label-fraction) still name the population metrics (pop_* columns); the
  // test set is --test-data (--test-size is replaced by its row count)
  const fixed = { N: "N", d: "d", lambda: "lambda" };
  const given = Object.entries(fixed).find(([k]) => flags[k] !== undefined);
  if (given)
    throw new UsageError(`give either --data or --${given[1]} (the file fixes N, d, the labels and the test set)`);
  if ([opts.saveData, opts.saveLabels, opts.saveTestData].some((v) => v !== undefined)) {
    throw new UsageError("--save-data, --save-labels and --save-test-data write a draw: not with --data");
  }
  if (opts.labelledBias !== undefined && opts.labels === undefined)
    throw new UsageError("--labelled-bias needs --labels");
  const biasFree = options.labelledBias === "off";
  if (biasFree && drawn.b0 !== 0) {
    throw new UsageError(`--labelled-bias off fixes the bias b at 0: --b0 must be 0 (got ${drawn.b0})`);
  }
  const train: OwnDataset = readDataFile(opts.data);
  if (opts.labels !== undefined) Object.assign(train, { y: readLabelsFile(opts.labels, train.n), biasFree });
  let test: Dataset | null = null;
  if (opts.testData !== undefined) {
    test = readDataFile(opts.testData, "--test-data");
    if (test.d !== train.d)
      throw new UsageError(`--test-data must have ${train.d} columns like --data (got ${test.d})`);
    if (opts.testLabels !== undefined) {
      const y = readLabelsFile(opts.testLabels, test.n, "--test-labels", "--test-data");
      Object.assign(test, { y, biasFree });
    }
  } else if (opts.testLabels !== undefined) throw new UsageError("--test-labels needs --test-data");
  const config = ownDataConfig(drawn, train, test?.n ?? 0);
  const files = {
    data: opts.data,
    labels: str(opts.labels),
    test_data: str(opts.testData),
    test_labels: str(opts.testLabels),
    labelled_bias: opts.labels === undefined ? null : options.labelledBias,
  };
  return { config, train, test, files, options };
}

/** The checked paths of --save-data, --save-labels and --save-test-data (validated before any work). */
interface SaveTargets {
  data?: string;
  labels?: string;
  test?: string;
}

function saveTargets(opts: TrainFlags, c: RunConfig): SaveTargets {
  const path = (flag: string, v: string | undefined) => (v === undefined ? undefined : checkOutputPath(flag, v));
  const t = {
    data: path("--save-data", opts.saveData),
    labels: path("--save-labels", opts.saveLabels),
    test: path("--save-test-data", opts.saveTestData),
  };
  if (t.labels && c.labelFraction === 1) throw new UsageError("--save-labels needs labels: --label-fraction < 1");
  if (t.test && c.testSize === 0) throw new UsageError("--save-test-data needs a test set: --test-size > 0");
  return t;
}

/** Write the run's draw, exactly as it trains on it, to the save targets. */
function saveDraw(t: SaveTargets, c: RunConfig): void {
  if (t.data || t.labels) {
    const train = trainingData(c) as Dataset & { y?: Float64Array };
    if (t.data) writeDataFile(t.data, train.X, train.n, train.d);
    if (t.labels && train.y) writeDataFile(t.labels, train.y, train.n, 1);
  }
  const test = t.test ? testData(c) : null;
  if (t.test && test) writeDataFile(t.test, test.X, test.n, test.d);
}

async function trainAction(opts: TrainFlags): Promise<void> {
  const drawnConfig = runConfigFromOptions(opts);
  const own = ownData(opts, drawnConfig);
  const config = own?.config ?? drawnConfig;
  const saves = saveTargets(opts, config);
  const format = opts.format === undefined ? undefined : parseOption(commandFields.trainFormat, opts.format);
  const outPath = opts.out === undefined ? undefined : checkOutputPath("--out", String(opts.out));
  const dbPath = opts.store === false ? undefined : checkOutputPath("--db", String(opts.db));
  const quiet = opts.quiet === true;
  if (String(opts.group).trim() === "") throw new UsageError('--group must be a non-empty name (got "")');
  if (opts.theory && !own && (config.distribution !== "gaussian" || config.labelFraction < 1)) {
    throw new UsageError(
      "--theory needs the constant-label Gaussian model (--distribution gaussian, --label-fraction 1)",
    );
  }

  checkFitsInMemory(config);
  const dataBytes = config.n * config.d * (config.precision === "f32" ? 4 : 8);
  if (!quiet && dataBytes > 2e9) {
    process.stderr.write(`note: the training X takes ${(dataBytes / 1e9).toFixed(1)} GB and is drawn first\n`);
  }
  const threads =
    opts.threads === undefined ? availableParallelism() : parseOption(commandFields.threads, opts.threads);
  const sharing = threadsPerPass(config.n, passColumns(config.d, config.labelFraction < 1), threads);
  if (sharing > 1) {
    if (!startedSafeForThreads()) {
      process.exitCode = await relaunchSafeForThreads();
      return;
    }
    enableKernelThreads(threads);
    if (!quiet) process.stderr.write(`each gradient pass shared by ${sharing} threads\n`);
  }

  // the store is opened (and refused if it is not a usable store) before any work
  const store = dbPath ? new ResultsStore(dbPath) : undefined;
  const progress = createProgress("train", config.epochs, quiet);
  const start = performance.now();
  saveDraw(saves, config);
  const onProgress = (done: number) => progress.update(done);
  const result = own ? trainOnOwnData(own, onProgress) : runTraining(config, onProgress);
  progress.stop();
  const wallSeconds = (performance.now() - start) / 1000;
  if (opts.theory)
    result.summary.theory = own ? await ownDataTheory(own) : await drawTheory(trainingData(config), config.sigma);

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

/** Train on the user's data (stored as the run's precision), recording which files it came from. */
function trainOnOwnData(own: OwnData, onProgress: (done: number) => void): RunResult {
  const { config, train } = own;
  const run = trainOn(config, inRunStorage(config, train), onProgress, own.test).run;
  run.summary.data = own.files;
  return run;
}

/** The theory of the user's points in the constant-label form the run trains on (`form` says which). */
async function ownDataTheory(own: OwnData): Promise<object> {
  const { rows, form } = constantLabelRows(own.train);
  return { form, ...(await drawTheory(rows, own.config.sigma)) };
}
