import type { TopLevelSpec } from "vega-lite";
import type { SeriesRow } from "./series.js";
import { baseConfig } from "./theme.js";
import {
  VL_SCHEMA,
  hoursOf,
  lastStepH,
  sortPoints,
  timeSubtitle,
  timeX,
  type TimeSeriesSpecOptions,
} from "./timeline.js";

export type CostSpecOptions = TimeSeriesSpecOptions;

export const COST_DEFAULT_TITLE = "Cumulative cost by component (USD)";

/** Entity of the run's cost rows in the timeseries (see experiment/cost-series.ts). */
export const COST_ENTITY = "cost";

/** Components in stacking order (bottom first) with their colours (not pool colours). */
const COMPONENTS: readonly { metric: string; label: string; colour: string }[] = [
  { metric: "capexUsd", label: "Capex (depreciation)", colour: "#6a51a3" },
  { metric: "cloudUsd", label: "Cloud accelerator-hours", colour: "#3182bd" },
  { metric: "energyUsd", label: "Energy", colour: "#e6550d" },
];

interface CostPoint {
  component: string;
  order: number;
  timeH: number;
  usd: number;
}

/** True when the rows hold cost rows with some cost in them. */
export function hasCost(rows: readonly SeriesRow[]): boolean {
  return rows.some(
    (r) =>
      r.entity === COST_ENTITY &&
      COMPONENTS.some((c) => c.metric === r.metric) &&
      Number.isFinite(r.value) &&
      r.value > 0,
  );
}

/**
 * Cost accumulated since the start, stacked by component: each interval's cost is added at the
 * interval's end, so the top of the stack at the horizon is the run's whole cost (warm-up
 * included; summary.json's totals start after warm-up). Deterministic for the same rows.
 */
export function costSpec(rows: readonly SeriesRow[], opts: CostSpecOptions = {}): TopLevelSpec {
  const stepH = lastStepH(rows, opts);
  const perInterval = new Map<string, { timeH: number; usd: number }[]>();
  for (const row of rows) {
    if (row.entity !== COST_ENTITY) continue;
    const c = COMPONENTS.find((x) => x.metric === row.metric);
    if (c === undefined) continue;
    const list = perInterval.get(c.label) ?? [];
    list.push({ timeH: hoursOf(row.timeS), usd: Number.isFinite(row.value) ? row.value : 0 });
    perInterval.set(c.label, list);
  }
  // A component that is zero throughout (no cloud pools, no owned sites) is left out.
  for (const [label, list] of perInterval) {
    if (!list.some((p) => p.usd > 0)) perInterval.delete(label);
  }
  const horizonH = opts.horizonS === undefined ? Infinity : hoursOf(opts.horizonS);
  const points: CostPoint[] = [];
  COMPONENTS.forEach((c, order) => {
    const list = (perInterval.get(c.label) ?? []).sort((a, b) => a.timeH - b.timeH);
    if (list.length === 0) return;
    let total = 0;
    points.push({ component: c.label, order, timeH: list[0].timeH, usd: 0 });
    list.forEach((p, i) => {
      total += p.usd;
      const endH = i + 1 < list.length ? list[i + 1].timeH : Math.min(p.timeH + stepH, horizonH);
      points.push({ component: c.label, order, timeH: endH, usd: total });
    });
  });
  sortPoints(points, ["order", "timeH"]);
  const empty = points.length === 0;
  const present = COMPONENTS.filter((c) => perInterval.has(c.label));
  return {
    $schema: VL_SCHEMA,
    title: {
      text: opts.title ?? COST_DEFAULT_TITLE,
      subtitle: timeSubtitle(opts, [
        empty
          ? "no cost data"
          : "cost accumulated from the start by the rules of summary.json cost (warm-up included)",
      ]),
      anchor: "start",
    },
    width: 720,
    height: 300,
    data: { values: points },
    mark: { type: "area", line: true, opacity: 0.8, clip: true },
    encoding: {
      x: timeX(empty, "timeH", opts.horizonS),
      y: {
        field: "usd",
        type: "quantitative",
        title: "Cumulative cost (USD)",
        stack: "zero",
        scale: empty ? { domain: [0, 1] } : { zero: true },
        // SI prefixes per label, with B (not G) for billions as finance writes it.
        axis: { labelExpr: "replace(format(datum.value, '$~s'), 'G', 'B')" },
      },
      color: {
        field: "component",
        type: "nominal",
        title: "Component",
        scale: { domain: present.map((c) => c.label), range: present.map((c) => c.colour) },
      },
      order: { field: "order", type: "quantitative" },
    },
    config: baseConfig(),
  };
}
