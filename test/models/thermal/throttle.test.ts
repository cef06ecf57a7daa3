import { describe, expect, it } from "vitest";
import {
  acceleratorPowerW,
  inletTempsC,
  loadAcceleratorCatalog,
  loadCoolingParams,
  loadPowerParams,
  poolPowerW,
  steadyTempC,
  throttleClock,
} from "../../../src/models/index.js";

const power = loadPowerParams();
const cooling = loadCoolingParams();
const catalog = loadAcceleratorCatalog();
const h100 = catalog.get("nvidia-h100-sxm");
const gb200 = catalog.get("nvidia-gb200");
const matmul = power.activity.matmul;

describe("throttleClock", () => {
  it("does not throttle an air-cooled H100 at full load and 27 C inlet (ASHRAE recommended top)", () => {
    expect(h100.cooling).toBe("air");
    const inletC = cooling.airInletLimits.recommendedMaxC;
    const r = throttleClock(h100, inletC, cooling.air.rCPerW, matmul, power);
    expect(r).toMatchObject({ clockFraction: 1, throttled: false, shutdownRisk: false });
    expect(r.steadyTempC).toBeLessThan(h100.thermal.slowdownC);
    // facts §8: "under about 80 C is fine".
    expect(r.steadyTempC).toBeLessThanOrEqual(80);
  });

  it("throttles an air-cooled H100 at 40 C inlet to the clock that holds 89 C", () => {
    const r = throttleClock(h100, 40, cooling.air.rCPerW, matmul, power);
    expect(r.throttled).toBe(true);
    expect(r.clockFraction).toBeLessThan(1);
    expect(r.clockFraction).toBeGreaterThan(power.minClockFraction);
    expect(r.steadyTempC).toBeLessThanOrEqual(h100.thermal.slowdownC);
    expect(r.steadyTempC).toBeCloseTo(h100.thermal.slowdownC, 6);
    expect(r.shutdownRisk).toBe(false);
  });

  it("throttles an air-cooled H100 in a heat wave with recirculation", () => {
    // Supply drifts up to the 32 C allowable limit; 32 H100s (4 DGX) per group, and the
    // groups' exhaust adds 0.04 C/kW (own) and 0.08 C/kW (neighbour) at each inlet: ~+4.9 C.
    const groupKW =
      poolPowerW({ accelerator: h100, busyCount: 32, idleCount: 0, activity: matmul }, 1, power) /
      1000;
    const supplyC = cooling.airInletLimits.allowableMaxC;
    const inlets = inletTempsC(
      [supplyC, supplyC],
      [
        [0.04, 0.08],
        [0.08, 0.04],
      ],
      [groupKW, groupKW],
    );
    const r = throttleClock(h100, inlets[0]!, cooling.air.rCPerW, matmul, power);
    expect(inlets[0]).toBeGreaterThan(36.5);
    expect(r.throttled).toBe(true);
    expect(r.clockFraction).toBeLessThan(1);
  });

  it("does not throttle a liquid-cooled GB200 at full load on typical coolant, nor on 45 C warm water", () => {
    expect(gb200.cooling).toBe("liquid");
    for (const coolantC of [cooling.liquid.typicalSupplyC, 45]) {
      const r = throttleClock(gb200, coolantC, cooling.liquid.rCPerW, matmul, power);
      expect(r.clockFraction).toBe(1);
      expect(r.steadyTempC).toBeLessThan(gb200.thermal.slowdownC);
    }
  });

  it("does not throttle memory-bound decode where matmul would throttle", () => {
    const inletC = 38;
    expect(throttleClock(h100, inletC, cooling.air.rCPerW, matmul, power).throttled).toBe(true);
    expect(
      throttleClock(h100, inletC, cooling.air.rCPerW, power.activity.memory, power).throttled,
    ).toBe(false);
  });

  it("stops at the lowest clock and flags shutdown risk when even that is too hot", () => {
    const r = throttleClock(h100, 80, cooling.air.rCPerW, matmul, power);
    expect(r.clockFraction).toBe(power.minClockFraction);
    expect(r.shutdownRisk).toBe(true);
    const atMinW = acceleratorPowerW(h100, matmul, power.minClockFraction, power);
    expect(r.steadyTempC).toBeCloseTo(steadyTempC(80, atMinW, cooling.air.rCPerW), 12);
    expect(r.steadyTempC).toBeGreaterThan(h100.thermal.slowdownC);
    expect(r.exceedsShutdown).toBe(r.steadyTempC >= h100.thermal.shutdownC);
  });

  it("rejects a non-positive resistance", () => {
    expect(() => throttleClock(h100, 25, 0, 1, power)).toThrow(/rCPerW/);
  });
});
