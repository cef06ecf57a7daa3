/**
 * Facility power and PUE. P_facility = P_IT · PUE. A PUE model is either `fixed` or `ambient`:
 * the design PUE holds while the outdoor air can cool the facility on its own (free cooling, up
 * to `freeCoolingMaxAmbientC`), and above that chillers take over and PUE rises linearly:
 * PUE(T) = design + pueRisePerC · max(0, T - freeCoolingMaxAmbientC).
 * Parameters: models/facility/pue.yaml.
 */
import { join } from "node:path";
import * as z from "zod";
import { paramError } from "../../random/param-errors.js";
import {
  defaultFacilityDir,
  figureFileSchema,
  loadFigureFile,
  type FigureFile,
} from "./figure-file.js";
import { figure } from "../data-file.js";

export const PueParamsFileSchema = figureFileSchema({
  /** Highest outdoor temperature at which free cooling alone holds the design PUE, degC. */
  freeCoolingMaxAmbientC: figure(z.number().gt(-50).lt(60)),
  /** PUE added per degC of outdoor temperature above the free-cooling limit. */
  pueRisePerC: figure(z.number().nonnegative().lt(1)),
  /** Local hour (0-24) of the daily temperature maximum, used when an ambient profile gives none. */
  ambientPeakHourLocal: figure(z.number().gte(0).lt(24)),
});
export type PueParamsFile = z.infer<typeof PueParamsFileSchema>;
export type PueParams = FigureFile<PueParamsFile>;

/**
 * Loads `pue.yaml` from `dir` (default `<package>/models/facility/`).
 * @throws FigureFileError listing every problem in the file; Error if it cannot be read.
 */
export function loadPueParams(dir: string = defaultFacilityDir()): PueParams {
  return loadFigureFile(join(dir, "pue.yaml"), PueParamsFileSchema);
}

/** A site's PUE model, as an experiment gives it. */
export type PueModel =
  | { readonly model: "fixed"; readonly pue: number }
  | { readonly model: "ambient"; readonly design: number };

/**
 * The PUE at outdoor temperature `ambientC` (ignored by the `fixed` model).
 * @throws RangeError if the model's PUE is below 1 or ambientC is not finite (ambient model).
 */
export function pueAt(
  model: PueModel,
  ambientC: number,
  params: Pick<PueParams, "freeCoolingMaxAmbientC" | "pueRisePerC">,
): number {
  if (model.model === "fixed") {
    if (!(model.pue >= 1 && model.pue < Infinity)) paramError("pueAt", "pue", ">= 1", model.pue);
    return model.pue;
  }
  if (!(model.design >= 1 && model.design < Infinity)) {
    paramError("pueAt", "design", ">= 1", model.design);
  }
  if (!Number.isFinite(ambientC)) paramError("pueAt", "ambientC", "finite", ambientC);
  return model.design + params.pueRisePerC * Math.max(0, ambientC - params.freeCoolingMaxAmbientC);
}

/**
 * Facility power, W: IT power times PUE.
 * @throws RangeError if itPowerW < 0 or pue < 1 (or either is not finite).
 */
export function facilityPowerW(itPowerW: number, pue: number): number {
  if (!(itPowerW >= 0 && itPowerW < Infinity)) {
    paramError("facilityPowerW", "itPowerW", "finite and >= 0", itPowerW);
  }
  if (!(pue >= 1 && pue < Infinity)) paramError("facilityPowerW", "pue", "finite and >= 1", pue);
  return itPowerW * pue;
}
