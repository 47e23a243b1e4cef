/** `grokedge plot`: redraw Fig. 1 from runs already in the results store (no training). */

import type { Command } from "commander";
import { UsageError } from "../config/schema.js";
import { writeFig1 } from "./figureCommand.js";
import { checkOutputDir, openStoreForReading } from "./runOptions.js";
import { checksText } from "./summaryText.js";
import { DEFAULT_DB } from "./trainCommand.js";
import { VERSION } from "./version.js";

export function registerPlot(program: Command): void {
  program
    .command("plot")
    .description("redraw a figure from stored runs: the newest group named fig1/… unless --group is given")
    .option("--db <file>", "results store (SQLite)", DEFAULT_DB)
    .option("--group <name>", "exact group name (see `grokedge export --list`)")
    .option("--out-dir <dir>", "where the figure files go", "out/fig1")
    .action((opts: Record<string, unknown>) => plotAction(opts));
}

async function plotAction(opts: Record<string, unknown>): Promise<void> {
  const outDir = checkOutputDir("--out-dir", String(opts.outDir));
  const store = openStoreForReading(String(opts.db));
  try {
    const groups = store.groups();
    const group =
      opts.group === undefined ? groups.find((g) => g.group.startsWith("fig1/"))?.group : String(opts.group);
    if (!group || !groups.some((g) => g.group === group)) {
      const known = groups.map((g) => g.group).join(", ") || "none";
      throw new UsageError(
        `--group must name a stored group of figure runs (got ${JSON.stringify(opts.group ?? null)}; stored: ${known})`,
      );
    }
    const runs = store.runIds(group).map((id) => store.loadRun(id));
    const wallSeconds = runs.reduce((a, r) => a + (r.wallSeconds ?? 0), 0);
    const { fig1Artifacts } = await import("../experiments/fig1Artifacts.js"); // vega loads only when drawing
    const art = await fig1Artifacts(runs, { wallSeconds, version: VERSION });
    writeFig1(outDir, art);
    process.stdout.write(`${checksText(art.checks)}\nredrew ${runs.length} runs of "${group}" into ${outDir}\n`);
  } finally {
    store.close();
  }
}
