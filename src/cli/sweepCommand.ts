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

import type { Command } from "commander";
import { QueueUnavailableError } from "../cluster/queueSubmit.js";
import { runSweepOnQueue } from "../cluster/queueSweep.js";
import { resolveShard } from "../cluster/shardEnv.js";
import { commandFields } from "../config/commandOptions.js";
import { readJsonFile } from "../config/jsonFile.js";
import { parseOption, UsageError } from "../config/schema.js";
import { intervalDescription } from "../experiments/aggregate.js";
import { parseSweepSpec, pointCount } from "../experiments/sweep.js";
import { checkMergeInputs, exportRows } from "../experiments/sweepResults.js";
import {
  countCells,
  invalidPoints,
  planSweep,
  type SweepCounts,
  type SweepPlan,
  SweepRun,
} from "../experiments/sweepRun.js";
import { writeFileAtomic } from "../store/atomicFile.js";
import { recordsCsv } from "../store/formats.js";
import { recordsParquet } from "../store/parquet.js";
import { isStoreWriteError, ResultsStore, type SweepRecord } from "../store/resultsStore.js";
import { addBootstrapOptions, type IntervalFlags, intervalOptions } from "./bootstrapOptions.js";
import { addQueueOptions, type QueueFlags, type QueueRunOptions, queueOptions } from "./queueOptions.js";
import { checkOutputPath, existingFile, openStoreForReading } from "./runOptions.js";
import {
  cellText,
  closeQuietly,
  failLater,
  onInterrupt,
  pointText,
  queueSweepSettings,
  ranges,
  runWithProgress,
} from "./sweepOutput.js";
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
    .option("--workers <n>", commandFields.workers.help)
    .option("--batch <k>", commandFields.batch.help)
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
    .action((spec: string, opts: RunFlags) => runAction(spec, opts));
  sweep
    .command("status [name]")
    .description("done, failed and missing cells of a sweep (no name: every sweep in the store)")
    .option("--db <file>", "results store (SQLite)", DEFAULT_DB)
    .option("--shard <i/n|slurm|k8s>", "only the cells of this shard")
    .option("--json", "machine-readable output")
    .option("--check", "exit 1, naming them, when cells are failed or missing")
    .action((name: string | undefined, opts: StatusFlags) => statusAction(name, opts));
  const exportCmd = sweep
    .command("export <name>")
    .description("a sweep's results as csv or parquet: one row per cell (final state), or per checkpoint")
    .option("--db <file>", "results store (SQLite)", DEFAULT_DB)
    .option("--format <format>", commandFields.sweepExportFormat.help, commandFields.sweepExportFormat.default)
    .option("--out <file>", "write here (atomically); csv goes to stdout without it")
    .option("--checkpoints", "one row per cell and checkpoint instead of per cell")
    .option("--aggregate", "one row per grid point (and checkpoint): mean, standard error and interval over seeds")
    .option("--interval <method>", commandFields.interval.help, commandFields.interval.default);
  addBootstrapOptions(exportCmd, "bootstrap resamples", "2000").action((name: string, opts: ExportFlags) =>
    exportAction(name, opts),
  );
  sweep
    .command("merge <stores...>")
    .description("merge shard stores into --out: cells matched by key, never duplicated; merging twice is a no-op")
    .option("--out <file>", "the merged store (created, or merged into when it exists)")
    .option("--check", "exit 1, naming them, when the merged sweeps have failed or missing cells")
    .action((stores: string[], opts: MergeFlags) => mergeAction(stores, opts));
}

/** The options of `sweep run`, `status`, `export` and `merge` as commander gives them. */
interface RunFlags extends QueueFlags {
  db: string;
  batch?: string;
  resume?: true;
  shard?: string;
  quiet?: true;
}

interface StatusFlags {
  db: string;
  shard?: string;
  json?: true;
  check?: true;
}

interface ExportFlags extends IntervalFlags {
  db: string;
  format: string;
  out?: string;
  checkpoints?: true;
  aggregate?: true;
}

interface MergeFlags {
  out?: string;
  check?: true;
}

/** The spec file, parsed and validated. */
function readSpec(path: string) {
  const full = existingFile("<spec>", path);
  return parseSweepSpec(readJsonFile(full, `sweep spec "${path}"`), path);
}

/** What `sweep run` runs (the plan of its shard) and where it is stored: the path, as given and resolved. */
interface RunTarget {
  plan: SweepPlan;
  dbPath: string;
  db: string;
  quiet: boolean;
  label: string;
}

async function runAction(specPath: string, opts: RunFlags): Promise<void> {
  const spec = readSpec(specPath);
  const shard = resolveShard(opts.shard);
  const queue = queueOptions(opts);
  const workers = opts.workers === undefined ? undefined : parseOption(commandFields.workers, opts.workers);
  const batch = parseOption(commandFields.batch, opts.batch ?? commandFields.batch.default);
  if (queue && batch > 1)
    throw new UsageError("--batch applies to local runs and not with --queue (got --batch with --queue)");
  const dbPath = checkOutputPath("--db", String(opts.db));
  const plan = planSweep(spec, shard);
  // every grid point is valid, or nothing runs
  const invalid = invalidPoints(plan);
  if (invalid.length > 0) {
    const first = invalid[0];
    throw new UsageError(
      `grid point ${pointText(first.point)} of sweep "${spec.name}" is not a valid configuration (${first.error}); ${invalid.length} of ${pointCount(spec)} grid points are invalid: fix the spec`,
    );
  }
  const label = shard.count > 1 ? `sweep ${spec.name} ${shard.index}/${shard.count}` : `sweep ${spec.name}`;
  const target: RunTarget = { plan, dbPath, db: String(opts.db), quiet: opts.quiet === true, label };
  const store = openStoreToWrite(target);
  if (!store) return;
  const sweep = new SweepRun(store, plan, VERSION);
  try {
    sweep.register({ dbPath, db: target.db, resume: opts.resume === true });
    if (queue) await queueRun(sweep, target, queue);
    else await localRun(sweep, target, workers, batch);
  } catch (err) {
    if (err instanceof QueueUnavailableError) failLater(err.message);
    else if (isStoreWriteError(err)) failLater(storeWriteMessage(err, target, sweep));
    else throw err;
  } finally {
    closeQuietly(store);
    sweep.release();
  }
}

/** Where the slice sits in the sweep, for the closing line. */
function whereText({ shard, slice, cells }: SweepPlan): string {
  return shard.count > 1
    ? `shard ${shard.index}/${shard.count} (${slice.length} of ${cells.length} cells)`
    : `${cells.length} cells`;
}

async function localRun(sweep: SweepRun, t: RunTarget, workers: number | undefined, batch: number): Promise<void> {
  const report = await runWithProgress(sweep, { workers, batch, quiet: t.quiet, label: t.label });
  const ran = `ran ${report.done + report.failed} (${report.done} done, ${report.failed} failed)`;
  process.stdout.write(
    `sweep ${sweep.name}: ${whereText(t.plan)}; ${ran}, ${report.skipped} already done; store ${t.dbPath}\n`,
  );
  if (report.failed > 0) {
    failLater(`${report.failed} cell(s) failed: see grokedge sweep status ${sweep.name} --db ${t.db}`);
  }
}

/** Enqueue the slice's pending cells, store the results as workers return them, report what is not done. */
async function queueRun(sweep: SweepRun, t: RunTarget, q: QueueRunOptions): Promise<void> {
  const say = t.quiet ? undefined : (line: string) => process.stderr.write(`${t.label}: ${line}\n`);
  const settings = queueSweepSettings(
    q,
    say,
    (cell, error) => `cell ${cell.index} (${cellText(cell)}) failed: ${error}`,
  );
  // Ctrl-C: collected cells are saved; the rest stay queued for a later --resume
  const message = `collected cells are saved; the others stay queued: rerun with --resume to collect "${sweep.name}"`;
  const report = await onInterrupt(sweep.store, message, t.quiet, () => runSweepOnQueue(sweep, settings));
  const ran = `ran ${report.done + report.failed} (${report.done} done, ${report.failed} failed) on ${q.target.url}`;
  const requeued = report.requeued > 0 ? `, ${report.requeued} re-enqueued after vanishing from Redis` : "";
  process.stdout.write(
    `sweep ${sweep.name}: ${whereText(t.plan)}; ${ran}, ${report.skipped} already done${requeued}; store ${t.dbPath}\n`,
  );
  if (report.missing.length > 0) {
    const indices = report.missing.map((c) => c.index).sort((a, b) => a - b);
    failLater(
      `${indices.length} cell(s) of sweep ${sweep.name} not finished within ${q.timeoutSeconds} s: ${ranges(indices)} (still queued at ${q.target.url}: rerun with --resume to collect them)`,
    );
  }
  if (report.failed > 0)
    failLater(`${report.failed} cell(s) failed: see grokedge sweep status ${sweep.name} --db ${t.db}`);
}

/** One line: which store failed and why, which cells of the slice are not saved, and how to finish. */
function storeWriteMessage(err: Error & { code: string }, t: RunTarget, sweep?: SweepRun): string {
  const head = `cannot write the results store --db ${t.db} (${err.message}, ${err.code})`;
  let detail = "";
  try {
    const c = sweep?.storedCounts();
    if (c) {
      const notDone = [...c.failed.map((f) => f.index), ...c.missing].sort((a, b) => a - b);
      detail = `: ${c.done} of ${c.cells} cells saved whole${notDone.length ? `, not saved: ${ranges(notDone)}` : ""}`;
    }
  } catch {
    // the store cannot even be read: the head says why
  }
  return `${head}${detail}; free space and rerun with --resume`;
}

/** The store for `sweep run`, or undefined after a one-line error when it cannot be created or opened for writing. */
function openStoreToWrite(t: RunTarget): ResultsStore | undefined {
  try {
    return new ResultsStore(t.dbPath);
  } catch (err) {
    if (!isStoreWriteError(err)) throw err;
    failLater(storeWriteMessage(err, t));
    return undefined;
  }
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

function statusAction(name: string | undefined, opts: StatusFlags): void {
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

function exportAction(name: string, opts: ExportFlags): void {
  const format = parseOption(commandFields.sweepExportFormat, opts.format);
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
    const counts = countCells(store, sweep);
    if (counts.done < counts.cells) {
      process.stderr.write(
        `note: sweep ${name} has ${counts.done} of ${counts.cells} cells done (${counts.failed.length} failed, ${counts.missing.length} missing)\n`,
      );
    }
    Object.assign(metadata, { sweep: sweep.name, sweep_key: sweep.key, spec: sweep.specJson });
    if (interval) metadata.interval = intervalDescription(interval);
    rows = exportRows(store, sweep, { checkpoints: opts.checkpoints === true, interval });
  } finally {
    store.close();
  }
  const bytes = format === "csv" ? recordsCsv(rows) : recordsParquet(rows, metadata);
  if (outPath) writeFileAtomic(outPath, bytes);
  else process.stdout.write(bytes);
}

function mergeAction(stores: string[], opts: MergeFlags): void {
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
    const counts = store.sweeps().map((s) => countCells(store, s));
    for (const c of counts) process.stdout.write(statusText(c, false));
    if (opts.check) checkComplete(counts);
  } finally {
    store.close();
  }
}
