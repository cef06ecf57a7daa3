/**
 * Helpers shared by the time-series views (power, PUE, temperature, queue, pool power): entity
 * names, deterministic sorting, the hours axis, closing steps and the subtitle.
 */
import { sortNames, type SeriesRow } from "./series.js";

/** The vega-lite `$schema` of every spec. */
export const VL_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Entity prefix of sites in the timeseries. */
export const SITE_PREFIX = "site/";

/**
 * Colours of sites (never pool colours, so a site line is not mistaken for a pool): sites sorted
 * by code unit get these in order, cycling beyond eight.
 */
export const SITE_PALETTE: readonly string[] = [
  "#333333",
  "#8c6d31",
  "#7b4173",
  "#3182bd",
  "#637939",
  "#ad494a",
  "#17becf",
  "#969696",
];

/** Site name of a `site/<name>` entity, or `undefined` for any other entity. */
export function siteNameOf(entity: string): string | undefined {
  return entity.startsWith(SITE_PREFIX) && entity.length > SITE_PREFIX.length
    ? entity.slice(SITE_PREFIX.length)
    : undefined;
}

/** Sites present in the rows (any metric), de-duplicated and sorted by code unit. */
export function siteNames(rows: readonly SeriesRow[]): string[] {
  const names = new Set<string>();
  for (const row of rows) {
    const name = siteNameOf(row.entity);
    if (name !== undefined) names.add(name);
  }
  return sortNames(names);
}

/** A colour scale for the given sites from {@link SITE_PALETTE}. */
export function siteColours(names: Iterable<string>): { domain: string[]; range: string[] } {
  const domain = sortNames(names);
  return { domain, range: domain.map((_, i) => SITE_PALETTE[i % SITE_PALETTE.length]) };
}

type Sortable = string | number | null | undefined;

/** Total order over strings (code units), numbers (NaN last) and nulls (last). */
export function compareValues(a: Sortable, b: Sortable): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === "number" && typeof b === "number") {
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
    if (Number.isNaN(b)) return -1;
    return a - b;
  }
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * Sorts points in place by the given keys in order, then by their whole JSON, so the same
 * multiset of points gives the same array whatever order the rows arrived in.
 */
export function sortPoints<T extends object>(points: T[], keys: readonly (keyof T)[]): T[] {
  return points.sort((a, b) => {
    for (const k of keys) {
      const c = compareValues(a[k] as Sortable, b[k] as Sortable);
      if (c !== 0) return c;
    }
    return compareValues(JSON.stringify(a), JSON.stringify(b));
  });
}

/** A finite number as is; anything else as `null` (a line breaks there instead of lying). */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Hours from seconds. */
export function hoursOf(timeS: number): number {
  return timeS / 3600;
}

/**
 * The output interval in seconds: the smallest positive gap between distinct times of the given
 * rows; `fallbackS` when there are fewer than two distinct times.
 */
export function inferIntervalS(rows: readonly SeriesRow[], fallbackS = 900): number {
  const times = [...new Set(rows.map((r) => r.timeS))].sort((a, b) => a - b);
  let best = Infinity;
  for (let i = 1; i < times.length; i++) best = Math.min(best, times[i] - times[i - 1]);
  return Number.isFinite(best) && best > 0 ? best : fallbackS;
}

/** A point of a step-after series: `value` holds over [timeH, next point's timeH). */
export interface StepPoint {
  timeH: number;
  value: number | null;
}

/**
 * Appends to each series (points grouped by `key`, already sorted by key then time) a closing
 * point at the end of its last interval carrying the last value, so a step-after line covers the
 * whole last interval instead of stopping at its start.
 */
export function closeSteps<T extends StepPoint>(
  points: readonly T[],
  key: (p: T) => string,
  intervalH: number,
  horizonS?: number,
): T[] {
  const out: T[] = [];
  for (let i = 0; i < points.length; i++) {
    out.push(points[i]);
    const last = i === points.length - 1 || key(points[i + 1]) !== key(points[i]);
    if (!last) continue;
    let endH = points[i].timeH + intervalH;
    if (horizonS !== undefined && horizonS / 3600 > points[i].timeH) {
      endH = Math.min(endH, horizonS / 3600);
    }
    out.push({ ...points[i], timeH: endH });
  }
  return out;
}

/** Options shared by the time-series views. */
export interface TimeSeriesSpecOptions {
  /** Chart title; defaults to one naming the quantity and its unit. */
  title?: string;
  /** Calendar start of the run (ISO 8601); shown in the subtitle as the origin of the time axis. */
  startIso?: string;
  /** Output interval (s) each value covers; inferred from the spacing of the rows if absent. */
  intervalS?: number;
  /** Run horizon (s): the last interval is cut there when it is shorter than the others. */
  horizonS?: number;
  /** Output intervals merged into each step (long runs; see coarsen.ts). */
  intervalsPerStep?: number;
}

/** Length in hours of the last step of each series, per the options or inferred from the rows. */
export function lastStepH(rows: readonly SeriesRow[], opts: TimeSeriesSpecOptions): number {
  const intervalS =
    opts.intervalS !== undefined && opts.intervalS > 0 ? opts.intervalS : inferIntervalS(rows);
  return intervalS / 3600;
}

/**
 * Longest subtitle line in characters. Headless Vega estimates text width from the character
 * count (no canvas), so a longer line would widen the whole SVG beyond the chart.
 */
export const SUBTITLE_LINE_CHARS = 90;

/**
 * Joins parts with "; " into lines of at most {@link SUBTITLE_LINE_CHARS} characters (a longer
 * part gets a line of its own), the first letter capitalised. Empty parts are skipped.
 */
export function subtitleLines(parts: readonly string[]): string[] {
  const lines: string[] = [];
  for (const part of parts.filter((p) => p.length > 0)) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 2 + part.length <= SUBTITLE_LINE_CHARS) {
      lines[last] = `${lines[last]}; ${part}`;
    } else {
      if (last >= 0) lines[last] += ";";
      lines.push(part);
    }
  }
  if (lines.length > 0) lines[0] = lines[0].charAt(0).toUpperCase() + lines[0].slice(1);
  return lines;
}

/** Subtitle lines: origin of the time axis (when known) followed by the given notes. */
export function timeSubtitle(
  run: { startIso?: string; horizonS?: number },
  notes: readonly string[],
): string[] {
  const unit = inDays(run.horizonS) ? "days" : "hours";
  return subtitleLines([
    ...(run.startIso === undefined ? [] : [`${unit} since ${readableStart(run.startIso)}`]),
    ...notes,
  ]);
}

/** Runs longer than this read their time axis in days (the data stay in hours). */
export const DAYS_AXIS_AFTER_S = 14 * 86_400;

/** Whether a run of this horizon shows its time axis in days. */
export function inDays(horizonS: number | undefined): boolean {
  return horizonS !== undefined && horizonS > DAYS_AXIS_AFTER_S;
}

/**
 * The time axis of a run: hours, or for long runs days, labelled at whole multiples of a round
 * number of days (1, 2, 5, 7, 10, 14, 30, 60, 90 or 180) with at most a dozen ticks.
 */
export function timeAxis(horizonS: number | undefined): {
  title: string;
  axis: Record<string, unknown>;
} {
  if (!inDays(horizonS)) return { title: "Time (h)", axis: { tickMinStep: 1 } };
  const days = horizonS! / 86_400;
  const step = [1, 2, 5, 7, 10, 14, 30, 60, 90, 180].find((s) => days / s <= 12) ?? 365;
  const values: number[] = [];
  for (let d = 0; d <= days + 1e-9; d += step) values.push(d * 24);
  return {
    title: "Time (days)",
    axis: { values, labelExpr: "format(datum.value / 24, ',')" },
  };
}

/** A run's start for people: 2027-01-01T00:00:00.000Z as "2027-01-01 00:00 UTC". */
export function readableStart(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2})(?:\.\d+)?)?Z$/.exec(iso);
  if (m === null) return iso;
  return `${m[1]} ${m[2]}${m[3] !== undefined && m[3] !== "00" ? `:${m[3]}` : ""} UTC`;
}

/** The x encoding of hours since start shared by the time-series views (days on long runs). */
export function timeX(empty: boolean, field = "timeH", horizonS?: number) {
  const { title, axis } = timeAxis(empty ? undefined : horizonS);
  return {
    field,
    type: "quantitative" as const,
    title,
    // An empty dataset has no extent; give the axis one so the chart still renders.
    scale: empty ? { domain: [0, 1], nice: false } : { nice: false, zero: false },
    axis,
  };
}
