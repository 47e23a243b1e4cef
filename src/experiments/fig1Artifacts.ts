/**
 * Everything `grokedge figure 1` and `grokedge plot` write for Fig. 1 left, built from runs (fresh or from the
 * store): the figure (SVG, PNG), its data (CSV), the resolved configuration and summary (JSON), and the self-checks.
 */

import { lambdaOf, runConfigToUser } from "../config/run.js";
import { renderVegaLite } from "../plot/render.js";
import { trainingPanelsSpec } from "../plot/trainingPanels.js";
import { checkpointsCsv } from "../store/formats.js";
import type { RunResult } from "../train/run.js";
import { type Fig1Row, fig1LongTimePrediction, fig1Table } from "./fig1.js";
import { type Check, fig1Checks } from "./fig1Checks.js";

export interface Fig1Artifacts {
  svg: string;
  png: Buffer;
  csv: string;
  json: string;
  table: Fig1Row[];
  checks: Check[];
}

/** λ of a run, rounded so that 192/400 reads as 0.48. */
const lambdaKey = (r: RunResult) => Number(lambdaOf(r.config).toPrecision(10));

/** Which size this is, said on the figure and in the JSON. */
export function sizeLabel(n: number): string {
  return n === 40000 ? "paper size (N = 40000)" : `laptop size (N = ${n}; the paper uses N = 40000)`;
}

export async function fig1Artifacts(runs: readonly RunResult[], meta: { wallSeconds: number; version: string }) {
  const tagged = runs.map((r) => ({ ...r, lambda: lambdaKey(r), replicate: r.config.runIndex }));
  const byLambda = new Map<number, RunResult[]>();
  for (const r of tagged) byLambda.set(r.lambda, [...(byLambda.get(r.lambda) ?? []), r]);
  const c = runs[0].config;
  const seeds = Math.max(...[...byLambda.values()].map((rs) => rs.length));
  const subtitle = [
    `${sizeLabel(c.n)}; σ = ${c.sigma}, η = ${c.lr}, ‖S_0‖ = ${c.s0}, b_0 = ${c.b0}, ${c.loss} loss, GD, float64`,
    `${seeds} seeds per λ (thin lines; thick = mean), ${c.epochs} epochs, population metrics exact (SPEC §2)`,
  ];
  const edge = byLambda.get(0.48);
  const predictions = edge ? [{ column: "λ = 0.48", points: fig1LongTimePrediction(edge, c) }] : [];
  if (edge)
    subtitle.push(
      "dashed (λ = 0.48): long-time prediction, σ‖S‖ held at its final value and b(t) = b(t_end) − log(t/t_end)",
    );
  const spec = trainingPanelsSpec(
    tagged.map((r) => ({ column: `λ = ${r.lambda}`, seed: r.replicate, checkpoints: r.checkpoints })),
    { title: "Fig. 1 (left): grokking at the edge of linear separability", subtitle, predictions },
  );
  const { svg, png } = await renderVegaLite(spec);
  const table = fig1Table(tagged);
  const checks = fig1Checks(byLambda);
  const rows = tagged.flatMap((r) => r.checkpoints);
  const prefix = {
    columns: ["lambda", "run_index"],
    values: tagged.flatMap((r) => r.checkpoints.map(() => [r.lambda, r.replicate])),
  };
  const json = JSON.stringify(
    {
      figure: "1-left",
      size: sizeLabel(c.n),
      stated_by_paper: ["lambda", "sigma", "lr", "s0", "b0", "epochs", "test-size"],
      chosen_here: { N: c.n, seeds, seed: c.seed, precision: "float64", "per-decade": c.perDecade },
      version: meta.version,
      wall_seconds: meta.wallSeconds,
      runs: tagged.map((r) => ({ lambda: r.lambda, config: runConfigToUser(r.config), summary: r.summary })),
      table,
      checks,
    },
    null,
    2,
  );
  return { svg, png, csv: checkpointsCsv(rows, prefix), json: `${json}\n`, table, checks } satisfies Fig1Artifacts;
}
