// Retirements at end of life (issue 7, procurement): capacity leaves, busy accelerators when free.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulateSummary } from "../../src/experiment/run.js";

const PLAN = join(__dirname, "..", "..", "experiments", "blackwell-plan.yaml");
type S = {
  pools: Record<string, Record<string, number>>;
  training: Record<string, number>;
  supply: Record<string, number | null>;
};
const run = (sets: string[] = []) => simulateSummary(PLAN, sets) as unknown as S;

describe("retirements", () => {
  const plan = run();

  it("listed retirements take capacity out, busy accelerators as they come free", () => {
    const r = run(["pools.0.retirements=[{ at: 60d, count: 128 }]"]);
    expect(r.supply.acceleratorsRetired).toBe(128);
    expect(plan.supply.acceleratorsRetired).toBeNull();
    // At best all 128 leave on day 60; busy ones leave later, so the average is at least that.
    const earliest = (256 * 60 + 128 * 120) / 180;
    expect(r.pools.h100.acceleratorsAvg).toBeGreaterThanOrEqual(earliest - 1e-9);
    expect(r.pools.h100.acceleratorsAvg).toBeLessThan(256);
    expect(r.pools.h100.utilization).toBeLessThanOrEqual(1);
  });

  it("a service life retires the starting count and each delivery after it enters service", () => {
    // B200: 8 at the start, 128 in service at 37, 67 and 97 days (a week of burn-in); life 90 days:
    // the 8 go at 90 days, the first two deliveries at 127 and 157 days, the third after the horizon.
    const r = run(["pools.1.life=90d"]);
    expect(r.supply.acceleratorsRetired).toBe(8 + 128 + 128);
    expect(r.pools.b200.acceleratorsAvg).toBeLessThan(plan.pools.b200.acceleratorsAvg);
    // Starting accelerators already 80 days old retire at day 10.
    const old = run(["pools.1.life=90d", "pools.1.ageAtStart=80d"]);
    expect(old.supply.acceleratorsRetired).toBe(8 + 128 + 128);
    expect(old.pools.b200.acceleratorsAvg).toBeLessThan(r.pools.b200.acceleratorsAvg);
  });

  it("refuses ageAtStart without a life", () => {
    expect(() => run(["pools.1.ageAtStart=10d"])).toThrow(
      /pools\.1\.ageAtStart: ageAtStart goes with life/,
    );
  });

  it("cannot retire more than is installed", () => {
    const r = run(["pools.0.retirements=[{ at: 10d, count: 200 }, { at: 20d, count: 200 }]"]);
    expect(r.supply.acceleratorsRetired).toBe(256);
    // All H100 gone by about day 20 (busy ones when their jobs end): jobs wait for the B200s.
    expect(r.pools.h100.acceleratorsAvg).toBeLessThan((256 * 25) / 180);
    expect(r.training.meanWaitS).toBeGreaterThan(plan.training.meanWaitS);
  });

  const fixture = (name: string) =>
    simulateSummary(join(__dirname, "..", "fixtures", "retire", `${name}.yaml`)) as unknown as S & {
      warnings: string[];
    };

  it("retires the accelerators that are due, not newer ones that happen to be free", () => {
    // 8 H100 with a 2-day life (busy with a 3-day job from 2 h) and 8 delivered at day 1: the
    // second job (50 h) runs on the delivered 8; the due 8 leave when the long job ends.
    const s = fixture("retire-order");
    expect(s.training.jobsCompleted).toBe(2);
    expect(s.training.jobsPendingAtEnd).toBe(0);
    expect(s.supply.acceleratorsRetired).toBe(16); // the delivered 8 reach their life at day 3
  });

  it("rejects queued and new jobs no eligible pool can hold after retirements (no FIFO block)", () => {
    const s = fixture("retire-block");
    expect(s.training.jobsPendingAtEnd).toBe(0);
    expect(s.training.jobsRejected).toBeGreaterThan(0);
    expect(s.warnings.join("\n")).toMatch(/once retirements took the room/);
  });
});

describe("spot reclaims follow the installed count", () => {
  it("redraws the reclaim rate when deliveries arrive (8 then 808 accelerators)", () => {
    // 101 nodes x 0.2 per node-day x ~10 days = ~202 expected (sd 14); with the rate frozen at
    // the starting node, about 2.
    const s = simulateSummary(
      join(__dirname, "..", "fixtures", "retire", "spot-grow.yaml"),
    ) as unknown as S;
    expect(s.pools.p.spotReclaims).toBeGreaterThan(150);
    expect(s.pools.p.spotReclaims).toBeLessThan(260);
  });
});
