/**
 * Time in experiment files: seconds as numbers, durations with units (`90s`, `15m`, `6h`, `30d`,
 * `12w`, `1y`) or calendar dates (`2027-03-01`, `2027-03-01T12:00Z`) read against `start`.
 */

/** Seconds per unit. A year is 365 days: calendar-exact spans are written as dates. */
export const SECONDS_PER_UNIT = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
  y: 31_536_000,
} as const;

export type DurationUnit = keyof typeof SECONDS_PER_UNIT;

export const DURATION_PATTERN = /^\s*(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*(ms|s|m|h|d|w|y)\s*$/;
/** Dates with an optional time; a time without a zone is read as UTC. */
export const DATE_PATTERN =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export const DURATION_HELP = "a number of seconds or a duration like 90s, 15m, 6h, 30d, 12w, 1y";
export const TIME_HELP = `${DURATION_HELP} (from start), or a date like 2027-03-01T00:00Z`;

/** Parses a duration string; returns undefined if it is not one. */
export function parseDurationS(text: string): number | undefined {
  const m = DURATION_PATTERN.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * SECONDS_PER_UNIT[m[2] as DurationUnit];
}

/** Parses a calendar date to epoch milliseconds (UTC when no zone is given); undefined if invalid. */
export function parseDateMs(text: string): number | undefined {
  if (!DATE_PATTERN.test(text)) return undefined;
  let iso = text.replace(" ", "T");
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) iso += "T00:00Z";
  else if (!/(Z|[+-]\d{2}:?\d{2})$/.test(iso)) iso += "Z";
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/** True if the text is a duration or a date that {@link timeToS} can read. */
export function isTimeText(text: string): boolean {
  return parseDurationS(text) !== undefined || parseDateMs(text) !== undefined;
}

/**
 * Converts a time spec to seconds from the experiment start.
 * @throws RangeError for text that is neither a duration nor a date.
 */
export function timeToS(spec: number | string, startMs: number): number {
  if (typeof spec === "number") return spec;
  const d = parseDurationS(spec);
  if (d !== undefined) return d;
  const ms = parseDateMs(spec);
  if (ms !== undefined) return (ms - startMs) / 1000;
  throw new RangeError(`not a time: ${JSON.stringify(spec)}; expected ${TIME_HELP}`);
}

/** Converts a duration spec (number of seconds or duration text) to seconds. */
export function durationToS(spec: number | string): number {
  if (typeof spec === "number") return spec;
  const d = parseDurationS(spec);
  if (d === undefined) {
    throw new RangeError(`not a duration: ${JSON.stringify(spec)}; expected ${DURATION_HELP}`);
  }
  return d;
}
