import { describe, expect, it } from "vitest";
import { DataCenter, type DataCenterConfig } from "../../src/datacenter/index.js";
import { Simulator } from "../../src/engine/index.js";
import { SeriesRecorder } from "../../src/metrics/index.js";
import { Streams } from "../../src/random/index.js";
import { FifoPolicy, PriorityPolicy, type SchedulerPolicy } from "../../src/schedulers/index.js";
import type { InferenceServiceConfig } from "../../src/workloads/index.js";

const pool = (name: string, count: number) => ({
  name,
  site: "s",
  siteKind: "cloud" as const,
  accelerator: "nvidia-h100-sxm",
  count,
});

function simulate(
  input: Omit<DataCenterConfig, "checkpointIntervalS" | "shocks"> & {
    checkpointIntervalS?: number;
  },
  policy: SchedulerPolicy = new FifoPolicy(),
) {
  const config: DataCenterConfig = { checkpointIntervalS: 3600, shocks: [], ...input };
  const sim = new Simulator();
  const series = new SeriesRecorder();
  const dc = new DataCenter(config, {
    sim,
    streams: new Streams(1),
    policy,
    series,
  });
  sim.run({ until: config.horizonS });
  dc.finish();
  return { dc, series };
}

/** A job stream of fixed jobs submitted at given times. */
function jobs(name: string, size: number, durationS: number, timesS: number[], pools: string[]) {
  return {
    name,
    accelerators: { kind: "constant" as const, value: size },
    work: {
      kind: "duration" as const,
      durationS: { kind: "constant" as const, value: durationS },
      clockSensitiveFraction: 1,
    },
    arrivals: { kind: "list" as const, timesS },
    pools,
    priority: 0,
  };
}

describe("DataCenter training", () => {
  it("preempts a lower-priority job, which restarts from its last checkpoint", () => {
    const low = { ...jobs("low", 8, 10_000, [0], ["p"]), priority: 0 };
    const high = { ...jobs("high", 8, 100, [5000], ["p"]), priority: 1 };
    const { dc } = simulate(
      {
        horizonS: 20_000,
        warmupS: 0,
        intervalS: 1000,
        pools: [{ ...pool("p", 8), scaleUpDomain: 8 }],
        ownedSites: [],
        physicsStepS: 300,
        training: [low, high],
        inference: [],
        checkpointIntervalS: 3600,
      },
      new PriorityPolicy(),
    );
    const [l, h] = dc.jobs;
    // Preempted at 5,000 s with 5,000 s done: keeps 3,600 (the last checkpoint), loses 1,400.
    expect([h.startS, h.endS]).toEqual([5000, 5100]);
    expect(l.restarts).toBe(1);
    expect(l.lostWorkS).toBe(1400);
    // Restarts at 5,100 s with 10,000 - 3,600 = 6,400 s to go.
    expect(l.endS).toBe(11_500);
  });

  it("keeps each scale-up-domain chunk whole: 6 free across two domains do not hold a 6", () => {
    const { dc } = simulate({
      horizonS: 100,
      warmupS: 0,
      intervalS: 10,
      pools: [{ ...pool("p", 8), scaleUpDomain: 4 }],
      ownedSites: [],
      physicsStepS: 300,
      training: [
        jobs("a", 1, 50, [0], ["p"]),
        jobs("b", 1, 50, [0], ["p"]),
        jobs("c", 6, 10, [1], ["p"]),
      ],
      inference: [],
    });
    // a and b go to the same domain by best fit (leaving a whole domain of 4 and 2 more): the 6
    // needs a whole domain of 4 plus 2 in another, which fits.
    const c = dc.jobs[2];
    expect(c.startS).toBe(1);
    const { dc: dc2 } = simulate({
      horizonS: 100,
      warmupS: 0,
      intervalS: 10,
      pools: [{ ...pool("p", 8), scaleUpDomain: 4 }],
      ownedSites: [],
      physicsStepS: 300,
      training: [
        jobs("a", 3, 50, [0], ["p"]),
        jobs("b", 3, 50, [0], ["p"]),
        jobs("c", 2, 10, [1], ["p"]),
      ],
      inference: [],
    });
    // Two 3s take one domain each (a 3 never straddles): 1 + 1 free, so a 2 must wait.
    expect(dc2.jobs[2].startS).toBe(50);
  });

  it("grows a pool that starts below one scale-up domain into whole domains", () => {
    // 2 accelerators of a 4-wide domain, then 6 delivered: a short domain filled, then a whole one.
    const { dc } = simulate({
      horizonS: 100,
      warmupS: 0,
      intervalS: 10,
      pools: [
        {
          ...pool("p", 2),
          scaleUpDomain: 4,
          deliveries: [{ atS: 10, count: 6, orderedCount: 6, late: false }],
        },
      ],
      ownedSites: [],
      physicsStepS: 300,
      training: [jobs("a", 4, 10, [20, 20], ["p"])],
      inference: [],
    });
    expect(dc.pools[0].domainSizes).toEqual([4, 4]);
    // Two 4s run side by side, one per domain (with domains of 2 neither could start).
    expect(dc.jobs.map((j) => j.startS)).toEqual([20, 20]);
  });

  it("gang-schedules FIFO with head-of-line blocking", () => {
    const { dc } = simulate({
      horizonS: 100,
      warmupS: 0,
      intervalS: 10,
      pools: [pool("p", 10)],
      ownedSites: [],
      physicsStepS: 300,
      training: [jobs("big", 6, 10, [0, 1], ["p"]), jobs("small", 2, 1, [2], ["p"])],
      inference: [],
    });
    // The small job would fit at t=2 (4 free) but waits behind the second big job.
    const log = dc.jobs.map((j) => `${j.workload}:${j.submitS}->${j.startS}-${j.endS}`);
    expect(log).toEqual(["big:0->0-10", "big:1->10-20", "small:2->10-11"]);
  });

  it("uses the first eligible pool with room, in the job's order", () => {
    const { dc } = simulate({
      horizonS: 50,
      warmupS: 0,
      intervalS: 10,
      pools: [pool("a", 4), pool("b", 8)],
      ownedSites: [],
      physicsStepS: 300,
      training: [jobs("j", 4, 5, [0, 0, 0], ["b", "a"])],
      inference: [],
    });
    expect(dc.jobs.map((j) => `${dc.pools[j.pool].name}@${j.startS}`)).toEqual([
      "b@0",
      "b@0",
      "a@0",
    ]);
  });

  it("integrates utilization exactly over each output interval", () => {
    const { series } = simulate({
      horizonS: 20,
      warmupS: 0,
      intervalS: 10,
      pools: [pool("p", 10)],
      ownedSites: [],
      physicsStepS: 300,
      training: [jobs("j", 5, 15, [0], ["p"])],
      inference: [],
    });
    const util = series.rows
      .filter((r) => r.metric === "utilization")
      .map((r) => [r.timeS, r.value]);
    expect(util).toEqual([
      [0, 0.5],
      [10, 0.25],
    ]);
  });

  it("counts jobs still waiting at the end and their waits so far", () => {
    const { dc } = simulate({
      horizonS: 30,
      warmupS: 0,
      intervalS: 10,
      pools: [pool("p", 4)],
      ownedSites: [],
      physicsStepS: 300,
      training: [jobs("j", 4, 100, [0, 5], ["p"])],
      inference: [],
    });
    expect(dc.pendingJobs().map((j) => j.id)).toEqual([1]);
    expect(dc.jobs[1].startS).toBeNaN();
  });
});

describe("DataCenter inference", () => {
  const service = (over: Partial<InferenceServiceConfig>): InferenceServiceConfig => ({
    name: "svc",
    pool: "p",
    replicas: 1,
    acceleratorsPerReplica: 2,
    concurrencyPerReplica: 2,
    arrivals: { kind: "list", timesS: [0, 0, 0, 1] },
    serviceTimeS: { kind: "constant", value: 4 },
    queueLimit: 10,
    ...over,
  });

  it("queues requests beyond the replica slots and serves them in order", () => {
    const { dc } = simulate({
      horizonS: 20,
      warmupS: 0,
      intervalS: 10,
      pools: [pool("p", 8)],
      ownedSites: [],
      physicsStepS: 300,
      training: [],
      inference: [service({ sloLatencyS: 5 })],
    });
    const s = dc.services[0];
    // Two start at 0 (done at 4); the third waits 4 s (done 8); the fourth arrives at 1,
    // starts at 4, done at 8.
    expect(Array.from(s.latencies.values())).toEqual([4, 4, 8, 7]);
    expect(s.completed).toBe(4);
    expect(s.sloMet).toBe(2);
  });

  it("drops arrivals when the queue is full", () => {
    const { dc } = simulate({
      horizonS: 20,
      warmupS: 0,
      intervalS: 10,
      pools: [pool("p", 8)],
      ownedSites: [],
      physicsStepS: 300,
      training: [],
      inference: [service({ queueLimit: 0 })],
    });
    expect(dc.services[0].dropped).toBe(2);
    expect(dc.services[0].completed).toBe(2);
  });

  it("reserves replica accelerators from training and counts them as allocated", () => {
    const { dc, series } = simulate({
      horizonS: 10,
      warmupS: 0,
      intervalS: 10,
      pools: [pool("p", 8)],
      ownedSites: [],
      physicsStepS: 300,
      training: [jobs("j", 8, 1, [0], ["p"])],
      inference: [service({ arrivals: { kind: "list", timesS: [] } })],
    });
    expect(dc.jobs[0].startS).toBeNaN(); // 8 > 8 - 2 reserved: never starts
    const alloc = series.rows.find((r) => r.metric === "allocation");
    expect(alloc?.value).toBe(0.25);
  });
});
