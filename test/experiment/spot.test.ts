// Spot capacity: cheaper accelerator-hours, reclaims that interrupt jobs (issue 7).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simulateSummary } from "../../src/experiment/run.js";

const tmp = mkdtempSync(join(tmpdir(), "aidcsim-spot-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const experiment = (pool: string) => `name: spot
seed: 5
start: 2026-01-01T00:00Z
horizon: 30d
output: { interval: 1d }
sites: [{ name: c, cloud: {} }]
pools:
  - { name: p, site: c, accelerator: nvidia-h100-sxm, count: 256, ${pool} }
workloads:
  training:
    - name: j
      accelerators: { choice: [32, 64] }
      duration: { lognormal: { median: 12h, sigma: 0.8 } }
      arrivals: { poisson: { perDay: 10 }, until: 20d }
`;
function write(pool: string): string {
  const file = join(tmp, `s${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, experiment(pool));
  return file;
}
type S = {
  pools: { p: Record<string, number | null> };
  training: Record<string, number | null> & { interruptionsByCause: Record<string, number> };
};
const run = (pool: string) => simulateSummary(write(pool)) as unknown as S;

describe("spot pools", () => {
  const calm = run("purchase: spot, spot: { reclaimsPerNodeDay: 0 }");
  const rough = run("purchase: spot, spot: { reclaimsPerNodeDay: 0.2, returnAfter: 1h }");
  const onDemand = run("purchase: on-demand");

  it("pays the spot price for allocated hours (H100 $25.5/h per 8 GPUs, pre-cut snapshot)", () => {
    expect(calm.pools.p.usdPerAllocatedHour).toBeCloseTo(3.1875, 12);
    expect(onDemand.pools.p.usdPerAllocatedHour).toBeCloseTo(6.88, 12);
    // Same jobs, same schedule without reclaims: the cost ratio is the price ratio.
    expect(calm.pools.p.costUsd! / onDemand.pools.p.costUsd!).toBeCloseTo(3.1875 / 6.88, 9);
  });

  it("takes the spot price as an estimate that experiments and sweeps can move in its range", () => {
    const file = write("purchase: spot, spot: { reclaimsPerNodeDay: 0 }");
    const high = simulateSummary(file, [
      "estimates={ prices/spot/nvidia-h100-sxm: high }",
    ]) as unknown as S;
    expect(high.pools.p.usdPerAllocatedHour).toBeCloseTo(3.75, 12);
  });

  it("reclaims nodes at the given rate: 32 nodes x 0.2 per day x 30 days = 192 expected", () => {
    // Poisson: sd 13.9; a fixed seed, so this is exact for it, and 4 sd wide.
    expect(Math.abs(rough.pools.p.spotReclaims! - 192)).toBeLessThan(56);
    expect(calm.pools.p.spotReclaims).toBe(0);
    expect(onDemand.pools.p.spotReclaims).toBeNull();
  });

  it("interrupts the jobs on reclaimed nodes: lost work, lower goodput, later finishes", () => {
    expect(rough.training.interruptionsByCause["spot-reclaim"]).toBeGreaterThan(0);
    expect(rough.training.interruptions).toBe(rough.training.interruptionsByCause["spot-reclaim"]);
    expect(rough.training.lostAcceleratorHours).toBeGreaterThan(0);
    expect(rough.training.goodput).toBeLessThan(1);
    expect(calm.training.interruptions).toBe(0);
    expect(calm.training.goodput).toBeCloseTo(1, 9);
    expect(rough.training.meanSlowdown!).toBeGreaterThan(calm.training.meanSlowdown!);
  });

  it("refuses spot without a reclaim rate, and spot at an owned site (exit 2)", async () => {
    for (const [pool, message] of [
      ["purchase: spot", /pools\.0\.spot: a spot pool needs spot: \{ reclaimsPerNodeDay \}/],
      ["spot: { reclaimsPerNodeDay: 1 }", /pools\.0\.spot: spot: goes with purchase: spot/],
    ] as const) {
      const { code, err } = await runCli("validate", write(pool));
      expect(code).toBe(2);
      expect(err).toMatch(message);
    }
  });
});
