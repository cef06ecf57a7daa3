/**
 * Arrival processes, as resolved data (times in seconds from start).
 */
import type { Stream } from "../random/index.js";

export type ArrivalConfig =
  | { kind: "list"; timesS: readonly number[] }
  | {
      kind: "poisson";
      /** Mean rate, per s. */
      ratePerS: number;
      fromS: number;
      untilS: number;
      maxCount: number;
      /**
       * Daily cycle: rate(t) = ratePerS x (1 + amplitude x cos(2 pi (t - peakS) / 1 day)), drawn by
       * thinning; absent = constant rate.
       */
      diurnal?: { amplitude: number; peakS: number };
      /** Compound growth of the rate per month (30.44 days), e.g. 0.1 = +10% a month. */
      growthPerMonth?: number;
      /**
       * Markov-modulated bursts: the rate is multiplied by `factor` during bursts; calm and
       * burst periods last exponential times with the given means, s.
       */
      bursty?: { factor: number; meanBurstS: number; meanCalmS: number };
    };

/** Length of a month of growth, s (30.44 days). */
export const MONTH_S = 30.44 * 86_400;

/**
 * Iterator over arrival times in increasing order; returns Infinity when exhausted.
 * Poisson gaps come from `stream` only.
 */
export function arrivalTimes(cfg: ArrivalConfig, stream: Stream): () => number {
  if (cfg.kind === "list") {
    const times = [...cfg.timesS].sort((a, b) => a - b);
    let i = 0;
    return () => (i < times.length ? times[i++] : Infinity);
  }
  let t = cfg.fromS;
  let n = 0;
  const { ratePerS, untilS, maxCount } = cfg;
  const d = cfg.diurnal;
  const g = cfg.growthPerMonth ?? 0;
  const b = cfg.bursty;
  if ((d !== undefined && d.amplitude > 0) || g !== 0 || b !== undefined) {
    // Thinning (Lewis and Shedler): candidates at the highest rate over the period, each kept
    // with probability rate(t) / highest. Burst periods come from the same stream in order.
    const growthMax = Math.max(
      1,
      (1 + g) ** ((untilS === Infinity ? cfg.fromS : untilS) / MONTH_S),
    );
    const peak =
      ratePerS *
      (1 + (d?.amplitude ?? 0)) *
      (g > 0 ? growthMax : 1) *
      (b ? Math.max(1, b.factor) : 1);
    let burst = false;
    let switchAt = b ? cfg.fromS + stream.exponential(1 / b.meanCalmS) : Infinity;
    const rateAt = (t: number) => {
      while (b && t >= switchAt) {
        burst = !burst;
        switchAt += stream.exponential(1 / (burst ? b.meanBurstS : b.meanCalmS));
      }
      let r = ratePerS;
      if (d) r *= 1 + d.amplitude * Math.cos((2 * Math.PI * (t - d.peakS)) / 86_400);
      if (g !== 0) r *= (1 + g) ** (t / MONTH_S);
      if (burst && b) r *= b.factor;
      return r;
    };
    return () => {
      for (;;) {
        if (n >= maxCount) return Infinity;
        t += stream.exponential(peak);
        if (t >= untilS) {
          n = maxCount;
          return Infinity;
        }
        if (stream.uniform(0, 1) * peak <= rateAt(t)) {
          n++;
          return t;
        }
      }
    };
  }
  return () => {
    if (n >= maxCount) return Infinity;
    t += stream.exponential(ratePerS);
    if (t >= untilS) {
      n = maxCount;
      return Infinity;
    }
    n++;
    return t;
  };
}
