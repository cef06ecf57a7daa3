export { runGpu, GPU_DEFAULTS, GPU_BATCHES, GPU_JOB_SIZES, GPU_JOB_SIZE_PROBS } from "./gpu.js";
export { gpuMeanJobSize, GPU_DURATION_LOG_MU, GPU_DURATION_LOG_SIGMA } from "./gpu.js";
export type { GpuOptions, GpuResult } from "./gpu.js";
export { runHold, HOLD_DEFAULTS } from "./hold.js";
export type { HoldOptions, HoldResult } from "./hold.js";
export { runMmc, MMC_DEFAULTS, MMC_BATCHES } from "./mmc.js";
export type { MmcOptions, MmcResult } from "./mmc.js";
export { runBench, BENCH_KINDS, isBenchKind } from "./run-bench.js";
export type { BenchKind, BenchOptions, BenchResult } from "./run-bench.js";
