/**
 * The explorer in Debian's Firefox ESR (puppeteer-core over WebDriver BiDi, no browser download) against the built
 * page on localhost: a run started from the keyboard plots the library's population accuracy, the copied CLI command
 * reproduces every number bit for bit, the other tabs draw, and there are no console errors or foreign requests.
 * Needs /usr/bin/firefox-esr: .ci/run installs it (apt-get install firefox-esr).
 */
import type { Server } from "node:http";
import type { Browser, Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunConfig } from "../../src/config/run.js";
import { runTraining } from "../../src/train/run.js";
import type { WebState } from "../../src/web/state.js";
import {
  ADAM_EXP_QUERY,
  buildExplorer,
  expectCliReproduces,
  expectPlotsLibraryAccuracy,
  hasFirefox,
  launchFirefox,
  serve,
} from "./helpers.js";

interface Hooks {
  grokedge: { state(): WebState; rows(): Record<string, number>[]; plotted(chart: number): (number | null)[][] };
}

describe("explorer in Firefox", () => {
  it("has Debian's Firefox ESR to drive (apt-get install firefox-esr; .ci/run does)", () => {
    expect(hasFirefox).toBe(true);
  });

  let server: Server;
  let url: string;
  let browser: Browser;
  let close: () => Promise<void>;
  const problems: string[] = [];

  const open = async (query: string): Promise<Page> => {
    const page = await browser.newPage();
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warn") problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${(e as Error).message}`));
    page.on("request", (r) => {
      if (!/^(data|blob):/.test(r.url()) && !r.url().startsWith(url)) problems.push(`foreign request: ${r.url()}`);
    });
    await page.goto(url + query);
    await page.waitForSelector("#run-status[data-epoch]");
    return page;
  };

  const expectPageReproduced = async (page: Page) => {
    const command = await page.$eval("#cli-command", (e) => e.textContent ?? "");
    expectCliReproduces(await page.evaluate(() => (window as unknown as Hooks).grokedge.rows()), command);
  };

  beforeAll(async () => {
    buildExplorer();
    ({ server, url } = await serve());
    ({ browser, close } = await launchFirefox());
  }, 60_000);

  afterAll(async () => {
    await close?.();
    server?.close();
  });

  it("runs from the keyboard, plots the library's numbers, and its CLI command reproduces them bit for bit", async () => {
    const page = await open("?lambda=0.45&epochs=3000&seed=3");
    await page.focus("#play");
    await page.keyboard.press("Enter");
    await page.waitForSelector('#run-status[data-state="done"]', { timeout: 30_000 });

    const state = await page.evaluate(() => (window as unknown as Hooks).grokedge.state());
    expect(state.run).toMatchObject({ n: 400, d: 180, epochs: 3000, seed: 3 });
    const lib = runTraining(state.run as RunConfig);
    const [xs, , popAcc] = await page.evaluate(() => (window as unknown as Hooks).grokedge.plotted(1));
    expectPlotsLibraryAccuracy(xs, popAcc, lib);
    await expectPageReproduced(page);
    await page.close();
  }, 60_000);

  it("reproduces an Adam run on the exponential loss bit for bit with its copied CLI command", async () => {
    const page = await open(ADAM_EXP_QUERY);
    await page.click("#play");
    await page.waitForSelector('#run-status[data-state="done"]', { timeout: 30_000 });
    await expectPageReproduced(page);
    await page.close();
  }, 60_000);

  it("on first load, Play shows grokking within the default epochs on a draw the page calls inseparable", async () => {
    const page = await open("");
    await page.waitForFunction(() => !/solving/.test(document.getElementById("theory-draw")?.textContent ?? "solving"));
    expect(await page.$eval("#theory-draw", (e) => e.textContent)).toMatch(/\binseparable\b/);
    await page.click("#play");
    await page.waitForSelector('#run-status[data-state="done"]', { timeout: 60_000 });
    const rows = await page.evaluate(() => (window as unknown as Hooks).grokedge.rows());
    const first = (key: string) => rows.find((r) => r[key] >= 0.9)?.epoch ?? Number.POSITIVE_INFINITY;
    expect(first("pop_acc")).toBeLessThanOrEqual(rows.at(-1)!.epoch);
    expect(first("pop_acc")).toBeGreaterThan(10 * first("train_acc"));
    await page.close();
  }, 90_000);

  it("draws the 1-D model tab", async () => {
    const page = await open("?tab=toy1d");
    await page.waitForSelector("#toy-grok", { timeout: 20_000 });
    expect(await page.$eval("#toy-summary", (e) => e.textContent)).toMatch(/t\*gen = 1e/);
    await page.close();
  });

  it("logged no console errors or warnings and made no request beyond its own origin", () => {
    expect(problems).toEqual([]);
  });
});
