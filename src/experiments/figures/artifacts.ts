/**
 * The files of a drawn figure, built in memory: SVG and PNG (Vega-Lite, headless), the data behind it (CSV) and the
 * resolved configuration with checks, notes and timing (JSON). The caller writes them.
 */

import { renderVegaLite } from "../../plot/render.js";
import { recordsCsv } from "../../store/formats.js";
import type { FigureRecipe, FigureResult, FigureSize } from "./recipe.js";

export interface FigureMeta {
  size: FigureSize;
  workers: number;
  wallSeconds: number;
  version: string;
}

export interface FigureFiles {
  svg: string;
  png: Buffer;
  csv: string;
  json: string;
}

/** The JSON record of a figure: everything needed to know how it was made. */
export function figureRecord(recipe: FigureRecipe, r: FigureResult, meta: FigureMeta) {
  return {
    figure: recipe.id,
    title: recipe.title,
    size: meta.size,
    parameters: r.parameters,
    precision: "float64",
    version: meta.version,
    workers: meta.workers,
    wall_seconds: meta.wallSeconds,
    checks: r.checks,
    notes: r.notes,
    table: r.table ?? null,
    table_notes: r.tableNotes ?? [],
    ...r.extra,
  };
}

export async function figureFiles(recipe: FigureRecipe, r: FigureResult, meta: FigureMeta): Promise<FigureFiles> {
  const { svg, png } = await renderVegaLite(r.spec);
  const json = `${JSON.stringify(figureRecord(recipe, r, meta), null, 2)}\n`;
  return { svg, png, csv: recordsCsv(r.rows), json };
}
