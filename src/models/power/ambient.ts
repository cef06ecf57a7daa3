/**
 * Outdoor (ambient) temperature as a daily sinusoid:
 * T(t) = meanC + (dailySwingC / 2) · cos(2π (h - peakHourLocal) / 24),
 * h the local hour of day at simulation time t. `dailySwingC` is the peak-to-trough range.
 */
import { paramError } from "../../random/param-errors.js";
import type { PueParams } from "./pue.js";

const S_PER_HOUR = 3600;
const HOURS_PER_DAY = 24;
const MS_PER_S = 1000;
const MS_PER_DAY = 86_400_000;

/** A site's daily ambient profile, as an experiment gives it. */
export interface AmbientProfile {
  /** Daily mean outdoor temperature, degC. */
  readonly meanC: number;
  /** Peak-to-trough daily range, degC (>= 0). */
  readonly dailySwingC: number;
  /** Local hour (0-24) of the daily maximum; default `ambientPeakHourLocal` in pue.yaml. */
  readonly peakHourLocal?: number;
  /** Site time zone offset from UTC, hours (e.g. -5); default 0. */
  readonly utcOffsetH?: number;
}

/**
 * Ambient temperature, degC, at simulation time `timeS` seconds after the start.
 * @param startMs the simulation start as milliseconds since the Unix epoch (UTC).
 * @throws RangeError if a time or profile field is not finite, or dailySwingC < 0.
 */
export function ambientC(
  timeS: number,
  startMs: number,
  profile: AmbientProfile,
  params: Pick<PueParams, "ambientPeakHourLocal">,
): number {
  if (!Number.isFinite(timeS)) paramError("ambientC", "timeS", "finite", timeS);
  if (!Number.isFinite(startMs)) paramError("ambientC", "startMs", "finite", startMs);
  if (!Number.isFinite(profile.meanC)) paramError("ambientC", "meanC", "finite", profile.meanC);
  if (!(profile.dailySwingC >= 0 && profile.dailySwingC < Infinity)) {
    paramError("ambientC", "dailySwingC", "finite and >= 0", profile.dailySwingC);
  }
  const peak = profile.peakHourLocal ?? params.ambientPeakHourLocal;
  const offset = profile.utcOffsetH ?? 0;
  if (!Number.isFinite(peak)) paramError("ambientC", "peakHourLocal", "finite", peak);
  if (!Number.isFinite(offset)) paramError("ambientC", "utcOffsetH", "finite", offset);
  // Reduce the start to its time of day first, so the phase keeps full precision.
  const hourUtc = ((startMs % MS_PER_DAY) / MS_PER_S + timeS) / S_PER_HOUR;
  const phase = (2 * Math.PI * (hourUtc + offset - peak)) / HOURS_PER_DAY;
  return profile.meanC + 0.5 * profile.dailySwingC * Math.cos(phase);
}
