// Input the CLI used to take silently or fail on after the work: the README's round trip, sweep grids, JSON errors,
// flags without their companion, empty and unknown groups, hex numbers, duplicate keys (issue 17, defect 11).
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { grokedge, tempDir } from "../helpers.js";

const TINY = ["--N", "20", "--d", "5", "--epochs", "10", "--test-size", "10", "--quiet"];

function expectUsage(r: { code: number; stdout: string; stderr: string }, message: string | RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  if (typeof message === "string") expect(r.stderr).toBe(`error: ${message}\n`);
  else expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
}

describe("train --config takes a run's JSON (the README's round trip)", () => {
  it("reruns the configuration of `train --format json` output, byte for byte", () => {
    const dir = tempDir();
    const first = grokedge(["train", "--N", "40", "--d", "10", "--epochs", "10", "--format", "json", "--no-store"]);
    expect(first.code).toBe(0);
    writeFileSync(join(dir, "run.json"), first.stdout);
    const again = grokedge(["train", "--config", "run.json", "--format", "json", "--no-store"], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    // flags still override it
    const other = grokedge(["train", "--config", "run.json", "--seed", "3", "--format", "json", "--no-store"], dir);
    expect(JSON.parse(other.stdout).config).toMatchObject({ N: 40, d: 10, seed: 3 });
  });
});

describe("JSON files", () => {
  it("a syntax error is one line naming the file, line and column; a duplicate key is refused by name", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bad.json"), '{"N": 20,\n"d": }\n');
    expectUsage(
      grokedge(["train", "--config", "bad.json", "--no-store"], dir),
      '--config file "bad.json" is not valid JSON: unexpected "}" at line 2, column 6',
    );
    expectUsage(
      grokedge(["sweep", "run", "bad.json", "--db", "s.sqlite"], dir),
      'sweep spec "bad.json" is not valid JSON: unexpected "}" at line 2, column 6',
    );
    writeFileSync(join(dir, "dup.json"), '{"N": 20,\n "N": 30}');
    expectUsage(
      grokedge(["train", "--config", "dup.json", "--no-store"], dir),
      '--config file "dup.json" has a duplicate key "N" at line 2, column 2',
    );
    writeFileSync(join(dir, "dupspec.json"), '{"name": "a", "grid": {"lambda": [0.3]}, "name": "b"}');
    expectUsage(grokedge(["sweep", "run", "dupspec.json", "--db", "s.sqlite"], dir), /has a duplicate key "name"/);
    expect(existsSync(join(dir, "s.sqlite"))).toBe(false);
  });
});

describe("sweep grids", () => {
  it("a grid with an invalid point is refused before any cell runs (exit 2), naming the point", () => {
    const dir = tempDir();
    const cases = [
      {
        grid: { N: [40, 41] },
        base: { lambda: 0.5, epochs: 10, "test-size": 10 },
        point: "N=41",
        why: /positive integer d/,
      },
      {
        grid: { loss: ["exp", "logistic"] },
        base: { N: 20, d: 5, optimizer: "conformal", epochs: 10, "test-size": 10 },
        point: "loss=logistic",
        why: /--optimizer conformal needs --loss exp/,
      },
    ];
    for (const [i, c] of cases.entries()) {
      writeFileSync(join(dir, `s${i}.json`), JSON.stringify({ name: `g${i}`, base: c.base, grid: c.grid }));
      const r = grokedge(["sweep", "run", `s${i}.json`, "--db", `s${i}.sqlite`, "--quiet"], dir);
      expectUsage(r, new RegExp(`^error: grid point ${c.point} of sweep "g${i}" is not a valid configuration`));
      expect(r.stderr).toMatch(c.why);
      expect(r.stderr).toMatch(/1 of 2 grid points are invalid/);
      expect(existsSync(join(dir, `s${i}.sqlite`))).toBe(false);
    }
  });
});

describe("flags without their companion are refused", () => {
  it("separability --lambdas, svm --weights, toy1d --format, figure 3 --sampling", () => {
    expectUsage(
      grokedge(["separability", "--lambdas", "0.3,0.5"]),
      "--lambdas needs --draws K (it lists the λ values of the Monte-Carlo; got no --draws)",
    );
    expectUsage(
      grokedge(["svm", "--weights"]),
      "--weights needs --json (the weights are part of the JSON output; got no --json)",
    );
    expectUsage(
      grokedge(["toy1d", "--format", "csv", "--no-store"]),
      "--format applies to --out FILE (got --format csv without --out)",
    );
    expectUsage(
      grokedge(["figure", "3", "--sampling", "consecutive"]),
      "--sampling applies to figure 1 (its left panel's draws) only (got --sampling with figure 3)",
    );
    expectUsage(
      grokedge(["figure", "2", "--lenient", "0.01,1000,30"]),
      "--lenient applies to figures 1 and 6 only (got --lenient with figure 2)",
    );
    expectUsage(
      grokedge(["figure", "6", "--lenient", "0.01,0,30"]),
      '--lenient steps must be an integer from 1 to 1000000 (got "0")',
    );
    // with the companion they work
    expect(grokedge(["svm", "--weights", "--json", "--N", "20", "--d", "5"]).code).toBe(0);
  });

  it("figure 3 --panels says the figure has no panels; figure 1 --panels lists the allowed ones", () => {
    expectUsage(
      grokedge(["figure", "3", "--panels", "left"]),
      '--panels does not apply to figure 3: it has no panel groups (got "left")',
    );
    expectUsage(
      grokedge(["figure", "1", "--panels", "middle"]),
      '--panels must be one or more of left, right, right-top (got "middle")',
    );
  });
});

describe("groups and numbers", () => {
  it('--group "" is refused by train and export; export --group nosuch names it and the stored groups', () => {
    const dir = tempDir();
    const db = join(dir, "s.sqlite");
    expectUsage(grokedge(["train", ...TINY, "--db", db, "--group", ""]), '--group must be a non-empty name (got "")');
    expect(existsSync(db)).toBe(false);
    expect(grokedge(["train", ...TINY, "--db", db, "--group", "mine"]).code).toBe(0);
    expectUsage(grokedge(["export", "--db", db, "--group", ""]), '--group must be a non-empty name (got "")');
    expectUsage(
      grokedge(["export", "--db", db, "--group", "nosuch"]),
      `--group "nosuch" has no runs in ${db} (stored groups: mine; see grokedge export --list)`,
    );
    const ok = grokedge(["export", "--db", db, "--group", "mine"]);
    expect(ok.stdout.trim().split("\n").length).toBeGreaterThan(1);
  });

  it("--data refuses hexadecimal and other non-decimal numbers", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "hex.csv"), "1,2\n0x10,3\n");
    expectUsage(
      grokedge(["separability", "--data", "hex.csv"], dir),
      '--data values must be finite decimal numbers, e.g. -1.5 or 2e-3 (got "0x10" at row 2, column 1 of "hex.csv")',
    );
    for (const bad of ["0b11", "0o7", "1_000"]) {
      writeFileSync(join(dir, "b.csv"), `1,${bad}\n`);
      expectUsage(grokedge(["separability", "--data", "b.csv"], dir), new RegExp(`got "${bad}"`));
    }
    writeFileSync(join(dir, "ok.csv"), "1,-2.5e-1\n+3,.5\n");
    const ok = grokedge(["separability", "--data", "ok.csv"], dir);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/separable \(method \w+; N=2, d=2\)/);
  });
});
