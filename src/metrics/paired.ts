/**
 * Paired comparison of two scenarios run on the same seeds (common random numbers): the mean
 * of the per-seed differences with a Student-t 95% confidence interval and p-value, and Holm's
 * step-down correction across metrics.
 */

/** ln Gamma (Lanczos). */
function lnGamma(x: number): number {
  const c = [
    676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
    12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = 0.9999999999998099;
  const t = x + 7.5;
  for (let i = 0; i < 8; i++) a += c[i] / (x + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the regularized incomplete beta (Numerical Recipes betacf). */
function betacf(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-14) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const bt = Math.exp(
    lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x),
  );
  return x < (a + 1) / (a + b + 2)
    ? (bt * betacf(a, b, x)) / a
    : 1 - (bt * betacf(b, a, 1 - x)) / b;
}

/** Two-sided p-value of a t statistic with `df` degrees of freedom. */
export function tTwoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** The t quantile for a two-sided 95% interval (bisection on the p-value). */
export function t975(df: number): number {
  let lo = 0;
  let hi = 1000;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (tTwoSidedP(mid, df) > 0.05) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface PairedDelta {
  n: number;
  meanA: number;
  meanB: number;
  /** Mean of B - A over the pairs. */
  delta: number;
  ciLow: number;
  ciHigh: number;
  /** Two-sided p-value of delta = 0 (NaN with fewer than 2 pairs). */
  p: number;
  /** Pearson correlation of A and B across the pairs (NaN when either is constant). */
  correlation: number;
  /**
   * What pairing gains: sqrt((var A + var B) / var(B - A)), the estimated ratio of the CI width
   * the same number of independent (unpaired) runs would give to this paired one. Above 1,
   * common random numbers narrow the interval; Infinity when the arms vary but B - A does not
   * (the paired interval has width 0); NaN when neither arm varies.
   */
  crnGain: number;
}

/** The paired delta of B over A (arrays aligned by seed). */
export function pairedDelta(a: readonly number[], b: readonly number[]): PairedDelta {
  const n = Math.min(a.length, b.length);
  const d = Array.from({ length: n }, (_, i) => b[i] - a[i]);
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const meanD = mean(d);
  if (n < 2) {
    return {
      n,
      meanA: mean(a),
      meanB: mean(b),
      delta: meanD,
      ciLow: NaN,
      ciHigh: NaN,
      p: NaN,
      correlation: NaN,
      crnGain: NaN,
    };
  }
  const ma = mean(a.slice(0, n));
  const mb = mean(b.slice(0, n));
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  let sdd = 0;
  for (let i = 0; i < n; i++) {
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
    sab += (a[i] - ma) * (b[i] - mb);
    sdd += (d[i] - meanD) ** 2;
  }
  // Spread below float noise (a constant summed in a different order) counts as none.
  const varies = (sumSq: number, scale: number) =>
    Math.sqrt(sumSq / (n - 1)) > 1e-12 * Math.max(Math.abs(scale), Number.MIN_VALUE);
  const scale = Math.max(Math.abs(ma), Math.abs(mb));
  // A difference that does not vary beyond float noise is a constant: a zero-width interval,
  // significant unless it is itself noise.
  const flat = !varies(sdd, scale);
  const sd = flat ? 0 : Math.sqrt(sdd / (n - 1));
  const se = sd / Math.sqrt(n);
  const half = t975(n - 1) * se;
  const p = se > 0 ? tTwoSidedP(meanD / se, n - 1) : Math.abs(meanD) <= 1e-12 * scale ? 1 : 0;
  return {
    n,
    meanA: ma,
    meanB: mb,
    delta: meanD,
    ciLow: meanD - half,
    ciHigh: meanD + half,
    p,
    correlation: varies(saa, ma) && varies(sbb, mb) ? sab / Math.sqrt(saa * sbb) : NaN,
    crnGain: !flat
      ? Math.sqrt((saa + sbb) / sdd)
      : varies(saa, ma) || varies(sbb, mb)
        ? Infinity // the arms vary but their difference does not
        : NaN,
  };
}

/**
 * Holm over the metrics that can differ, each distinct one once: metric i has values a[i] and
 * b[i] over the same pairs and p-value ps[i]. A metric equal in every pair (to float noise: a
 * difference within 1e-12 of its scale) tests nothing and gets 1; metrics with identical values
 * (utilization and allocation of a training-only pool) are one hypothesis and share one
 * adjusted p. Returns the adjusted p-values in the given order.
 */
export function holmDistinct(
  a: readonly (readonly number[])[],
  b: readonly (readonly number[])[],
  ps: readonly number[],
): number[] {
  const firstOf = new Map<string, number>();
  const member = ps.map((_, i) => {
    const ai = a[i];
    const bi = b[i];
    const scale = Math.max(...ai.map(Math.abs), ...bi.map(Math.abs), Number.MIN_VALUE);
    if (ai.every((x, k) => Math.abs(bi[k] - x) <= 1e-12 * scale)) return -1;
    const key = JSON.stringify([ai, bi]);
    if (!firstOf.has(key)) firstOf.set(key, i);
    return firstOf.get(key)!;
  });
  const adjusted = holm(ps.map((p, i) => (member[i] === i ? p : NaN)));
  return ps.map((_, i) => (member[i] < 0 ? 1 : adjusted[member[i]]));
}

/** Holm's step-down adjusted p-values (same order as given; NaN stays NaN). */
export function holm(ps: readonly number[]): number[] {
  const idx = ps
    .map((p, i) => ({ p, i }))
    .filter((x) => !Number.isNaN(x.p))
    .sort((x, y) => x.p - y.p);
  const m = idx.length;
  const out = ps.map(() => Number.NaN);
  let running = 0;
  idx.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    out[i] = running;
  });
  return out;
}
