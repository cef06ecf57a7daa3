/**
 * Cooling parameters from `models/facility/cooling.yaml`: per cooling type (air, liquid) the
 * thermal resistance from an accelerator to its inlet air or coolant, degC per W, and the heat
 * capacity per accelerator, J per degC (time constant tau = R·C); reference supply temperatures;
 * ASHRAE inlet limits. See docs/power-and-heat.md.
 */
import { join } from "node:path";
import * as z from "zod";
import type { Cooling } from "../catalog-schema.js";
import {
  defaultFacilityDir,
  figureFileSchema,
  loadFigureFile,
  type FigureFile,
} from "../power/figure-file.js";
import { figure } from "../data-file.js";

const coolingType = () =>
  z.strictObject({
    /** Device-to-inlet (air) or device-to-coolant (liquid) thermal resistance, degC per W. */
    rCPerW: figure(z.number().positive()),
    /** Heat capacity of one accelerator with its heatsink or cold plate, J per degC. */
    heatCapacityJPerC: figure(z.number().positive()),
    /** A typical supply (inlet air / coolant) temperature, degC: a hall's default supplyC. */
    typicalSupplyC: figure(z.number().gt(-50).lt(100)),
    /** Outdoor temperature up to which the plant holds the supply temperature; above it the
     * supply rises degree for degree (a hall's default plantDesignAmbientC). */
    plantDesignAmbientC: figure(z.number().gt(-50).lt(100)),
  });

export const CoolingParamsFileSchema = figureFileSchema({
  air: coolingType(),
  liquid: coolingType(),
  /** Equipment-inlet air limits (ASHRAE TC 9.9), degC. */
  airInletLimits: z.strictObject({
    recommendedMaxC: figure(z.number()),
    allowableMaxC: figure(z.number()),
  }),
});
export type CoolingParamsFile = z.infer<typeof CoolingParamsFileSchema>;
export type CoolingParams = FigureFile<CoolingParamsFile>;

/** R and C of one cooling type. */
export interface ThermalRC {
  readonly rCPerW: number;
  readonly heatCapacityJPerC: number;
}

/**
 * Loads `cooling.yaml` from `dir` (default `<package>/models/facility/`).
 * @throws FigureFileError listing every problem in the file; Error if it cannot be read.
 */
export function loadCoolingParams(dir: string = defaultFacilityDir()): CoolingParams {
  return loadFigureFile(join(dir, "cooling.yaml"), CoolingParamsFileSchema);
}

/** R and C for a hall's cooling type. */
export function thermalRC(params: Pick<CoolingParams, Cooling>, cooling: Cooling): ThermalRC {
  const c = params[cooling];
  return { rCPerW: c.rCPerW, heatCapacityJPerC: c.heatCapacityJPerC };
}
