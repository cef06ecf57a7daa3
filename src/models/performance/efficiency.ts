/**
 * The factors the performance model multiplies peak figures by, flattened for one accelerator
 * running one software stack. Fractions are of the accelerator catalog's peak figures.
 */
export interface Efficiency {
  /** Achieved / peak dense BF16 matmul throughput (MAMF fraction). */
  readonly matmulBf16: number;
  /** Achieved / peak dense FP8 matmul throughput. */
  readonly matmulFp8: number;
  /** Attention kernels (forward + backward) as a fraction of dense BF16 peak. */
  readonly attention: number;
  /**
   * Share of the microbenchmark compute rate (matmul and attention) that whole training steps
   * sustain: real layer shapes, launch gaps, stragglers, optimizer and other losses the step
   * model leaves out. Calibrated from published training throughput of other models
   * (models/efficiency/training-calibration.yaml); 1 = none.
   */
  readonly trainingCompute: number;
  /** Achieved / peak HBM bandwidth. */
  readonly hbm: number;
  /** Collective bus bandwidth / scale-up link bandwidth per direction. */
  readonly scaleUpCollective: number;
  /** Collective bus bandwidth / scale-out NIC bandwidth per accelerator. */
  readonly scaleOutCollective: number;
  /** Latency per ring step over the scale-up fabric, s. */
  readonly scaleUpLatencyS: number;
  /** Latency per ring step over the scale-out network, s. */
  readonly scaleOutLatencyS: number;
  /** Fixed time per prefill step outside the roofline terms, s. */
  readonly prefillOverheadS: number;
  /** Fixed time per decode step outside the roofline terms, s. */
  readonly decodeOverheadS: number;
  /** Gradient bytes per parameter held and reduced (FP32 accumulation = 4). */
  readonly gradBytesPerParam: number;
  /** Optimizer-state bytes per parameter (mixed-precision Adam = 12). */
  readonly optimizerBytesPerParam: number;
  /** Share of HBM not available to weights, optimizer and activations/KV. */
  readonly memoryReserveFraction: number;
  /** Largest tensor-parallel degree the automatic plan chooses. */
  readonly maxAutoTensorParallel: number;
}

/** Keys of {@link Efficiency} that are fractions in (0, 1]. */
export const EFFICIENCY_FRACTIONS = [
  "matmulBf16",
  "matmulFp8",
  "attention",
  "trainingCompute",
  "hbm",
  "scaleUpCollective",
  "scaleOutCollective",
] as const;

export type Precision = "bf16" | "fp8";
export const PRECISIONS = ["bf16", "fp8"] as const satisfies readonly Precision[];

/** Bytes per element at a precision. */
export function bytesPer(precision: Precision): number {
  return precision === "fp8" ? 1 : 2;
}

/** Matmul efficiency at a precision. */
export function matmulEfficiency(eff: Efficiency, precision: Precision): number {
  return precision === "fp8" ? eff.matmulFp8 : eff.matmulBf16;
}
