import { describe, expect, it } from "vitest";
import { estimatedWidth, wrapToWidth } from "../../src/plot/textWidth.js";

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
