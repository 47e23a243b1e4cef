/**
 * `grokedge critical`: critical exponents and finite-size scaling near λ = ½ (README "Beyond the paper"). The cells
 * (N × λ × draws) run through the sweep engine and are stored cell by cell (resumable with --resume; `--spec-out`
 * writes the sweep spec for `grokedge sweep run --shard/--queue`, after which `critical --resume` only analyses);
 * each draw's S_∞ is kept in the store as a task result. `--queue redis://…` sends the cells and every draw's S_∞
 * solve to `grokedge worker`s through one queue, both at once (an S_∞ task needs its cell's draw, not its run), and
 * stores each result as it comes back. Outputs: a figure, a CSV of draws and a JSON of the fits with provenance.
 */

import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { theoryJobId } from "../cluster/queue.js";
import { QueueUnavailableError } from "../cluster/queueSubmit.js";
import { runSweepOnQueue } from "../cluster/queueSweep.js";
import { queueTheoryRunner, TheoryTasksIncomplete } from "../cluster/queueTheory.js";
import { commandFields } from "../config/commandOptions.js";
import { defaultRunConfig, type RunConfig, runFields } from "../config/run.js";
import { parseField, parseOption, UsageError } from "../config/schema.js";
import {
  analyseCritical,
  type CriticalAnalysis,
  type CriticalDraw,
  criticalDraw,
  criticalSpec,
  sinfTask,
} from "../experiments/critical.js";
import { type BootstrapOptions, LAW_DEFINITIONS } from "../experiments/criticalFits.js";
import { defaultWorkers } from "../experiments/pool.js";
import { type SweepSpec, specToJson } from "../experiments/sweep.js";
import { planSweep, SweepRun } from "../experiments/sweepRun.js";
import { runTheoryTasks, type SinfOutcome, type TheoryOutcome } from "../experiments/theoryTasks.js";
import { criticalPanelsSpec } from "../plot/criticalPanels.js";
import { renderVegaLite } from "../plot/render.js";
import { writeFileAtomic } from "../store/atomicFile.js";
import { recordsCsv } from "../store/formats.js";
import { ResultsStore } from "../store/resultsStore.js";
import { MEASURE_DEFINITIONS } from "../train/grokkingMeasures.js";
import type { RunResult } from "../train/run.js";
import { addBootstrapOptions, type IntervalFlags, intervalOptions } from "./bootstrapOptions.js";
import { createProgress } from "./progress.js";
import {
  addQueueOptions,
  type QueueFlags,
  type QueueRunOptions,
  queueOptions,
  queueProgress,
  submitSettings,
} from "./queueOptions.js";
import { addFieldOptions, checkOutputDir, checkOutputPath, type FieldFlags, givenFieldValues } from "./runOptions.js";
import { tableText } from "./summaryText.js";
import { pointText, queueSweepSettings, ranges, runWithProgress } from "./sweepOutput.js";
import { DEFAULT_DB } from "./trainCommand.js";
import { VERSION } from "./version.js";

const GRID_SET = new Set(["N", "d", "lambda", "seed", "run-index"]);
const sharedFields = runFields.filter((f) => !GRID_SET.has(f.flag));
/** critical's run defaults: the gradient flow to t = 10^5 (η = 0.01), exact population metrics, no test set */
const CRITICAL_BASE = { optimizer: "flow", epochs: 10_000_000, "test-size": 0 };
const DEFAULT_LAMBDAS = "0.4,0.44,0.46,0.48,0.49,0.5,0.51,0.52,0.54,0.56";

export function registerCritical(program: Command): void {
  const cmd = program
    .command("critical")
    .description(
      "critical exponents near λ = ½: sweep N × λ × draws, measure σ‖S_∞‖, the final accuracy and the threshold-free grokking measures per draw, fit the divergence laws with bootstrap intervals and collapse the sizes (finite-size scaling)",
    )
    .option("--sizes <list>", "comma-separated N values", "400,1200")
    .option("--lambdas <list>", "comma-separated λ values (λ·N an integer for every N)", DEFAULT_LAMBDAS)
    .option("--draws <k>", "draws (replicates) per (N, λ)", "8")
    .option("--seed <s>", "seed of every draw (draw r is run index r)", "0")
    .option("--name <name>", "sweep name in the store (default: critical-<distribution>)");
  addFieldOptions(cmd, sharedFields, { ...defaultRunConfig, optimizer: "flow", epochs: 1e7, testSize: 0 })
    .option("--db <file>", "results store (SQLite)", DEFAULT_DB)
    .option("--resume", "the sweep may already be in the store: run only its missing cells, then analyse")
    .option("--spec-out <file>", "write the sweep spec (for `grokedge sweep run --shard/--queue`) and stop")
    .option("--workers <n>", commandFields.workers.help)
    .option("--out <dir>", "folder of critical.svg, critical.png, critical.csv, critical.json", "out/critical")
    .option("--quiet", "no progress on stderr");
  addQueueOptions(
    cmd,
    "cells and S_∞ solves",
    "enqueue the cells and every draw's S_∞ solve on this Redis (redis://host:port) for `grokedge worker`s; store results",
  );
  addBootstrapOptions(cmd, "bootstrap resamples of the law fits (the collapse takes 200)", "1000").action(
    (opts: CriticalFlags) => criticalAction(opts),
  );
}

/** The options of `critical` as commander gives them. */
type CriticalFlags = FieldFlags<typeof sharedFields> &
  QueueFlags &
  IntervalFlags & {
    sizes: string;
    lambdas: string;
    draws: string;
    seed: string;
    name?: string;
    db: string;
    resume?: true;
    specOut?: string;
    out: string;
    quiet?: true;
  };

/** A comma-separated list, each value validated as the schema field `flag`. */
function listOption(opt: string, text: unknown, flag: string): number[] {
  const field = runFields.find((f) => f.flag === flag);
  if (!field) throw new Error(`no field ${flag}`);
  const parts = String(text)
    .split(",")
    .map((s) => s.trim());
  if (parts.some((s) => s === "")) throw new UsageError(`--${opt} must be a comma-separated list (got "${text}")`);
  const values = parts.map((s) => parseField(field, s, `--${opt}`) as number);
  if (new Set(values).size !== values.length) {
    throw new UsageError(`--${opt} must not repeat a value (got "${text}")`);
  }
  return values.sort((a, b) => a - b);
}

interface Settings {
  spec: SweepSpec;
  boot: BootstrapOptions;
  outDir: string;
  dbPath: string;
  workers: number | undefined;
  quiet: boolean;
  /** the cells and S_∞ solves go to this queue (undefined: computed here) */
  queue: QueueRunOptions | undefined;
}

/** Every option validated, before any work. */
function settings(opts: CriticalFlags): Settings {
  const sizes = listOption("sizes", opts.sizes, "N");
  const lambdas = listOption("lambdas", opts.lambdas, "lambda");
  if (sizes.length < 1 || lambdas.length < 2) throw new UsageError(`--lambdas must list at least two λ values`);
  const given = givenFieldValues(opts, sharedFields) as Record<string, number | string>;
  const base: Record<string, number | string> = { ...CRITICAL_BASE, ...given };
  const distribution = String(base.distribution ?? defaultRunConfig.distribution);
  if (distribution === "rademacher" && !(Number(base["test-size"]) > 0)) {
    throw new UsageError(
      "--distribution rademacher has no exact population metrics: give --test-size > 0 (a held-out set)",
    );
  }
  const name = opts.name ?? `critical-${distribution}`;
  const spec = criticalSpec({
    name,
    seed: parseOption(commandFields.seed, opts.seed),
    draws: parseOption(commandFields.draws, opts.draws),
    sizes,
    lambdas,
    base,
  });
  const { level, resamples, seed } = intervalOptions({ ...opts, interval: "bootstrap" });
  const boot = { level, resamples, seed };

  const outDir = checkOutputDir("--out", String(opts.out));
  const dbPath = checkOutputPath("--db", String(opts.db));
  const queue = queueOptions(opts);
  const workers = opts.workers === undefined ? undefined : parseOption(commandFields.workers, opts.workers);
  return { spec, boot, outDir, dbPath, workers, quiet: opts.quiet === true, queue };
}

async function criticalAction(opts: CriticalFlags): Promise<void> {
  const s = settings(opts);
  const plan = planSweep(s.spec);
  const { key, cells } = plan;
  const invalid = cells.find((c) => c.error !== null);
  if (invalid) {
    throw new UsageError(
      `--sizes × --lambdas has an invalid point ${pointText(invalid.point)} (${invalid.error}): choose λ with λ·N an integer for every N`,
    );
  }
  if (opts.specOut !== undefined) {
    const path = checkOutputPath("--spec-out", String(opts.specOut));
    writeFileAtomic(path, `${JSON.stringify(specToJson(s.spec), null, 2)}\n`);
    process.stdout.write(
      `wrote ${path} (${cells.length} cells): run it with grokedge sweep run, then critical --resume\n`,
    );
    return;
  }
  const store = new ResultsStore(s.dbPath);
  const sweep = new SweepRun(store, plan, VERSION);
  try {
    sweep.register({ dbPath: s.dbPath, db: String(opts.db), resume: opts.resume === true }); // one run at a time
    const label = `critical ${s.spec.name}`;
    const o = { workers: s.workers, batch: 1, quiet: s.quiet, label };
    const report = s.queue ? await onQueue(sweep, s, s.queue) : await runWithProgress(sweep, o);
    if (report === null) return; // the queue is away or did not finish in time: said in one line, exit 1
    if (!s.quiet) {
      process.stderr.write(
        `cells: ran ${report.done + report.failed} (${report.failed} failed), ${report.skipped} already in ${s.dbPath}\n`,
      );
    }
    const runs = storedRuns(store, key, cells.length, String(opts.db));
    const sinf = await sinfOutcomes(store, runs, s);
    const rows = runs.map((r, i) => criticalDraw(r, sinf[i]));
    const analysis = analyseCritical(rows, s.boot);
    await writeOutputs(s, key, rows, analysis);
    process.stdout.write(`${summaryText(s, rows, analysis)}\nwrote ${s.outDir}/critical.{svg,png,csv,json}\n`);
  } finally {
    store.close();
    sweep.release();
  }
}

/**
 * The cells and every draw's S_∞ solve on the queue at once, each result stored as it arrives. Null, with one line on
 * stderr and exit 1, when Redis is away or something is not finished (collected results are kept: rerun with --resume).
 */
async function onQueue(sweep: SweepRun, s: Settings, q: QueueRunOptions) {
  const where = `critical ${s.spec.name} on ${q.target.url}`;
  /** a line on stderr for `what` (the cells, the S_∞ solves), none when quiet */
  const say = (what: string) =>
    s.quiet ? undefined : (line: string) => process.stderr.write(`${where}: ${what} ${line}\n`);
  const [cellsSay, sinfSay] = [say("cells"), say("S_∞")];
  const ran = runSweepOnQueue(
    sweep,
    queueSweepSettings(q, cellsSay, (cell, error) => `cell ${cell.index} failed: ${error}`),
  );
  const theory = {
    ...submitSettings(q),
    version: VERSION,
    log: sinfSay,
    onProgress: sinfSay && queueProgress(sinfSay),
  };
  const solved = queueTheoryRunner(sweep.store, theory)(sweep.plan.cells.map((c) => sinfTask(c.config as RunConfig)));
  const [cellsDone, sinfDone] = await Promise.allSettled([ran, solved]); // both settle before the store may close
  let problem = "";
  for (const r of [cellsDone, sinfDone]) {
    if (r.status === "fulfilled") continue;
    if (!(r.reason instanceof QueueUnavailableError || r.reason instanceof TheoryTasksIncomplete)) throw r.reason;
    problem ||= r.reason.message;
  }
  const missing = cellsDone.status === "fulfilled" ? cellsDone.value.missing.map((c) => c.index) : [];
  if (missing.length > 0) {
    const which = ranges(missing.sort((x, y) => x - y));
    problem ||= `${missing.length} cell(s) not finished within ${q.timeoutSeconds} s: ${which} (still queued at ${q.target.url}): finished results are stored; rerun with --resume to collect the rest`;
  }
  if (problem || cellsDone.status !== "fulfilled") {
    process.stderr.write(`error: ${where}: ${problem}\n`);
    process.exitCode = 1;
    return null;
  }
  return cellsDone.value;
}

/** The sweep's runs in cell order; a usage error naming the cells not done. */
function storedRuns(store: ResultsStore, key: string, count: number, db: string): RunResult[] {
  const done = store.sweepCells(key).filter((c) => c.status === "done" && c.runId !== null);
  if (done.length < count) {
    throw new UsageError(
      `${count - done.length} of ${count} cells are not done in --db ${db} (see grokedge sweep status): rerun with --resume`,
    );
  }
  return done.sort((a, b) => a.index - b.index).map((c) => store.loadRun(c.runId as number));
}

/** Each run's S_∞ outcome: from the store where kept, else computed (in chunks, each kept as it finishes). */
async function sinfOutcomes(store: ResultsStore, runs: readonly RunResult[], s: Settings): Promise<SinfOutcome[]> {
  const tasks = runs.map((r) => sinfTask(r.config));
  const ids = tasks.map(theoryJobId);
  const have = store.taskResults(ids) as Map<string, TheoryOutcome>;
  const todo = tasks.map((t, i) => ({ t, id: ids[i] })).filter((x) => !have.has(x.id));
  const progress = createProgress("S_∞ per draw", Math.max(1, todo.length), s.quiet, "draws");
  const workers = s.workers ?? defaultWorkers(todo.length);
  const chunk = Math.max(1, workers * 4);
  for (let k = 0; k < todo.length; k += chunk) {
    const part = todo.slice(k, k + chunk);
    const out = await runTheoryTasks(
      part.map((x) => x.t),
      { workers, onDone: (n) => progress.update(k + n) },
    );
    for (const [j, o] of out.entries()) {
      store.saveTaskResult(part[j].id, part[j].t, o, VERSION);
      have.set(part[j].id, o);
    }
  }
  progress.stop();
  return ids.map((id) => have.get(id) as SinfOutcome);
}

/** critical.csv (one row per draw), critical.json (fits, definitions, provenance), critical.svg/png. */
async function writeOutputs(s: Settings, key: string, rows: readonly CriticalDraw[], a: CriticalAnalysis) {
  mkdirSync(s.outDir, { recursive: true });
  writeFileAtomic(join(s.outDir, "critical.csv"), recordsCsv(rows));
  const provenance = {
    command: ["grokedge", ...process.argv.slice(2)].join(" "),
    version: VERSION,
    created_at: new Date().toISOString(),
    store: resolve(s.dbPath),
    sweep: { name: s.spec.name, key, spec: specToJson(s.spec) },
    bootstrap: s.boot,
    draws: rows.length,
  };
  const definitions = { laws: LAW_DEFINITIONS, measures: MEASURE_DEFINITIONS, x: "1 − 2λ" };
  const json = { provenance, definitions, laws: a.laws, collapses: a.collapses };
  writeFileAtomic(join(s.outDir, "critical.json"), `${JSON.stringify(json, null, 2)}\n`);
  const { svg, png } = await renderVegaLite(criticalPanelsSpec(figureInput(s, rows, a)));
  writeFileAtomic(join(s.outDir, "critical.svg"), svg);
  writeFileAtomic(join(s.outDir, "critical.png"), png);
}

/** Means per (N, λ) of a quantity (non-finite values left out). */
function means(rows: readonly CriticalDraw[], q: (r: CriticalDraw) => number | null) {
  const groups = new Map<string, { n: number; lambda: number; v: number[] }>();
  for (const r of rows) {
    const k = `${r.n}:${r.lambda}`;
    const g = groups.get(k) ?? { n: r.n, lambda: r.lambda, v: [] };
    const v = q(r);
    if (v !== null && Number.isFinite(v)) g.v.push(v);
    groups.set(k, g);
  }
  return [...groups.values()].map((g) => ({
    n: g.n,
    lambda: g.lambda,
    y: g.v.length ? g.v.reduce((x, y) => x + y, 0) / g.v.length : Number.NaN,
  }));
}

const fmt = (x: number) => Number(x.toPrecision(3)).toString();
const interval = ([lo, hi]: [number, number]) => `[${fmt(lo)}, ${fmt(hi)}]`;

function figureInput(s: Settings, rows: readonly CriticalDraw[], a: CriticalAnalysis) {
  const acc = a.collapses.find((c) => c.quantity === "final_pop_acc")?.fit ?? null;
  const lawLines = a.laws
    .filter((l) => l.fit && l.quantity === "sigma_s_inf")
    .map(
      (l) =>
        `σ‖S_∞‖, N = ${l.n}, ${l.form}: ${fmt(l.fit?.exponent ?? 0)} ${interval(l.fit?.exponentInterval ?? [0, 0])}`,
    );
  return {
    sInf: means(rows, (r) => r.sigma_s_inf),
    accuracy: means(rows, (r) => r.final_pop_acc),
    collapsed: acc?.points ?? [],
    nuText: acc ? `ν = ${fmt(acc.nu)} ${interval(acc.nuInterval)}` : "no collapse (one size)",
    title: `grokedge critical: ${s.spec.name} (${rows.length} draws, ${Math.round(s.boot.level * 100)}% bootstrap intervals)`,
    lawLines,
  };
}

/** The fits as a table on stdout. */
function summaryText(s: Settings, rows: readonly CriticalDraw[], a: CriticalAnalysis): string {
  const lawRows = a.laws.map((l) => ({
    quantity: l.quantity,
    N: l.n,
    form: l.form,
    exponent: l.fit ? fmt(l.fit.exponent) : "—",
    interval: l.fit ? interval(l.fit.exponentInterval) : (l.error ?? "—"),
    lambdas: l.fit?.points ?? 0,
    draws: l.fit?.draws ?? 0,
  }));
  const collapseRows = a.collapses.map((c) => ({
    quantity: c.quantity,
    nu: c.fit ? fmt(c.fit.nu) : "—",
    interval: c.fit ? interval(c.fit.nuInterval) : (c.error ?? "—"),
    residual: c.fit ? fmt(c.fit.residual) : "—",
    sizes: c.fit ? c.fit.sizes.join(",") : "—",
  }));
  const level = `${Math.round(s.boot.level * 100)}%`;
  const notes = [
    `exponent: γ of y = A(1−2λ)^−γ (power), a of y = a·log(1/(1−2λ)) + c (log), a of y = a·log²(1/(1−2λ)) + c (log2); fitted below λ = ½; ${level} percentile bootstrap over draws (${s.boot.resamples} resamples)`,
  ];
  return [
    `critical ${s.spec.name}: ${rows.length} draws`,
    tableText(lawRows, notes),
    "",
    tableText(collapseRows, [
      `collapse: u = (1 − 2λ)·N^(1/ν), ν minimising the collapse residual; ${level} bootstrap over draws (200 resamples)`,
    ]),
  ].join("\n");
}
