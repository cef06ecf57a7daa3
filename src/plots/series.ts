import type { SeriesRow } from "../metrics/series.js";

/** One row of a run's timeseries in long format; defined by the metrics layer. */
export type { SeriesRow };

/** Entity prefix of accelerator pools in the timeseries. */
export const POOL_PREFIX = "pool/";

/** Pool name of a `pool/<name>` entity, or `undefined` for any other entity. */
export function poolNameOf(entity: string): string | undefined {
  return entity.startsWith(POOL_PREFIX) && entity.length > POOL_PREFIX.length
    ? entity.slice(POOL_PREFIX.length)
    : undefined;
}

/**
 * The pool names present in a run's timeseries (any metric), de-duplicated and sorted.
 * Every plot built from the same rows derives its colours from this list, so a pool gets
 * the same colour in all of them.
 */
export function poolNames(rows: readonly SeriesRow[]): string[] {
  const names = new Set<string>();
  for (const row of rows) {
    const name = poolNameOf(row.entity);
    if (name !== undefined) names.add(name);
  }
  return sortNames(names);
}

/** Sorts by UTF-16 code units: independent of locale and ICU version, hence deterministic. */
export function sortNames(names: Iterable<string>): string[] {
  return [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
