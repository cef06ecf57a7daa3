import { describe, expect, it } from "vitest";
import {
  ambientC,
  facilityPowerAtLoadW,
  facilityPowerW,
  loadPueParams,
  pueAt,
  pueAtLoad,
} from "../../../src/models/index.js";

const params = loadPueParams();
const START_MS = Date.UTC(2027, 0, 1);

describe("facility power and PUE", () => {
  it("multiplies IT power by PUE", () => {
    expect(facilityPowerW(500_000, 1.2)).toBe(600_000);
    expect(() => facilityPowerW(1, 0.9)).toThrow(/pue must be finite and >= 1/);
    expect(() => facilityPowerW(-1, 1.2)).toThrow(/itPowerW/);
  });

  it("keeps a fixed PUE at any temperature", () => {
    expect(pueAt({ model: "fixed", pue: 1.4 }, 45, params)).toBe(1.4);
  });

  it("holds the design PUE up to the free-cooling limit and rises above it", () => {
    const model = { model: "ambient", design: 1.2 } as const;
    const limit = params.freeCoolingMaxAmbientC;
    expect(pueAt(model, limit - 10, params)).toBe(1.2);
    expect(pueAt(model, limit, params)).toBe(1.2);
    expect(pueAt(model, limit + 10, params)).toBeCloseTo(1.2 + 10 * params.pueRisePerC, 12);
  });

  it("stays within the industry range (facts §4) on a 38 C day", () => {
    const pue = pueAt({ model: "ambient", design: 1.2 }, 38, params);
    expect(pue).toBeGreaterThan(1.2);
    expect(pue).toBeLessThan(1.58);
  });
});

describe("ambientC", () => {
  const profile = { meanC: 24, dailySwingC: 8 };

  it("peaks at the default local hour and bottoms out 12 hours later", () => {
    const peakS = params.ambientPeakHourLocal * 3600;
    expect(ambientC(peakS, START_MS, profile, params)).toBeCloseTo(28, 9);
    expect(ambientC(peakS + 12 * 3600, START_MS, profile, params)).toBeCloseTo(20, 9);
    expect(ambientC(peakS + 6 * 3600, START_MS, profile, params)).toBeCloseTo(24, 9);
  });

  it("repeats daily and follows the site's UTC offset", () => {
    const p = { ...profile, peakHourLocal: 14, utcOffsetH: -5 };
    // 14:00 local at UTC-5 is 19:00 UTC.
    expect(ambientC(19 * 3600, START_MS, p, params)).toBeCloseTo(28, 9);
    expect(ambientC(19 * 3600 + 86_400 * 30, START_MS, p, params)).toBeCloseTo(28, 9);
  });

  it("rejects a negative swing", () => {
    expect(() => ambientC(0, START_MS, { meanC: 20, dailySwingC: -1 }, params)).toThrow(
      /dailySwingC/,
    );
  });
});

describe("PUE at partial load", () => {
  const params = { fixedOverheadShare: 0.3 };

  it("equals the design PUE at design load and rises as load falls", () => {
    expect(pueAtLoad(1.2, 1, params)).toBeCloseTo(1.2, 12);
    // 1 + 0.2 x (0.3 / 0.5 + 0.7) = 1.26
    expect(pueAtLoad(1.2, 0.5, params)).toBeCloseTo(1.26, 12);
    expect(pueAtLoad(1.2, 0.25, params)).toBeGreaterThan(pueAtLoad(1.2, 0.5, params));
  });

  it("keeps the fixed overhead at zero IT power and agrees with pueAtLoad above it", () => {
    expect(facilityPowerAtLoadW(0, 1.2, 1e6, params)).toBeCloseTo(0.2 * 0.3 * 1e6, 6);
    for (const it of [1e5, 5e5, 1e6]) {
      expect(facilityPowerAtLoadW(it, 1.2, 1e6, params)).toBeCloseTo(
        it * pueAtLoad(1.2, it / 1e6, params),
        6,
      );
    }
    expect(facilityPowerAtLoadW(2e6, 1.2, 1e6, params)).toBeCloseTo(2.4e6, 6);
  });

  it("rejects a PUE below 1 and a non-positive load", () => {
    expect(() => pueAtLoad(0.9, 1, params)).toThrow(/pue/);
    expect(() => pueAtLoad(1.2, 0, params)).toThrow(/loadFraction/);
  });

  it("is read from pue.yaml with a basis", () => {
    expect(loadPueParams().fixedOverheadShare).toBeGreaterThan(0);
  });
});
