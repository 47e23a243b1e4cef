/** `grokedge export`: the checkpoints of stored runs as CSV or JSON Lines, or the list of stored groups. */

import type { Command } from "commander";
import { commandFields } from "../config/commandOptions.js";
import { lambdaOf } from "../config/run.js";
import { parseOption, UsageError } from "../config/schema.js";
import { writeFileAtomic } from "../store/atomicFile.js";
import { checkpointsCsv, jsonLines } from "../store/formats.js";
import { checkOutputPath, openStoreForReading } from "./runOptions.js";
import { DEFAULT_DB } from "./trainCommand.js";

export function registerExport(program: Command): void {
  program
    .command("export")
    .description("export stored checkpoints (one row per run and checkpoint) as csv or jsonl")
    .option("--db <file>", "results store (SQLite)", DEFAULT_DB)
    .option("--group <name>", "only this group (default: all runs)")
    .option("--format <format>", commandFields.exportFormat.help, commandFields.exportFormat.default)
    .option("--out <file>", "write here (atomically) instead of stdout")
    .option("--list", "list the stored groups and their run counts instead")
    .action((opts: ExportFlags) => exportAction(opts));
}

/** The options of `export` as commander gives them. */
interface ExportFlags {
  db: string;
  group?: string;
  format: string;
  out?: string;
  list?: true;
}

function exportAction(opts: ExportFlags): void {
  const format = parseOption(commandFields.exportFormat, opts.format);
  const outPath = opts.out === undefined ? undefined : checkOutputPath("--out", String(opts.out));
  if (opts.group !== undefined && String(opts.group).trim() === "") {
    throw new UsageError('--group must be a non-empty name (got "")');
  }
  const store = openStoreForReading(String(opts.db));
  let text: string;
  try {
    if (opts.list) {
      text = store
        .groups()
        .map((g) => `${g.group}\t${g.runs} runs`)
        .join("\n");
      text += "\n";
    } else {
      if (opts.group !== undefined && !store.groups().some((g) => g.group === opts.group)) {
        const known = store.groups().map((g) => g.group);
        const shown = known.length > 5 ? `${known.slice(0, 5).join(", ")}, …` : known.join(", ") || "none";
        throw new UsageError(
          `--group ${JSON.stringify(opts.group)} has no runs in ${opts.db} (stored groups: ${shown}; see grokedge export --list)`,
        );
      }
      const runs = store
        .runIds(opts.group === undefined ? undefined : String(opts.group))
        .map((id) => store.loadRun(id));
      const rows = runs.flatMap((r) => r.checkpoints);
      const keys = runs.flatMap((r) =>
        r.checkpoints.map(() => [r.runId, r.group, lambdaOf(r.config), r.config.seed, r.config.runIndex]),
      );
      const columns = ["run_id", "run_group", "lambda", "seed", "run_index"];
      text =
        format === "csv"
          ? checkpointsCsv(rows, { columns, values: keys })
          : jsonLines(
              rows.map((row, i) => ({ ...Object.fromEntries(columns.map((c, k) => [c, keys[i][k]])), ...row })),
            );
    }
  } finally {
    store.close();
  }
  if (outPath) writeFileAtomic(outPath, text);
  else process.stdout.write(text);
}
