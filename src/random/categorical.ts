import { paramError } from "./param-errors.js";
import type { Rng } from "./rng.js";

/**
 * Draws category indices 0..n-1 with probabilities proportional to fixed weights.
 *
 * Inversion over the cumulative weights with a binary search: one uniform per draw, O(log n), and
 * monotone in the uniform, so common random numbers stay aligned when a scenario changes the
 * weights (the alias method would be O(1) but scrambles that coupling). Categories with weight 0
 * are never drawn.
 */
export class CategoricalSampler {
  /** Number of categories. */
  readonly size: number;
  // cumulative[i] = (w[0] + ... + w[i]) / total; the last entry is exactly 1.
  private readonly cumulative: Float64Array;
  private readonly probabilities: Float64Array;

  /**
   * @param weights one non-negative finite weight per category, not all zero; need not sum to 1.
   * @throws RangeError naming the first bad weight (`weights[2] must be finite and >= 0, got -1`),
   *   if there are no weights, or if they sum to 0 or overflow.
   */
  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) paramError("categorical", "weights", "non-empty", "[]");
    const cumulative = new Float64Array(n);
    const probabilities = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (!(w >= 0 && w < Infinity)) {
        paramError("categorical", `weights[${i}]`, "finite and >= 0", w);
      }
      total += w;
      cumulative[i] = total;
    }
    if (!(total > 0 && total < Infinity)) {
      paramError("categorical", "sum of weights", "finite and > 0", total);
    }
    // The running sum at the end is `total` itself, so the last entry divides to exactly 1.
    for (let i = 0; i < n; i++) {
      cumulative[i] /= total;
      probabilities[i] = weights[i] / total;
    }
    this.size = n;
    this.cumulative = cumulative;
    this.probabilities = probabilities;
  }

  /** The probability of category i (its weight over the total); 0 outside [0, size). */
  probability(i: number): number {
    if (!(Number.isInteger(i) && i >= 0 && i < this.size)) return 0;
    return this.probabilities[i];
  }

  /** A category index in [0, size), consuming one uniform from rng. */
  sample(rng: Rng): number {
    const u = rng.next();
    const cumulative = this.cumulative;
    // Smallest i with u < cumulative[i]; a zero-weight i repeats i - 1's entry, so is skipped.
    let lo = 0;
    let hi = this.size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u < cumulative[mid]) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/**
 * A sampler of category indices with probabilities proportional to `weights`.
 * @throws RangeError as {@link CategoricalSampler}'s constructor.
 */
export function categorical(weights: ArrayLike<number>): CategoricalSampler {
  return new CategoricalSampler(weights);
}
