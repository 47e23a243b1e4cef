/** Shared by the explorer's tests: build the page, serve it, launch Debian's Chromium, run the built CLI. */

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium } from "playwright-core";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

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
