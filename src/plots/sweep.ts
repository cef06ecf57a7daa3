/**
 * Sweep views: one summary metric of every run of a sweep (or of replications) against the value
 * of one sweep axis, with a point per run (seed) and a line through the mean over seeds.
 */
import type { TopLevelSpec } from "vega-lite";
import { TABLEAU10 } from "./colours.js";
import { sortNames } from "./series.js";
import { baseConfig } from "./theme.js";
import { VL_SCHEMA, compareValues, subtitleLines } from "./timeline.js";

/** Value of a sweep axis in one scenario. */
export type SweepAxisValue = string | number | boolean | null;

/** One run of a sweep: its scenario, seed, axis values and flattened summary numbers. */
export interface SweepRunRow {
  /** Scenario name, e.g. `count=8,policy=fifo`, or `base` without a sweep. */
  scenario: string;
  seed: number;
  /** Axis path -> value of this scenario, e.g. `{ "pools.0.count": 8 }`. */
  axes: Record<string, SweepAxisValue>;
  /** Flattened summary.json numbers, e.g. `training.meanWaitS`, `pools.hopper.utilization`. */
  metrics: Record<string, number | null>;
  /** `runs/<scenario>/seed-<n>`, relative to the sweep folder. */
  folder: string;
}

export interface SweepSpecOptions {
  /** Axis path plotted on x, a key of `SweepRunRow.axes`. */
  axis: string;
  /** Metric plotted on y, a key of `SweepRunRow.metrics`. */
  metric: string;
  /** Chart title; defaults to one naming the metric with its unit and the axis. */
  title?: string;
  /**
   * Order of the values of each axis, e.g. as listed under `sweep:` in the experiment. Values of
   * an axis not listed here (or of an axis without a list) follow in {@link compareAxisValues}
   * order. Applies to a non-numeric x axis and to the order of the groups.
   */
  axisValues?: Readonly<Record<string, readonly SweepAxisValue[]>>;
}

/** How a metric is labelled: axis/column title with unit, unit alone, and whether it is a share. */
export interface MetricLabel {
  /** E.g. `Training mean wait (s)`, `Pool hopper utilization (%)`. */
  title: string;
  /** E.g. `s`, `kWh`, `MW`, `%`, `count`; empty when unknown. */
  unit: string;
  /** True for a fraction in [0, 1] that is shown as a percentage. */
  percent: boolean;
}

/** Unit suffixes of summary field names (longest first), with the unit shown. */
const UNIT_SUFFIXES: readonly (readonly [string, string])[] = [
  ["PerMTokens", "per M tokens"],
  ["PerS", "per s"],
  ["KWh", "kWh"],
  ["MWh", "MWh"],
  ["KW", "kW"],
  ["MW", "MW"],
  ["Usd", "USD"],
  ["C", "°C"],
  ["S", "s"],
  ["T", "t"],
  ["W", "W"],
];

/** Fields that are fractions in [0, 1] although their name does not end in `Fraction`. */
const SHARE_FIELDS = new Set(["utilization", "allocation", "sloAttainment", "goodput", "mfu"]);

/** Fields that count things (jobs, requests, accelerators). */
const COUNT_FIELD =
  /^(jobs|requests|completed|dropped|inFlight|maxQueue|accelerators|deliveries|interruptions|restarts)/;

/** Words shown for the leading section of a flattened summary path. */
const SECTION_WORDS: Readonly<Record<string, string>> = {
  pools: "pool",
  inference: "inference",
  training: "training",
  facility: "facility",
  cost: "cost",
  supply: "supply",
};

/** `latencyP99` -> `latency p99`; `PUE`-like all-capital words stay as they are. */
function words(camel: string): string {
  if (camel === "pue") return "PUE";
  return camel
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(" ")
    .map((w) => (/^[A-Z]{2,}$/.test(w) ? w : w.toLowerCase()))
    .join(" ");
}

/**
 * Title and unit of a flattened summary metric from its name: the unit from the suffix of the
 * last path segment (`...S` s, `...KWh` kWh, `...MW` MW, `...C` °C, `...Usd` USD, `...PerS`
 * per s), shares (`utilization`, `...Fraction`, ...) as %, counts (`jobs...`) as count.
 * `facility.facilityEnergyKWh` -> `Facility energy (kWh)`.
 */
export function metricLabel(name: string): MetricLabel {
  const parts = name.split(".");
  const field = parts[parts.length - 1] ?? "";
  const context = parts.slice(0, -1).map((p) => SECTION_WORDS[p] ?? p);
  let unit = "";
  let percent = false;
  let base = field;
  if (SHARE_FIELDS.has(field) || field.endsWith("Fraction")) {
    unit = "%";
    percent = true;
    base = field.endsWith("Fraction") && field !== "Fraction" ? field.slice(0, -8) : field;
  } else if (field === "pue") {
    unit = "ratio";
  } else if (/^usdPer[A-Z]/.test(field)) {
    // `usdPerMTokens` -> cost per million tokens (USD); `usdPerCompletedJob` -> ... per completed job.
    unit = "USD";
    base = `costPer${field.slice(6).replace(/^M(?=[A-Z])/, "Million")}`;
  } else {
    for (const [suffix, shown] of UNIT_SUFFIXES) {
      // The suffix must follow a lower-case letter or digit: `meanWaitS`, not `S` or `KW` alone.
      if (field.length > suffix.length && field.endsWith(suffix)) {
        const before = field.charAt(field.length - suffix.length - 1);
        if (/[a-z0-9]/.test(before)) {
          unit = shown;
          base = field.slice(0, -suffix.length);
          break;
        }
      }
    }
    if (unit === "" && COUNT_FIELD.test(field)) unit = "count";
  }
  let fieldWords = words(base);
  const last = context[context.length - 1];
  // `facility.facilityEnergyKWh`: do not say "facility" twice.
  if (last !== undefined && fieldWords.toLowerCase().startsWith(`${last.toLowerCase()} `)) {
    fieldWords = fieldWords.slice(last.length + 1);
  }
  const text = [...context, fieldWords].filter((w) => w.length > 0).join(" ");
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return { title: unit === "" ? capitalised : `${capitalised} (${unit})`, unit, percent };
}

/** Rank of a value's type in {@link compareAxisValues}: numbers, booleans, strings, null. */
function typeRank(v: SweepAxisValue): number {
  if (typeof v === "number") return 0;
  if (typeof v === "boolean") return 1;
  if (typeof v === "string") return 2;
  return 3;
}

/**
 * Total order over axis values, independent of input order: numbers ascending, then false before
 * true, then strings by code unit, then null.
 */
export function compareAxisValues(a: SweepAxisValue, b: SweepAxisValue): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return compareValues(a as string | number | null, b as string | number | null);
}

/** How an axis value is shown (and keyed): strings as they are, null as `null`. */
export function axisValueLabel(v: SweepAxisValue): string {
  return v === null ? "null" : String(v);
}

/** Value of `axis` in a run; a run without the axis counts as null. */
function axisValueOf(row: SweepRunRow, axis: string): SweepAxisValue {
  const v = row.axes[axis];
  return v === undefined ? null : v;
}

/** Every axis path of the rows, sorted by code unit. */
export function sweepAxes(rows: readonly SweepRunRow[]): string[] {
  return sortNames(rows.flatMap((r) => Object.keys(r.axes)));
}

/**
 * The distinct values of `axis` in the rows (distinct by label), in the order given in
 * `preferred` first, then in {@link compareAxisValues} order.
 */
export function axisValuesOf(
  rows: readonly SweepRunRow[],
  axis: string,
  preferred: readonly SweepAxisValue[] = [],
): SweepAxisValue[] {
  const byLabel = new Map<string, SweepAxisValue>();
  for (const row of rows) {
    const v = axisValueOf(row, axis);
    const label = axisValueLabel(v);
    const seen = byLabel.get(label);
    // Keep one representative per label, chosen independently of row order.
    if (!byLabel.has(label) || compareAxisValues(v, seen ?? null) < 0) byLabel.set(label, v);
  }
  const out: SweepAxisValue[] = [];
  for (const v of preferred) {
    const label = axisValueLabel(v);
    if (byLabel.has(label)) {
      out.push(byLabel.get(label) ?? null);
      byLabel.delete(label);
    }
  }
  const rest = [...byLabel.values()].sort(
    (a, b) => compareAxisValues(a, b) || compareValues(axisValueLabel(a), axisValueLabel(b)),
  );
  return [...out, ...rest];
}

/** A finite metric value of a run, else `null`. */
function metricOf(row: SweepRunRow, metric: string): number | null {
  const v = row.metrics[metric];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** True when at least one run has the axis and a finite value of the metric. */
export function hasSweepPlot(rows: readonly SweepRunRow[], axis: string, metric: string): boolean {
  return rows.some((r) => axis in r.axes && metricOf(r, metric) !== null);
}

/**
 * Sort key of each run's group (its values of the other axes) and of its x value, so that runs
 * sort by scenario in axis-value order whatever order they arrived in.
 */
function rankers(
  rows: readonly SweepRunRow[],
  axes: readonly string[],
  axisValues: Readonly<Record<string, readonly SweepAxisValue[]>>,
): Map<string, Map<string, number>> {
  const ranks = new Map<string, Map<string, number>>();
  for (const axis of axes) {
    const order = axisValuesOf(rows, axis, axisValues[axis] ?? []);
    ranks.set(axis, new Map(order.map((v, i) => [axisValueLabel(v), i])));
  }
  return ranks;
}

/** Rank vector of a run over the given axes (lexicographic comparison). */
function rankOf(
  row: SweepRunRow,
  axes: readonly string[],
  ranks: Map<string, Map<string, number>>,
): number[] {
  return axes.map((a) => ranks.get(a)?.get(axisValueLabel(axisValueOf(row, a))) ?? 0);
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/**
 * The runs in a fixed order, independent of input order: by axis values (axes sorted by path,
 * values in `axisValues` then natural order), then seed, scenario and folder.
 */
export function sortSweepRuns(
  rows: readonly SweepRunRow[],
  axisValues: Readonly<Record<string, readonly SweepAxisValue[]>> = {},
): SweepRunRow[] {
  const axes = sweepAxes(rows);
  const ranks = rankers(rows, axes, axisValues);
  return [...rows].sort(
    (a, b) =>
      compareRanks(rankOf(a, axes, ranks), rankOf(b, axes, ranks)) ||
      compareValues(a.seed, b.seed) ||
      compareValues(a.scenario, b.scenario) ||
      compareValues(a.folder, b.folder),
  );
}

/** One plotted run. */
interface SweepPoint {
  /** Values of the other axes, e.g. `fifo` or `a=1, b=x`; empty without other axes. */
  group: string;
  /** Axis value: a number on a quantitative axis, else its label. */
  x: number | string;
  value: number;
  seed: number;
  scenario: string;
}

/** Longest list of explicit tick values on a numeric axis (beyond it, ticks are automatic). */
const MAX_EXPLICIT_TICKS = 12;

/**
 * Scatter of one summary metric (y) of every run against the value of one sweep axis (x): a point
 * per run (seed) and a line through the mean over seeds at each axis value, one colour per
 * combination of the other axes. A numeric axis is quantitative (ticks at the swept values), any
 * other is ordinal in `axisValues` order, then natural order. Runs without a value of the metric
 * (null) are left out and counted in the subtitle.
 * Deterministic: the same rows in any order give a byte-identical `JSON.stringify` of the spec.
 */
export function sweepSpec(rows: readonly SweepRunRow[], opts: SweepSpecOptions): TopLevelSpec {
  const { axis, metric } = opts;
  const axisValues = opts.axisValues ?? {};
  const others = sweepAxes(rows).filter((a) => a !== axis);
  const ranks = rankers(rows, [axis, ...others], axisValues);
  const xOrder = axisValuesOf(rows, axis, axisValues[axis] ?? []);
  const numeric = xOrder.length > 0 && xOrder.every((v) => typeof v === "number");

  const groupOf = (row: SweepRunRow): string =>
    others.length === 1
      ? axisValueLabel(axisValueOf(row, others[0]))
      : others.map((a) => `${a}=${axisValueLabel(axisValueOf(row, a))}`).join(", ");

  // Groups in the order of their axis values.
  const groupRank = new Map<string, number[]>();
  for (const row of rows) groupRank.set(groupOf(row), rankOf(row, others, ranks));
  const groups = [...groupRank.keys()].sort(
    (a, b) => compareRanks(groupRank.get(a) ?? [], groupRank.get(b) ?? []) || compareValues(a, b),
  );
  const groupIndex = new Map(groups.map((g, i) => [g, i]));
  const xIndex = new Map(xOrder.map((v, i) => [axisValueLabel(v), i]));

  const keyed: { gi: number; xi: number; point: SweepPoint }[] = [];
  let skipped = 0;
  for (const row of rows) {
    const value = metricOf(row, metric);
    if (value === null) {
      skipped++;
      continue;
    }
    const v = axisValueOf(row, axis);
    const label = axisValueLabel(v);
    keyed.push({
      gi: groupIndex.get(groupOf(row)) ?? 0,
      xi: xIndex.get(label) ?? 0,
      point: {
        group: groupOf(row),
        x: numeric && typeof v === "number" ? v : label,
        value,
        seed: row.seed,
        scenario: row.scenario,
      },
    });
  }
  keyed.sort(
    (a, b) =>
      a.gi - b.gi ||
      a.xi - b.xi ||
      compareValues(a.point.seed, b.point.seed) ||
      compareValues(a.point.value, b.point.value) ||
      compareValues(a.point.scenario, b.point.scenario),
  );
  const values = keyed.map((k) => k.point);
  const empty = values.length === 0;

  const label = metricLabel(metric);
  const plottedGroups = groups.filter((g) => values.some((p) => p.group === g));
  const seeds = new Set(values.map((p) => p.seed)).size;
  const single = plottedGroups.length <= 1;
  const notes = empty
    ? [`no run has a value of ${metric}`]
    : [
        `${values.length} run${values.length === 1 ? "" : "s"}`,
        `${seeds} seed${seeds === 1 ? "" : "s"}`,
        numeric
          ? "points: one run each; line and dash: mean of the runs at each value"
          : "points: one run each; dash: mean of the runs at each value",
        single && others.length > 0 && plottedGroups[0] !== undefined
          ? others.length === 1
            ? `${others[0]}=${plottedGroups[0]}`
            : plottedGroups[0]
          : "",
      ];
  if (skipped > 0) {
    notes.push(`${skipped} run${skipped === 1 ? "" : "s"} without a value (null) not shown`);
  }

  const numericXs = xOrder.filter((v): v is number => typeof v === "number");
  const x = numeric
    ? {
        field: "x",
        type: "quantitative" as const,
        title: axis,
        // The swept range, also where no run has a value (an empty dataset has no extent).
        scale: {
          domain: [Math.min(...numericXs), Math.max(...numericXs)],
          nice: false,
          padding: 24,
        },
        axis:
          numericXs.length <= MAX_EXPLICIT_TICKS
            ? // An explicit precision: vega would otherwise round the labels to the tick step.
              { values: numericXs, format: ",.12~r", grid: false }
            : { format: ",~r", grid: false },
      }
    : {
        field: "x",
        type: "ordinal" as const,
        title: axis,
        scale: { domain: xOrder.map(axisValueLabel), padding: 0.5 },
        // Every category labelled: slanted when they would not fit side by side.
        axis: {
          labelAngle:
            xOrder.map(axisValueLabel).reduce((a, l) => a + l.length, 0) * 7 > 520 ? -30 : 0,
          labelLimit: 220,
          labelOverlap: false,
        },
      };
  const y = {
    field: "value",
    type: "quantitative" as const,
    title: label.title,
    scale: empty ? { domain: [0, 1] } : { zero: false },
    axis: label.percent ? { format: "~%" } : { format: ",~r" },
  };
  const colours = {
    domain: plottedGroups,
    range: plottedGroups.map((_, i) => TABLEAU10[i % TABLEAU10.length]),
  };
  const color = {
    field: "group",
    type: "nominal" as const,
    title: others.length === 1 ? others[0] : "Other axes",
    scale: empty ? { domain: ["none"], range: [TABLEAU10[0]] } : colours,
    legend: single ? null : {},
  };

  return {
    $schema: VL_SCHEMA,
    title: {
      text: opts.title ?? `${label.title} by ${axis}`,
      subtitle: subtitleLines(notes),
      anchor: "start",
    },
    width: 560,
    height: 300,
    data: { values },
    layer: [
      // A line joins the means only along a numeric axis; categories have no order to draw.
      ...(numeric
        ? [
            {
              mark: { type: "line" as const, strokeWidth: 2, opacity: 0.9 },
              encoding: { x, y: { ...y, aggregate: "mean" as const }, color },
            },
          ]
        : []),
      {
        // A dash at the mean: visible also where an axis value has no neighbour to draw to.
        mark: { type: "tick", orient: "horizontal", size: 18, thickness: 2.5 },
        encoding: { x, y: { ...y, aggregate: "mean" as const }, color },
      },
      {
        mark: { type: "point", filled: false, size: 50, strokeWidth: 1.5, opacity: 0.85 },
        encoding: { x, y, color },
      },
    ],
    config: baseConfig(),
  };
}

/** Headline metrics plotted by default (pool utilizations follow), in plot order. */
export const SWEEP_HEADLINE_METRICS: readonly string[] = [
  "training.meanWaitS",
  "training.p95WaitS",
  "training.jobsCompleted",
  "training.usdPerCompletedJob",
  "training.usdPerMTokens",
  "cost.totalUsd",
  "facility.facilityEnergyKWh",
  "facility.peakPowerMW",
];

const POOL_UTILIZATION = /^pools\.(.+)\.utilization$/;

/**
 * The headline metrics present in the rows with a finite value in at least one run: the fixed
 * list, then each pool's utilization (pools sorted by name).
 */
export function sweepHeadlineMetrics(rows: readonly SweepRunRow[]): string[] {
  const names = new Set(rows.flatMap((r) => Object.keys(r.metrics)));
  const pools = sortNames([...names].filter((n) => POOL_UTILIZATION.test(n)));
  return [...SWEEP_HEADLINE_METRICS, ...pools].filter(
    (m) => names.has(m) && rows.some((r) => metricOf(r, m) !== null),
  );
}

/** A sweep plot to draw, with a file name safe for `writePlot`. */
export interface SweepPlotChoice {
  axis: string;
  metric: string;
  /** E.g. `sweep-training.meanWaitS-by-pools.0.count`; unique within the list. */
  name: string;
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, "_");
}

/**
 * The sweep plots to draw: every axis with at least two distinct values (axes sorted by path)
 * against each headline metric ({@link sweepHeadlineMetrics}), axis-major. Deterministic.
 */
export function defaultSweepPlots(rows: readonly SweepRunRow[]): SweepPlotChoice[] {
  const axes = sweepAxes(rows).filter((a) => axisValuesOf(rows, a).length >= 2);
  const metrics = sweepHeadlineMetrics(rows);
  const used = new Set<string>();
  const out: SweepPlotChoice[] = [];
  for (const axis of axes) {
    for (const metric of metrics) {
      const base = `sweep-${safeName(metric)}-by-${safeName(axis)}`;
      let name = base;
      for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
      used.add(name);
      out.push({ axis, metric, name });
    }
  }
  return out;
}
