import { stepPhrase } from "./coarsen.js";
import type { TopLevelSpec } from "vega-lite";
import { poolNameOf, sortNames, type SeriesRow } from "./series.js";
import { baseConfig } from "./theme.js";
import {
  VL_SCHEMA,
  finiteOrNull,
  hoursOf,
  lastStepH,
  sortPoints,
  timeSubtitle,
  timeX,
  type TimeSeriesSpecOptions,
} from "./timeline.js";

export type TemperatureSpecOptions = TimeSeriesSpecOptions;

export const TEMPERATURE_DEFAULT_TITLE =
  "Mean rack-group temperature per pool (°C) and throttled share (%)";

/** One heatmap cell: `value` of `pool` over [timeH, endH). */
interface Cell {
  pool: string;
  timeH: number;
  endH: number;
  value: number | null;
}

/** True when the rows hold the temperature of at least one pool (pools in a hall). */
export function hasTemperature(rows: readonly SeriesRow[]): boolean {
  return rows.some((r) => r.metric === "tempC" && poolNameOf(r.entity) !== undefined);
}

/**
 * Heatmaps over time (x, hours) per pool (y, sorted): the mean rack-group temperature (°C) of
 * each pool in a hall, and below it the share of the pool's accelerators throttled in each
 * interval (only pools with a temperature are shown, so the rows line up). Each cell covers one
 * output interval. Deterministic: the same rows in any order give a byte-identical JSON spec.
 */
export function temperatureSpec(
  rows: readonly SeriesRow[],
  opts: TemperatureSpecOptions = {},
): TopLevelSpec {
  const stepH = lastStepH(rows, opts);
  const horizonH = opts.horizonS === undefined ? undefined : opts.horizonS / 3600;
  const cellsOf = (metric: string, keep: (pool: string) => boolean): Cell[] => {
    const cells: Cell[] = [];
    for (const row of rows) {
      if (row.metric !== metric) continue;
      const pool = poolNameOf(row.entity);
      if (pool === undefined || !keep(pool)) continue;
      const timeH = hoursOf(row.timeS);
      let endH = timeH + stepH;
      if (horizonH !== undefined && horizonH > timeH) endH = Math.min(endH, horizonH);
      cells.push({ pool, timeH, endH, value: finiteOrNull(row.value) });
    }
    return sortPoints(cells, ["pool", "timeH"]);
  };
  const temp = cellsOf("tempC", () => true);
  const pools = sortNames(temp.map((c) => c.pool));
  const inHall = new Set(pools);
  const throttled = cellsOf("throttledFraction", (p) => inHall.has(p));
  const empty = temp.length === 0;
  // Bands of 40 px per pool (the temperature panel at least 120 px so its legend has room).
  const height = Math.min(300, Math.max(120, 40 * pools.length));
  const throttledHeight = Math.min(300, Math.max(80, 40 * pools.length));
  const y = {
    field: "pool",
    type: "nominal" as const,
    title: "Pool",
    sort: pools,
    scale: { domain: pools },
  };
  const maxThrottled = Math.max(0, ...throttled.map((c) => c.value ?? 0));
  const notes = [
    empty ? "no temperature data" : stepPhrase(opts.intervalsPerStep, "cell"),
    throttled.length === 0
      ? ""
      : maxThrottled > 0
        ? `throttling peaks at ${(maxThrottled * 100).toFixed(0)}% of a pool`
        : "no throttling",
  ];
  const tempView = {
    width: 720,
    height,
    data: { values: temp },
    mark: { type: "rect" as const, clip: true },
    encoding: {
      x: timeX(empty, "timeH", opts.horizonS),
      x2: { field: "endH" },
      y,
      color: {
        field: "value",
        type: "quantitative" as const,
        title: "Temperature (°C)",
        scale: empty
          ? { scheme: "yelloworangered", domain: [0, 100] }
          : { scheme: "yelloworangered", zero: false, nice: true },
        legend: { orient: "right" as const, gradientLength: height - 20, tickCount: 5 },
      },
    },
  };
  const title = {
    text: opts.title ?? TEMPERATURE_DEFAULT_TITLE,
    subtitle: timeSubtitle(opts, notes),
    anchor: "start" as const,
  };
  if (throttled.length === 0) {
    return { $schema: VL_SCHEMA, title, ...tempView, config: baseConfig() };
  }
  return {
    $schema: VL_SCHEMA,
    title,
    vconcat: [
      tempView,
      {
        width: 720,
        height: throttledHeight,
        data: { values: throttled },
        mark: { type: "rect" as const, clip: true },
        encoding: {
          x: timeX(false, "timeH", opts.horizonS),
          x2: { field: "endH" },
          y,
          color: {
            field: "value",
            type: "quantitative" as const,
            title: "Throttled (%)",
            scale: { domain: [0, 1], range: ["#f7f7f7", "#3f007d"], nice: false },
            legend: {
              orient: "right" as const,
              format: ".0%",
              gradientLength: throttledHeight - 20,
            },
          },
        },
      },
    ],
    resolve: { scale: { x: "shared", color: "independent" }, legend: { color: "independent" } },
    config: baseConfig(),
  };
}
