import { describe, expect, it } from "vitest";
import {
  acceleratorPowerW,
  loadAcceleratorCatalog,
  loadCoolingParams,
  loadPowerParams,
  steadyTempC,
  tempAfterC,
  thermalRC,
  timeConstantS,
  timeToReachS,
} from "../../../src/models/index.js";

const power = loadPowerParams();
const cooling = loadCoolingParams();
const h100 = loadAcceleratorCatalog().get("nvidia-h100-sxm");

describe("RC model", () => {
  // An air-cooled H100 rack group at 24 C inlet, idle (steady), steps to full matmul load.
  const { rCPerW, heatCapacityJPerC } = thermalRC(cooling, "air");
  const tauS = timeConstantS(rCPerW, heatCapacityJPerC);
  const inletC = 24;
  const idleW = acceleratorPowerW(h100, 0, 1, power);
  const loadW = acceleratorPowerW(h100, 1, 1, power);
  const t0C = steadyTempC(inletC, idleW, rCPerW);
  const tssC = steadyTempC(inletC, loadW, rCPerW);
  const stepC = tssC - t0C;

  /** Explicit Euler on C dT/dt = P - (T - T_inlet) / R from t0C for durationS. */
  function euler(durationS: number, dtS: number): number {
    let t = t0C;
    const steps = Math.round(durationS / dtS);
    for (let i = 0; i < steps; i++)
      t += (dtS * (loadW - (t - inletC) / rCPerW)) / heatCapacityJPerC;
    return t;
  }

  it("has steady state inlet + P R and time constant R C", () => {
    expect(tssC).toBeCloseTo(inletC + 700 * rCPerW, 12);
    expect(tauS).toBeCloseTo(rCPerW * heatCapacityJPerC, 12);
  });

  it("matches the analytic step response at t = RC and t = 3RC within 0.1 C (Euler)", () => {
    expect(Math.abs(euler(tauS, 0.01) - (t0C + 0.632 * stepC))).toBeLessThan(0.1);
    expect(Math.abs(euler(3 * tauS, 0.01) - (t0C + 0.95 * stepC))).toBeLessThan(0.1);
    expect(Math.abs(euler(tauS, 0.01) - tempAfterC(t0C, tssC, tauS, tauS))).toBeLessThan(0.1);
    expect(Math.abs(euler(3 * tauS, 0.01) - tempAfterC(t0C, tssC, 3 * tauS, tauS))).toBeLessThan(
      0.1,
    );
  });

  it("gives the same temperature stepped event by event as in one closed-form step", () => {
    // Irregular event times between 0 and 3RC: the closed form composes exactly.
    const eventsS = [0, 0.7, 5, 5, 13.1, 40, 77.7, 120, 3 * tauS];
    let t = t0C;
    for (let i = 1; i < eventsS.length; i++) {
      t = tempAfterC(t, tssC, eventsS[i]! - eventsS[i - 1]!, tauS);
      if (eventsS[i] === tauS) expect(Math.abs(t - (t0C + 0.632 * stepC))).toBeLessThan(0.1);
    }
    expect(t).toBeCloseTo(tempAfterC(t0C, tssC, 3 * tauS, tauS), 9);
    expect(Math.abs(t - (t0C + 0.95 * stepC))).toBeLessThan(0.1);
  });

  it("finds the time to reach a threshold, or Infinity when it is never reached", () => {
    const thresholdC = t0C + 0.5 * stepC;
    const s = timeToReachS(t0C, tssC, thresholdC, tauS);
    expect(s).toBeCloseTo(tauS * Math.LN2, 9);
    expect(tempAfterC(t0C, tssC, s, tauS)).toBeCloseTo(thresholdC, 9);
    expect(timeToReachS(t0C, tssC, tssC, tauS)).toBe(Infinity);
    expect(timeToReachS(t0C, tssC, tssC + 1, tauS)).toBe(Infinity);
    expect(timeToReachS(t0C, tssC, t0C - 1, tauS)).toBe(Infinity);
    expect(timeToReachS(t0C, tssC, t0C, tauS)).toBe(0);
    // Cooling down works the same way.
    expect(timeToReachS(tssC, t0C, thresholdC, tauS)).toBeCloseTo(tauS * Math.LN2, 9);
  });

  it("rejects a non-positive time constant and a negative step", () => {
    expect(() => tempAfterC(30, 60, 1, 0)).toThrow(/tauS/);
    expect(() => tempAfterC(30, 60, -1, 60)).toThrow(/dtS must be >= 0/);
    expect(() => steadyTempC(25, 700, 0)).toThrow(/rCPerW/);
  });
});
