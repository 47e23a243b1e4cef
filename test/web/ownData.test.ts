/**
 * "Your data" on the explorer (Debian's Chromium, playwright-core): a CSV dropped on the training tab — points, and
 * labels in a second file — trains in the page with the numbers of `grokedge train --data` on the same files (its
 * copied command, run where the files are), bit for bit; a bad file is one line in the page; a reload drops the data.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { normalStream } from "../../src/core/rng.js";
import { tempDir } from "../helpers.js";
import { builtCli, type Hooks, servedInChromium } from "./helpers.js";

/** A labelled set near λ = ½ as CSV text: n points in R^d (3 decimals) and ±1 labels. */
function labelledCsv(n: number, d: number, seed: number): { points: string; labels: string } {
  const normal = normalStream(seed, 0, 0);
  const rows = Array.from({ length: n }, () => Array.from({ length: d }, () => (2 * normal()).toFixed(3)).join(","));
  const labels = Array.from({ length: n }, () => (normal() > 0 ? "1" : "-1"));
  return { points: `${rows.join("\n")}\n`, labels: `${labels.join("\n")}\n` };
}

/** The copied CLI command run in `dir` (where the dropped files are): its JSON checkpoints. */
function cliRows(command: string, dir: string): unknown[] {
  const argv = command.trim().split(/\s+/);
  expect(argv.slice(0, 2)).toEqual(["grokedge", "train"]);
  const r = spawnSync(process.execPath, [builtCli(), ...argv.slice(1), "--format", "json", "--no-store", "--quiet"], {
    cwd: dir,
    encoding: "utf8",
  });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout).checkpoints;
}

describe("the explorer trains on a dropped CSV (Chromium)", () => {
  const { open } = servedInChromium();
  const rows = (page: Page) => page.evaluate(() => (window as unknown as Hooks).grokedge.rows());
  const dataState = (page: Page) => page.getAttribute("#data-status", "data-state");
  const runToEnd = async (page: Page) => {
    await page.click("#play");
    await page.waitForSelector('#run-status[data-state="done"]', { timeout: 60_000, state: "attached" });
  };

  it("a dropped CSV with a labels file trains like `train --data --labels` on the same files, bit for bit", async () => {
    const dir = tempDir();
    const { points, labels } = labelledCsv(60, 28, 7);
    writeFileSync(join(dir, "points.csv"), points);
    writeFileSync(join(dir, "labels.csv"), labels);
    const page = await open("?epochs=3000&lr=0.05&seed=3");
    // a real drop event on the zone (a DataTransfer holding the file), then the labels through the file input
    const transfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], "points.csv", { type: "text/csv" }));
      return dt;
    }, points);
    await page.dispatchEvent("#data-drop", "drop", { dataTransfer: transfer });
    await page.waitForSelector('#data-status[data-state="loaded"]');
    await page.setInputFiles("#labels-file", join(dir, "labels.csv"));
    await page.waitForSelector('#data-status:has-text("labels labels.csv")');
    expect(await page.textContent("#data-status")).toMatch(/N = 60, d = 28.*not uploaded, not in the URL/);
    expect(page.url()).not.toMatch(/data|points/); // the URL holds the settings only
    for (const bias of ["on", "off"]) {
      await page.selectOption("#data-bias", bias);
      await page.waitForSelector(`#data-status:has-text("bias ${bias}")`);
      await page.waitForSelector('#run-status[data-epoch="0"]', { state: "attached" });
      await runToEnd(page);
      const command = (await page.textContent("#cli-command"))!;
      expect(command).toContain("--data points.csv --labels labels.csv");
      expect(command.includes("--labelled-bias off")).toBe(bias === "off");
      const pageRows = await rows(page);
      expect(pageRows.at(-1)!.epoch).toBe(3000);
      expect(pageRows.at(-1)!.b === 0).toBe(bias === "off"); // bias-free: b stays 0
      expect(JSON.parse(JSON.stringify(pageRows))).toEqual(cliRows(command, dir));
      // the theory decides the rows trained on: of width d + 1 with the bias, d without
      await page.waitForSelector("#theory-draw:not(:has-text('solving'))");
      expect((await page.textContent("#theory"))!.includes("d=28 + 1 (the bias column)")).toBe(bias === "on");
    }
    // the theory describes the dropped set (N·d within the page's solver)
    expect(await page.textContent("#theory")).toMatch(/N=60, d=28/);
    // a reload drops the data: the page is back on the URL's draw
    await page.reload();
    await page.waitForSelector("#run-status[data-epoch]", { state: "attached" });
    expect(await dataState(page)).toBe("none");
    expect(await page.textContent("#cli-command")).not.toContain("--data");
    await page.close();
  }, 120_000);

  it("says in one line what is wrong with a ragged, non-numeric or constant file, or labels of another length", async () => {
    const dir = tempDir();
    const page = await open("?epochs=100");
    const cases: [string, string, RegExp][] = [
      ["ragged.csv", "1,2\n3\n", /^error: data file rows must all have 2 values \(row 2 of "ragged.csv" has 1\)$/],
      ["text.csv", "1,2\nx,4\n", /^error: data file values must be finite decimal numbers.*"x" at row 2, column 1/],
      ["const.csv", "0,0\n0,0\n", /^error: data file must not be constant/],
      ["empty.csv", "\n", /^error: data file must hold at least one row/],
    ];
    for (const [name, text, message] of cases) {
      writeFileSync(join(dir, name), text);
      await page.setInputFiles("#data-file", join(dir, name));
      await page.waitForSelector('#data-status[data-state="error"]');
      expect(await page.textContent("#data-status")).toMatch(message);
      await page.click("#data-clear");
    }
    writeFileSync(join(dir, "ok.csv"), "1,2\n3,-4\n");
    writeFileSync(join(dir, "y3.csv"), "1\n-1\n1\n");
    await page.setInputFiles("#data-file", join(dir, "ok.csv"));
    await page.setInputFiles("#labels-file", join(dir, "y3.csv"));
    await page.waitForSelector('#data-status[data-state="error"]');
    expect(await page.textContent("#data-status")).toMatch(
      /labels file must have one row per point of the data file: 2 \(got 3/,
    );
    await page.close();
  }, 60_000);
});
