import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  GPU_DURATION_LOG_MU,
  GPU_DURATION_LOG_SIGMA,
  GPU_JOB_SIZE_PROBS,
  GPU_JOB_SIZES,
  gpuMeanJobSize,
  runGpu,
  type GpuResult,
} from "../../src/cli/bench/gpu.js";
import { categorical, Streams } from "../../src/random/index.js";
import { FifoPolicy } from "../../src/schedulers/fifo.js";

/**
 * The same model written out by hand, as the SimPy peer does: strict FIFO head-of-line gang
 * scheduling over a sorted list of departures, with the bench's random streams. Returns the waits
 * in start order.
 */
function referenceWaits(jobs: number, seed: number, pool = 1024, load = 0.8): number[] {
  const s = new Streams(seed);
  const arrivals = s.get("gpu/arrivals");
  const sizes = s.get("gpu/sizes");
  const durations = s.get("gpu/durations");
  const sampler = categorical(GPU_JOB_SIZE_PROBS);
  const lambda = (load * pool) / (gpuMeanJobSize() * Math.exp(0.5));
  // Arrival times first (the bench draws the next gap before the job's size and duration).
  const jobsIn: { t: number; k: number; d: number }[] = [];
  let t = arrivals.exponential(lambda);
  for (let i = 0; i < jobs; i++) {
    const next = i + 1 < jobs ? arrivals.exponential(lambda) : 0;
    const k = GPU_JOB_SIZES[sampler.sample(sizes)];
    const d = durations.lognormal(GPU_DURATION_LOG_MU, GPU_DURATION_LOG_SIGMA);
    jobsIn.push({ t, k, d });
    t += next;
  }
  const waits: number[] = [];
  let free = pool;
  const ends: { at: number; k: number }[] = [];
  const queue: typeof jobsIn = [];
  const startHead = (now: number): void => {
    while (queue.length > 0 && queue[0].k <= free) {
      const j = queue.shift()!;
      free -= j.k;
      waits.push(now - j.t);
      ends.push({ at: now + j.d, k: j.k });
      ends.sort((a, b) => a.at - b.at);
    }
  };
  for (const j of jobsIn) {
    while (ends.length > 0 && ends[0].at <= j.t) {
      const e = ends.shift()!;
      free += e.k;
      startHead(e.at);
    }
    queue.push(j);
    startHead(j.t);
  }
  while (ends.length > 0) {
    const e = ends.shift()!;
    free += e.k;
    startHead(e.at);
  }
  return waits;
}

describe("bench gpu", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

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

  it("is decided by the real FifoPolicy, once per arrival and departure", () => {
    const spy = vi.spyOn(FifoPolicy.prototype, "schedule");
    runGpu({ jobs: 2_000, seed: 5 });
    expect(spy).toHaveBeenCalledTimes(4_000);
  });

  it("gives the waits of a hand-written FIFO of the same model", () => {
    const waits = referenceWaits(5_000, 2);
    const mean = waits.reduce((a, b) => a + b, 0) / waits.length;
    const r2 = runGpu({ jobs: 5_000, seed: 2 });
    expect(waits.length).toBe(5_000);
    expect(r2.meanWaitS).toBeCloseTo(mean, 9);
    expect(r2.pWait).toBe(waits.filter((w) => w > 0).length / waits.length);
  });

  it("throws a RangeError on a pool smaller than the largest job or a bad load", () => {
    expect(() => runGpu({ accelerators: 255 })).toThrow(/accelerators/);
    expect(() => runGpu({ load: 1.2 })).toThrow(/load/);
  });
});
