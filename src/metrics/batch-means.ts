/**
 * Batch means: a confidence interval for the mean of a correlated output series (waits of
 * successive customers) by cutting it into a few long batches whose means are close to
 * independent, then using Student's t over the batch means.
 */

export interface BatchMeansResult {
  /** Grand mean: sum of all values over their count (equals the mean of equal-size batch means). */
  mean: number;
  /** Half-width of the two-sided confidence interval, in the unit of the values. */
  halfWidth: number;
  /** `halfWidth / |mean|`; Infinity when the mean is 0. */
  relative: number;
  /** Number of batches. */
  batches: number;
  /** Values over all batches. */
  count: number;
  /** Confidence level used, e.g. 0.95. */
  confidence: number;
  /** Student t quantile used, for `batches - 1` degrees of freedom. */
  t: number;
}

/**
 * Mean and t confidence interval from per-batch sums and value counts.
 * @param sums sum of the values in each batch
 * @param counts number of values in each batch (each > 0)
 * @param confidence two-sided level in (0, 1), default 0.95
 * @throws RangeError on fewer than 2 batches, mismatched lengths, an empty batch, non-finite
 *   sums, or a confidence outside (0, 1)
 */
export function batchMeans(
  sums: ArrayLike<number>,
  counts: ArrayLike<number>,
  confidence = 0.95,
): BatchMeansResult {
  const nb = sums.length;
  if (nb < 2) throw new RangeError(`batchMeans: need at least 2 batches, got ${nb}`);
  if (counts.length !== nb) {
    throw new RangeError(`batchMeans: ${nb} sums but ${counts.length} counts`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`batchMeans: confidence must be in (0, 1), got ${confidence}`);
  }
  let total = 0;
  let n = 0;
  let meanOfMeans = 0;
  for (let b = 0; b < nb; b++) {
    const s = sums[b];
    const k = counts[b];
    if (!(k > 0)) throw new RangeError(`batchMeans: batch ${b} is empty (count ${k})`);
    if (!Number.isFinite(s)) throw new RangeError(`batchMeans: batch ${b} sum is ${s}`);
    total += s;
    n += k;
    meanOfMeans += s / k;
  }
  meanOfMeans /= nb;
  let ss = 0;
  for (let b = 0; b < nb; b++) {
    const d = sums[b] / counts[b] - meanOfMeans;
    ss += d * d;
  }
  const variance = ss / (nb - 1);
  const t = studentTQuantile(0.5 + confidence / 2, nb - 1);
  const halfWidth = t * Math.sqrt(variance / nb);
  const mean = total / n;
  return {
    mean,
    halfWidth,
    relative: mean === 0 ? Infinity : halfWidth / Math.abs(mean),
    batches: nb,
    count: n,
    confidence,
    t,
  };
}

/**
 * Streaming batch means over a series of known length: value i (0-based, in order of `add`)
 * goes to batch floor(i * nBatches / total), the same split as the SimPy peers' `int(i / (N/NB))`.
 * Allocates nothing per value.
 */
export class BatchMeans {
  readonly nBatches: number;
  readonly total: number;
  private readonly sums: Float64Array;
  private readonly counts: Float64Array;
  private added = 0;
  private batch = 0;
  private nextBoundary: number;

  /**
   * @param nBatches number of batches (integer >= 2)
   * @param total number of values that will be added (integer >= nBatches)
   * @throws RangeError on a bad batch count or total
   */
  constructor(nBatches: number, total: number) {
    if (!Number.isInteger(nBatches) || nBatches < 2) {
      throw new RangeError(`BatchMeans: nBatches must be an integer >= 2, got ${nBatches}`);
    }
    if (!Number.isInteger(total) || total < nBatches) {
      throw new RangeError(
        `BatchMeans: total must be an integer >= nBatches (${nBatches}), got ${total}`,
      );
    }
    this.nBatches = nBatches;
    this.total = total;
    this.sums = new Float64Array(nBatches);
    this.counts = new Float64Array(nBatches);
    this.nextBoundary = this.boundary(1);
  }

  /** Values added so far. */
  get count(): number {
    return this.added;
  }

  /**
   * Adds the next value of the series.
   * @throws RangeError if all `total` values were already added
   */
  add(value: number): void {
    if (this.added >= this.nextBoundary) {
      if (this.added >= this.total) {
        throw new RangeError(`BatchMeans: more than total = ${this.total} values added`);
      }
      this.batch++;
      this.nextBoundary = this.boundary(this.batch + 1);
    }
    this.sums[this.batch] += value;
    this.counts[this.batch]++;
    this.added++;
  }

  /**
   * The mean and confidence interval over all batches.
   * @throws RangeError if fewer than `total` values were added, or as {@link batchMeans}
   */
  result(confidence = 0.95): BatchMeansResult {
    if (this.added !== this.total) {
      throw new RangeError(`BatchMeans: ${this.added} of ${this.total} values added`);
    }
    return batchMeans(this.sums, this.counts, confidence);
  }

  /** First value index of batch k: the least i with floor(i * nBatches / total) >= k. */
  private boundary(k: number): number {
    return k >= this.nBatches ? this.total : Math.ceil((k * this.total) / this.nBatches);
  }
}

/**
 * Quantile of Student's t distribution: the t with P(T <= t) = p for `df` degrees of freedom.
 * Exact (to double precision) for integer df up to {@link T_EXACT_MAX_DF} by inverting the closed
 * form of the CDF (Abramowitz & Stegun 26.7.3-4) by bisection on the angle; above that the
 * Cornish-Fisher expansion (A&S 26.7.5) around the normal quantile, whose error is below 1e-12.
 * @param p probability in (0, 1)
 * @param df degrees of freedom, an integer >= 1
 * @throws RangeError on p outside (0, 1) or a bad df
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile: p must be in (0, 1), got ${p}`);
  if (!Number.isInteger(df) || df < 1) {
    throw new RangeError(`studentTQuantile: df must be an integer >= 1, got ${df}`);
  }
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (df > T_EXACT_MAX_DF) return cornishFisherT(normalQuantile(p), df);
  // P(|T| < t) = 2p - 1; A(theta) is increasing in theta = atan(t / sqrt(df)) on [0, pi/2).
  const target = 2 * p - 1;
  let lo = 0;
  let hi = Math.PI / 2;
  for (let i = 0; i < 200 && hi - lo > 0; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (studentTCentral(mid, df) < target) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(df) * Math.tan(0.5 * (lo + hi));
}

/** Above this df the exact series (df/2 terms per evaluation) gives way to Cornish-Fisher. */
export const T_EXACT_MAX_DF = 1000;

/** A(t | df) = P(|T| < t) at theta = atan(t / sqrt(df)), A&S 26.7.3 (odd df) and 26.7.4 (even). */
function studentTCentral(theta: number, df: number): number {
  const s = Math.sin(theta);
  const c = Math.cos(theta);
  const c2 = c * c;
  if (df % 2 === 0) {
    // sin(theta) [1 + (1/2) c^2 + (1.3)/(2.4) c^4 + ... up to c^(df-2)]
    let term = 1;
    let sum = 1;
    for (let k = 2; k <= df - 2; k += 2) {
      term *= (c2 * (k - 1)) / k;
      sum += term;
    }
    return s * sum;
  }
  // (2/pi) [theta + sin(theta) (c + (2/3) c^3 + ... up to c^(df-2))], df = 1 gives 2 theta / pi
  let sum = 0;
  if (df > 1) {
    let term = c;
    sum = c;
    for (let k = 3; k <= df - 2; k += 2) {
      term *= (c2 * (k - 1)) / k;
      sum += term;
    }
  }
  return (2 / Math.PI) * (theta + s * sum);
}

/** t quantile from the normal quantile x for large df (A&S 26.7.5). */
function cornishFisherT(x: number, df: number): number {
  const x2 = x * x;
  const g1 = (x * (x2 + 1)) / 4;
  const g2 = (x * ((5 * x2 + 16) * x2 + 3)) / 96;
  const g3 = (x * (((3 * x2 + 19) * x2 + 17) * x2 - 15)) / 384;
  const g4 = (x * ((((79 * x2 + 776) * x2 + 1482) * x2 - 1920) * x2 - 945)) / 92160;
  return x + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
}

/**
 * Quantile of the standard normal distribution, Wichura's AS 241 (PPND16), relative error
 * about 1e-16.
 * @param p probability in (0, 1)
 * @throws RangeError on p outside (0, 1)
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) *
          r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) *
        r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r +
        0.24178072517745061177) *
        r +
        1.27045825245236838258) *
        r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r +
        0.0151986665636164571966) *
        r +
        0.14810397642748007459) *
        r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    val =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r +
        0.0012426609473880784386) *
        r +
        0.026532189526576123093) *
        r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r +
        1.8463183175100546818e-5) *
        r +
        7.868691311456132591e-4) *
        r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -val : val;
}
