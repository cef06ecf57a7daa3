/**
 * Failures of training nodes (models/reliability/failures.yaml): a node-failure rate with causes,
 * a Weibull hazard per age cohort, restart and repair times, checkpoint size and bandwidth; and the
 * pure functions the world samples with (one merged process per cohort, never a timer per node).
 */
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import * as z from "zod";
import { figure } from "./data-file.js";
import { figureFileSchema, loadFigureFile, type FigureFile } from "./power/figure-file.js";

export const FailuresFileSchema = figureFileSchema({
  nodeFailuresPer1000NodeDays: figure(z.number().nonnegative()),
  weibullShape: figure(z.number().positive().max(10)),
  causes: z.record(z.string().regex(/^[a-z]+$/), figure(z.number().nonnegative())),
  restartOverheadS: figure(z.number().nonnegative()),
  repairS: figure(z.number().nonnegative()),
  spareFraction: figure(z.number().min(0).max(1)),
  checkpointBytesPerParam: figure(z.number().positive()),
  storageGBps: figure(z.number().positive()),
});
export type FailuresFile = z.infer<typeof FailuresFileSchema>;
export type FailureParams = FigureFile<FailuresFile>;

export function defaultReliabilityDir(): string {
  return fileURLToPath(new URL("../../models/reliability/", import.meta.url));
}

/** Loads failures.yaml. @throws FigureFileError listing every problem. */
export function loadFailureParams(dir: string = defaultReliabilityDir()): FailureParams {
  return loadFigureFile(join(dir, "failures.yaml"), FailuresFileSchema);
}

/** Seconds in the reference period over which a Weibull cohort matches the mean rate. */
export const WEIBULL_REFERENCE_S = 365 * 86_400;

/**
 * Weibull scale (s) for a node-failure rate per s and shape k: the expected failures of one node
 * over the reference period equal rate x period, so shape 1 gives the exponential case.
 */
export function weibullScaleS(ratePerS: number, shape: number, refS = WEIBULL_REFERENCE_S): number {
  if (!(ratePerS > 0)) return Infinity;
  return refS / (ratePerS * refS) ** (1 / shape);
}

/**
 * Age (s since delivery) of a cohort of `nodes` identical nodes at its next failure after `ageS`,
 * by inverting the cohort's cumulative hazard N (a / scale)^k at Lambda(ageS) + `unitExp` (an
 * Exp(1) draw): exact for any shape, one draw per failure.
 */
export function nextFailureAgeS(
  ageS: number,
  nodes: number,
  scaleS: number,
  shape: number,
  unitExp: number,
): number {
  if (!(nodes > 0) || !Number.isFinite(scaleS)) return Infinity;
  const lambda = nodes * (ageS / scaleS) ** shape;
  return scaleS * ((lambda + unitExp) / nodes) ** (1 / shape);
}

/** Young/Daly optimum checkpoint interval sqrt(2 x MTBF x checkpoint time), s. */
export function youngDalyS(mtbfS: number, checkpointS: number): number {
  return Math.sqrt(2 * mtbfS * checkpointS);
}
