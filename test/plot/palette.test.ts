import { describe, expect, it } from "vitest";
import { ROLE_COLOURS, SERIES_COLOURS, seriesColours } from "../../src/plot/palette.js";
import { estimatedWidth, wrapToWidth } from "../../src/plot/textWidth.js";

describe("the palette", () => {
  it("series colours leave out every role colour (a series never reads as training or population)", () => {
    const roles = new Set<string>(Object.values(ROLE_COLOURS));
    for (const c of SERIES_COLOURS) expect(roles.has(c)).toBe(false);
    expect(new Set(SERIES_COLOURS).size).toBe(SERIES_COLOURS.length);
  });

  it("seriesColours gives n colours in order, cycling past the list", () => {
    const n = SERIES_COLOURS.length;
    const c = seriesColours(n + 2);
    expect(c.slice(0, n)).toEqual([...SERIES_COLOURS]);
    expect(c.slice(n)).toEqual([SERIES_COLOURS[0], SERIES_COLOURS[1]]);
  });
});

describe("text width as headless Vega estimates it", () => {
  it("is 0.8 em per character, floored (vega-scenegraph's estimate)", () => {
    expect(estimatedWidth("abcde", 11)).toBe(44);
  });

  it("wrapToWidth keeps every word, in order, and every line within the width unless it is one long word", () => {
    const text = "the quick brown fox jumps over the lazy dog and a remarkably_long_single_word_here ends it";
    const lines = wrapToWidth(text, 120, 10);
    expect(lines.join(" ").split(/\s+/).filter(Boolean)).toEqual(text.split(" "));
    for (const l of lines) {
      if (l.trim().includes(" ")) expect(estimatedWidth(l, 10)).toBeLessThanOrEqual(120);
    }
    expect(lines.length).toBeGreaterThan(3);
  });
});
