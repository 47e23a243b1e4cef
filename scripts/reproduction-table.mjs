// Print the README's "Reproducing the paper" table from drawn figures: `node scripts/reproduction-table.mjs [out]`.
// One row per out/fig<n>/fig<n>.json: the command, the measured wall time, the self-check tally, and the notes.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = process.argv[2] ?? "out";
const rows = [];
for (let n = 1; n <= 16; n++) {
  const path = join(root, `fig${n}`, `fig${n}.json`);
  if (!existsSync(path)) continue;
  const r = JSON.parse(readFileSync(path, "utf8"));
  const pass = r.checks.filter((c) => c.verdict === "PASS").length;
  const time = r.wall_seconds < 90 ? `${r.wall_seconds.toFixed(0)} s` : `${(r.wall_seconds / 60).toFixed(1)} min`;
  const notes = r.notes.join("; ").replace(/\|/g, "\\|");
  rows.push(`| ${n} | \`grokedge figure ${n}\` | ${time} | ${pass}/${r.checks.length} | ${notes} |`);
}
console.log("| Fig. | command | laptop time | checks passed | what differs from the paper |");
console.log("|---|---|---|---|---|");
for (const row of rows) console.log(row);
