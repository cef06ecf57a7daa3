import type { Config } from "vega-lite";

/** The one font of all plots; `svgToPng` loads it from the dejavu-fonts-ttf package. */
export const FONT_FAMILY = "DejaVu Sans";

/**
 * Shared Vega-Lite config, embedded in every spec so a `.vl.json` renders the same anywhere.
 * Returns a fresh object (specs may be mutated by callers) with a fixed key order.
 */
export function baseConfig(): Config {
  return {
    background: "white",
    font: FONT_FAMILY,
    title: { font: FONT_FAMILY, fontSize: 15, subtitleFont: FONT_FAMILY, subtitleFontSize: 11 },
    axis: {
      labelFont: FONT_FAMILY,
      titleFont: FONT_FAMILY,
      labelFontSize: 11,
      titleFontSize: 12,
      // Drop labels that would overlap (the browser's fallback fonts can be wider than DejaVu).
      labelOverlap: true,
    },
    legend: {
      labelFont: FONT_FAMILY,
      titleFont: FONT_FAMILY,
      labelFontSize: 11,
      titleFontSize: 12,
      labelLimit: 320,
    },
    view: { stroke: "#ddd" },
  };
}
