/** Shared by the explorer's tests: build the page, serve it, launch Debian's Chromium or Firefox, run the built CLI. */

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import puppeteer, { type Browser } from "puppeteer-core";
import { afterAll, beforeAll, expect } from "vitest";
import type { WebState } from "../../src/web/state.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
export const FIREFOX = process.env.FIREFOX_PATH ?? "/usr/bin/firefox-esr";
export const hasFirefox = existsSync(FIREFOX);

/** The page's read-only test hooks (window.grokedge, web/src/main.ts). */
export interface Hooks {
  grokedge: {
    state(): WebState;
    rows(): Record<string, number>[];
    plotted(chart: number): (number | null)[][];
    phase(): ({ outcome: string } | null)[];
  };
}

/** The flags CI uses: headless, no sandbox (root in a container), nothing that reaches the network by itself. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Build the page (dist/explorer/) with Vite. */
export function buildExplorer(): void {
  execFileSync(process.execPath, [join(ROOT, "scripts/web-build.mjs")], { cwd: ROOT, stdio: "pipe" });
}

/** Serve dist/explorer/ on an ephemeral localhost port. */
export async function serve(): Promise<{ server: Server; url: string }> {
  const mod = (await import(join(ROOT, "scripts/web-serve.mjs"))) as {
    serveExplorer: () => Promise<{ server: Server; url: string }>;
  };
  return mod.serveExplorer();
}

/** Chromium with a fresh profile directory (removed by the returned close()). */
export async function launch(
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "grokedge-chromium-"));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    acceptDownloads: true,
    args: CHROMIUM_ARGS,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Debian's Firefox ESR driven over WebDriver BiDi by puppeteer-core (playwright-core's BiDi client needs commands this
 * Firefox lacks), with a fresh profile directory (removed by the returned close()).
 */
export async function launchFirefox(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "grokedge-firefox-"));
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX,
    headless: true,
    userDataDir: dir,
    defaultViewport: { width: 1280, height: 800 },
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Around the calling describe block: build and serve the page and launch Chromium (beforeAll), close both (afterAll).
 * `open` loads a query at a viewport size and waits for the training tab's status line.
 */
export function servedInChromium() {
  let server: Server | undefined;
  let close: (() => Promise<void>) | undefined;
  const live = { url: "", context: undefined as unknown as BrowserContext };
  beforeAll(async () => {
    buildExplorer();
    let url: string;
    ({ server, url } = await serve());
    const launched = await launch();
    Object.assign(live, { url, context: launched.context });
    close = launched.close;
  }, 120_000);
  afterAll(async () => {
    await close?.();
    server?.close();
  });
  const open = async (query = "", viewport = { width: 1280, height: 800 }): Promise<Page> => {
    const page = await live.context.newPage();
    await page.setViewportSize(viewport);
    await page.goto(live.url + query);
    await page.waitForSelector("#run-status[data-epoch]", { state: "attached" });
    return page;
  };
  return { live, open };
}

/** Type a value into a control and leave it (its change event applies it). */
export async function setControl(page: Page, id: string, value: string): Promise<void> {
  await page.locator(id).fill(value);
  await page.locator(id).press("Tab");
}

/** dist/cli/main.js (or $GROKEDGE_CLI), built with tsc when missing (npm test builds it first). */
export function builtCli(): string {
  if (process.env.GROKEDGE_CLI) return process.env.GROKEDGE_CLI;
  const cli = join(ROOT, "dist/cli/main.js");
  if (!existsSync(cli)) execFileSync("npx", ["tsc", "-p", "tsconfig.json"], { cwd: ROOT, stdio: "pipe" });
  return cli;
}

/** Run a copied `grokedge train …` command with the built CLI; returns its JSON output. */
export function runCliCommand(command: string): { checkpoints: Record<string, number | null>[]; summary: unknown } {
  const argv = command.trim().split(/\s+/);
  if (argv[0] !== "grokedge") throw new Error(`not a grokedge command: ${command}`);
  const r = spawnSync(process.execPath, [builtCli(), ...argv.slice(1), "--format", "json", "--no-store", "--quiet"], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`CLI failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The page query of an Adam run on the exponential loss, which both browsers must reproduce exactly. */
export const ADAM_EXP_QUERY = "?N=100&lambda=0.45&sigma=3&epochs=800&seed=4&optimizer=adam&loss=exp&b0=-0.5";

/**
 * The page's checkpoint rows equal, value for value, those of the `grokedge train` command it shows: the training path
 * computes with core/detMath.ts, not with the engine's Math.exp/log/pow (which differ between V8 versions and engines).
 */
export function expectCliReproduces(rows: unknown[], command: string): void {
  const cli = runCliCommand(command).checkpoints;
  expect(cli.length).toBeGreaterThan(5);
  expect(JSON.parse(JSON.stringify(rows))).toEqual(cli); // JSON on both sides: log10_t = −∞ at epoch 0 reads null
}

/**
 * The plotted population accuracy (x and y series of the accuracy chart) equals the library's at every checkpoint
 * but epoch 0 (log axis), exactly: the same WASM kernel and elementary functions in the page and in Node.
 */
export function expectPlotsLibraryAccuracy(
  xs: (number | null)[],
  popAcc: (number | null)[],
  lib: { checkpoints: { epoch: number; pop_acc: number }[] },
): void {
  const expected = new Map(lib.checkpoints.map((c) => [c.epoch, c.pop_acc]));
  const plotted = xs.flatMap((x, i) => (expected.has(x as number) && popAcc[i] !== null ? [[x, popAcc[i]]] : []));
  expect(plotted.length).toBe(lib.checkpoints.length - 1);
  for (const [x, v] of plotted) expect(v).toBe(expected.get(x as number));
}
