/**
 * The training path computes the same bits in every JavaScript engine: it takes its elementary functions from
 * core/detMath.ts (plain-arithmetic fdlibm ports), never from the engine's Math.exp / Math.log / Math.pow or `**`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cos, exp, expm1, hypot, log, log1p, log10, pow, sin } from "../../src/core/detMath.js";

/** Modules whose numbers the explorer shows and `grokedge train` reproduces. */
const TRAINING_PATH = [
  ...readdirSync("src/core").map((f) => join("src/core", f)),
  ...readdirSync("src/train").map((f) => join("src/train", f)),
  "src/web/trainer.ts",
].filter((f) => f.endsWith(".ts") && !f.endsWith(".generated.ts"));

/** Source without comments and strings, so that prose about Math.exp or `a ** b` does not count. */
function code(path: string): string {
  return readFileSync(path, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "")
    .replace(/`(?:\\.|[^`\\])*`|"(?:\\.|[^"\\])*"/g, '""');
}

const ENGINE_DEFINED =
  /\bMath\.(exp|expm1|log|log1p|log2|log10|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|cbrt|hypot)\b/;

describe("engine-independent elementary functions", () => {
  it.each(TRAINING_PATH)("%s uses no engine-defined Math function and no ** operator", (path) => {
    const src = code(path);
    expect(src.match(ENGINE_DEFINED)?.[0], "use core/detMath.ts instead").toBeUndefined();
    // `2 ** 32`-style powers of two are exact everywhere; any other ** goes through pow
    const powers = [...src.matchAll(/(\S+)\s*\*\*\s*(\S+)/g)].filter((m) => m[1] !== "2");
    expect(powers.map((m) => m[0])).toEqual([]);
  });

  it("returns the closed-form values (exact where IEEE-754 makes them exact, else within 1 ulp)", () => {
    // tolerance: fdlibm's functions are accurate to < 1 ulp; the constants are correctly rounded
    const ulp = (x: number) => Math.abs(x) * Number.EPSILON;
    expect(Math.abs(exp(1) - Math.E)).toBeLessThanOrEqual(ulp(Math.E));
    expect(Math.abs(log(10) - Math.LN10)).toBeLessThanOrEqual(ulp(Math.LN10));
    expect(Math.abs(pow(2, 0.5) - Math.SQRT2)).toBeLessThanOrEqual(ulp(Math.SQRT2));
    expect(log10(1e-300)).toBe(-300);
    expect(pow(10, 3)).toBe(1000);
    expect(hypot(3, 4)).toBe(5);
    expect(log1p(1e-300)).toBe(1e-300); // log1p(x) = x − x²/2 + …: exact for tiny x, where log(1 + x) gives 0
    expect(expm1(1e-300)).toBe(1e-300);
    expect(sin(0)).toBe(0);
    expect(cos(0)).toBe(1);
    expect(exp(-1000)).toBe(0);
    expect(exp(1000)).toBe(Number.POSITIVE_INFINITY);
  });
});
