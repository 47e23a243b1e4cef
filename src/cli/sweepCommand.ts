/**
 * `grokedge sweep run | status | export | merge`: declarative sweeps (experiments/sweep.ts) on every core, recorded
 * cell by cell in the results store; resumable after a kill, sliceable into shards for cluster arrays
 * (`--shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT`), and mergeable shard by shard.
 *
 * Resume: each finished cell is committed with its run in one transaction, so a kill (Ctrl-C or kill -9) loses only
 * the cells in flight. `sweep run` refuses a slice that already has recorded cells unless `--resume` is given; with
 * it, only the missing and failed cells run (on a sweep not yet in the store, --resume simply starts it, so array
 * jobs can always pass it). A different spec under a stored name is refused either way.
 * Merge: cells are matched by key; a cell done in --out is never copied again, a failed one is replaced by a done
 * one; runs outside sweeps are not copied. Merging the same shard twice changes nothing.
 * Clusters: `--shard slurm` and `--shard k8s` take the shard from a SLURM array task's or a Kubernetes Indexed Job
 * pod's environment (cluster/shardEnv.ts). `--queue redis://host:port` enqueues the cells for `grokedge worker`s
 * instead of running them here, and stores their results as they come back (cluster/queueSweep.ts); `--timeout`
 * bounds the wait and names the cells not finished. `status --check` and `merge --check` exit 1 naming every cell
 * not done. A store that cannot be written (a full disk) ends the run with one line naming the store and the cells
 * not saved; the cells saved are whole, and --resume completes the rest.
 */

import { existsSync, realpathSync, statSync } from "node:fs";
import type { Command } from "commander";
import { QueueUnavailableError } from "../cluster/queueSubmit.js";
import { runSweepOnQueue } from "../cluster/queueSweep.js";
import { resolveShard } from "../cluster/shardEnv.js";
import { readJsonFile } from "../config/jsonFile.js";
import { parseField, UsageError } from "../config/schema.js";
import {
  aggregateCheckpoints,
  aggregateFinal,
  type CellData,
  defaultIntervalOptions,
  FINAL_METRICS,
  finalValues,
  type IntervalOptions,
  intervalDescription,
} from "../experiments/aggregate.js";
import { defaultWorkers } from "../experiments/pool.js";
import {
  parseSweepSpec,
  pointCount,
  type Shard,
  type SweepCell,
  shardCells,
  specToJson,
  sweepCells,
  sweepKey,
} from "../experiments/sweep.js";
import { cellEpochs, pendingCells, runSweep, type SweepRunReport } from "../experiments/sweepRunner.js";
import { writeFileAtomic } from "../store/atomicFile.js";
import { recordsCsv } from "../store/formats.js";
import { recordsParquet } from "../store/parquet.js";
import { type CellRecord, CHECKPOINT_COLUMNS, ResultsStore, type SweepRecord } from "../store/resultsStore.js";
import { claimSweepSlice } from "../store/sweepLock.js";
import { createProgress } from "./progress.js";
import { addQueueOptions, type QueueRunOptions, queueOptions, queueProgress, submitSettings } from "./queueOptions.js";
import { checkOutputPath, choice, existingFile, intOption, openStoreForReading } from "./runOptions.js";
import { DEFAULT_DB } from "./trainCommand.js";
import { VERSION } from "./version.js";

export function registerSweep(program: Command): void {
  const sweep = program
    .command("sweep")
    .description("declarative sweeps: a grid over run parameters × replicates, run on every core, resumable");
  const run = sweep
    .command("run <spec>")
    .description("run the cells of a sweep spec (JSON) and record each in the store as it finishes")
    .option("--db <file>", "results store (SQLite)", DEFAULT_DB)
    .option("--workers <n>", "worker threads (default: all cores)")
    .option(
      "--batch <k>",
      "advance up to k cells that share their data (same replicate; η, S_0, b_0, epochs or optimizer varying) together, reading X once per step for all: faster when X outgrows the cache; the numbers do not depend on it (default 1)",
    )
    .option("--resume", "the sweep may already be in the store: run only its missing and failed cells")
    .option(
      "--shard <i/n|slurm|k8s>",
      "run only the cells with index ≡ i (mod n), 0 ≤ i < n; slurm / k8s: i and n from the array task's environment",
    );
  addQueueOptions(
    run,
    "cells",
    "enqueue the cells on this Redis (redis://host:port) for `grokedge worker`s; store results",
  )
    .option("--quiet", "no progress and no messages on stderr")
    .action((spec: string, opts: Record<string, unknown>) => runAction(spec, opts));
  sweep
    .command("status [name]")
    .description("done, failed and missing cells of a sweep (no name: every sweep in the store)")
    .option("--db <file>", "results store (SQLite)", DEFAULT_DB)
    .option("--shard <i/n|slurm|k8s>", "only the cells of this shard")
    .option("--json", "machine-readable output")
    .option("--check", "exit 1, naming them, when cells are failed or missing")
    .action((name: string | undefined, opts: Record<string, unknown>) => statusAction(name, opts));
  const exportCmd = sweep
    .command("export <name>")
    .description("a sweep's results as csv or parquet: one row per cell (final state), or per checkpoint")
    .option("--db <file>", "results store (SQLite)", DEFAULT_DB)
    .option("--format <format>", "csv | parquet", "csv")
    .option("--out <file>", "write here (atomically); csv goes to stdout without it")
    .option("--checkpoints", "one row per cell and checkpoint instead of per cell")
    .option("--aggregate", "one row per grid point (and checkpoint): mean, standard error and interval over seeds")
    .option("--interval <method>", "with --aggregate: se (mean ± 1 SE) | bootstrap (percentile)", "se");
  addBootstrapOptions(exportCmd, "bootstrap resamples", "2000").action((name: string, opts: Record<string, unknown>) =>
    exportAction(name, opts),
  );
  sweep
    .command("merge <stores...>")
    .description("merge shard stores into --out: cells matched by key, never duplicated; merging twice is a no-op")
    .option("--out <file>", "the merged store (created, or merged into when it exists)")
    .option("--check", "exit 1, naming them, when the merged sweeps have failed or missing cells")
    .action((stores: string[], opts: Record<string, unknown>) => mergeAction(stores, opts));
}

/** The spec file, parsed and validated. */
function readSpec(path: string) {
  const full = existingFile("<spec>", path);
  return parseSweepSpec(readJsonFile(full, `sweep spec "${path}"`), path);
}

/** "lambda=0.48 sigma=5". */
export function pointText(point: Record<string, number | string>): string {
  return Object.entries(point)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
}

/** Indices as ranges: "3, 7-9, 12". */
export function ranges(indices: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < indices.length; i++) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j] + 1) j++;
    out.push(i === j ? `${indices[i]}` : `${indices[i]}-${indices[j]}`);
    i = j;
  }
  return out.join(", ");
}

/** What `sweep run` runs: the spec, its cells, the slice of this shard, and where it is stored. */
interface RunPlan {
  spec: ReturnType<typeof readSpec>;
  key: string;
  cells: SweepCell[];
  slice: SweepCell[];
  shard: Shard;
  dbPath: string;
  db: string;
  quiet: boolean;
  label: string;
}

async function runAction(specPath: string, opts: Record<string, unknown>): Promise<void> {
  const spec = readSpec(specPath);
  const shard = resolveShard(opts.shard);
  const queue = queueOptions(opts);
  const workers = opts.workers === undefined ? undefined : intOption("workers", opts.workers, 1, 1024);
  const batch = opts.batch === undefined ? 1 : intOption("batch", opts.batch, 1, 64);
  if (queue && batch > 1)
    throw new UsageError("--batch applies to local runs and not with --queue (got --batch with --queue)");
  const dbPath = checkOutputPath("--db", String(opts.db));
  const key = sweepKey(spec);
  const cells = sweepCells(spec, key);
  // every grid point is valid, or nothing runs
  const invalid = cells.filter((c) => c.error !== null && c.replicate === 0);
  if (invalid.length > 0) {
    const first = invalid[0];
    throw new UsageError(
      `grid point ${pointText(first.point)} of sweep "${spec.name}" is not a valid configuration (${first.error}); ${invalid.length} of ${pointCount(spec)} grid points are invalid: fix the spec`,
    );
  }
  const slice = shardCells(cells, shard);
  const label = shard.count > 1 ? `sweep ${spec.name} ${shard.index}/${shard.count}` : `sweep ${spec.name}`;
  const plan: RunPlan = {
    spec,
    key,
    cells,
    slice,
    shard,
    dbPath,
    db: String(opts.db),
    quiet: opts.quiet === true,
    label,
  };
  const store = openStoreToWrite(plan);
  if (!store) return;
  let release: (() => void) | undefined;
  try {
    release = claimSweepSlice(plan.dbPath, key, `${shard.index}/${shard.count}`, spec.name);
    checkResume(store, spec.name, slice, opts.resume === true, plan.db);
    const specJson = JSON.stringify(specToJson(spec));
    store.saveSweep({ key, name: spec.name, specJson, cells: cells.length, version: VERSION });
    if (queue) await queueRun(store, plan, queue);
    else await localRun(store, plan, workers, batch);
  } catch (err) {
    if (err instanceof QueueUnavailableError) failLater(err.message);
    else if (isStoreWriteError(err)) failLater(storeWriteMessage(err, plan, store));
    else throw err;
  } finally {
    closeQuietly(store);
    release?.();
  }
}

/** Where the slice sits in the sweep, for the closing line. */
function whereText(plan: RunPlan): string {
  const { shard, slice, cells } = plan;
  return shard.count > 1
    ? `shard ${shard.index}/${shard.count} (${slice.length} of ${cells.length} cells)`
    : `${cells.length} cells`;
}

async function localRun(store: ResultsStore, plan: RunPlan, workers: number | undefined, batch: number): Promise<void> {
  const { spec, key, quiet, label } = plan;
  const o = { sweepKey: key, name: spec.name, workers, batch, quiet, label };
  const report = await runWithProgress(stopOnWriteFailure(store), plan.slice, o);
  const ran = `ran ${report.done + report.failed} (${report.done} done, ${report.failed} failed)`;
  process.stdout.write(
    `sweep ${spec.name}: ${whereText(plan)}; ${ran}, ${report.skipped} already done; store ${plan.dbPath}\n`,
  );
  if (report.failed > 0) {
    failLater(`${report.failed} cell(s) failed: see grokedge sweep status ${spec.name} --db ${plan.db}`);
  }
}

/** Enqueue the slice's pending cells, store the results as workers return them, report what is not done. */
async function queueRun(store: ResultsStore, plan: RunPlan, q: QueueRunOptions): Promise<void> {
  const { spec, quiet, label } = plan;
  const say = quiet ? undefined : (line: string) => process.stderr.write(`${label}: ${line}\n`);
  const onSigint = queueInterruptHandler(store, spec.name, quiet);
  let report: Awaited<ReturnType<typeof runSweepOnQueue>>;
  try {
    report = await runSweepOnQueue(store, plan.slice, {
      ...submitSettings(q),
      spec,
      sweepKey: plan.key,
      onProgress: say && queueProgress(say),
      onFailedCell: (cell, error) => say?.(`cell ${cell.index} (${cellText(cell)}) failed: ${error}`),
      log: say,
    });
  } finally {
    process.off("SIGINT", onSigint);
  }
  const ran = `ran ${report.done + report.failed} (${report.done} done, ${report.failed} failed) on ${q.target.url}`;
  const requeued = report.requeued > 0 ? `, ${report.requeued} re-enqueued after vanishing from Redis` : "";
  process.stdout.write(
    `sweep ${spec.name}: ${whereText(plan)}; ${ran}, ${report.skipped} already done${requeued}; store ${plan.dbPath}\n`,
  );
  if (report.missing.length > 0) {
    const indices = report.missing.map((c) => c.index).sort((a, b) => a - b);
    failLater(
      `${indices.length} cell(s) of sweep ${spec.name} not finished within ${q.timeoutSeconds} s: ${ranges(indices)} (still queued at ${q.target.url}: rerun with --resume to collect them)`,
    );
  }
  if (report.failed > 0)
    failLater(`${report.failed} cell(s) failed: see grokedge sweep status ${spec.name} --db ${plan.db}`);
}

/** Ctrl-C while waiting on the queue: collected cells are saved; the rest stay queued for a later --resume. */
function queueInterruptHandler(store: ResultsStore, name: string, quiet: boolean): () => void {
  const handler = () => {
    if (!quiet) {
      process.stderr.write(
        `\ninterrupted: collected cells are saved; the others stay queued: rerun with --resume to collect "${name}"\n`,
      );
    }
    closeQuietly(store);
    process.exit(130);
  };
  process.once("SIGINT", handler);
  return handler;
}

/**
 * The store, except that after one failed write every later saveCell throws that failure too. runSweep records a
 * cell whose save threw as failed; on a full disk that second write would fail or, worse, succeed and let the sweep
 * run on recording nothing but failures. This way the first write failure ends the run (see storeWriteMessage).
 */
function stopOnWriteFailure(store: ResultsStore): ResultsStore {
  let broken: unknown;
  const guarded = Object.create(store) as ResultsStore;
  guarded.saveCell = (cell, outcome) => {
    if (broken !== undefined) throw broken;
    try {
      return store.saveCell(cell, outcome);
    } catch (err) {
      if (isStoreWriteError(err)) broken = err;
      throw err;
    }
  };
  return guarded;
}

/** A failure to write the store (full disk, quota, read-only or missing medium) rather than a bug. */
function isStoreWriteError(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    typeof code === "string" && (code.startsWith("SQLITE_") || ["ENOSPC", "EDQUOT", "EROFS", "EIO"].includes(code))
  );
}

/** One line: which store failed and why, which cells of the slice are not saved, and how to finish. */
function storeWriteMessage(err: Error & { code: string }, plan: RunPlan, store?: ResultsStore): string {
  const head = `cannot write the results store --db ${plan.db} (${err.message}, ${err.code})`;
  let detail = "";
  try {
    const sweep = store?.sweepByName(plan.spec.name);
    if (store && sweep) {
      const c = countCells(store, sweep, plan.shard);
      const notDone = [...c.failed.map((f) => f.index), ...c.missing].sort((a, b) => a - b);
      detail = `: ${c.done} of ${c.cells} cells saved whole${notDone.length ? `, not saved: ${ranges(notDone)}` : ""}`;
    }
  } catch {
    // the store cannot even be read: the head says why
  }
  return `${head}${detail}; free space and rerun with --resume`;
}

/** The store for `sweep run`, or undefined after a one-line error when it cannot be created or opened for writing. */
function openStoreToWrite(plan: RunPlan): ResultsStore | undefined {
  try {
    return new ResultsStore(plan.dbPath);
  } catch (err) {
    if (!isStoreWriteError(err)) throw err;
    failLater(storeWriteMessage(err, plan));
    return undefined;
  }
}

/** Close a store whose medium may be failing: closing must not hide the error being reported. */
function closeQuietly(store: ResultsStore): void {
  try {
    if (store.db.open) store.close();
  } catch {
    // the WAL could not be checkpointed (disk full): the committed cells are in the WAL and read back on next open
  }
}

/** Run the slice with a progress bar (epochs, with ETA) on stderr, a line per failed cell, and Ctrl-C handling. */
export async function runWithProgress(
  store: ResultsStore,
  slice: readonly SweepCell[],
  o: { sweepKey: string; name: string; workers: number | undefined; batch: number; quiet: boolean; label: string },
): Promise<SweepRunReport> {
  const todo = pendingCells(store, o.sweepKey, slice);
  const epochs = todo.reduce((a, c) => a + cellEpochs(c), 0);
  const onSigint = interruptHandler(store, o.name, o.quiet);
  const progress = createProgress(o.label, Math.max(1, epochs), o.quiet);
  try {
    return await runSweep(store, slice, {
      sweepKey: o.sweepKey,
      name: o.name,
      workers: o.workers ?? defaultWorkers(todo.length),
      batch: o.batch,
      version: VERSION,
      onProgress: (done) => progress.update(done),
      onCell: (r) => {
        if (r.status === "failed" && !o.quiet) {
          process.stderr.write(`cell ${r.cell.index} (${cellText(r.cell)}) failed: ${r.error}\n`);
        }
      },
    });
  } finally {
    progress.stop();
    process.off("SIGINT", onSigint);
  }
}

function cellText(cell: Pick<SweepCell, "point" | "replicate">): string {
  return `${pointText(cell.point)} replicate=${cell.replicate}`.trim();
}

/**
 * Without --resume, a sweep whose slice already has recorded cells is refused: running it again would silently
 * skip them. A different spec under the same name is refused by the store either way.
 */
export function checkResume(
  store: ResultsStore,
  name: string,
  slice: readonly SweepCell[],
  resume: boolean,
  db: string,
): void {
  if (resume) return;
  const stored = store.sweepByName(name);
  if (!stored) return;
  const keys = new Set(slice.map((c) => c.key));
  const recorded = store.sweepCells(stored.key).filter((c) => keys.has(c.key)).length;
  if (recorded > 0) {
    throw new UsageError(
      `sweep "${name}" already has ${recorded} of these ${slice.length} cells recorded in --db ${db}: pass --resume to run only its missing and failed cells, or rename the sweep`,
    );
  }
}

/**
 * Ctrl-C: every finished cell is already committed, so stop at once and say how to resume (exit 130). Cells in
 * flight are lost and rerun by --resume.
 */
function interruptHandler(store: ResultsStore, name: string, quiet: boolean): () => void {
  const handler = () => {
    if (!quiet)
      process.stderr.write(`\ninterrupted: finished cells are saved; rerun with --resume to finish "${name}"\n`);
    store.close();
    process.exit(130);
  };
  process.once("SIGINT", handler);
  return handler;
}

/** Print a one-line error and end with exit code 1 once the command is done (main() returns process.exitCode). */
function failLater(message: string): void {
  process.stderr.write(`error: ${message}\n`);
  process.exitCode = 1;
}

/** The sweep named `name` in the store, or a usage error listing the stored sweeps. */
function storedSweep(store: ResultsStore, name: string, db: string): SweepRecord {
  const sweep = store.sweepByName(name);
  if (sweep) return sweep;
  const names = store.sweeps().map((s) => s.name);
  throw new UsageError(
    `sweep "${name}" is not in --db ${db} (stored sweeps: ${names.length ? names.join(", ") : "none"})`,
  );
}

interface SweepCounts {
  name: string;
  key: string;
  cells: number;
  done: number;
  failed: CellRecord[];
  missing: number[];
}

/** Done, failed and missing cells of a sweep (of one shard when given). */
function countCells(store: ResultsStore, sweep: SweepRecord, shard: Shard): SweepCounts {
  const all = Array.from({ length: sweep.cells }, (_, index) => ({ index }));
  const indices = shardCells(all, shard).map((c) => c.index);
  const wanted = new Set(indices);
  const recorded = store.sweepCells(sweep.key).filter((c) => wanted.has(c.index));
  const seen = new Set(recorded.map((c) => c.index));
  return {
    name: sweep.name,
    key: sweep.key,
    cells: indices.length,
    done: recorded.filter((c) => c.status === "done").length,
    failed: recorded.filter((c) => c.status === "failed"),
    missing: indices.filter((i) => !seen.has(i)),
  };
}

function statusAction(name: string | undefined, opts: Record<string, unknown>): void {
  const shard = resolveShard(opts.shard);
  const store = openStoreForReading(String(opts.db));
  try {
    const sweeps = name === undefined ? store.sweeps() : [storedSweep(store, name, String(opts.db))];
    const counts = sweeps.map((s) => countCells(store, s, shard));
    if (opts.json) {
      const json = counts.map((c) => ({
        ...c,
        failed: c.failed.map(({ index, replicate, point, attempts, error }) => ({
          index,
          replicate,
          point,
          attempts,
          error,
        })),
      }));
      process.stdout.write(`${JSON.stringify(name === undefined ? json : json[0], null, 2)}\n`);
    } else {
      if (counts.length === 0) process.stdout.write(`no sweeps in ${opts.db}\n`);
      for (const c of counts) process.stdout.write(statusText(c, name !== undefined));
    }
    if (opts.check) checkComplete(counts);
  } finally {
    store.close();
  }
}

/** --check: one error line per sweep with cells not done, naming them, and exit code 1. */
function checkComplete(counts: readonly SweepCounts[]): void {
  for (const c of counts) {
    if (c.done === c.cells) continue;
    const failed = c.failed.length ? `, failed: ${ranges(c.failed.map((f) => f.index))}` : "";
    const missing = c.missing.length ? `, missing: ${ranges(c.missing)}` : "";
    failLater(`sweep ${c.name}: ${c.cells - c.done} of ${c.cells} cells not done${failed}${missing}`);
  }
}

function statusText(c: SweepCounts, detail: boolean): string {
  const head = `sweep ${c.name} (key ${c.key}): ${c.cells} cells: ${c.done} done, ${c.failed.length} failed, ${c.missing.length} missing\n`;
  if (!detail) return head;
  const failed = c.failed.map((f) => `  cell ${f.index} (${cellText(f)}), ${f.attempts} attempt(s): ${f.error}\n`);
  return (
    head +
    (failed.length ? `failed:\n${failed.join("")}` : "") +
    (c.missing.length ? `missing: ${ranges(c.missing)}\n` : "")
  );
}

/** The interval options of `sweep export --aggregate`. */
/** --level, --resamples and --boot-seed (read by intervalOptions). */
export function addBootstrapOptions(cmd: Command, resamplesHelp: string, resamples: string): Command {
  return cmd
    .option("--level <p>", "bootstrap confidence level", "0.95")
    .option("--resamples <k>", resamplesHelp, resamples)
    .option("--boot-seed <s>", "bootstrap seed", "0");
}

export function intervalOptions(opts: Record<string, unknown>): IntervalOptions {
  const level = parseField(
    { key: "level", flag: "level", kind: { type: "number", exclusiveMin: 0, exclusiveMax: 1 }, help: "" },
    opts.level ?? defaultIntervalOptions.level,
    "--level",
  ) as number;
  return {
    method: choice("--interval", opts.interval ?? "se", ["se", "bootstrap"] as const),
    level,
    resamples: intOption("resamples", opts.resamples ?? defaultIntervalOptions.resamples, 1, 1_000_000),
    seed: intOption("boot-seed", opts.bootSeed ?? 0, 0, Number.MAX_SAFE_INTEGER),
  };
}

/** Columns that identify a cell in exports. */
function cellColumns(c: CellRecord): Record<string, unknown> {
  return { cell_index: c.index, cell_key: c.key, ...c.point, replicate: c.replicate };
}

/** One row per recorded cell: identity, status, and the final state (null for a failed cell). */
function cellRows(store: ResultsStore, recorded: readonly CellRecord[]): Record<string, unknown>[] {
  return recorded.map((c) => {
    const run = c.runId === null ? null : store.loadRun(c.runId);
    const finals = run ? finalValues(run) : Object.fromEntries(FINAL_METRICS.map((m) => [m, null]));
    return {
      ...cellColumns(c),
      status: c.status,
      error: c.error,
      attempts: c.attempts,
      run_id: c.runId,
      seed: run?.config.seed ?? null,
      run_index: run?.config.runIndex ?? null,
      run_status: run?.summary.status ?? null,
      epochs_run: run?.summary.epochs_run ?? null,
      ...finals,
    };
  });
}

/** One row per done cell and checkpoint. */
function checkpointRows(store: ResultsStore, recorded: readonly CellRecord[]): Record<string, unknown>[] {
  return recorded.flatMap((c) => {
    if (c.runId === null) return [];
    const run = store.loadRun(c.runId);
    return run.checkpoints.map((cp, idx) => ({
      ...cellColumns(c),
      checkpoint: idx,
      ...Object.fromEntries(CHECKPOINT_COLUMNS.map((k) => [k, cp[k]])),
    }));
  });
}

function doneCellData(store: ResultsStore, recorded: readonly CellRecord[]): CellData[] {
  return recorded.flatMap((c) => {
    if (c.runId === null) return [];
    const run = store.loadRun(c.runId);
    return [{ point: c.point, summary: run.summary, checkpoints: run.checkpoints }];
  });
}

function exportAction(name: string, opts: Record<string, unknown>): void {
  const format = choice("--format", opts.format, ["csv", "parquet"] as const);
  if (format === "parquet" && opts.out === undefined) {
    throw new UsageError("--format parquet needs --out FILE (got no --out; parquet is binary, not for a terminal)");
  }
  const outPath = opts.out === undefined ? undefined : checkOutputPath("--out", String(opts.out));
  const interval = opts.aggregate ? intervalOptions(opts) : undefined;
  const store = openStoreForReading(String(opts.db));
  let rows: Record<string, unknown>[];
  const metadata: Record<string, string> = { grokedge_version: VERSION };
  try {
    const sweep = storedSweep(store, name, String(opts.db));
    const recorded = store.sweepCells(sweep.key);
    const counts = countCells(store, sweep, { index: 0, count: 1 });
    if (counts.done < counts.cells) {
      process.stderr.write(
        `note: sweep ${name} has ${counts.done} of ${counts.cells} cells done (${counts.failed.length} failed, ${counts.missing.length} missing)\n`,
      );
    }
    Object.assign(metadata, { sweep: sweep.name, sweep_key: sweep.key, spec: sweep.specJson });
    if (interval) {
      metadata.interval = intervalDescription(interval);
      const data = doneCellData(store, recorded);
      rows = opts.checkpoints ? aggregateCheckpoints(data, interval) : aggregateFinal(data, interval);
    } else {
      rows = opts.checkpoints ? checkpointRows(store, recorded) : cellRows(store, recorded);
    }
  } finally {
    store.close();
  }
  const bytes = format === "csv" ? recordsCsv(rows) : recordsParquet(rows, metadata);
  if (outPath) writeFileAtomic(outPath, bytes);
  else process.stdout.write(bytes);
}

/** An existing results store, opened read-only; anything else is a usage error naming the parameter. */
function storeToRead(flag: string, path: string): ResultsStore {
  try {
    return new ResultsStore(path, { readonly: true });
  } catch (err) {
    throw new UsageError(`${flag} must be a grokedge results store (got "${path}": ${(err as Error).message})`);
  }
}

/** Every input must be a store, none may be --out, and no sweep name may map to two specs: checked before writing. */
function checkMergeInputs(inputs: readonly string[], out: string): void {
  if (existsSync(out)) {
    const outReal = realpathSync(out);
    const same = inputs.find((p) => realpathSync(p) === outReal);
    if (same) throw new UsageError(`--out must not be one of the stores merged (got "${same}" as both)`);
  }
  const keyOf = new Map<string, { key: string; where: string }>();
  const named = inputs.map((path) => ({ flag: "<stores>", path }));
  const paths = existsSync(out) && statSync(out).size > 0 ? [{ flag: "--out", path: out }, ...named] : named;
  for (const { flag, path } of paths) {
    const store = storeToRead(flag, path);
    try {
      for (const s of store.sweeps()) {
        const seen = keyOf.get(s.name);
        if (seen && seen.key !== s.key) {
          throw new UsageError(
            `sweep "${s.name}" has different specs in "${seen.where}" (key ${seen.key}) and "${path}" (key ${s.key}): refusing to merge`,
          );
        }
        keyOf.set(s.name, { key: s.key, where: path });
      }
    } finally {
      store.close();
    }
  }
}

function mergeAction(stores: string[], opts: Record<string, unknown>): void {
  if (opts.out === undefined) throw new UsageError("--out is required: the merged store to create or merge into");
  const out = checkOutputPath("--out", String(opts.out));
  const inputs = stores.map((p) => existingFile("<stores>", p));
  checkMergeInputs(inputs, out);
  const store = new ResultsStore(out);
  try {
    for (const [i, input] of inputs.entries()) {
      const r = store.mergeFrom(input);
      const other = r.otherRuns ? `, ${r.otherRuns} run(s) outside sweeps not copied` : "";
      process.stdout.write(
        `merged ${stores[i]}: ${r.cellsCopied} cell(s) copied, ${r.duplicates} already present${other}\n`,
      );
    }
    const counts = store.sweeps().map((s) => countCells(store, s, { index: 0, count: 1 }));
    for (const c of counts) process.stdout.write(statusText(c, false));
    if (opts.check) checkComplete(counts);
  } finally {
    store.close();
  }
}
