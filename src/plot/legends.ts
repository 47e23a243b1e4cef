/** Legends and the colour/dash channels of named series, shared by the figures' panels. */

/**
 * A legend under its panel rather than beside it: a side legend widens the column (headless Vega over-estimates text
 * width). Entries stacked (vertical) or in a row (horizontal).
 */
export function bottomLegend<D extends "vertical" | "horizontal" = "vertical">(direction?: D) {
  return { orient: "bottom" as const, direction: direction ?? ("vertical" as D) };
}

/** A legend inside its panel, in a corner, on a white ground so that the curves under it do not show through. */
export function cornerLegend(orient: "top-right" | "top-left" | "bottom-right" | "bottom-left") {
  return { orient, fillColor: "white" };
}

/** How one named series is drawn: its colour and its stroke dash (Vega strokeDash, px on / px off). */
export interface SeriesStyle {
  series: string;
  colour: string;
  dash: readonly number[];
}

/**
 * Colour and dash channels on the `series` field, one style per series in legend order, sharing one legend (Vega-Lite
 * merges two channels into one legend when their titles, fields and legend properties agree).
 */
export function seriesStyleChannels(styles: readonly SeriesStyle[], legend: object = bottomLegend()) {
  const domain = styles.map((s) => s.series);
  return {
    color: { field: "series", title: null, scale: { domain, range: styles.map((s) => s.colour) }, legend },
    strokeDash: { field: "series", title: null, scale: { domain, range: styles.map((s) => s.dash) }, legend },
  };
}
