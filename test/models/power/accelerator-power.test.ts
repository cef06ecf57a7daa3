import { describe, expect, it } from "vitest";
import {
  acceleratorPowerW,
  activityFactor,
  loadAcceleratorCatalog,
  loadPowerParams,
} from "../../../src/models/index.js";

const params = loadPowerParams();
const h100 = loadAcceleratorCatalog().get("nvidia-h100-sxm");

describe("acceleratorPowerW", () => {
  it("draws max power at full clock under matmul load", () => {
    expect(acceleratorPowerW(h100, activityFactor(params, "matmul"), 1, params)).toBe(700);
  });

  it("draws idle power with no activity, at any clock", () => {
    expect(acceleratorPowerW(h100, 0, 1, params)).toBe(h100.idlePowerW);
    expect(acceleratorPowerW(h100, 0, 0.6, params)).toBe(h100.idlePowerW);
  });

  it("draws less for memory-bound decode than for matmul", () => {
    const decode = acceleratorPowerW(h100, activityFactor(params, "memory"), 1, params);
    expect(decode).toBeLessThan(700);
    expect(decode).toBeCloseTo(h100.idlePowerW + (700 - h100.idlePowerW) * params.activity.memory);
  });

  it("scales only the dynamic part by f^alpha", () => {
    const f = 0.8;
    expect(acceleratorPowerW(h100, 1, f, params)).toBeCloseTo(
      h100.idlePowerW + (700 - h100.idlePowerW) * f ** params.clockExponent,
      9,
    );
  });

  it("rejects activity outside [0, 1] and clocks outside (0, 1]", () => {
    expect(() => acceleratorPowerW(h100, 1.1, 1, params)).toThrow(/activity must be in \[0, 1\]/);
    expect(() => acceleratorPowerW(h100, 1, 0, params)).toThrow(/clockFraction/);
    expect(() => acceleratorPowerW(h100, Number.NaN, 1, params)).toThrow(RangeError);
  });
});
