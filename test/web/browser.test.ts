/**
 * The explorer in Debian's Chromium (playwright-core, no browser download) against the built page on localhost: load,
 * change λ, run to a set epoch, compare the plotted population accuracy with the library's, round-trip the URL, export
 * CSV, reproduce the page with its copied CLI command, visit the other tabs, and see no console errors or foreign
 * requests. Needs Debian's Chromium at /usr/bin/chromium: .ci/run installs it (apt-get install chromium).
 */
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunConfig } from "../../src/config/run.js";
import { runTraining } from "../../src/train/run.js";
import {
  ADAM_EXP_QUERY,
  buildExplorer,
  expectPlotsLibraryAccuracy,
  type Hooks,
  hasChromium,
  launch,
  expectCliReproduces as reproduces,
  serve,
  setControl,
} from "./helpers.js";

describe("explorer in Chromium", () => {
  it("has Debian's Chromium to drive (apt-get install chromium; .ci/run does)", () => {
    expect(hasChromium).toBe(true);
  });

  let server: Server;
  let url: string;
  let context: BrowserContext;
  let close: () => Promise<void>;
  const problems: string[] = [];

  const open = async (query = ""): Promise<Page> => {
    const page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("request", (r) => {
      if (!/^(data|blob):/.test(r.url()) && !r.url().startsWith(url)) problems.push(`foreign request: ${r.url()}`);
    });
    await page.goto(url + query);
    await page.waitForSelector("#run-status[data-epoch]", { state: "attached" });
    return page;
  };

  const expectCliReproduces = async (page: Page) => {
    const command = (await page.textContent("#cli-command"))!;
    reproduces(await page.evaluate(() => (window as unknown as Hooks).grokedge.rows()), command);
  };

  beforeAll(async () => {
    buildExplorer();
    ({ server, url } = await serve());
    ({ context, close } = await launch());
  }, 60_000);

  afterAll(async () => {
    await close?.();
    server?.close();
  });

  it("changes λ, runs to a set epoch, plots the library's numbers, round-trips the URL, exports CSV", async () => {
    const page = await open();
    await setControl(page, "#ctl-lambda", "0.45");
    await setControl(page, "#ctl-epochs", "3000");
    await setControl(page, "#ctl-seed", "3");
    expect(page.url()).toContain("lambda=0.45");
    await page.click("#play");
    await page.waitForSelector('#run-status[data-state="done"]', { timeout: 30_000 });

    const state = await page.evaluate(() => (window as unknown as Hooks).grokedge.state());
    expect(state.run).toMatchObject({ n: 400, d: 180, epochs: 3000, seed: 3 });
    const lib = runTraining(state.run as RunConfig);
    const plotted = await page.evaluate(() => (window as unknown as Hooks).grokedge.plotted(1));
    const [xs, , popAcc] = plotted;
    expectPlotsLibraryAccuracy(xs, popAcc, lib);
    expect(await page.getAttribute("#run-status", "data-epoch")).toBe("3000");

    // the URL alone recreates the state
    const again = await context.newPage();
    await again.goto(page.url());
    await again.waitForSelector("#run-status[data-epoch]", { state: "attached" });
    expect(await again.evaluate(() => (window as unknown as Hooks).grokedge.state())).toEqual(state);
    await again.close();

    // CSV export = the page's rows
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
    const csv = readFileSync((await download.path())!, "utf8")
      .trim()
      .split("\n");
    const header = csv[0].split(",");
    expect(csv.length - 1).toBe(lib.checkpoints.length);
    const col = header.indexOf("pop_acc");
    expect(csv.slice(1).map((l) => Number(l.split(",")[col]))).toEqual(lib.checkpoints.map((c) => c.pop_acc));

    // PNG and SVG of the plots
    for (const [button, magic] of [
      ["#export-png", "\x89PNG"],
      ["#export-svg", "<svg"],
    ]) {
      const [file] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
      expect(readFileSync((await file.path())!, "latin1").slice(0, 4)).toBe(magic);
    }

    // the copied CLI command reproduces the page's numbers bit for bit: the training path computes with
    // core/detMath.ts, not with the engine's Math.exp/log/pow (which differ between Chromium's V8 and Node's)
    await expectCliReproduces(page);
    await page.close();
  }, 60_000);

  it("reproduces an Adam run on the exponential loss bit for bit with its copied CLI command", async () => {
    const page = await open(ADAM_EXP_QUERY);
    await page.click("#play");
    await page.waitForSelector('#run-status[data-state="done"]', { timeout: 30_000 });
    await expectCliReproduces(page);
    await page.close();
  }, 60_000);

  it("shows the 1-D model and a phase diagram whose cells open their runs", async () => {
    const page = await open("?tab=toy1d&phase.cells=3&phase.epochs=500&phase.N=40");
    await page.waitForSelector("#toy-grok", { timeout: 20_000 });
    expect(await page.textContent("#toy-summary")).toMatch(/t\*gen = 1e/);
    await page.click("#tab-phase");
    await page.waitForSelector('#phase-status[data-done="true"]', { timeout: 20_000 });
    const outcomes = await page.evaluate(() => (window as unknown as Hooks).grokedge.phase().map((r) => r?.outcome));
    expect(outcomes).toHaveLength(9);
    await page.locator("rect.cell").first().click();
    expect(page.url()).toContain("tab=train");
    expect(page.url()).toContain("N=40");
    await page.close();
  }, 60_000);

  it("logged no console errors or warnings and made no foreign requests", () => {
    expect(problems).toEqual([]);
  });
});
