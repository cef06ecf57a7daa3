/**
 * Calibration of a stack's `trainingCompute` factor from published end-to-end training
 * throughput (models/efficiency/training-calibration.yaml): the value that minimises the squared
 * MFU error over the stack's rows, everything else in the step model unchanged.
 */
import { join } from "node:path";
import * as z from "zod";
import type { Accelerator } from "../catalog-schema.js";
import { loadYamlFile, ReferencesSchema } from "../data-file.js";
import { CatalogError } from "../catalog.js";
import type { Llm } from "../llm-schema.js";
import type { Efficiency } from "./efficiency.js";
import { defaultEfficiencyDir } from "./efficiency-catalog.js";
import { peakTFlops, trainingStep } from "./training-step.js";

const PlanSchema = z.strictObject({
  tp: z.number().int().positive().optional(),
  pp: z.number().int().positive().optional(),
  dp: z.number().int().positive().optional(),
  cp: z.number().int().positive().optional(),
  zero: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional(),
  recomputeFraction: z.number().min(0).max(1).optional(),
  virtualStages: z.number().int().positive().optional(),
});

export const TrainingCalibrationRowSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  stack: z.string().min(1),
  model: z.string().min(1),
  accelerator: z.string().min(1),
  accelerators: z.number().int().positive(),
  seqLen: z.number().int().positive(),
  globalBatchTokens: z.number().positive(),
  plan: PlanSchema,
  /** MFU as the source states it (its own FLOP count). */
  mfu: z.number().gt(0).lt(1),
  /**
   * Measured sequences per second, when the source gives them: the fit then uses the MFU under
   * this model's own FLOP count (one convention for the calibration and the model).
   */
  seqPerS: z.number().positive().optional(),
  source: z.string().trim().min(1),
});
export type TrainingCalibrationRow = z.infer<typeof TrainingCalibrationRowSchema>;

const FileSchema = z.strictObject({
  rows: z.array(TrainingCalibrationRowSchema).min(1),
  references: ReferencesSchema,
});

/**
 * Reads `training-calibration.yaml` in `dir`.
 * @throws CatalogError listing every problem.
 */
export function loadTrainingCalibration(
  dir: string = defaultEfficiencyDir(),
): TrainingCalibrationRow[] {
  const r = loadYamlFile(join(dir, "training-calibration.yaml"), FileSchema);
  if ("problems" in r) throw new CatalogError(r.problems);
  return r.value.rows;
}

export interface TrainingCalibrationInputs {
  llm: (id: string) => Llm;
  accelerator: (id: string) => Accelerator;
  /** The catalog's factors for an accelerator under a stack. */
  efficiency: (acceleratorId: string, stackId: string) => Efficiency;
}

/** The step model's result for a row with `trainingCompute` set to `value`. */
function rowStep(row: TrainingCalibrationRow, value: number, inputs: TrainingCalibrationInputs) {
  const eff = { ...inputs.efficiency(row.accelerator, row.stack), trainingCompute: value };
  const r = trainingStep(inputs.llm(row.model), inputs.accelerator(row.accelerator), {
    accelerators: row.accelerators,
    seqLen: row.seqLen,
    globalBatchTokens: row.globalBatchTokens,
    precision: "bf16",
    efficiency: eff,
    plan: row.plan,
  });
  if (!r.fits) throw new Error(`calibration row ${row.id} does not fit: ${r.reason}`);
  return r;
}

/** The MFU the step model gives a row with `trainingCompute` set to `value`. */
export function calibrationRowMfu(
  row: TrainingCalibrationRow,
  value: number,
  inputs: TrainingCalibrationInputs,
): number {
  return rowStep(row, value, inputs).mfu;
}

/**
 * The row's measured MFU in this model's FLOP convention: from `seqPerS` when given (model FLOPs
 * per token x tokens per second / (accelerators x peak)), else the source's own figure.
 */
export function publishedMfu(
  row: TrainingCalibrationRow,
  inputs: TrainingCalibrationInputs,
): number {
  if (row.seqPerS === undefined) return row.mfu;
  const r = rowStep(row, 1, inputs);
  const flopsPerToken = r.modelFlopsPerStep / r.tokensPerStep;
  const peak = peakTFlops(inputs.accelerator(row.accelerator), "bf16") * 1e12;
  return (row.seqPerS * row.seqLen * flopsPerToken) / (row.accelerators * peak);
}

export interface TrainingComputeFit {
  stack: string;
  /** Fitted factor, rounded to 3 decimals (the precision stacks.yaml records). */
  value: number;
  rows: { id: string; published: number; modelled: number }[];
  /** Root-mean-square MFU error at the fitted value (fraction, not points). */
  rmsError: number;
}

/**
 * Least-squares fit of `trainingCompute` for `stack` over its rows: a scan of [0.05, 1] in
 * steps of 0.001 (the error is smooth and one-dimensional; a scan cannot miss the minimum).
 * @throws Error if the stack has no rows.
 */
export function fitTrainingCompute(
  stack: string,
  rows: readonly TrainingCalibrationRow[],
  inputs: TrainingCalibrationInputs,
): TrainingComputeFit {
  const mine = rows.filter((r) => r.stack === stack);
  if (mine.length === 0) throw new Error(`no training calibration rows for stack "${stack}"`);
  const target = mine.map((r) => publishedMfu(r, inputs));
  let best = { value: 1, sse: Infinity };
  for (let k = 50; k <= 1000; k++) {
    const value = k / 1000;
    const sse = mine.reduce(
      (a, r, i) => a + (calibrationRowMfu(r, value, inputs) - target[i]) ** 2,
      0,
    );
    if (sse < best.sse) best = { value, sse };
  }
  return {
    stack,
    value: best.value,
    rows: mine.map((r, i) => ({
      id: r.id,
      published: target[i],
      modelled: calibrationRowMfu(r, best.value, inputs),
    })),
    rmsError: Math.sqrt(best.sse / mine.length),
  };
}
