/** Put figure panels side by side in one Vega-Lite spec, keeping a shared title and the panels' own data. */

import type { TopLevelSpec } from "vega-lite";

/** The Vega-Lite schema every figure names. */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** A panel view: a unit, layer, facet or concat spec with its own inline data (no $schema). */
export type PanelView = Record<string, unknown>;

/** Strip what may only sit at the top level of a spec, so that it can be nested. */
export function asPanel(spec: TopLevelSpec | PanelView): PanelView {
  const { $schema: _s, config: _c, ...rest } = spec as Record<string, unknown>;
  return rest;
}

/** A whole figure's spec from its parts (the one place a figure's nested views are taken as Vega-Lite's type). */
export function topLevel(spec: PanelView & { $schema: string }): TopLevelSpec {
  return spec as unknown as TopLevelSpec;
}

/** One figure: title and subtitle lines over `columns`, each a view or a vertical stack of views. */
export function composeFigure(
  title: string | string[],
  subtitle: string[],
  columns: (PanelView | PanelView[])[],
  config: Record<string, unknown> = {},
): TopLevelSpec {
  const column = (c: PanelView | PanelView[]) => (Array.isArray(c) ? { vconcat: c, spacing: 16 } : c);
  return topLevel({
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, subtitle, anchor: "start", fontSize: 15, subtitleFontSize: 11 },
    hconcat: columns.map(column),
    spacing: 28,
    // each panel keeps its own colours and legend (a shared colour scale would merge unrelated series)
    resolve: { scale: { color: "independent" }, legend: { color: "independent" } },
    config: {
      legend: { orient: "top", labelFontSize: 12, labelLimit: 0, symbolStrokeWidth: 3, symbolOpacity: 1 },
      axis: { titleFontSize: 12 },
      ...config,
    },
  });
}
