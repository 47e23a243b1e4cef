/**
 * The explorer as a first-time visitor meets it, in Debian's Chromium (playwright-core): Play on first load shows
 * grokking within the default epochs on an inseparable draw, and the bugs of issue 16 stay fixed (each test below
 * failed on the page before its fix). Needs /usr/bin/chromium.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type Hooks, servedInChromium, setControl } from "./helpers.js";

describe("explorer for a first-time visitor (Chromium)", () => {
  const { open } = servedInChromium();
  const runToEnd = async (page: Page) => {
    await page.click("#play");
    await page.waitForSelector('#run-status[data-state="done"]', { timeout: 60_000, state: "attached" });
  };
  const inspectorValue = (page: Page, key: string) =>
    page.locator(`#inspector [data-key="${key}"]`).textContent() as Promise<string>;

  it("Play on first load shows grokking within the default epochs, and says the draw is inseparable", async () => {
    const page = await open();
    await page.waitForSelector("#theory-draw:not(:has-text('solving'))", { timeout: 30_000 });
    expect(await page.textContent("#theory-draw")).toMatch(/\binseparable\b/);
    await runToEnd(page);
    const state = await page.evaluate(() => (window as unknown as Hooks).grokedge.state());
    const rows = await page.evaluate(() => (window as unknown as Hooks).grokedge.rows());
    expect(rows.at(-1)!.epoch).toBe(state.run.epochs);
    const first = (key: string) => rows.find((r) => r[key] >= 0.9)?.epoch ?? Number.POSITIVE_INFINITY;
    expect(first("train_acc")).toBeLessThan(state.run.epochs);
    expect(first("pop_acc")).toBeLessThanOrEqual(state.run.epochs);
    // grokking: the population crosses 0.9 at least 10× later than the training set does
    expect(first("pop_acc")).toBeGreaterThan(10 * first("train_acc"));
    expect(await page.textContent("#theory-grok")).toMatch(/\d[\d,]* epochs \(train at/);
    await page.close();
  }, 120_000);

  it("explains itself: the model, λ = ½, the dashed curves, separability, the paper; titled charts; a key", async () => {
    const page = await open();
    const text = (await page.textContent("#explain"))!;
    for (const words of ["The model", "λ = d/N = ½", "dashed curves", "separable", "inseparable"]) {
      expect(text).toContain(words);
    }
    expect(await page.getAttribute("#explain a", "href")).toBe("https://arxiv.org/abs/2410.04489");
    expect(await page.locator("#panel-train .u-title").allTextContents()).toEqual(["loss", "accuracy", "σ‖S‖ and b"]);
    expect(await page.locator("#line-key li").count()).toBeGreaterThanOrEqual(6);
    await page.close();
  }, 60_000);

  it("has sliders beside λ, σ, η, ‖S₀‖ and b₀ that set the state through the schema", async () => {
    const page = await open();
    await page.locator("#ctl-sigma-slider").fill(String(Math.log10(2)));
    await page.locator("#ctl-lambda-slider").fill("0.455");
    await page.locator("#ctl-b0-slider").fill("-1");
    const run = (await page.evaluate(() => (window as unknown as Hooks).grokedge.state())).run;
    expect([run.sigma, run.d, run.b0]).toEqual([2, 182, -1]);
    expect(await page.inputValue("#ctl-lambda")).toBe("0.455");
    expect(await page.inputValue("#ctl-sigma")).toBe("2");
    expect(page.url()).toContain("sigma=2&");
    // the η slider follows the field
    await page.locator("#ctl-lr").fill("0.1");
    await page.locator("#ctl-lr").press("Tab");
    expect(Number(await page.inputValue("#ctl-lr-slider"))).toBeCloseTo(-1, 6);
    await page.close();
  }, 60_000);

  for (const width of [360, 390, 768, 1024, 1280, 1920]) {
    it(`lays out without clipping at ${width} px, charts before controls on a phone`, async () => {
      const page = await open("?epochs=2000&tab=toy1d", { width, height: 900 });
      await page.waitForSelector("#toy-grok", { timeout: 30_000, state: "attached" });
      const problems: string[] = [];
      for (const tab of ["toy1d", "train", "phase"]) {
        await page.click(`#tab-${tab}`);
        await page.waitForTimeout(400);
        problems.push(
          ...(await page.evaluate(
            (t) =>
              [
                ...[
                  ...document.querySelectorAll<HTMLElement>(
                    `#panel-${t} .chart, #panel-${t} .side, #panel-${t} .theory`,
                  ),
                ]
                  .filter((c) => c.scrollWidth > c.clientWidth + 1)
                  .map((c) => `${t}: ${c.id || c.className} ${c.scrollWidth} > ${c.clientWidth}`),
                document.documentElement.scrollWidth > innerWidth
                  ? `${t}: page ${document.documentElement.scrollWidth} > ${innerWidth}`
                  : "",
              ].filter(Boolean),
            tab,
          )),
        );
      }
      expect(problems).toEqual([]);
      await page.click("#tab-train");
      const chartTop = (await page.locator("#chart-0").boundingBox())!.y;
      const controlsTop = (await page.locator("#ctl-N").boundingBox())!.y;
      if (width <= 760) expect(chartTop).toBeLessThan(controlsTop);
      await page.close();
    }, 60_000);
  }

  it("runs several draws per cell on request and shows each cell's most frequent outcome", async () => {
    const page = await open("?tab=phase&phase.cells=2&phase.epochs=300&phase.N=40&phase.draws=3");
    await page.waitForSelector('#phase-status[data-done="true"]', { timeout: 60_000, state: "attached" });
    expect(await page.textContent("#phase-status")).toContain("12 / 12 runs (3 draws per cell)");
    const cells = await page.evaluate(() => (window as unknown as Hooks).grokedge.phase());
    expect(cells).toHaveLength(4);
    const label = (await page.locator("rect.cell").first().getAttribute("aria-label"))!;
    expect(label).toMatch(/\(3 draws: /);
    const [csv] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
    const lines = readFileSync((await csv.path())!, "utf8")
      .trim()
      .split("\n");
    expect(lines).toHaveLength(1 + 12);
    expect(lines[0]).toContain(",seed,");
    await page.close();
  }, 60_000);

  it("bug 1: Pause stops the run and says so; one Space resumes it", async () => {
    const page = await open("?epochs=5000000");
    await page.click("#play");
    await page.waitForFunction(() => Number(document.getElementById("run-status")!.dataset.epoch) > 2000, null, {
      timeout: 30_000,
    });
    await page.click("#pause");
    await page.waitForTimeout(800);
    expect(await page.getAttribute("#run-status", "data-state")).toBe("paused");
    const e1 = await page.getAttribute("#run-status", "data-epoch");
    await page.waitForTimeout(500);
    expect(await page.getAttribute("#run-status", "data-epoch")).toBe(e1);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press(" ");
    await page.waitForSelector('#run-status[data-state="running"]', { timeout: 5_000, state: "attached" });
    await page.waitForTimeout(500);
    expect(await page.getAttribute("#run-status", "data-state")).toBe("running");
    await page.close();
  }, 60_000);

  it("bug 2: the loss chart's legend shows the loss itself, as the inspector does", async () => {
    const page = await open("?epochs=3000");
    await runToEnd(page);
    const box = (await page.locator("#chart-0 .u-over").boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2);
    await page.waitForTimeout(200);
    const legend = await page.locator("#chart-0 .u-legend .u-series").nth(1).locator(".u-value").textContent();
    const inspector = await inspectorValue(page, "train loss");
    expect(Number(inspector)).toBeGreaterThan(0);
    // both print 4–5 significant digits of the same number
    expect(Math.abs(Number(legend) / Number(inspector) - 1)).toBeLessThan(1e-3);
    await page.close();
  }, 60_000);

  it("bug 3: at 768 px no chart is clipped", async () => {
    const page = await open("?epochs=2000", { width: 768, height: 900 });
    await runToEnd(page);
    await page.waitForTimeout(300);
    const clipped = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("#panel-train .chart")]
        .filter((c) => c.scrollWidth > c.clientWidth + 1)
        .map((c) => `${c.id}: ${c.scrollWidth} > ${c.clientWidth}`),
    );
    expect(clipped).toEqual([]);
    await page.close();
  }, 60_000);

  it("bug 4: λ stays as typed while N changes (d rounds)", async () => {
    const page = await open();
    for (const n of ["401", "333", "1000", "400"]) await setControl(page, "#ctl-N", n);
    expect(await page.inputValue("#ctl-lambda")).toBe("0.48");
    const run = (await page.evaluate(() => (window as unknown as Hooks).grokedge.state())).run;
    expect([run.n, run.d]).toEqual([400, 192]);
    expect(page.url()).toContain("lambda=0.48&");
    await page.close();
  }, 60_000);

  it("bug 5a: the SVG export draws losses on a log axis labelled so, with titles", async () => {
    const page = await open("?epochs=3000");
    await runToEnd(page);
    const [svgFile] = await Promise.all([page.waitForEvent("download"), page.click("#export-svg")]);
    const svg = readFileSync((await svgFile.path())!, "utf8");
    const loss = svg.slice(0, svg.indexOf("</svg>"));
    expect(loss).toMatch(/>loss \(nats\) \(log scale\)</);
    expect(loss).toMatch(/>epochs \(log scale\)</);
    expect(loss).toMatch(/>1e-1</); // decade ticks, not log10 numbers like "-0.9"
    expect(loss).not.toMatch(/>-0\.\d+</);
    for (const title of ["loss", "accuracy", "σ‖S‖ and b"]) expect(svg).toContain(`font-size="14">${title}`);
    // the plane and the histogram come along as embedded images: the file needs nothing else
    expect(svg.match(/<image [^>]*href="data:image\/png;base64,/g)).toHaveLength(2);
    await page.close();
  }, 60_000);

  it("bug 5b: the PNG export carries each chart's title and legend", async () => {
    const page = await open("?epochs=3000");
    await runToEnd(page);
    const [pngFile] = await Promise.all([page.waitForEvent("download"), page.click("#export-png")]);
    const png = readFileSync((await pngFile.path())!).toString("base64");
    const check = await page.evaluate(async (data) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      await img.decode();
      const c = document.createElement("canvas");
      c.width = img.width;
      c.height = img.height;
      const g = c.getContext("2d")!;
      g.drawImage(img, 0, 0);
      const chart = document.querySelector<HTMLCanvasElement>("#chart-0 canvas")!;
      // the first panel's top band (where its title goes): dark text pixels in its middle third
      const band = g.getImageData(Math.round(chart.width / 3), 0, Math.round(chart.width / 3), 18).data;
      let dark = 0;
      for (let i = 0; i < band.length; i += 4) if (band[i] < 70 && band[i + 1] < 70 && band[i + 2] < 70) dark++;
      // below its plot (24 px of title, then the canvas), the legend: the train series' colour #1f77b4 in a line swatch
      const legend = g.getImageData(0, 24 + chart.height, 80, 24).data;
      let swatch = 0;
      for (let i = 0; i < legend.length; i += 4) {
        if (Math.abs(legend[i] - 31) + Math.abs(legend[i + 1] - 119) + Math.abs(legend[i + 2] - 180) < 30) swatch++;
      }
      return { dark, swatch };
    }, png);
    expect(check.dark).toBeGreaterThan(10);
    expect(check.swatch).toBeGreaterThan(10);
    await page.close();
  }, 60_000);

  it("bug 6: a run that diverges (η = 1000) says so and draws no prediction from its diverged state", async () => {
    const page = await open("?lr=1000&loss=exp&epochs=3000");
    await page.click("#play");
    await page.waitForSelector('#run-status[data-state="diverged"]', { timeout: 60_000, state: "attached" });
    await page.waitForSelector("#theory-draw:not(:has-text('solving'))", { timeout: 30_000 });
    await page.waitForTimeout(300);
    const predicted = await page.evaluate(() => {
      const g = (window as unknown as Hooks).grokedge;
      return [g.plotted(0)[3], g.plotted(1)[3], g.plotted(2)[3], g.plotted(2)[4]].flat().filter((v) => v !== null);
    });
    expect(predicted).toEqual([]);
    expect(await page.textContent("#theory-grok")).toMatch(/diverged at epoch 1/);
    expect(await page.locator('#inspector [data-key="train loss"]').textContent()).toBe("∞");
    await page.close();
  }, 60_000);

  const cellsDone = (page: Page) =>
    page.evaluate(() => (window as unknown as Hooks).grokedge.phase().filter((r) => r !== null).length);

  it("bug 7a: the phase grid keeps keyboard focus while cells finish", async () => {
    const page = await open("?tab=phase&phase.cells=5&phase.epochs=20000&phase.N=100");
    await page.waitForFunction(() => (window as unknown as Hooks).grokedge.phase().some((r) => r !== null), null, {
      timeout: 30_000,
    });
    const target = page.locator("rect.cell").last();
    await target.focus();
    const label = (await target.getAttribute("aria-label"))!.split(":")[0];
    const before = await cellsDone(page);
    await page.waitForFunction(
      (n) => (window as unknown as Hooks).grokedge.phase().filter((r) => r !== null).length > n,
      before,
      {
        timeout: 30_000,
      },
    );
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? "none");
    expect(focused.split(":")[0]).toBe(label);
    await page.close();
  }, 60_000);

  it("bug 7b: the phase grid stops computing when its tab is left, and resumes when it is back", async () => {
    const page = await open("?tab=phase&phase.cells=5&phase.epochs=20000&phase.N=100");
    await page.waitForFunction(() => (window as unknown as Hooks).grokedge.phase().some((r) => r !== null), null, {
      timeout: 30_000,
    });
    await page.click("#tab-train");
    await page.waitForTimeout(200);
    const left = await cellsDone(page);
    await page.waitForTimeout(2500);
    const later = await cellsDone(page);
    expect(later - left).toBeLessThanOrEqual(1); // one cell in flight may land
    expect(later).toBeLessThan(25);
    await page.click("#tab-phase");
    await page.waitForSelector('#phase-status[data-done="true"]', { timeout: 60_000, state: "attached" });
    await page.close();
  }, 90_000);

  it("bug 7c: a click on the dashed λ = ½ line reaches the cell under it", async () => {
    // λ = 0.3, 0.4, 0.5, 0.6, 0.7: the line lies over the middle column
    const page = await open("?tab=phase&phase.cells=5&phase.epochs=200&phase.N=40");
    await page.waitForSelector('#phase-status[data-done="true"]', { timeout: 60_000, state: "attached" });
    const hit = await page.evaluate(() => {
      const line = document.querySelector<SVGLineElement>(".phase-svg line")!.getBoundingClientRect();
      const cell = document.querySelector<SVGRectElement>("rect.cell")!.getBoundingClientRect();
      const under = document.elementFromPoint(line.left + line.width / 2, (cell.top + cell.bottom) / 2);
      return under?.getAttribute("aria-label") ?? "nothing";
    });
    expect(hit).toMatch(/^λ = 0\.5, /);
    await page.close();
  }, 60_000);

  it("bug 8: the dashed predictions of an inseparable draw join the current state", async () => {
    const page = await open("?epochs=3000");
    await runToEnd(page);
    await page.waitForSelector("#theory-draw:not(:has-text('solving'))", { timeout: 30_000 });
    const last = (await page.evaluate(() => (window as unknown as Hooks).grokedge.rows())).at(-1)!;
    const [xs, , , sPred, bPred] = await page.evaluate(() => (window as unknown as Hooks).grokedge.plotted(2));
    const k = sPred.findIndex((v) => v !== null);
    expect(xs[k]).toBe(last.epoch);
    expect(sPred[k]).toBeCloseTo(last.sigma_norm_s, 9);
    expect(bPred[k]).toBeCloseTo(last.b, 9);
    await page.close();
  }, 60_000);

  it("bug 9a: a bad URL names every problem and keeps its valid keys", async () => {
    const page = await open("?sigma=-1&N=300&colour=red");
    const banner = (await page.textContent("#url-error"))!;
    expect(banner).toMatch(/sigma/);
    expect(banner).toMatch(/colour/);
    expect((await page.evaluate(() => (window as unknown as Hooks).grokedge.state())).run.n).toBe(300);
    await page.close();
  }, 60_000);

  it("bug 9b: a field that was invalid loses its error style when its value is reset", async () => {
    const page = await open();
    await setControl(page, "#ctl-sigma", "-1");
    expect(await page.getAttribute("#ctl-sigma", "aria-invalid")).toBe("true");
    await page.click("#newdraw");
    expect(await page.inputValue("#ctl-sigma")).toBe("5");
    expect(await page.getAttribute("#ctl-sigma", "aria-invalid")).not.toBe("true");
    await page.close();
  }, 60_000);

  it("bug 9c: gradient-flow crossing times are formatted and nothing overflows the inspector", async () => {
    const flow = await open("?optimizer=flow&epochs=3000");
    await flow.waitForSelector('#run-status[data-state="done"]', { timeout: 60_000, state: "attached" });
    await flow.waitForSelector("#theory-draw:not(:has-text('solving'))", { timeout: 30_000 });
    // gradient flow crosses the thresholds between checkpoints: times like 105.73045442005252 print as 105.7
    const grok = (await flow.textContent("#theory-grok"))!;
    expect(grok).toMatch(/train at \d/);
    expect(grok).not.toMatch(/\d\.\d{5,}/);
    const overflow = await flow.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("#inspector > div, #theory > div")]
        .filter((c) => c.scrollWidth > c.clientWidth + 1)
        .map((c) => c.textContent),
    );
    expect(overflow).toEqual([]);
    await flow.close();
  }, 60_000);
});
