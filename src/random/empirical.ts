import { paramError } from "./param-errors.js";
import type { Rng } from "./rng.js";

export interface EmpiricalOptions {
  /**
   * false (default): resample, every observed value with probability 1/n.
   * true: draw from the piecewise-linear quantile function through the order statistics
   * (x(1) at u = 0, x(n) at u = 1), so values between observations occur too; the range stays
   * [min, max].
   */
  interpolate?: boolean;
}

/**
 * Draws from observed values (e.g. measured job durations), by inversion over the sorted sample:
 * one uniform per draw, monotone in it.
 */
export class EmpiricalSampler {
  /** Number of observations. */
  readonly size: number;
  /** Whether draws interpolate between order statistics (see {@link EmpiricalOptions}). */
  readonly interpolate: boolean;
  private readonly sorted: Float64Array;

  /**
   * @param samples the observations (copied; the caller's array is not kept or reordered).
   * @throws RangeError if samples is empty or holds a value that is not finite, naming its index.
   */
  constructor(samples: ArrayLike<number>, options: EmpiricalOptions = {}) {
    const n = samples.length;
    if (n === 0) paramError("empirical", "samples", "non-empty", "[]");
    const sorted = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x = samples[i];
      if (!Number.isFinite(x)) paramError("empirical", `samples[${i}]`, "finite", x);
      sorted[i] = x;
    }
    sorted.sort();
    this.size = n;
    this.sorted = sorted;
    this.interpolate = options.interpolate ?? false;
  }

  /** The smallest observation. */
  get min(): number {
    return this.sorted[0];
  }

  /** The largest observation. */
  get max(): number {
    return this.sorted[this.size - 1];
  }

  /** One draw, consuming one uniform from rng. */
  sample(rng: Rng): number {
    const u = rng.next();
    const sorted = this.sorted;
    const n = this.size;
    // u < 1 keeps u * n < n and u * (n - 1) < n - 1 (exact for whole n in floating point).
    if (!this.interpolate || n === 1) return sorted[Math.floor(u * n)];
    const position = u * (n - 1);
    const i = Math.floor(position);
    const lower = sorted[i];
    return lower + (position - i) * (sorted[i + 1] - lower);
  }
}

/**
 * A sampler over observed values; see {@link EmpiricalOptions} for resampling vs interpolation.
 * @throws RangeError as {@link EmpiricalSampler}'s constructor.
 */
export function empirical(
  samples: ArrayLike<number>,
  options: EmpiricalOptions = {},
): EmpiricalSampler {
  return new EmpiricalSampler(samples, options);
}
