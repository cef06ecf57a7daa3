/**
 * Clock scaling. Compute (and the idle pipeline time that mirrors it) stretches as 1/f when
 * clocks drop; memory, network and fixed overheads do not.
 */
export interface ClockSplit {
  /** Seconds that scale as 1 / (clock / max clock). */
  readonly clockSensitiveS: number;
  /** Seconds that do not depend on the core clock. */
  readonly clockInsensitiveS: number;
}

/**
 * Step time at relative clock `f` (1 = full clock): clockSensitiveS / f + clockInsensitiveS.
 * A first-order split: where a max(compute, memory) roofline hides one term, a large enough
 * clock drop could expose it, which this linear form does not show.
 * @throws RangeError if f is not in (0, 1.5].
 */
export function stepTimeAtClock(breakdown: ClockSplit, f: number): number {
  if (!(f > 0 && f <= 1.5)) throw new RangeError(`relative clock must be in (0, 1.5], got ${f}`);
  return breakdown.clockSensitiveS / f + breakdown.clockInsensitiveS;
}
