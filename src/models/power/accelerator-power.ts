/**
 * Power of one accelerator: P = P_idle + (P_max - P_idle) · activity · f^alpha.
 *
 * `activity` is the share of the idle-to-max dynamic range a phase draws at full clock (matmul-
 * bound work ~1, memory-bound decode less; see `activity` in models/facility/power.yaml) and `f`
 * the clock fraction of the maximum clock. Lowering clocks lowers only the dynamic part, by
 * f^alpha, because supply voltage falls with frequency (P_dyn ~ C·V²·f).
 */
import type { Accelerator } from "../catalog-schema.js";
import { paramError } from "../../random/param-errors.js";
import type { PowerParams } from "./power-params.js";

/** The catalog figures the power model reads. */
export type AcceleratorPowerSpec = Pick<Accelerator, "maxPowerW" | "idlePowerW">;

/**
 * Power drawn by one accelerator, W.
 * @param activity share of the dynamic range at full clock, in [0, 1] (0 = idle).
 * @param clockFraction clock as a fraction of the maximum clock, in (0, 1].
 * @throws RangeError if activity is outside [0, 1] or clockFraction outside (0, 1].
 */
export function acceleratorPowerW(
  acc: AcceleratorPowerSpec,
  activity: number,
  clockFraction: number,
  params: Pick<PowerParams, "clockExponent">,
): number {
  checkActivity("acceleratorPowerW", activity);
  checkClock("acceleratorPowerW", clockFraction);
  return acc.idlePowerW + dynamicRangeW(acc) * activity * clockFraction ** params.clockExponent;
}

/** P_max - P_idle, W: the part of an accelerator's power that activity and clocks scale. */
export function dynamicRangeW(acc: AcceleratorPowerSpec): number {
  return acc.maxPowerW - acc.idlePowerW;
}

/** @throws RangeError unless 0 <= activity <= 1. */
export function checkActivity(where: string, activity: number): void {
  if (!(activity >= 0 && activity <= 1)) paramError(where, "activity", "in [0, 1]", activity);
}

/** @throws RangeError unless 0 < clockFraction <= 1. */
export function checkClock(where: string, clockFraction: number): void {
  if (!(clockFraction > 0 && clockFraction <= 1)) {
    paramError(where, "clockFraction", "in (0, 1]", clockFraction);
  }
}
