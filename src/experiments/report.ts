/**
 * The reproduction report: one self-contained HTML page (inline CSS, no script, no network) with every drawn figure
 * side by side with what the paper shows and states of it (SPEC §6, experiments/paperClaims.ts; the paper's images
 * cannot ship), our self-checks and their verdicts, the parameters with their provenance (stated by the paper,
 * revealed by its axes, chosen here), notes and the time it took. Pure: figure records in, HTML out. Nothing read from the
 * figure files is trusted: every string is escaped, and each SVG is embedded as an <img> data URI, where a browser
 * runs none of its scripts and loads none of its links (an edited SVG or JSON cannot inject into the page).
 */

import { REPORT_COLOURS } from "../core/palette.js";
import type { Check } from "./checks.js";
import { PAPER_FIGURES, type PaperFigure } from "./paperClaims.js";

/** What the report needs of one figure: its JSON record (figures/artifacts.ts) and its SVG. */
export interface ReportFigure {
  record: {
    figure: string;
    title: string;
    size: string;
    wall_seconds: number;
    version: string;
    checks: Check[];
    notes: string[];
    parameters: unknown;
  };
  svg: string;
  /** path of the figure's CSV relative to the report page */
  csvHref: string;
  /** path of the figure's PNG relative to the report page (the full-size image; a PNG runs nothing) */
  pngHref?: string;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const R = REPORT_COLOURS;
const STYLE = `body{font-family:"DejaVu Sans",system-ui,sans-serif;max-width:1400px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{margin-top:2.5em;border-top:1px solid #ccc;padding-top:1em}
table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ddd;padding:.25em .6em;text-align:left}
.PASS{color:${R.PASS};font-weight:bold}.FAIL{color:${R.FAIL};font-weight:bold}.UNSURE{color:${R.UNSURE};font-weight:bold}
.fig{overflow-x:auto}.fig img{max-width:100%;height:auto}pre{background:${R.panel};padding:.8em;overflow-x:auto;font-size:.85em}
nav a{margin-right:.8em}.side{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,1fr);gap:1.5em;align-items:start}
.paper{background:${R.panel};padding:.2em 1em;border-left:4px solid #888}.paper ul{padding-left:1.2em}
td.prov{white-space:nowrap;color:#555}`;

/** The CSS class of a verdict: one of the three known ones, never text from the record. */
const verdictClass = (v: unknown) => (v === "PASS" || v === "FAIL" || v === "UNSURE" ? v : "UNSURE");

/** The figure's SVG as an image (a data URI): displayed, never run. */
const svgImage = (svg: string, alt: string) =>
  `<img alt="${escapeHtml(alt)}" src="data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}">`;

function checksTable(checks: readonly Check[]): string {
  if (checks.length === 0) return "<p>No self-checks for this figure.</p>";
  const rows = checks.map(
    (c) =>
      `<tr><td class="${verdictClass(c.verdict)}">${escapeHtml(String(c.verdict))}</td><td>${escapeHtml(c.claim)}</td><td>${escapeHtml(c.detail)}</td></tr>`,
  );
  return `<table><tr><th>verdict</th><th>claim</th><th>measured</th></tr>${rows.join("")}</table>`;
}

/** The paper's side: what it shows, its setting, its numbers, and how many of our checks pass. */
function paperColumn(p: PaperFigure | undefined, checks: readonly Check[]): string {
  const n = (v: string) => checks.filter((c) => c.verdict === v).length;
  const verdicts = `<p><b>Our verdicts:</b> <span class="PASS">${n("PASS")} PASS</span>, <span class="FAIL">${n("FAIL")} FAIL</span>, <span class="UNSURE">${n("UNSURE")} UNSURE</span> of ${checks.length} (table below)</p>`;
  if (!p) return `<div class="paper"><h3>The paper</h3><p>No SPEC §6 entry for this figure.</p>${verdicts}</div>`;
  const numbers = p.numbers.map((x) => `<li>${escapeHtml(x)}</li>`).join("");
  return `<div class="paper"><h3>The paper (SPEC §6)</h3>
<p><b>Shows:</b> ${escapeHtml(p.what)}</p><p><b>Setting:</b> ${escapeHtml(p.setting)}</p>
${numbers ? `<p><b>Its numbers:</b></p><ul>${numbers}</ul>` : "<p>No numbers stated beyond the setting.</p>"}
${verdicts}</div>`;
}

const PROVENANCE: readonly [string, string][] = [
  ["stated", "stated by the paper"],
  ["revealed", "revealed by the paper's axes"],
  ["chosen", "chosen here"],
];

/** A parameter value as text: strings as they are, anything else as JSON. */
const valueText = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** Flat (name, value) pairs of one provenance group; nested objects one level down as "outer.inner". */
function flatParameters(group: unknown): [string, string][] {
  if (typeof group !== "object" || group === null) return [];
  return Object.entries(group).flatMap(([k, v]): [string, string][] =>
    typeof v === "object" && v !== null && !Array.isArray(v)
      ? Object.entries(v).map(([k2, v2]): [string, string] => [`${k}.${k2}`, valueText(v2)])
      : [[k, valueText(v)]],
  );
}

/** The parameters as a table with a provenance column (stated / revealed / chosen), in that order. */
function parameterTable(parameters: unknown): string {
  const groups = (typeof parameters === "object" && parameters !== null ? parameters : {}) as Record<string, unknown>;
  const rows = PROVENANCE.flatMap(([key, label]) =>
    flatParameters(groups[key]).map(
      ([name, value]) =>
        `<tr><td class="prov">${escapeHtml(label)}</td><td>${escapeHtml(name)}</td><td>${escapeHtml(value ?? "")}</td></tr>`,
    ),
  );
  if (rows.length === 0) return "<p>No parameters recorded.</p>";
  return `<table><tr><th>provenance</th><th>parameter</th><th>value</th></tr>${rows.join("")}</table>`;
}

function figureSection(f: ReportFigure): string {
  const r = f.record;
  const notes = r.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("");
  return `<section id="fig${escapeHtml(r.figure)}">
<h2>Fig. ${escapeHtml(r.figure)}: ${escapeHtml(r.title)}</h2>
<p>${escapeHtml(r.size)} size · ${Number(r.wall_seconds).toFixed(1)} s · grokedge ${escapeHtml(r.version)} ·
<a href="${escapeHtml(f.csvHref)}">data (CSV)</a>${f.pngHref ? ` · <a href="${escapeHtml(f.pngHref)}">full size (PNG)</a>` : ""}</p>
<div class="side"><div class="ours"><h3>Ours</h3><div class="fig">${svgImage(f.svg, `Fig. ${r.figure}`)}</div></div>
${paperColumn(PAPER_FIGURES[r.figure], r.checks)}</div>
<h3>Our self-checks</h3>${checksTable(r.checks)}
${notes ? `<h3>Notes</h3><ul>${notes}</ul>` : ""}
<h3>Parameters and their provenance</h3>${parameterTable(r.parameters)}
</section>`;
}

/** Count of checks per verdict over all figures. */
function tally(figures: readonly ReportFigure[]): string {
  const all = figures.flatMap((f) => f.record.checks);
  const n = (v: string) => all.filter((c) => c.verdict === v).length;
  const total = figures.reduce((a, f) => a + (Number(f.record.wall_seconds) || 0), 0);
  return `${figures.length} figures, ${all.length} self-checks: <span class="PASS">${n("PASS")} PASS</span>,
<span class="FAIL">${n("FAIL")} FAIL</span>, <span class="UNSURE">${n("UNSURE")} UNSURE</span>; total compute ${(total / 60).toFixed(1)} min`;
}

/** The whole page, figures in the order given. */
export function reportHtml(figures: readonly ReportFigure[], generatedAt: string): string {
  const nav = figures.map(
    (f) => `<a href="#fig${escapeHtml(f.record.figure)}">Fig. ${escapeHtml(f.record.figure)}</a>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>grokedge: reproduction of "Grokking at the Edge of Linear Separability"</title><style>${STYLE}</style></head>
<body><h1>Grokking at the Edge of Linear Separability — reproduction report</h1>
<p>Beck, Levi, Bar-Sinai (ICML 2025), reproduced by grokedge. Generated ${escapeHtml(generatedAt)}.</p>
<p>${tally(figures)}</p><nav>${nav.join("")}</nav>
${figures.map(figureSection).join("\n")}
</body></html>
`;
}
