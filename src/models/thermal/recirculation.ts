/**
 * Inlet coupling between rack groups (Tang et al.'s heat-recirculation model): each group's inlet
 * is its supply temperature plus the heat that other groups' (and its own) exhaust sends back,
 * T_inlet = T_supply + D · P, with D[i][j] the degC that 1 kW in group j adds at group i's inlet.
 * Power does not depend on temperature in this model, so the inlets follow directly, with no
 * coupled solve.
 */
import { Matrix } from "ml-matrix";
import { paramError } from "../../random/param-errors.js";

/**
 * Inlet temperature of each rack group, degC.
 * @param supplyC supply (CRAH/CDU) temperature per group, degC.
 * @param dCPerKW recirculation matrix, n x n, degC per kW (entries >= 0).
 * @param groupPowerKW heat (IT power) per group, kW.
 * @throws RangeError if the sizes disagree or an entry is not finite, or D or P has a negative entry.
 */
export function inletTempsC(
  supplyC: readonly number[],
  dCPerKW: readonly (readonly number[])[],
  groupPowerKW: readonly number[],
): number[] {
  const n = supplyC.length;
  if (groupPowerKW.length !== n) {
    paramError("inletTempsC", "groupPowerKW.length", `${n} (one per group)`, groupPowerKW.length);
  }
  if (dCPerKW.length !== n || dCPerKW.some((row) => row.length !== n)) {
    paramError("inletTempsC", "dCPerKW", `an ${n} x ${n} matrix`, JSON.stringify(dCPerKW));
  }
  supplyC.forEach((v, i) => {
    if (!Number.isFinite(v)) paramError("inletTempsC", `supplyC[${i}]`, "finite", v);
  });
  groupPowerKW.forEach((v, i) => {
    if (!(v >= 0 && v < Infinity))
      paramError("inletTempsC", `groupPowerKW[${i}]`, "finite and >= 0", v);
  });
  dCPerKW.forEach((row, i) =>
    row.forEach((v, j) => {
      if (!(v >= 0 && v < Infinity))
        paramError("inletTempsC", `dCPerKW[${i}][${j}]`, "finite and >= 0", v);
    }),
  );
  if (n === 0) return [];
  const rise = new Matrix(dCPerKW.map((r) => [...r])).mmul(Matrix.columnVector([...groupPowerKW]));
  return supplyC.map((s, i) => s + rise.get(i, 0));
}
