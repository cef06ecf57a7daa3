/**
 * Power-model parameters from `models/facility/power.yaml`: the clock exponent, the lowest clock
 * fraction, activity factors per phase class and node overhead per accelerator. See the README
 * in that folder for the file format and docs/power-and-heat.md for the equations.
 */
import { join } from "node:path";
import * as z from "zod";
import { suggest } from "../suggest.js";
import {
  defaultFacilityDir,
  figureFileSchema,
  loadFigureFile,
  type FigureFile,
} from "./figure-file.js";
import { figure } from "../data-file.js";

const fraction = () => z.number().gt(0).lte(1);

export const PowerParamsFileSchema = figureFileSchema({
  /** alpha in P_dyn ~ f^alpha (f = clock fraction of the maximum clock). */
  clockExponent: figure(z.number().gte(1).lte(4)),
  /** Lowest clock fraction a cap or thermal throttle can impose. */
  minClockFraction: figure(fraction()),
  /** Activity factor (share of the idle-to-max dynamic range) per phase class. */
  activity: z.strictObject({
    /** Matmul-bound work: training steps, prefill. */
    matmul: figure(fraction()),
    /** Memory-bound work: decode. */
    memory: figure(fraction()),
  }),
  nodeOverhead: z.strictObject({
    /** Overhead of an idle node as a fraction of its overhead at full load. */
    idleFraction: figure(z.number().gte(0).lte(1)),
    /** Non-accelerator node power at full load (CPUs, memory, NICs, switches, fans, PSU loss), per accelerator, W. */
    maxWPerAccelerator: z.record(z.string(), figure(z.number().nonnegative())),
  }),
});
export type PowerParamsFile = z.infer<typeof PowerParamsFileSchema>;

/** Power parameters with every estimate resolved to its value. */
export type PowerParams = FigureFile<PowerParamsFile>;

/** Activity classes with a named factor in {@link PowerParams.activity}. */
export const ACTIVITY_CLASSES = ["matmul", "memory"] as const;
export type ActivityClass = (typeof ACTIVITY_CLASSES)[number];

export function isActivityClass(x: unknown): x is ActivityClass {
  return typeof x === "string" && (ACTIVITY_CLASSES as readonly string[]).includes(x);
}

/**
 * Loads `power.yaml` from `dir` (default `<package>/models/facility/`).
 * @throws FigureFileError listing every problem in the file; Error if it cannot be read.
 */
export function loadPowerParams(dir: string = defaultFacilityDir()): PowerParams {
  return loadFigureFile(join(dir, "power.yaml"), PowerParamsFileSchema);
}

/** The activity factor (0..1] of a phase class, e.g. `activityFactor(params, "memory")`. */
export function activityFactor(params: Pick<PowerParams, "activity">, cls: ActivityClass): number {
  return params.activity[cls];
}

/** Node overhead of one accelerator type: at full load per accelerator, and the idle share. */
export interface NodeOverhead {
  /** Non-accelerator node power at full load, per accelerator, W. */
  readonly maxWPerAccelerator: number;
  /** Overhead of an idle node as a fraction of `maxWPerAccelerator`. */
  readonly idleFraction: number;
}

/**
 * The node overhead for accelerator `id`.
 * @throws Error naming the known ids (and the closest) if `power.yaml` has no entry for `id`.
 */
export function nodeOverheadFor(
  params: Pick<PowerParams, "nodeOverhead">,
  id: string,
): NodeOverhead {
  const table = params.nodeOverhead.maxWPerAccelerator;
  const maxW = table[id];
  if (maxW === undefined) {
    const known = Object.keys(table).sort();
    const hint = suggest(id, known);
    throw new Error(
      `power.yaml has no nodeOverhead.maxWPerAccelerator for "${id}"` +
        `${hint === undefined ? "" : ` (did you mean "${hint}"?)`}; known: ${known.join(", ")}`,
    );
  }
  return { maxWPerAccelerator: maxW, idleFraction: params.nodeOverhead.idleFraction };
}
