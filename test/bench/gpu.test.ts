import { beforeAll, describe, expect, it } from "vitest";
import { gpuMeanJobSize, runGpu, type GpuResult } from "../../src/cli/bench/gpu.js";

describe("bench gpu", () => {
  // 100 k jobs (~0.05 s). Utilization over the arrival span is about the realized offered load,
  // sum(k d) / (1024 T): the work per job has CV^2 = E[k^2] E[d^2] / (E[k] E[d])^2 - 1 = 18.4, so
  // its relative sd is sqrt((18.4 + 1) / n) = 1.4% at n = 100 k, i.e. 0.011 around 0.8. The
  // tolerance 0.04 is ~3.6 sd (seeds 1-6 gave 0.785-0.811).
  let r: GpuResult;
  beforeAll(() => {
    r = runGpu({ jobs: 100_000, seed: 1 });
  });

  it("keeps utilization near the offered load 0.8", () => {
    expect(Math.abs(r.utilization - 0.8)).toBeLessThan(0.04);
  });

  it("derives lambda from the offered load as the SimPy peer does", () => {
    expect(gpuMeanJobSize()).toBeCloseTo(15.22, 12);
    expect(r.lambda).toBeCloseTo(32.645855219224, 9);
  });

  it("makes some jobs wait and reports a CI", () => {
    expect(r.pWait).toBeGreaterThan(0.2);
    expect(r.pWait).toBeLessThan(0.8);
    expect(r.meanWaitS).toBeGreaterThan(0);
    expect(r.ciHalfWidthS).toBeGreaterThan(0);
  });

  it("counts 2 model events per job, the same as the engine fired", () => {
    expect(r.events).toBe(200_000);
    expect(r.engineEvents).toBe(r.events);
  });

  it("is deterministic for a seed", () => {
    const a = runGpu({ jobs: 20_000, seed: 3 });
    const b = runGpu({ jobs: 20_000, seed: 3 });
    expect(b.meanWaitS).toBe(a.meanWaitS);
    expect(b.utilization).toBe(a.utilization);
    expect(runGpu({ jobs: 20_000, seed: 4 }).meanWaitS).not.toBe(a.meanWaitS);
  });

  it("throws a RangeError on a pool smaller than the largest job or a bad load", () => {
    expect(() => runGpu({ accelerators: 255 })).toThrow(/accelerators/);
    expect(() => runGpu({ load: 1.2 })).toThrow(/load/);
  });
});
