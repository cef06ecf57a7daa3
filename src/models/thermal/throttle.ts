/**
 * Thermal throttling: the clock at which a busy accelerator's steady temperature equals its
 * slowdown temperature. Hardware steps clocks down above `thermal.slowdownC` until the
 * temperature holds; the model takes the resulting steady clock directly:
 * inlet + R · P(f) = slowdownC, P(f) = P_idle + (P_max - P_idle) · activity · f^alpha, so
 * f = ((slowdownC - inlet) / R - P_idle) / ((P_max - P_idle) · activity)) ^ (1/alpha),
 * clamped to [minClockFraction, 1].
 */
import type { Accelerator } from "../catalog-schema.js";
import { paramError } from "../../random/param-errors.js";
import { acceleratorPowerW, checkActivity, dynamicRangeW } from "../power/accelerator-power.js";
import type { PowerParams } from "../power/power-params.js";
import { steadyTempC } from "./rc-model.js";

/** The catalog figures throttling reads. */
export type ThrottleSpec = Pick<Accelerator, "maxPowerW" | "idlePowerW" | "thermal">;

/** The clock thermal throttling settles at, and what it leaves. */
export interface ThrottleResult {
  /** Clock fraction in [minClockFraction, 1]; 1 if no throttling is needed. */
  readonly clockFraction: number;
  /** True if clockFraction < 1, or if even the lowest clock is over the slowdown temperature. */
  readonly throttled: boolean;
  /** Steady device temperature at clockFraction, degC. */
  readonly steadyTempC: number;
  /**
   * True if even minClockFraction leaves the steady temperature above slowdownC: the device
   * keeps heating past its slowdown point towards shutdown (then clockFraction = fMin).
   */
  readonly shutdownRisk: boolean;
  /** True if the steady temperature at clockFraction reaches shutdownC (the device would trip). */
  readonly exceedsShutdown: boolean;
}

/**
 * The steady clock of an accelerator at `activity` behind inlet (or coolant) temperature
 * `inletC` with thermal resistance `rCPerW`.
 * @throws RangeError if inletC is not finite, rCPerW <= 0 or activity is outside [0, 1].
 */
export function throttleClock(
  acc: ThrottleSpec,
  inletC: number,
  rCPerW: number,
  activity: number,
  params: Pick<PowerParams, "clockExponent" | "minClockFraction">,
): ThrottleResult {
  if (!Number.isFinite(inletC)) paramError("throttleClock", "inletC", "finite", inletC);
  if (!(rCPerW > 0 && rCPerW < Infinity))
    paramError("throttleClock", "rCPerW", "finite and > 0", rCPerW);
  checkActivity("throttleClock", activity);
  const { slowdownC, shutdownC } = acc.thermal;
  const result = (clockFraction: number, throttled: boolean, shutdownRisk: boolean) => {
    const tempC = steadyTempC(
      inletC,
      acceleratorPowerW(acc, activity, clockFraction, params),
      rCPerW,
    );
    return {
      clockFraction,
      throttled,
      steadyTempC: tempC,
      shutdownRisk,
      exceedsShutdown: tempC >= shutdownC,
    };
  };
  const fMin = params.minClockFraction;
  if (steadyTempC(inletC, acceleratorPowerW(acc, activity, 1, params), rCPerW) <= slowdownC) {
    return result(1, false, false);
  }
  const allowedDynamicW = (slowdownC - inletC) / rCPerW - acc.idlePowerW;
  const dynamicW = dynamicRangeW(acc) * activity;
  // dynamicW > 0 here: with no dynamic power the full-clock check above would pass unless idle
  // power alone is too hot, and then allowedDynamicW <= 0 sends us to fMin below.
  let f =
    allowedDynamicW > 0 && dynamicW > 0
      ? (allowedDynamicW / dynamicW) ** (1 / params.clockExponent)
      : 0;
  if (f < fMin) return result(fMin, true, true);
  f = Math.min(f, 1);
  // Rounding in the power law may leave the temperature a hair above slowdown; step f down.
  while (
    f > fMin &&
    steadyTempC(inletC, acceleratorPowerW(acc, activity, f, params), rCPerW) > slowdownC
  ) {
    f = Math.max(fMin, f * (1 - 1e-12));
  }
  return result(f, true, false);
}
