// Screenshots of every tab of the built explorer at 1280×800 (and the default page, run to its end, at 390, 768, 1024,
// 1280 and 1920 px wide: default-<width>.png) in Debian's
// Chromium, plus the measured training speed at N = 400, λ = 0.48 there and, when /usr/bin/firefox-esr exists, in
// Firefox ESR (with its screenshot of the training tab). Writes out/web-shots/. Run: npm run web:shots
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import puppeteer from "puppeteer-core";
import { serveExplorer } from "./web-serve.mjs";

const OUT = new URL("../out/web-shots/", import.meta.url).pathname;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

mkdirSync(OUT, { recursive: true });
const { server, url } = await serveExplorer();
const profile = mkdtempSync(join(tmpdir(), "grokedge-shots-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: ARGS,
  viewport: { width: 1280, height: 800 },
});
const errors = [];

async function open(query, viewport = { width: 1280, height: 800 }) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url + query);
  await page.waitForSelector("#run-status[data-epoch]", { state: "attached" });
  return page;
}

async function runToEnd(page, timeout = 120_000) {
  await page.click("#play");
  await page.waitForSelector('#run-status[data-state="done"]', { timeout, state: "attached" });
}

// training tab: the laptop Fig. 1 configuration, run to 1e5 epochs; the rate is the worker's own measurement
const speed = await open("?N=400&lambda=0.48&sigma=5&epochs=100000");
const t0 = Date.now();
await runToEnd(speed);
const wall = (Date.now() - t0) / 1000;
const rate = Number(await speed.getAttribute("#run-status", "data-rate"));
await speed.screenshot({ path: join(OUT, "train-1280x800.png") });
await speed.screenshot({ path: join(OUT, "train-full-1280.png"), fullPage: true });
await speed.close();
const note = `N = 400, λ = 0.48, σ = 5, GD, 1e5 epochs in Chromium (${CHROMIUM}): ${Math.round(rate)} epochs/s of training time in the worker; ${wall.toFixed(1)} s wall from Play to done (${Math.round(1e5 / wall)} epochs/s end to end)\n`;
writeFileSync(join(OUT, "epochs-per-second.txt"), note);
process.stdout.write(note);

// an inseparable draw (grokking: S reaches S_∞, b keeps falling), hovered at an early time
const insep = await open("?N=400&lambda=0.45&sigma=5&epochs=100000&seed=1");
await runToEnd(insep);
await insep.screenshot({ path: join(OUT, "train-inseparable-1280x800.png") });
await insep.close();

const toy = await open("?tab=toy1d");
await toy.waitForSelector("#toy-grok", { state: "attached", timeout: 30_000 });
await toy.waitForTimeout(300);
await toy.screenshot({ path: join(OUT, "toy1d-1280x800.png") });
await toy.close();

const phase = await open("?tab=phase");
await phase.waitForSelector('#phase-status[data-done="true"]', { state: "attached", timeout: 180_000 });
await phase.screenshot({ path: join(OUT, "phase-1280x800.png") });
await phase.close();

// the first impression at the five widths the layout is tested at: the default page, Play pressed, run to the end
for (const [width, height] of [
  [390, 844],
  [768, 1024],
  [1024, 768],
  [1280, 800],
  [1920, 1080],
]) {
  const page = await open("", { width, height });
  await runToEnd(page);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, `default-${width}.png`), fullPage: true });
  await page.close();
}

await context.close();
rmSync(profile, { recursive: true, force: true });

// the same speed measurement in Firefox ESR (puppeteer-core over WebDriver BiDi)
const FIREFOX = process.env.FIREFOX_PATH ?? "/usr/bin/firefox-esr";
if (existsSync(FIREFOX)) {
  const ffProfile = mkdtempSync(join(tmpdir(), "grokedge-shots-ff-"));
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX,
    headless: true,
    userDataDir: ffProfile,
    defaultViewport: { width: 1280, height: 800 },
  });
  const page = await browser.newPage();
  page.on("console", (m) => m.type() === "error" && errors.push(`firefox: ${m.text()}`));
  await page.goto(`${url}?N=400&lambda=0.48&sigma=5&epochs=100000`);
  await page.waitForSelector("#run-status[data-epoch]");
  const start = Date.now();
  await page.click("#play");
  await page.waitForSelector('#run-status[data-state="done"]', { timeout: 120_000 });
  const ffWall = (Date.now() - start) / 1000;
  const ffRate = Number(await page.$eval("#run-status", (e) => e.getAttribute("data-rate")));
  await page.screenshot({ path: join(OUT, "train-firefox-1280x800.png") });
  await browser.close();
  rmSync(ffProfile, { recursive: true, force: true });
  const ffNote = `N = 400, λ = 0.48, σ = 5, GD, 1e5 epochs in Firefox (${FIREFOX}): ${Math.round(ffRate)} epochs/s of training time in the worker; ${ffWall.toFixed(1)} s wall from Play to done (${Math.round(1e5 / ffWall)} epochs/s end to end)\n`;
  writeFileSync(join(OUT, "epochs-per-second.txt"), note + ffNote);
  process.stdout.write(ffNote);
}
server.close();
if (errors.length) {
  console.error(`console errors:\n${errors.join("\n")}`);
  process.exit(1);
}
console.log(`screenshots in ${OUT}`);
