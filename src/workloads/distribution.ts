/**
 * Random quantities of workloads (job sizes, durations, service times), as resolved data:
 * every location parameter is already in base units (seconds or counts).
 */
import { categorical, empirical, type Stream } from "../random/index.js";

export type DistConfig =
  | { kind: "constant"; value: number }
  | { kind: "exponential"; mean: number }
  | { kind: "uniform"; min: number; max: number }
  | { kind: "normal"; mean: number; sd: number }
  | { kind: "lognormal"; median: number; sigma: number }
  | { kind: "gamma"; shape: number; scale: number }
  | { kind: "weibull"; shape: number; scale: number }
  | { kind: "pareto"; shape: number; scale: number }
  | { kind: "choice"; values: readonly number[]; weights?: readonly number[] }
  | { kind: "empirical"; values: ArrayLike<number>; scale: number; min?: number; max?: number };

/** A draw function over one stream. */
export type Sampler = () => number;

/**
 * Builds a sampler. Each draw uses `stream` only, so a workload's draws never depend on others'.
 * @throws RangeError for invalid parameters (from the random layer) or empty empirical data.
 */
export function makeSampler(cfg: DistConfig, stream: Stream): Sampler {
  switch (cfg.kind) {
    case "constant": {
      const v = cfg.value;
      return () => v;
    }
    case "exponential": {
      const rate = 1 / cfg.mean;
      return () => stream.exponential(rate);
    }
    case "uniform":
      return () => stream.uniform(cfg.min, cfg.max);
    case "normal":
      return () => stream.normal(cfg.mean, cfg.sd);
    case "lognormal":
      return () => stream.lognormalFromMedian(cfg.median, cfg.sigma);
    case "gamma":
      return () => stream.gamma(cfg.shape, cfg.scale);
    case "weibull":
      return () => stream.weibull(cfg.shape, cfg.scale);
    case "pareto":
      return () => stream.pareto(cfg.shape, cfg.scale);
    case "choice": {
      const values = cfg.values;
      const c = categorical(cfg.weights ?? values.map(() => 1));
      return () => values[c.sample(stream)];
    }
    case "empirical": {
      let data = Array.from(cfg.values, (v) => v * cfg.scale);
      const lo = cfg.min ?? -Infinity;
      const hi = cfg.max ?? Infinity;
      data = data.filter((v) => v >= lo && v <= hi);
      const e = empirical(data);
      return () => e.sample(stream);
    }
  }
}

/** Largest value a distribution can produce, or Infinity if unbounded. */
export function distMax(cfg: DistConfig): number {
  switch (cfg.kind) {
    case "constant":
      return cfg.value;
    case "uniform":
      return cfg.max;
    case "choice":
      return Math.max(...cfg.values);
    default:
      return Infinity;
  }
}

/** Why a distribution's parameters are invalid, or undefined if they are fine. */
export function distProblem(cfg: DistConfig): string | undefined {
  const pos = (name: string, v: number) =>
    v > 0 && Number.isFinite(v) ? undefined : `${name} must be > 0, got ${v}`;
  switch (cfg.kind) {
    case "exponential":
      return pos("mean", cfg.mean);
    case "normal":
      return cfg.sd >= 0 && Number.isFinite(cfg.sd) ? undefined : `sd must be >= 0, got ${cfg.sd}`;
    case "uniform":
      return cfg.min <= cfg.max ? undefined : `min (${cfg.min}) must be <= max (${cfg.max})`;
    case "lognormal":
      return pos("median", cfg.median);
    case "gamma":
    case "weibull":
    case "pareto":
      return pos("scale", cfg.scale);
    case "choice":
      if (cfg.weights && cfg.weights.length !== cfg.values.length) {
        return `${cfg.values.length} values but ${cfg.weights.length} weights`;
      }
      if (cfg.weights && !(cfg.weights.reduce((a, b) => a + b, 0) > 0))
        return "weights must not all be 0";
      return undefined;
    case "empirical": {
      let n = 0;
      for (let i = 0; i < cfg.values.length; i++) {
        const v = cfg.values[i] * cfg.scale;
        if (v >= (cfg.min ?? -Infinity) && v <= (cfg.max ?? Infinity)) n++;
      }
      return n > 0 ? undefined : "no values left after min/max filtering";
    }
    default:
      return undefined;
  }
}
