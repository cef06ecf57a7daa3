import { describe, expect, it } from "vitest";
import { Streams } from "../../src/random/index.js";
import { arrivalTimes, type ArrivalConfig } from "../../src/workloads/index.js";

function times(cfg: ArrivalConfig, seed = 1): number[] {
  const next = arrivalTimes(cfg, new Streams(seed).get("test/arrivals"));
  const out: number[] = [];
  for (let t = next(); Number.isFinite(t); t = next()) out.push(t);
  return out;
}
const poisson = (o: Partial<Extract<ArrivalConfig, { kind: "poisson" }>>): ArrivalConfig => ({
  kind: "poisson",
  ratePerS: 1,
  fromS: 0,
  untilS: 86_400,
  maxCount: Infinity,
  ...o,
});
const countIn = (ts: number[], lo: number, hi: number) =>
  ts.filter((t) => t >= lo && t < hi).length;

describe("arrival processes", () => {
  it("diurnal: the peak hour sees (1 + a) / (1 - a) times the trough hour", () => {
    const ts = times(
      poisson({ untilS: 10 * 86_400, diurnal: { amplitude: 0.5, peakS: 14 * 3600 } }),
    );
    let peak = 0;
    let trough = 0;
    for (let d = 0; d < 10; d++) {
      peak += countIn(ts, d * 86_400 + 13.5 * 3600, d * 86_400 + 14.5 * 3600);
      trough += countIn(ts, d * 86_400 + 1.5 * 3600, d * 86_400 + 2.5 * 3600);
    }
    expect(peak / trough).toBeGreaterThan(2.7);
    expect(peak / trough).toBeLessThan(3.3);
    expect(ts.length / (10 * 86_400)).toBeCloseTo(1, 1); // the mean rate is kept
  });

  it("growth: each month brings (1 + g) times the previous month's arrivals", () => {
    const month = 30.44 * 86_400;
    const ts = times(poisson({ ratePerS: 0.05, untilS: 3 * month, growthPerMonth: 0.2 }));
    const m1 = countIn(ts, 0, month);
    const m3 = countIn(ts, 2 * month, 3 * month);
    expect(m3 / m1).toBeGreaterThan(1.44 * 0.95);
    expect(m3 / m1).toBeLessThan(1.44 * 1.05);
  });

  it("bursty: counts per minute are overdispersed (variance well above the mean)", () => {
    const ts = times(poisson({ bursty: { factor: 8, meanBurstS: 120, meanCalmS: 1200 } }));
    const counts = Array.from({ length: 1440 }, (_, m) => countIn(ts, m * 60, (m + 1) * 60));
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    const variance = counts.reduce((a, c) => a + (c - mean) ** 2, 0) / counts.length;
    expect(variance / mean).toBeGreaterThan(5);
    const plain = times(poisson({}));
    const pc = Array.from({ length: 1440 }, (_, m) => countIn(plain, m * 60, (m + 1) * 60));
    const pm = pc.reduce((a, b) => a + b, 0) / pc.length;
    const pv = pc.reduce((a, c) => a + (c - pm) ** 2, 0) / pc.length;
    expect(pv / pm).toBeLessThan(1.3);
  });
});
