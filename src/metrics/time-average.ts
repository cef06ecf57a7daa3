/**
 * A piecewise-constant quantity (busy accelerators, queue length) integrated over time, so that
 * averages over any window are exact, not sampled.
 */
export class TimeIntegral {
  private value = 0;
  private lastS = 0;
  private area = 0;
  private peak = 0;

  constructor(startS = 0) {
    this.lastS = startS;
  }

  /** Current value. */
  get current(): number {
    return this.value;
  }

  /** Largest value set so far. */
  get max(): number {
    return this.peak;
  }

  /** Changes the value at time `nowS` (>= the last change). */
  set(nowS: number, value: number): void {
    this.area += this.value * (nowS - this.lastS);
    this.lastS = nowS;
    this.value = value;
    if (value > this.peak) this.peak = value;
  }

  add(nowS: number, delta: number): void {
    this.set(nowS, this.value + delta);
  }

  /** Integral from the start to `nowS` (value x seconds). */
  areaAt(nowS: number): number {
    return this.area + this.value * (nowS - this.lastS);
  }
}
