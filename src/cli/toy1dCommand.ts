/** `grokedge toy1d`: the solvable 1-D model (SPEC §4) to astronomically late times, curves and grokking times. */

import type { Command } from "commander";
import { commandFields } from "../config/commandOptions.js";
import { flagNamer, parseOption, toUserNames, UsageError } from "../config/schema.js";
import { resolveToy1dConfig, toy1dFields } from "../config/toy1d.js";
import { writeFileAtomic } from "../store/atomicFile.js";
import { jsonLines } from "../store/formats.js";
import { ResultsStore } from "../store/resultsStore.js";
import { type Toy1dRecord, toy1dCurve } from "../theory/toy1d.js";
import { addFieldOptions, checkOutputPath, type FieldFlags, givenFieldValues } from "./runOptions.js";
import { DEFAULT_DB } from "./trainCommand.js";
import { VERSION } from "./version.js";

const COLUMNS = [
  "log10_t",
  "tau",
  "S",
  "b",
  "log10_train_loss",
  "log10_pop_loss",
  "pop_acc",
] as const satisfies readonly (keyof Toy1dRecord)[];

export function registerToy1d(program: Command): void {
  const cmd = program
    .command("toy1d")
    .description("the 1-D toy model: closed forms and conformal-time integration to t ≫ 1e10, with grokking times");
  addFieldOptions(cmd, toy1dFields)
    .option("--json", "print {config, records, summary} as JSON")
    .option("--out <file>", "write the curve to this file (atomically)")
    .option("--format <format>", commandFields.toy1dFormat.help)
    .option("--db <file>", "results store (SQLite)", DEFAULT_DB)
    .option("--no-store", "do not record the curve in the results store")
    .action((opts: Toy1dFlags) => toy1dAction(opts));
}

/** The options of `toy1d` as commander gives them. */
type Toy1dFlags = FieldFlags<typeof toy1dFields> & {
  json?: true;
  out?: string;
  format?: string;
  db: string;
  /** false with --no-store */
  store: boolean;
};

function toy1dAction(opts: Toy1dFlags): void {
  const c = resolveToy1dConfig([
    { values: givenFieldValues(opts, toy1dFields), namer: flagNamer, where: "the command line" },
  ]);
  if (opts.format !== undefined && opts.out === undefined) {
    throw new UsageError(`--format applies to --out FILE (got --format ${opts.format} without --out)`);
  }
  const format = parseOption(commandFields.toy1dFormat, opts.format ?? commandFields.toy1dFormat.default);
  const outPath = opts.out === undefined ? undefined : checkOutputPath("--out", String(opts.out));
  const dbPath = opts.store === false ? undefined : checkOutputPath("--db", String(opts.db));
  const store = dbPath ? new ResultsStore(dbPath) : undefined; // refused here, before any work, if unusable
  const { records, summary } = toy1dCurve({
    lambda: c.lambda,
    sigma: c.sigma,
    lr: c.lr,
    S0: c.s0,
    b0: c.b0,
    log10TMin: Math.log10(c.tMin),
    log10TMax: Math.log10(c.tMax),
    perDecade: c.perDecade,
    epsilon: c.epsilon,
    accThreshold: c.accThreshold,
    atol: c.atol,
  });
  const config = toUserNames(toy1dFields, c);
  // JSON has no ±Infinity, and null already means "not reached": write non-finite numbers as strings
  const replacer = (_: string, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v);
  const whole = `${JSON.stringify({ config, records, summary }, replacer, 2)}\n`;
  if (outPath) {
    const csv = `${COLUMNS.join(",")}\n${records.map((r) => COLUMNS.map((k) => r[k]).join(",")).join("\n")}\n`;
    writeFileAtomic(outPath, format === "json" ? whole : format === "jsonl" ? jsonLines(records) : csv);
  }
  // stored after --out is written: a store that fails now cannot lose the curve
  if (store) {
    try {
      store.saveCurve("toy1d", VERSION, config, summary, records);
    } finally {
      store.close();
    }
  }
  process.stdout.write(opts.json ? whole : `${toy1dSummaryText(summary)}\n`);
}

/** Grokking times with their definitions, in log10 t. */
function toy1dSummaryText(summary: ReturnType<typeof toy1dCurve>["summary"]): string {
  const f = (x: number | null) => (x === null ? "not reached" : x.toFixed(4));
  const lines = Object.entries(summary.grokking).map(
    ([name, g]) =>
      `${name}: log10 t_train ${f(g.log10TTrain)}, log10 t_gen ${f(g.log10TGen)}, log10 delay ${f(g.log10Delay)}, ` +
      `√log(t_gen/t_train) ${f(g.sqrtLogRatio)}\n  definition: ${g.definition}`,
  );
  return [`1-D model to log10 t = ${summary.reachedLog10T.toFixed(2)}`, ...lines].join("\n");
}
