// Shocks overlaid on a baseline move results in the expected direction (issue 7, line 2, part).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { simulateSummary } from "../../src/experiment/run.js";

const tmp = mkdtempSync(join(tmpdir(), "aidcsim-shock-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const BASE = `name: shock
seed: 4
start: 2027-07-01T00:00Z
horizon: 4d
output: { interval: 1h }
sites:
  - name: campus
    owned: { pue: 1.2 }
    halls: [{ name: air-1, cooling: air, powerMW: 1, supplyC: 22 }]
pools: [{ name: h100, site: campus, hall: air-1, accelerator: nvidia-h100-sxm, count: 256 }]
workloads:
  training:
    - name: jobs
      accelerators: 64
      duration: 10h
      arrivals: { poisson: { perDay: 12 } }
`;

type S = {
  facility: Record<string, number>;
  cost: Record<string, number>;
  pools: Record<string, Record<string, number>>;
  training: Record<string, number>;
};
function run(shocks: string): S {
  const file = join(tmp, `s${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, BASE + shocks);
  return simulateSummary(file) as unknown as S;
}

describe("shocks", () => {
  const base = run("");

  it("grid cap: a cap from a date holds peak power to it and binds from then on", () => {
    const capped = run("shocks: [{ type: grid-cap, site: campus, capMW: 0.25, from: 0 }]\n");
    const later = run("shocks: [{ type: grid-cap, site: campus, capMW: 0.25, from: 2d }]\n");
    expect(base.facility.peakPowerMW).toBeGreaterThan(0.25);
    expect(capped.facility.peakPowerMW).toBeLessThan(base.facility.peakPowerMW);
    expect(capped.facility.peakPowerMW).toBeLessThanOrEqual(0.25 + 1e-9);
    expect(capped.facility.powerCapHitFraction).toBeGreaterThan(0);
    // From day 2 only: the cap binds for less of the run, and work finishes later than without.
    expect(later.facility.powerCapHitFraction).toBeGreaterThan(0);
    expect(later.facility.powerCapHitFraction).toBeLessThan(capped.facility.powerCapHitFraction);
    expect(base.facility.powerCapHitFraction).toBe(0);
  });

  it("electricity price: a 3x price for a day raises energy cost, not energy", () => {
    const spike = run(
      "shocks: [{ type: electricity-price, multiplier: 3, from: 1d, until: 2d }]\n",
    );
    expect(spike.facility.facilityEnergyKWh).toBe(base.facility.facilityEnergyKWh);
    expect(spike.cost.energyUsd).toBeGreaterThan(base.cost.energyUsd * 1.3);
    expect(spike.cost.energyUsd).toBeLessThan(base.cost.energyUsd * 3);
  });

  it("cooling failure: hotter supply for a day raises temperatures and throttling", () => {
    const hot = run(
      "shocks: [{ type: cooling-failure, site: campus, hall: air-1, plusC: 15, from: 1d, until: 2d }]\n",
    );
    expect(hot.pools.h100.maxTempC).toBeGreaterThan(base.pools.h100.maxTempC);
    expect(hot.pools.h100.throttledFraction).toBeGreaterThan(base.pools.h100.throttledFraction);
  });
});
