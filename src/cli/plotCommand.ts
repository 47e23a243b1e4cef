/** `grokedge plot`: redraw Fig. 1 (left) from runs already in the results store (no training). */

import { join } from "node:path";
import type { Command } from "commander";
import { UsageError } from "../config/schema.js";
import { figureFiles } from "../experiments/figures/artifacts.js";
import { fig1 } from "../experiments/figures/fig01/index.js";
import { fig1Left, leftChecks, leftRows } from "../experiments/figures/fig01/left.js";
import { leftView } from "../experiments/figures/fig01/leftView.js";
import { FIG1_SIZES } from "../experiments/figures/fig01/sizes.js";
import type { FigureSize } from "../experiments/figures/recipe.js";
import { type ColumnRuns, columnTable } from "../experiments/figures/trainingFigure.js";
import type { StoredRun } from "../store/resultsStore.js";
import { writeFigureFiles } from "./figureCommand.js";
import { checkOutputDir, openStoreForReading } from "./runOptions.js";
import { checksText } from "./summaryText.js";
import { DEFAULT_DB } from "./trainCommand.js";
import { VERSION } from "./version.js";

export function registerPlot(program: Command): void {
  program
    .command("plot")
    .description("redraw Fig. 1 (left) from stored runs: the newest group fig1/<time> unless --group is given")
    .option("--db <file>", "results store (SQLite)", DEFAULT_DB)
    .option("--group <name>", "exact group name (see `grokedge export --list`)")
    .option("--out-dir <dir>", "root folder: the files go to <dir>/fig1/fig1.{svg,png,csv,json}", "out")
    .action((opts: PlotFlags) => plotAction(opts));
}

/** Stored runs as figure columns: one per λ, in increasing λ, replicates by run index. */
function columnsOfRuns(runs: readonly StoredRun[]): ColumnRuns[] {
  const cols = new Map<number, ColumnRuns>();
  for (const r of runs) {
    const lambda = Number((r.config.d / r.config.n).toPrecision(10));
    const col = cols.get(lambda) ?? { label: `λ = ${lambda}`, config: r.config, runs: [] };
    col.runs.push({ ...r, wallSeconds: r.wallSeconds ?? 0 });
    cols.set(lambda, col);
  }
  // runs are stored as they finish; the figure orders columns by λ and replicates by run index
  const sorted = [...cols.entries()].sort(([a], [b]) => a - b).map(([, c]) => c);
  for (const c of sorted) c.runs.sort((a, b) => a.config.runIndex - b.config.runIndex);
  return sorted;
}

function chooseGroup(groups: { group: string }[], wanted: string | undefined): string {
  const group = wanted === undefined ? groups.find((g) => /^fig1\/[^/]+$/.test(g.group))?.group : wanted;
  if (!group || !groups.some((g) => g.group === group)) {
    const known = groups.map((g) => g.group).join(", ") || "none";
    throw new UsageError(
      `--group must name a stored group of figure runs (got ${JSON.stringify(wanted ?? null)}; stored: ${known})`,
    );
  }
  return group;
}

/** The options of `plot` as commander gives them. */
interface PlotFlags {
  db: string;
  group?: string;
  outDir: string;
}

async function plotAction(opts: PlotFlags): Promise<void> {
  const outDir = checkOutputDir("--out-dir", String(opts.outDir));
  const store = openStoreForReading(String(opts.db));
  try {
    const group = chooseGroup(store.groups(), opts.group);
    const runs = store.runIds(group).map((id) => store.loadRun(id));
    const wallSeconds = runs.reduce((a, r) => a + (r.wallSeconds ?? 0), 0);
    const n = runs[0].config.n;
    const size = (Object.keys(FIG1_SIZES) as FigureSize[]).find((k) => FIG1_SIZES[k].n === n) ?? "laptop";
    const meta = { size, workers: 0, wallSeconds, version: VERSION };
    const left = await fig1Left(columnsOfRuns(runs), size);
    const checks = leftChecks(left);
    const result = {
      spec: leftView(left).spec,
      rows: leftRows(left),
      checks,
      parameters: { stated: {}, chosen: { group } },
      notes: [`redrawn from group "${group}" of the results store (Fig. 1 left only)`],
      table: columnTable(left.columns),
    };
    const where = writeFigureFiles(join(outDir, "fig1"), "1", await figureFiles(fig1, result, meta));
    process.stdout.write(`${checksText(checks)}\nredrew ${runs.length} runs of "${group}" into ${where}\n`);
  } finally {
    store.close();
  }
}
