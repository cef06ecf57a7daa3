import { stepPhrase } from "./coarsen.js";
import type { TopLevelSpec } from "vega-lite";
import { sortNames, type SeriesRow } from "./series.js";
import { baseConfig } from "./theme.js";
import {
  VL_SCHEMA,
  closeSteps,
  finiteOrNull,
  hoursOf,
  lastStepH,
  siteNameOf,
  sortPoints,
  timeSubtitle,
  timeX,
  type TimeSeriesSpecOptions,
} from "./timeline.js";

export type PowerSpecOptions = TimeSeriesSpecOptions;

export const POWER_DEFAULT_TITLE = "IT and facility power vs cap (kW)";

/** Series of the power view, in legend order, with their colours and dashes. */
export const POWER_SERIES = ["IT power", "Facility power", "Power cap"] as const;
const POWER_COLOURS = ["#2c7fb8", "#e6550d", "#222222"];
const POWER_DASHES = [
  [1, 0],
  [1, 0],
  [6, 4],
];
const METRIC_SERIES: Readonly<Record<string, (typeof POWER_SERIES)[number]>> = {
  itPowerKW: "IT power",
  facilityPowerKW: "Facility power",
  powerCapKW: "Power cap",
};
const CAP_BINDING = "Cap binding";

/** One plotted point. `kind` is a power series or `Cap binding` (a shaded interval). */
interface PowerPoint {
  site: string;
  kind: string;
  timeH: number;
  /** End of the interval (h): set for `Cap binding` only. */
  endH: number | null;
  /** kW for power series; share of the interval the cap bound for `Cap binding`. */
  value: number | null;
}

/** True when the rows hold IT or facility power of at least one site. */
export function hasPower(rows: readonly SeriesRow[]): boolean {
  return rows.some(
    (r) =>
      (r.metric === "itPowerKW" || r.metric === "facilityPowerKW") &&
      siteNameOf(r.entity) !== undefined,
  );
}

/**
 * IT and facility power (kW) of each site over time as step-after lines, the site's power cap as
 * a dashed line when the site has one, and the intervals in which the cap bound shaded (darker
 * = bound for more of the interval). One panel per site (rows), each with its own power axis.
 * Deterministic: the same rows in any order give a byte-identical `JSON.stringify` of the spec.
 */
export function powerSpec(rows: readonly SeriesRow[], opts: PowerSpecOptions = {}): TopLevelSpec {
  const lines: PowerPoint[] = [];
  const binding: PowerPoint[] = [];
  const stepH = lastStepH(rows, opts);
  for (const row of rows) {
    const site = siteNameOf(row.entity);
    if (site === undefined) continue;
    const kind = METRIC_SERIES[row.metric];
    const timeH = hoursOf(row.timeS);
    if (kind !== undefined) {
      lines.push({ site, kind, timeH, endH: null, value: finiteOrNull(row.value) });
    } else if (row.metric === "powerCapHitFraction" && row.value > 0) {
      let endH = timeH + stepH;
      if (opts.horizonS !== undefined && opts.horizonS / 3600 > timeH) {
        endH = Math.min(endH, opts.horizonS / 3600);
      }
      binding.push({ site, kind: CAP_BINDING, timeH, endH, value: Math.min(1, row.value) });
    }
  }
  sortPoints(lines, ["site", "kind", "timeH"]);
  sortPoints(binding, ["site", "timeH"]);
  const values = [
    ...closeSteps(lines, (p) => `${p.site}\u0000${p.kind}`, stepH, opts.horizonS),
    ...binding,
  ];

  const empty = lines.length === 0;
  const hasCap = lines.some((p) => p.kind === "Power cap");
  const notes = [
    empty ? "no site power data" : stepPhrase(opts.intervalsPerStep),
    hasCap ? "dashed: power cap" : "no power cap",
    binding.length > 0 ? "shaded: intervals in which the cap bound (darker = longer)" : "",
  ];
  const present = POWER_SERIES.filter((s) => s !== "Power cap" || hasCap);
  const idx = present.map((s) => POWER_SERIES.indexOf(s));
  const x = timeX(empty, "timeH", opts.horizonS);

  const bindingLayer = {
    transform: [{ filter: { field: "kind", equal: CAP_BINDING } }],
    mark: { type: "rect" as const, color: "#d62728", clip: true },
    encoding: {
      x,
      x2: { field: "endH" },
      opacity: {
        field: "value",
        type: "quantitative" as const,
        scale: { domain: [0, 1], range: [0.08, 0.3] },
        legend: null,
      },
    },
  };
  const lineLayer = {
    transform: [{ filter: { field: "kind", oneOf: [...present] } }],
    mark: {
      type: "line" as const,
      interpolate: "step-after" as const,
      strokeWidth: 1.5,
      clip: true,
    },
    encoding: {
      x,
      y: {
        field: "value",
        type: "quantitative" as const,
        title: "Power (kW)",
        scale: empty ? { domain: [0, 1] } : { zero: true },
      },
      color: {
        field: "kind",
        type: "nominal" as const,
        title: "Series",
        scale: { domain: [...present], range: idx.map((i) => POWER_COLOURS[i]) },
      },
      strokeDash: {
        field: "kind",
        type: "nominal" as const,
        title: "Series",
        scale: { domain: [...present], range: idx.map((i) => POWER_DASHES[i]) },
      },
    },
  };

  const layer = [
    // Only when the cap bound: an empty layer has no extent and vega warns about it.
    ...(binding.length === 0 ? [] : [bindingLayer]),
    lineLayer,
  ];
  const sites = sortNames(lines.map((p) => p.site));
  const title = {
    text: opts.title ?? POWER_DEFAULT_TITLE,
    subtitle: timeSubtitle(opts, [sites.length === 1 ? `site ${sites[0]}` : "", ...notes]),
    anchor: "start" as const,
  };
  if (sites.length <= 1) {
    return {
      $schema: VL_SCHEMA,
      title,
      width: 720,
      height: 300,
      data: { values },
      layer,
      config: baseConfig(),
    };
  }
  // Several sites: one panel per site, each with its own power axis.
  return {
    $schema: VL_SCHEMA,
    title,
    data: { values },
    facet: {
      row: {
        field: "site",
        type: "nominal",
        title: null,
        sort: sites,
        header: {
          labelOrient: "top",
          labelAngle: 0,
          labelAnchor: "start",
          labelFontSize: 12,
          labelFontWeight: "bold",
          labelExpr: "'Site ' + datum.value",
        },
      },
    },
    spec: { width: 720, height: 220, layer },
    resolve: { scale: { y: "independent" } },
    config: baseConfig(),
  };
}
