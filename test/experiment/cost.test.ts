// Cost rules (issue 7, line 1): depreciation, energy at the tariff, cloud hours, no cloud energy.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadPrices } from "../../src/models/index.js";
import { simulateSummary } from "../../src/experiment/run.js";

const tmp = mkdtempSync(join(tmpdir(), "aidcsim-cost-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const prices = loadPrices();

function run(yaml: string) {
  const file = join(tmp, `e${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml);
  return simulateSummary(file) as {
    pools: Record<string, { costUsd: number | null }>;
    cost: Record<string, number | null>;
    facility: Record<string, number | null>;
  };
}

const JOBS = `workloads:
  training:
    - name: j
      accelerators: 8
      duration: 100h
      arrivals: { at: [0, 200h] }
`;

describe("cost", () => {
  const owned = run(`name: owned
seed: 1
start: 2027-01-01T00:00Z
horizon: 365d
output: { interval: 1d }
sites:
  - name: campus
    owned: { usdPerKWh: 0.1 }
    halls: [{ name: h, cooling: air, powerMW: 0.1 }]
pools: [{ name: p, site: campus, hall: h, accelerator: nvidia-h100-sxm, count: 16 }]
${JOBS}`);

  it("depreciates an owned pool: count x price / life over one year (within 0.1%)", () => {
    const expected = (16 * prices.owned["nvidia-h100-sxm"]) / prices.lifeYears;
    expect(Math.abs(owned.pools.p.costUsd! / expected - 1)).toBeLessThan(0.001);
    const facility = (0.1 * prices.facilityUsdPerMW) / prices.facilityLifeYears;
    expect(owned.cost.capexUsd).toBeCloseTo(expected + facility, 6);
  });

  it("charges energy at the tariff exactly, and carbon at the intensity", () => {
    const kWh = owned.facility.facilityEnergyKWh!;
    expect(owned.cost.energyUsd).toBe(kWh * 0.1);
    expect(owned.cost.carbonT).toBeCloseTo((kWh * prices.carbonKgPerKWh) / 1000, 9);
    expect(owned.cost.totalUsd).toBeCloseTo(owned.cost.capexUsd! + owned.cost.energyUsd!, 6);
  });

  const cloud = (purchase: string) =>
    run(`name: cloud
seed: 1
start: 2026-01-01T00:00Z
horizon: 30d
output: { interval: 1d }
sites: [{ name: c, cloud: {} }]
pools: [{ name: p, site: c, accelerator: nvidia-h100-sxm, count: 16, purchase: ${purchase} }]
${JOBS}`);

  it("charges a reserved pool every provisioned hour, an on-demand one its allocated hours", () => {
    const reserved = cloud("reserved");
    expect(reserved.pools.p.costUsd).toBeCloseTo(
      16 * 30 * 24 * prices.reserved["nvidia-h100-sxm"],
      6,
    );
    const onDemand = cloud("on-demand");
    // One 8-GPU job of 100 h falls in the 30 days (the second starts at 200 h and runs to 300 h).
    const hours = 8 * 200;
    expect(onDemand.pools.p.costUsd).toBeCloseTo(hours * 6.88, 6); // the price after June 2025
    // Neither job waits and nothing slows them: job completion time is the 100 h run time.
    expect(
      (onDemand as unknown as { training: Record<string, number> }).training.meanCompletionTimeS,
    ).toBe(100 * 3600);
  });

  it("adds no facility energy for cloud pools", () => {
    const onDemand = cloud("on-demand");
    expect(onDemand.facility.facilityEnergyKWh).toBeNull();
    expect(onDemand.cost.energyUsd).toBe(0);
    expect(onDemand.cost.carbonT).toBe(0);
  });

  it("charges on-demand hours at the price in force when they ran (the June 2025 cut mid-run)", () => {
    // 16 H100 busy from 2025-05-25 to 2025-06-08: 7 days at $12.29, then 7 days at $6.88.
    const s = run(`name: cut
seed: 1
start: 2025-05-25T00:00Z
horizon: 14d
output: { interval: 1d }
sites: [{ name: c, cloud: {} }]
pools: [{ name: p, site: c, accelerator: nvidia-h100-sxm, count: 16 }]
workloads:
  training:
    - { name: j, accelerators: 16, duration: 30d, arrivals: { at: [0] } }
`);
    expect(s.pools.p.costUsd).toBeCloseTo(16 * 7 * 24 * (12.29 + 6.88), 6);
  });
});
