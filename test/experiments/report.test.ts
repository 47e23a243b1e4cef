import { describe, expect, it } from "vitest";
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
});

describe("the reproduction report", () => {
  const html = reportHtml([figure("1", "a < b", "PASS"), figure("9", "slope", "FAIL")], "2026-11-29T00:00:00Z");

  it("has a section per figure with its SVG as an image (a data URI, never inline markup) and its CSV link", () => {
    expect(html.match(/<section id="fig/g)).toHaveLength(2);
    const svg = figure("1", "c", "PASS").svg;
    expect(html).toContain(`<img alt="Fig. 1" src="data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}">`);
    expect(html).not.toContain("<svg");
    expect(html).toContain('href="../fig9/fig9.csv"');
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

  it("loads nothing from the network", () => {
    expect(html).not.toMatch(/<script|<link|src="http/);
  });
});
