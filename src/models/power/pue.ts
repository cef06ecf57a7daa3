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
  /** Share of the design-load non-IT power that stays at partial load (fixed overhead). */
  fixedOverheadShare: figure(z.number().gte(0).lte(1)),
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

/**
 * PUE at a partial IT load: of the non-IT power the model gives at design load (PUE - 1), a
 * `fixedOverheadShare` stays whatever the load and the rest scales with it, so
 * PUE(load) = 1 + (PUE - 1) x (share / load + 1 - share); PUE(1) = PUE.
 * @param loadFraction IT power over the design IT load, in (0, 1] (clamped to at most 1).
 * @throws RangeError if pue < 1 or loadFraction <= 0.
 */
export function pueAtLoad(
  pue: number,
  loadFraction: number,
  params: Pick<PueParams, "fixedOverheadShare">,
): number {
  if (!(pue >= 1 && pue < Infinity)) paramError("pueAtLoad", "pue", ">= 1", pue);
  if (!(loadFraction > 0)) paramError("pueAtLoad", "loadFraction", "> 0", loadFraction);
  const load = Math.min(1, loadFraction);
  const share = params.fixedOverheadShare;
  return 1 + (pue - 1) * (share / load + 1 - share);
}

/**
 * Facility power at an IT power below or at the design IT load, W: IT power plus the non-IT
 * power, whose fixed share stays at its design-load level. Equals itW x pueAtLoad(...) for
 * itW > 0 and stays finite (the fixed overhead) at itW = 0.
 * @throws RangeError if pue < 1, designItW <= 0 or itW < 0.
 */
export function facilityPowerAtLoadW(
  itW: number,
  pue: number,
  designItW: number,
  params: Pick<PueParams, "fixedOverheadShare">,
): number {
  if (!(pue >= 1 && pue < Infinity)) paramError("facilityPowerAtLoadW", "pue", ">= 1", pue);
  if (!(designItW > 0)) paramError("facilityPowerAtLoadW", "designItW", "> 0", designItW);
  if (!(itW >= 0)) paramError("facilityPowerAtLoadW", "itW", ">= 0", itW);
  if (itW >= designItW) return itW * pue;
  const share = params.fixedOverheadShare;
  return itW + (pue - 1) * (share * designItW + (1 - share) * itW);
}
