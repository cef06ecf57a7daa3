import { stepPhrase } from "./coarsen.js";
import type { TopLevelSpec } from "vega-lite";
import { poolColours } from "./colours.js";
import { poolNameOf, poolNames, type SeriesRow } from "./series.js";
import { baseConfig } from "./theme.js";
import {
  VL_SCHEMA,
  closeSteps,
  hoursOf,
  lastStepH,
  sortPoints,
  timeSubtitle,
  timeX,
  type TimeSeriesSpecOptions,
} from "./timeline.js";

export type PoolPowerSpecOptions = TimeSeriesSpecOptions;

export const POOL_POWER_DEFAULT_TITLE = "IT power per pool, stacked (kW)";

interface PoolPowerPoint {
  pool: string;
  timeH: number;
  /** Stacked areas cannot break; a non-finite power is drawn as 0 and noted in the subtitle. */
  value: number;
}

/** True when the rows hold the power of at least one pool (pools at owned sites). */
export function hasPoolPower(rows: readonly SeriesRow[]): boolean {
  return rows.some((r) => r.metric === "powerKW" && poolNameOf(r.entity) !== undefined);
}

/**
 * Mean IT power (kW) of each pool at an owned site per output interval, as stacked step areas
 * (the top edge is the sum over pools), pools stacked in sorted order and coloured by
 * `poolColours` over all pools present in `rows`. Cloud pools have no power and do not appear.
 * Deterministic: the same rows in any order give a byte-identical `JSON.stringify` of the spec.
 */
export function poolPowerSpec(
  rows: readonly SeriesRow[],
  opts: PoolPowerSpecOptions = {},
): TopLevelSpec {
  const points: PoolPowerPoint[] = [];
  let nonFinite = 0;
  for (const row of rows) {
    if (row.metric !== "powerKW") continue;
    const pool = poolNameOf(row.entity);
    if (pool === undefined) continue;
    if (!Number.isFinite(row.value)) nonFinite++;
    points.push({
      pool,
      timeH: hoursOf(row.timeS),
      value: Number.isFinite(row.value) ? row.value : 0,
    });
  }
  sortPoints(points, ["pool", "timeH"]);
  const values = closeSteps(points, (p) => p.pool, lastStepH(rows, opts), opts.horizonS);
  const colours = poolColours(poolNames(rows));
  const empty = values.length === 0;
  return {
    $schema: VL_SCHEMA,
    title: {
      text: opts.title ?? POOL_POWER_DEFAULT_TITLE,
      subtitle: timeSubtitle(opts, [
        empty ? "no pool power data" : stepPhrase(opts.intervalsPerStep, "step", true),
        empty ? "" : "top edge = total over pools at owned sites",
        nonFinite > 0 ? `${nonFinite} missing value(s) drawn as 0` : "",
      ]),
      anchor: "start",
    },
    width: 720,
    height: 300,
    data: { values },
    mark: { type: "area", interpolate: "step-after", opacity: 0.85, clip: true },
    encoding: {
      x: timeX(empty, "timeH", opts.horizonS),
      y: {
        field: "value",
        type: "quantitative",
        title: "Power (kW)",
        stack: "zero",
        scale: empty ? { domain: [0, 1] } : { zero: true },
      },
      color: {
        field: "pool",
        type: "nominal",
        title: "Pool",
        scale: { domain: colours.domain, range: colours.range },
      },
      order: { field: "pool", sort: "ascending" },
    },
    config: baseConfig(),
  };
}
