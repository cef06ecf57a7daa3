import { stepPhrase } from "./coarsen.js";
import { inDays, readableStart, timeAxis } from "./timeline.js";
import type { TopLevelSpec } from "vega-lite";
import { poolColours } from "./colours.js";
import { poolNameOf, poolNames, type SeriesRow } from "./series.js";
import { baseConfig } from "./theme.js";

export interface UtilizationSpecOptions {
  /** Chart title; defaults to one naming the quantity and its unit. */
  title?: string;
  /** Calendar start of the run (ISO 8601); shown in the subtitle as the origin of the time axis. */
  startIso?: string;
  /** Output intervals merged into each step (long runs; see coarsen.ts). */
  intervalsPerStep?: number;
  /** Run horizon (s): long runs read their time axis in days. */
  horizonS?: number;
}

export const UTILIZATION_DEFAULT_TITLE =
  "Accelerator utilization per pool (% of installed accelerator-seconds busy)";

/** One plotted point: the utilization of `pool` over the output interval starting at `timeH`. */
interface UtilizationPoint {
  pool: string;
  timeH: number;
  /** `null` for a non-finite value: the line breaks there instead of lying. */
  value: number | null;
}

/**
 * Line chart of utilization (busy / installed accelerator-seconds per output interval) of each
 * pool over time. Data are inlined: the `utilization` rows of `pool/*` entities, sorted by pool
 * then time. Colours follow `poolColours` over all pools present in `rows` (any metric).
 * Deterministic: the same rows give a byte-identical `JSON.stringify` of the spec.
 */
export function utilizationSpec(
  rows: readonly SeriesRow[],
  opts: UtilizationSpecOptions = {},
): TopLevelSpec {
  const values: UtilizationPoint[] = [];
  for (const row of rows) {
    if (row.metric !== "utilization") continue;
    const pool = poolNameOf(row.entity);
    if (pool === undefined) continue;
    values.push({
      pool,
      timeH: row.timeS / 3600,
      value: Number.isFinite(row.value) ? row.value : null,
    });
  }
  values.sort((a, b) => (a.pool < b.pool ? -1 : a.pool > b.pool ? 1 : a.timeH - b.timeH));

  const colours = poolColours(poolNames(rows));
  const empty = values.length === 0;
  const subtitle = [
    opts.startIso === undefined
      ? ""
      : `${inDays(opts.horizonS) ? "Days" : "Hours"} since ${readableStart(opts.startIso)}; `,
    empty ? "no utilization data" : stepPhrase(opts.intervalsPerStep),
  ].join("");
  const subtitleText = subtitle.charAt(0).toUpperCase() + subtitle.slice(1);

  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: opts.title ?? UTILIZATION_DEFAULT_TITLE,
      subtitle: subtitleText,
      anchor: "start",
    },
    width: 720,
    height: 300,
    data: { values },
    mark: { type: "line", interpolate: "step-after", strokeWidth: 1.5, clip: true },
    encoding: {
      x: {
        field: "timeH",
        type: "quantitative",
        ...timeAxis(empty ? undefined : opts.horizonS),
        // An empty dataset has no extent; give the axis one so the chart still renders.
        scale: empty ? { domain: [0, 1], nice: false } : { nice: false, zero: false },
      },
      y: {
        field: "value",
        type: "quantitative",
        title: "Utilization (busy / installed)",
        scale: { domain: [0, 1], nice: false },
        axis: { format: ".0%", tickCount: 5 },
      },
      color: {
        field: "pool",
        type: "nominal",
        title: "Pool",
        scale: { domain: colours.domain, range: colours.range },
      },
    },
    config: baseConfig(),
  };
}
