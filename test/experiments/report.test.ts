import { describe, expect, it } from "vitest";
import { FIGURE_IDS } from "../../src/experiments/figures/index.js";
import { PAPER_FIGURES } from "../../src/experiments/paperClaims.js";
import { type ReportFigure, reportHtml } from "../../src/experiments/report.js";

const figure = (id: string, claim: string, verdict: "PASS" | "FAIL" | "UNSURE"): ReportFigure => ({
  record: {
    figure: id,
    title: `title <${id}>`,
    size: "laptop",
    wall_seconds: 12.5,
    version: "0.1.0",
    checks: [{ claim, verdict, detail: "0.9 ± 0.01" }],
    notes: ["N = 400 & 8 seeds"],
    parameters: { stated: { sigma: 5 }, chosen: { N: 400 } },
  },
  svg: '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><text>x</text></svg>',
  csvHref: `../fig${id}/fig${id}.csv`,
  pngHref: `../fig${id}/fig${id}.png`,
});

describe("the reproduction report", () => {
  const html = reportHtml([figure("1", "a < b", "PASS"), figure("9", "slope", "FAIL")], "2026-11-29T00:00:00Z");

  it("has a section per figure with its SVG as an image (a data URI, never inline markup) and its CSV link", () => {
    expect(html.match(/<section id="fig/g)).toHaveLength(2);
    const svg = figure("1", "c", "PASS").svg;
    expect(html).toContain(`<img alt="Fig. 1" src="data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}">`);
    expect(html).not.toContain("<svg");
    expect(html).toContain('href="../fig9/fig9.csv"');
    expect(html).toContain('<a href="../fig9/fig9.png">full size (PNG)</a>');
  });

  it("lets no edited figure file inject markup: verdicts escaped, SVG scripts never inline", () => {
    const evil = figure("3", "claim", "PASS");
    evil.record.checks = [{ claim: "c", verdict: '<img src=x onerror="alert(1)">' as "PASS", detail: "d" }];
    evil.svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(2)</script></svg>';
    const page = reportHtml([evil], "now");
    expect(page).not.toMatch(/<script|onerror="|<img src=x/);
    expect(page).toContain('<td class="UNSURE">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</td>');
  });

  it("escapes text from the records", () => {
    expect(html).toContain("title &lt;1&gt;");
    expect(html).toContain("a &lt; b");
    expect(html).toContain("N = 400 &amp; 8 seeds");
  });

  it("tallies the verdicts and the compute time over all figures", () => {
    expect(html).toMatch(/2 figures, 2 self-checks: <span class="PASS">1 PASS<\/span>/);
    expect(html).toMatch(/<span class="FAIL">1 FAIL<\/span>/);
    expect(html).toMatch(/total compute 0\.4 min/);
  });

  it("puts each figure beside the paper's account of it: what it shows, its setting and numbers, our verdicts", () => {
    const section = html.slice(html.indexOf('<section id="fig9">'));
    expect(section).toMatch(/<div class="side"><div class="ours"><h3>Ours<\/h3><div class="fig"><img alt="Fig. 9"/);
    expect(section).toContain('<div class="paper"><h3>The paper (SPEC §6)</h3>');
    expect(section).toContain(PAPER_FIGURES["9"].what.replace(/</g, "&lt;").replace(/>/g, "&gt;"));
    expect(section).toContain("t*_tr = 1/(ηε) ≈ 10^52 at ε = 10^-50 [SPEC §6]");
    expect(section).toMatch(
      /<b>Our verdicts:<\/b> <span class="PASS">0 PASS<\/span>, <span class="FAIL">1 FAIL<\/span>/,
    );
    const unknown = reportHtml([figure("99", "c", "PASS")], "now");
    expect(unknown).toContain("No SPEC §6 entry for this figure.");
  });

  it("tabulates the parameters with their provenance: stated, revealed, chosen (nested names dotted)", () => {
    const f = figure("3", "c", "PASS");
    f.record.parameters = {
      stated: { sigma: [8, 16] },
      revealed: { eta: 0.01 },
      chosen: { right: { S0: 0, loss: "exp" }, seed: 7 },
    };
    const page = reportHtml([f], "now");
    const row = (prov: string, name: string, value: string) =>
      `<tr><td class="prov">${prov}</td><td>${name}</td><td>${value}</td></tr>`;
    expect(page).toContain(row("stated by the paper", "sigma", "[8,16]"));
    expect(page).toContain(row("revealed by the paper's axes", "eta", "0.01"));
    expect(page).toContain(row("chosen here", "right.S0", "0"));
    expect(page).toContain(row("chosen here", "right.loss", "exp")); // a string as it is, not JSON-quoted
    expect(page.indexOf("stated by the paper")).toBeLessThan(page.indexOf("chosen here"));
  });

  it("has the paper's account of every figure the CLI draws", () => {
    for (const id of FIGURE_IDS) expect(PAPER_FIGURES[id]?.what.length).toBeGreaterThan(10);
  });

  it("loads nothing from the network", () => {
    expect(html).not.toMatch(/<script|<link|src="http/);
  });
});
