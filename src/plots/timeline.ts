/**
 * Helpers shared by the time-series views (power, PUE, temperature, queue, pool power): entity
 * names, deterministic sorting, the hours axis and its subtitle.
 */
import { sortNames, type SeriesRow } from "./series.js";

/** Entity prefix of sites in the timeseries. */
export const SITE_PREFIX = "site/";

/**
 * Colours of sites (never pools, so a site line is not mistaken for a pool): sites sorted by code
 * unit get these in order, cycling beyond eight.
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

/** Total order over strings (code units), numbers and nulls (nulls last). */
export function compareValues(
  a: string | number | null | undefined,
  b: string | number | null | undefined,
): number {
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
 * Sorts objects in place by the given keys in order (then by every remaining key), so the same
 * multiset of points gives the same array whatever order the rows arrived in.
 */
export function sortPoints<T extends object>(points: T[], keys: readonly (keyof T)[]): T[] {
  return points.sort((a, b) => {
    for (const k of keys) {
      const c = compareValues(
        a[k] as string | number | null | undefined,
        b[k] as string | number | null | undefined,
      );
      if (c !== 0) return c;
    }
    return compareValues(JSON.stringify(a), JSON.stringify(b));
  });
}

/** A finite number as is; anything else as `null` (a line breaks there instead of lying). */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Hours from seconds, rounded to 1e-9 h so float noise cannot change the JSON bytes. */
export function hoursOf(timeS: number): number {
  return Math.round((timeS / 3600) * 1e9) / 1e9;
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

/** Subtitle: origin of the time axis (when known) followed by the given notes, capitalised. */
export function timeSubtitle(startIso: string | undefined, notes: readonly string[]): string {
  const parts = [
    ...(startIso === undefined ? [] : [`Hours since ${startIso}`]),
    ...notes.filter((n) => n.length > 0),
  ];
  const text = parts.join("; ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The x encoding of hours since start shared by the time-series views. */
export function timeX(empty: boolean, field = "timeH") {
  return {
    field,
    type: "quantitative" as const,
    title: "Time (h)",
    // An empty dataset has no extent; give the axis one so the chart still renders.
    scale: empty ? { domain: [0, 1], nice: false } : { nice: false, zero: false },
    axis: { tickMinStep: 1 },
  };
}

/** The vega-lite `$schema` of every spec. */
export const VL_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
