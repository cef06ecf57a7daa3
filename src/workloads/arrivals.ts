/**
 * Arrival processes, as resolved data (times in seconds from start).
 */
import type { Stream } from "../random/index.js";

export type ArrivalConfig =
  | { kind: "list"; timesS: readonly number[] }
  | { kind: "poisson"; ratePerS: number; fromS: number; untilS: number; maxCount: number };

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
