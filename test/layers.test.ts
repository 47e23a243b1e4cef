/** The architecture rule of DEVELOPERS.md: imports point down the layers only, and the math is pure. */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = new URL("../src/", import.meta.url).pathname;
const LEVEL: Record<string, number> = {
  core: 0,
  config: 1,
  train: 2,
  theory: 2,
  store: 3,
  plot: 3,
  experiments: 4,
  cluster: 5,
  cli: 6,
  web: 5,
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

const sources = files(SRC).map((path) => ({
  layer: relative(SRC, path).split("/")[0],
  path: relative(SRC, path),
  text: readFileSync(path, "utf8"),
}));

describe("layering", () => {
  it("every source file is in a known layer", () => {
    for (const s of sources) expect(LEVEL, s.path).toHaveProperty(s.layer);
  });

  it("imports point down (or sideways within a layer) only", () => {
    for (const s of sources) {
      for (const m of s.text.matchAll(/from "\.\.\/([a-z]+)\//g)) {
        expect(LEVEL[m[1]], `${s.path} imports ${m[1]}`).toBeLessThanOrEqual(LEVEL[s.layer]);
        if (m[1] !== s.layer) expect(LEVEL[m[1]], `${s.path} imports ${m[1]}`).toBeLessThan(LEVEL[s.layer]);
      }
    }
  });

  it("the queue (bullmq, ioredis) is used only by the cluster layer", () => {
    for (const s of sources.filter((x) => x.layer !== "cluster")) {
      expect(s.text, s.path).not.toMatch(/from "(bullmq|ioredis)"/);
    }
  });

  it("core does no I/O and nothing below the CLI calls Math.random", () => {
    for (const s of sources.filter((x) => x.layer === "core")) {
      expect(s.text, s.path).not.toMatch(/from "node:|console\.|process\.|document\./);
    }
    for (const s of sources.filter((x) => !["cli", "web"].includes(x.layer))) {
      expect(s.text, s.path).not.toMatch(/Math\.random/);
    }
  });
});

describe("the web explorer is browser-safe", () => {
  const WEB = new URL("../web/src/", import.meta.url).pathname;
  const page = files(WEB).map((path) => ({ path: relative(WEB, path), text: readFileSync(path, "utf8") }));
  const browserFiles = [...sources.filter((s) => s.layer === "web"), ...page];

  it("imports no Node built-ins and no Node-only layer or package", () => {
    expect(page.length).toBeGreaterThan(0);
    for (const s of browserFiles) {
      expect(s.text, s.path).not.toMatch(
        /from "node:|from "(better-sqlite3|piscina|commander|cli-progress|@resvg\/resvg-js|bullmq|ioredis)"/,
      );
      expect(s.text, s.path).not.toMatch(/from "(\.\.\/)+(src\/)?(store|experiments|cluster|cli)\//);
    }
  });

  it("the page (web/src) reaches the library only through core, config, train, theory and web", () => {
    for (const s of page) {
      for (const m of s.text.matchAll(/from "(?:\.\.\/)+src\/([a-z]+)\//g)) {
        expect(["core", "config", "train", "theory", "web"], `${s.path} imports ${m[1]}`).toContain(m[1]);
      }
    }
  });
});

describe("the code's shape (issue 18; `node scripts/census.mjs` prints the census)", async () => {
  // @ts-expect-error: a plain .mjs script without type declarations
  const { census } = await import("../scripts/census.mjs");
  const c = census();

  it("no source file in src/ or web/src/ is over 400 lines", () => {
    expect(c.total).toBeGreaterThan(10_000);
    expect(c.filesOverLimit).toEqual([]);
  });

  it("no function is over 80 lines", () => {
    expect(c.largestFunctions.length).toBeGreaterThan(0);
    expect(c.functionsOverLimit).toEqual([]);
  });

  it("no import loop", () => {
    expect(c.importCycles).toEqual([]);
  });

  it("no `as unknown as` cast in the configuration schema or the explorer's URL state", () => {
    for (const s of sources.filter((x) => x.layer === "config" || x.path === "web/state.ts")) {
      expect(s.text, s.path).not.toMatch(/as unknown as/);
    }
  });
});
