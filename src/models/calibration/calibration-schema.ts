/**
 * Schema of a calibration file in `models/calibrations/*.yaml`, written by `aidcsim calibrate`:
 * the fitted factors per accelerator, the CSV rows they were fitted on, and the fit errors.
 */
import * as z from "zod";

const fraction = () => z.number().gt(0).lte(1);

export const CalibrationPointSchema = z.strictObject({
  line: z.number().int().positive(),
  kind: z.enum(["prefill", "decode"]),
  model: z.string(),
  measuredMs: z.number().positive(),
  predictedMs: z.number().nonnegative(),
  relativeError: z.number(),
});
export type CalibrationPoint = z.infer<typeof CalibrationPointSchema>;

export const CalibrationFactorsSchema = z.strictObject({
  matmulBf16: fraction().optional(),
  matmulFp8: fraction().optional(),
  hbm: fraction().optional(),
  prefillOverheadS: z.number().nonnegative().optional(),
  decodeOverheadS: z.number().nonnegative().optional(),
});
export type CalibrationFactors = z.infer<typeof CalibrationFactorsSchema>;

export const CalibrationFitSchema = z.strictObject({
  rmseMs: z.number().nonnegative(),
  rmsRelativeError: z.number().nonnegative(),
  maxRelativeError: z.number().nonnegative(),
  points: z.array(CalibrationPointSchema),
});
export type CalibrationFit = z.infer<typeof CalibrationFitSchema>;

export const AcceleratorCalibrationSchema = z.strictObject({
  /** Software stack whose other factors (collectives, attention) the fit assumed. */
  stack: z.string().min(1),
  factors: CalibrationFactorsSchema,
  /** Factors left at the stack default because the rows could not identify them. */
  notFitted: z.array(z.string()),
  /** CSV lines the factors were fitted on. */
  fittedLines: z.array(z.number().int().positive()),
  fit: CalibrationFitSchema,
});
export type AcceleratorCalibration = z.infer<typeof AcceleratorCalibrationSchema>;

export const CalibrationFileSchema = z.strictObject({
  name: z.string().min(1),
  /** The measurement file, as given to `aidcsim calibrate`. */
  measurements: z.string().min(1),
  accelerators: z.record(z.string(), AcceleratorCalibrationSchema),
});
export type Calibration = z.infer<typeof CalibrationFileSchema>;
