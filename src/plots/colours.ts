import { sortNames } from "./series.js";

/** Tableau 10 (the palette Vega calls `tableau10`), in its canonical order. */
export const TABLEAU10: readonly string[] = [
  "#4c78a8",
  "#f58518",
  "#e45756",
  "#72b7b2",
  "#54a24b",
  "#eeca3b",
  "#b279a2",
  "#ff9da6",
  "#9d755d",
  "#bab0ac",
];

/** A colour scale for pools: `domain[i]` is drawn in `range[i]`. Plug into a Vega-Lite scale. */
export interface PoolColours {
  domain: string[];
  range: string[];
}

/**
 * Fixed colours for pools. Rule: sort the pool names present in the experiment (by code unit,
 * duplicates removed); the pool at sorted position i gets `TABLEAU10[i % 10]`.
 *
 * The same set of pools therefore yields the same colours in every plot of a run. Pass the
 * full set of the experiment's pools (see `poolNames(rows)`), not just those a given plot
 * shows, so that colours agree across plots. Adding a pool to the experiment may shift the
 * colours of pools sorted after it; beyond 10 pools colours repeat.
 */
export function poolColours(names: Iterable<string>): PoolColours {
  const domain = sortNames(names);
  return { domain, range: domain.map((_, i) => TABLEAU10[i % TABLEAU10.length]) };
}
