import { describe, expect, it } from "vitest";
import {
  clockForPowerCapW,
  facilityClockForPowerCapsW,
  loadAcceleratorCatalog,
  loadPowerParams,
  poolPowerW,
  type PoolLoad,
} from "../../../src/models/index.js";
import { Streams } from "../../../src/random/index.js";

const params = loadPowerParams();
const catalog = loadAcceleratorCatalog();
const h100 = catalog.get("nvidia-h100-sxm");
const gb200 = catalog.get("nvidia-gb200");
const idleShare = params.nodeOverhead.idleFraction;

function total(pools: readonly PoolLoad[], f: number): number {
  return pools.reduce((s, p) => s + poolPowerW(p, Math.min(f, p.maxClockFraction ?? 1), params), 0);
}

describe("poolPowerW", () => {
  it("draws max power x count plus full node overhead at full matmul load", () => {
    const pool = {
      accelerator: h100,
      busyCount: 256,
      idleCount: 0,
      activity: params.activity.matmul,
    };
    expect(poolPowerW(pool, 1, params)).toBeCloseTo(256 * (700 + 575), 6);
  });

  it("draws idle power x count plus idle node overhead when idle", () => {
    const pool = { accelerator: h100, busyCount: 0, idleCount: 256, activity: 1 };
    expect(poolPowerW(pool, 1, params)).toBeCloseTo(256 * (h100.idlePowerW + 575 * idleShare), 6);
  });

  it("gives the same total for a pool split by activity as for its parts' sum", () => {
    const a = { accelerator: gb200, busyCount: 40, idleCount: 0, activity: 1 };
    const b = {
      accelerator: gb200,
      busyCount: 20,
      idleCount: 12,
      activity: params.activity.memory,
    };
    const overheadWhole = 72 * 467 * (idleShare + (1 - idleShare) * (60 / 72));
    const expected =
      40 * 1200 +
      20 * (gb200.idlePowerW + (1200 - gb200.idlePowerW) * params.activity.memory) +
      12 * gb200.idlePowerW +
      overheadWhole;
    expect(poolPowerW(a, 1, params) + poolPowerW(b, 1, params)).toBeCloseTo(expected, 6);
  });
});

describe("clockForPowerCapW", () => {
  const busy: PoolLoad = { accelerator: h100, busyCount: 64, idleCount: 0, activity: 1 };

  it("returns clock 1 when the cap is loose", () => {
    const r = clockForPowerCapW([busy], 1e9, params);
    expect(r).toEqual({ clockFraction: 1, powerW: 64 * 1275, feasible: true });
  });

  it("reports infeasible, at the lowest clock, when even that is over the cap", () => {
    const r = clockForPowerCapW([busy], 64 * 600, params);
    expect(r.feasible).toBe(false);
    expect(r.clockFraction).toBe(params.minClockFraction);
    expect(r.powerW).toBeCloseTo(poolPowerW(busy, params.minClockFraction, params), 9);
    expect(r.powerW).toBeGreaterThan(64 * 600);
  });

  it("lowers only the dynamic part: the cap clock solves static + dynamic f^alpha = cap", () => {
    const capW = 64 * 1100;
    const staticW = 64 * (h100.idlePowerW + 575);
    const dynamicW = 64 * (700 - h100.idlePowerW);
    const expected = ((capW - staticW) / dynamicW) ** (1 / params.clockExponent);
    const r = clockForPowerCapW([busy], capW, params);
    expect(r.clockFraction).toBeCloseTo(expected, 10);
    expect(r.powerW).toBeLessThanOrEqual(capW);
  });

  it("keeps a thermally throttled pool at its lower clock and slows the others", () => {
    const hot = { ...busy, maxClockFraction: 0.7 };
    const r = clockForPowerCapW([hot, busy], 2 * 64 * 1150, params);
    expect(r.clockFraction).toBeGreaterThan(0.7);
    expect(r.powerW).toBeCloseTo(total([hot, busy], r.clockFraction), 6);
  });

  it("never exceeds the cap, is tight, and agrees on feasibility (random pools)", () => {
    const rng = new Streams(1).get("test");
    const ids = catalog.ids();
    const seen = { full: 0, capped: 0, infeasible: 0 };
    for (let trial = 0; trial < 500; trial++) {
      const pools: PoolLoad[] = [];
      const n = 1 + rng.int(4);
      for (let i = 0; i < n; i++) {
        pools.push({
          accelerator: catalog.get(ids[rng.int(ids.length)]!),
          busyCount: rng.int(300),
          idleCount: rng.int(100),
          activity: rng.next(),
          ...(rng.next() < 0.3
            ? { maxClockFraction: rng.uniform(params.minClockFraction, 1) }
            : {}),
        });
      }
      const lowW = total(pools, params.minClockFraction);
      const highW = total(pools, 1);
      const capW = rng.uniform(0.9 * lowW, 1.1 * highW);
      const r = clockForPowerCapW(pools, capW, params);
      expect(r.clockFraction).toBeGreaterThanOrEqual(params.minClockFraction);
      expect(r.clockFraction).toBeLessThanOrEqual(1);
      if (r.feasible) {
        expect(r.powerW).toBeLessThanOrEqual(capW);
        expect(total(pools, r.clockFraction)).toBeLessThanOrEqual(capW * (1 + 1e-12));
        if (r.clockFraction < 1)
          expect(total(pools, Math.min(1, r.clockFraction + 1e-9))).toBeGreaterThan(capW);
      } else {
        expect(r.clockFraction).toBe(params.minClockFraction);
        expect(lowW).toBeGreaterThan(capW);
      }
      if (capW >= highW) expect(r.clockFraction).toBe(1);
      seen[!r.feasible ? "infeasible" : r.clockFraction === 1 ? "full" : "capped"]++;
    }
    // The draws cover all three outcomes.
    expect(Math.min(seen.full, seen.capped, seen.infeasible)).toBeGreaterThan(20);
  });
});

describe("facilityClockForPowerCapsW", () => {
  const pool = (count: number): PoolLoad => ({
    accelerator: h100,
    busyCount: count,
    idleCount: 0,
    activity: 1,
  });

  it("applies the hall budget first, then one site-wide ceiling on facility power", () => {
    const hallA = { pools: [pool(64)], capW: 64 * 1100 };
    const hallB = { pools: [pool(64)] };
    const hallOnly = clockForPowerCapW(hallA.pools, hallA.capW, params).clockFraction;
    const loose = facilityClockForPowerCapsW([hallA, hallB], undefined, 1.2, params);
    expect(loose.hallClockFractions).toEqual([hallOnly, 1]);
    expect(loose.feasible).toBe(true);

    const siteCapW = 0.9 * loose.facilityPowerW;
    const r = facilityClockForPowerCapsW([hallA, hallB], siteCapW, 1.2, params);
    expect(r.feasible).toBe(true);
    expect(r.facilityPowerW).toBeLessThanOrEqual(siteCapW);
    expect(r.facilityPowerW).toBeCloseTo(r.itPowerW * 1.2, 6);
    expect(r.hallClockFractions[1]).toBeLessThan(1);
    expect(r.hallClockFractions[0]).toBe(Math.min(hallOnly, r.hallClockFractions[1]!));
  });

  it("reports infeasible when the site cap is below the lowest-clock power", () => {
    const r = facilityClockForPowerCapsW([{ pools: [pool(64)] }], 1000, 1.3, params);
    expect(r.feasible).toBe(false);
    expect(r.hallClockFractions).toEqual([params.minClockFraction]);
  });

  it("rejects a PUE below 1", () => {
    expect(() => facilityClockForPowerCapsW([], undefined, 0.9, params)).toThrow(
      /pue must be >= 1/,
    );
  });
});
