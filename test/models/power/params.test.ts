import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  defaultFacilityDir,
  FigureFileError,
  loadAcceleratorCatalog,
  loadCoolingParams,
  loadPowerParams,
  loadPueParams,
  nodeOverheadFor,
} from "../../../src/models/index.js";

const tempDirs: string[] = [];
function facilityCopy(edit: (name: string, text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), "aidcsim-facility-"));
  tempDirs.push(dir);
  for (const name of ["power.yaml", "pue.yaml", "cooling.yaml"]) {
    writeFileSync(
      join(dir, name),
      edit(name, readFileSync(join(defaultFacilityDir(), name), "utf8")),
    );
  }
  return dir;
}
afterEach(() => {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("facility parameter files", () => {
  it("load and resolve estimates to their values", () => {
    const power = loadPowerParams();
    expect(power.clockExponent).toBe(2.75);
    expect(power.estimates["clockExponent"]).toMatchObject({ value: 2.75, low: 2, high: 3 });
    expect(power.activity.matmul).toBe(1);
    expect(power.nodeOverhead.maxWPerAccelerator["nvidia-h100-sxm"]).toBe(575);
    expect(loadPueParams().pueRisePerC).toBeGreaterThan(0);
    const cooling = loadCoolingParams();
    expect(cooling.air.rCPerW).toBeGreaterThan(cooling.liquid.rCPerW);
    expect(cooling.airInletLimits.recommendedMaxC).toBe(27);
  });

  it("derive node overhead from the DGX and NVL72 system figures", () => {
    const table = loadPowerParams().nodeOverhead.maxWPerAccelerator;
    expect(table["nvidia-h100-sxm"]).toBe((10_200 - 8 * 700) / 8);
    expect(table["nvidia-b200"]).toBe((14_300 - 8 * 1000) / 8);
    expect(table["nvidia-gb200"]).toBeCloseTo((120_000 - 72 * 1200) / 72, 0);
  });

  it("give every catalog accelerator a node overhead", () => {
    const power = loadPowerParams();
    for (const id of loadAcceleratorCatalog().ids()) {
      expect(nodeOverheadFor(power, id).maxWPerAccelerator).toBeGreaterThan(0);
    }
  });

  it("refuses an unknown accelerator, naming the closest id", () => {
    expect(() => nodeOverheadFor(loadPowerParams(), "nvidia-h100-sxn")).toThrow(
      /did you mean "nvidia-h100-sxm"/,
    );
  });

  it("reports every problem with its line, column and path", () => {
    const dir = facilityCopy((name, text) =>
      name === "cooling.yaml"
        ? text.replace("value: 0.075", "value: 0.5").replace("  X3: ", "  X9: ")
        : text,
    );
    let err: unknown;
    try {
      loadCoolingParams(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FigureFileError);
    const problems = (err as FigureFileError).problems;
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        "an estimate needs low <= value <= high",
        "cites [X3], which is not listed in references",
        "reference is not cited by any source",
      ]),
    );
    expect(problems.every((p) => p.line > 0 && p.col > 0)).toBe(true);
    expect((err as Error).message).toMatch(/cooling\.yaml:\d+:\d+ /);
  });

  it("requires an estimate's source to say Estimate", () => {
    const dir = facilityCopy((name, text) =>
      name === "pue.yaml" ? text.replace('pueRisePerC: "Estimate: ', 'pueRisePerC: "') : text,
    );
    expect(() => loadPueParams(dir)).toThrow(/pueRisePerC: the field is an estimate/);
  });
});
