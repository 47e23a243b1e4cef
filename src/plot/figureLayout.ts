/**
 * The frame of a figure: its title block, the panels side by side, and the style shared by the 1-D toy-model figures
 * (Figs. 3, 8, 9). Panels are Vega-Lite unit, layer or concat specs, built by the figure; this module only arranges
 * them, so that the cast to Vega-Lite's type happens in one place.
 */

import type { TopLevelSpec } from "vega-lite";
import { NEUTRAL_COLOURS } from "../core/palette.js";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** A figure's title block: bold title, grey subtitle lines. */
export interface FigureTitle {
  text: string;
  subtitle: string[];
  anchor: "start";
  fontSize: number;
  subtitleFontSize: number;
  subtitleColor: string;
}

export function figureTitle(text: string, subtitle: string[]): FigureTitle {
  return {
    text,
    subtitle,
    anchor: "start",
    fontSize: 15,
    subtitleFontSize: 11,
    subtitleColor: NEUTRAL_COLOURS.subtitle,
  };
}

/** A plain title block: the title and its subtitle lines, left-aligned, at Vega's default sizes. */
export function startTitle(text: string, subtitle: string[]): { text: string; subtitle: string[]; anchor: "start" } {
  return { text, subtitle, anchor: "start" };
}

/** A panel's own title, one size below the figure's. */
export function panelTitle(text: string): { text: string; fontSize: number } {
  return { text, fontSize: 12 };
}

/** Title, legend and axis styling of the 1-D toy-model figures. */
export const TOY1D_CONFIG = {
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 400 },
  axis: { titleFontSize: 12, labelFontSize: 11 },
  view: { stroke: NEUTRAL_COLOURS.frame },
} as const;

/** TOY1D_CONFIG with its legend's properties overridden (e.g. placed under the panels in a grid). */
export function toy1dConfig(legend: Record<string, unknown>) {
  return { ...TOY1D_CONFIG, legend: { ...TOY1D_CONFIG.legend, ...legend } };
}

/** Encoding channels whose scales and legends each panel keeps to itself. */
export type IndependentChannel = "color" | "strokeDash";

export interface PanelRowOptions {
  title: object;
  /** the panels, left to right */
  panels: readonly object[];
  /** gap between panels, px */
  spacing: number;
  /** channels whose scales and legends are not merged across panels */
  independent?: readonly IndependentChannel[];
  config?: object;
}

function independence(channels: readonly IndependentChannel[]) {
  const each = Object.fromEntries(channels.map((c) => [c, "independent"]));
  return { resolve: { scale: each, legend: { ...each } } };
}

/**
 * A whole figure's spec from a plain record (no `$schema`): the one cast of the plot layer, since panels are built as
 * plain typed records, which Vega-Lite's union types do not narrow to.
 */
export function topLevelSpec(spec: object): TopLevelSpec {
  return { $schema: SCHEMA, ...spec } as unknown as TopLevelSpec;
}

/** Panels side by side under one title. */
export function panelRowSpec(o: PanelRowOptions): TopLevelSpec {
  return topLevelSpec({
    title: o.title,
    hconcat: o.panels,
    spacing: o.spacing,
    ...(o.independent ? independence(o.independent) : {}),
    ...(o.config ? { config: o.config } : {}),
  });
}

/** One panel under the figure's title. */
export function singlePanelSpec(title: object, panel: object): TopLevelSpec {
  return topLevelSpec({ title, ...panel });
}
