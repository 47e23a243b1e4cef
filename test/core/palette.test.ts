import { describe, expect, it } from "vitest";
import { ROLE_COLOURS, SERIES_COLOURS, seriesColours } from "../../src/core/palette.js";

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
