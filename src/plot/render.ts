/**
 * Headless rendering of Vega-Lite specs to SVG and PNG (Node, no browser, no canvas).
 * The caller writes the files; this module only probes for the font file.
 */

import { existsSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

const FONT_FAMILY = "DejaVu Sans";
const DEJAVU_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/** Loaded explicitly so PNG text does not depend on fontconfig's choice of a default family. */
const fontFiles = existsSync(DEJAVU_PATH) ? [DEJAVU_PATH] : [];

/** Vega measures text with a font it does not load; naming the same family resvg draws with keeps labels fitted. */
function withFont(spec: TopLevelSpec): TopLevelSpec {
  return { ...spec, config: { ...spec.config, font: FONT_FAMILY } } as TopLevelSpec;
}

async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(withFont(spec)).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: FONT_FAMILY, fontFiles },
    fitTo: { mode: "zoom", value: 2 },
    background: "white",
  });
  return resvg.render().asPng();
}

/**
 * Render a Vega-Lite spec to an SVG string and a 2× PNG (white background, DejaVu Sans).
 * Overrides `config.font` so the SVG and PNG use the same family as Vega's text measurement.
 */
export async function renderVegaLite(spec: TopLevelSpec): Promise<{ svg: string; png: Buffer }> {
  const svg = await toSvg(spec);
  return { svg, png: svgToPng(svg) };
}
