import { stepPhrase } from "./coarsen.js";
import type { TopLevelSpec } from "vega-lite";
import type { SeriesRow } from "./series.js";
import { baseConfig } from "./theme.js";
import {
  VL_SCHEMA,
  closeSteps,
  finiteOrNull,
  hoursOf,
  lastStepH,
  siteColours,
  siteNameOf,
  siteNames,
  sortPoints,
  timeSubtitle,
  timeX,
  type TimeSeriesSpecOptions,
} from "./timeline.js";

export type PueSpecOptions = TimeSeriesSpecOptions;

export const PUE_DEFAULT_TITLE = "PUE per site (facility / IT power)";
export const PUE_AMBIENT_DEFAULT_TITLE =
  "PUE per site (facility / IT power) and ambient temperature (°C)";

interface SitePoint {
  site: string;
  timeH: number;
  value: number | null;
}

/** True when the rows hold the PUE of at least one site. */
export function hasPue(rows: readonly SeriesRow[]): boolean {
  return rows.some((r) => r.metric === "pue" && siteNameOf(r.entity) !== undefined);
}

function siteSeries(rows: readonly SeriesRow[], metric: string): SitePoint[] {
  const points: SitePoint[] = [];
  for (const row of rows) {
    if (row.metric !== metric) continue;
    const site = siteNameOf(row.entity);
    if (site === undefined) continue;
    points.push({ site, timeH: hoursOf(row.timeS), value: finiteOrNull(row.value) });
  }
  return sortPoints(points, ["site", "timeH"]);
}

/**
 * An axis domain for a series that may barely move: the data's range widened to at least
 * `minWidth` around its middle, rounded outwards to multiples of `step`, so a steady value reads
 * as flat instead of magnifying noise and the labels never repeat; `empty` with no data.
 * PUE: 0.1 wide in steps of 0.01, [1, 2] empty; ambient: 2 °C in whole degrees.
 */
function paddedDomain(
  points: readonly SitePoint[],
  minWidth: number,
  step: number,
  empty: [number, number],
): [number, number] {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  if (values.length === 0) return empty;
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi - lo < minWidth) {
    const mid = (lo + hi) / 2;
    lo = mid - minWidth / 2;
    hi = mid + minWidth / 2;
  }
  const k = 1 / step;
  return [Math.floor(lo * k) / k, Math.ceil(hi * k) / k];
}

/**
 * PUE (facility / IT power per output interval) of each site over time as step-after lines, and,
 * when any site has an ambient profile, its outdoor temperature (°C) in a second panel below on
 * the same time axis. Sites are coloured from `SITE_PALETTE` by sorted name.
 * Deterministic: the same rows in any order give a byte-identical `JSON.stringify` of the spec.
 */

export function pueSpec(rows: readonly SeriesRow[], opts: PueSpecOptions = {}): TopLevelSpec {
  const stepH = lastStepH(rows, opts);
  const close = (points: SitePoint[]) => closeSteps(points, (p) => p.site, stepH, opts.horizonS);
  const pue = close(siteSeries(rows, "pue"));
  const ambient = close(siteSeries(rows, "ambientC"));
  const colours = siteColours(siteNames(rows));
  const color = {
    field: "site",
    type: "nominal" as const,
    title: "Site",
    scale: { domain: colours.domain, range: colours.range },
  };
  const line = {
    type: "line" as const,
    interpolate: "step-after" as const,
    strokeWidth: 1.5,
    clip: true,
  };
  const empty = pue.length === 0;
  const pueView = {
    width: 720,
    height: 300,
    data: { values: pue },
    mark: line,
    encoding: {
      x: timeX(empty, "timeH", opts.horizonS),
      y: {
        field: "value",
        type: "quantitative" as const,
        title: "PUE (facility / IT)",
        scale: { domain: paddedDomain(pue, 0.1, 0.01, [1, 2]) },
        axis: { format: ".2f" },
      },
      color,
    },
  };
  const subtitle = timeSubtitle(opts, [empty ? "no PUE data" : stepPhrase(opts.intervalsPerStep)]);
  const base = {
    $schema: VL_SCHEMA,
    config: baseConfig(),
  };
  if (ambient.length === 0) {
    return {
      ...base,
      title: { text: opts.title ?? PUE_DEFAULT_TITLE, subtitle, anchor: "start" },
      ...pueView,
    };
  }
  return {
    ...base,
    title: { text: opts.title ?? PUE_AMBIENT_DEFAULT_TITLE, subtitle, anchor: "start" },
    vconcat: [
      pueView,
      {
        width: 720,
        height: 150,
        data: { values: ambient },
        mark: line,
        encoding: {
          x: timeX(false, "timeH", opts.horizonS),
          y: {
            field: "value",
            type: "quantitative" as const,
            title: "Ambient (°C)",
            scale: { domain: paddedDomain(ambient, 2, 1, [0, 1]), nice: false },
            axis: { format: ".1f" },
          },
          color,
        },
      },
    ],
    resolve: { scale: { x: "shared" } },
  };
}
