import { describe, expect, it } from "vitest";
import { inletTempsC, steadyTempC } from "../../../src/models/index.js";

describe("inletTempsC", () => {
  it("matches a hand-solved two-group recirculation case", () => {
    /*
     * Two rack groups, A and B. Supply: A 20 C, B 22 C. Heat: A 40 kW, B 30 kW.
     * D (degC per kW): A gets 0.10 from itself and 0.05 from B; B gets 0.20 from A (A's exhaust
     * wraps over into B's aisle) and 0.02 from itself.
     *   inlet A = 20 + 0.10 x 40 + 0.05 x 30 = 20 + 4 + 1.5 = 25.5 C
     *   inlet B = 22 + 0.20 x 40 + 0.02 x 30 = 22 + 8 + 0.6 = 30.6 C
     * Device steady state with R = 0.075 C/W at 700 W (+52.5 C):
     *   A: 25.5 + 52.5 = 78.0 C      B: 30.6 + 52.5 = 83.1 C
     */
    const inlets = inletTempsC(
      [20, 22],
      [
        [0.1, 0.05],
        [0.2, 0.02],
      ],
      [40, 30],
    );
    expect(inlets[0]).toBeCloseTo(25.5, 12);
    expect(inlets[1]).toBeCloseTo(30.6, 12);
    expect(steadyTempC(inlets[0]!, 700, 0.075)).toBeCloseTo(78.0, 12);
    expect(steadyTempC(inlets[1]!, 700, 0.075)).toBeCloseTo(83.1, 12);
  });

  it("returns the supply temperatures when nothing recirculates", () => {
    expect(
      inletTempsC(
        [18, 19, 20],
        [
          [0, 0, 0],
          [0, 0, 0],
          [0, 0, 0],
        ],
        [50, 60, 70],
      ),
    ).toEqual([18, 19, 20]);
    expect(inletTempsC([], [], [])).toEqual([]);
  });

  it("rejects mismatched sizes and negative entries", () => {
    expect(() => inletTempsC([20, 20], [[0.1]], [10, 10])).toThrow(/2 x 2 matrix/);
    expect(() => inletTempsC([20], [[0.1]], [10, 10])).toThrow(/groupPowerKW.length/);
    expect(() => inletTempsC([20], [[-0.1]], [10])).toThrow(/dCPerKW\[0\]\[0\]/);
  });
});
