/**
 * The explorer as a first-time visitor meets it, in Debian's Chromium (playwright-core): Play on first load shows
 * grokking within the default epochs on an inseparable draw. Needs /usr/bin/chromium.
 */
import type { Server } from "node:http";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebState } from "../../src/web/state.js";
import { buildExplorer, launch, serve } from "./helpers.js";

interface Hooks {
  grokedge: {
    state(): WebState;
    rows(): Record<string, number>[];
    plotted(chart: number): (number | null)[][];
    phase(): ({ outcome: string } | null)[];
  };
}

describe("explorer for a first-time visitor (Chromium)", () => {
  let server: Server;
  let url: string;
  let context: BrowserContext;
  let close: () => Promise<void>;

  const open = async (query = "", viewport = { width: 1280, height: 800 }): Promise<Page> => {
    const page = await context.newPage();
    await page.setViewportSize(viewport);
    await page.goto(url + query);
    await page.waitForSelector("#run-status[data-epoch]", { state: "attached" });
    return page;
  };
  const runToEnd = async (page: Page) => {
    await page.click("#play");
    await page.waitForSelector('#run-status[data-state="done"]', { timeout: 60_000, state: "attached" });
  };
  beforeAll(async () => {
    buildExplorer();
    ({ server, url } = await serve());
    ({ context, close } = await launch());
  }, 120_000);

  afterAll(async () => {
    await close?.();
    server?.close();
  });

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
});
