/** Using a calibration: load it and lay its factors over an {@link Efficiency}. */
import { CatalogError } from "../catalog.js";
import type { Efficiency } from "../performance/efficiency.js";
import { loadYamlFile } from "../data-file.js";
import { suggest } from "../suggest.js";
import { CalibrationFileSchema, type Calibration } from "./calibration-schema.js";

/**
 * Reads and validates a calibration file.
 * @throws CatalogError listing every problem; Error if the file cannot be read.
 */
export function loadCalibration(file: string): Calibration {
  let result;
  try {
    result = loadYamlFile(file, CalibrationFileSchema);
  } catch (err) {
    throw new Error(`calibration file ${file} cannot be read: ${(err as Error).message}`);
  }
  if ("problems" in result) throw new CatalogError(result.problems);
  return result.value;
}

/**
 * `eff` with the factors `calibration` fitted for `acceleratorId` laid over it (fields the fit
 * did not produce keep their value).
 * @throws Error if the calibration has no entry for the accelerator (naming those it has).
 */
export function applyCalibration(
  eff: Efficiency,
  calibration: Calibration,
  acceleratorId: string,
): Efficiency {
  const entry = calibration.accelerators[acceleratorId];
  if (entry === undefined) {
    const known = Object.keys(calibration.accelerators);
    const hint = suggest(acceleratorId, known);
    throw new Error(
      `calibration "${calibration.name}" has no factors for "${acceleratorId}"` +
        `${hint === undefined ? "" : ` (did you mean "${hint}"?)`}; it covers: ${known.join(", ")}`,
    );
  }
  const out: { -readonly [K in keyof Efficiency]: Efficiency[K] } = { ...eff };
  for (const [k, v] of Object.entries(entry.factors) as [
    keyof typeof entry.factors,
    number | undefined,
  ][]) {
    if (v !== undefined) out[k] = v;
  }
  return out;
}
