import { describe, expect, it } from "vitest";
import {
  loadAcceleratorCatalog,
  loadPowerParams,
  nodeOverheadFor,
  nodeOverheadW,
  overheadPerAcceleratorW,
} from "../../../src/models/index.js";

const params = loadPowerParams();
const catalog = loadAcceleratorCatalog();

describe("node overhead", () => {
  it("makes a fully busy DGX H100 draw its 10.2 kW datasheet maximum", () => {
    const h100 = catalog.get("nvidia-h100-sxm");
    expect(8 * 700 + nodeOverheadW(h100, 1, params)).toBe(10_200);
  });

  it("makes a fully busy DGX B200 draw its 14.3 kW datasheet maximum", () => {
    const b200 = catalog.get("nvidia-b200");
    expect(8 * 1000 + nodeOverheadW(b200, 1, params)).toBe(14_300);
  });

  it("falls to its idle fraction when the node is idle", () => {
    const o = nodeOverheadFor(params, "nvidia-h100-sxm");
    expect(overheadPerAcceleratorW(o, 0)).toBeCloseTo(575 * params.nodeOverhead.idleFraction);
    expect(overheadPerAcceleratorW(o, 0.5)).toBeCloseTo(
      575 * (params.nodeOverhead.idleFraction + (1 - params.nodeOverhead.idleFraction) / 2),
    );
  });

  it("rejects a busy fraction outside [0, 1]", () => {
    expect(() => overheadPerAcceleratorW(nodeOverheadFor(params, "nvidia-b200"), -0.1)).toThrow(
      /busyFraction must be in \[0, 1\]/,
    );
  });
});
