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
 */

import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import type { Command } from "commander";
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
  parseShard,
  parseSweepSpec,
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
import { createProgress } from "./progress.js";
import { checkOutputPath, choice, existingFile, openStoreForReading } from "./runOptions.js";
import { DEFAULT_DB } from "./trainCommand.js";
import { VERSION } from "./version.js";

export function registerSweep(program: Command): void {
  const sweep = program
    .command("sweep")
    .description("declarative sweeps: a grid over run parameters × replicates, run on every core, resumable");
  sweep
    .command("run <spec>")
    .description("run the cells of a sweep spec (JSON) and record each in the store as it finishes")
    .option("--db <file>", "results store (SQLite)", DEFAULT_DB)
    .option("--workers <n>", "worker threads (default: all cores)")
    .option("--resume", "the sweep may already be in the store: run only its missing and failed cells")
    .option("--shard <i/n>", "run only the cells with index ≡ i (mod n), 0 ≤ i < n (cluster arrays)")
    .option("--quiet", "no progress and no messages on stderr")
    .action((spec: string, opts: Record<string, unknown>) => runAction(spec, opts));
  sweep
    .command("status [name]")
    .description("done, failed and missing cells of a sweep (no name: every sweep in the store)")
    .option("--db <file>", "results store (SQLite)", DEFAULT_DB)
    .option("--shard <i/n>", "only the cells of this shard")
    .option("--json", "machine-readable output")
    .action((name: string | undefined, opts: Record<string, unknown>) => statusAction(name, opts));
  sweep
    .command("export <name>")
    .description("a sweep's results as csv or parquet: one row per cell (final state), or per checkpoint")
    .option("--db <file>", "results store (SQLite)", DEFAULT_DB)
    .option("--format <format>", "csv | parquet", "csv")
    .option("--out <file>", "write here (atomically); csv goes to stdout without it")
    .option("--checkpoints", "one row per cell and checkpoint instead of per cell")
    .option("--aggregate", "one row per grid point (and checkpoint): mean, standard error and interval over seeds")
    .option("--interval <method>", "with --aggregate: se (mean ± 1 SE) | bootstrap (percentile)", "se")
    .option("--level <p>", "bootstrap confidence level", "0.95")
    .option("--resamples <k>", "bootstrap resamples", "2000")
    .option("--boot-seed <s>", "bootstrap seed", "0")
    .action((name: string, opts: Record<string, unknown>) => exportAction(name, opts));
  sweep
    .command("merge <stores...>")
    .description("merge shard stores into --out: cells matched by key, never duplicated; merging twice is a no-op")
    .option("--out <file>", "the merged store (created, or merged into when it exists)")
    .action((stores: string[], opts: Record<string, unknown>) => mergeAction(stores, opts));
}

const intOption = (flag: string, v: unknown, min: number, max: number): number =>
  parseField({ key: flag, flag, kind: { type: "int", min, max }, help: "" }, v, `--${flag}`) as number;

/** The spec file, parsed and validated. */
function readSpec(path: string) {
  const full = existingFile("<spec>", path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(full, "utf8"));
  } catch (err) {
    throw new UsageError(`sweep spec "${path}" is not valid JSON (${(err as Error).message})`);
  }
  return parseSweepSpec(raw, path);
}

/** "lambda=0.48 sigma=5". */
function pointText(point: Record<string, number | string>): string {
  return Object.entries(point)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
}

/** Indices as ranges: "3, 7-9, 12". */
function ranges(indices: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < indices.length; i++) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j] + 1) j++;
    out.push(i === j ? `${indices[i]}` : `${indices[i]}-${indices[j]}`);
    i = j;
  }
  return out.join(", ");
}

async function runAction(specPath: string, opts: Record<string, unknown>): Promise<void> {
  const spec = readSpec(specPath);
  const shard: Shard = opts.shard === undefined ? { index: 0, count: 1 } : parseShard(String(opts.shard));
  const workers = opts.workers === undefined ? undefined : intOption("workers", opts.workers, 1, 1024);
  const dbPath = checkOutputPath("--db", String(opts.db));
  const quiet = opts.quiet === true;
  const key = sweepKey(spec);
  const cells = sweepCells(spec, key);
  const slice = shardCells(cells, shard);
  const store = new ResultsStore(dbPath);
  try {
    checkResume(store, spec.name, slice, opts.resume === true, String(opts.db));
    const specJson = JSON.stringify(specToJson(spec));
    store.saveSweep({ key, name: spec.name, specJson, cells: cells.length, version: VERSION });
    const label = shard.count > 1 ? `sweep ${spec.name} ${shard.index}/${shard.count}` : `sweep ${spec.name}`;
    const report = await runWithProgress(store, slice, { sweepKey: key, name: spec.name, workers, quiet, label });
    const where =
      shard.count > 1
        ? `shard ${shard.index}/${shard.count} (${slice.length} of ${cells.length} cells)`
        : `${cells.length} cells`;
    const ran = `ran ${report.done + report.failed} (${report.done} done, ${report.failed} failed)`;
    process.stdout.write(`sweep ${spec.name}: ${where}; ${ran}, ${report.skipped} already done; store ${dbPath}\n`);
    if (report.failed > 0) {
      failLater(`${report.failed} cell(s) failed: see grokedge sweep status ${spec.name} --db ${opts.db}`);
    }
  } finally {
    if (store.db.open) store.close();
  }
}

/** Run the slice with a progress bar (epochs, with ETA) on stderr, a line per failed cell, and Ctrl-C handling. */
async function runWithProgress(
  store: ResultsStore,
  slice: readonly SweepCell[],
  o: { sweepKey: string; name: string; workers: number | undefined; quiet: boolean; label: string },
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
function checkResume(
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
  const shard: Shard = opts.shard === undefined ? { index: 0, count: 1 } : parseShard(String(opts.shard));
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
      return;
    }
    if (counts.length === 0) process.stdout.write(`no sweeps in ${opts.db}\n`);
    for (const c of counts) process.stdout.write(statusText(c, name !== undefined));
  } finally {
    store.close();
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
function intervalOptions(opts: Record<string, unknown>): IntervalOptions {
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
    for (const s of store.sweeps())
      process.stdout.write(statusText(countCells(store, s, { index: 0, count: 1 }), false));
  } finally {
    store.close();
  }
}
