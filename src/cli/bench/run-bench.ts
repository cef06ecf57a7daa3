import { runGpu, type GpuOptions, type GpuResult } from "./gpu.js";
import { runHold, type HoldOptions, type HoldResult } from "./hold.js";
import { runMmc, type MmcOptions, type MmcResult } from "./mmc.js";

export const BENCH_KINDS = ["mmc", "gpu", "hold"] as const;
export type BenchKind = (typeof BENCH_KINDS)[number];
export type BenchResult = MmcResult | GpuResult | HoldResult;

/** Options of each benchmark; unset ones take the bench's defaults. */
export interface BenchOptions {
  mmc: Partial<MmcOptions>;
  gpu: Partial<GpuOptions>;
  hold: Partial<HoldOptions>;
}

export function isBenchKind(x: unknown): x is BenchKind {
  return typeof x === "string" && (BENCH_KINDS as readonly string[]).includes(x);
}

/**
 * Runs one benchmark through the public engine and returns its JSON-ready result. Wall time
 * covers the simulation run only, measured once (no JIT warm-up run).
 * @throws RangeError on an unknown kind or a bad option
 */
export function runBench(kind: "mmc", opts?: BenchOptions["mmc"]): MmcResult;
export function runBench(kind: "gpu", opts?: BenchOptions["gpu"]): GpuResult;
export function runBench(kind: "hold", opts?: BenchOptions["hold"]): HoldResult;
export function runBench<K extends BenchKind>(kind: K, opts?: BenchOptions[K]): BenchResult;
export function runBench(kind: BenchKind, opts: BenchOptions[BenchKind] = {}): BenchResult {
  switch (kind) {
    case "mmc":
      return runMmc(opts as BenchOptions["mmc"]);
    case "gpu":
      return runGpu(opts as BenchOptions["gpu"]);
    case "hold":
      return runHold(opts as BenchOptions["hold"]);
    default:
      throw new RangeError(
        `runBench: unknown bench ${String(kind)}; expected one of ${BENCH_KINDS.join(", ")}`,
      );
  }
}
