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
    };

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
  if (d !== undefined && d.amplitude > 0) {
    // Thinning (Lewis and Shedler): candidates at the peak rate, kept with rate(t) / peak.
    const peak = ratePerS * (1 + d.amplitude);
    return () => {
      for (;;) {
        if (n >= maxCount) return Infinity;
        t += stream.exponential(peak);
        if (t >= untilS) {
          n = maxCount;
          return Infinity;
        }
        const rate =
          ratePerS * (1 + d.amplitude * Math.cos((2 * Math.PI * (t - d.peakS)) / 86_400));
        if (stream.uniform(0, 1) * peak <= rate) {
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
