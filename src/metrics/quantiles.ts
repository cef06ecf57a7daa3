/**
 * Exact quantiles of a sample (linear interpolation between order statistics, the "R-7" rule
 * used by numpy and pandas by default). Returns null for an empty sample.
 */
export function quantile(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1], got ${q}`);
  const pos = (n - 1) * q;
  const i = Math.floor(pos);
  const frac = pos - i;
  return i + 1 < n ? sorted[i] + frac * (sorted[i + 1] - sorted[i]) : sorted[i];
}

export function mean(values: ArrayLike<number>): number | null {
  const n = values.length;
  if (n === 0) return null;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i];
  return s / n;
}

/** A growable array of doubles (one per request or job) without per-value objects. */
export class Samples {
  private data = new Float64Array(1024);
  private n = 0;

  get length(): number {
    return this.n;
  }

  push(v: number): void {
    if (this.n === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.n++] = v;
  }

  /** A sorted copy. */
  sorted(): Float64Array {
    return this.data.slice(0, this.n).sort();
  }

  values(): Float64Array {
    return this.data.subarray(0, this.n);
  }
}
