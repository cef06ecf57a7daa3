import { describe, expect, it } from "vitest";
import { holm, holmDistinct, pairedDelta, t975, tTwoSidedP } from "../../src/metrics/index.js";

describe("paired statistics", () => {
  it("matches Student-t tables", () => {
    expect(t975(1)).toBeCloseTo(12.706, 3);
    expect(t975(9)).toBeCloseTo(2.262, 3);
    expect(t975(30)).toBeCloseTo(2.042, 3);
    expect(tTwoSidedP(2.262, 9)).toBeCloseTo(0.05, 3);
  });

  it("gives the paired mean difference with its 95% interval", () => {
    const d = pairedDelta([1, 2, 3, 4], [2, 3, 5, 5]);
    expect(d.delta).toBe(1.25);
    // sd of (1, 1, 2, 1) = 0.5; se 0.25; t(3) = 3.182
    expect(d.ciLow).toBeCloseTo(1.25 - 3.182 * 0.25, 2);
    expect(d.ciHigh).toBeCloseTo(1.25 + 3.182 * 0.25, 2);
  });

  it("reports the correlation of the arms and what pairing gains over independent runs", () => {
    const d = pairedDelta([1, 2, 3, 4], [2, 3, 5, 5]);
    // var A = 5/3, var B = 2.25, var(B - A) = 0.25, cov = (5/3 + 2.25 - 0.25) / 2 = 11/6
    expect(d.correlation).toBeCloseTo(11 / 6 / Math.sqrt((5 / 3) * 2.25), 12);
    expect(d.crnGain).toBeCloseTo(Math.sqrt((5 / 3 + 2.25) / 0.25), 12);
    // Arms that move against each other: pairing widens the interval (gain below 1).
    const anti = pairedDelta([1, 2, 3, 4], [4, 3, 2, 1]);
    expect(anti.correlation).toBeCloseTo(-1, 12);
    expect(anti.crnGain).toBeCloseTo(Math.SQRT1_2, 12);
    // A constant difference of varying arms: pairing removes all of the spread.
    expect(pairedDelta([1, 2, 3], [2, 3, 4]).crnGain).toBe(Infinity);
    expect(pairedDelta([5, 5, 5], [2, 2, 2]).crnGain).toBeNaN(); // nothing varies
    expect(pairedDelta([1, 1, 1], [2, 3, 4]).correlation).toBeNaN();
    // Float noise in a constant (329.4 summed in another order) is no spread either.
    const noisy = pairedDelta([329.4, 329.40000000000003, 329.4], [8, 8, 8.000000000000002]);
    expect(noisy.crnGain).toBeNaN();
    expect(noisy.correlation).toBeNaN();
  });

  it("runs Holm over the metrics that differ, each distinct one once", () => {
    const a = [
      [1, 1, 1],
      [1, 2, 3],
      [1, 2, 3],
      [4, 5, 6],
      [2, 2, 2],
    ];
    const b = [
      [1, 1, 1],
      [2, 3, 5],
      [2, 3, 5],
      [5, 5, 8],
      [2, 2, 2.0000000000000004],
    ];
    const ps = [1, 0.01, 0.01, 0.02, 0.3];
    // The family is metric 1 (metric 2 repeats it) and metric 3: Holm with m = 2. Metric 0 is
    // equal in every pair and metric 4 differs by float noise only: they test nothing.
    expect(holmDistinct(a, b, ps)).toEqual([1, 0.02, 0.02, 0.02, 1]);
    // Over all five, for contrast: 5 x 0.01, then 3 x 0.02.
    holm(ps)
      .slice(1, 4)
      .forEach((p, k) => expect(p).toBeCloseTo([0.05, 0.05, 0.06][k], 12));
  });

  it("treats a difference that varies by float noise only as a constant", () => {
    const d = pairedDelta([0.1 + 0.2, 1, 2], [0.3, 1, 2]);
    expect(d.p).toBe(1);
    expect(d.ciHigh - d.ciLow).toBe(0);
    expect(pairedDelta([1, 2, 3], [1.5, 2.5, 3.5 + 4e-16]).p).toBe(0); // a real constant shift
  });

  it("adjusts p-values by Holm's step-down rule", () => {
    expect(holm([0.01, 0.04, 0.03])).toEqual([0.03, 0.06, 0.06]);
    expect(holm([0.5, Number.NaN])[1]).toBeNaN();
  });
});
