// Fluid services draw a Poisson count per step from the integral of the arrival rate, daily
// cycle and growth included (no per-request draws).
import { describe, expect, it } from "vitest";
import { FluidService } from "../../src/datacenter/fluid-service.js";

const base = {
  kind: "poisson" as const,
  ratePerS: 10,
  fromS: 0,
  untilS: Infinity,
  maxCount: Infinity,
};

/** Midpoint-rule integral of the rate, for comparison. */
function numeric(rate: (t: number) => number, lo: number, hi: number, n = 100_000): number {
  const h = (hi - lo) / n;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += rate(lo + (i + 0.5) * h);
  return sum * h;
}

describe("fluid arrivals: expected count per step", () => {
  const diurnal = { ...base, diurnal: { amplitude: 0.6, peakS: 14 * 3600 } };
  const rate = (t: number) => 10 * (1 + 0.6 * Math.cos((2 * Math.PI * (t - 14 * 3600)) / 86_400));

  it("integrates the daily cycle exactly", () => {
    expect(FluidService.expectedArrivals(diurnal, 0, 86_400)).toBeCloseTo(864_000, 6);
    for (const [lo, hi] of [
      [0, 300],
      [13 * 3600, 15 * 3600],
      [20_000, 70_000],
    ]) {
      expect(FluidService.expectedArrivals(diurnal, lo, hi)).toBeCloseTo(numeric(rate, lo, hi), 3);
    }
    // Around the peak the step sees more than the mean rate, around the trough less.
    expect(FluidService.expectedArrivals(diurnal, 14 * 3600, 14 * 3600 + 300)).toBeGreaterThan(
      10 * 300 * 1.59,
    );
    expect(FluidService.expectedArrivals(diurnal, 2 * 3600, 2 * 3600 + 300)).toBeLessThan(
      10 * 300 * 0.41,
    );
  });

  it("takes growth at the middle of the step, and counts bursts per arrival", () => {
    const growth = { ...base, growthPerMonth: 0.1 };
    const month = 30.44 * 86_400;
    const got = FluidService.expectedArrivals(growth, month, month + 300);
    expect(got / (10 * 300)).toBeCloseTo(1.1, 4);
    expect(FluidService.countable(growth)).toBe(true);
    expect(
      FluidService.countable({ ...base, bursty: { factor: 3, meanBurstS: 60, meanCalmS: 600 } }),
    ).toBe(false);
  });
});
