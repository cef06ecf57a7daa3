/**
 * RC thermal model of one rack group: the temperature T of a representative accelerator obeys
 * C · dT/dt = P - (T - T_inlet) / R, so with P and T_inlet constant between events
 * T(t) = T_ss + (T0 - T_ss) · e^(-t/tau), T_ss = T_inlet + P·R, tau = R·C.
 */
import { paramError } from "../../random/param-errors.js";

/**
 * Steady-state device temperature, degC: inlet + power x resistance.
 * @throws RangeError if an argument is not finite, powerW < 0 or rCPerW <= 0.
 */
export function steadyTempC(inletC: number, powerW: number, rCPerW: number): number {
  if (!Number.isFinite(inletC)) paramError("steadyTempC", "inletC", "finite", inletC);
  if (!(powerW >= 0 && powerW < Infinity))
    paramError("steadyTempC", "powerW", "finite and >= 0", powerW);
  if (!(rCPerW > 0 && rCPerW < Infinity))
    paramError("steadyTempC", "rCPerW", "finite and > 0", rCPerW);
  return inletC + powerW * rCPerW;
}

/**
 * Time constant R·C, s.
 * @throws RangeError unless both are finite and > 0.
 */
export function timeConstantS(rCPerW: number, heatCapacityJPerC: number): number {
  if (!(rCPerW > 0 && rCPerW < Infinity))
    paramError("timeConstantS", "rCPerW", "finite and > 0", rCPerW);
  if (!(heatCapacityJPerC > 0 && heatCapacityJPerC < Infinity)) {
    paramError("timeConstantS", "heatCapacityJPerC", "finite and > 0", heatCapacityJPerC);
  }
  return rCPerW * heatCapacityJPerC;
}

/**
 * Temperature, degC, `dtS` seconds after starting at `t0C`, heading to `steadyC` with time
 * constant `tauS`: steady + (t0 - steady) · e^(-dt/tau).
 * @throws RangeError if dtS < 0, tauS <= 0 or a temperature is not finite.
 */
export function tempAfterC(t0C: number, steadyC: number, dtS: number, tauS: number): number {
  if (!Number.isFinite(t0C)) paramError("tempAfterC", "t0C", "finite", t0C);
  if (!Number.isFinite(steadyC)) paramError("tempAfterC", "steadyC", "finite", steadyC);
  if (!(dtS >= 0)) paramError("tempAfterC", "dtS", ">= 0", dtS);
  if (!(tauS > 0 && tauS < Infinity)) paramError("tempAfterC", "tauS", "finite and > 0", tauS);
  return steadyC + (t0C - steadyC) * Math.exp(-dtS / tauS);
}

/**
 * Seconds until the temperature, starting at `t0C` and heading to `steadyC`, reaches
 * `thresholdC`: tau · ln((t0 - steady) / (threshold - steady)). 0 if it starts at the threshold;
 * Infinity if it never gets there (the threshold lies on the far side of t0, or at or beyond the
 * steady state, which is approached but never reached).
 * @throws RangeError if tauS <= 0 or a temperature is not finite.
 */
export function timeToReachS(
  t0C: number,
  steadyC: number,
  thresholdC: number,
  tauS: number,
): number {
  if (!Number.isFinite(t0C)) paramError("timeToReachS", "t0C", "finite", t0C);
  if (!Number.isFinite(steadyC)) paramError("timeToReachS", "steadyC", "finite", steadyC);
  if (!Number.isFinite(thresholdC)) paramError("timeToReachS", "thresholdC", "finite", thresholdC);
  if (!(tauS > 0 && tauS < Infinity)) paramError("timeToReachS", "tauS", "finite and > 0", tauS);
  if (t0C === thresholdC) return 0;
  const from = t0C - steadyC;
  const to = thresholdC - steadyC;
  // Reachable only strictly between t0 and the steady state (same sign, smaller magnitude).
  if (from === 0 || Math.sign(from) !== Math.sign(to) || Math.abs(to) >= Math.abs(from)) {
    return Infinity;
  }
  return tauS * Math.log(from / to);
}
