// Procurement at owned sites: deliveries draw power from arrival (full load during burn-in),
// enter service after it, and retirements take their power away; capex follows in-service hours.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulateFile } from "../helpers/simulate.js";
import { catalog } from "../../src/experiment/run.js";
import { physicsFactory } from "../../src/experiment/physics-wiring.js";
import { depreciationUsd, loadPrices } from "../../src/models/index.js";
import { simulateSummary } from "../../src/experiment/run.js";
import { InputError } from "../../src/experiment/problems.js";

const FIXTURES = join(__dirname, "..", "fixtures", "owned");
const DAY = 86_400;
const h100 = physicsFactory(catalog()).pool("nvidia-h100-sxm", "air");
const itW = (count: number, busy: number) => h100.itPowerW(count, busy, 0, 1);

describe("procurement at owned sites", () => {
  const buildout = join(FIXTURES, "buildout.yaml");

  it("draws idle power for what is installed and full power for what burns in", () => {
    const { dc } = simulateFile(buildout);
    const site = dc.sites[0];
    // 8 idle; + 8 burning in (day 1); 16 idle (day 2); 12 idle after 4 retire (day 3).
    const expectedJ = DAY * (itW(8, 0) + itW(16, 8) + itW(16, 0) + itW(12, 0));
    expect(site.itPowerW.areaAt(4 * DAY)).toBeCloseTo(expectedJ, 0);
    expect(site.itPowerW.max).toBeCloseTo(itW(16, 8), 6);
    expect(site.itPowerW.current).toBeCloseTo(itW(12, 0), 6);
    expect(itW(16, 8)).toBeGreaterThan(itW(16, 0)); // burn-in is not idle
    expect(dc.delivered).toBe(8);
    expect(dc.retired).toBe(4);
  });

  it("depreciates owned accelerators over their in-service hours only", () => {
    const s = simulateSummary(buildout) as {
      pools: Record<string, { costUsd: number; acceleratorsAvg: number }>;
    };
    const prices = loadPrices();
    // In service: 8 (days 0-2, burn-in excluded), 16 (day 2), 12 (day 3).
    const accS = (8 + 8 + 16 + 12) * DAY;
    expect(s.pools.h100.acceleratorsAvg).toBe(11);
    expect(s.pools.h100.costUsd).toBeCloseTo(
      depreciationUsd(accS, prices.owned["nvidia-h100-sxm"]!, prices.lifeYears, 1),
      6,
    );
  });

  it("moves the power step with a delivery-delay shock", () => {
    const { dc } = simulateFile(buildout, [
      'shocks=[{"type":"delivery-delay","accelerator":"nvidia-h100-sxm","delay":"1d"}]',
    ]);
    // Burn-in now on day 2 and in service on day 3, when 4 retire at once: 12 idle.
    const expectedJ = DAY * (itW(8, 0) + itW(8, 0) + itW(16, 8) + itW(12, 0));
    expect(dc.sites[0].itPowerW.areaAt(4 * DAY)).toBeCloseTo(expectedJ, 0);
  });

  it("makes running work pay for burn-in under a grid cap", () => {
    const capped = join(FIXTURES, "capped.yaml");
    const withBurnIn = simulateFile(capped);
    const later = simulateFile(capped, ["pools.0.deliveries.0.at=10d"]); // after the horizon
    const capW = withBurnIn.config.ownedSites[0].powerCapW!;
    const site = withBurnIn.dc.sites[0];
    expect(site.facilityPowerW.max).toBeLessThanOrEqual(capW * (1 + 1e-9));
    // The cap binds for exactly the 12 h of burn-in, and the job runs longer.
    expect(site.capBinding.areaAt(2 * DAY)).toBeCloseTo(12 * 3600, 3);
    expect(later.dc.sites[0].capBinding.max).toBe(0);
    const run = (w: typeof later) => w.dc.jobs[0].endS - w.dc.jobs[0].startS;
    expect(run(later)).toBe(DAY);
    expect(run(withBurnIn)).toBeGreaterThan(DAY + 3600);
  });

  it("refuses a hall whose idle power deliveries would take over its budget, not one they fit", () => {
    // Idle: 8 H100 about 2.4 kW, 16 about 4.9 kW; the hall gets 4 kW.
    let err: unknown;
    try {
      simulateFile(buildout, ["sites.0.halls.0.powerMW=0.004"]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect(String((err as Error).message)).toMatch(
      /idle IT power of 0\.005 MW from day 1, after deliveries/,
    );
    // The same delivery after the first 8 retire (at 12 h) fits.
    const ok = simulateFile(buildout, [
      "sites.0.halls.0.powerMW=0.004",
      "pools.0.retirements.0.at=12h",
      "pools.0.retirements.0.count=8",
    ]);
    expect(ok.dc.retired).toBe(8);
  });

  it("counts the throttled share over accelerators in service, not those burning in", () => {
    const { dc } = simulateFile(join(FIXTURES, "hot.yaml"));
    const power = dc.poolPower(0)!;
    // Day 1: 800 burn in and heat the hall; the 8 in service are the ones throttled.
    expect(power.throttled.max).toBe(8);
    const s = simulateSummary(join(FIXTURES, "hot.yaml")) as {
      pools: Record<string, { throttledFraction: number }>;
    };
    expect(s.pools.h100.throttledFraction).toBeGreaterThan(0);
    expect(s.pools.h100.throttledFraction).toBeLessThanOrEqual(1);
  });

  it("charges each hold at the rate of the pool it ran in: training absorbs the whole cost", () => {
    // owned-buildout: jobs restart after failures, some in the other pool (B200 vs H100 rates).
    const s = simulateSummary(
      join(__dirname, "..", "..", "experiments", "owned-buildout.yaml"),
    ) as {
      training: { costUsd: number; interruptions: number };
      cost: { totalUsd: number };
    };
    expect(s.training.interruptions).toBeGreaterThan(0);
    expect(s.training.costUsd / s.cost.totalUsd).toBeCloseTo(1, 9);
  });

  it("records the outdoor temperature as each interval's mean, not a sample at its end", () => {
    // owned-buildout: mean 15 C, daily swing 8 C, daily output: every day's mean is 15 C.
    const { series } = simulateFile(
      join(__dirname, "..", "..", "experiments", "owned-buildout.yaml"),
    );
    const days = series.rows.filter((r) => r.metric === "ambientC");
    expect(days.length).toBe(180);
    for (const r of days) expect(r.value).toBeCloseTo(15, 3);
  });
});
