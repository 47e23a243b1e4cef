/** `grokedge report`: gather the drawn figures under a folder into one self-contained HTML page. */

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { readJsonFile } from "../config/jsonFile.js";
import { UsageError } from "../config/schema.js";
import { FIGURE_IDS } from "../experiments/figures/index.js";
import { type ReportFigure, reportHtml } from "../experiments/report.js";
import { writeFileAtomic } from "../store/atomicFile.js";
import { checkOutputDir, checkOutputPath } from "./runOptions.js";

export function registerReport(program: Command): void {
  program
    .command("report")
    .description("build <out-dir>/report/index.html from the figures drawn under <out-dir> (grokedge figure …)")
    .option("--out-dir <dir>", "root folder of the figures (as given to grokedge figure)", "out")
    .action((opts: { outDir: string }) => reportAction(opts));
}

/** The drawn figures under `root`, in the paper's order; a figure with no JSON or SVG is not drawn yet. */
function readFigures(root: string): ReportFigure[] {
  return FIGURE_IDS.flatMap((id) => {
    const base = join(root, `fig${id}`, `fig${id}`);
    if (!existsSync(`${base}.json`) || !existsSync(`${base}.svg`)) return [];
    const record = readJsonFile(`${base}.json`, `${base}.json`) as ReportFigure["record"];
    const shape = typeof record === "object" && record !== null && !Array.isArray(record);
    if (!shape || !Array.isArray(record.checks) || !Array.isArray(record.notes) || typeof record.title !== "string") {
      throw new UsageError(`${base}.json is not a figure record (needs title, checks and notes); redraw figure ${id}`);
    }
    if (record.checks.some((c) => typeof c !== "object" || c === null)) {
      throw new UsageError(`${base}.json has a check that is not an object; redraw figure ${id}`);
    }
    const href = (ext: string) => `../fig${id}/fig${id}.${ext}`;
    return [{ record, svg: readFileSync(`${base}.svg`, "utf8"), csvHref: href("csv"), pngHref: href("png") }];
  });
}

/** `report --out-dir DIR` (commander's attribute outDir). */
function reportAction(opts: { outDir: string }): void {
  const root = checkOutputDir("--out-dir", String(opts.outDir));
  const path = checkOutputPath("--out-dir", join(root, "report", "index.html"));
  const figures = readFigures(root);
  if (figures.length === 0) {
    throw new UsageError(
      `--out-dir must hold drawn figures (got "${opts.outDir}": no fig<n>/fig<n>.json there); run grokedge figure first`,
    );
  }
  writeFileAtomic(path, reportHtml(figures, new Date().toISOString()));
  const missing = FIGURE_IDS.filter((id) => !figures.some((f) => f.record.figure === id));
  const tail = missing.length ? `; not drawn yet: ${missing.join(", ")}` : "";
  process.stdout.write(`wrote ${path} with ${figures.length} figures${tail}\n`);
}
